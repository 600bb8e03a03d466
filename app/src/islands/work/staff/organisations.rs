
use crate::ui::forms::Field;
use crate::islands::{island, needs, Part};
use crate::staff::organisations::{OrganisationForm, SaveOrganisation};
use crate::staff::SaveReply;
use crate::i18n::*;
use crate::ui::PageHeading;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[island]
pub fn OrganisationEditor(id: Option<i64>, form: OrganisationForm) -> impl IntoView {
    needs(Part::Staff);
    let i18n = island_i18n();
    let save = ServerAction::<SaveOrganisation>::new();
    let errors = Signal::derive(move || match save.value().get() {
        Some(Ok(SaveReply::Invalid(e))) => e,
        _ => vec![],
    });
    let label = move |key: &'static str| {
        Signal::derive(move || match key {
            "slug" => t_string!(i18n, staff.o_slug),
            "name" => t_string!(i18n, staff.o_name),
            "description" => t_string!(i18n, staff.o_description),
            "phone" => t_string!(i18n, staff.f_phone),
            "email" => t_string!(i18n, staff.f_email),
            _ => t_string!(i18n, staff.f_url),
        }.to_string())
    };
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, staff.orgs_edit).to_string()) />
        <p><a href="/staff/organisations">{t!(i18n, staff.orgs_title)}</a></p>
        {move || match save.value().get() {
            Some(Ok(SaveReply::Saved { .. })) => view! { <p class="notice" role="status">{t!(i18n, staff.saved)}</p> }.into_any(),
            Some(Ok(SaveReply::Invalid(_))) => view! { <p class="error" role="alert" data-testid="save-invalid">{t!(i18n, staff.invalid)}</p> }.into_any(),
            Some(Err(_)) => view! { <p class="error" role="alert">{t!(i18n, common.errors.server_error_body)}</p> }.into_any(),
            None => ().into_any(),
        }}
        <ActionForm action=save attr:class="stack-form edit-form">
            {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
            <Field name="name" value=form.name errors=errors label=label("name") />
            <Field name="slug" value=form.slug errors=errors label=label("slug") />
            <Field name="description" value=form.description errors=errors label=label("description") multiline=true />
            <Field name="phone" value=form.phone errors=errors label=label("phone") />
            <Field name="email" value=form.email errors=errors label=label("email") />
            <Field name="url" value=form.url errors=errors label=label("url") />
            <button type="submit" class="button">{t!(i18n, staff.save)}</button>
        </ActionForm>
    }
}
