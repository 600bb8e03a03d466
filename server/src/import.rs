//! Spreadsheet import and CSV export of activities (format and rules in
//! `tsunagu_app::activities::import`):
//!
//! - `GET /staff/import/template.csv` — the template (header + example row)
//! - `GET /staff/export.csv` — every activity, every status (staff only)
//! - `GET /api/activities.csv` — open data: the active listings
//! - `POST /staff/import?commit=0|1` — multipart field `file` (CSV or .xlsx,
//!   at most 20 MB); staff only (403 otherwise); answers the import report as
//!   JSON. `commit=0` (default) is a dry run; with `commit=1` the rows are
//!   saved only when no row has a problem.
use crate::reply::{allowed, csv_response, error};
use crate::AppState;
use axum::extract::{DefaultBodyLimit, Multipart, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use tsunagu_app::accounts::Permission;
use tsunagu_app::activities::import;

/// Largest upload accepted.
pub const MAX_UPLOAD: usize = 20 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/import/template.csv", get(template))
        .route("/staff/export.csv", get(export_all))
        .route("/api/activities.csv", get(export_public))
        .route("/staff/import", post(upload).layer(DefaultBodyLimit::max(MAX_UPLOAD)))
}

async fn template() -> Response {
    csv_response(import::template_csv().to_string(), "tsunagu-template.csv", true)
}

async fn export_all(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Err(refused) = allowed(&state, &headers, Permission::ManageListings).await {
        return refused;
    }
    match import::export_csv(&state.db).await {
        Ok(csv) => csv_response(csv, "tsunagu-activities-all.csv", false),
        Err(e) => crate::reply::app_error(e),
    }
}

#[utoipa::path(get, path = "/api/activities.csv", tag = "activities",
    summary = "Open data: every active listing as CSV",
    description = "UTF-8 with a byte-order mark, one row per activity, the columns of the import template (`/staff/import/template.csv`).",
    responses(
        (status = 200, description = "The listings", content_type = "text/csv", body = String),
        crate::reply::Unavailable,
    ))]
pub(crate) async fn export_public(State(state): State<AppState>) -> Response {
    match import::export_public_csv(&state.db).await {
        Ok(csv) => csv_response(csv, "tsunagu-activities.csv", true),
        Err(e) => crate::reply::app_error(e),
    }
}

#[derive(Deserialize)]
struct ImportParams {
    commit: Option<String>,
}

async fn upload(
    State(state): State<AppState>,
    Query(params): Query<ImportParams>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let actor = match allowed(&state, &headers, Permission::ManageListings).await {
        Ok(user) => user.display_name,
        Err(refused) => return refused,
    };
    let commit = matches!(params.commit.as_deref().map(str::trim), Some("1" | "true" | "yes"));
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                if field.name() != Some("file") {
                    continue;
                }
                let name = field.file_name().unwrap_or("").to_string();
                match field.bytes().await {
                    Ok(b) => file = Some((name, b.to_vec())),
                    Err(e) => return upload_error(e.status()),
                }
            }
            Ok(None) => break,
            Err(e) => return upload_error(e.status()),
        }
    }
    let Some((name, bytes)) = file else {
        return error(StatusCode::BAD_REQUEST, "no file in the field `file`", "ファイルを選んでください");
    };
    match import::import(&state.db, &bytes, &name, commit, &actor).await {
        Ok(report) => {
            if report.committed {
                tracing::info!(rows = report.rows, new = report.new, updated = report.updated, "activities imported");
            }
            Json(report).into_response()
        }
        Err(e) => crate::reply::app_error(e),
    }
}

fn upload_error(status: StatusCode) -> Response {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        error(status, "file too large (20 MB at most)", "ファイルが大きすぎます（20 MB まで）")
    } else {
        error(StatusCode::BAD_REQUEST, "could not read the upload", "アップロードを読めませんでした")
    }
}
