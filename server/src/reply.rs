//! The server's plain HTTP answers shared by every API route: CSV
//! downloads, and the refusals (401, 403, 500) as JSON with a message in
//! English and Japanese, so a tablet or a script can show the reason.
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
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

/// The one shape of every JSON refusal of the plain routes (`ErrorBody` in
/// `/api/openapi.json`): `error` always, the rest where the route has it.
#[derive(Debug, Default, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// What went wrong, in English; on the upload, sync and rate-limit
    /// answers a short code (`invalid`, `malformed`, `NotAnImage`,
    /// `RateLimited`…) with the words in `message`.
    pub error: String,
    /// What went wrong, in Japanese.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_ja: Option<String>,
    /// In English, where `error` is a code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_en: Option<String>,
    /// What to fix, in the caller's language (the route's `lang` parameter
    /// or the language cookie; Japanese by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The query parameter at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    /// How long to wait before trying again (429).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
    /// Each part of a refused batch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problems: Option<Vec<ItemProblem>>,
}

// Any route's answer when the database is down, read-only or full (with
// `Retry-After`), as one entry for the operations in `/api/openapi.json`
// (the doc comment below is its description there).
/// The database is out of reach; try again later
#[derive(utoipa::IntoResponses)]
#[response(status = 503)]
#[allow(dead_code)]
pub(crate) struct Unavailable(ErrorBody);

/// One refused part of a sync batch: an item's field, or a case.
#[derive(Debug, Default, Serialize, utoipa::ToSchema)]
pub struct ItemProblem {
    /// The item's place in `items`, from 0 (absent: the batch itself).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What to fix, in the caller's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// A case the batch names that is not the caller's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case_id: Option<i64>,
}

impl ErrorBody {
    /// In English and Japanese.
    pub fn both(error: impl Into<String>, error_ja: impl Into<String>) -> ErrorBody {
        ErrorBody { error: error.into(), error_ja: Some(error_ja.into()), ..ErrorBody::default() }
    }

    /// A code and what to fix in one language.
    pub fn coded(code: impl Into<String>, message: impl Into<String>) -> ErrorBody {
        ErrorBody { error: code.into(), message: Some(message.into()), ..ErrorBody::default() }
    }

    pub fn with_status(self, status: StatusCode) -> Response {
        (status, Json(self)).into_response()
    }
}

/// `{ "error": …, "error_ja": … }` with `status`.
pub fn error(status: StatusCode, error: &str, error_ja: &str) -> Response {
    ErrorBody::both(error, error_ja).with_status(status)
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

/// The language a route's `lang` query parameter asks for: `en`, or `ja`
/// (the default, also for anything else).
pub fn lang_param(query: &[(String, String)]) -> &'static str {
    if query.iter().any(|(k, v)| k == "lang" && v == "en") {
        "en"
    } else {
        "ja"
    }
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
    let body = ErrorBody {
        error: "RateLimited".into(),
        minutes: Some(minutes),
        message: Some(message),
        error_en: Some(en),
        error_ja: Some(ja),
        ..ErrorBody::default()
    };
    let mut resp = body.with_status(StatusCode::TOO_MANY_REQUESTS);
    if let Ok(v) = HeaderValue::from_str(&seconds.max(1).to_string()) {
        resp.headers_mut().insert(header::RETRY_AFTER, v);
    }
    resp
}
