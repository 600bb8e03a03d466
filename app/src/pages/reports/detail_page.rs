use super::list_page::MediaImage;
use crate::reports::{get_report, published_date};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

/// A published report: title, lead, writer, date, reading time, cover, the
/// sanitised body, related activities, and OGP / Twitter meta for sharing.
#[component]
pub fn ReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_params_map().with_untracked(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let report = Resource::new(move || id, get_report);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let r = match report.await {
                    Ok(r) => r,
                    Err(_) => return view! { <crate::errors::NotFoundPage /> }.into_any(),
                };
                let s = r.summary.clone();
                let url = format!("{}/reports/{}", r.base_url, s.id);
                let image = s.cover_id.map(|c| format!("{}/media/{c}/w1280.jpg", r.base_url));
                let description = if s.lead.is_empty() { s.title.clone() } else { s.lead.clone() };
                let date = s.published_at.clone();
                let datetime = date.clone();
                view! {
                    <Title text=s.title.clone() />
                    <Meta property="og:type" content="article" />
                    <Meta property="og:title" content=s.title.clone() />
                    <Meta property="og:description" content=description.clone() />
                    <Meta property="og:url" content=url.clone() />
                    {image.clone().map(|i| view! { <Meta property="og:image" content=i /> })}
                    <Meta name="twitter:card" content=if image.is_some() { "summary_large_image" } else { "summary" } />
                    <Meta name="twitter:title" content=s.title.clone() />
                    <Meta name="twitter:description" content=description />
                    <article class="report" data-testid="report" data-revision=r.revision>
                        <p><a href="/reports">{t!(i18n, reports.back)}</a></p>
                        <header class="page-heading">
                            <h1>{s.title.clone()}</h1>
                            {(!s.lead.is_empty()).then(|| view! { <p class="lead">{s.lead.clone()}</p> })}
                            <p class="muted">
                                {match s.author_slug.clone() {
                                    Some(slug) => view! { <a href=format!("/writers/{slug}")>{s.author_name.clone()}</a> }.into_any(),
                                    None => view! { <span>{s.author_name.clone()}</span> }.into_any(),
                                }}
                                " · "<time datetime=datetime>{move || published_date(&date, i18n.get_locale())}</time>
                                " · "{move || td_string!(i18n.get_locale(), reports.reading, n = s.reading_minutes).to_string()}
                            </p>
                        </header>
                        {s.cover_id.map(|c| view! { <figure class="cover"><MediaImage id=c /></figure> })}
                        <div class="report-body" inner_html=r.body_html.clone()></div>
                        {(!s.tags.is_empty()).then(|| view! {
                            <p class="tags">{s.tags.iter().map(|t| view! {
                                <a href=format!("/reports?tag={}", crate::activities::query::encode(t))>"#"{t.clone()}</a>" "
                            }).collect_view()}</p>
                        })}
                        {(!r.activities.is_empty()).then(|| view! {
                            <section data-testid="report-activities">
                                <h2>{t!(i18n, reports.related)}</h2>
                                <ul>{r.activities.iter().map(|(id, name)| view! { <li><a href=format!("/activities/{id}")>{name.clone()}</a></li> }).collect_view()}</ul>
                            </section>
                        })}
                    </article>
                }.into_any()
            })}
        </Suspense>
    }
}

/// Reports that mention an activity, on that activity's page.
#[component]
pub fn ReportsAboutActivity(activity_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(move || activity_id, crate::reports::reports_for_activity);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let items = list.await.unwrap_or_default();
                (!items.is_empty()).then(|| view! {
                    <section data-testid="activity-reports">
                        <h2>{t!(i18n, reports.about_activity)}</h2>
                        <ul class="report-list">{items.into_iter().map(|r| view! { <super::list_page::ReportCard r=r /> }).collect_view()}</ul>
                    </section>
                })
            })}
        </Suspense>
    }
}
