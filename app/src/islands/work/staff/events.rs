//! Staff pages for events: the upcoming list with bookings, the editor
//! (create / edit / cancel / reinstate, sign-ups with CSV), and the
//! "list in the calendar" box on an activity's edit page.
use crate::islands::{island, needs, Part};
use crate::ui::forms::Field;
use crate::staff::events::{
    activity_calendar_weeks, CalendarReply, CancelEvent, CancelReply, EventEditData,
    ReinstateEvent, SaveEventForm, SetActivityCalendar,
};
use crate::staff::SaveReply;
use crate::events::model::{ApplyMethod, EventKind};
use crate::events::views::{apply_label, kind_label};
use crate::i18n::*;
use crate::ui::PageHeading;
use leptos::form::ActionForm;
use leptos::prelude::*;

fn label(locale: Locale, name: &str) -> String {
    match name {
        "title" => td_string!(locale, events.f_title),
        "kind" => td_string!(locale, events.f_kind),
        "description" => td_string!(locale, events.f_description),
        "categories" => td_string!(locale, events.f_categories),
        "date" => td_string!(locale, events.f_date),
        "end_date" => td_string!(locale, events.f_end_date),
        "start_time" => td_string!(locale, events.f_start_time),
        "end_time" => td_string!(locale, events.f_end_time),
        "all_day" => td_string!(locale, events.f_all_day),
        "location_name" => td_string!(locale, events.f_location_name),
        "address" => td_string!(locale, events.f_address),
        "district" => td_string!(locale, events.f_district),
        "latitude" => td_string!(locale, events.f_latitude),
        "longitude" => td_string!(locale, events.f_longitude),
        "online" => td_string!(locale, events.f_online),
        "online_url" => td_string!(locale, events.f_online_url),
        "organisation" => td_string!(locale, events.f_organisation),
        "fee_yen" => td_string!(locale, events.f_fee_yen),
        "fee_note" => td_string!(locale, events.f_fee_note),
        "capacity" => td_string!(locale, events.f_capacity),
        "targets" => td_string!(locale, events.f_targets),
        "target_note" => td_string!(locale, events.f_target_note),
        "bring" => td_string!(locale, events.f_bring),
        "apply_method" => td_string!(locale, events.f_apply_method),
        "apply_contact" => td_string!(locale, events.f_apply_contact),
        "apply_deadline" => td_string!(locale, events.f_apply_deadline),
        "photos" => td_string!(locale, events.f_photos),
        _ => td_string!(locale, events.f_full),
    }
    .to_string()
}

