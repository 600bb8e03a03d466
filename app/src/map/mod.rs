//! 地域資源マップ: where the activities are. `bbox` and `points` are the data
//! side (the visible area, and the points or server-made clusters in it);
//! `leaflet` is the thin binding to Leaflet (served from our own site); the
//! page shares its filters and URL query with the list.
pub mod bbox;
#[cfg(feature = "hydrate")]
pub(crate) mod leaflet;
pub mod markers;
pub mod points;


use crate::activities::query::ActivityQuery;
use crate::error::AppError;
use leptos::prelude::*;
use points::MapPoints;
use serde::{Deserialize, Serialize};

/// What the map page needs besides the points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapSettings {
    pub tile_url: String,
    pub attribution: String,
    /// The whole town (`west,south,east,north`): the first view.
    pub town_bbox: String,
    /// Whether the tile server answers CORS requests (OpenStreetMap does), so
    /// the service worker may keep viewed tiles; `TSUNAGU_TILE_CORS=0` if not.
    #[serde(default)]
    pub tile_cors: bool,
}

// GET (not POST) so the service worker can keep the last answers for offline use
#[server(endpoint = "map/settings", input = leptos::server_fn::codec::GetUrl)]
pub async fn load_map_settings() -> Result<MapSettings, AppError> {
    let db = expect_context::<crate::db::Db>();
    let public = expect_context::<crate::config::PublicConfig>();
    // the districts and every place on the map (so none starts off-screen)
    let (s, n, w, e): (Option<f64>, Option<f64>, Option<f64>, Option<f64>) = sqlx::query_as(
        "SELECT MIN(lat), MAX(lat), MIN(lon), MAX(lon) FROM (
            SELECT latitude AS lat, longitude AS lon FROM districts
            UNION ALL
            SELECT l.latitude, l.longitude FROM locations l
            WHERE l.latitude IS NOT NULL AND l.id IN (
                SELECT location_id FROM activities WHERE status <> 'ended'
                UNION SELECT location_id FROM resources WHERE status = 'published')
        ) AS places",
    )
    .fetch_one(db.pool())
    .await?;
    let town = match (s, n, w, e) {
        (Some(s), Some(n), Some(w), Some(e)) => bbox::BBox::new(w - 0.01, s - 0.01, e + 0.01, n + 0.01).map_err(|_| AppError::Internal)?,
        _ => bbox::BBox::new(122.0, 24.0, 146.0, 46.0).map_err(|_| AppError::Internal)?,
    };
    let tile_cors = std::env::var("TSUNAGU_TILE_CORS").map(|v| v != "0").unwrap_or(true);
    Ok(MapSettings { tile_url: public.tile_url.clone(), attribution: public.tile_attribution.clone(), town_bbox: town.to_param(), tile_cors })
}

/// The listings matching `query` inside `bbox` (the same as
/// `GET /api/map/points`), for the page and its text list.
#[server(endpoint = "map/visible", input = leptos::server_fn::codec::GetUrl)]
pub async fn visible_places(query: ActivityQuery, bbox: String) -> Result<MapPoints, AppError> {
    let catalogue = expect_context::<std::sync::Arc<crate::activities::catalogue::Catalogue>>();
    let db = expect_context::<crate::db::Db>();
    let b = bbox::BBox::parse(&bbox).map_err(|p| AppError::Invalid(p.message(false).into()))?;
    find(&db, &catalogue, &query, &b).await
}

/// Activities matching `q` and the other resources (unless `res=none`;
/// filtered by kind, district and words) inside `bbox`, clustered together
/// when there are many.
#[cfg(feature = "ssr")]
pub async fn find(db: &crate::db::Db, catalogue: &crate::activities::catalogue::Catalogue, q: &ActivityQuery, bbox: &bbox::BBox) -> Result<MapPoints, AppError> {
    let others = match q.res.as_str() {
        "none" => Vec::new(),
        kind => crate::resources::db::in_box(db, bbox, crate::resources::model::ResourceKind::parse(kind), &q.district, &q.q).await?,
    };
    catalogue.map_points(db, q, bbox, others).await
}
