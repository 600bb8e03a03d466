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

async fn points(State(s): State<AppState>, Query(pairs): Query<Vec<(String, String)>>) -> Response {
    let english = pairs.iter().any(|(k, v)| k == "lang" && v == "en");
    let bbox = match pairs.iter().find(|(k, _)| k == "bbox") {
        Some((_, v)) => BBox::parse(v),
        None => Err(BBoxProblem::Format),
    };
    let bbox = match bbox {
        Ok(b) => b,
        Err(p) => {
            let body = serde_json::json!({ "error": format!("{p:?}"), "message": p.message(english) });
            return (StatusCode::BAD_REQUEST, Json(body)).into_response();
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
