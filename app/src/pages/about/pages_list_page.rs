//! Staff: the editable pages, each with its last save and a link to edit.
use crate::about::list_pages;
use crate::calendar::tokyo_time;
use crate::i18n::*;
use crate::ui::access::AccessDenied;
use crate::ui::PageHeading;
use leptos::prelude::*;

#[component]
pub fn PagesListPage() -> impl IntoView {
    let i18n = use_i18n();
    let pages = Resource::new(|| (), |_| list_pages());
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, pages.list_title).to_string())
            lead=Signal::derive(move || t_string!(i18n, pages.list_lead).to_string())
        />
        <Suspense>
            {move || Suspend::new(async move {
                match pages.await {
                    Err(e) => view! { <AccessDenied error=e /> }.into_any(),
                    Ok(items) => view! {
                        <ul class="card-list" data-testid="pages-list">
                            {items.into_iter().map(|p| {
                                let (ja, en) = (p.title_ja.clone(), p.title_en.clone());
                                view! {
                                    <li class="card">
                                        <h2><a href=format!("/staff/pages/{}", p.slug.as_str())>{move || if i18n.get_locale() == Locale::en { en.clone() } else { ja.clone() }}</a></h2>
                                        <p class="muted">
                                            {match &p.last {
                                                None => t!(i18n, pages.never_edited).into_any(),
                                                Some(l) => view! { {t!(i18n, pages.last_saved)}": "{tokyo_time(&l.saved_at)}" · "{l.saved_by.clone()}" · "{t!(i18n, pages.revisions_label)}": "{p.revisions}}.into_any(),
                                            }}
                                        </p>
                                        <p><a href=p.slug.path()>{t!(i18n, pages.view_page)}</a></p>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