#[island]
pub fn EventEditor(id: Option<i64>, data: EventEditData) -> impl IntoView {
    needs(Part::Staff);
    let i18n = island_i18n();
    let save = ServerAction::<SaveEventForm>::new();
    let errors = Signal::derive(move || match save.value().get() {
        Some(Ok(SaveReply::Invalid(e))) => e,
        _ => vec![],
    });
    let f = data.form;
    let lbl = move |name: &'static str| Signal::derive(move || label(i18n.get_locale(), name));
    let field = move |name: &'static str, value: String, input_type: &'static str| {
        view! { <Field name=name value=value errors=errors label=lbl(name) input_type=input_type /> }
    };
    let area = move |name: &'static str, value: String| view! { <Field name=name value=value errors=errors label=lbl(name) multiline=true /> };
    let check = move |name: &'static str, on: bool| view! {
        <label class="check">
            <input type="checkbox" name=format!("form[{name}]") value="true" checked=on />
            <span>{move || label(i18n.get_locale(), name)}</span>
        </label>
    };
    let (kind, method) = (f.kind.clone(), f.apply_method.clone());
    view! {
        <PageHeading title=Signal::derive(move || if id.is_some() { t_string!(i18n, events.staff_edit).to_string() } else { t_string!(i18n, events.staff_new).to_string() }) />
        <p><a href="/staff/events">{t!(i18n, events.staff_title)}</a>{id.map(|id| view! { " · "<a href=format!("/events/{id}")>{f.title.clone()}</a> })}</p>
        {data.from_activity.map(|_| view! { <p class="notice">{t!(i18n, events.staff_from_activity)}</p> })}
        {move || match save.value().get() {
            Some(Ok(SaveReply::Saved { id })) => view! {
                <p class="notice" role="status" data-testid="event-saved">{t!(i18n, events.staff_saved)}" "<a href=format!("/events/{id}")>{format!("#{id}")}</a></p>
            }.into_any(),
            Some(Ok(SaveReply::Invalid(_))) => view! { <p class="error" role="alert" data-testid="save-invalid">{t!(i18n, events.staff_invalid)}</p> }.into_any(),
            Some(Err(_)) => view! { <p class="error" role="alert">{t!(i18n, common.errors.server_error_body)}</p> }.into_any(),
            None => ().into_any(),
        }}
        <ActionForm action=save attr:class="stack-form edit-form">
            {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
            {field("title", f.title, "text")}
            <div class="field">
                <label for="f-kind">{move || label(i18n.get_locale(), "kind")}</label>
                <select id="f-kind" name="form[kind]">
                    {EventKind::ALL.iter().map(|k| view! { <option value=k.as_str() selected=kind == k.as_str()>{move || kind_label(i18n.get_locale(), *k)}</option> }).collect_view()}
                </select>
            </div>
            {area("description", f.description)}
            {field("categories", f.categories, "text")}
            {field("date", f.date, "date")}
            {field("start_time", f.start_time, "time")}
            {field("end_time", f.end_time, "time")}
            {check("all_day", f.all_day)}
            {field("end_date", f.end_date, "date")}
            {field("location_name", f.location_name, "text")}
            {field("address", f.address, "text")}
            {field("district", f.district, "text")}
            {field("latitude", f.latitude, "text")}
            {field("longitude", f.longitude, "text")}
            {check("online", f.online)}
            {field("online_url", f.online_url, "url")}
            {field("organisation", f.organisation, "text")}
            {field("fee_yen", f.fee_yen, "text")}
            {field("fee_note", f.fee_note, "text")}
            {field("capacity", f.capacity, "text")}
            {field("targets", f.targets, "text")}
            {field("target_note", f.target_note, "text")}
            {area("bring", f.bring)}
            <div class="field">
                <label for="f-apply_method">{move || label(i18n.get_locale(), "apply_method")}</label>
                <select id="f-apply_method" name="form[apply_method]">
                    {ApplyMethod::ALL.iter().map(|m| view! { <option value=m.as_str() selected=method == m.as_str()>{move || apply_label(i18n.get_locale(), *m)}</option> }).collect_view()}
                </select>
            </div>
            {field("apply_contact", f.apply_contact, "text")}
            {field("apply_deadline", f.apply_deadline, "text")}
            {area("photos", f.photos)}
            {check("full", f.full)}
            <button type="submit" class="button">{t!(i18n, staff.save)}</button>
        </ActionForm>
    }
}

