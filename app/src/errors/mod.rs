//! 404 (rendered by the router, status set to 404), the static 500 page
//! served when a request fails inside the server, and the static 503 page
//! when the database is out of reach.
mod server_error;

pub use server_error::{server_error_html, unavailable_html, STYLE as SERVER_ERROR_STYLE};

use crate::i18n::*;
use crate::ui::PageHeading;
use leptos::prelude::*;

/// The response being made answers `error`: its status (the one mapping,
/// [`crate::error::AppError::status`]) and `Retry-After` where waiting
/// helps. Through the request's `ResponseOptions`, leptos' own per-request
/// channel to the response; outside a request (start-up, background jobs)
/// there is none and nothing happens.
#[cfg(feature = "ssr")]
pub fn answer_with(error: &crate::error::AppError) {
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http::StatusCode::from_u16(error.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR));
        if let Some(seconds) = error.retry_after() {
            resp.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(seconds));
        }
    }
}

/// The database could not serve this request (down, read-only, full): the
/// answer becomes 503 with `Retry-After`, whatever the page or server
/// function does with the error, and a page request gets the 503 page
/// (the server's error layer).
#[cfg(feature = "ssr")]
pub fn note_unavailable() {
    answer_with(&crate::error::AppError::Unavailable);
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <div class="error-page" data-status="404">
            <PageHeading title=Signal::derive(move || t_string!(i18n, common.errors.not_found_title).to_string()) />
            <p>{t!(i18n, common.errors.not_found_body)}</p>
            <p class="error-code">{t!(i18n, common.errors.code)}": 404"</p>
            <a class="button" href="/">{t!(i18n, common.errors.back_home)}</a>
        </div>
    }
}
