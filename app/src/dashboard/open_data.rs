//! The yearly summary the city may publish (`/open-data/summary.csv` and
//! `.json`): the whole town's figures for one fiscal year, made from the
//! same protected tables as the dashboard (so a figure hidden there is
//! hidden here), with no district split, no team and nothing per person.
use super::breakdown::{both, Line};
use super::report::DashboardReport;
use super::suppression::Figure;
use crate::health_check::questionnaire::Text;
use crate::i18n::*;
use serde::{Deserialize, Serialize};

/// One published figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryRow {
    /// `referrals`, `connections`, `outcomes`, `resources`, `population`.
    pub section: String,
    /// What is counted (`by_source`, `mean_ties_at_close`…).
    pub measure: String,
    pub item: String,
    pub item_ja: String,
    pub item_en: String,
    /// `people`, `cases`, `listings`, `events`, `days`, `mean`.
    pub unit: String,
    /// None when hidden (see `note`).
    pub value: Option<f64>,
    /// `fewer_than_5` or `withheld` when the value is hidden.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub fiscal_year: i32,
    pub period_ja: String,
    pub period_en: String,
    /// Whether the year is still running.
    pub partial: bool,
    pub min_people: u32,
    pub generated: String,
    pub rows: Vec<SummaryRow>,
}

struct Rows(Vec<SummaryRow>);

impl Rows {
    /// `at`: the section and the measure.
    fn push(&mut self, at: (&str, &str), item: &str, label: &Text, unit: &str, value: Option<f64>, note: Option<&str>) {
        let (section, measure) = at;
        self.0.push(SummaryRow {
            section: section.into(),
            measure: measure.into(),
            item: item.into(),
            item_ja: label.ja.clone(),
            item_en: label.en.clone(),
            unit: unit.into(),
            value,
            note: note.map(str::to_string),
        });
    }

    fn figure(&mut self, section: &str, measure: &str, item: &str, label: &Text, unit: &str, f: Option<Figure>) {
        let (value, note) = match f {
            Some(Figure::Count(n)) => (Some(f64::from(n)), None),
            Some(Figure::Small) => (None, Some("fewer_than_5")),
            Some(Figure::Withheld) => (None, Some("withheld")),
            None => (None, Some("withheld")),
        };
        self.push((section, measure), item, label, unit, value, note);
    }

    fn line(&mut self, section: &str, measure: &str, line: &Line, unit: &str) {
        for i in &line.items {
            self.figure(section, measure, &i.key, &i.label, unit, Some(i.figure));
        }
        if let Some(t) = line.total {
            self.figure(section, measure, "total", &Text::new("合計", "Total"), unit, Some(t));
        }
    }
}

