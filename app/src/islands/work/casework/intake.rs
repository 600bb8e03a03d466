//! `/casework/intake`: the office lead's queue of waiting referrals. Each
//! consented one is assigned to a link worker of the team, which opens the
//! case; the ones without consent wait for the support meeting.
use crate::islands::{island, needs, Part};
use crate::casework::assign_case::{case_workers, AssignReferral, Worker, WorkerSelect};
use crate::casework::intake::{intake_queue, CreateReferralLink, QueueEntry};
use crate::casework::labels::{concern_label, slug_label, source_label};
use crate::casework::model::Concern;
use crate::casework::referral::Source;
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[island]
pub fn IntakeQueue() -> impl IntoView {
    needs(Part::Casework);
    let i18n = island_i18n();
    let assign = ServerAction::<AssignReferral>::new();
    let queue = Resource::new(move || assign.version().get(), |_| intake_queue());
    let workers = Resource::new(move || assign.version().get(), |_| case_workers());
    view! {
        <p><a href="/casework">{t!(i18n, casework.cases_title)}</a></p>
        {move || match assign.value().get() {
            Some(Ok(id)) => view! {
                <p class="notice" role="status" data-testid="assigned">{t!(i18n, casework.assigned)}" "
                    <a href=format!("/casework/cases/{id}")>{format!("#{id}")}</a></p>
            }.into_any(),
            Some(Err(_)) => view! { <p class="error" role="alert">{t!(i18n, common.errors.server_error_body)}</p> }.into_any(),
            None => ().into_any(),
        }}
        <Transition>
            {move || Suspend::new(async move {
                match (queue.await, workers.await) {
                    (Ok(entries), Ok(workers)) => {
                        let (waiting, meeting): (Vec<_>, Vec<_>) = entries.into_iter().partition(|e| e.kind == "consented");
                        view! {
                            {waiting.is_empty().then(|| view! { <p class="muted" data-testid="queue-empty">{t!(i18n, casework.queue_empty)}</p> })}
                            <ul class="results" data-testid="intake-queue">
                                {waiting.into_iter().map(|e| view! { <Waiting e=e workers=workers.clone() assign=assign /> }).collect_view()}
                            </ul>
                            {(!meeting.is_empty()).then(|| view! {
                                <h2>{t!(i18n, casework.kind_meeting)}</h2>
                                <ul class="results" data-testid="meeting-notes">
                                    {meeting.into_iter().map(|e| view! { <li class="card"><Summary e=e /></li> }).collect_view()}
                                </ul>
                            })}
                        }.into_any()
                    }
                    (Err(e), _) | (_, Err(e)) => view! { <crate::ui::access::AccessDenied error=e /> }.into_any(),
                }
            })}
        </Transition>
        <ReferralLinkForm />
    }
}

/// A one-time link for a clinic or pharmacy without an account: the lead
/// names the institution and hands the link over (valid 30 days, once).
#[component]
fn ReferralLinkForm() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateReferralLink>::new();
    let errors = Signal::derive(move || match create.value().get() {
        Some(Ok(Err(e))) => vec![e],
        _ => vec![],
    });
    view! {
        <section class="card" data-testid="referral-link">
            <h2>{t!(i18n, casework.link_title)}</h2>
            <p class="hint">{t!(i18n, casework.link_lead)}</p>
            <ActionForm action=create attr:class="stack-form">
                <div class="field">
                    <label for="link-institution">{t!(i18n, casework.f_institution)}</label>
                    <input id="link-institution" name="institution" type="text" required maxlength="100" data-testid="link-institution" />
                    <crate::ui::forms::FieldProblem errors=errors name="institution" />
                </div>
                <button type="submit" class="button" data-testid="create-link">{t!(i18n, casework.link_create)}</button>
            </ActionForm>
            {move || match create.value().get() {
                Some(Ok(Ok(url))) => {
                    view! {
                        <div class="notice" role="status">
                            <label for="link-url">{t!(i18n, casework.link_made)}</label>
                            <input id="link-url" type="text" readonly value=url data-testid="link-url" />
                            <p class="hint">{t!(i18n, casework.link_once)}</p>
                        </div>
                    }.into_any()
                }
                Some(Err(_)) => view! { <p class="error" role="alert">{t!(i18n, common.errors.server_error_body)}</p> }.into_any(),
                _ => ().into_any(),
            }}
        </section>
    }
}

#[component]
fn Summary(e: QueueEntry) -> impl IntoView {
    let i18n = use_i18n();
    let source = e.source.clone();
    let concerns = e.concerns.clone();
    let pressing = e.most_pressing.clone();
    let meeting = e.kind == "meeting";
    view! {
        <h3>{e.name.clone().unwrap_or_else(|| "—".into())}</h3>
        <p>
            {e.age.map(|a| if meeting {
                view! { <span>{t!(i18n, casework.age_band, band = a)}</span> }.into_any()
            } else {
                view! { <span>{t!(i18n, casework.f_age, age = a)}</span> }.into_any()
            })}
            " "<span class="badge">{move || slug_label(&source, Source::parse, source_label, i18n.get_locale())}</span>
            {e.institution.clone().map(|i| view! { " "<span>{i}</span> })}
        </p>
        <p>{move || {
            let l = i18n.get_locale();
            concerns.iter().map(|c| {
                let label = slug_label(c, Concern::parse, concern_label, l);
                if pressing.as_deref() == Some(c.as_str()) { format!("★{label}") } else { label }
            }).collect::<Vec<_>>().join(" / ")
        }}</p>
        <p class="muted">{t!(i18n, casework.queue_received)}": "{crate::calendar::tokyo_time(&e.created_at)}</p>
    }
}

#[component]
fn Waiting(e: QueueEntry, workers: Vec<Worker>, assign: ServerAction<AssignReferral>) -> impl IntoView {
    let i18n = use_i18n();
    let id = e.id;
    view! {
        <li class="card" data-testid="queue-entry" data-referral=id>
            <Summary e=e />
            <ActionForm action=assign attr:class="inline-form">
                <input type="hidden" name="referral_id" value=id />
                <WorkerSelect id=format!("w-{id}") workers=workers testid="assign-worker" />
                <button type="submit" class="button" data-testid="assign">{t!(i18n, casework.assign)}</button>
            </ActionForm>
        </li>
    }
}
