//! Staff: 「セルフチェックの統計」 — the anonymous contributions in figures, a
//! spider-web chart of the city's means, and tables by district and age band
//! (small groups hidden). The filter is a plain GET form, so the page works
//! and can be bookmarked without JavaScript.
use crate::health_check::chart::{spider_svg, ChartOptions, ChartSeries};
use crate::health_check::city_statistics::{city_statistics, StatisticsReport, GroupRow, SectionStat, StatsFilter};
use crate::health_check::questionnaire::Text;
use crate::i18n::*;
use crate::ui::access::AccessDenied;
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn pick(t: &Text, locale: Locale) -> String {
    if locale == Locale::en && !t.en.is_empty() { t.en.clone() } else { t.ja.clone() }
}

fn score(s: &SectionStat) -> String {
    s.mean.map(|m| format!("{m:.1}")).unwrap_or_else(|| "—".into())
}

fn share(s: &SectionStat) -> String {
    s.low_share.map(|p| format!("{:.0}%", p * 100.0)).unwrap_or_else(|| "—".into())
}

#[component]
pub fn StatisticsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = move || {
        query.with(|q| StatsFilter {
            questionnaire_id: q.get("q").unwrap_or_default(),
            from: q.get("from").unwrap_or_default(),
            to: q.get("to").unwrap_or_default(),
        })
    };
    let data = Resource::new(filter, city_statistics);
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, health.stats_page_title).to_string())
            lead=Signal::derive(move || t_string!(i18n, health.stats_page_lead).to_string())
        />
        <Suspense>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <AccessDenied error=e /> }.into_any(),
                    Ok(s) => view! { <Figures s=s filter=filter() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Figures(s: StatisticsReport, filter: StatsFilter) -> impl IntoView {
    let i18n = use_i18n();
    let s = StoredValue::new(s);
    let locale = move || i18n.get_locale();
    let chart = move || {
        s.with_value(|s| {
            let l = locale();
            let axes: Vec<String> = s.sections.iter().map(|(_, t)| pick(t, l)).collect();
            let series = ChartSeries { name: td_string!(l, health.stats_city_mean).to_string(), scores: s.overall.iter().map(|o| o.mean).collect() };
            let opts = ChartOptions { size: 360, title: td_string!(l, health.stats_city_mean).to_string(), description: td_string!(l, health.stats_chart_desc).to_string() };
            spider_svg(&axes, &series, None, &opts)
        })
    };
    let (questionnaires, selected, total, min_group, low) =
        s.with_value(|s| (s.questionnaires.clone(), s.questionnaire_id.clone(), s.total, s.min_group, s.low_threshold));
    let months = s.with_value(|s| s.months.clone());
    let max_month = months.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    view! {
        <form method="get" action="/staff/statistics" class="card filter-form" data-testid="stats-filter">
            <label class="field"><span>{t!(i18n, health.stats_questionnaire)}</span>
                <select name="q">
                    {questionnaires.into_iter().map(|(id, title)| {
                        let sel = id == selected;
                        view! { <option value=id.clone() selected=sel>{move || pick(&title, locale())}</option> }
                    }).collect_view()}
                </select>
            </label>
            <div class="field-row">
                <label class="field"><span>{t!(i18n, health.stats_from)}</span><input type="month" name="from" value=filter.from.clone() /></label>
                <label class="field"><span>{t!(i18n, health.stats_to)}</span><input type="month" name="to" value=filter.to.clone() /></label>
            </div>
            <button type="submit" class="button">{t!(i18n, health.stats_show)}</button>
        </form>
        <section class="card" data-testid="stats-summary">
            <p class="big-number"><span data-testid="stats-total">{total}</span>" "{t!(i18n, health.stats_contributions)}</p>
            <p class="muted">{t!(i18n, health.stats_privacy_note)}" ("{min_group}")"</p>
            {(total < min_group).then(|| view! { <p class="notice" data-testid="stats-too-few">{t!(i18n, health.stats_too_few)}</p> })}
            <div class="chart" inner_html=chart></div>
        </section>
        <section class="card">
            <h2>{t!(i18n, health.stats_by_section)}</h2>
            <div class="table-scroll" tabindex="0">
                <table data-testid="stats-overall">
                    <thead><tr><th scope="col">{t!(i18n, health.stats_section)}</th><th scope="col">{t!(i18n, health.stats_mean)}</th>
                        <th scope="col">{move || td_string!(locale(), health.stats_low_share, threshold = format!("{low:.0}")).to_string()}</th><th scope="col">{t!(i18n, health.stats_answered)}</th></tr></thead>
                    <tbody>
                        {move || s.with_value(|s| s.sections.iter().zip(&s.overall).map(|((id, t), o)| view! {
                            <tr data-section=id.clone()><th scope="row">{pick(t, locale())}</th><td>{score(o)}</td><td>{share(o)}</td><td>{o.n}</td></tr>
                        }).collect_view())}
                    </tbody>
                </table>
            </div>
        </section>
        <section class="card">
            <h2>{t!(i18n, health.stats_by_month)}</h2>
            <ul class="plain-list month-bars" data-testid="stats-months">
                {months.into_iter().map(|(m, n)| view! {
                    <li><span class="month">{m}</span><span class="bar" style=format!("width: {}%", n * 100 / max_month)></span><span>{n}</span></li>
                }).collect_view()}
            </ul>
        </section>
        <GroupTable title=Signal::derive(move || t_string!(i18n, health.stats_by_district).to_string()) rows=s.with_value(|s| s.by_district.clone()) s=s testid="stats-districts" />
        <GroupTable title=Signal::derive(move || t_string!(i18n, health.stats_by_age).to_string()) rows=s.with_value(|s| s.by_age.clone()) s=s testid="stats-ages" />
    }
}

#[component]
fn GroupTable(title: Signal<String>, rows: Vec<GroupRow>, s: StoredValue<StatisticsReport>, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    let rows = StoredValue::new(rows);
    view! {
        <section class="card">
            <h2>{move || title.get()}</h2>
            <div class="table-scroll" tabindex="0">
                <table data-testid=testid>
                    <thead><tr>
                        <th scope="col"></th><th scope="col">{t!(i18n, health.stats_count)}</th>
                        {move || s.with_value(|s| s.sections.iter().map(|(_, t)| view! { <th scope="col">{pick(t, locale())}</th> }).collect_view())}
                    </tr></thead>
                    <tbody>
                        {move || rows.with_value(|rows| rows.iter().map(|g| view! {
                            <tr data-key=g.key.clone()>
                                <th scope="row">{pick(&g.label, locale())}</th>
                                <td>{g.n.map(|n| n.to_string()).unwrap_or_else(|| td_string!(locale(), health.stats_few).to_string())}</td>
                                {g.sections.iter().map(|c| view! { <td>{score(c)}</td> }).collect_view()}
                            </tr>
                        }).collect_view())}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
