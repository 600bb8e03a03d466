//! The 500 and 503 pages: a panic or a bare 5xx on a page request becomes a
//! friendly page in the person's language; a 503 (the database out of
//! reach, read-only or full) says that nothing was changed and to try again
//! in a little while, keeping `Retry-After`. API responses keep their own
//! bodies.
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use http::StatusCode;
use std::panic::AssertUnwindSafe;
use tsunagu_app::errors::{server_error_html, unavailable_html};
use tsunagu_app::i18n::locale_from_cookie_header;

pub async fn error_pages(req: Request, next: Next) -> Response {
    let locale = locale_from_cookie_header(
        req.headers().get(http::header::COOKIE).and_then(|v| v.to_str().ok()),
    );
    let wants_page = !req.uri().path().starts_with("/api/")
        && req
            .headers()
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("text/html"));
    let result = futures_util::FutureExt::catch_unwind(AssertUnwindSafe(next.run(req))).await;
    match result {
        Ok(resp) if resp.status() == StatusCode::SERVICE_UNAVAILABLE && wants_page => {
            let mut page = page_with(StatusCode::SERVICE_UNAVAILABLE, unavailable_html(locale));
            page.headers_mut().insert(
                http::header::RETRY_AFTER,
                http::HeaderValue::from(tsunagu_app::error::UNAVAILABLE_RETRY_SECONDS),
            );
            page
        }
        Ok(resp) if resp.status().is_server_error() && wants_page && !is_html(&resp) => {
            page(locale)
        }
        Ok(resp) => resp,
        Err(_) => {
            tracing::error!("a request handler panicked");
            page(locale)
        }
    }
}

fn is_html(resp: &Response) -> bool {
    resp.headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

fn page(locale: tsunagu_app::i18n::Locale) -> Response {
    page_with(StatusCode::INTERNAL_SERVER_ERROR, server_error_html(locale))
}

fn page_with(status: StatusCode, html: String) -> Response {
    let mut resp = (status, Html(html)).into_response();
    resp.headers_mut().insert(http::header::CACHE_CONTROL, http::HeaderValue::from_static("no-store"));
    resp
}
