//! Reports' HTTP routes besides the pages:
//!
//! - `POST /api/reports/media?lang=ja|en` — multipart field `file` (a photo,
//!   at most 15 MB); writers (and staff editing pages) only. The picture is
//!   checked by content, turned upright, stripped of EXIF/GPS, resized and
//!   stored; answers `{"id", "width", "height"}`, or 400/413 with a
//!   `message` in the asked language saying what to fix.
//! - `GET /media/{id}/w{width}.jpg` — the stored picture, to those who may
//!   see it (published: anyone, cached for a day; a draft's: its author and
//!   the reviewers; a suggestion's: staff); 404 to anyone else.
//! - `GET /reports/feed.atom` — newly published reports.
use crate::reply::allowed;
use crate::AppState;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use tsunagu_app::accounts::Permission;
use tsunagu_app::reports::images::{self, ImageError};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/reports/media", post(upload).layer(DefaultBodyLimit::max(images::MAX_BYTES + 64 * 1024)))
        .route("/media/{id}/{file}", get(media))
        .route("/reports/feed.atom", get(feed))
}

pub(crate) fn refused(status: StatusCode, e: &ImageError, lang: &str) -> Response {
    crate::reply::ErrorBody::coded(format!("{e:?}"), e.message(lang)).with_status(status)
}

/// The form of a photo upload.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub(crate) struct PhotoForm {
    /// A JPEG, PNG or WebP photo, at most 15 MB.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// The refusals of a photo upload (in `/api/openapi.json`).
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub(crate) enum PhotoRefusals {
    /// Not a picture, or not a multipart form; `message` says what to fix
    #[response(status = 400)]
    NotAPicture(crate::reply::ErrorBody),
    /// Larger than 15 MB
    #[response(status = 413)]
    TooLarge(crate::reply::ErrorBody),
}

/// A stored photo.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub(crate) struct StoredPhoto {
    /// Its number, for `/media/{id}/w{width}.jpg` and the report's text.
    id: i64,
    /// Size of the largest stored variant, in pixels.
    width: u32,
    height: u32,
}

#[utoipa::path(post, path = "/api/reports/media", tag = "reports",
    summary = "Upload a photo for a report (writers)",
    description = "The picture is checked by its content, turned upright, stripped of EXIF and GPS data, resized and stored.",
    params(("lang" = Option<String>, Query, description = "`en` for English messages (default Japanese)")),
    request_body(content = PhotoForm, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "Stored", body = StoredPhoto),
        PhotoRefusals,
        (status = 401, description = "Sign in first", body = crate::reply::ErrorBody),
        (status = 403, description = "This account may not write reports, or the request came from another site", body = crate::reply::ErrorBody),
        crate::reply::Unavailable,
    ),
    security(("session" = [])))]
pub(crate) async fn upload(
    State(s): State<AppState>,
    Query(query): Query<Vec<(String, String)>>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let lang = crate::reply::lang_param(&query);
    let user = match allowed(&s, &headers, Permission::WriteReports).await {
        Ok(u) => u,
        Err(refused) => return refused,
    };
    let Ok(multipart) = multipart else { return refused(StatusCode::BAD_REQUEST, &ImageError::NotAnImage, lang) };
    let processed = match read_photo(multipart, lang).await {
        Ok(p) => p,
        Err(refused) => return refused,
    };
    match tsunagu_app::reports::media::store(&s.db, Some(user.id), &processed).await {
        Ok(id) => Json(StoredPhoto { id, width: processed.width, height: processed.height }).into_response(),
        Err(e) => crate::reply::app_error(e),
    }
}

/// The photo in multipart field `file`, checked, upright, without EXIF/GPS
/// and resized (off the async workers); or the refusal to send.
pub(crate) async fn read_photo(mut multipart: Multipart, lang: &str) -> Result<images::Processed, Response> {
    let mut bytes = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => match field.bytes().await {
                Ok(b) => bytes = Some(b),
                Err(e) => return Err(unreadable(e, lang)),
            },
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(e) => return Err(unreadable(e, lang)),
        }
    }
    let Some(bytes) = bytes else { return Err(refused(StatusCode::BAD_REQUEST, &ImageError::NotAnImage, lang)) };
    match tokio::task::spawn_blocking(move || images::process(&bytes, &images::WIDTHS)).await {
        Ok(Ok(p)) => Ok(p),
        Ok(Err(e @ ImageError::TooLarge { .. })) => Err(refused(StatusCode::PAYLOAD_TOO_LARGE, &e, lang)),
        Ok(Err(e)) => Err(refused(StatusCode::BAD_REQUEST, &e, lang)),
        Err(_) => Err(crate::reply::internal()),
    }
}

/// A body that could not be read: over the size limit (413), or not a
/// well-formed multipart form (400, as for something that is no picture).
fn unreadable(e: axum::extract::multipart::MultipartError, lang: &str) -> Response {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        refused(StatusCode::PAYLOAD_TOO_LARGE, &ImageError::TooLarge { max_bytes: images::MAX_BYTES }, lang)
    } else {
        refused(StatusCode::BAD_REQUEST, &ImageError::NotAnImage, lang)
    }
}

/// A stored picture, to those who may see it ([`media::audience`]); anyone
/// else gets the same 404 as for a picture that does not exist.
async fn media(State(s): State<AppState>, headers: HeaderMap, Path((id, file)): Path<(String, String)>) -> Response {
    use tsunagu_app::reports::media::{self, Audience};
    let width = file.strip_prefix('w').and_then(|f| f.strip_suffix(".jpg")).and_then(|w| w.parse::<u32>().ok());
    let (Ok(id), Some(width)) = (id.parse::<i64>(), width) else { return StatusCode::NOT_FOUND.into_response() };
    let viewer = match tsunagu_app::accounts::session::user_from_headers(&s.db, &headers, &s.idle).await {
        Ok(v) => v,
        Err(e) => return crate::reply::app_error(e),
    };
    let cache = match media::audience(&s.db, id, viewer.as_ref()).await {
        // a day, not for ever: a picture whose report is taken down leaves caches soon
        Ok(Audience::Public) => "public, max-age=86400",
        Ok(Audience::Private) => "private, no-store",
        Ok(Audience::Nobody) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return crate::reply::app_error(e),
    };
    match media::variant(&s.db, id, width).await {
        Ok(bytes) => {
            let mut resp = bytes.into_response();
            let h = resp.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
            h.insert(header::VARY, HeaderValue::from_static("cookie"));
            h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
            resp
        }
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

#[utoipa::path(get, path = "/reports/feed.atom", tag = "reports",
    summary = "Newly published community reports as an Atom feed",
    responses(
        (status = 200, description = "The feed", content_type = "application/atom+xml", body = String),
        crate::reply::Unavailable,
    ))]
pub(crate) async fn feed(State(s): State<AppState>) -> Response {
    match tsunagu_app::reports::feed::atom(&s.db, &s.public.base_url, "つながるレポート | つなぐ").await {
        Ok(body) => {
            let mut resp = body.into_response();
            resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(tsunagu_app::feeds::atom::CONTENT_TYPE));
            resp
        }
        Err(e) => crate::reply::app_error(e),
    }
}
