//! `/casework/cases/:id`, the link worker's tablet page for one case. The
//! server renders only the frame (no personal data in the HTML, so the
//! service worker may keep it for offline use); the case itself comes from
//! the server when it answers, else from this device's encrypted vault.
//! Every edit goes to the outbox first and shows at once, marked "not sent"
//! until the server has it.
#[cfg(feature = "hydrate")]
use crate::casework::case_file::get_case;
use crate::casework::case_file::CaseFile;
use crate::islands::work::casework::case_sections::{Connections, Outcomes, Timeline};
use crate::casework::labels::{close_label, concern_label, consent_label, sex_label, slug_label, source_label, status_label};
use crate::casework::model::{CaseField, CaseStatus, CloseReason, Concern, ConsentBy};
use crate::casework::outbox::with_pending;
use crate::casework::referral::{Sex, Source};
use crate::casework::sync::Change;
use crate::casework::sync_client::{SyncClient, SyncStatus};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::PageHeading;
use leptos::prelude::*;
use crate::islands::{island, needs, Part};

/// Where the case on screen came from (the case itself is a separate
/// signal, so a fresh copy after each sync does not rebuild the page and
/// nothing being typed is lost).
// built only in the browser (the server renders the frame)
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    Loading,
    Server,
    /// No connection: the copy kept on this device.
    Device,
    /// No connection and no copy here.
    Missing,
    Denied(AppError),
}

/// The whole case page below the frame: it runs only in the browser (the
/// case comes from the server's API or the device's vault, never the HTML).
#[island]
pub fn CaseWorkspace(id: i64, vault_days: u32) -> impl IntoView {
    needs(Part::Casework);
    let _ = island_i18n();
    view! {
        <crate::islands::work::casework::vault_gate::VaultGate max_days=vault_days>
            <Workspace id=id />
        </crate::islands::work::casework::vault_gate::VaultGate>
    }
}

/// The case page once the device's vault is open.
#[component]
fn Workspace(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let id = move || id;
    let sync = SyncClient::start();
    let phase = RwSignal::new(Phase::Loading);
    let server_copy = RwSignal::new(CaseFile::default());
    let keep = RwSignal::new(false);
    let set_phase = move |p: Phase| {
        if phase.get_untracked() != p {
            phase.set(p);
        }
    };
    #[cfg(not(feature = "hydrate"))]
    let _ = set_phase;
    // load when the page opens and again after each answer from the server
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let _ = sync.answered.get();
        let id = id();
        leptos::task::spawn_local(async move {
            let name = format!("case:{id}");
            let kept: Option<CaseFile> = crate::casework::vault::get(&name).await.ok().flatten();
            keep.set(kept.is_some());
            match get_case(id).await {
                Ok(f) => {
                    if kept.is_some() {
                        let _ = crate::casework::vault::put(&name, &f).await;
                    }
                    sync.fresh_copy(&f);
                    server_copy.set(f);
                    set_phase(Phase::Server);
                }
                Err(e @ (AppError::Forbidden | AppError::NotFound | AppError::SignInRequired)) => {
                    match kept {
                        // signed out but this device holds it: keep working, sync asks to sign in
                        Some(f) if matches!(e, AppError::SignInRequired) => {
                            server_copy.set(f);
                            set_phase(Phase::Device);
                        }
                        _ => {
                            let _ = crate::casework::vault::delete(&name).await;
                            set_phase(Phase::Denied(e));
                        }
                    }
                }
                Err(_) => match kept {
                    Some(f) => {
                        // a copy from the server already on screen stays; else the device's
                        if matches!(phase.get_untracked(), Phase::Loading | Phase::Missing) {
                            server_copy.set(f);
                            set_phase(Phase::Device);
                        }
                    }
                    None if matches!(phase.get_untracked(), Phase::Loading) => set_phase(Phase::Missing),
                    None => {}
                },
            }
        });
    });
    let toggle_keep = move |on: bool| {
        keep.set(on);
        #[cfg(feature = "hydrate")]
        {
            let name = format!("case:{}", id());
            let file = server_copy.get_untracked();
            leptos::task::spawn_local(async move {
                if on {
                    let _ = crate::casework::vault::put(&name, &file).await;
                } else {
                    let _ = crate::casework::vault::delete(&name).await;
                }
            });
        }
    };
    let base = Signal::from(server_copy);
    let shown = Signal::derive(move || with_pending(&server_copy.get(), &sync.outbox.get()));
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, casework.case_title).to_string()) />
        <p class="no-print">
            <a href="/casework">{t!(i18n, casework.back_to_cases)}</a>" · "
            <a href=move || format!("/casework/cases/{}/form1", id()) rel="external">{t!(i18n, casework.print_form1)}</a>
        </p>
        <noscript><p class="error">{t!(i18n, casework.case_noscript)}</p></noscript>
        <SyncBar sync=sync />
        {move || match phase.get() {
            Phase::Loading => view! { <p role="status" data-testid="case-loading">{t!(i18n, casework.case_loading)}</p> }.into_any(),
            Phase::Missing => view! { <p class="error" role="alert" data-testid="case-missing">{t!(i18n, casework.case_not_on_device)}</p> }.into_any(),
            Phase::Denied(e) => view! { <crate::ui::access::AccessDenied error=e /> }.into_any(),
            p @ (Phase::Server | Phase::Device) => view! {
                {(p == Phase::Device).then(|| view! { <p class="notice" role="status" data-testid="from-device">{t!(i18n, casework.case_from_device)}</p> })}
                <label class="check keep-offline">
                    <input type="checkbox" data-testid="keep-offline" prop:checked=move || keep.get()
                        on:change=move |ev| toggle_keep(event_target_checked(&ev)) />
                    <span>{t!(i18n, casework.keep_offline)}</span>
                </label>
                <div class="case-layout" data-testid="case" data-case=move || server_copy.with(|f| f.id)>
                    <div class="case-main">
                        <PersonCard file=shown />
                        <StatusPanel file=shown base=base sync=sync />
                        <Conflicts file=shown base=base sync=sync />
                        <Timeline file=shown sync=sync />
                    </div>
                    <div class="case-side">
                        <Connections file=shown sync=sync />
                        <Outcomes file=shown sync=sync />
                        <crate::islands::work::casework::checks_section::ChecksSection file=shown sync=sync />
                        <crate::islands::work::casework::report_section::ReportSection file=shown base=base sync=sync />
                    </div>
                </div>
            }.into_any(),
        }}
    }
}

