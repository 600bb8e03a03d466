//! イベント: the agenda (今日 / 今週 / 今月 tabs, date headers) for phones and
//! the month calendar with counts per day for tablets. A GET form, state in
//! the URL, readable without JavaScript.
use crate::events::agenda::{format_month, group_by_date, next_month, prev_month, MonthGrid};
use crate::events::list_events;
use crate::events::query::EventQuery;
use crate::events::summary::EventsPage as PageData;
use crate::events::views::{date_label, EventCard};
use crate::activities::views::{CategorySelect, DistrictSelect};
use crate::activities::query::TIMES;
use crate::i18n::*;
use crate::ui::PageHeading;
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn EventsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| EventQuery::from_pairs(p.into_iter().map(|(k, v)| (k.as_ref(), v)))));
    let page = Resource::new(move || query.get(), list_events);
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, events.title).to_string())
            lead=Signal::derive(move || t_string!(i18n, events.lead).to_string())
        />
        <Tabs query=query />
        <Filters query=query />
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, activities.loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(data) if data.grid.is_some() => view! { <CalendarView data=data query=query /> }.into_any(),
                    Ok(data) => view! { <Agenda data=data query=query /> }.into_any(),
                    Err(_) => view! { <p class="error">{t!(i18n, common.errors.server_error_body)}</p> }.into_any(),
                }
            })}
        </Transition>
        <Feeds query=query />
    }
}

/// 今日 / 今週 / 今月 / カレンダー, keeping the filters.
#[component]
fn Tabs(query: Memo<EventQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let tab = move |view: &'static str, range: &'static str| {
        let href = move || {
            let q = EventQuery { view: view.into(), range: range.into(), ..query.get().filters() };
            let qs = q.to_query_string();
            if qs.is_empty() { "/events".to_string() } else { format!("/events?{qs}") }
        };
        let current = move || {
            query.with(|q| {
                if view == "calendar" {
                    q.is_calendar()
                } else {
                    !q.is_calendar() && (q.range == range || (q.range.is_empty() && range == "today"))
                }
            })
        };
        (href, current)
    };
    let items: [(&'static str, &'static str); 4] = [("", "today"), ("", "week"), ("", "month"), ("calendar", "")];
    view! {
        <nav class="tabs" aria-label=move || t_string!(i18n, events.tabs_label)>
            {items.into_iter().map(|(view, range)| {
                let (href, current) = tab(view, range);
                let label = move || match (view, range) {
                    ("calendar", _) => t_string!(i18n, events.calendar),
                    (_, "week") => t_string!(i18n, events.week),
                    (_, "month") => t_string!(i18n, events.month),
                    _ => t_string!(i18n, events.today),
                };
                view! {
                    <a class="tab" href=href aria-current=move || current().then_some("page") data-testid=format!("tab-{}", if view.is_empty() { range } else { view })>{label}</a>
                }
            }).collect_view()}
        </nav>
    }
}

