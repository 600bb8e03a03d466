//! The Positive Health quick check on the case page: taken together on the
//! tablet at intake and at review (six dimensions, 0–10), kept through the
//! outbox like every edit, and drawn as one spider-web chart — the intake
//! dashed under the latest review.
use crate::casework::case_file::{CaseFile, CheckRow};
use crate::casework::labels::stage_label;
use crate::casework::model::Stage;
use crate::casework::sync::Change;
use crate::casework::sync_client::SyncClient;
use crate::health_check::chart::{spider_svg, ChartOptions, ChartSeries};
use crate::health_check::questionnaire::POSITIVE_HEALTH_DIMENSIONS;
use crate::i18n::*;
use leptos::prelude::*;

pub const QUICK: &str = "positive-health-quick";

/// The latest check of a stage.
fn latest<'a>(checks: &'a [CheckRow], stage: Stage) -> Option<&'a CheckRow> {
    checks.iter().filter(|c| c.stage == stage.as_str()).max_by(|a, b| a.taken_on.cmp(&b.taken_on))
}

/// Intake (dashed) under the latest review, or the intake alone.
pub fn before_after_svg(checks: &[CheckRow], locale: Locale) -> Option<String> {
    let english = locale == Locale::en;
    let series = |c: &CheckRow| ChartSeries {
        name: format!("{} {}", stage_label(Stage::parse(&c.stage).unwrap_or(Stage::Intake), locale), c.taken_on),
        scores: POSITIVE_HEALTH_DIMENSIONS.iter().map(|(id, _, _)| c.scores.get(*id).map(|v| *v as f32)).collect(),
    };
    let intake = latest(checks, Stage::Intake);
    let review = latest(checks, Stage::Review);
    let (current, previous) = match (intake, review) {
        (Some(i), Some(r)) => (series(r), Some(series(i))),
        (Some(only), None) | (None, Some(only)) => (series(only), None),
        (None, None) => return None,
    };
    let axes: Vec<String> = POSITIVE_HEALTH_DIMENSIONS.iter().map(|(_, ja, en)| if english { en.to_string() } else { ja.to_string() }).collect();
    let opts = ChartOptions {
        size: 340,
        title: td_string!(locale, casework.checks_title).to_string(),
        description: td_string!(locale, casework.checks_desc).to_string(),
    };
    Some(spider_svg(&axes, &current, previous.as_ref(), &opts))
}