/// The summary of a whole-town, fiscal-year report.
pub fn summary(r: &DashboardReport, fiscal_year: i32, partial: bool) -> Summary {
    let mut rows = Rows(Vec::new());
    let s = &r.referrals;
    rows.figure("referrals", "received", "total", &both(|l| td_string!(l, dashboard.referrals_received)), "people", s.total);
    rows.line("referrals", "by_source", &s.by_source, "people");
    rows.line("referrals", "by_concern", &s.by_concern, "people");
    rows.line("referrals", "by_age", &s.by_age, "people");
    rows.line("referrals", "by_household", &s.by_household, "people");
    rows.line("referrals", "by_sex", &s.by_sex, "people");
    rows.line("referrals", "funnel", &s.funnel, "people");
    for t in &s.step_times {
        let label = Text::new(format!("{}→{}", t.from.label(Locale::ja), t.to.label(Locale::ja)), format!("{} → {}", t.from.label(Locale::en), t.to.label(Locale::en)));
        rows.push(("referrals", "median_days"), &format!("{}-{}", t.from.key(), t.to.key()), &label, "days", t.median_days.map(f64::from), t.median_days.is_none().then_some("fewer_than_5"));
    }
    let c = &r.connections;
    rows.figure("connections", "closed_cases", "total", &both(|l| td_string!(l, dashboard.closed_cases)), "cases", c.closed);
    for m in c.total.iter().chain(&c.by_family).chain(&c.by_tie) {
        rows.push(("connections", "mean_ties_before"), &m.key, &m.label, "mean", Some(f64::from(m.before)), None);
        rows.push(("connections", "mean_ties_at_close"), &m.key, &m.label, "mean", Some(f64::from(m.at_close)), None);
    }
    rows.line("connections", "ties_before", &c.before, "cases");
    rows.line("connections", "ties_at_close", &c.at_close, "cases");
    rows.line("connections", "resource_kinds", &c.resource_kinds, "cases");
    for o in &r.outcomes.indicators {
        rows.figure("outcomes", "indicator_rated", &o.key, &o.label, "cases", o.rated);
        rows.figure("outcomes", "indicator_improved", &o.key, &o.label, "cases", Some(o.improved));
        rows.figure("outcomes", "indicator_same", &o.key, &o.label, "cases", Some(o.same));
        rows.figure("outcomes", "indicator_worse", &o.key, &o.label, "cases", Some(o.worse));
    }
    for d in &r.outcomes.dimensions {
        rows.figure("outcomes", "quick_check_pairs", &d.key, &d.label, "cases", d.n);
        rows.push(("outcomes", "quick_check_mean_change"), &d.key, &d.label, "mean", d.change.map(f64::from), d.change.is_none().then_some("fewer_than_5"));
    }
    let families = [("people", 0), ("life", 1), ("vitality", 2)];
    for (key, i) in families {
        let label = both(|l| match key {
            "people" => td_string!(l, casework.family_people),
            "life" => td_string!(l, casework.family_life),
            _ => td_string!(l, casework.family_vitality),
        });
        let n: u32 = r.resources.heat.iter().map(|h| h.families[i]).sum();
        rows.push(("resources", "listings_by_family"), key, &label, "listings", Some(f64::from(n)), None);
    }
    let stale: u32 = r.resources.heat.iter().map(|h| h.stale).sum();
    rows.push(("resources", "stale_listings"), "total", &both(|l| td_string!(l, dashboard.stale)), "listings", Some(f64::from(stale)), None);
    let g = r.resources.suggestions;
    rows.push(("resources", "suggestions"), "received", &both(|l| td_string!(l, dashboard.suggestions_received)), "suggestions", Some(f64::from(g.received)), None);
    rows.push(("resources", "suggestions"), "accepted", &both(|l| td_string!(l, dashboard.suggestions_accepted)), "suggestions", Some(f64::from(g.accepted)), None);
    if let Some(p) = &r.population {
        rows.figure("population", "self_check_contributions", "total", &both(|l| td_string!(l, dashboard.contributions)), "people", p.contributions.total);
        let held: u32 = p.events.iter().map(|e| e.n).sum();
        rows.push(("population", "events_held"), "total", &both(|l| td_string!(l, dashboard.events_held)), "events", Some(f64::from(held)), None);
        rows.figure("population", "event_signups", "total", &both(|l| td_string!(l, dashboard.signups)), "people", p.signups.total);
    }
    Summary {
        fiscal_year,
        period_ja: r.period_label.ja.clone(),
        period_en: r.period_label.en.clone(),
        partial,
        min_people: r.min_people,
        generated: r.generated.clone(),
        rows: rows.0,
    }
}

/// The summary as CSV (UTF-8 with BOM; one figure per row).
pub fn summary_csv(s: &Summary) -> String {
    use crate::feeds::spreadsheet::csv_cell;
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let _ = w.write_record(["年度 fiscal_year", "区分 section", "指標 measure", "項目 item", "項目名", "item name", "単位 unit", "値 value", "備考 note"]);
    for r in &s.rows {
        let value = r.value.map(|v| if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v:.1}") }).unwrap_or_default();
        let note = match r.note.as_deref() {
            Some("fewer_than_5") => "5人未満 fewer than 5",
            Some(_) => "秘匿 withheld",
            None => "",
        };
        let _ = w.write_record([s.fiscal_year.to_string(), r.section.clone(), r.measure.clone(), csv_cell(&r.item), csv_cell(&r.item_ja), csv_cell(&r.item_en), r.unit.clone(), value, note.to_string()]);
    }
    let bytes = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}