#[component]
fn Filters(query: Memo<EventQuery>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Form method="GET" action="/events">
            {move || {
                let q = query.get();
                view! {
                    {(!q.view.is_empty()).then(|| view! { <input type="hidden" name="view" value=q.view.clone() /> })}
                    {(!q.range.is_empty()).then(|| view! { <input type="hidden" name="range" value=q.range.clone() /> })}
                    {(!q.month.is_empty()).then(|| view! { <input type="hidden" name="month" value=q.month.clone() /> })}
                }
            }}
            <div class="search-row">
                <label class="sr-only" for="q">{t!(i18n, activities.search_label)}</label>
                <input id="q" name="q" type="search" enterkeyhint="search"
                    prop:value=move || query.with(|q| q.q.clone())
                    placeholder=move || t_string!(i18n, activities.search_placeholder) />
                <button type="submit" class="button">{t!(i18n, activities.search_button)}</button>
            </div>
            <details class="filters" open=move || query.with(|q| q.is_filtered() && q.q.trim().is_empty())>
                <summary>{t!(i18n, activities.filters)}</summary>
                <div class="filter-grid">
                    <CategorySelect selected=Signal::derive(move || query.with(|q| q.category.clone())) />
                    <DistrictSelect selected=Signal::derive(move || query.with(|q| q.district.clone())) />
                    <label>
                        <span>{t!(i18n, activities.time)}</span>
                        <select name="time">
                            <option value="">{t!(i18n, activities.any)}</option>
                            {TIMES.into_iter().map(|t| view! {
                                <option value=t selected=move || query.with(|q| q.time == t)>{move || match t {
                                    "morning" => t_string!(i18n, activities.morning),
                                    "afternoon" => t_string!(i18n, activities.afternoon),
                                    _ => t_string!(i18n, activities.evening),
                                }}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <label class="check">
                        <input type="checkbox" name="free" value="1" prop:checked=move || query.with(|q| q.free) checked=query.with_untracked(|q| q.free) />
                        <span>{t!(i18n, activities.free)}</span>
                    </label>
                </div>
                <div class="filter-actions">
                    <button type="submit" class="button">{t!(i18n, activities.search_button)}</button>
                    <a class="button secondary" href="/events">{t!(i18n, activities.clear)}</a>
                </div>
            </details>
        </Form>
    }
}

/// Date headers with the events of each day, in start order.
#[component]
fn Agenda(data: PageData, query: Memo<EventQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let count = data.items.len();
    let is_today = query.with_untracked(|q| q.range.is_empty() || q.range == "today");
    let groups = group_by_date(data.items, |e| e.starts.date().max(data.from));
    view! {
        <p class="result-count" role="status" data-testid="result-count" data-count=count>{t!(i18n, events.count, count = count)}</p>
        {(count == 0).then(|| view! {
            <p>{move || if is_today { t_string!(i18n, events.none_today) } else { t_string!(i18n, events.none) }}</p>
        })}
        <div class="agenda" data-testid="agenda">
            {groups.into_iter().map(|(date, items)| view! {
                <section class="agenda-day" data-date=date.to_string()>
                    <h2 class="date-header">{move || date_label(i18n.get_locale(), date)}</h2>
                    <ul class="results">{items.into_iter().map(|e| view! { <EventCard e=e /> }).collect_view()}</ul>
                </section>
            }).collect_view()}
        </div>
    }
}

/// The month grid (Sunday first, 祝 marked) with counts; a day links to its list.
#[component]
fn CalendarView(data: PageData, query: Memo<EventQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let Some(grid) = data.grid.clone() else { return ().into_any() };
    let MonthGrid { year, month, weeks } = grid;
    let counts: std::collections::HashMap<NaiveDate, u32> = data.day_counts.iter().copied().collect();
    let picked = query.with_untracked(|q| q.day);
    let link = move |month: String, day: Option<NaiveDate>| {
        let q = EventQuery { view: "calendar".into(), month, day, ..query.get_untracked().filters() };
        format!("/events?{}", q.to_query_string())
    };
    let (py, pm) = prev_month(year, month);
    let (ny, nm) = next_month(year, month);
    let this_month = format_month(year, month);
    let weekday_names = move || {
        let l = i18n.get_locale();
        [
            td_string!(l, events.sun), td_string!(l, events.mon), td_string!(l, events.tue), td_string!(l, events.wed),
            td_string!(l, events.thu), td_string!(l, events.fri), td_string!(l, events.sat),
        ]
    };
    let items = data.items.clone();
    view! {
        <div class="calendar-layout">
            <section class="month" aria-labelledby="month-title">
                <div class="month-nav">
                    <a class="button secondary" href=link(format_month(py, pm), None) rel="prev">{t!(i18n, events.prev_month)}</a>
                    <h2 id="month-title">{move || td_string!(i18n.get_locale(), events.month_title, year = year, month = month).to_string()}</h2>
                    <a class="button secondary" href=link(format_month(ny, nm), None) rel="next">{t!(i18n, events.next_month)}</a>
                </div>
                <table class="month-grid" data-testid="month-grid">
                    <thead><tr>{move || weekday_names().into_iter().enumerate().map(|(i, n)| view! { <th scope="col" data-weekday=i>{n}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {weeks.into_iter().map(|week| view! {
                            <tr>
                                {week.into_iter().map(|d| {
                                    let n = counts.get(&d.date).copied().unwrap_or(0);
                                    let href = link(this_month.clone(), Some(d.date));
                                    let label = move || {
                                        let l = i18n.get_locale();
                                        let mut s = date_label(l, d.date);
                                        if n > 0 { s.push_str(&format!(" {}", td_string!(l, events.count, count = n))); }
                                        s
                                    };
                                    view! {
                                        <td class:other=!d.in_month class:today=d.is_today class:holiday=d.holiday class:sun=d.weekday == 0 class:sat=d.weekday == 6
                                            class:picked=picked == Some(d.date) data-date=d.date.to_string() data-count=n>
                                            <a href=href aria-label=label aria-current=(picked == Some(d.date)).then_some("date")>
                                                <span class="day-number">{d.date.day()}</span>
                                                {(n > 0).then(|| view! { <span class="day-count">{move || td_string!(i18n.get_locale(), events.day_count, n = n).to_string()}</span> })}
                                            </a>
                                        </td>
                                    }
                                }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
            <section class="day-list" aria-live="polite" data-testid="day-list">
                {match picked {
                    Some(day) => view! {
                        <h2 class="date-header">{move || date_label(i18n.get_locale(), day)}</h2>
                        {items.is_empty().then(|| view! { <p>{t!(i18n, events.none)}</p> })}
                        <ul class="results">{items.into_iter().map(|e| view! { <EventCard e=e /> }).collect_view()}</ul>
                    }.into_any(),
                    None => view! { <p class="muted">{t!(i18n, events.pick_day)}</p> }.into_any(),
                }}
            </section>
        </div>
    }
    .into_any()
}

/// Calendar subscription (.ics with the same filters) and the Atom feed.
#[component]
fn Feeds(query: Memo<EventQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let ics = move || {
        let qs = query.get().filters().to_query_string();
        if qs.is_empty() { "/events.ics".to_string() } else { format!("/events.ics?{qs}") }
    };
    view! {
        <ul class="plain feeds no-print">
            <li><a href=ics data-testid="list-ics" rel="nofollow">{t!(i18n, events.subscribe)}</a></li>
            <li><a href="/events/feed.atom" type="application/atom+xml">{t!(i18n, events.atom)}</a></li>
        </ul>
    }
}
