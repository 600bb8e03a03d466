//! `/suggest`: おすすめを教える (the [`SuggestPlace`] island).
use crate::i18n::*;
use crate::islands::resident::suggest::SuggestPlace;
use crate::ui::PageHeading;
use leptos::prelude::*;

#[component]
pub fn SuggestPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, places.suggest_title).to_string())
            lead=Signal::derive(move || t_string!(i18n, places.suggest_lead).to_string())
        />
        <SuggestPlace />
    }
}
