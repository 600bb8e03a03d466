//! One activity: schedule in plain words with the next dates, place, fee,
//! who it is for, accessibility, contact (tap to call), last checked.
use crate::activities::detail::ActivityDetail;
use crate::activities::get_activity;
use crate::activities::views::{cost_label, pick, target_label, Badges, LastChecked};
use crate::errors::NotFoundPage;
use crate::i18n::*;
use crate::validation::Phone;
use super::report_problem::{ReportOutcome, ReportProblem};
use crate::ui::share::ShareBox;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ActivityDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()));
    let activity = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_activity(id).await.ok(),
            None => None,
        }
    });
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match activity.await {
                    Some(a) => view! { <Detail a=a /> }.into_any(),
                    None => view! { <NotFoundPage /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Detail(a: ActivityDetail) -> impl IntoView {
    let i18n = use_i18n();
    let loc = move || i18n.get_locale();
    let name = a.name.clone();
    let phone = a.phone.as_deref().and_then(|p| Phone::parse(p).ok());
    let a2 = a.clone();
    let schedules = move || match loc() {
        Locale::ja => a2.schedule_ja.clone(),
        Locale::en => a2.schedule_en.clone(),
    };
    let dates = a.next_dates.clone();
    let cats = a.categories.clone();
    let targets = a.targets.clone();
    let (district_ja, district_en) = (a.district_ja.clone(), a.district_en.clone());
    view! {
        <Title text=name.clone() />
        <article class="activity" data-testid="activity-detail">
            <p><a href="/activities">{t!(i18n, activities.back_to_list)}</a></p>
            <header class="page-heading">
                <h1>{name}</h1>
                {(!a.kana.is_empty()).then(|| view! { <p class="kana" lang="ja">{a.kana.clone()}</p> })}
                <p class="muted">{move || cats.iter().map(|(ja, en)| pick(loc(), ja, en)).collect::<Vec<_>>().join("・")}</p>
            </header>
            <Badges status=a.status beginners=a.beginners_welcome drop_in=a.drop_in barrier_free=a.barrier_free online=a.online />
            <crate::islands::resident::favourite::FavouriteButton activity_id=a.id />
            {(!a.photos.is_empty()).then(|| view! {
                <div class="photos">
                    {a.photos.iter().map(|src| view! { <img src=src.clone() alt="" loading="lazy" decoding="async" /> }).collect_view()}
                </div>
            })}
            {(!a.description.is_empty()).then(|| view! { <p class="description">{a.description.clone()}</p> })}
            <dl class="facts">
                <dt>{t!(i18n, activities.schedule)}</dt>
                <dd>
                    <ul class="plain">{move || schedules().into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
                </dd>
                <dt>{t!(i18n, activities.next_dates)}</dt>
                <dd data-testid="next-dates">
                    {if dates.is_empty() {
                        view! { <p>{t!(i18n, activities.no_dates)}</p> }.into_any()
                    } else {
                        let dates = dates.clone();
                        view! { <ul class="plain">{move || dates.iter().map(|(ja, en)| view! { <li>{pick(loc(), ja, en)}</li> }).collect_view()}</ul> }.into_any()
                    }}
                </dd>
                <dt>{t!(i18n, activities.place)}</dt>
                <dd>
                    {a.location_name.clone()}
                    {(!a.address.is_empty()).then(|| view! { <br />{a.address.clone()} })}
                    <br /><span class="muted">{move || pick(loc(), &district_ja, &district_en)}</span>
                    {a.map.clone().map(|m| view! { <crate::ui::static_map::StaticMapView map=m label=a.location_name.clone() /> })}
                </dd>
                {a.access_note.clone().map(|n| view! { <dt>{t!(i18n, activities.access)}</dt><dd>{n}</dd> })}
                <dt>{t!(i18n, activities.cost)}</dt>
                <dd>{move || cost_label(loc(), a.cost_yen)}{a.cost_note.clone().map(|n| view! { " ("{n}")" })}</dd>
                {a.capacity.map(|n| view! { <dt>{t!(i18n, activities.capacity)}</dt><dd>{move || td_string!(loc(), activities.capacity_n, n = n).to_string()}</dd> })}
                {(!targets.is_empty()).then(|| view! {
                    <dt>{t!(i18n, activities.targets)}</dt>
                    <dd>{move || targets.iter().map(|t| target_label(loc(), *t)).collect::<Vec<_>>().join("、")}</dd>
                })}
                {(a.barrier_free || a.accessible_toilet || a.parking).then(|| view! {
                    <dt>{t!(i18n, activities.accessibility)}</dt>
                    <dd><ul class="plain">
                        {a.barrier_free.then(|| view! { <li>{t!(i18n, activities.barrier_free_yes)}</li> })}
                        {a.accessible_toilet.then(|| view! { <li>{t!(i18n, activities.toilet)}</li> })}
                        {a.parking.then(|| view! { <li>{t!(i18n, activities.parking)}</li> })}
                    </ul></dd>
                })}
                {a.organisation.clone().map(|o| view! { <dt>{t!(i18n, activities.organiser)}</dt><dd>{o}</dd> })}
            </dl>
            <section class="contact">
                <h2>{t!(i18n, activities.contact)}</h2>
                <div class="contact-actions">
                    {phone.map(|p| view! {
                        <a class="button call" href=p.tel_uri()>{t!(i18n, activities.call)}" "{p.as_str().to_string()}</a>
                    })}
                    {a.email.clone().map(|e| view! { <a class="button secondary" href=format!("mailto:{e}")>{t!(i18n, activities.email)}</a> })}
                    {a.url.clone().map(|u| view! { <a class="button secondary" href=u rel="noopener" target="_blank">{t!(i18n, activities.website)}</a> })}
                </div>
            </section>
            <LastChecked last_verified=a.last_verified.clone() />
            <crate::pages::reports::ReportsAboutActivity activity_id=a.id />
            <ShareBox title=a.name.clone() url=a.share_url.clone() qr_svg=a.qr_svg.clone() />
            <ReportProblem activity_id=a.id outcome=report_outcome() />
            <script type="application/ld+json" inner_html=a.json_ld.clone()></script>
        </article>
    }
}

/// What the last problem report from this page came to (`?report=`).
fn report_outcome() -> Option<ReportOutcome> {
    leptos_router::hooks::use_query_map().with_untracked(|q| ReportOutcome::from_query(q.get("report").as_deref(), q.get("wait").as_deref()))
}
