//! The result of a check, read from this device: the spider-web chart (drawn
//! in Rust, the previous result of the same questionnaire dashed), the
//! scores in words for screen readers, the gentle result sentences, the
//! private note under the conversation prompts, the chart as an image file,
//! and the result page's plain forms filled from the device.
//!
//! The page around these islands is server HTML (the prompts, the forms'
//! fields, what the server said after a form was sent); the islands get the
//! questionnaires' names as props ([`ResultLabels`]) and call no server
//! function: the results bundle stays small.
use crate::health_check::chart::{spider_svg, ChartOptions, ChartSeries};
use crate::health_check::device::{self, SavedResult};
use crate::health_check::questionnaire::POSITIVE_HEALTH_DIMENSIONS;
use crate::health_check::result_facts::{QuestionnaireLabels, ResultLabels};
use serde::{Deserialize, Serialize};
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

/// This result and the previous one of the same questionnaire.
pub type DeviceResult = (SavedResult, Option<SavedResult>);

/// The result this page shows, read from the device once the island runs:
/// `None` until then, `Some(None)` when this device does not hold it. The
/// id comes from the address bar: offline, one kept copy of a result page
/// (made for `_`) stands in for every result.
fn device_result(rid: String) -> RwSignal<Option<Option<DeviceResult>>> {
    let found = RwSignal::new(None);
    Effect::new(move |_| {
        let id = shown_result_id(&rid);
        let all = device::history();
        let pos = all.iter().position(|r| r.id == id);
        found.set(Some(pos.map(|i| {
            let current = all[i].clone();
            let previous = all[..i].iter().rev().find(|r| r.questionnaire_id == current.questionnaire_id).cloned();
            (current, previous)
        })));
    });
    found
}

/// The id of the result this page shows: the address bar's (see
/// [`device_result`]), else the server's `rid`.
pub fn shown_result_id(rid: &str) -> String {
    crate::ui::browser::current_path()
        .and_then(|p| p.rsplit('/').next().map(str::to_string))
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| rid.to_string())
}

/// A Positive Health result (six dimensions: chart, conversation, suggestions).
pub fn is_positive_health(r: &SavedResult) -> bool {
    r.result.sections.iter().any(|s| POSITIVE_HEALTH_DIMENSIONS.iter().any(|(id, _, _)| *id == s.section_id))
}

/// The result `rid` kept on this device (read once the island runs: the
/// server has no results; every result page has the same HTML, so the
/// service worker serves one copy for all of them offline).
#[island]
pub fn ResultFromDevice(rid: String, labels: ResultLabels) -> impl IntoView {
    needs(Part::Results);
    let i18n = island_i18n();
    let found = device_result(rid);
    view! {
        {move || match found.get() {
            None => view! { <p class="muted" data-testid="loading-result">{t!(i18n, health.loading_device)}</p> }.into_any(),
            Some(None) => view! {
                <p class="error">{t!(i18n, health.result_not_found)}</p>
                <p><a class="button secondary" href="/health-check">{t!(i18n, health.all_checks)}</a></p>
            }.into_any(),
            Some(Some((current, previous))) => {
                let l = labels.get(&current.questionnaire_id).cloned();
                view! { <ResultView current=current previous=previous labels=l /> }.into_any()
            }
        }}
    }
}

#[component]
fn ResultView(current: SavedResult, previous: Option<SavedResult>, labels: Option<QuestionnaireLabels>) -> impl IntoView {
    let i18n = use_i18n();
    let english = move || i18n.get_locale() == Locale::en;
    let is_ph = is_positive_health(&current);
    let svg = { let (c, p) = (current.clone(), previous.clone()); move || chart_svg(&c, p.as_ref(), i18n.get_locale()) };
    let download = { let svg = svg.clone(); move || format!("data:image/svg+xml;charset=utf-8,{}", encode(&svg()).replace('+', "%20")) };
    let title = current.title.clone();
    let taken = shown_date(&current.taken_at);
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
        <Scores current=current.clone() labels=labels />
        <p class="contact-actions">
            <a class="button" href=format!("/health-check/{}", current.questionnaire_id)>{t!(i18n, health.retake)}</a>
            <a class="button secondary" href="/health-check/history">{t!(i18n, health.history)}</a>
        </p>
    }
}

