use crate::reports::{list_reports, published_date, ReportQuery, ReportSummary, PAGE_SIZE};
use crate::i18n::*;
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `<img>` of an uploaded picture with its widths for `srcset`.
#[component]
pub fn MediaImage(id: i64, #[prop(optional)] alt: String, #[prop(optional)] sizes: Option<&'static str>) -> impl IntoView {
    let srcset = [320, 640, 1280].iter().map(|w| format!("/media/{id}/w{w}.jpg {w}w")).collect::<Vec<_>>().join(", ");
    view! {
        <img src=format!("/media/{id}/w640.jpg") srcset=srcset sizes=sizes.unwrap_or("(min-width: 48rem) 40rem, 100vw")
            alt=alt loading="lazy" decoding="async" />
    }
}

/// One report in a list: cover, title, lead, writer, date, reading time.
#[component]
pub fn ReportCard(r: ReportSummary) -> impl IntoView {
    let i18n = use_i18n();
    let date = r.published_at.clone();
    view! {
        <li class="card report-card" data-testid="report-card" data-id=r.id>
            {r.cover_id.map(|c| view! { <MediaImage id=c sizes="(min-width: 48rem) 20rem, 100vw" /> })}
            <h3><a href=format!("/reports/{}", r.id)>{r.title.clone()}</a></h3>
            {(!r.lead.is_empty()).then(|| view! { <p>{r.lead.clone()}</p> })}
            <p class="muted">
                {match r.author_slug.clone() {
                    Some(slug) => view! { <a href=format!("/writers/{slug}")>{r.author_name.clone()}</a> }.into_any(),
                    None => view! { <span>{r.author_name.clone()}</span> }.into_any(),
                }}
                " · "{move || published_date(&date, i18n.get_locale())}
                " · "{move || td_string!(i18n.get_locale(), reports.reading, n = r.reading_minutes).to_string()}
            </p>
        </li>
    }
}

/// つながるレポート: newest first; by tag, district or writer (all in the URL).
#[component]
pub fn ReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move || {
        query.with(|m| ReportQuery {
            tag: m.get("tag").unwrap_or_default(),
            district: m.get("district").unwrap_or_default(),
            writer: m.get("writer").unwrap_or_default(),
            page: m.get("page").and_then(|p| p.parse().ok()).unwrap_or(0),
        })
    };
    let list = Resource::new(q, list_reports);
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, reports.title).to_string())
            lead=Signal::derive(move || t_string!(i18n, reports.lead).to_string())
        />
        <p class="contact-actions">
            <a class="button secondary" href="/writers">{t!(i18n, reports.writers)}</a>
            <a class="button secondary" href="/reports/feed.atom" rel="external">{t!(i18n, reports.feed)}</a>
        </p>
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, reports.loading)}</p> }>
            {move || Suspend::new(async move {
                let Ok(l) = list.await else {
                    return view! { <p class="error">{t!(i18n, common.errors.server_error_body)}</p> }.into_any();
                };
                let current = q();
                let next_page = (i64::from(current.page) + 1) * PAGE_SIZE < l.total;
                let more = {
                    let c = current.clone();
                    move || format!(
                        "/reports?tag={}&district={}&writer={}&page={}",
                        crate::activities::query::encode(&c.tag), crate::activities::query::encode(&c.district),
                        crate::activities::query::encode(&c.writer), c.page + 1
                    )
                };
                view! {
                    {(!l.tags.is_empty()).then(|| view! {
                        <nav class="tag-cloud" aria-label=move || t_string!(i18n, reports.tags)>
                            <a href="/reports" aria-current=(current.tag.is_empty()).then_some("page")>{t!(i18n, reports.all)}</a>
                            {l.tags.iter().map(|(t, n)| view! {
                                <a href=format!("/reports?tag={}", crate::activities::query::encode(t)) aria-current=(current.tag == *t).then_some("page")>
                                    "#"{t.clone()}" ("{*n}")"
                                </a>
                            }).collect_view()}
                        </nav>
                    })}
                    {l.reports.is_empty().then(|| view! { <p data-testid="no-reports">{t!(i18n, reports.none)}</p> })}
                    <ul class="report-list" data-testid="report-list">
                        {l.reports.into_iter().map(|r| view! { <ReportCard r=r /> }).collect_view()}
                    </ul>
                    {next_page.then(|| view! { <p><a class="button secondary" href=more()>{t!(i18n, reports.more)}</a></p> })}
                }.into_any()
            })}
        </Suspense>
    }
}
