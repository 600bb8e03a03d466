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
