//! Casework over plain HTTP: the tablet's outbox sync (`POST
//! /api/casework/sync`, JSON) and the admin's audit log export. Refusals
//! say what to fix in the person's language and write nothing.
use crate::reply::{allowed, ErrorBody, ItemProblem};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use tsunagu_app::accounts::{device, Permission};
use tsunagu_app::casework::apply_sync::{self, SyncError};
use tsunagu_app::casework::{audit, sync::{BatchProblem, SyncBatch}};
use tsunagu_app::i18n::{locale_from_cookie_header, Locale};

/// A whole outbox of 200 items with long notes fits well within this.
const MAX_BATCH_BYTES: usize = 2 << 20;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/casework/sync", post(sync).layer(axum::extract::DefaultBodyLimit::max(MAX_BATCH_BYTES)))
        .route("/api/casework/vault-key", post(vault_key))
        .route("/staff/audit.csv", get(audit_csv))
}

/// This session's half of the tablet vault's key.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub(crate) struct VaultKey {
    /// Base64.
    key: String,
}

#[utoipa::path(post, path = "/api/casework/vault-key", tag = "casework",
    summary = "This session's half of the tablet vault's key (link workers)",
    responses(
        (status = 200, description = "The key; never cached", body = VaultKey),
        (status = 401, description = "Sign in first", body = crate::reply::ErrorBody),
        (status = 403, description = "This account does no casework, or the request came from another site", body = crate::reply::ErrorBody),
        crate::reply::Unavailable,
    ),
    security(("session" = [])))]
/// This session's half of the tablet vault's lock (see `casework::vault`):
/// while the session lives, the vault opens without the PIN.
pub(crate) async fn vault_key(State(s): State<AppState>, headers: HeaderMap) -> Response {
    if let Err(refused) = allowed(&s, &headers, Permission::CaseWork).await {
        return refused;
    }
    let Some(token) = tsunagu_app::accounts::session::token_from_headers(&headers) else { return crate::reply::sign_in_required() };
    match tsunagu_app::accounts::session::vault_key(&s.db, &token).await {
        Ok(Some(key)) => {
            let mut resp = Json(VaultKey { key }).into_response();
            resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
            resp
        }
        Ok(None) => crate::reply::sign_in_required(),
        Err(e) => crate::reply::app_error(e),
    }
}

fn locale(headers: &HeaderMap) -> Locale {
    locale_from_cookie_header(headers.get(header::COOKIE).and_then(|v| v.to_str().ok()))
}

fn device_of(headers: &HeaderMap) -> String {
    device::describe(headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or_default())
}

fn refuse(status: StatusCode, error: &str, message: String, problems: Vec<ItemProblem>) -> Response {
    ErrorBody { problems: Some(problems), ..ErrorBody::coded(error, message) }.with_status(status)
}

/// 400 naming each bad item and field in the person's language.
fn invalid(problems: &[BatchProblem], locale: Locale) -> Response {
    let list = problems
        .iter()
        .map(|p| ItemProblem { item: p.item, field: Some(p.field.clone()), message: Some(p.message(locale)), case_id: None })
        .collect();
    let message = if locale == Locale::ja { "送信データに直すところがあります。何も保存していません。" } else { "Some items need fixing. Nothing was saved." };
    refuse(StatusCode::BAD_REQUEST, "invalid", message.into(), list)
}

#[utoipa::path(post, path = "/api/casework/sync", tag = "casework",
    summary = "Send a tablet's outbox (link workers)",
    description = "The batch is checked whole before anything is written: one bad item refuses it all and `problems` names each item and field. Replays are answered `duplicate`; an item whose earlier edit has not arrived is `deferred`; a field changed elsewhere since the device saw it is a `conflict`, both values kept. Messages follow the language cookie (`i18n_pref_locale=en`), Japanese by default.",
    request_body(content = tsunagu_app::casework::sync::SyncBatch, description = "At most 200 items, 2 MB"),
    responses(
        (status = 200, description = "What became of each item, and the cases this person may still work", body = tsunagu_app::casework::sync::SyncReply),
        (status = 400, description = "Malformed or invalid; nothing saved", body = crate::reply::ErrorBody),
        (status = 401, description = "Sign in first", body = crate::reply::ErrorBody),
        (status = 403, description = "Not this person's cases, no casework permission, or another site; nothing saved", body = crate::reply::ErrorBody),
        (status = 409, description = "The device holds another account's edits; nothing saved", body = crate::reply::ErrorBody),
        (status = 413, description = "Larger than 2 MB", body = crate::reply::ErrorBody),
        crate::reply::Unavailable,
    ),
    security(("session" = [])))]
