//! The parts of the case page that only ever add: the timeline, the
//! connections and the six indicators. Each form checks its input as the
//! server will, then writes to the outbox; what is not yet on the server is
//! marked "not sent".
use crate::casework::case_file::CaseFile;
use crate::casework::directory_pick::{DirectoryEntry, DirectoryPick};
use crate::casework::labels::{family_label, indicator_label, note_kind_label, slug_label, stage_label, state_label, tie_label};
use crate::casework::model::{ConnectionState, Indicator, NoteKind, Rating, Stage, TieKind};
use crate::casework::outbox::is_pending;
use crate::casework::sync::Change;
use crate::casework::sync_client::SyncClient;
use crate::activities::model::Family;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
fn NotSent(sync: SyncClient, client_id: String) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        sync.outbox
            .with(|o| is_pending(o, &client_id))
            .then(|| view! { " "<span class="badge not-sent" data-testid="not-sent">{t!(i18n, casework.not_sent)}</span> })
    }
}

fn problem_view(problem: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    move || problem.get().map(|m| view! { <p class="error" role="alert">{t!(i18n, casework.fix_first)}{m}</p> })
}

#[component]
pub fn Timeline(file: Signal<CaseFile>, sync: SyncClient) -> impl IntoView {
    let i18n = use_i18n();
    let case_id = file.with_untracked(|f| f.id);
    let kind = RwSignal::new(NoteKind::Visit.as_str().to_string());
    let date = RwSignal::new(crate::calendar::today_tokyo().to_string());
    let body = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let add = move |_| {
        let change = Change::Note { note_kind: kind.get_untracked(), happened_on: date.get_untracked(), body: body.get_untracked() };
        let recorded = sync.record_checked(case_id, vec![change], i18n.get_locale_untracked());
        if recorded.is_ok() {
            body.set(String::new());
        }
        problem.set(recorded.err());
    };
    view! {
        <section class="card timeline">
            <h2>{t!(i18n, casework.timeline)}</h2>
            <ol class="timeline-list" data-testid="timeline">
                {move || {
                    let notes = file.get().notes;
                    if notes.is_empty() {
                        return view! { <li class="muted">{t!(i18n, casework.no_notes)}</li> }.into_any();
                    }
                    notes.into_iter().rev().map(|n| {
                        let k = n.kind.clone();
                        view! {
                            <li data-testid="note">
                                <p class="note-head">
                                    <strong>{n.happened_on.clone()}</strong>" "
                                    <span class="badge">{move || slug_label(&k, NoteKind::parse, note_kind_label, i18n.get_locale())}</span>
                                    " "<span class="muted">{n.author.clone()}</span>
                                    <NotSent sync=sync client_id=n.client_id.clone() />
                                </p>
                                <p class="pre-line">{n.body.clone()}</p>
                            </li>
                        }
                    }).collect_view().into_any()
                }}
            </ol>
            <div class="stack-form note-form">
                <div class="inline-form">
                    <label for="note-kind">{t!(i18n, casework.note_kind)}</label>
                    <select id="note-kind" on:change=move |ev| kind.set(event_target_value(&ev)) prop:value=move || kind.get()>
                        {NoteKind::ALL.iter().map(|k| {
                            let k = *k;
                            view! { <option value=k.as_str()>{move || note_kind_label(k, i18n.get_locale())}</option> }
                        }).collect_view()}
                    </select>
                    <label for="note-date">{t!(i18n, casework.note_date)}</label>
                    <input id="note-date" type="date" prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="note-body">{t!(i18n, casework.note_body)}</label>
                    <textarea id="note-body" rows="4" data-testid="note-body" prop:value=move || body.get()
                        on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                </div>
                {problem_view(problem)}
                <button type="button" class="button" data-testid="add-note" disabled=move || !sync.ready() on:click=add>{t!(i18n, casework.add_note)}</button>
            </div>
        </section>
    }
}

