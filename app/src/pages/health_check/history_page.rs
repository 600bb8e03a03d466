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
        <Suspense>
            {move || Suspend::new(async move {
                // the shipped questionnaires when the city's list cannot be read
                let ids: Vec<String> = match crate::health_check::questionnaires_or_builtin().await {
                    Ok(list) => list.into_iter().map(|q| q.id).collect(),
                    Err(_) => Vec::new(),
                };
                view! { <DeviceHistory questionnaire_ids=ids /> }
            })}
        </Suspense>
    }
}
