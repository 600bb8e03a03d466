//! The result of a check, read from this device: the spider-web chart (drawn
//! in Rust, the previous result of the same questionnaire dashed), the
//! scores in words for screen readers, the gentle result sentences, the
//! conversation prompts with a private note, and the chart as an image file.
use crate::health_check::chart::{spider_svg, ChartOptions, ChartSeries};
use crate::health_check::device::{self, SavedResult};
use crate::health_check::questionnaire::{Questionnaire, QuestionnaireKind, POSITIVE_HEALTH_DIMENSIONS};
use crate::activities::query::encode;
use crate::i18n::*;
use crate::islands::{island, needs, Part};
use leptos::prelude::*;

/// `2026-11-24T10:05` → `2026/11/24 10:05`.
fn shown_date(taken_at: &str) -> String {
    taken_at.replacen('-', "/", 2).replace('T', " ")
}

/// The chart of `current` (and `previous`) in the page's language.
pub fn chart_svg(current: &SavedResult, previous: Option<&SavedResult>, locale: Locale) -> String {
    let english = locale == Locale::en;
    let axes: Vec<String> = POSITIVE_HEALTH_DIMENSIONS
        .iter()
        .map(|(id, ja, en)| {
            let name = if english { *en } else { *ja };
            match section_score(current, id) {
                Some(_) => name.to_string(),
                None => format!("{name}{}", if english { " (no answer)" } else { "（未回答）" }),
            }
        })
        .collect();
    let series = |r: &SavedResult, name: String| ChartSeries {
        name,
        scores: POSITIVE_HEALTH_DIMENSIONS.iter().map(|(id, _, _)| section_score(r, id)).collect(),
    };
    let now = series(current, td_string!(locale, health.this_time, date = shown_date(&current.taken_at)).to_string());
    let before = previous.map(|p| series(p, td_string!(locale, health.last_time, date = shown_date(&p.taken_at)).to_string()));
    let opts = ChartOptions {
        size: 360,
        title: td_string!(locale, health.result_title).to_string(),
        description: td_string!(locale, health.chart_desc).to_string(),
    };
    spider_svg(&axes, &now, before.as_ref(), &opts)
}

fn section_score(r: &SavedResult, id: &str) -> Option<f32> {
    r.result.sections.iter().find(|s| s.section_id == id).and_then(|s| s.score).map(|t| t.as_f32())
}

/// The result `rid` kept on this device (read once the island runs: the
/// server has no results; every result page has the same HTML, so the
/// service worker serves one copy for all of them offline).
#[island]
pub fn ResultFromDevice(rid: String) -> impl IntoView {
    needs(Part::Results);
    let i18n = island_i18n();
    // (this result, the previous one of the same questionnaire), from the device
    let found = RwSignal::new(None::<Option<(SavedResult, Option<SavedResult>)>>);
    Effect::new(move |_| {
        // the address bar's id: offline, one kept copy of a result page
        // (made for `_`) stands in for every result
        let id = crate::ui::browser::current_path()
            .and_then(|p| p.rsplit('/').next().map(str::to_string))
            .filter(|id| !id.is_empty())
            .unwrap_or_else(|| rid.clone());
        let all = device::history();
        let pos = all.iter().position(|r| r.id == id);
        found.set(Some(pos.map(|i| {
            let current = all[i].clone();
            let previous = all[..i].iter().rev().find(|r| r.questionnaire_id == current.questionnaire_id).cloned();
            (current, previous)
        })));
    });
    view! {
        {move || match found.get() {
            None => view! { <p class="muted" data-testid="loading-result">{t!(i18n, health.loading_device)}</p> }.into_any(),
            Some(None) => view! {
                <p class="error">{t!(i18n, health.result_not_found)}</p>
                <p><a class="button secondary" href="/health-check">{t!(i18n, health.all_checks)}</a></p>
            }.into_any(),
            Some(Some((current, previous))) => view! { <ResultView current=current previous=previous /> }.into_any(),
        }}
    }
}

