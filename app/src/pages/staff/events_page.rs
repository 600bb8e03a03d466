//! Staff pages for events: the upcoming list with bookings, the editor
//! (create / edit / cancel / reinstate, sign-ups with CSV), and the
//! "list in the calendar" box on an activity's edit page.
use crate::ui::access::Forbidden;
use crate::staff::events::{
    list_staff_events, load_event, EventEditData,
};
use crate::events::model::{EventForm, EventStatus};
use crate::events::views::{apply_label, date_label, kind_label, time_label};
use crate::i18n::*;
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use crate::islands::work::staff::events::{CancelBox, EventEditor, EventSignups};
#[component]
pub fn StaffEventsPage() -> impl IntoView {
    let i18n = use_i18n();
    let events = Resource::new(|| (), |_| list_staff_events());
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, events.staff_title).to_string())
            lead=Signal::derive(move || t_string!(i18n, events.staff_lead).to_string())
        />
        <Suspense>
            {move || Suspend::new(async move {
                match events.await {
                    Err(e) => view! { <Forbidden error=e /> }.into_any(),
                    Ok(list) => view! {
                        <p><a class="button" href="/staff/events/new">{t!(i18n, events.staff_new)}</a></p>
                        <p class="muted">{t!(i18n, events.staff_only_oneoff)}</p>
                        <h2>{t!(i18n, events.staff_upcoming)}</h2>
                        <ul class="results" data-testid="staff-events">
                            {list.into_iter().map(|e| {
                                let loc = move || i18n.get_locale();
                                let when = { let e = e.clone(); move || format!("{} {}", date_label(loc(), e.starts.date()), time_label(loc(), &e)) };
                                let booked = e.remaining;
                                view! {
                                    <li class="card result" data-status=e.status.as_str()>
                                        <a href=format!("/staff/events/{}", e.id)><strong>{e.title.clone()}</strong></a>
                                        <p>{when}" · "{e.place.clone()}</p>
                                        <p><a class="button secondary small" href=format!("/organise/session/e{}", e.id) data-testid="event-checkin">{t!(i18n, points.open_sheet)}</a></p>
                                        <p class="muted">
                                            {move || kind_label(loc(), e.kind)}" · "{move || apply_label(loc(), e.apply_method)}
                                            {booked.map(|left| view! { " · "{move || td_string!(loc(), events.remaining, n = left).to_string()} })}
                                            {(e.status == EventStatus::Cancelled).then(|| view! { " · "<strong>{t!(i18n, events.cancelled)}</strong> })}
                                        </p>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn NewEventPage() -> impl IntoView {
    let me = Resource::new(|| (), |_| crate::accounts::whoami());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(u)) if u.is_staff() => {
                        let data = EventEditData {
                            form: EventForm { kind: "lecture".into(), apply_method: "none".into(), fee_yen: "0".into(), ..Default::default() },
                            booked: 0,
                            cancelled: false,
                            from_activity: None,
                            signups: vec![],
                        };
                        view! { <EventEditor id=None data=data /> }.into_any()
                    }
                    Ok(Some(_)) => view! { <Forbidden error=crate::error::AppError::Forbidden /> }.into_any(),
                    _ => view! { <Forbidden error=crate::error::AppError::SignInRequired /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn EditEventPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()));
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => load_event(id).await.map(|d| (id, d)),
            None => Err(crate::error::AppError::NotFound),
        }
    });
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((id, d)) => view! {
                        <EventEditor id=Some(id) data=d.clone() />
                        <CancelBox id=id cancelled=d.cancelled />
                        <EventSignups id=id data=d />
                    }.into_any(),
                    Err(crate::error::AppError::NotFound) => view! { <crate::errors::NotFoundPage /> }.into_any(),
                    Err(e) => view! { <Forbidden error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
