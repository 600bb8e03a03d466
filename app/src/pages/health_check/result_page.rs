//! The result of a check: read from this device by the result islands
//! ([`ResultFromDevice`], the note, the suggestions); the conversation
//! prompts and the plain forms (`result_forms`) are server HTML. Every
//! result's page is the same HTML but for what a form's answer put in the
//! query, so the service worker keeps one copy for offline use.
use super::result_forms::{Contribute, FormOutcome, SaveToAccount, TalkToLinkWorker};
use crate::health_check::result_facts::ResultPageFacts;
use crate::i18n::*;
use crate::islands::resident::check_result::{ResultFromDevice, ResultNote};
use crate::islands::resident::next_steps::Suggestions;
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ResultPage() -> impl IntoView {
    let i18n = use_i18n();
    let rid = use_params_map().with_untracked(|p| p.get("rid").unwrap_or_default());
    let outcome = use_query_map().with_untracked(|q| FormOutcome::from_query(|k| q.get(k)));
    let facts = Resource::new(|| (), |_| crate::health_check::result_page_facts());
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, health.result_title).to_string()) />
        <Suspense>
            {move || {
                let (rid, outcome) = (rid.clone(), outcome.clone());
                Suspend::new(async move {
                    let facts = facts.await.unwrap_or_else(|e| {
                        tracing_warn(&e);
                        ResultPageFacts::default()
                    });
                    view! {
                        <ResultFromDevice rid=rid.clone() labels=facts.labels />
                        <SaveToAccount rid=rid.clone() outcome=outcome.saved />
                        <ResultNote rid=rid.clone()>
                            <h2 id="talk-heading">{t!(i18n, health.talk_title)}</h2>
                            <ul class="prompts">
                                <li>{t!(i18n, health.prompt_matters)}</li>
                                <li>{t!(i18n, health.prompt_change)}</li>
                                <li>{t!(i18n, health.prompt_help)}</li>
                            </ul>
                        </ResultNote>
                        <Suggestions rid=rid.clone() rules=facts.rules categories=facts.categories>
                            <crate::activities::views::DistrictSelect selected=Signal::derive(String::new) />
                        </Suggestions>
                        <TalkToLinkWorker rid=rid.clone() sent=outcome.talk_sent invalid_fields=outcome.talk_fields busy=outcome.talk_busy />
                        <Contribute rid=rid outcome=outcome.contributed busy=outcome.contribute_busy />
                    }
                })
            }}
        </Suspense>
    }
}

/// The facts could not be read (the page still shows the result, unnamed).
fn tracing_warn(e: &crate::error::AppError) {
    #[cfg(feature = "ssr")]
    tracing::warn!("result page facts: {e}");
    let _ = e;
}
