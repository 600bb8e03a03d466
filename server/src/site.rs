//! Files of the built site: `/pkg` (content-hashed, cached for a year,
//! served precompressed), `/sw.js` (never cached, so updates are seen).
//! Everything else in the site root is served by Leptos's file handler.
use crate::AppState;
use axum::Router;
use http::header::{HeaderValue, CACHE_CONTROL};
use std::path::Path;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

pub fn routes(site_root: &Path) -> Router<AppState> {
    let pkg = ServeDir::new(site_root.join("pkg"))
        .precompressed_br()
        .precompressed_gzip();
    let sw = ServeFile::new(site_root.join("sw.js"));
    Router::new()
        .nest_service(
            "/pkg",
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ))
                .service(pkg),
        )
        .route_service(
            "/sw.js",
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    CACHE_CONTROL,
                    HeaderValue::from_static("no-cache"),
                ))
                .service(sw),
        )
}

/// gzip/brotli for dynamic responses (HTML, JSON); already-compressed files
/// from `/pkg` pass through untouched.
pub fn compression() -> CompressionLayer {
    CompressionLayer::new()
}

/// Pages that show personal data are never stored by browsers or the
/// service worker (`no-store`): accounts, staff and writer pages, casework
/// lists and form ①, an event sign-up's confirmation (a name, a contact).
/// A case page's HTML is only a frame (the case is read on
/// the device), so it may be kept for offline use but is always revalidated.
pub async fn private_pages(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let path = req.uri().path().to_string();
    let mut resp = next.run(req).await;
    if resp.headers().contains_key(CACHE_CONTROL) {
        return resp;
    }
    if let Some(value) = private_cache_control(&path) {
        resp.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static(value));
    }
    resp
}

fn private_cache_control(path: &str) -> Option<&'static str> {
    let under = |prefix: &str| path == prefix || path.starts_with(&format!("{prefix}/"));
    let case_frame = path.strip_prefix("/casework/cases/").is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()));
    if case_frame {
        Some("private, no-cache")
    } else if ["/casework", "/refer", "/account", "/staff", "/write", "/invite", "/password", "/events/signup"].iter().any(|p| under(p)) {
        Some("private, no-store")
    } else {
        None
    }
}

#[cfg(test)]
mod private_tests {
    #[test]
    fn personal_pages_are_not_stored() {
        assert_eq!(super::private_cache_control("/casework"), Some("private, no-store"));
        assert_eq!(super::private_cache_control("/casework/intake"), Some("private, no-store"));
        assert_eq!(super::private_cache_control("/casework/cases/3"), Some("private, no-cache"));
        assert_eq!(super::private_cache_control("/casework/cases/3/form1"), Some("private, no-store"));
        assert_eq!(super::private_cache_control("/refer"), Some("private, no-store"));
        assert_eq!(super::private_cache_control("/account/checks/2"), Some("private, no-store"));
        assert_eq!(super::private_cache_control("/events/signup/k3J9x"), Some("private, no-store"));
        assert_eq!(super::private_cache_control("/events/12"), None);
        assert_eq!(super::private_cache_control("/accounts"), None);
        assert_eq!(super::private_cache_control("/activities"), None);
    }
}
