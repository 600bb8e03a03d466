//! The result of a check: read from this device by the
//! [`ResultFromDevice`] island.
use crate::i18n::*;
use crate::islands::resident::check_result::ResultFromDevice;
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ResultPage() -> impl IntoView {
    let i18n = use_i18n();
    let rid = use_params_map().with_untracked(|p| p.get("rid").unwrap_or_default());
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, health.result_title).to_string()) />
        <ResultFromDevice rid=rid />
    }
}