pub(crate) async fn sync(State(s): State<AppState>, headers: HeaderMap, body: Result<Bytes, BytesRejection>) -> Response {
    let user = match allowed(&s, &headers, Permission::CaseWork).await {
        Ok(u) => u,
        Err(refused) => return refused,
    };
    let locale = locale(&headers);
    let ja = locale == Locale::ja;
    let body = match body {
        Ok(b) => b,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            let mb = MAX_BATCH_BYTES >> 20;
            let message = if ja { format!("一度に送る量が多すぎます（{mb} MB まで）。何も保存していません。") } else { format!("The batch is larger than {mb} MB. Nothing was saved.") };
            return refuse(StatusCode::PAYLOAD_TOO_LARGE, "too_large", message, Vec::new());
        }
        Err(_) => {
            let message = if ja { "送信データを読み取れませんでした。何も保存していません。" } else { "The batch could not be read. Nothing was saved." };
            return refuse(StatusCode::BAD_REQUEST, "malformed", message.into(), Vec::new());
        }
    };
    let batch: SyncBatch = match serde_json::from_slice(&body) {
        Ok(b) => b,
        Err(e) => {
            // serde's message names the place (line, column), never values
            let message = if ja { format!("送信データの形式が正しくありません（{e}）。何も保存していません。") } else { format!("The batch is not in the expected format ({e}). Nothing was saved.") };
            return refuse(StatusCode::BAD_REQUEST, "malformed", message, Vec::new());
        }
    };
    if batch.owner.is_some_and(|owner| owner != user.id) {
        let message = if ja {
            "この端末には、別のアカウントで書いた未送信の記録があります。そのアカウントでログインし直すと送信されます。何も保存していません。"
        } else {
            "This device holds unsent edits written under another account. Sign in as that account to send them. Nothing was saved."
        };
        return refuse(StatusCode::CONFLICT, "other_account", message.into(), Vec::new());
    }
    let valid = match batch.parse() {
        Ok(v) => v,
        Err(problems) => return invalid(&problems, locale),
    };
    match apply_sync::apply(&s.db, &user, &device_of(&headers), valid).await {
        Ok(reply) => {
            let mut resp = Json(reply).into_response();
            resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            resp
        }
        Err(SyncError::Forbidden(cases)) => {
            let message = if ja { "担当していないケースが含まれています。何も保存していません。" } else { "The batch names cases not assigned to you. Nothing was saved." };
            refuse(StatusCode::FORBIDDEN, "forbidden", message.into(), cases.into_iter().map(|c| ItemProblem { case_id: Some(c), ..ItemProblem::default() }).collect())
        }
        Err(SyncError::Invalid(problems)) => invalid(&problems, locale),
        Err(SyncError::Failed(e)) => crate::reply::app_error(e),
    }
}

async fn audit_csv(State(s): State<AppState>, headers: HeaderMap) -> Response {
    let user = match allowed(&s, &headers, Permission::ViewAudit).await {
        Ok(u) => u,
        Err(refused) => return refused,
    };
    let csv = async {
        let mut conn = s.db.pool().acquire().await?;
        audit::record(&mut conn, &user, "export", "audit", None, "", &device_of(&headers)).await?;
        audit::export_csv(&mut conn).await
    };
    let csv: Result<String, tsunagu_app::error::AppError> = csv.await;
    match csv {
        Ok(csv) => {
            let mut resp = csv.into_response();
            let h = resp.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
            h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"tsunagu-audit-log.csv\""));
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
            resp
        }
        Err(e) => crate::reply::app_error(e),
    }
}
