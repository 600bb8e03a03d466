//! `/casework/intake`: the office lead's queue (the [`IntakeQueue`] island).
use crate::i18n::*;
use crate::islands::work::casework::intake::IntakeQueue;
use crate::ui::PageHeading;
use leptos::prelude::*;

#[component]
pub fn IntakePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, casework.queue_title).to_string())
            lead=Signal::derive(move || t_string!(i18n, casework.queue_lead).to_string())
        />
        <IntakeQueue />
    }
}
