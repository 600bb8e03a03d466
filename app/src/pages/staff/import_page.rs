//! `/staff/import`: bulk import (the [`ImportDesk`] island).
use crate::i18n::*;
use crate::islands::work::staff::import::ImportDesk;
use crate::ui::PageHeading;
use leptos::prelude::*;

#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, staff.import_title).to_string()) />
        <ImportDesk />
    }
}
