//! `GET /account/export.json`: everything the portal keeps about the
//! signed-in person, as a download (never cached).
use crate::reply::allowed;
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tsunagu_app::accounts::Permission;

pub fn routes() -> Router<AppState> {
    Router::new().route("/account/export.json", get(export))
}

async fn export(State(s): State<AppState>, headers: HeaderMap) -> Response {
    let user = match allowed(&s, &headers, Permission::OwnAccount).await {
        Ok(u) => u,
        Err(refused) => return refused,
    };
    match tsunagu_app::accounts::account::ssr::export(&s.db, user).await {
        Ok(json) => {
            let mut resp = serde_json::to_string_pretty(&json).unwrap_or_default().into_response();
            let h = resp.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
            h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"tsunagu-my-data.json\""));
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
            resp
        }
        Err(e) => crate::reply::app_error(e),
    }
}
