//! 「あなたに合いそうな活動」 on the result page. Suggestions are worked out
//! on this device from public listing facts (the server is told at most a
//! district); the reasons are shown. The rules and the category names come
//! from the page as props; the district list is the server's `children`.
//! (「リンクワーカーに相談する」 and 「市の統計に協力する」 are plain forms:
//! `pages/health_check/result_forms.rs`.)
use crate::health_check::device::{self, SavedResult};
use crate::health_check::questionnaire::{Text, POSITIVE_HEALTH_DIMENSIONS};
use crate::health_check::suggest::{suggest, Suggestion, SuggestionRules};
use crate::health_check::suggestion_candidates;
use crate::i18n::*;
use crate::islands::{island, needs, Part};
use leptos::prelude::*;

/// The result `rid` of this device (the address bar's id, as the result
/// island reads it), when it is a Positive Health result.
fn positive_health_result(rid: &str) -> Option<SavedResult> {
    let id = super::check_result::shown_result_id(rid);
    device::history().into_iter().find(|r| r.id == id).filter(super::check_result::is_positive_health)
}

#[island]
pub fn Suggestions(rid: String, rules: SuggestionRules, categories: Vec<(String, Text)>, children: Children) -> impl IntoView {
    needs(Part::Results);
    let i18n = island_i18n();
    let english = move || i18n.get_locale() == Locale::en;
    let result = RwSignal::new(None::<SavedResult>);
    Effect::new(move |_| result.set(positive_health_result(&rid)));
    let interests = RwSignal::new(String::new());
    let district = RwSignal::new(String::new());
    let found = RwSignal::new(None::<Result<Vec<Suggestion>, ()>>);
    let run = move |_| {
        let Some(r) = result.get_untracked() else { return };
        let scores: Vec<(String, Option<f32>)> = r.result.sections.iter().map(|s| (s.section_id.clone(), s.score.map(|t| t.as_f32()))).collect();
        let words: Vec<String> = interests.get_untracked().split([' ', '　', ',', '、']).filter(|w| !w.is_empty()).map(str::to_string).collect();
        let (rules, categories) = (rules.clone(), categories.clone());
        let district = district.get_untracked();
        leptos::task::spawn_local(async move {
            match suggestion_candidates(district).await {
                Ok(candidates) => {
                    let dim = |id: &str| {
                        POSITIVE_HEALTH_DIMENSIONS.iter().find(|(d, _, _)| *d == id).map(|(_, ja, en)| (ja.to_string(), en.to_string())).unwrap_or_default()
                    };
                    let cat = |slug: &str| categories.iter().find(|(s, _)| s == slug).map(|(_, t)| (t.ja.clone(), t.en.clone())).unwrap_or_default();
                    found.set(Some(Ok(suggest(&rules, &scores, &words, &candidates, &dim, &cat, 6))));
                }
                Err(_) => found.set(Some(Err(()))),
            }
        });
    };
    view! {
        <section class="suggestions" aria-labelledby="suggest-heading" data-testid="suggestions" hidden=move || result.get().is_none()>
            <h2 id="suggest-heading">{t!(i18n, health.suggest_title)}</h2>
            <p>{t!(i18n, health.suggest_lead)}</p>
            <div class="filter-grid">
                <label>
                    <span>{t!(i18n, health.interests)}</span>
                    <input type="text" prop:value=move || interests.get() on:input=move |e| interests.set(event_target_value(&e))
                        placeholder=move || t_string!(i18n, health.interests_placeholder) />
                </label>
                <div on:change=move |e| district.set(event_target_value(&e))>
                    {children()}
                </div>
            </div>
            <button type="button" class="button" data-testid="suggest" on:click=run>{t!(i18n, health.suggest_button)}</button>
            {move || match found.get() {
                None => ().into_any(),
                Some(Err(())) => view! { <p class="error" role="alert">{t!(i18n, health.suggest_offline)}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p role="status">{t!(i18n, health.suggest_none)}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="results" role="status" data-testid="suggestion-list">
                        {list.into_iter().map(|s| view! {
                            <li class="card result" data-dimension=s.dimension.clone().unwrap_or_default() data-category=s.category.clone()>
                                <a class="result-link" href=format!("/activities/{}", s.candidate_id)>
                                    <h3 class="result-name">{s.name.clone()}</h3>
                                    <p class="reason">{move || if english() { s.reason_en.clone() } else { s.reason_ja.clone() }}</p>
                                </a>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}
