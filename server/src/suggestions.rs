//! Residents' suggestions, besides their server function:
//!
//! - `POST /api/suggestions/photo?lang=ja|en` — multipart field `file`: a
//!   photo for a suggestion, from anyone (no account). Checked by content,
//!   turned upright, stripped of EXIF/GPS, resized and stored without an
//!   owner; answers `{"id"}` to send with the suggestion, 400/413 with a
//!   `message` saying what to fix, or 429 when one address sends too many.
use crate::AppState;
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequest, Multipart, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use crate::reports::refused;
use tsunagu_app::reports::images::{self, ImageError};
use tsunagu_app::suggestions::rate_limit;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/suggestions/photo", post(photo).layer(DefaultBodyLimit::max(images::MAX_BYTES + 64 * 1024)))
}

#[derive(Deserialize)]
struct Lang {
    lang: Option<String>,
}

/// The sender's address (only for the rate limit; stored as a hash).
fn client_ip(req: &Request) -> String {
    if std::env::var("TSUNAGU_TRUST_PROXY").is_ok_and(|v| v == "1") {
        if let Some(first) = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok()).and_then(|v| v.split(',').next()) {
            return first.trim().to_string();
        }
    }
    req.extensions().get::<ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_else(|| "unknown".into())
}

async fn photo(State(s): State<AppState>, Query(q): Query<Lang>, req: Request) -> Response {
    let lang = if q.lang.as_deref() == Some("en") { "en" } else { "ja" };
    let ip = client_ip(&req);
    match rate_limit::allow(&s.db, "suggestion-photo", &ip, rate_limit::suggestions_per_hour(), chrono::Duration::hours(1)).await {
        Ok(true) => {}
        Ok(false) => {
            let message = if lang == "en" { "Many photos came from here in a short time. Please try again in about an hour." } else { "短い時間にたくさん送られたため、受け付けを止めています。1時間ほどたってからもう一度送ってください。" };
            return (StatusCode::TOO_MANY_REQUESTS, Json(serde_json::json!({ "error": "TooMany", "message": message }))).into_response();
        }
        Err(_) => return crate::reply::internal(),
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
        Err(_) => crate::reply::internal(),
    }
}
