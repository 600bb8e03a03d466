//! 「あなたに合いそうな活動」 and 「リンクワーカーに相談する」 on the result
//! page. Suggestions are worked out on this device from public listing
//! facts (the server is told at most a district); the reasons are shown.
use crate::health_check::device::SavedResult;
use crate::health_check::questionnaire::POSITIVE_HEALTH_DIMENSIONS;
use crate::health_check::referral::{CONSENT_PURPOSE_EN, CONSENT_PURPOSE_JA};
use crate::health_check::suggest::{suggest, Suggestion, SuggestionRules};
use crate::health_check::{suggestion_candidates, suggestion_rules, ReferralReply, SelfReferral};
use crate::activities::views::DistrictSelect;
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn Suggestions(result: SavedResult) -> impl IntoView {
    let i18n = use_i18n();
    let english = move || i18n.get_locale() == Locale::en;
    let interests = RwSignal::new(String::new());
    let district = RwSignal::new(String::new());
    let found = RwSignal::new(None::<Result<Vec<Suggestion>, ()>>);
    let categories = Resource::new(|| (), |_| crate::activities::list_categories());
    let scores: Vec<(String, Option<f32>)> = result
        .result
        .sections
        .iter()
        .map(|s| (s.section_id.clone(), s.score.map(|t| t.as_f32())))
        .collect();
    let run = move |_| {
        let scores = scores.clone();
        let words: Vec<String> = interests.get_untracked().split([' ', '　', ',', '、']).filter(|w| !w.is_empty()).map(str::to_string).collect();
        let district = district.get_untracked();
        leptos::task::spawn_local(async move {
            let cats = categories.await.unwrap_or_default();
            match suggestion_candidates(district).await {
                Ok(candidates) => {
                    // the city's table; the shipped one if it cannot be fetched
                    let rules = suggestion_rules().await.unwrap_or_else(|_| SuggestionRules::builtin());
                    let dim = |id: &str| {
                        POSITIVE_HEALTH_DIMENSIONS.iter().find(|(d, _, _)| *d == id).map(|(_, ja, en)| (ja.to_string(), en.to_string())).unwrap_or_default()
                    };
                    let cat = |slug: &str| cats.iter().find(|c| c.slug == slug).map(|c| (c.name_ja.clone(), c.name_en.clone())).unwrap_or_default();
                    found.set(Some(Ok(suggest(&rules, &scores, &words, &candidates, &dim, &cat, 6))));
                }
                Err(_) => found.set(Some(Err(()))),
            }
        });
    };
    view! {
        <section class="suggestions" aria-labelledby="suggest-heading" data-testid="suggestions">
            <h2 id="suggest-heading">{t!(i18n, health.suggest_title)}</h2>
            <p>{t!(i18n, health.suggest_lead)}</p>
            <div class="filter-grid">
                <label>
                    <span>{t!(i18n, health.interests)}</span>
                    <input type="text" prop:value=move || interests.get() on:input=move |e| interests.set(event_target_value(&e))
                        placeholder=move || t_string!(i18n, health.interests_placeholder) />
                </label>
                <div on:change=move |e| district.set(event_target_value(&e))>
                    <DistrictSelect selected=Signal::derive(move || district.get()) />
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

#[component]
pub fn TalkToLinkWorker(result: SavedResult) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SelfReferral>::new();
    let result_json = serde_json::to_string(&result.result).unwrap_or_default();
    let errors = move || match action.value().get() {
        Some(Ok(ReferralReply::Invalid(e))) => e,
        _ => vec![],
    };
    let error_for = move |name: &'static str| {
        move || errors().into_iter().find(|e| e.field == name).map(|e| view! { <span class="field-error" role="alert">{e.problem.message(i18n.get_locale())}</span> })
    };
    let done = move || matches!(action.value().get(), Some(Ok(ReferralReply::Received)));
    view! {
        <details class="talk card" data-testid="talk">
            <summary>{t!(i18n, health.talk_button)}</summary>
            <p>{t!(i18n, health.talk_lead)}</p>
            <div hidden=done>
                <ActionForm action=action>
                    <input type="hidden" name="form[result_json]" value=result_json />
                    <input type="hidden" name="form[lang]" value=move || if i18n.get_locale() == Locale::en { "en" } else { "ja" } />
                    <label class="field"><span>{t!(i18n, events.name)}</span><input type="text" name="form[name]" autocomplete="name" required />{error_for("name")}</label>
                    <label class="field"><span>{t!(i18n, events.contact_field)}</span><input type="text" name="form[contact]" autocomplete="tel" required />{error_for("contact")}</label>
                    <label class="field"><span>{t!(i18n, health.contact_method)}</span>
                        <select name="form[contact_method]">
                            <option value="any">{t!(i18n, health.method_any)}</option>
                            <option value="phone">{t!(i18n, health.method_phone)}</option>
                            <option value="email">{t!(i18n, health.method_email)}</option>
                            <option value="visit">{t!(i18n, health.method_visit)}</option>
                        </select>
                    </label>
                    <label class="field"><span>{t!(i18n, health.contact_time)}</span><input type="text" name="form[contact_time]" /></label>
                    <label class="field"><span>{t!(i18n, health.topic)}</span><textarea name="form[topic]" rows="3"></textarea></label>
                    <label class="check"><input type="checkbox" name="form[attach]" value="true" /><span>{t!(i18n, health.attach)}</span></label>
                    <label class="check consent">
                        <input type="checkbox" name="form[consent]" value="true" required />
                        <span data-testid="consent-text">{move || if i18n.get_locale() == Locale::en { CONSENT_PURPOSE_EN } else { CONSENT_PURPOSE_JA }}</span>
                    </label>
                    {error_for("consent")}
                    <label class="honeypot" aria-hidden="true">"website"<input type="text" name="website" tabindex="-1" autocomplete="off" /></label>
                    <button type="submit" class="button">{t!(i18n, health.talk_send)}</button>
                </ActionForm>
            </div>
            {move || done().then(|| view! { <p class="notice" role="status" data-testid="talk-done">{t!(i18n, health.talk_done)}</p> })}
            {move || matches!(action.value().get(), Some(Err(_))).then(|| view! { <p class="error" role="alert">{t!(i18n, common.errors.server_error_body)}</p> })}
        </details>
    }
}

