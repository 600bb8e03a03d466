//! 地域資源マップ: where the activities are. `bbox` and `points` are the data
//! side (the visible area, and the points or server-made clusters in it);
//! `leaflet` is the thin binding to Leaflet (served from our own site); the
//! page shares its filters and URL query with the list.
pub mod bbox;
#[cfg(feature = "hydrate")]
mod leaflet;
mod page;
pub mod points;

pub use page::MapPage;

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
}

#[server(endpoint = "map/settings")]
pub async fn load_map_settings() -> Result<MapSettings, AppError> {
    let db = expect_context::<crate::db::Db>();
    let public = expect_context::<crate::config::PublicConfig>();
    let (s, n, w, e): (Option<f64>, Option<f64>, Option<f64>, Option<f64>) =
        sqlx::query_as("SELECT MIN(latitude), MAX(latitude), MIN(longitude), MAX(longitude) FROM districts").fetch_one(db.pool()).await?;
    let town = match (s, n, w, e) {
        (Some(s), Some(n), Some(w), Some(e)) => bbox::BBox::new(w - 0.01, s - 0.01, e + 0.01, n + 0.01).map_err(|_| AppError::Internal)?,
        _ => bbox::BBox::new(122.0, 24.0, 146.0, 46.0).map_err(|_| AppError::Internal)?,
    };
    Ok(MapSettings { tile_url: public.tile_url.clone(), attribution: public.tile_attribution.clone(), town_bbox: town.to_param() })
}

/// The listings matching `query` inside `bbox` (the same as
/// `GET /api/map/points`), for the page and its text list.
#[server(endpoint = "map/visible")]
pub async fn visible_places(query: ActivityQuery, bbox: String) -> Result<MapPoints, AppError> {
    let catalogue = expect_context::<std::sync::Arc<crate::activities::catalogue::Catalogue>>();
    let db = expect_context::<crate::db::Db>();
    let b = bbox::BBox::parse(&bbox).map_err(|p| AppError::Invalid(p.message(false).into()))?;
    catalogue.map_points(&db, &query, &b).await
}
