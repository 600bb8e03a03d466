use super::list_page::{MediaImage, ReportCard};
use crate::reports::{get_writer, list_writers};
use crate::i18n::*;
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// ライターの紹介: every writer, or one writer with their reports.
#[component]
pub fn WriterPage() -> impl IntoView {
    let i18n = use_i18n();
    let slug = use_params_map().with_untracked(|p| p.get("slug").unwrap_or_default());
    if slug.is_empty() {
        let writers = Resource::new(|| (), |_| list_writers());
        return view! {
            <PageHeading title=Signal::derive(move || t_string!(i18n, reports.writers).to_string()) />
            <Suspense>
                {move || Suspend::new(async move {
                    let list = writers.await.unwrap_or_default();
                    view! {
                        <ul class="report-list" data-testid="writers">
                            {list.into_iter().map(|w| view! {
                                <li class="card">
                                    {w.photo_id.map(|p| view! { <MediaImage id=p sizes="6rem" /> })}
                                    <h2><a href=format!("/writers/{}", w.slug)>{w.name.clone()}</a></h2>
                                    <p>{w.interests.clone()}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }
                })}
            </Suspense>
        }
        .into_any();
    }
    let page = Resource::new(move || slug.clone(), get_writer);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let Ok(p) = page.await else { return view! { <crate::errors::NotFoundPage /> }.into_any() };
                let name = p.profile.name.clone();
                view! {
                    <PageHeading title=Signal::derive(move || name.clone()) />
                    <section class="writer" data-testid="writer-profile">
                        {p.profile.photo_id.map(|id| view! { <MediaImage id=id sizes="8rem" /> })}
                        {(!p.profile.bio.is_empty()).then(|| view! { <p class="pre-line">{p.profile.bio.clone()}</p> })}
                        {(!p.profile.interests.is_empty()).then(|| view! {
                            <p><strong>{t!(i18n, reports.interests)}</strong>" "{p.profile.interests.clone()}</p>
                        })}
                    </section>
                    <h2>{t!(i18n, reports.by_writer)}</h2>
                    <ul class="report-list" data-testid="report-list">
                        {p.reports.into_iter().map(|r| view! { <ReportCard r=r /> }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </Suspense>
    }
    .into_any()
}
