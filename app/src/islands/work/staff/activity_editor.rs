
use crate::staff::{EditData, QuickAction, SaveActivityForm, SaveReply};
use crate::islands::{island, needs, Part};
use crate::i18n::*;
use crate::ui::PageHeading;
use leptos::form::ActionForm;
use crate::ui::forms::{field_label, Field};
use leptos::prelude::*;

#[island]
pub fn ActivityEditor(id: Option<i64>, data: EditData) -> impl IntoView {
    needs(Part::Staff);
    let i18n = island_i18n();
    let save = ServerAction::<SaveActivityForm>::new();
    let quick = ServerAction::<QuickAction>::new();
    let errors = Signal::derive(move || match save.value().get() {
        Some(Ok(SaveReply::Invalid(e))) => e,
        _ => match quick.value().get() {
            Some(Ok(SaveReply::Invalid(e))) => e,
            _ => vec![],
        },
    });
    let f = data.form;
    let title = move || if id.is_some() { t_string!(i18n, staff.edit_title) } else { t_string!(i18n, staff.new_title) };
    let text = move |name: &'static str, value: String| view! { <Field name=name value=value errors=errors /> };
    let area = move |name: &'static str, value: String| view! { <Field name=name value=value errors=errors multiline=true /> };
    let check = move |name: &'static str, on: bool| view! {
        <label class="check">
            <input type="checkbox" name=format!("form[{name}]") value="true" checked=on />
            <span>{move || field_label(i18n.get_locale(), name)}</span>
        </label>
    };
    view! {
        <PageHeading title=Signal::derive(move || title().to_string()) />
        {id.map(|id| view! {
            <p><a href=format!("/activities/{id}")>{f.name.clone()}</a></p>
            <div class="contact-actions">
                {[("verified", 0), ("pause", 1), ("end", 2), ("activate", 3)].into_iter().map(|(a, i)| view! {
                    <ActionForm action=quick>
                        <input type="hidden" name="id" value=id />
                        <input type="hidden" name="action" value=a />
                        <button type="submit" class="button secondary" data-action=a>{move || match i {
                            0 => t_string!(i18n, staff.verified_today),
                            1 => t_string!(i18n, staff.pause),
                            2 => t_string!(i18n, staff.end),
                            _ => t_string!(i18n, staff.activate),
                        }}</button>
                    </ActionForm>
                }).collect_view()}
            </div>
        })}
        {move || match (save.value().get(), quick.value().get()) {
            (Some(Ok(SaveReply::Saved { id })), _) | (_, Some(Ok(SaveReply::Saved { id }))) => view! {
                <p class="notice" role="status">{t!(i18n, staff.saved)}" "<a href=format!("/activities/{id}")>{format!("#{id}")}</a></p>
            }.into_any(),
            (Some(Ok(SaveReply::Invalid(_))), _) | (_, Some(Ok(SaveReply::Invalid(_)))) => view! {
                <p class="error" role="alert" data-testid="save-invalid">{t!(i18n, staff.invalid)}</p>
            }.into_any(),
            (Some(Err(_)), _) | (_, Some(Err(_))) => view! { <p class="error" role="alert">{t!(i18n, common.errors.server_error_body)}</p> }.into_any(),
            _ => ().into_any(),
        }}
        <ActionForm action=save attr:class="stack-form edit-form">
            {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
            {text("name", f.name)}
            {text("kana", f.kana)}
            {area("description", f.description)}
            {text("external_id", f.external_id)}
            {text("organisation", f.organisation)}
            {text("categories", f.categories)}
            {text("targets", f.targets)}
            {area("schedules", f.schedules)}
            {text("cost_yen", f.cost_yen)}
            {text("cost_note", f.cost_note)}
            {text("capacity", f.capacity)}
            {check("beginners_welcome", f.beginners_welcome)}
            {check("drop_in", f.drop_in)}
            {check("barrier_free", f.barrier_free)}
            {check("accessible_toilet", f.accessible_toilet)}
            {check("parking", f.parking)}
            {check("online", f.online)}
            {text("location_name", f.location_name)}
            {text("address", f.address)}
            {text("district", f.district)}
            {text("latitude", f.latitude)}
            {text("longitude", f.longitude)}
            {area("access_note", f.access_note)}
            {text("phone", f.phone)}
            {text("email", f.email)}
            {text("url", f.url)}
            {area("photos", f.photos)}
            {text("status", f.status)}
            {text("last_verified", f.last_verified)}
            <button type="submit" class="button">{t!(i18n, staff.save)}</button>
        </ActionForm>
        {id.map(|id| view! { <crate::islands::work::staff::events::ActivityCalendarBox activity_id=id /> })}
        {(!data.revisions.is_empty()).then(|| view! {
            <section>
                <h2>{t!(i18n, staff.history)}</h2>
                <ul class="plain history">
                    {data.revisions.into_iter().map(|r| view! {
                        <li>{r.changed_at}" — "{r.summary}" ("{t!(i18n, staff.by)}": "{r.changed_by}")"</li>
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}