/// All saved / n waiting / sending / offline / refused, with the last sync
/// time and a button to send now.
#[component]
pub fn SyncBar(sync: SyncClient) -> impl IntoView {
    let i18n = use_i18n();
    let waiting = move || sync.outbox.with(|o| o.waiting());
    let state = move || match sync.status.get() {
        SyncStatus::Loading => "loading",
        SyncStatus::Saved => "saved",
        SyncStatus::Waiting => "waiting",
        SyncStatus::Sending => "sending",
        SyncStatus::Offline => "offline",
        SyncStatus::Refused(_) => "refused",
        SyncStatus::SignIn => "sign-in",
        SyncStatus::OtherAccount(_) => "other-account",
    };
    let confirming = RwSignal::new(false);
    let refused = move || sync.refused.with(|r| r.len());
    view! {
        <div class="sync-bar" role="status" aria-live="polite" data-testid="sync-status" data-state=state data-waiting=move || waiting().to_string()>
            <span class="sync-text">{move || match sync.status.get() {
                SyncStatus::Loading => t_string!(i18n, casework.sync_loading).to_string(),
                SyncStatus::Saved => t_string!(i18n, casework.sync_saved).to_string(),
                SyncStatus::Waiting => t_string!(i18n, casework.sync_waiting, n = waiting()).to_string(),
                SyncStatus::Sending => t_string!(i18n, casework.sync_sending).to_string(),
                SyncStatus::Offline => t_string!(i18n, casework.sync_offline, n = waiting()).to_string(),
                SyncStatus::Refused(m) => format!("{} {m}", t_string!(i18n, casework.sync_refused)),
                SyncStatus::SignIn => t_string!(i18n, casework.sync_sign_in).to_string(),
                SyncStatus::OtherAccount(m) => m,
            }}</span>
            {move || sync.outbox.with(|o| o.last_sync.clone()).map(|t| view! {
                <span class="muted">" "{t!(i18n, casework.last_sync, time = crate::calendar::tokyo_time(&t))}</span>
            })}
            {move || (waiting() > 0).then(|| view! {
                <button type="button" class="button small secondary" on:click=move |_| sync.sync_now()>{t!(i18n, casework.sync_now)}</button>
            })}
            // what the server will never take can be dropped, after a second "yes"
            {move || (refused() > 0).then(|| if confirming.get() {
                view! {
                    <span class="confirm" role="group">
                        <span>{t!(i18n, casework.discard_sure, n = refused())}</span>" "
                        <button type="button" class="button small danger" data-testid="discard-yes"
                            on:click=move |_| { confirming.set(false); sync.discard_refused(); }>{t!(i18n, casework.discard_yes)}</button>" "
                        <button type="button" class="button small secondary" on:click=move |_| confirming.set(false)>{t!(i18n, casework.discard_no)}</button>
                    </span>
                }.into_any()
            } else {
                view! {
                    <button type="button" class="button small secondary" data-testid="discard-refused" on:click=move |_| confirming.set(true)>
                        {t!(i18n, casework.discard_refused, n = refused())}
                    </button>
                }.into_any()
            })}
        </div>
    }
}

