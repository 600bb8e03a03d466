//! Staff keep the resources: `/staff/resources` (drafts from residents'
//! suggestions first) and the edit form (`/staff/resources/new`, `/:id`).
use crate::islands::{island, needs, Part};
use crate::resources::status_label;
use crate::resources::model::{ResourceForm, ResourceKind, ResourceStatus};
use crate::resources::{kind_label, SaveResource};
use crate::i18n::*;
use crate::ui::forms::Field;
use crate::staff::SaveReply;
use crate::ui::PageHeading;
use crate::validation::FieldError;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[island]
pub fn ResourceEditor(id: Option<i64>, form: ResourceForm) -> impl IntoView {
    needs(Part::Staff);
    let i18n = island_i18n();
    let save = ServerAction::<SaveResource>::new();
    let errors = Signal::derive(move || match save.value().get() {
        Some(Ok(SaveReply::Invalid(e))) => e,
        _ => vec![],
    });
    let label = move |key: &'static str| {
        Signal::derive(move || {
            let l = i18n.get_locale();
            match key {
                "name" => td_string!(l, places.f_name),
                "description" => td_string!(l, places.f_description),
                "opening_hours" => td_string!(l, places.hours),
                "address" => td_string!(l, staff.f_address),
                "district" => td_string!(l, staff.f_district),
                "latitude" => td_string!(l, staff.f_latitude),
                "longitude" => td_string!(l, staff.f_longitude),
                "phone" => td_string!(l, staff.f_phone),
                _ => td_string!(l, staff.f_url),
            }
            .to_string()
        })
    };
    let kind = form.kind.clone();
    let status = form.status.clone();
    view! {
        <PageHeading title=Signal::derive(move || if id.is_some() { t_string!(i18n, places.staff_edit) } else { t_string!(i18n, places.staff_new) }.to_string()) />
        <p><a href="/staff/resources">{t!(i18n, places.staff_title)}</a>{id.map(|id| view! { " · "<a href=format!("/resources/{id}")>{t!(i18n, places.view_page)}</a> })}</p>
        {move || match save.value().get() {
            Some(Ok(SaveReply::Saved { id })) => view! {
                <p class="notice" role="status" data-testid="saved">{t!(i18n, staff.saved)}" "<a href=format!("/resources/{id}")>{format!("#{id}")}</a></p>
            }.into_any(),
            Some(Ok(SaveReply::Invalid(_))) => view! { <p class="error" role="alert" data-testid="save-invalid">{t!(i18n, staff.invalid)}</p> }.into_any(),
            Some(Err(_)) => view! { <p class="error" role="alert">{t!(i18n, common.errors.server_error_body)}</p> }.into_any(),
            None => ().into_any(),
        }}
        <ActionForm action=save attr:class="stack-form edit-form">
            {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
            <Field name="name" value=form.name errors=errors label=label("name") />
            <KindSelect name="form[kind]" value=kind errors=errors />
            <Field name="description" value=form.description errors=errors label=label("description") multiline=true />
            <Field name="opening_hours" value=form.opening_hours errors=errors label=label("opening_hours") />
            <Field name="address" value=form.address errors=errors label=label("address") />
            <Field name="district" value=form.district errors=errors label=label("district") />
            <Field name="latitude" value=form.latitude errors=errors label=label("latitude") />
            <Field name="longitude" value=form.longitude errors=errors label=label("longitude") />
            <Field name="phone" value=form.phone errors=errors label=label("phone") input_type="tel" />
            <Field name="url" value=form.url errors=errors label=label("url") input_type="url" />
            <div class="field" data-field="status">
                <label for="f-status">{t!(i18n, staff.f_status)}</label>
                <select id="f-status" name="form[status]">
                    {ResourceStatus::ALL.iter().map(|s| {
                        let s = *s;
                        view! { <option value=s.as_str() selected=status == s.as_str()>{move || status_label(i18n.get_locale(), s)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button">{t!(i18n, staff.save)}</button>
        </ActionForm>
    }
}

/// The kind as a select (icon + name), with its problem beneath.
#[component]
pub(crate) fn KindSelect(name: &'static str, value: String, #[prop(into)] errors: Signal<Vec<FieldError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field" data-field="kind">
            <label for="f-kind">{t!(i18n, places.f_kind)}</label>
            <select id="f-kind" name=name>
                <option value="">{t!(i18n, places.choose_kind)}</option>
                {ResourceKind::ALL.iter().map(|k| {
                    let k = *k;
                    view! { <option value=k.as_str() selected=value == k.as_str()>{k.glyph()}" "{move || kind_label(k, i18n.get_locale())}</option> }
                }).collect_view()}
            </select>
            <crate::ui::forms::FieldProblem errors=errors name="kind" />
        </div>
    }
}
