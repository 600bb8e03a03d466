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
use crate::reports::refused;
use tsunagu_app::reports::images::{self, ImageError};
use tsunagu_app::rate_limit::{self, Limit};

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/suggestions/photo", post(photo).layer(DefaultBodyLimit::max(images::MAX_BYTES + 64 * 1024)))
}

/// A stored suggestion photo.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub(crate) struct SuggestionPhoto {
    /// Its number, to send with the suggestion.
    id: i64,
}

#[utoipa::path(post, path = "/api/suggestions/photo", tag = "suggestions",
    summary = "Upload a photo for a resident's suggestion (no account needed)",
    params(("lang" = Option<String>, Query, description = "`en` for English messages (default Japanese)")),
    request_body(content = crate::reports::PhotoForm, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "Stored", body = SuggestionPhoto),
        crate::reports::PhotoRefusals,
        (status = 403, description = "The request came from another site", body = crate::reply::ErrorBody),
        (status = 429, description = "Too many photos from this address; `minutes` says how long to wait", body = crate::reply::ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        crate::reply::Unavailable,
    ))]
pub(crate) async fn photo(State(s): State<AppState>, Query(query): Query<Vec<(String, String)>>, req: Request) -> Response {
    let lang = crate::reply::lang_param(&query);
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
        Ok(id) => Json(SuggestionPhoto { id }).into_response(),
        Err(e) => crate::reply::app_error(e),
    }
}
