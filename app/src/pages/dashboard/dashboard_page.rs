//! `/staff/dashboard`: まちのダッシュボード. Server-rendered and script-free:
//! the period and district are a plain GET form, the charts are SVG made on
//! the server, each section's tables are the same tables its CSV holds, and
//! the page prints on A4 for the council or the support meeting.
use crate::dashboard::charts;
use crate::dashboard::report::{load_dashboard, DashboardFilter, DashboardReport, Section};
use crate::dashboard::sheets::{pick, sheets, Sheet};
use crate::calendar::PeriodKind;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::access::AccessDenied;
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = move || query.with(|q| DashboardFilter { period: q.get("period").unwrap_or_default(), district: q.get("district").unwrap_or_default() });
    let data = Resource::new(filter, load_dashboard);
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, dashboard.title).to_string())
            lead=Signal::derive(move || t_string!(i18n, dashboard.lead).to_string())
        />
        <Suspense>
            {move || Suspend::new(async move {
                match data.await {
                    Err(AppError::Invalid(what)) => {
                        #[cfg(feature = "ssr")]
                        crate::errors::answer_with(&AppError::Invalid(what.clone()));
                        view! {
                        <div class="card" role="alert" data-testid="dashboard-invalid">
                            <p class="error">{if what == "district" { t!(i18n, dashboard.bad_district).into_any() } else { t!(i18n, dashboard.bad_period).into_any() }}</p>
                            <p><a class="button" href="/staff/dashboard">{t!(i18n, dashboard.back_to_this_year)}</a></p>
                        </div>
                    }.into_any()
                    }
                    Err(e) => view! { <AccessDenied error=e /> }.into_any(),
                    Ok(r) => view! { <Dashboard r=r /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn query_of(period: &str, district: &str) -> String {
    let enc = crate::activities::query::encode;
    if district.is_empty() { format!("?period={}", enc(period)) } else { format!("?period={}&district={}", enc(period), enc(district)) }
}

#[component]
fn Dashboard(r: DashboardReport) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let period = r.period.slug();
    let district = r.district.as_ref().map(|(s, _)| s.clone()).unwrap_or_default();
    let q = query_of(&period, &district);
    let place = r.district.as_ref().map(|(_, t)| pick(t, l)).unwrap_or_else(|| td_string!(l, dashboard.whole_town).to_string());
    let groups = [(PeriodKind::FiscalYear, td_string!(l, dashboard.fiscal_years)), (PeriodKind::Quarter, td_string!(l, dashboard.quarters)), (PeriodKind::Month, td_string!(l, dashboard.months))];
    let sections: Vec<(Section, &'static str)> = Section::ALL
        .into_iter()
        .filter(|s| (*s != Section::Population || r.population.is_some()) && (*s != Section::Attendance || r.attendance.is_some()))
        .map(|s| (s, section_title(s, l)))
        .collect();
    let previous = format!("/staff/dashboard{}", query_of(&r.previous, &district));
    let next = r.next.as_ref().map(|n| format!("/staff/dashboard{}", query_of(n, &district)));
    view! {
        <form method="get" action="/staff/dashboard" class="card filter-form no-print" data-testid="dashboard-filter">
            <div class="field-row">
                <label class="field"><span>{t!(i18n, dashboard.period)}</span>
                    <select name="period" data-testid="dashboard-period">
                        {groups.into_iter().map(|(kind, label)| view! {
                            <optgroup label=label>
                                {r.choices.iter().filter(|c| c.kind == kind).map(|c| view! {
                                    <option value=c.slug.clone() selected=c.slug == period>{pick(&c.label, l)}</option>
                                }).collect_view()}
                            </optgroup>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field"><span>{t!(i18n, dashboard.district)}</span>
                    <select name="district" data-testid="dashboard-district">
                        <option value="" selected=district.is_empty()>{t!(i18n, dashboard.whole_town)}</option>
                        {r.districts.iter().map(|(slug, name)| view! {
                            <option value=slug.clone() selected=*slug == district>{pick(name, l)}</option>
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <button type="submit" class="button">{t!(i18n, dashboard.show)}</button>
            <p class="period-steps">
                <a href=previous rel="prev">{t!(i18n, dashboard.previous_period)}</a>
                {next.map(|n| view! { " " <a href=n rel="next">{t!(i18n, dashboard.next_period)}</a> })}
            </p>
        </form>
        <section class="card dash-summary" data-testid="dashboard-summary">
            <h2 data-testid="dashboard-heading">{pick(&r.period_label, l)}" ・ "{place}</h2>
            {r.team.clone().map(|team| view! { <p class="notice" data-testid="dashboard-team">{td_string!(l, dashboard.team_only, team = team).to_string()}</p> })}
            <p class="muted">{td_string!(l, dashboard.rule, n = r.min_people.to_string()).to_string()}" "<a href="/open-data">{t!(i18n, dashboard.about_rule)}</a></p>
            <p class="muted">{td_string!(l, dashboard.generated, at = r.generated.clone()).to_string()}</p>
            <nav class="dash-nav no-print" aria-label=td_string!(l, dashboard.sections)>
                <ul class="plain-list">
                    {sections.iter().map(|(s, title)| view! { <li><a href=format!("#{}", s.slug())>{*title}</a></li> }).collect_view()}
                </ul>
            </nav>
        </section>
        {sections.into_iter().map(|(s, title)| view! { <SectionView r=r.clone() section=s title=title q=q.clone() /> }).collect_view()}
    }
}

fn section_title(s: Section, l: Locale) -> &'static str {
    match s {
        Section::Referrals => td_string!(l, dashboard.section_referrals),
        Section::Connections => td_string!(l, dashboard.section_connections),
        Section::Outcomes => td_string!(l, dashboard.section_outcomes),
        Section::Resources => td_string!(l, dashboard.section_resources),
        Section::Population => td_string!(l, dashboard.section_population),
        Section::Attendance => td_string!(l, dashboard.section_attendance),
    }
}

/// The charts of a section (SVG text made on the server).
fn section_charts(r: &DashboardReport, s: Section, l: Locale) -> Vec<String> {
    use crate::dashboard::breakdown::Line;
    let nonzero = |line: &Line| Line { items: line.items.iter().filter(|i| i.figure.shown() != Some(0)).cloned().collect(), total: line.total };
    match s {
        Section::Referrals => {
            let x = &r.referrals;
            vec![
                charts::bars(&x.funnel, td_string!(l, dashboard.funnel), l),
                charts::columns(&x.by_month, td_string!(l, dashboard.by_month), l),
                charts::bars(&nonzero(&x.by_source), td_string!(l, dashboard.by_source), l),
                charts::bars(&nonzero(&x.by_concern), td_string!(l, dashboard.by_concern), l),
                charts::bars(&x.by_age, td_string!(l, dashboard.by_age), l),
                charts::bars(&x.by_household, td_string!(l, dashboard.by_household), l),
            ]
        }
        Section::Connections => {
            let c = &r.connections;
            let mut out = Vec::new();
            let means: Vec<_> = c.total.iter().chain(&c.by_family).chain(&c.by_tie).cloned().collect();
            if !means.is_empty() {
                out.push(charts::before_after(&means, td_string!(l, dashboard.mean_ties), l));
            }
            out.push(charts::bars(&c.at_close, td_string!(l, dashboard.ties_at_close), l));
            if !c.activities.items.is_empty() {
                out.push(charts::bars(&c.activities, td_string!(l, dashboard.top_activities), l));
            }
            out
        }
        Section::Outcomes => vec![charts::outcome_bars(&r.outcomes.indicators, td_string!(l, dashboard.indicators), l)],
        Section::Resources => Vec::new(),
        Section::Population => r
            .population
            .as_ref()
            .map(|p| vec![charts::columns(&p.contributions, td_string!(l, dashboard.contributions), l)])
            .unwrap_or_default(),
        Section::Attendance => r
            .attendance
            .as_ref()
            .map(|a| {
                [(&a.by_category, td_string!(l, dashboard.checkins_by_category)), (&a.top_activities, td_string!(l, dashboard.top_attended)), (&a.repeat, td_string!(l, dashboard.coming_back))]
                    .into_iter()
                    .filter(|(line, _)| !line.items.is_empty())
                    .map(|(line, title)| charts::bars(&nonzero(line), title, l))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

#[component]
fn SectionView(r: DashboardReport, section: Section, title: &'static str, q: String) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let csv = format!("/staff/dashboard/{}.csv{q}", section.slug());
    let charts = section_charts(&r, section, l);
    let tables = sheets(&r, section, l);
    let lead = match section {
        Section::Referrals => td_string!(l, dashboard.referrals_lead),
        Section::Connections => td_string!(l, dashboard.connections_lead),
        Section::Outcomes => td_string!(l, dashboard.outcomes_lead),
        Section::Resources => td_string!(l, dashboard.resources_lead),
        Section::Population => td_string!(l, dashboard.population_lead),
        Section::Attendance => td_string!(l, dashboard.attendance_lead),
    };
    let headline = match section {
        Section::Referrals => Some((td_string!(l, dashboard.referrals_received), r.referrals.total)),
        Section::Connections => Some((td_string!(l, dashboard.closed_cases), r.connections.closed)),
        _ => None,
    };
    view! {
        <section class="card dash-section" id=section.slug() data-testid=format!("dash-{}", section.slug())>
            <h2>{title}</h2>
            <p class="muted">{lead}</p>
            {headline.map(|(label, f)| view! {
                <p class="big-number"><span data-testid=format!("dash-{}-total", section.slug())>{f.map(|f| crate::dashboard::sheets::figure_text(f, l)).unwrap_or_else(|| "—".into())}</span>" "{label}</p>
            })}
            {(section == Section::Resources).then(|| view! { <HeatTable r=r.clone() /> })}
            <div class="dash-charts">
                {charts.into_iter().map(|svg| view! { <figure class="chart" inner_html=svg></figure> }).collect_view()}
            </div>
            // the heat table above shows the listings sheet's figures
            {tables.into_iter().filter(|t| t.id != "heat").map(|t| view! { <SheetTable sheet=t /> }).collect_view()}
            <p class="no-print"><a class="button secondary" href=csv download data-testid=format!("csv-{}", section.slug())>{t!(i18n, dashboard.download_csv)}</a></p>
        </section>
    }
}

#[component]
fn SheetTable(sheet: Sheet) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0">
            <table class="dash-table" data-testid=format!("sheet-{}", sheet.id)>
                <caption>{sheet.title.clone()}</caption>
                <thead><tr>{sheet.header.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {sheet.rows.iter().map(|row| view! {
                        <tr>
                            {row.iter().enumerate().map(|(i, cell)| if i == 0 {
                                view! { <th scope="row">{cell.clone()}</th> }.into_any()
                            } else {
                                view! { <td>{cell.clone()}</td> }.into_any()
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Listings per district and family, shaded by how many (the numbers are
/// in the cells; the shade only helps the eye).
#[component]
fn HeatTable(r: DashboardReport) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let max = r.resources.heat.iter().flat_map(|h| h.families).max().unwrap_or(1).max(1);
    let shade = move |n: u32| format!("heat heat-{}", if n == 0 { 0 } else { 1 + (n * 4 - 1) / max });
    let selected = r.district.as_ref().map(|(s, _)| s.clone());
    view! {
        <div class="table-scroll" tabindex="0">
            <table class="dash-table heat-table" data-testid="heat-table">
                <caption>{t!(i18n, dashboard.listings_heat)}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, dashboard.district)}</th>
                    <th scope="col">{t!(i18n, casework.family_people)}</th>
                    <th scope="col">{t!(i18n, casework.family_life)}</th>
                    <th scope="col">{t!(i18n, casework.family_vitality)}</th>
                    <th scope="col">{t!(i18n, dashboard.stale)}</th>
                </tr></thead>
                <tbody>
                    {r.resources.heat.iter().map(|h| {
                        let mine = selected.as_deref() == Some(h.district.as_str());
                        view! {
                            <tr class:selected=mine>
                                <th scope="row">{pick(&h.label, l)}</th>
                                {h.families.iter().map(|n| view! { <td class=shade(*n)>{*n}</td> }).collect_view()}
                                <td>{format!("{} / {}", h.stale, h.listings)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
