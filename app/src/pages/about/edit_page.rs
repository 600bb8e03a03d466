//! Staff edit a page: both languages (one shown at a time on a phone), the
//! same Markdown editor as the reports, a note, and the version history with
//! a look at any earlier version and the way back to it.
use crate::about::edit_page;
use crate::i18n::*;
use crate::ui::access::AccessDenied;
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use crate::islands::work::staff::page_editor::{PageEditor};
#[component]
pub fn EditPagePage() -> impl IntoView {
    let i18n = use_i18n();
    let slug = use_params_map().with_untracked(|p| p.get("slug").unwrap_or_default());
    let draft = Resource::new(move || slug.clone(), edit_page);
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, pages.edit_title).to_string()) />
        <p><a href="/staff/pages">{t!(i18n, pages.list_title)}</a></p>
        <Suspense>
            {move || Suspend::new(async move {
                match draft.await {
                    Err(e) => view! { <AccessDenied error=e /> }.into_any(),
                    Ok(d) => view! { <PageEditor d=d /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
