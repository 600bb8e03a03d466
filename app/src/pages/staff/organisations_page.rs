use super::edit_page::Field;
use crate::staff::organisations::{list_organisations, load_organisation, OrganisationForm, SaveOrganisation};
use crate::staff::SaveReply;
use crate::i18n::*;
use crate::ui::access::Forbidden;
use crate::ui::PageHeading;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// /staff/organisations: every organisation with its number of activities.
#[component]
pub fn OrganisationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(|| (), |_| list_organisations());
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, staff.orgs_title).to_string()) />
        <p><a class="button secondary" href="/staff/organisations/new">{t!(i18n, staff.orgs_new)}</a></p>
        <Suspense>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(rows) => view! {
                        <ul class="results" data-testid="organisations">
                            {rows.into_iter().map(|o| view! {
                                <li class="card result">
                                    <a href=format!("/staff/organisations/{}", o.id)><strong>{o.name}</strong></a>
                                    <p class="muted">{o.slug.unwrap_or_default()}" · "{move || td_string!(i18n.get_locale(), staff.orgs_count, n = o.activities).to_string()}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <Forbidden error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn EditOrganisationPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()));
    let data = Resource::new(id, |id| async move {
        match id {
            None => Ok((None, OrganisationForm::default())),
            Some(id) => load_organisation(id).await.map(|f| (Some(id), f)),
        }
    });
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((id, form)) => view! { <OrganisationEditor id=id form=form /> }.into_any(),
                    Err(crate::error::AppError::NotFound) => view! { <crate::errors::NotFoundPage /> }.into_any(),
                    Err(e) => view! { <Forbidden error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OrganisationEditor(id: Option<i64>, form: OrganisationForm) -> impl IntoView {
    let i18n = use_i18n();
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
