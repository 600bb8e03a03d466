//! Staff keep the resources: `/staff/resources` (drafts from residents'
//! suggestions first) and the edit form (`/staff/resources/new`, `/:id`).
use crate::resources::status_label;
use crate::resources::model::ResourceForm;
use crate::resources::{kind_label, list_resources, load_resource};
use crate::activities::views::pick;
use crate::i18n::*;
use crate::ui::access::Forbidden;
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use crate::islands::work::staff::resources::{ResourceEditor};
#[component]
pub fn ResourcesStaffPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(|| (), |_| list_resources());
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, places.staff_title).to_string()) />
        <p class="contact-actions">
            <a class="button secondary" href="/staff/resources/new">{t!(i18n, places.staff_new)}</a>
            <a class="button secondary" href="/staff/suggestions">{t!(i18n, places.queue_title)}</a>
        </p>
        <Suspense>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(rows) => view! {
                        <ul class="results" data-testid="resources">
                            {rows.into_iter().map(|r| {
                                let (dja, den) = (r.district_ja.clone(), r.district_en.clone());
                                view! {
                                    <li class="card result" data-status=r.status.as_str()>
                                        <a href=format!("/staff/resources/{}", r.id)><strong>{r.name}</strong></a>
                                        <p class="muted">
                                            {move || kind_label(r.kind, i18n.get_locale())}" · "{move || pick(i18n.get_locale(), &dja, &den)}
                                            " · "{move || status_label(i18n.get_locale(), r.status)}
                                        </p>
                                    </li>
                                }
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
pub fn EditResourcePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()));
    let data = Resource::new(id, |id| async move {
        match id {
            None => crate::accounts::whoami().await.and_then(|u| match u {
                Some(u) if u.is_staff() => Ok((None, ResourceForm { status: "published".into(), ..Default::default() })),
                Some(_) => Err(crate::error::AppError::Forbidden),
                None => Err(crate::error::AppError::SignInRequired),
            }),
            Some(id) => load_resource(id).await.map(|f| (Some(id), f)),
        }
    });
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((id, form)) => view! { <ResourceEditor id=id form=form /> }.into_any(),
                    Err(crate::error::AppError::NotFound) => view! { <crate::errors::NotFoundPage /> }.into_any(),
                    Err(e) => view! { <Forbidden error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
