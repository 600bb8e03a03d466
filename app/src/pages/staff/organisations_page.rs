
use crate::staff::organisations::{list_organisations, load_organisation, OrganisationForm};
use crate::i18n::*;
use crate::ui::access::Forbidden;
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use crate::islands::work::staff::organisations::{OrganisationEditor};
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