#[component]
fn PersonCard(file: Signal<CaseFile>) -> impl IntoView {
    let i18n = use_i18n();
    let today = crate::calendar::today_tokyo();
    view! {
        {move || {
            let f = file.get();
            let p = f.person.clone();
            let l = i18n.get_locale();
            let age = p.birth_date.as_deref()
                .and_then(|b| chrono::NaiveDate::parse_from_str(b, "%Y-%m-%d").ok())
                .map(|b| crate::casework::birth_date::age_on(b, today));
            let pressing = p.most_pressing.clone();
            let concerns = p.concerns.iter().map(|c| {
                let label = slug_label(c, Concern::parse, concern_label, l);
                if pressing.as_deref() == Some(c.as_str()) { format!("★{label}") } else { label }
            }).collect::<Vec<_>>().join(" / ");
            view! {
                <section class="card person" data-testid="person">
                    <h2>{p.name.clone().unwrap_or_default()}</h2>
                    <p>
                        {age.map(|a| view! { <span>{t!(i18n, casework.f_age, age = a)}</span>" " })}
                        {p.sex.as_deref().map(|s| slug_label(s, Sex::parse, sex_label, l))}
                        {p.district_label(l).map(|d| view! { " · "<span data-testid="district">{d}</span> })}
                    </p>
                    {p.address.clone().map(|a| view! { <p>{a}</p> })}
                    {p.phone.clone().map(|ph| {
                        let tel = format!("tel:{}", ph.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>());
                        view! { <p><a class="button small secondary" href=tel>{t!(i18n, casework.phone_call)}" "{ph}</a></p> }
                    })}
                    <p data-testid="concerns">{concerns}</p>
                    {p.free_text.clone().map(|t| view! { <p class="pre-line">{t}</p> })}
                    <details>
                        <summary>{t!(i18n, casework.details)}</summary>
                        <dl class="facts">
                            <dt>{t!(i18n, casework.referred_by)}</dt>
                            <dd>{slug_label(&p.source, Source::parse, source_label, l)}" "{p.institution.clone().unwrap_or_default()}" "{p.doctor.clone().unwrap_or_default()}</dd>
                            {p.medical_history.clone().map(|m| view! { <dt>{t!(i18n, casework.f_medical_history)}</dt><dd class="pre-line">{m}</dd> })}
                            {p.contact.clone().map(|c| view! { <dt>{t!(i18n, casework.f_phone)}</dt><dd>{c}</dd> })}
                            <dt>{t!(i18n, casework.consent_given)}</dt>
                            <dd>{p.consent_by.as_deref().map(|c| slug_label(c, ConsentBy::parse, consent_label, l))}" "{p.consented_at.clone().unwrap_or_default()}</dd>
                            {p.consent_purpose.clone().map(|c| view! { <dd class="muted">"「"{c}"」"</dd> })}
                        </dl>
                    </details>
                    <p class="connections-count" data-testid="connection-count">
                        {t!(i18n, casework.connections_count, before = f.connections_before(), now = f.connections_now())}
                    </p>
                </section>
            }
        }}
    }
}

