use crate::health_check::device::SavedResult;
use crate::health_check::result_facts::QuestionnaireLabels;
use crate::i18n::*;
use crate::islands::resident::check_result::{chart_svg, is_positive_health, Scores};
use crate::ui::access::AccessDenied;
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// A result saved to the account: the chart and scores, rendered on the
/// server (no client code).
#[component]
pub fn SavedCheckPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_params_map().with_untracked(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let saved = Resource::new(move || (), move |_| crate::accounts::saved_checks::get_saved_check(id));
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, accounts.saved_check_title).to_string()) />
        <Suspense>
            {move || Suspend::new(async move {
                match saved.await {
                    Err(e) => view! { <AccessDenied error=e /> }.into_any(),
                    Ok(r) => {
                        let labels = crate::health_check::result_labels(r.questionnaire_id.clone()).await.ok().flatten();
                        view! {
                            <p class="muted">{r.taken_at.replace('T', " ")}</p>
                            <SavedResultView result=r labels=labels />
                            <p><a class="button secondary" href="/account">{t!(i18n, accounts.back_to_account)}</a></p>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// A result saved to the person's account (マイページ), drawn like the
/// device's own.
#[component]
fn SavedResultView(result: SavedResult, labels: Option<QuestionnaireLabels>) -> impl IntoView {
    let i18n = use_i18n();
    let english = i18n.get_locale() == Locale::en;
    let svg = is_positive_health(&result).then(|| chart_svg(&result, None, i18n.get_locale()));
    let note = result.note.clone();
    view! {
        <p class="muted">{result.title.pick(english).to_string()}</p>
        {svg.map(|svg| view! { <figure class="spider" data-testid="spider"><div class="spider-chart" inner_html=svg></div></figure> })}
        <Scores current=result labels=labels />
        {(!note.is_empty()).then(|| view! { <section><h2>{t!(i18n, health.note)}</h2><p class="pre-line">{note}</p></section> })}
    }
}
