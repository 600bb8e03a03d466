//! The dashboard's figures as tables of text, in the reader's language:
//! the page prints these tables under its charts and the CSV download
//! writes the same tables, so the file holds exactly the numbers shown
//! (「5人未満」 and 「秘匿」 included).
use super::breakdown::Line;
use super::report::{DashboardReport, Section};
use super::suppression::Figure;
use crate::health_check::questionnaire::Text;
use crate::i18n::*;

#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// A stable name for tests and anchors (`by_source`).
    pub id: &'static str,
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

pub fn pick(t: &Text, l: Locale) -> String {
    if l == Locale::en && !t.en.is_empty() { t.en.clone() } else { t.ja.clone() }
}

/// A figure as printed: the number, 「5人未満」 or 「秘匿」.
pub fn figure_text(f: Figure, l: Locale) -> String {
    match f {
        Figure::Count(n) => n.to_string(),
        Figure::Small => td_string!(l, dashboard.small).to_string(),
        Figure::Withheld => td_string!(l, dashboard.withheld).to_string(),
    }
}

fn opt_figure(f: Option<Figure>, l: Locale) -> String {
    f.map(|f| figure_text(f, l)).unwrap_or_else(|| "—".into())
}

fn mean_text(m: Option<f32>) -> String {
    m.map(|m| format!("{m:.1}")).unwrap_or_else(|| "—".into())
}

fn signed(m: Option<f32>) -> String {
    m.map(|m| format!("{m:+.1}")).unwrap_or_else(|| "—".into())
}

fn share_text(s: Option<f32>) -> String {
    s.map(|s| format!("{:.0}%", s * 100.0)).unwrap_or_else(|| "—".into())
}

fn line_sheet(id: &'static str, title: &str, what: &str, line: &Line, l: Locale) -> Sheet {
    let mut rows: Vec<Vec<String>> = line.items.iter().map(|i| vec![pick(&i.label, l), figure_text(i.figure, l)]).collect();
    if let Some(t) = line.total {
        rows.push(vec![td_string!(l, dashboard.total).to_string(), figure_text(t, l)]);
    }
    Sheet { id, title: title.to_string(), header: vec![what.to_string(), td_string!(l, dashboard.people).to_string()], rows }
}