/// The scores in words (the chart's content for screen readers too), the
/// result sentences, and for the social-needs check the areas where support
/// might help. Also drawn on the server for a result kept in an account.
#[component]
pub fn Scores(current: SavedResult, labels: Option<QuestionnaireLabels>) -> impl IntoView {
    let i18n = use_i18n();
    let english = move || i18n.get_locale() == Locale::en;
    let social = labels.as_ref().is_some_and(|l| l.social);
    let areas: Vec<_> = current.result.areas.iter().filter(|a| a.needs_support).cloned().collect();
    let title_of = { let l = labels.clone(); move |id: &str| l.as_ref().and_then(|l| l.section(id)).cloned() };
    let area_name = move |id: &str| labels.as_ref().and_then(|l| l.area(id)).cloned();
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

/// The person's own note under the conversation prompts (kept on the device
/// only). The prompts are the server's `children`; shown for a Positive
/// Health result.
#[island]
pub fn ResultNote(rid: String, children: Children) -> impl IntoView {
    needs(Part::Results);
    let i18n = island_i18n();
    let found = device_result(rid);
    let note = RwSignal::new(String::new());
    let saved = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Some((r, _))) = found.get() {
            note.set(r.note.clone());
        }
    });
    let save = move |_| {
        let Some(Some((r, _))) = found.get_untracked() else { return };
        let mut all = device::history();
        if let Some(kept) = all.iter_mut().find(|k| k.id == r.id) {
            kept.note = note.get_untracked();
        }
        saved.set(device::save_history(&all));
    };
    let hidden = move || !matches!(found.get(), Some(Some((r, _))) if is_positive_health(&r));
    view! {
        <section class="conversation" aria-labelledby="talk-heading" hidden=hidden>
            {children()}
            <label class="field">
                <span>{t!(i18n, health.note)}</span>
                <textarea rows="4" prop:value=move || note.get() on:input=move |e| { note.set(event_target_value(&e)); saved.set(false); }></textarea>
            </label>
            <button type="button" class="button secondary" on:click=save>{t!(i18n, health.save_note)}</button>
            {move || saved.get().then(|| view! { <span role="status" class="saved">" "{t!(i18n, health.note_saved)}</span> })}
        </section>
    }
}

/// What a result page's plain form carries from the device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResultFormPurpose {
    /// 「アカウントに保存」: the whole kept result (`result_json`).
    SaveToAccount,
    /// 「リンクワーカーに相談する」: the result (`form[result_json]`; sent only
    /// when the person ticks 「結果を添える」).
    TalkToLinkWorker,
    /// 「市の統計に協力する」: only the scores, questionnaire and version
    /// (Positive Health results only).
    Contribute,
}

/// The hidden fields of `purpose` for result `r`.
pub fn result_form_fields(purpose: ResultFormPurpose, r: &SavedResult) -> Vec<(String, String)> {
    match purpose {
        ResultFormPurpose::SaveToAccount => vec![("result_json".into(), serde_json::to_string(r).unwrap_or_default())],
        ResultFormPurpose::TalkToLinkWorker => vec![("form[result_json]".into(), serde_json::to_string(&r.result).unwrap_or_default())],
        ResultFormPurpose::Contribute => {
            let mut fields = vec![
                ("contribution[questionnaire_id]".to_string(), r.questionnaire_id.clone()),
                ("contribution[version]".to_string(), r.result.version.to_string()),
            ];
            let scored = r.result.sections.iter().filter_map(|s| s.score.map(|t| (s.section_id.clone(), t)));
            for (i, (section, score)) in scored.enumerate() {
                fields.push((format!("contribution[scores][{i}][0]"), section));
                fields.push((format!("contribution[scores][{i}][1]"), score.tenths().to_string()));
            }
            fields
        }
    }
}

/// A plain form of the result page (`action`, posted by the browser, the
/// server answering with this page again): the fields are the server's
/// `children`; the island adds what only this device knows (the result,
/// as [`result_form_fields`]) and `back`, this page's address. Hidden until
/// the result is found (and, to contribute, for Positive Health only).
#[island]
pub fn ResultForm(rid: String, purpose: ResultFormPurpose, action: String, children: Children) -> impl IntoView {
    needs(Part::Results);
    let found = device_result(rid);
    let hidden = move || match found.get() {
        Some(Some((r, _))) => purpose == ResultFormPurpose::Contribute && !is_positive_health(&r),
        _ => true,
    };
    let fields = move || {
        found.get().flatten().map(|(r, _)| {
            let mut fields = result_form_fields(purpose, &r);
            fields.push(("back".into(), crate::ui::browser::current_path().unwrap_or_default()));
            fields.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value /> }).collect_view()
        })
    };
    view! {
        <form method="post" action=action hidden=hidden>
            {fields}
            {children()}
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contribution_form_carries_only_scores_questionnaire_and_version() {
        let q = crate::health_check::questionnaire::builtin().into_iter().find(|q| q.id == "positive-health-quick").unwrap();
        let mut result = crate::health_check::scoring::score(&q, &Default::default()).unwrap();
        result.sections[0].score = crate::health_check::questionnaire::Tenths::from_tenths(70);
        let r = SavedResult { id: "r1".into(), questionnaire_id: q.id.clone(), title: q.title.clone(), taken_at: "2026-12-01T10:00".into(), result, note: "private".into() };
        let fields = result_form_fields(ResultFormPurpose::Contribute, &r);
        assert!(fields.iter().all(|(n, v)| n.starts_with("contribution[") && !v.contains("private")), "{fields:?}");
        let section = &r.result.sections[0].section_id;
        assert!(fields.contains(&("contribution[scores][0][0]".into(), section.clone())) && fields.contains(&("contribution[scores][0][1]".into(), "70".into())));
        let talk = result_form_fields(ResultFormPurpose::TalkToLinkWorker, &r);
        assert!(!talk[0].1.contains("private"), "the note stays on the device");
        let save = result_form_fields(ResultFormPurpose::SaveToAccount, &r);
        assert_eq!(serde_json::from_str::<SavedResult>(&save[0].1).unwrap(), r);
    }
}
