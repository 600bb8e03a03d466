//! `/casework`'s list: the link worker's cases (the lead also sees the
//! team's), each with its status and connections before → now; the way to
//! the intake queue for the lead and to form ① for typing in paper or FAX.
use crate::casework::assign_case::{case_workers, ReassignCase, Worker, WorkerSelect};
use crate::casework::case_list::{my_cases, CaseSummary};
use crate::casework::labels::{slug_label, status_label};
use crate::casework::model::CaseStatus;
use crate::i18n::*;
use crate::islands::{island, needs, Part};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The cases with the sync bar, the lead's hand-over and each case's card.
#[island]
pub fn CaseList(vault_days: u32) -> impl IntoView {
    needs(Part::Casework);
    let i18n = island_i18n();
    let reassign = ServerAction::<ReassignCase>::new();
    let cases = Resource::new(move || reassign.version().get(), |_| my_cases());
    // the lead's team (link workers only get a refusal: no handing over)
    let workers = Resource::new(move || reassign.version().get(), |_| case_workers());
    view! {
        // opening the app sends whatever this device still holds (once its
        // vault is open)
        <crate::islands::work::casework::vault_gate::VaultGate max_days=vault_days>
            <ListSync />
        </crate::islands::work::casework::vault_gate::VaultGate>
        {move || match reassign.value().get() {
            Some(Ok(())) => view! { <p class="notice" role="status" data-testid="reassigned">{t!(i18n, casework.reassigned)}</p> }.into_any(),
            Some(Err(_)) => view! { <p class="error" role="alert">{t!(i18n, common.errors.server_error_body)}</p> }.into_any(),
            None => ().into_any(),
        }}
        <Transition>
            {move || Suspend::new(async move {
                let workers = workers.await.ok();
                match cases.await {
                    Ok(list) => {
                        let (mine, team): (Vec<_>, Vec<_>) = list.into_iter().partition(|c| c.mine);
                        view! {
                            <p class="contact-actions">
                                <a class="button secondary" href="/refer">{t!(i18n, casework.refer_title)}</a>
                                <a class="button secondary" href="/casework/intake" data-testid="to-intake">{t!(i18n, casework.queue_title)}</a>
                            </p>
                            {mine.is_empty().then(|| view! { <p class="muted">{t!(i18n, casework.cases_empty)}</p> })}
                            <ul class="results case-list" data-testid="my-cases">
                                {mine.into_iter().map(|c| view! { <CaseCard c=c workers=workers.clone() reassign=reassign /> }).collect_view()}
                            </ul>
                            {(!team.is_empty()).then(|| view! {
                                <h2>{t!(i18n, casework.cases_team)}</h2>
                                <ul class="results case-list" data-testid="team-cases">
                                    {team.into_iter().map(|c| view! { <CaseCard c=c workers=workers.clone() reassign=reassign /> }).collect_view()}
                                </ul>
                            })}
                        }.into_any()
                    }
                    Err(e) => view! { <crate::ui::access::AccessDenied error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The sync bar of the list: the device's outbox goes out from here too.
#[component]
fn ListSync() -> impl IntoView {
    let sync = crate::casework::sync_client::SyncClient::start();
    view! { <crate::islands::work::casework::case_workspace::SyncBar sync=sync /> }
}

#[component]
fn CaseCard(c: CaseSummary, workers: Option<Vec<Worker>>, reassign: ServerAction<ReassignCase>) -> impl IntoView {
    let i18n = use_i18n();
    let id = c.id;
    let current = c.assignee_id;
    // the lead hands a case to another link worker of the team
    let hand_over = workers.filter(|w| w.len() > 1).map(|workers| view! {
        <details class="reassign">
            <summary data-testid="open-reassign">{t!(i18n, casework.reassign)}</summary>
            <ActionForm action=reassign attr:class="inline-form">
                <input type="hidden" name="case_id" value=id />
                <WorkerSelect id=format!("r-{id}") workers=workers selected=current testid="reassign-worker" />
                <button type="submit" class="button secondary" data-testid="reassign">{t!(i18n, casework.reassign_do)}</button>
            </ActionForm>
        </details>
    });
    let status = c.status.clone();
    let (before, now) = (c.connections_before, c.connections_now);
    view! {
        <li class="card case-card" data-testid="case-card" data-case=c.id>
            <h3><a href=format!("/casework/cases/{}", c.id)>{c.name.clone()}</a></h3>
            <p>
                {c.age.map(|a| view! { <span>{t!(i18n, casework.f_age, age = a)}</span>" " })}
                <span class="badge" data-testid="case-status">{move || slug_label(&status, CaseStatus::parse, status_label, i18n.get_locale())}</span>
            </p>
            <p class="muted">{t!(i18n, casework.connections_count, before = before, now = now)}</p>
            {(!c.mine).then(|| view! { <p class="muted">{t!(i18n, casework.assign_to)}": "{c.assignee.clone()}</p> })}
            {hand_over}
        </li>
    }
}
