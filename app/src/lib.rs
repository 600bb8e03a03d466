//! Tsunagu: the Leptos app shared by the axum server (feature `ssr`) and the
//! WASM client (feature `hydrate`). Organised by feature; shared UI in `ui`.
#![recursion_limit = "256"]

pub mod about;
pub mod accounts;
pub mod activities;
pub mod events;
pub mod feeds;
pub mod health_check;
pub mod map;
pub mod app;
pub mod config;
pub mod districts;
pub mod error;
pub mod errors;

pub mod i18n;
pub mod preferences;
pub mod reports;
pub mod resources;
pub mod suggestions;
pub mod shell;
pub mod staff;
pub mod calendar;
pub mod pages;
pub mod casework;
pub mod ui;
pub mod validation;

#[cfg(feature = "ssr")]
pub mod db;

pub use app::{shell, App};

/// Entry point of the WASM client: hydrate the server-rendered body.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
