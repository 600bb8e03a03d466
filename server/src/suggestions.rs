//! Residents' suggestions, besides their server function:
//!
//! - `POST /api/suggestions/photo?lang=ja|en` — multipart field `file`: a
//!   photo for a suggestion, from anyone (no account). Checked by content,
//!   turned upright, stripped of EXIF/GPS, resized and stored without an
//!   owner; answers `{"id"}` to send with the suggestion, 400/413 with a
//!   `message` saying what to fix, or 429 when one address sends too many.
use crate::AppState;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use crate::reports::refused;
use tsunagu_app::reports::images::{self, ImageError};
use tsunagu_app::rate_limit::{self, Limit};

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/suggestions/photo", post(photo).layer(DefaultBodyLimit::max(images::MAX_BYTES + 64 * 1024)))
}

#[derive(Deserialize)]
struct Lang {
    lang: Option<String>,
}

async fn photo(State(s): State<AppState>, Query(q): Query<Lang>, req: Request) -> Response {
    let lang = if q.lang.as_deref() == Some("en") { "en" } else { "ja" };
    // the sender's address, only for the limit (stored as a hash)
    let key = rate_limit::from_parts(req.headers(), req.extensions(), &s.proxies).key();
    match rate_limit::count(&s.db, &s.rate_limits, Limit::SuggestionPhoto, &key).await {
        Ok(None) => {}
        Ok(Some(seconds)) => return crate::reply::rate_limited(seconds, lang),
        Err(e) => return crate::reply::app_error(e),
    }
    let multipart = match Multipart::from_request(req, &s).await {
        Ok(m) => m,
        Err(_) => return refused(StatusCode::BAD_REQUEST, &ImageError::NotAnImage, lang),
    };
    let processed = match crate::reports::read_photo(multipart, lang).await {
        Ok(p) => p,
        Err(refused) => return refused,
    };
    match tsunagu_app::reports::media::store(&s.db, None, &processed).await {
        Ok(id) => Json(serde_json::json!({ "id": id })).into_response(),
        Err(e) => crate::reply::app_error(e),
    }
}