/// Cancel (with a reason) or undo it. Both forms stay mounted and are only
/// hidden: an `ActionForm` torn down by its own action's reply panics in
/// Leptos 0.8, which would stop the page.
#[island]
pub fn CancelBox(id: i64, cancelled: bool) -> impl IntoView {
    needs(Part::Staff);
    let i18n = island_i18n();
    let cancel = ServerAction::<CancelEvent>::new();
    let reinstate = ServerAction::<ReinstateEvent>::new();
    let state = RwSignal::new(cancelled);
    Effect::new(move |_| {
        if let Some(Ok(CancelReply::Cancelled)) = cancel.value().get() {
            state.set(true);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = reinstate.value().get() {
            state.set(false);
        }
    });
    let problem = move || match cancel.value().get() {
        Some(Ok(CancelReply::Invalid(e))) => Some(e.problem.message(i18n.get_locale())),
        _ => None,
    };
    view! {
        <section class="cancel-box" data-testid="cancel-box" data-cancelled=move || state.get().to_string()>
            <h2>{t!(i18n, events.staff_cancel)}</h2>
            <div hidden=move || !state.get()>
                <p class="notice" role="status">{t!(i18n, events.staff_cancelled_now)}</p>
                <ActionForm action=reinstate>
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class="button secondary" data-testid="reinstate-event">{t!(i18n, events.staff_reinstate)}</button>
                </ActionForm>
            </div>
            <div hidden=move || state.get()>
                <ActionForm action=cancel>
                    <input type="hidden" name="id" value=id />
                    <label class="field">
                        <span>{t!(i18n, events.staff_cancel_reason)}</span>
                        <textarea name="reason" rows="2" maxlength="300"></textarea>
                        <span class="field-error" role="alert">{problem}</span>
                    </label>
                    <button type="submit" class="button danger" data-testid="cancel-event">{t!(i18n, events.staff_cancel_button)}</button>
                </ActionForm>
            </div>
        </section>
    }
}

#[island]
pub fn EventSignups(id: i64, data: EventEditData) -> impl IntoView {
    needs(Part::Staff);
    let i18n = island_i18n();
    let rows = data.signups;
    view! {
        <section data-testid="signups">
            <h2>{t!(i18n, events.staff_signups)}</h2>
            <p>{move || td_string!(i18n.get_locale(), events.staff_booked_open, booked = data.booked).to_string()}</p>
            {rows.is_empty().then(|| view! { <p>{t!(i18n, events.staff_no_signups)}</p> })}
            {(!rows.is_empty()).then(|| view! {
                <div class="table-wrap">
                    <table class="data">
                        <thead><tr>
                            <th>{t!(i18n, events.name)}</th><th>{t!(i18n, events.contact_field)}</th><th>{t!(i18n, events.people)}</th><th>{t!(i18n, events.note)}</th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|r| view! {
                                <tr class:cancelled=r.cancelled>
                                    <td>{r.name}{r.cancelled.then(|| view! { " ("{t!(i18n, events.cancelled)}")" })}</td>
                                    <td>{r.contact}</td><td>{r.people}</td><td>{r.note}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            <p><a class="button secondary" href=format!("/staff/events/{id}/signups.csv") download="" data-testid="signups-csv">{t!(i18n, events.staff_csv)}</a></p>
        </section>
    }
}

/// On an activity's edit page: how many weeks ahead its sessions appear in
/// the event calendar.
#[island]
pub fn ActivityCalendarBox(activity_id: i64) -> impl IntoView {
    needs(Part::Staff);
    let i18n = island_i18n();
    let set = ServerAction::<SetActivityCalendar>::new();
    // loaded once: the select keeps the chosen value after saving
    let weeks = Resource::new(|| (), move |_| activity_calendar_weeks(activity_id));
    view! {
        <section class="calendar-box" data-testid="activity-calendar">
            <h2>{t!(i18n, events.staff_calendar)}</h2>
            <p>{t!(i18n, events.staff_calendar_lead)}</p>
            <Suspense>
                {move || Suspend::new(async move {
                    let current = weeks.await.unwrap_or(0);
                    view! {
                        <ActionForm action=set>
                            <input type="hidden" name="activity_id" value=activity_id />
                            <label class="field">
                                <span>{t!(i18n, events.staff_calendar_weeks)}</span>
                                <select name="weeks">
                                    {[0u32, 4, 8, 12, 26].into_iter().map(|n| view! {
                                        <option value=n selected=n == current>{move || if n == 0 {
                                            t_string!(i18n, events.staff_weeks_0).to_string()
                                        } else {
                                            td_string!(i18n.get_locale(), events.staff_weeks_n, n = n).to_string()
                                        }}</option>
                                    }).collect_view()}
                                </select>
                            </label>
                            <button type="submit" class="button secondary">{t!(i18n, events.staff_calendar_save)}</button>
                        </ActionForm>
                    }
                })}
            </Suspense>
            {move || set.value().get().map(|r| match r {
                Ok(CalendarReply { inserted, updated, deleted, cancelled, .. }) => view! {
                    <p class="notice" role="status" data-testid="calendar-done">{move || td_string!(i18n.get_locale(), events.staff_calendar_done, inserted = inserted, updated = updated, deleted = deleted, cancelled = cancelled).to_string()}</p>
                }.into_any(),
                Err(_) => view! { <p class="error" role="alert">{t!(i18n, common.errors.server_error_body)}</p> }.into_any(),
            })}
        </section>
    }
}
