//! The server's plain HTTP answers shared by every API route: CSV
//! downloads, and the refusals (401, 403, 500) as JSON with a message in
//! English and Japanese, so a tablet or a script can show the reason.
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use tsunagu_app::accounts::session::require_from_headers;
use tsunagu_app::accounts::{CurrentUser, Permission};
use tsunagu_app::error::AppError;

/// A CSV download: `public` ones may be cached for five minutes, the rest
/// (personal data) never.
pub fn csv_response(body: String, filename: &str, public: bool) -> Response {
    let mut resp = body.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    let cache = if public { "public, max-age=300" } else { "private, no-store" };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    resp
}

/// `{ "error": …, "error_ja": … }` with `status`.
pub fn error(status: StatusCode, error: &str, error_ja: &str) -> Response {
    (status, Json(serde_json::json!({ "error": error, "error_ja": error_ja }))).into_response()
}

pub fn forbidden() -> Response {
    error(StatusCode::FORBIDDEN, "forbidden: your account may not do this", "このアカウントでは利用できません")
}

pub fn sign_in_required() -> Response {
    error(StatusCode::UNAUTHORIZED, "sign in required", "ログインしてください")
}

pub fn internal() -> Response {
    error(StatusCode::INTERNAL_SERVER_ERROR, "internal error", "サーバーでエラーが起きました")
}

/// The answer for `e` from a plain route: the status of the one mapping
/// ([`AppError::status`]), `Retry-After` where waiting helps, and what
/// happened in both languages (503 when the database is out of reach,
/// never a 500 for that).
pub fn app_error(e: AppError) -> Response {
    use tsunagu_app::i18n::Locale;
    let mut resp = error(StatusCode::INTERNAL_SERVER_ERROR, &e.message(Locale::en), &e.message(Locale::ja));
    *resp.status_mut() = crate::api_errors::answer_headers(&e, resp.headers_mut());
    resp
}

/// The signed-in person when they may do `permission`; otherwise the
/// response to send (401 not signed in, 403 not allowed).
pub async fn allowed(s: &crate::AppState, headers: &HeaderMap, permission: Permission) -> Result<CurrentUser, Response> {
    match require_from_headers(&s.db, headers, &s.idle, permission).await {
        Ok(u) => Ok(u),
        Err(AppError::SignInRequired) => Err(sign_in_required()),
        Err(AppError::Forbidden) => Err(forbidden()),
        Err(e) => Err(app_error(e)),
    }
}

/// 429 with `Retry-After`, and the reason in the sender's language
/// (`message`) as well as in both (`error`, `error_ja`).
pub fn rate_limited(seconds: i64, lang: &str) -> Response {
    use tsunagu_app::i18n::Locale;
    use tsunagu_app::rate_limit::{message, minutes_from_seconds};
    let minutes = minutes_from_seconds(seconds);
    let (en, ja) = (message(Locale::en, minutes), message(Locale::ja, minutes));
    let message = if lang == "en" { en.clone() } else { ja.clone() };
    let mut resp = (
        StatusCode::TOO_MANY_REQUESTS,
        Json(serde_json::json!({ "error": "RateLimited", "minutes": minutes, "message": message, "error_en": en, "error_ja": ja })),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&seconds.max(1).to_string()) {
        resp.headers_mut().insert(header::RETRY_AFTER, v);
    }
    resp
}
