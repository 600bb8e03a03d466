//! `GET /api/openapi.json`: the OpenAPI 3.1 description of the machine-facing
//! API (HSDS, map points, the activities CSV, the event and report feeds,
//! casework sync and the photo uploads). It is derived (utoipa) from the
//! handlers' own `#[utoipa::path]` annotations and the types they serve, so
//! it changes with them; `server/tests/it/openapi.rs` checks every
//! machine-facing route is in it and real answers match its schemas, and
//! `scripts/bench-openapi.sh` runs schemathesis against a running server.
//!
//! The server functions under `/api/` (the pages' own calls, with
//! Leptos' encoding) are not part of it: they change with the pages.
use crate::AppState;
use axum::http::{header, HeaderValue, Method};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::sync::LazyLock;
use tower_http::cors::{Any, CorsLayer};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tsunagu (つなぐ) machine API",
        description = "Open data (HSDS 3.0 services, the activities CSV, the map's points, event and report feeds) for anyone, and the routes the portal's own tablets and phones use (casework sync, photo uploads). Dates are Asia/Tokyo. Every JSON refusal has the shape `ErrorBody`: `error` always, in English or as a code, with the words in Japanese (`error_ja`) or in the caller's language (`message`). A 503 means the database is out of reach for a moment (`Retry-After`), never that the request was wrong. Writes that carry the session cookie must come from the portal's own pages (`Origin` or `Sec-Fetch-Site: same-origin`).",
        license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0"),
    ),
    paths(
        serve,
        crate::hsds::root,
        crate::hsds::services,
        crate::hsds::service,
        crate::hsds::organizations,
        crate::hsds::organization,
        crate::hsds::taxonomies,
        crate::hsds::taxonomy,
        crate::hsds::taxonomy_terms,
        crate::hsds::taxonomy_term,
        crate::map::points,
        crate::import::export_public,
        crate::events::list_ics,
        crate::events::event_ics,
        crate::events::atom,
        crate::reports::feed,
        crate::reports::upload,
        crate::suggestions::photo,
        crate::casework::sync,
        crate::casework::vault_key,
    ),
    components(schemas(crate::reply::ErrorBody, crate::reply::ItemProblem)),
    modifiers(&SessionCookie),
    tags(
        (name = "meta", description = "About this API"),
        (name = "hsds", description = "Open Referral HSDS 3.0 (read only, open data, any origin)"),
        (name = "map", description = "The resource map's data"),
        (name = "activities", description = "Open data downloads"),
        (name = "events", description = "Event feeds to subscribe to"),
        (name = "reports", description = "Community reports (つながるレポート)"),
        (name = "suggestions", description = "Residents' suggestions of places and activities"),
        (name = "casework", description = "Link workers' tablets (special-care personal data; signed in, assigned cases only)"),
    )
)]
pub struct ApiDoc;

/// The session cookie as the security scheme of the signed-in routes.
struct SessionCookie;

impl Modify for SessionCookie {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                tsunagu_app::accounts::session::SESSION_COOKIE,
                "Set by signing in on the portal (HttpOnly, SameSite=Lax)",
            ))),
        );
    }
}

/// The document, made once.
static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    let mut doc = ApiDoc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_string();
    doc.to_pretty_json().expect("the OpenAPI document serialises")
});

/// The document as JSON (also for the tests and the bench script).
pub fn document() -> &'static str {
    &DOCUMENT
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/openapi.json", get(serve))
        .layer(CorsLayer::new().allow_origin(Any).allow_methods([Method::GET, Method::HEAD]))
}

#[utoipa::path(get, path = "/api/openapi.json", tag = "meta",
    summary = "This document",
    responses((status = 200, description = "The OpenAPI 3.1 description of the machine API", body = Object)))]
pub(crate) async fn serve() -> Response {
    let mut resp = document().into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    resp
}