/// 「市の統計に協力する」: off until the person ticks it and presses send.
#[component]
pub fn Contribute(result: SavedResult) -> impl IntoView {
    use crate::health_check::statistics::{Contribution, AGE_BANDS};
    let i18n = use_i18n();
    let agreed = RwSignal::new(false);
    let age = RwSignal::new(String::new());
    let district = RwSignal::new(String::new());
    let state = RwSignal::new(None::<bool>);
    let send = move |_| {
        let c = Contribution {
            questionnaire_id: result.questionnaire_id.clone(),
            version: result.result.version,
            scores: result.result.sections.iter().filter_map(|s| s.score.map(|t| (s.section_id.clone(), t))).collect(),
            age_band: age.get_untracked(),
            district: district.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            state.set(Some(crate::health_check::contribute(c).await.is_ok()));
        });
    };
    view! {
        <details class="talk card" data-testid="contribute">
            <summary>{t!(i18n, health.stats_title)}</summary>
            <p>{t!(i18n, health.stats_lead)}</p>
            <label class="field"><span>{t!(i18n, health.age_band)}</span>
                <select on:change=move |e| age.set(event_target_value(&e))>
                    <option value="">{t!(i18n, health.not_say)}</option>
                    {AGE_BANDS.iter().map(|b| view! { <option value=*b>{b.replace('-', "〜")}</option> }).collect_view()}
                </select>
            </label>
            <div on:change=move |e| district.set(event_target_value(&e))>
                <DistrictSelect selected=Signal::derive(move || district.get()) />
            </div>
            <label class="check consent">
                <input type="checkbox" prop:checked=move || agreed.get() on:change=move |e| agreed.set(event_target_checked(&e)) />
                <span>{t!(i18n, health.stats_agree)}</span>
            </label>
            <button type="button" class="button secondary" disabled=move || !agreed.get() || state.get() == Some(true) on:click=send data-testid="contribute-send">
                {t!(i18n, health.stats_send)}
            </button>
            {move || match state.get() {
                Some(true) => view! { <p class="notice" role="status" data-testid="contribute-done">{t!(i18n, health.stats_done)}</p> }.into_any(),
                Some(false) => view! { <p class="error" role="alert">{t!(i18n, health.suggest_offline)}</p> }.into_any(),
                None => ().into_any(),
            }}
        </details>
    }
}
