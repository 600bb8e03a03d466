//! `GET /healthz`: 200 when the database answers, 503 otherwise.
use crate::AppState;
use axum::{extract::State, http::StatusCode, response::IntoResponse, routing::get, Json, Router};

pub fn routes() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz))
}

async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let db_ok = state.db.ping().await;
    let status = if db_ok { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let body = serde_json::json!({
        "status": if db_ok { "ok" } else { "unavailable" },
        "database": if db_ok { "ok" } else { "error" },
        "build": state.public.build_id,
    });
    (status, [(http::header::CACHE_CONTROL, "no-store")], Json(body))
}
