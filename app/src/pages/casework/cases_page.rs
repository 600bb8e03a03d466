//! `/casework`: the link worker's cases (the [`CaseList`] island).
use crate::i18n::*;
use crate::islands::work::casework::cases::CaseList;
use crate::ui::PageHeading;
use leptos::prelude::*;

#[component]
pub fn CasesPage() -> impl IntoView {
    let i18n = use_i18n();
    let vault_days = use_context::<crate::config::PublicConfig>().unwrap_or_default().vault_days;
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, casework.cases_title).to_string())
            lead=Signal::derive(move || t_string!(i18n, casework.cases_lead).to_string())
        />
        <CaseList vault_days=vault_days />
        <p class="no-print"><a href="/staff/dashboard" data-testid="team-dashboard-link">{t!(i18n, dashboard.team_link)}</a></p>
    }
}
