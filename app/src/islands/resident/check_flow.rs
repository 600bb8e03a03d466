//! Taking a check on a phone: one question per screen, big answer buttons
//! (0–10 as eleven buttons, or the options), back / skip, progress, and the
//! answers kept on the device after every tap so a closed page resumes where
//! it was. Scoring happens here too; the result is saved on the device.
use crate::health_check::device::{self, Draft, SavedResult};
use crate::health_check::questionnaire::{AnswerFormat, Questionnaire};
use crate::health_check::scoring::{score, AnswerValue, Answers};
use crate::i18n::*;
use crate::islands::{island, needs, Part};
use leptos::prelude::*;

/// Now, as `2026-11-24T10:05` in Tokyo, and a device-unique id.
fn stamp() -> (String, String) {
    let now = chrono::Utc::now();
    let tokyo = crate::calendar::to_tokyo(now);
    (tokyo.format("%Y-%m-%dT%H:%M").to_string(), now.timestamp_millis().to_string())
}

#[island]
pub fn CheckFlow(q: Questionnaire) -> impl IntoView {
    needs(Part::Check);
    let i18n = island_i18n();
    let english = move || i18n.get_locale() == Locale::en;
    let items: Vec<(String, crate::health_check::questionnaire::Item)> =
        q.sections.iter().flat_map(|s| s.items.iter().map(move |i| (s.id.clone(), i.clone()))).collect();
    let total = items.len();
    let answers = RwSignal::new(Answers::new());
    let position = RwSignal::new(0usize);
    let ready = RwSignal::new(false);
    let qid = q.id.clone();
    let version = q.version;
    // resume from the device once the page runs in the browser
    Effect::new({
        let qid = qid.clone();
        move |_| {
            if let Some(d) = device::load_draft(&qid).filter(|d| d.version == version) {
                answers.set(d.answers);
                position.set(d.position.min(total));
            }
            ready.set(true);
        }
    });
    let persist = {
        let qid = qid.clone();
        move || {
            device::save_draft(&qid, &Draft { version, answers: answers.get_untracked(), position: position.get_untracked() });
        }
    };
    let answer = {
        let persist = persist.clone();
        move |item_id: String, value: AnswerValue| {
            answers.update(|a| {
                a.insert(item_id, value);
            });
            position.update(|p| *p = (*p + 1).min(total));
            persist();
        }
    };
    let go = {
        let persist = persist.clone();
        move |delta: isize| {
            position.update(|p| *p = p.saturating_add_signed(delta).min(total));
            persist();
        }
    };
    let section_titles: Vec<(String, crate::health_check::questionnaire::Text)> = q.sections.iter().map(|s| (s.id.clone(), s.title.clone())).collect();
    let finish = {
        let q = q.clone();
        move || {
            let Ok(result) = score(&q, &answers.get_untracked()) else { return };
            let (taken_at, rid) = stamp();
            let saved = SavedResult { id: rid.clone(), questionnaire_id: q.id.clone(), title: q.title.clone(), taken_at, result, note: String::new() };
            if device::add_result(saved) {
                device::clear_draft(&q.id);
            }
            crate::ui::browser::go_to(&format!("/health-check/results/{rid}"));
        }
    };
    view! {
        <noscript><p class="error">{t!(i18n, health.needs_js)}</p></noscript>
        <div class="check" data-testid="check" data-ready=move || ready.get().to_string()>
            <p class="progress" aria-live="polite" data-testid="progress">
                {move || td_string!(i18n.get_locale(), health.progress, n = (position.get() + 1).min(total), total = total).to_string()}
            </p>
            <progress max=total value=move || position.get().min(total) aria-hidden="true"></progress>
            {move || {
                let pos = position.get();
                match items.get(pos).cloned() {
                    Some((section_id, item)) => {
                        let section = section_titles.iter().find(|(id, _)| *id == section_id).map(|(_, t)| t.clone()).unwrap_or_default();
                        let current = answers.with(|a| a.get(&item.id).cloned());
                        let answer = answer.clone();
                        let go = go.clone();
                        let item_id = item.id.clone();
                        view! {
                            <section class="question" aria-labelledby="question-text" data-item=item.id.clone()>
                                <p class="muted question-section">{move || section.pick(english()).to_string()}</p>
                                <h2 id="question-text" class="question-text">{move || item.text.pick(english()).to_string()}</h2>
                                {match item.answer.clone() {
                                    AnswerFormat::Scale { min, max, min_label, max_label } => view! {
                                        <p class="muted">{t!(i18n, health.scale_hint)}</p>
                                        <div class="scale" role="group" aria-labelledby="question-text">
                                            {(min..=max).map(|v| {
                                                let answer = answer.clone();
                                                let id = item_id.clone();
                                                let chosen = current == Some(AnswerValue::Scale(v));
                                                view! {
                                                    <button type="button" class="scale-button" aria-pressed=chosen.to_string()
                                                        on:click=move |_| answer(id.clone(), AnswerValue::Scale(v))>{v}</button>
                                                }
                                            }).collect_view()}
                                        </div>
                                        <p class="scale-labels">
                                            <span>{format!("{min} = ")}{move || min_label.pick(english()).to_string()}</span>
                                            <span>{format!("{max} = ")}{move || max_label.pick(english()).to_string()}</span>
                                        </p>
                                    }.into_any(),
                                    AnswerFormat::Choice { options } => view! {
                                        <div class="choices" role="group" aria-labelledby="question-text">
                                            {options.into_iter().map(|o| {
                                                let answer = answer.clone();
                                                let id = item_id.clone();
                                                let chosen = current == Some(AnswerValue::Choice(o.id.clone()));
                                                let value = o.id.clone();
                                                view! {
                                                    <button type="button" class="choice-button" aria-pressed=chosen.to_string()
                                                        on:click=move |_| answer(id.clone(), AnswerValue::Choice(value.clone()))>
                                                        {move || o.label.pick(english()).to_string()}
                                                    </button>
                                                }
                                            }).collect_view()}
                                        </div>
                                    }.into_any(),
                                }}
                                <div class="check-nav">
                                    <button type="button" class="button secondary" disabled=pos == 0 on:click={ let go = go.clone(); move |_| go(-1) }>{t!(i18n, health.back)}</button>
                                    <button type="button" class="button secondary" on:click=move |_| go(1)>{t!(i18n, health.skip)}</button>
                                </div>
                            </section>
                        }.into_any()
                    }
                    None => {
                        let answered = answers.with(|a| a.len());
                        let finish = finish.clone();
                        let go = go.clone();
                        view! {
                            <section class="question finished" data-testid="finished">
                                <h2>{t!(i18n, health.finish_title)}</h2>
                                <p>{move || td_string!(i18n.get_locale(), health.finish_body, answered = answered, total = total).to_string()}</p>
                                <button type="button" class="button" data-testid="see-result" on:click=move |_| finish()>{t!(i18n, health.see_result)}</button>
                                <button type="button" class="button secondary" on:click=move |_| go(-(total as isize))>{t!(i18n, health.review)}</button>
                            </section>
                        }.into_any()
                    }
                }
            }}
        </div>
    }
}
