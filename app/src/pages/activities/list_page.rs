//! さがす: the list page. A GET form (works without JavaScript) whose state
//! lives in the URL; after hydration the router submits it client-side and
//! only the results update.
use crate::activities::query::{ActivityQuery, DAYS, TIMES};
use crate::activities::summary::ActivitySummary;
use crate::activities::views::{cost_label, pick, Badges, LastChecked};
use crate::activities::search_activities;
use crate::activities::views::{CategorySelect, DistrictSelect};
use crate::i18n::*;
use crate::ui::PageHeading;
use crate::islands::resident::near_me::NearMeButton;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| {
        params.with(|p| ActivityQuery::from_pairs(p.into_iter().map(|(k, v)| (k.as_ref(), v))))
    });
    let results = Resource::new(move || query.get(), search_activities);

    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, activities.title).to_string())
            lead=Signal::derive(move || t_string!(i18n, activities.lead).to_string())
        />
        <SearchForm query=query action="/activities" />
        <p class="to-map"><a class="button secondary" data-testid="as-map" href=move || format!("/map?{}", query.with(|q| q.to_query_string()))>{t!(i18n, common.map.as_map)}</a></p>
        <NearMe query=query action="/activities" />
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, activities.loading)}</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(page) => {
                        let count = page.total;
                        let next = query.with(|q| ActivityQuery { pages: q.page_count() + 1, ..q.clone() }.to_query_string());
                        view! {
                            <p class="result-count" role="status" data-testid="result-count" data-count=count>
                                {t!(i18n, activities.count, count = count)}
                            </p>
                            {(count == 0).then(|| view! { <p>{t!(i18n, activities.none)}</p> })}
                            <ul class="results" data-testid="results">
                                {page.items.into_iter().map(|s| view! { <ResultCard s=s /> }).collect_view()}
                            </ul>
                            {page.more.then(|| view! {
                                <a class="button secondary more" href=format!("/activities?{next}")>{t!(i18n, activities.more)}</a>
                            })}
                        }.into_any()
                    }
                    Err(_) => view! { <p class="error">{t!(i18n, common.errors.server_error_body)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The keyword box and the filters, as a GET form whose state lives in the
/// URL (works without JavaScript); shared by the list (`/activities`) and the
/// map (`/map`), so both read the same query.
#[component]
pub fn SearchForm(
    query: Memo<ActivityQuery>,
    action: &'static str,
    /// The map's extra filter: which other resources to show.
    #[prop(optional)]
    with_resources: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
    <Form method="GET" action=action>
        <div class="search-row">
            <label class="sr-only" for="q">{t!(i18n, activities.search_label)}</label>
            <input
                id="q"
                name="q"
                type="search"
                enterkeyhint="search"
                prop:value=move || query.with(|q| q.q.clone())
                placeholder=move || t_string!(i18n, activities.search_placeholder)
            />
            <button type="submit" class="button">{t!(i18n, activities.search_button)}</button>
        </div>
        <details class="filters" open=move || query.with(|q| q.is_filtered() && q.q.trim().is_empty())>
            <summary>{t!(i18n, activities.filters)}</summary>
            <div class="filter-grid">
                <CategorySelect selected=Signal::derive(move || query.with(|q| q.category.clone())) />
                <DistrictSelect selected=Signal::derive(move || query.with(|q| q.district.clone())) />
                <label>
                    <span>{t!(i18n, activities.day)}</span>
                    <select name="day">
                        <option value="">{t!(i18n, activities.any)}</option>
                        {DAYS.into_iter().map(|d| view! {
                            <option value=d selected=move || query.with(|q| q.day == d)>{move || day_label(i18n.get_locale(), d)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    <span>{t!(i18n, activities.time)}</span>
                    <select name="time">
                        <option value="">{t!(i18n, activities.any)}</option>
                        {TIMES.into_iter().map(|t| view! {
                            <option value=t selected=move || query.with(|q| q.time == t)>{move || time_label(i18n.get_locale(), t)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <Check name="free" checked=Signal::derive(move || query.with(|q| q.free))>{t!(i18n, activities.free)}</Check>
                <Check name="beginners" checked=Signal::derive(move || query.with(|q| q.beginners))>{t!(i18n, activities.beginners)}</Check>
                <Check name="barrier_free" checked=Signal::derive(move || query.with(|q| q.barrier_free))>{t!(i18n, activities.barrier_free)}</Check>
                <Check name="this_week" checked=Signal::derive(move || query.with(|q| q.this_week))>{t!(i18n, activities.this_week)}</Check>
                {with_resources.then(|| view! {
                    <label>
                        <span>{t!(i18n, places.map_resources)}</span>
                        <select name="res" data-testid="res-select">
                            <option value="">{t!(i18n, places.map_resources_all)}</option>
                            <option value="none" selected=move || query.with(|q| q.res == "none")>{t!(i18n, places.map_resources_none)}</option>
                            {crate::resources::model::ResourceKind::ALL.iter().map(|k| {
                                let k = *k;
                                view! { <option value=k.as_str() selected=move || query.with(|q| q.res == k.as_str())>{k.glyph()}" "{move || crate::resources::kind_label(k, i18n.get_locale())}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                })}
                <label>
                    <span>{t!(i18n, activities.sort)}</span>
                    <select name="sort">
                        <option value="relevance">{t!(i18n, activities.sort_relevance)}</option>
                        <option value="updated" selected=move || query.with(|q| q.sort == "updated")>{t!(i18n, activities.sort_updated)}</option>
                        {move || query.with(|q| q.lat.is_some()).then(|| view! {
                            <option value="nearest" selected=move || query.with(|q| q.sort == "nearest")>{t!(i18n, activities.sort_nearest)}</option>
                        })}
                    </select>
                </label>
            </div>
            <div class="filter-actions">
                <button type="submit" class="button">{t!(i18n, activities.search_button)}</button>
                <a class="button secondary" href=action>{t!(i18n, activities.clear)}</a>
            </div>
        </details>
        {query.with_untracked(|q| (q.lat.is_some(), q.lat, q.lon)).0.then(|| {
            let q = query.get_untracked();
            view! {
                <input type="hidden" name="lat" value=q.lat.map(|v| format!("{v:.5}")) />
                <input type="hidden" name="lon" value=q.lon.map(|v| format!("{v:.5}")) />
            }
        })}
    </Form>
    }
}

/// 「現在地から近い順」: asks the browser for the position (its own permission
/// prompt, after our plain-words explanation), then sorts by distance; or,
/// without it (refused, no GPS, no JavaScript), from a chosen district's
/// centre. Shared by the list and the map: both read the same `lat`/`lon`.
#[component]
pub fn NearMe(query: Memo<ActivityQuery>, action: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let districts = Resource::new(|| (), |_| crate::districts::list_districts());
    // the other filters travel along with the district's centre
    let keep = move || {
        let q = query.with(|q| ActivityQuery { lat: None, lon: None, sort: String::new(), pages: 1, ..q.clone() });
        q.to_pairs().into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v /> }).collect_view()
    };
    let clear = move || {
        let q = query.with(|q| ActivityQuery { lat: None, lon: None, sort: String::new(), ..q.clone() });
        format!("{action}?{}", q.to_query_string())
    };
    view! {
        <details class="near-me card">
            <summary>{t!(i18n, places.near_me)}</summary>
            <p class="hint">{t!(i18n, places.near_me_explain)}</p>
            {move || view! { <NearMeButton query=query.get() action=action.to_string() /> }}
            <Form method="GET" action=action attr:class="near-district">
                {keep}
                <label>
                    <span>{t!(i18n, places.near_district)}</span>
                    <select name="near" data-testid="near-district">
                        <Suspense>
                            {move || Suspend::new(async move {
                                districts.await.unwrap_or_default().into_iter().filter_map(|d| {
                                    let v = format!("{:.5},{:.5}", d.latitude?, d.longitude?);
                                    Some(view! { <option value=v>{move || d.name(i18n.get_locale()).to_string()}</option> })
                                }).collect_view()
                            })}
                        </Suspense>
                    </select>
                </label>
                <button type="submit" class="button secondary">{t!(i18n, activities.search_button)}</button>
            </Form>
            {move || query.with(|q| q.lat.is_some()).then(|| view! { <p><a href=clear data-testid="near-clear">{t!(i18n, places.near_clear)}</a></p> })}
        </details>
    }
}

#[component]
fn Check(name: &'static str, checked: Signal<bool>, children: Children) -> impl IntoView {
    view! {
        <label class="check">
            <input type="checkbox" name=name value="1" prop:checked=move || checked.get() checked=checked.get_untracked() />
            <span>{children()}</span>
        </label>
    }
}

#[component]
fn ResultCard(s: ActivitySummary) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/activities/{}", s.id);
    let ActivitySummary { name, district_ja, district_en, location_name, categories, schedule_ja, schedule_en, next_date, cost_yen, status, last_verified, beginners_welcome, drop_in, barrier_free, online, distance_m, .. } = s;
    let district = move || pick(i18n.get_locale(), &district_ja, &district_en);
    let schedule = move || match i18n.get_locale() {
        Locale::ja => schedule_ja.join(" / "),
        Locale::en => schedule_en.join(" / "),
    };
    let cats = move || categories.iter().map(|(ja, en)| pick(i18n.get_locale(), ja, en)).collect::<Vec<_>>().join("・");
    view! {
        <li class="card result">
            <a class="result-link" href=href>
                <h2 class="result-name">{name}</h2>
                <p class="result-meta">{district}" · "{location_name}
                    {distance_m.map(|m| view! { " · "{move || crate::ui::distance_label(i18n.get_locale(), m)} })}
                </p>
                <p class="result-when">{schedule}</p>
                {next_date.map(|d| view! { <p class="result-next">{t!(i18n, activities.next)}": "{d}</p> })}
                <p class="result-cost">{move || cost_label(i18n.get_locale(), cost_yen)}" · "{cats}</p>
            </a>
            <Badges status=status beginners=beginners_welcome drop_in=drop_in barrier_free=barrier_free online=online />
            <LastChecked last_verified=last_verified />
        </li>
    }
}

fn day_label(locale: Locale, d: &str) -> &'static str {
    match d {
        "mon" => td_string!(locale, activities.mon),
        "tue" => td_string!(locale, activities.tue),
        "wed" => td_string!(locale, activities.wed),
        "thu" => td_string!(locale, activities.thu),
        "fri" => td_string!(locale, activities.fri),
        "sat" => td_string!(locale, activities.sat),
        _ => td_string!(locale, activities.sun),
    }
}

fn time_label(locale: Locale, t: &str) -> &'static str {
    match t {
        "morning" => td_string!(locale, activities.morning),
        "afternoon" => td_string!(locale, activities.afternoon),
        _ => td_string!(locale, activities.evening),
    }
}
