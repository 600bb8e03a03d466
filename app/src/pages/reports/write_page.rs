//! The writer's side on a phone: my reports, my profile, and the editor
//! (title, lead, Markdown body with live preview, photos from the camera
//! roll, cover, tags, district, related activities). Every keystroke is kept
//! on the device at once; the server copy is saved a few seconds after typing
//! stops, and again when the connection comes back — nothing typed is lost.
use crate::reports::{load_working_copy, my_reports};
use crate::i18n::*;
use crate::ui::access::AccessDenied;
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use crate::islands::work::reports::editor::{ProfileEditor, ReportEditor};
use crate::reports::workflow::status_label;

/// /write: my reports and my writer profile.
#[component]
pub fn WriteListPage() -> impl IntoView {
    let i18n = use_i18n();
    let mine = Resource::new(|| (), |_| my_reports());
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, reports.write_title).to_string()) />
        <Suspense>
            {move || Suspend::new(async move {
                match mine.await {
                    Err(e) => view! { <AccessDenied error=e /> }.into_any(),
                    Ok(list) => view! {
                        <p><a class="button" href="/write/new" data-testid="new-report">{t!(i18n, reports.new_report)}</a></p>
                        <ul class="plain-list" data-testid="my-reports">
                            {list.into_iter().map(|r| view! {
                                <li>
                                    <a href=format!("/write/{}", r.id)>{if r.title.is_empty() { "(無題)".to_string() } else { r.title.clone() }}</a>
                                    " "<span class="badge" data-status=r.status.as_str()>{move || status_label(i18n.get_locale(), r.status)}</span>
                                    {r.public.then(|| view! { " "<a href=format!("/reports/{}", r.id)>{t!(i18n, reports.view_public)}</a> })}
                                </li>
                            }).collect_view()}
                        </ul>
                        <ProfileEditor />
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// /write/new and /write/:id
#[component]
pub fn WritePage() -> impl IntoView {
    let i18n = use_i18n();
    let param = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let id: Option<i64> = param.parse().ok();
    let loaded = Resource::new(move || id, |id| async move {
        match id {
            Some(id) => load_working_copy(id).await.map(Some),
            None => my_reports().await.map(|_| None),
        }
    });
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, reports.editor_title).to_string()) />
        <Suspense>
            {move || Suspend::new(async move {
                match loaded.await {
                    Err(e) => view! { <AccessDenied error=e /> }.into_any(),
                    Ok(copy) => view! { <ReportEditor id=id copy=copy /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
