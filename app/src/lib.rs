//! Tsunagu: the Leptos app shared by the axum server (feature `ssr`) and the
//! WASM client (feature `hydrate`). Organised by feature; shared UI in `ui`.
#![recursion_limit = "256"]
// The islands client compiles the features whole but runs only their islands:
// view helpers that only pages use are expected to go unused there.
#![cfg_attr(all(feature = "islands", not(feature = "ssr")), allow(dead_code))]

pub mod about;
pub mod accounts;
pub mod audit;
pub mod activities;
#[cfg(any(feature = "ssr", not(feature = "islands")))]
pub mod attendance;
pub mod events;
pub mod feeds;
pub mod health_check;
pub mod map;
/// The routes and the document: the server renders them; in islands mode the
/// browser never does (only `islands` run there), so the client builds
/// without pages.
#[cfg(any(feature = "ssr", not(feature = "islands")))]
pub mod app;
pub mod config;
pub mod districts;
pub mod error;
pub mod errors;

pub mod i18n;
pub mod preferences;
pub mod rate_limit;
pub mod reports;
pub mod resources;
#[cfg(feature = "ssr")]
pub mod security;
pub mod suggestions;
pub mod shell;
pub mod staff;
pub mod calendar;
#[cfg(any(feature = "ssr", not(feature = "islands")))]
pub mod pages;
pub mod casework;
#[cfg(any(feature = "ssr", not(feature = "islands")))]
pub mod dashboard;
pub mod diary;
pub mod islands;
#[cfg(any(feature = "ssr", not(feature = "islands")))]
pub mod points;
pub mod ui;
pub mod validation;

#[cfg(feature = "ssr")]
pub mod db;

#[cfg(any(feature = "ssr", not(feature = "islands")))]
pub use app::{shell, App};

/// Entry point of the WASM client: hydrate the server-rendered body.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    #[cfg(feature = "islands")]
    {
        leptos::mount::hydrate_islands();
        // no client-side router: a server function's redirect loads the page
        _ = leptos::server_fn::redirect::set_redirect_hook(|loc: &str| crate::ui::browser::go_to(loc));
        shell::pwa::mark_hydrated_after_islands();
    }
    #[cfg(not(feature = "islands"))]
    leptos::mount::hydrate_body(App);
}
