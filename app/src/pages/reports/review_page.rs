//! Editors: the queue (submitted first) and one report's review — the
//! rendered text, the history with comments, and the workflow buttons.
use crate::reports::workflow::status_label;
use crate::reports::{load_working_copy, review_queue};
use crate::calendar::tokyo_time;
use crate::i18n::*;
use crate::ui::access::AccessDenied;
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use crate::islands::work::reports::review::{Review};
#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let queue = Resource::new(|| (), |_| review_queue());
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, reports.queue_title).to_string()) />
        <Suspense>
            {move || Suspend::new(async move {
                match queue.await {
                    Err(e) => view! { <AccessDenied error=e /> }.into_any(),
                    Ok(items) => view! {
                        {items.is_empty().then(|| view! { <p>{t!(i18n, reports.queue_empty)}</p> })}
                        <ul class="plain-list" data-testid="review-queue">
                            {items.into_iter().map(|r| view! {
                                <li data-status=r.status.as_str()>
                                    <a href=format!("/staff/reports/{}", r.id)>{r.title.clone()}</a>
                                    " "<span class="badge">{move || status_label(i18n.get_locale(), r.status)}</span>
                                    <br /><span class="muted">{r.author_name.clone()}" · "{tokyo_time(&r.updated_at)}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_params_map().with_untracked(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let copy = Resource::new(move || id, load_working_copy);
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, reports.review_title).to_string()) />
        <Suspense>
            {move || Suspend::new(async move {
                match copy.await {
                    Err(e) => view! { <AccessDenied error=e /> }.into_any(),
                    Ok(c) => view! { <Review c=c /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