#[component]
fn ResultView(current: SavedResult, previous: Option<SavedResult>) -> impl IntoView {
    let i18n = use_i18n();
    let q = Resource::new({ let id = current.questionnaire_id.clone(); move || id.clone() }, crate::health_check::questionnaire_or_builtin);
    let english = move || i18n.get_locale() == Locale::en;
    let is_ph = current.result.sections.iter().any(|s| POSITIVE_HEALTH_DIMENSIONS.iter().any(|(id, _, _)| *id == s.section_id));
    let svg = { let (c, p) = (current.clone(), previous.clone()); move || chart_svg(&c, p.as_ref(), i18n.get_locale()) };
    let download = { let svg = svg.clone(); move || format!("data:image/svg+xml;charset=utf-8,{}", encode(&svg()).replace('+', "%20")) };
    let title = current.title.clone();
    let taken = shown_date(&current.taken_at);
    let c2 = current.clone();
    view! {
        <p class="muted" data-testid="result-meta">{move || title.pick(english()).to_string()}" · "{move || td_string!(i18n.get_locale(), health.taken_at, date = taken.clone()).to_string()}</p>
        {is_ph.then(|| view! {
            <figure class="spider" data-testid="spider" data-previous=previous.is_some().to_string()>
                <div class="spider-chart" inner_html=svg.clone()></div>
                <figcaption class="contact-actions">
                    <a class="button secondary" href=download download="positive-health.svg">{t!(i18n, health.download_svg)}</a>
                    <button type="button" class="button secondary" data-testid="download-png"
                        on:click={ let svg = svg.clone(); move |_| crate::ui::browser::download_svg_as_png(&svg(), "positive-health.png", 2.0) }>
                        {t!(i18n, health.download_png)}
                    </button>
                </figcaption>
            </figure>
        })}
        <Suspense>
            {move || {
                let current = c2.clone();
                Suspend::new(async move {
                    let q = q.await.ok();
                    view! { <Scores current=current q=q /> }
                })
            }}
        </Suspense>
        <SaveToAccount result=current.clone() />
        {is_ph.then(|| view! { <Conversation result=current.clone() /> })}
        {is_ph.then(|| view! { <crate::islands::resident::next_steps::Suggestions result=current.clone() /> })}
        <crate::islands::resident::next_steps::TalkToLinkWorker result=current.clone() />
        {is_ph.then(|| view! { <crate::islands::resident::next_steps::Contribute result=current.clone() /> })}
        <p class="contact-actions">
            <a class="button" href=format!("/health-check/{}", current.questionnaire_id)>{t!(i18n, health.retake)}</a>
            <a class="button secondary" href="/health-check/history">{t!(i18n, health.history)}</a>
        </p>
    }
}

/// 「アカウントに保存」: the one way (besides a self-referral) a result reaches
/// the server, and only when the person presses it while signed in.
#[component]
fn SaveToAccount(result: SavedResult) -> impl IntoView {
    use crate::error::AppError;
    let i18n = use_i18n();
    let state = RwSignal::new(None::<Result<i64, AppError>>);
    let rid = result.id.clone();
    let save = move |_| {
        let r = result.clone();
        leptos::task::spawn_local(async move {
            state.set(Some(crate::accounts::saved_checks::save_check(r).await));
        });
    };
    view! {
        <section class="card save-account" data-testid="save-account">
            <p class="muted">{t!(i18n, health.save_account_lead)}</p>
            <button type="button" class="button secondary" on:click=save disabled=move || matches!(state.get(), Some(Ok(_)))>
                {t!(i18n, health.save_account)}
            </button>
            {move || match state.get() {
                None => None,
                Some(Ok(_)) => Some(view! {
                    <p class="notice" role="status" data-testid="saved-to-account">{t!(i18n, health.saved_to_account)}" "<a href="/account">{t!(i18n, accounts.account_title)}</a></p>
                }.into_any()),
                Some(Err(AppError::SignInRequired)) => Some(view! {
                    <p class="notice" role="alert" data-testid="save-needs-login">{t!(i18n, health.save_needs_login)}" "
                        <a href=format!("/login?next=/health-check/results/{}", rid.clone())>{t!(i18n, accounts.login)}</a></p>
                }.into_any()),
                Some(Err(_)) => Some(view! { <p class="error" role="alert">{t!(i18n, health.suggest_offline)}</p> }.into_any()),
            }}
        </section>
    }
}

/// A result kept in the account, rendered on the server: chart, scores, note.
/// A result saved to the person's account (マイページ), drawn like the
/// device's own.
#[island]
pub fn SavedResultView(result: SavedResult) -> impl IntoView {
    needs(Part::Results);
    let i18n = island_i18n();
    let q = Resource::new({ let id = result.questionnaire_id.clone(); move || id.clone() }, crate::health_check::questionnaire_or_builtin);
    let is_ph = result.result.sections.iter().any(|s| POSITIVE_HEALTH_DIMENSIONS.iter().any(|(id, _, _)| *id == s.section_id));
    let english = move || i18n.get_locale() == Locale::en;
    let title = result.title.clone();
    let svg = { let c = result.clone(); move || chart_svg(&c, None, i18n.get_locale()) };
    let note = result.note.clone();
    view! {
        <p class="muted">{move || title.pick(english()).to_string()}</p>
        {is_ph.then(|| view! { <figure class="spider" data-testid="spider"><div class="spider-chart" inner_html=svg></div></figure> })}
        <Suspense>
            {move || {
                let current = result.clone();
                Suspend::new(async move {
                    let q = q.await.ok();
                    view! { <Scores current=current q=q /> }
                })
            }}
        </Suspense>
        {(!note.is_empty()).then(|| view! { <section><h2>{t!(i18n, health.note)}</h2><p class="pre-line">{note}</p></section> })}
    }
}