/// The tables of one section (empty when the section is not in the report).
pub fn sheets(r: &DashboardReport, section: Section, l: Locale) -> Vec<Sheet> {
    let item = td_string!(l, dashboard.item);
    match section {
        Section::Referrals => {
            let s = &r.referrals;
            let mut out = vec![
                line_sheet("by_month", td_string!(l, dashboard.by_month), td_string!(l, dashboard.month), &s.by_month, l),
                line_sheet("by_source", td_string!(l, dashboard.by_source), item, &s.by_source, l),
                line_sheet("by_concern", td_string!(l, dashboard.by_concern), item, &s.by_concern, l),
                line_sheet("by_age", td_string!(l, dashboard.by_age), item, &s.by_age, l),
                line_sheet("by_household", td_string!(l, dashboard.by_household), item, &s.by_household, l),
                line_sheet("by_sex", td_string!(l, dashboard.by_sex), item, &s.by_sex, l),
            ];
            let mut funnel = line_sheet("funnel", td_string!(l, dashboard.funnel), td_string!(l, dashboard.step), &s.funnel, l);
            funnel.header.push(td_string!(l, dashboard.median_days_from_previous).to_string());
            for (i, row) in funnel.rows.iter_mut().enumerate() {
                let days = if i == 0 { "—".to_string() } else { mean_text(s.step_times.get(i - 1).and_then(|t| t.median_days)) };
                row.push(days);
            }
            out.insert(0, funnel);
            out
        }
        Section::Connections => {
            let s = &r.connections;
            let mut means = Sheet {
                id: "means",
                title: td_string!(l, dashboard.mean_ties).to_string(),
                header: vec![item.to_string(), td_string!(l, dashboard.before_support).to_string(), td_string!(l, dashboard.at_closing).to_string(), td_string!(l, dashboard.change).to_string()],
                rows: Vec::new(),
            };
            for m in s.total.iter().chain(&s.by_family).chain(&s.by_tie) {
                means.rows.push(vec![pick(&m.label, l), format!("{:.1}", m.before), format!("{:.1}", m.at_close), format!("{:+.1}", m.at_close - m.before)]);
            }
            means.rows.push(vec![td_string!(l, dashboard.closed_cases_count).to_string(), opt_figure(s.closed, l), String::new(), String::new()]);
            vec![
                means,
                line_sheet("before", td_string!(l, dashboard.ties_before), td_string!(l, dashboard.ties), &s.before, l),
                line_sheet("at_close", td_string!(l, dashboard.ties_at_close), td_string!(l, dashboard.ties), &s.at_close, l),
                line_sheet("activities", td_string!(l, dashboard.top_activities), item, &s.activities, l),
                line_sheet("resource_kinds", td_string!(l, dashboard.resource_kinds), item, &s.resource_kinds, l),
            ]
        }
        Section::Outcomes => {
            let s = &r.outcomes;
            let indicators = Sheet {
                id: "indicators",
                title: td_string!(l, dashboard.indicators).to_string(),
                header: [td_string!(l, dashboard.indicator), td_string!(l, dashboard.rated), td_string!(l, dashboard.improved), td_string!(l, dashboard.same), td_string!(l, dashboard.worse), td_string!(l, dashboard.improved_share)]
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
                rows: s
                    .indicators
                    .iter()
                    .map(|o| vec![pick(&o.label, l), opt_figure(o.rated, l), figure_text(o.improved, l), figure_text(o.same, l), figure_text(o.worse, l), share_text(o.share(o.improved))])
                    .collect(),
            };
            let dims = Sheet {
                id: "dimensions",
                title: td_string!(l, dashboard.quick_check).to_string(),
                header: [td_string!(l, dashboard.dimension), td_string!(l, dashboard.people), td_string!(l, dashboard.before_support), td_string!(l, dashboard.at_review), td_string!(l, dashboard.change)]
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
                rows: s.dimensions.iter().map(|d| vec![pick(&d.label, l), opt_figure(d.n, l), mean_text(d.before), mean_text(d.after), signed(d.change)]).collect(),
            };
            vec![indicators, dims]
        }
        Section::Resources => {
            let s = &r.resources;
            let heat = Sheet {
                id: "heat",
                title: td_string!(l, dashboard.listings_heat).to_string(),
                header: [td_string!(l, dashboard.district), td_string!(l, casework.family_people), td_string!(l, casework.family_life), td_string!(l, casework.family_vitality), td_string!(l, dashboard.listings), td_string!(l, dashboard.stale)]
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
                rows: s
                    .heat
                    .iter()
                    .map(|h| vec![pick(&h.label, l), h.families[0].to_string(), h.families[1].to_string(), h.families[2].to_string(), h.listings.to_string(), h.stale.to_string()])
                    .collect(),
            };
            let gaps = Sheet {
                id: "gaps",
                title: td_string!(l, dashboard.gaps).to_string(),
                header: [td_string!(l, dashboard.district), td_string!(l, dashboard.concern), td_string!(l, dashboard.referrals_naming), td_string!(l, dashboard.answering_listings)].iter().map(|s| s.to_string()).collect(),
                rows: s.gaps.iter().map(|g| vec![pick(&g.district_label, l), pick(&g.concern_label, l), g.referrals.to_string(), g.listings.to_string()]).collect(),
            };
            let g = s.suggestions;
            let suggestions = Sheet {
                id: "suggestions",
                title: td_string!(l, dashboard.suggestions).to_string(),
                header: vec![item.to_string(), td_string!(l, dashboard.count).to_string()],
                rows: vec![
                    vec![td_string!(l, dashboard.suggestions_received).to_string(), g.received.to_string()],
                    vec![td_string!(l, dashboard.suggestions_accepted).to_string(), g.accepted.to_string()],
                    vec![td_string!(l, dashboard.suggestions_rejected).to_string(), g.rejected.to_string()],
                    vec![td_string!(l, dashboard.suggestions_pending).to_string(), g.pending.to_string()],
                ],
            };
            vec![heat, gaps, suggestions]
        }
        Section::Population => {
            let Some(s) = &r.population else { return Vec::new() };
            let means = Sheet {
                id: "section_means",
                title: td_string!(l, dashboard.self_check_means).to_string(),
                header: vec![td_string!(l, dashboard.dimension).to_string(), td_string!(l, dashboard.mean).to_string()],
                rows: s.section_means.iter().map(|(t, m)| vec![pick(t, l), mean_text(*m)]).collect(),
            };
            let mut months = line_sheet("months", td_string!(l, dashboard.month_activity), td_string!(l, dashboard.month), &s.contributions, l);
            months.header = [td_string!(l, dashboard.month), td_string!(l, dashboard.contributions), td_string!(l, dashboard.events_held), td_string!(l, dashboard.signups)].iter().map(|s| s.to_string()).collect();
            for (i, row) in months.rows.iter_mut().enumerate() {
                match s.events.get(i) {
                    Some(e) => row.push(e.n.to_string()),
                    None => row.push(s.events.iter().map(|e| e.n).sum::<u32>().to_string()),
                }
                let signups = if i < s.signups.items.len() { Some(s.signups.items[i].figure) } else { s.signups.total };
                row.push(opt_figure(signups, l));
            }
            let views = Sheet {
                id: "views",
                title: td_string!(l, dashboard.page_views).to_string(),
                header: vec![td_string!(l, dashboard.category).to_string(), td_string!(l, dashboard.views).to_string()],
                rows: s.views.iter().map(|(_, t, n)| vec![pick(t, l), n.to_string()]).collect(),
            };
            vec![months, means, views]
        }
        Section::Attendance => {
            let Some(a) = &r.attendance else { return Vec::new() };
            let mut by_category = line_sheet("checkins_by_category", td_string!(l, dashboard.checkins_by_category), td_string!(l, dashboard.category), &a.by_category, l);
            let mut top = line_sheet("top_attended", td_string!(l, dashboard.top_attended), td_string!(l, dashboard.activity), &a.top_activities, l);
            for sheet in [&mut by_category, &mut top] {
                sheet.header[1] = td_string!(l, dashboard.checkins).to_string();
            }
            let repeat = line_sheet("coming_back", td_string!(l, dashboard.coming_back), td_string!(l, dashboard.times_taken_part), &a.repeat, l);
            vec![by_category, top, repeat]
        }
    }
}

/// One section as CSV (UTF-8 with BOM for Excel; CRLF): each table under
/// its title, a blank line between tables; the period, district and rule
/// on top.
pub fn section_csv(r: &DashboardReport, section: Section, l: Locale) -> String {
    use crate::feeds::spreadsheet::csv_cell;
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).flexible(true).from_writer(Vec::new());
    let district = r.district.as_ref().map(|(_, t)| pick(t, l)).unwrap_or_else(|| td_string!(l, dashboard.whole_town).to_string());
    let mut head = vec![pick(&r.period_label, l), district];
    if let Some(team) = &r.team {
        head.push(team.clone());
    }
    let _ = w.write_record(head.iter().map(|c| csv_cell(c)));
    let _ = w.write_record([td_string!(l, dashboard.rule_short, n = r.min_people.to_string()).to_string()]);
    for sheet in sheets(r, section, l) {
        let _ = w.write_record([""]);
        let _ = w.write_record([csv_cell(&sheet.title)]);
        let _ = w.write_record(sheet.header.iter().map(|c| csv_cell(c)));
        for row in &sheet.rows {
            let _ = w.write_record(row.iter().map(|c| csv_cell(c)));
        }
    }
    let bytes = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}
