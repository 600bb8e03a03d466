//! Cross-site request forgery guard for every state-changing request (server
//! functions included): a POST/PUT/PATCH/DELETE whose `Origin` (or
//! `Sec-Fetch-Site`) says it came from another site is refused. Session
//! cookies are also `SameSite=Lax`. (Per-form tokens come with the accounts work.)
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{Method, StatusCode};

pub async fn same_origin_writes(req: Request, next: Next) -> Response {
    let writes = matches!(*req.method(), Method::POST | Method::PUT | Method::PATCH | Method::DELETE);
    if writes && is_cross_site(&req) {
        tracing::warn!(path = %req.uri().path(), "cross-site write refused");
        return (StatusCode::FORBIDDEN, "cross-site request refused / 外部サイトからの送信は受け付けません").into_response();
    }
    next.run(req).await
}

fn is_cross_site(req: &Request) -> bool {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    if header("sec-fetch-site") == Some("cross-site") {
        return true;
    }
    match (header("origin"), header("host")) {
        (Some("null"), _) => true,
        (Some(origin), Some(host)) => {
            let origin_host = origin.split("://").nth(1).unwrap_or(origin);
            origin_host != host
        }
        _ => false,
    }
}