#[component]
pub fn ChecksSection(file: Signal<CaseFile>, sync: SyncClient) -> impl IntoView {
    let i18n = use_i18n();
    let case_id = file.with_untracked(|f| f.id);
    let stage = RwSignal::new(Stage::Intake.as_str().to_string());
    let scores: Vec<(&'static str, RwSignal<String>)> =
        POSITIVE_HEALTH_DIMENSIONS.iter().map(|(id, _, _)| (*id, RwSignal::new(String::new()))).collect();
    let scores = StoredValue::new(scores);
    let problem = RwSignal::new(None::<String>);
    let add = move |_| {
        let mut values = std::collections::BTreeMap::new();
        for (id, v) in scores.get_value() {
            if let Ok(n) = v.get_untracked().parse::<f64>() {
                values.insert(id.to_string(), n);
            }
        }
        let change = Change::Check {
            stage: stage.get_untracked(),
            questionnaire_id: QUICK.into(),
            scores: values,
            taken_on: crate::calendar::today_tokyo().to_string(),
        };
        let recorded = sync.record_checked(case_id, vec![change], i18n.get_locale_untracked());
        if recorded.is_ok() {
            for (_, v) in scores.get_value() {
                v.set(String::new());
            }
        }
        problem.set(recorded.err());
    };
    // the person's own check (shared with their referral): taken over as the
    // intake check through the outbox, like a check taken on the tablet
    let own_problem = RwSignal::new(None::<String>);
    let adopt = move |_| {
        let Some(own) = file.with_untracked(|f| f.own_check.clone()) else { return };
        let change = Change::Check {
            stage: Stage::Intake.as_str().into(),
            questionnaire_id: own.questionnaire_id,
            scores: own.scores,
            taken_on: own.taken_on,
        };
        own_problem.set(sync.record_checked(case_id, vec![change], i18n.get_locale_untracked()).err());
    };
    let own_view = move || {
        let f = file.get();
        let own = f.own_check.clone()?;
        let adopted = f.checks.iter().any(|c| c.taken_on == own.taken_on && c.scores == own.scores);
        let english = i18n.get_locale() == Locale::en;
        let summary = POSITIVE_HEALTH_DIMENSIONS
            .iter()
            .filter_map(|(id, ja, en)| own.scores.get(*id).map(|v| format!("{} {v:.1}", if english { en } else { ja })))
            .collect::<Vec<_>>()
            .join(" / ");
        Some(view! {
            <div class="own-check" data-testid="own-check">
                <p><strong>{t!(i18n, casework.own_check)}</strong>" ("{own.taken_on.clone()}")"</p>
                <p class="muted">{summary}</p>
                {if adopted {
                    view! { <p class="hint" data-testid="own-check-adopted">{t!(i18n, casework.own_check_adopted)}</p> }.into_any()
                } else {
                    view! {
                        <button type="button" class="button secondary" data-testid="adopt-own-check" disabled=move || !sync.ready() on:click=adopt>
                            {t!(i18n, casework.own_check_adopt)}
                        </button>
                    }.into_any()
                }}
                {move || own_problem.get().map(|m| view! { <p class="error" role="alert">{t!(i18n, casework.fix_first)}{m}</p> })}
            </div>
        })
    };
    view! {
        <section class="card checks">
            <h2>{t!(i18n, casework.checks_title)}</h2>
            {own_view}
            {move || before_after_svg(&file.get().checks, i18n.get_locale()).map(|svg| view! {
                <div class="spider" data-testid="case-spider" inner_html=svg></div>
            })}
            <details>
                <summary data-testid="open-check">{t!(i18n, casework.take_check)}</summary>
                <div class="stack-form">
                    <div class="inline-form">
                        <label for="check-stage">{t!(i18n, casework.stage)}</label>
                        <select id="check-stage" on:change=move |ev| stage.set(event_target_value(&ev)) prop:value=move || stage.get()>
                            {Stage::ALL.iter().map(|s| { let s = *s; view! { <option value=s.as_str()>{move || stage_label(s, i18n.get_locale())}</option> } }).collect_view()}
                        </select>
                    </div>
                    {scores.get_value().into_iter().zip(POSITIVE_HEALTH_DIMENSIONS.iter()).map(|((id, v), (_, ja, en))| {
                        let (ja, en) = (*ja, *en);
                        view! {
                            <div class="field">
                                <label for=format!("check-{id}")>{move || if i18n.get_locale() == Locale::en { en } else { ja }}" (0–10)"</label>
                                <select id=format!("check-{id}") data-dimension=id on:change=move |ev| v.set(event_target_value(&ev)) prop:value=move || v.get()>
                                    <option value="">"—"</option>
                                    {(0..=10).map(|n| view! { <option value=n.to_string()>{n}</option> }).collect_view()}
                                </select>
                            </div>
                        }
                    }).collect_view()}
                    {move || problem.get().map(|m| view! { <p class="error" role="alert">{t!(i18n, casework.fix_first)}{m}</p> })}
                    <button type="button" class="button" data-testid="add-check" disabled=move || !sync.ready() on:click=add>{t!(i18n, casework.record_check)}</button>
                </div>
            </details>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(stage: &str, on: &str, v: f64) -> CheckRow {
        CheckRow {
            client_id: on.into(),
            stage: stage.into(),
            questionnaire_id: QUICK.into(),
            scores: POSITIVE_HEALTH_DIMENSIONS.iter().map(|(id, _, _)| (id.to_string(), v)).collect(),
            taken_on: on.into(),
        }
    }

    #[test]
    fn intake_is_drawn_under_the_latest_review() {
        assert!(before_after_svg(&[], Locale::ja).is_none());
        let _only = before_after_svg(&[check("intake", "2026-10-01", 3.0)], Locale::ja).unwrap();
        let both = before_after_svg(
            &[check("intake", "2026-10-01", 3.0), check("review", "2026-11-01", 5.0), check("review", "2026-12-01", 7.0)],
            Locale::ja,
        )
        .unwrap();
        assert!(both.contains("2026-12-01") && both.contains("2026-10-01") && !both.contains("2026-11-01"), "{both}");
    }
}
