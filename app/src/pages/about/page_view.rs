//! The about and explainer pages as readers see them.
use crate::about::page::PageSlug;
use crate::about::{get_page, ExplainerLinks};
use crate::calendar::tokyo_time;
use crate::i18n::*;
use crate::ui::access::AccessDenied;
use crate::ui::PageHeading;
use leptos::prelude::*;

#[component]
fn EditablePage(slug: PageSlug) -> impl IntoView {
    let i18n = use_i18n();
    let page = Resource::new(move || slug, |s| get_page(s.as_str().to_string()));
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <AccessDenied error=e /> }.into_any(),
                    Ok(p) => {
                        let p = StoredValue::new(p);
                        let text = move |f: fn(&crate::about::PageText) -> String| move || p.with_value(|p| f(p.text(i18n.get_locale())));
                        let (can_edit, saved_at) = p.with_value(|p| (p.can_edit, p.saved_at.clone()));
                        view! {
                            <article class="prose" data-testid="page" data-slug=slug.as_str()>
                                <PageHeading title=Signal::derive(text(|t| t.title.clone())) lead=Signal::derive(text(|t| t.lead.clone())) />
                                <div class="report-body" data-testid="page-body" inner_html=text(|t| t.html.clone())></div>
                                {saved_at.map(|at| view! { <p class="muted updated">{t!(i18n, pages.updated)}" "{tokyo_time(&at)}</p> })}
                                {can_edit.then(|| view! {
                                    <p><a class="button secondary" data-testid="edit-page" href=format!("/staff/pages/{}", slug.as_str())>{t!(i18n, pages.edit_this)}</a></p>
                                })}
                            </article>
                            <ExplainerLinks />
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn AboutPage() -> impl IntoView {
    view! { <EditablePage slug=PageSlug::About /> }
}

#[component]
pub fn SocialPrescribingPage() -> impl IntoView {
    view! { <EditablePage slug=PageSlug::SocialPrescribing /> }
}

#[component]
pub fn LinkWorkerPage() -> impl IntoView {
    view! { <EditablePage slug=PageSlug::LinkWorker /> }
}

#[component]
pub fn CommunityNursePage() -> impl IntoView {
    view! { <EditablePage slug=PageSlug::CommunityNurse /> }
}
