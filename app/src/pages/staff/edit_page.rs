
use crate::staff::{load_activity, EditData};
use crate::activities::model::ActivityForm;
use crate::ui::access::Forbidden;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use crate::islands::work::staff::activity_editor::{ActivityEditor};
#[component]
pub fn EditActivityPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()));
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => load_activity(id).await.map(|d| (id, d)),
            None => Err(crate::error::AppError::NotFound),
        }
    });
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((id, d)) => view! { <ActivityEditor id=Some(id) data=d /> }.into_any(),
                    Err(crate::error::AppError::NotFound) => view! { <crate::errors::NotFoundPage /> }.into_any(),
                    Err(e) => view! { <Forbidden error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn NewActivityPage() -> impl IntoView {
    // `?suggestion=N`: filled in from a resident's accepted suggestion
    let query = leptos_router::hooks::use_query_map();
    let from = move || query.with(|q| q.get("suggestion").and_then(|s| s.parse::<i64>().ok()));
    let form = Resource::new(from, |from| async move {
        match from {
            Some(id) => crate::suggestions::suggestion_activity_form(id).await,
            None => match crate::accounts::whoami().await? {
                Some(u) if u.is_staff() => Ok(ActivityForm { status: "active".into(), ..Default::default() }),
                Some(_) => Err(crate::error::AppError::Forbidden),
                None => Err(crate::error::AppError::SignInRequired),
            },
        }
    });
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match form.await {
                    Ok(form) => view! { <ActivityEditor id=None data=EditData { form, revisions: vec![] } /> }.into_any(),
                    Err(e) => view! { <Forbidden error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
