//! The map's data route:
//!
//! - `GET /api/map/points?bbox=west,south,east,north&<the list's filters>&lang=ja|en`
//!   — the matching listings (and, unless `res=none`, the other resources:
//!   `res=<kind>` for one kind) inside the box as compact points, or grid
//!   clusters (count + box to zoom to) when there are more than a phone
//!   should draw; `total` is always the number of matches in the box. A
//!   missing or bad box answers 400 with a `message` in the asked language.
use crate::AppState;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use tsunagu_app::activities::query::ActivityQuery;
use tsunagu_app::map::bbox::{BBox, BBoxProblem};

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/map/points", get(points))
}

/// The query of `GET /api/map/points` (documentation: the route reads the
/// pairs itself; a filter value it does not know is ignored, as on the list).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub(crate) struct PointsParams {
    /// The box: `west,south,east,north` in degrees (WGS 84), at most a few
    /// tens of kilometres across.
    #[param(example = "134.75,35.38,134.80,35.42")]
    bbox: String,
    /// Keywords, as in the list's search.
    q: Option<String>,
    /// A category slug (`exercise`, `cooking`…).
    category: Option<String>,
    /// A district slug.
    district: Option<String>,
    /// `mon` … `sun`.
    day: Option<String>,
    /// `morning`, `afternoon` or `evening`.
    time: Option<String>,
    /// `1`: free of charge only.
    free: Option<String>,
    /// `1`: beginners welcome only.
    beginners: Option<String>,
    /// `1`: barrier-free only.
    barrier_free: Option<String>,
    /// `1`: taking place in the coming seven days.
    this_week: Option<String>,
    /// `none`: activities only; a resource kind: that kind only; absent: every kind.
    res: Option<String>,
    /// `en` for English messages (default Japanese).
    lang: Option<String>,
}

#[utoipa::path(get, path = "/api/map/points", tag = "map",
    summary = "Listings inside a box, as points or server-made clusters",
    params(PointsParams),
    responses(
        (status = 200, description = "Points (or clusters when more than a phone should draw); `total` counts every match in the box", body = tsunagu_app::map::points::MapPoints),
        (status = 400, description = "`bbox` is missing or malformed; `message` says how to write it", body = crate::reply::ErrorBody),
        crate::reply::Unavailable,
    ))]
pub(crate) async fn points(State(s): State<AppState>, Query(pairs): Query<Vec<(String, String)>>) -> Response {
    let english = pairs.iter().any(|(k, v)| k == "lang" && v == "en");
    let bbox = match pairs.iter().find(|(k, _)| k == "bbox") {
        Some((_, v)) => BBox::parse(v),
        None => Err(BBoxProblem::Format),
    };
    let bbox = match bbox {
        Ok(b) => b,
        Err(p) => {
            return crate::reply::ErrorBody::coded(format!("{p:?}"), p.message(english)).with_status(StatusCode::BAD_REQUEST);
        }
    };
    let q = ActivityQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    match tsunagu_app::map::find(&s.db, &s.catalogue, &q, &bbox).await {
        Ok(points) => {
            // listings change through the day: the browser may reuse an answer briefly
            ([(header::CACHE_CONTROL, "public, max-age=60")], Json(points)).into_response()
        }
        Err(e) => crate::reply::app_error(e),
    }
}