/// The status (and, when closing, the reason), changed through the outbox
/// from the revision this device last had from the server.
#[component]
fn StatusPanel(file: Signal<CaseFile>, base: Signal<CaseFile>, sync: SyncClient) -> impl IntoView {
    let i18n = use_i18n();
    let status = RwSignal::new(String::new());
    let reason = RwSignal::new(CloseReason::Connected.as_str().to_string());
    let problem = RwSignal::new(None::<String>);
    let case_id = base.with_untracked(|b| b.id);
    let change = move |_| {
        let l = i18n.get_locale_untracked();
        let value = if status.get_untracked().is_empty() { file.get_untracked().field("status").to_string() } else { status.get_untracked() };
        let revision = |f: CaseField| base.with_untracked(|b| b.fields.get(f.as_str()).map(|v| v.revision).unwrap_or(0));
        let mut edits = vec![Change::Field { field: "status".into(), value: value.clone(), base_revision: revision(CaseField::Status) }];
        if value == CaseStatus::Closed.as_str() {
            edits.push(Change::Field { field: "close_reason".into(), value: reason.get_untracked(), base_revision: revision(CaseField::CloseReason) });
        }
        problem.set(sync.record_checked(case_id, edits, l).err());
    };
    view! {
        <section class="card status-panel">
            <h2>{t!(i18n, casework.status)}": "
                <span class="badge" data-testid="status">{move || slug_label(file.get().field("status"), CaseStatus::parse, status_label, i18n.get_locale())}</span>
            </h2>
            <div class="inline-form">
                <label for="case-status">{t!(i18n, casework.change_status)}</label>
                <select id="case-status" data-testid="status-select" on:change=move |ev| status.set(event_target_value(&ev))
                    prop:value=move || if status.get().is_empty() { file.get().field("status").to_string() } else { status.get() }>
                    {CaseStatus::ALL.iter().map(|s| {
                        let s = *s;
                        view! { <option value=s.as_str()>{move || status_label(s, i18n.get_locale())}</option> }
                    }).collect_view()}
                </select>
                {move || (status.get() == CaseStatus::Closed.as_str()).then(|| view! {
                    <label for="close-reason">{t!(i18n, casework.close_reason)}</label>
                    <select id="close-reason" on:change=move |ev| reason.set(event_target_value(&ev))>
                        {CloseReason::ALL.iter().map(|r| {
                            let r = *r;
                            view! { <option value=r.as_str()>{move || close_label(r, i18n.get_locale())}</option> }
                        }).collect_view()}
                    </select>
                })}
                <button type="button" class="button" data-testid="status-save" disabled=move || !sync.ready() on:click=change>
                    {t!(i18n, casework.change_status)}
                </button>
            </div>
            {move || problem.get().map(|m| view! { <p class="error" role="alert">{t!(i18n, casework.fix_first)}{m}</p> })}
        </section>
    }
}

/// Values two devices disagreed on: both shown, the person chooses.
#[component]
fn Conflicts(file: Signal<CaseFile>, base: Signal<CaseFile>, sync: SyncClient) -> impl IntoView {
    let i18n = use_i18n();
    let case_id = base.with_untracked(|b| b.id);
    let label = move |field: &str, value: &str| {
        let l = i18n.get_locale();
        match CaseField::parse(field) {
            Some(CaseField::Status) => slug_label(value, CaseStatus::parse, status_label, l),
            Some(CaseField::CloseReason) => slug_label(value, CloseReason::parse, close_label, l),
            _ => value.to_string(),
        }
    };
    view! {
        {move || {
            let conflicts = file.get().conflicts;
            (!conflicts.is_empty()).then(|| view! {
                <section class="card conflicts" data-testid="conflicts">
                    <h2>{t!(i18n, casework.conflicts_title)}</h2>
                    {conflicts.into_iter().map(|c| {
                        let (field, field2, conflict_id) = (c.field.clone(), c.field.clone(), c.id);
                        let choose = move |value: String| {
                            let revision = base.with_untracked(|b| b.fields.get(&c.field).map(|v| v.revision).unwrap_or(0));
                            sync.record(case_id, Change::Field { field: c.field.clone(), value, base_revision: revision });
                            sync.settle_conflict(conflict_id);
                        };
                        let (other, mine) = (c.server_value.clone(), c.device_value.clone());
                        let (choose_other, choose_mine) = (choose.clone(), choose);
                        let (o2, m2) = (other.clone(), mine.clone());
                        view! {
                            <div class="conflict" data-testid="conflict">
                                <p>
                                    {t!(i18n, casework.conflict_other)}": "<strong>{move || label(&field, &other)}</strong>" "
                                    <button type="button" class="button small secondary" on:click=move |_| choose_other(o2.clone())>{t!(i18n, casework.keep_this)}</button>
                                </p>
                                <p>
                                    {t!(i18n, casework.conflict_this)}": "<strong>{move || label(&field2, &mine)}</strong>" "
                                    <button type="button" class="button small secondary" on:click=move |_| choose_mine(m2.clone())>{t!(i18n, casework.keep_this)}</button>
                                </p>
                            </div>
                        }
                    }).collect_view()}
                </section>
            })
        }}
    }
}
