//! Past results on this device (the list is in the [`DeviceHistory`] island).
use crate::i18n::*;
use crate::islands::resident::check_history::DeviceHistory;
use crate::ui::PageHeading;
use leptos::prelude::*;

#[component]
pub fn HistoryPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, health.history_title).to_string())
            lead=Signal::derive(move || t_string!(i18n, health.history_lead).to_string())
        />
        <DeviceHistory />
    }
}
