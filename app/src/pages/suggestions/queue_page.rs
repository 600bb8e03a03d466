//! `/staff/suggestions`: residents' suggestions to decide (the [`SuggestionQueue`] island).
use crate::i18n::*;
use crate::islands::work::staff::suggestions::SuggestionQueue;
use crate::ui::PageHeading;
use leptos::prelude::*;

#[component]
pub fn SuggestionQueuePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, places.queue_title).to_string()) />
        <SuggestionQueue />
    }
}
