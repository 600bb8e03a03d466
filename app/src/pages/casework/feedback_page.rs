//! `/refer/feedback`: the referrer's forms ② — how support is going for
//! the people they referred — each laid out like the paper form, printable
//! on A4.
use crate::casework::feedback::{my_feedback, FeedbackReport};
use crate::casework::labels::{care_label, disability_label, slug_label, status_label};
use crate::casework::model::{CareLevel, CaseStatus, ConnectionState, Disability};
use crate::i18n::*;
use crate::ui::PageHeading;
use leptos::prelude::*;

#[component]
pub fn FeedbackPage() -> impl IntoView {
    let i18n = use_i18n();
    let sent = Resource::new(|| (), |_| my_feedback());
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, casework.feedback_title).to_string())
            lead=Signal::derive(move || t_string!(i18n, casework.feedback_lead).to_string())
        />
        <p class="no-print"><a href="/refer">{t!(i18n, casework.refer_title)}</a></p>
        <Transition>
            {move || Suspend::new(async move {
                match sent.await {
                    Ok(list) if list.is_empty() => view! { <p class="muted">{t!(i18n, casework.feedback_empty)}</p> }.into_any(),
                    Ok(list) => view! {
                        <p class="no-print"><button type="button" class="button secondary" on:click=move |_| crate::ui::browser::print()>{t!(i18n, casework.print)}</button></p>
                        <div data-testid="feedback-list">
                            {list.into_iter().map(|f| view! { <Form2Sheet report=f.report sent_at=f.sent_at /> }).collect_view()}
                        </div>
                    }.into_any(),
                    Err(e) => view! { <crate::ui::access::AccessDenied error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Form ② as one A4 sheet.
#[component]
pub fn Form2Sheet(report: FeedbackReport, sent_at: String) -> impl IntoView {
    let i18n = use_i18n();
    let r = report;
    let (disability, care, status) = (r.disability.clone(), r.care_level.clone(), r.status.clone());
    let (before, now) = (r.connections_before, r.connections_now);
    view! {
        <article class="sheet form2" data-testid="form2-sheet">
            <h2>{t!(i18n, casework.form2_title)}</h2>
            <dl class="facts">
                <dt>{t!(i18n, casework.sent_at)}</dt><dd>{crate::calendar::tokyo_time(&sent_at)}</dd>
                <dt>{t!(i18n, casework.f_institution)}</dt><dd>{r.institution.clone().unwrap_or_default()}" "{r.doctor.clone().unwrap_or_default()}</dd>
                <dt>{t!(i18n, casework.f_name)}</dt><dd data-testid="form2-name">{r.person_name.clone()}</dd>
                <dt>{t!(i18n, casework.f_birth_date)}</dt><dd>{r.birth_date.clone().unwrap_or_default()}</dd>
                <dt>{t!(i18n, casework.status)}</dt><dd>{move || slug_label(&status, CaseStatus::parse, status_label, i18n.get_locale())}</dd>
                <dt>{t!(i18n, casework.involved)}</dt>
                <dd><ul class="plain-list">
                    {r.involved.iter().map(|c| view! {
                        <li>{ConnectionState::parse(&c.state).map(|s| s.mark())}" "{c.label.clone()}</li>
                    }).collect_view()}
                </ul></dd>
                <dt>{t!(i18n, casework.f_disability)}</dt>
                <dd>{move || if disability.is_empty() { t_string!(i18n, casework.unknown).to_string() } else { slug_label(&disability, Disability::parse, disability_label, i18n.get_locale()) }}</dd>
                <dt>{t!(i18n, casework.f_care_level)}</dt>
                <dd>{move || if care.is_empty() { t_string!(i18n, casework.unknown).to_string() } else { slug_label(&care, CareLevel::parse, care_label, i18n.get_locale()) }}</dd>
                <dt>{t!(i18n, casework.f_care_manager)}</dt><dd>{r.care_manager.clone()}</dd>
                <dt>{t!(i18n, casework.f_main_support)}</dt><dd class="pre-line">{r.main_support.clone()}</dd>
                <dt>{t!(i18n, casework.f_plan)}</dt><dd class="pre-line">{r.plan.clone()}</dd>
            </dl>
            <p data-testid="form2-connections"><strong>{t!(i18n, casework.connections_total, before = before, now = now)}</strong></p>
        </article>
    }
}