#[component]
pub fn Connections(file: Signal<CaseFile>, sync: SyncClient) -> impl IntoView {
    let i18n = use_i18n();
    let case_id = file.with_untracked(|f| f.id);
    let label = RwSignal::new(String::new());
    let tie = RwSignal::new(TieKind::Informal.as_str().to_string());
    let family = RwSignal::new(Family::Vitality.as_str().to_string());
    let state = RwSignal::new(ConnectionState::Planned.as_str().to_string());
    let started = RwSignal::new(String::new());
    let introduced = RwSignal::new(String::new());
    let before = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    // the directory listing the connection names, when picked from there
    let listing = RwSignal::new(None::<DirectoryEntry>);
    let pick = Callback::new(move |e: DirectoryEntry| {
        label.set(e.name.clone());
        tie.set(e.tie.clone());
        family.set(e.family.clone());
        listing.set(Some(e));
    });
    let add = move |_| {
        let linked = listing.get_untracked();
        let change = Change::Connection {
            label: label.get_untracked(),
            activity_id: linked.as_ref().and_then(|e| e.activity_id),
            resource_id: linked.as_ref().and_then(|e| e.resource_id),
            tie: tie.get_untracked(),
            family: family.get_untracked(),
            state: state.get_untracked(),
            started_on: started.get_untracked(),
            introduced_by: introduced.get_untracked(),
            before_support: before.get_untracked(),
        };
        let recorded = sync.record_checked(case_id, vec![change], i18n.get_locale_untracked());
        if recorded.is_ok() {
            label.set(String::new());
            introduced.set(String::new());
            listing.set(None);
        }
        problem.set(recorded.err());
    };
    let select = move |id: &'static str, sig: RwSignal<String>, options: Vec<(&'static str, Box<dyn Fn(Locale) -> &'static str + Send + Sync>)>| {
        view! {
            <select id=id on:change=move |ev| sig.set(event_target_value(&ev)) prop:value=move || sig.get()>
                {options.into_iter().map(|(v, f)| view! { <option value=v>{move || f(i18n.get_locale())}</option> }).collect_view()}
            </select>
        }
    };
    view! {
        <section class="card connections">
            <h2>{t!(i18n, casework.connections)}</h2>
            <ul class="plain-list connection-list" data-testid="connections">
                {move || file.get().connections.into_iter().map(|c| {
                    let (tie, fam, st) = (c.tie.clone(), c.family.clone(), c.state.clone());
                    view! {
                        <li data-testid="connection" data-state=c.state.clone()>
                            <span class="mark" aria-hidden="true">{ConnectionState::parse(&c.state).map(|s| s.mark())}</span>" "
                            {match c.activity_id.map(|a| format!("/activities/{a}")).or(c.resource_id.map(|r| format!("/resources/{r}"))) {
                                Some(href) => view! { <a href=href data-testid="connection-listing"><strong>{c.label.clone()}</strong></a> }.into_any(),
                                None => view! { <strong>{c.label.clone()}</strong> }.into_any(),
                            }}
                            <NotSent sync=sync client_id=c.client_id.clone() />
                            <br />
                            <span class="muted">{move || {
                                let l = i18n.get_locale();
                                format!("{} · {} · {}",
                                    slug_label(&st, ConnectionState::parse, state_label, l),
                                    slug_label(&tie, TieKind::parse, tie_label, l),
                                    slug_label(&fam, Family::parse, family_label, l))
                            }}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <details class="relationship">
                <summary data-testid="open-relationship-map">{t!(i18n, casework.map_title)}</summary>
                {move || { let f = file.get(); view! { <crate::casework::relationship_map::RelationshipMaps connections=f.connections.clone() name=f.person.name.clone().unwrap_or_default() /> } }}
            </details>
            <details class="add-connection">
                <summary data-testid="open-add-connection">{t!(i18n, casework.add_connection)}</summary>
                <div class="stack-form">
                    <DirectoryPick on_pick=pick />
                    <div class="field">
                        <label for="conn-label">{t!(i18n, casework.conn_label)}</label>
                        <input id="conn-label" type="text" data-testid="conn-label" prop:value=move || label.get() on:input=move |ev| label.set(event_target_value(&ev)) />
                        {move || listing.get().map(|e| view! {
                            <p class="hint" data-testid="dir-linked">
                                {t!(i18n, casework.dir_linked)}": "{e.name.clone()}" "
                                <button type="button" class="button secondary small" on:click=move |_| listing.set(None)>{t!(i18n, casework.dir_unlink)}</button>
                            </p>
                        })}
                    </div>
                    <div class="field">
                        <label for="conn-tie">{t!(i18n, casework.conn_tie)}</label>
                        {select("conn-tie", tie, TieKind::ALL.iter().map(|t| { let t = *t; (t.as_str(), Box::new(move |l| tie_label(t, l)) as Box<dyn Fn(Locale) -> &'static str + Send + Sync>) }).collect())}
                    </div>
                    <div class="field">
                        <label for="conn-family">{t!(i18n, casework.conn_family)}</label>
                        {select("conn-family", family, Family::ALL.iter().map(|f| { let f = *f; (f.as_str(), Box::new(move |l| family_label(f, l)) as Box<dyn Fn(Locale) -> &'static str + Send + Sync>) }).collect())}
                    </div>
                    <div class="field">
                        <label for="conn-state">{t!(i18n, casework.conn_state)}</label>
                        {select("conn-state", state, ConnectionState::ALL.iter().map(|s| { let s = *s; (s.as_str(), Box::new(move |l| state_label(s, l)) as Box<dyn Fn(Locale) -> &'static str + Send + Sync>) }).collect())}
                    </div>
                    <div class="field">
                        <label for="conn-started">{t!(i18n, casework.started_on)}</label>
                        <input id="conn-started" type="date" prop:value=move || started.get() on:input=move |ev| started.set(event_target_value(&ev)) />
                    </div>
                    <div class="field">
                        <label for="conn-introduced">{t!(i18n, casework.introduced_by)}</label>
                        <input id="conn-introduced" type="text" prop:value=move || introduced.get() on:input=move |ev| introduced.set(event_target_value(&ev)) />
                    </div>
                    <label class="check">
                        <input type="checkbox" prop:checked=move || before.get() on:change=move |ev| before.set(event_target_checked(&ev)) />
                        <span>{t!(i18n, casework.before_support)}</span>
                    </label>
                    {problem_view(problem)}
                    <button type="button" class="button" data-testid="add-connection" disabled=move || !sync.ready() on:click=add>{t!(i18n, casework.add_connection)}</button>
                </div>
            </details>
        </section>
    }
}

#[component]
pub fn Outcomes(file: Signal<CaseFile>, sync: SyncClient) -> impl IntoView {
    let i18n = use_i18n();
    let case_id = file.with_untracked(|f| f.id);
    let stage = RwSignal::new(Stage::Intake.as_str().to_string());
    let indicator = RwSignal::new(Indicator::BasicNeeds.as_str().to_string());
    let rating = RwSignal::new(0i64);
    let note = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let add = move |_| {
        let change = Change::Rating { stage: stage.get_untracked(), indicator: indicator.get_untracked(), rating: rating.get_untracked(), note: note.get_untracked() };
        let recorded = sync.record_checked(case_id, vec![change], i18n.get_locale_untracked());
        if recorded.is_ok() {
            note.set(String::new());
            rating.set(0);
        }
        problem.set(recorded.err());
    };
    // the latest rating per stage and indicator
    let latest = move |s: Stage, i: Indicator| {
        file.with(|f| f.ratings.iter().rev().find(|r| r.stage == s.as_str() && r.indicator == i.as_str()).map(|r| r.rating))
    };
    view! {
        <section class="card outcomes">
            <h2>{t!(i18n, casework.outcomes)}</h2>
            <table class="outcome-table" data-testid="outcomes">
                <thead><tr>
                    <th scope="col">{t!(i18n, casework.indicator)}</th>
                    {Stage::ALL.iter().map(|s| { let s = *s; view! { <th scope="col">{move || stage_label(s, i18n.get_locale())}</th> } }).collect_view()}
                </tr></thead>
                <tbody>
                    {Indicator::ALL.iter().map(|i| {
                        let i = *i;
                        view! {
                            <tr data-indicator=i.as_str()>
                                <th scope="row">{move || indicator_label(i, i18n.get_locale())}</th>
                                {Stage::ALL.iter().map(|s| {
                                    let s = *s;
                                    view! { <td data-stage=s.as_str()>{move || latest(s, i).map(|r| r.to_string()).unwrap_or_else(|| "—".into())}</td> }
                                }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <div class="stack-form rating-form">
                <div class="inline-form">
                    <label for="rate-stage">{t!(i18n, casework.stage)}</label>
                    <select id="rate-stage" on:change=move |ev| stage.set(event_target_value(&ev)) prop:value=move || stage.get()>
                        {Stage::ALL.iter().map(|s| { let s = *s; view! { <option value=s.as_str()>{move || stage_label(s, i18n.get_locale())}</option> } }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="rate-indicator">{t!(i18n, casework.indicator)}</label>
                    <select id="rate-indicator" data-testid="rate-indicator" on:change=move |ev| indicator.set(event_target_value(&ev)) prop:value=move || indicator.get()>
                        {Indicator::ALL.iter().map(|i| { let i = *i; view! { <option value=i.as_str()>{move || indicator_label(i, i18n.get_locale())}</option> } }).collect_view()}
                    </select>
                </div>
                <fieldset class="field scale">
                    <legend>{t!(i18n, casework.rating)}</legend>
                    {(1..=Rating::MAX as i64).map(|n| view! {
                        <button type="button" class="seg" aria-pressed=move || (rating.get() == n).to_string() on:click=move |_| rating.set(n)>{n}</button>
                    }).collect_view()}
                </fieldset>
                <div class="field">
                    <label for="rate-note">{t!(i18n, casework.rating_note)}</label>
                    <input id="rate-note" type="text" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
                </div>
                {problem_view(problem)}
                <button type="button" class="button" data-testid="add-rating" disabled=move || !sync.ready() on:click=add>{t!(i18n, casework.add_rating)}</button>
            </div>
        </section>
    }
}
