//! Every server function's error leaves with the HTTP status its outcome
//! means. server_fn answers every `Err` with 500 and the typed error
//! ([`AppError`], JSON) in the body, marked by the `serverfnerror` header;
//! this layer reads that error back and applies the one mapping,
//! [`AppError::status`] (400 malformed arguments, 401, 403, 404, 409, 413,
//! 422, 429 and 503 with `Retry-After`, 500 only for our own bugs). The body
//! stays the same typed error, so the hydrated client still decodes it; a
//! malformed request's `message` is written in the caller's language.
use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::{header, HeaderValue, StatusCode};
use tsunagu_app::error::AppError;
use tsunagu_app::i18n::Locale;

/// The header server_fn puts on an error answer (its `SERVER_FN_ERROR_HEADER`).
const SERVER_FN_ERROR_HEADER: &str = "serverfnerror";
/// An encoded error is small; anything larger is not one of ours.
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn status_from_error(req: Request, next: Next) -> Response {
    // what the caller's language is read from, kept (cheap clones) and read
    // only when an error answer needs it
    let mut language = http::HeaderMap::new();
    for name in [header::COOKIE, header::ACCEPT_LANGUAGE] {
        if let Some(v) = req.headers().get(&name) {
            language.insert(name, v.clone());
        }
    }
    let resp = next.run(req).await;
    // an error answer (a plain form's error is a redirect back: left alone)
    let failed = resp.status().is_client_error() || resp.status().is_server_error();
    if !failed || !resp.headers().contains_key(SERVER_FN_ERROR_HEADER) {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let Ok(error) = serde_json::from_slice::<AppError>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let error = error.for_caller(caller_locale(&language));
    parts.status = answer_headers(&error, &mut parts.headers);
    let body = serde_json::to_vec(&error).map(Body::from).unwrap_or_else(|_| Body::from(bytes));
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, body)
}

/// The status for `error` ([`AppError::status`], the one mapping), with its
/// headers set: `Retry-After` where waiting helps, `no-store` on a 5xx.
pub fn answer_headers(error: &AppError, headers: &mut http::HeaderMap) -> StatusCode {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Some(seconds) = error.retry_after() {
        headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    if status.is_server_error() {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    status
}

/// The caller's language: the language switch's cookie, else (a script)
/// `Accept-Language` when it prefers English, else Japanese.
pub fn caller_locale(headers: &http::HeaderMap) -> Locale {
    let cookie = headers.get(header::COOKIE).and_then(|v| v.to_str().ok());
    if cookie.is_some_and(|c| tsunagu_app::preferences::cookie_value(c, tsunagu_app::i18n::COOKIE_NAME).is_some()) {
        return tsunagu_app::i18n::locale_from_cookie_header(cookie);
    }
    let first = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(|t| t.trim().to_ascii_lowercase());
    match first.as_deref() {
        Some(t) if t == "en" || t.starts_with("en-") || t.starts_with("en;") => Locale::en,
        _ => Locale::ja,
    }
}