/// The scores in words (the chart's content for screen readers too), the
/// result sentences, and for the social-needs check the areas where support
/// might help.
#[component]
fn Scores(current: SavedResult, q: Option<Questionnaire>) -> impl IntoView {
    let i18n = use_i18n();
    let english = move || i18n.get_locale() == Locale::en;
    let title_of = {
        let q = q.clone();
        move |id: &str| q.as_ref().and_then(|q| q.section(id)).map(|s| s.title.clone())
    };
    let social = q.as_ref().is_some_and(|q| q.kind == QuestionnaireKind::SocialNeeds);
    let areas: Vec<_> = current.result.areas.iter().filter(|a| a.needs_support).cloned().collect();
    let area_name = {
        let q = q.clone();
        move |id: &str| q.as_ref().and_then(|q| q.area(id)).map(|a| a.name.clone())
    };
    view! {
        {(!social).then(|| view! {
            <section aria-labelledby="scores-heading">
                <h2 id="scores-heading">{t!(i18n, health.scores)}</h2>
                <dl class="facts scores" data-testid="scores">
                    {current.result.sections.iter().map(|s| {
                        let name = title_of(&s.section_id);
                        let score = s.score;
                        let text = s.result_text.clone();
                        view! {
                            <dt>{move || name.as_ref().map(|n| n.pick(english()).to_string()).unwrap_or_default()}</dt>
                            <dd data-section=s.section_id.clone() data-score=score.map(|t| t.to_string()).unwrap_or_default()>
                                <strong>{move || match score {
                                    Some(t) => td_string!(i18n.get_locale(), health.score_of, score = t.to_string()).to_string(),
                                    None => t_string!(i18n, health.no_answer).to_string(),
                                }}</strong>
                                {text.map(|t| view! { <br />{move || t.pick(english()).to_string()} })}
                            </dd>
                        }
                    }).collect_view()}
                </dl>
            </section>
        })}
        {social.then(|| view! {
            <section aria-labelledby="needs-heading" data-testid="needs">
                <h2 id="needs-heading">{t!(i18n, health.needs_title)}</h2>
                {if areas.is_empty() {
                    view! { <p>{t!(i18n, health.needs_none)}</p> }.into_any()
                } else {
                    view! {
                        <p>{t!(i18n, health.needs_intro)}</p>
                        <ul>
                            {areas.into_iter().map(|a| {
                                let name = area_name(&a.area_id);
                                let support = a.support_text.clone();
                                view! {
                                    <li data-area=a.area_id.clone()>
                                        <strong>{move || name.as_ref().map(|n| n.pick(english()).to_string()).unwrap_or_default()}</strong>
                                        {support.map(|t| view! { ": "{move || t.pick(english()).to_string()} })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        })}
    }
}

/// The three questions the chart opens, and the person's own note (device only).
#[component]
fn Conversation(result: SavedResult) -> impl IntoView {
    let i18n = use_i18n();
    let note = RwSignal::new(result.note.clone());
    let saved = RwSignal::new(false);
    let save = move |_| {
        let mut all = device::history();
        if let Some(r) = all.iter_mut().find(|r| r.id == result.id) {
            r.note = note.get_untracked();
        }
        saved.set(device::save_history(&all));
    };
    view! {
        <section class="conversation" aria-labelledby="talk-heading">
            <h2 id="talk-heading">{t!(i18n, health.talk_title)}</h2>
            <ul class="prompts">
                <li>{t!(i18n, health.prompt_matters)}</li>
                <li>{t!(i18n, health.prompt_change)}</li>
                <li>{t!(i18n, health.prompt_help)}</li>
            </ul>
            <label class="field">
                <span>{t!(i18n, health.note)}</span>
                <textarea rows="4" prop:value=move || note.get() on:input=move |e| { note.set(event_target_value(&e)); saved.set(false); }></textarea>
            </label>
            <button type="button" class="button secondary" on:click=save>{t!(i18n, health.save_note)}</button>
            {move || saved.get().then(|| view! { <span role="status" class="saved">" "{t!(i18n, health.note_saved)}</span> })}
        </section>
    }
}
