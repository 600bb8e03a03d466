//! 404 (rendered by the router, status set to 404) and the static 500 page
//! served when a request fails inside the server.
mod server_error;

pub use server_error::{server_error_html, STYLE as SERVER_ERROR_STYLE};

use crate::i18n::*;
use crate::ui::PageHeading;
use leptos::prelude::*;

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
