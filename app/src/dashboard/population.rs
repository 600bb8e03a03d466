//! Section 5, the population side: anonymous self-check contributions
//! (as `/staff/statistics` counts them), events held and the people who
//! signed up, and how often activity pages were read per category (a
//! daily count per page, nothing about who read).
use super::breakdown::{line, month_label, Districts, Line, Split, View};
use crate::calendar::Period;
use crate::health_check::questionnaire::Text;
use serde::{Deserialize, Serialize};

/// A count in one month (`YYYY-MM`) and district.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthCount {
    pub month: String,
    pub district: Option<String>,
    pub n: u32,
}

/// Page views of one category's activities in one district.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryViews {
    pub category: String,
    pub label: Text,
    pub district: Option<String>,
    pub views: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthFigure {
    pub key: String,
    pub label: Text,
    pub n: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PopulationSection {
    /// Self-check contributions per month (people).
    pub contributions: Line,
    /// The city's mean per section of the questionnaire, as the statistics
    /// page shows them (none for a group under five).
    pub section_means: Vec<(Text, Option<f32>)>,
    /// Events held per month (not people: shown as they are).
    pub events: Vec<MonthFigure>,
    /// People who signed up for events, per month.
    pub signups: Line,
    /// Activity page views per category, most read first.
    pub views: Vec<(String, Text, u64)>,
}

fn months(period: &Period) -> Vec<(String, Text)> {
    period.months().into_iter().map(|(y, m)| (format!("{y:04}-{m:02}"), month_label(y, m))).collect()
}

fn month_line(counts: &[MonthCount], period: &Period, districts: &Districts, view: View) -> Line {
    let mut split = Split::new(months(period), districts, true);
    for c in counts {
        split.add_n(&c.month, districts.column(c.district.as_deref()), c.n);
    }
    line(&split, view)
}

/// What the population section is made from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PopulationFacts {
    /// Self-check contributions per month and district.
    pub contributions: Vec<MonthCount>,
    /// The statistics page's means for the period (and district).
    pub section_means: Vec<(Text, Option<f32>)>,
    /// Events held (one each) per month and district.
    pub events: Vec<MonthCount>,
    /// People signed up per month and district.
    pub signups: Vec<MonthCount>,
    pub views: Vec<CategoryViews>,
}

pub fn population(facts: PopulationFacts, period: &Period, districts: &Districts, view: View) -> PopulationSection {
    let PopulationFacts { contributions, section_means, events, signups, views } = facts;
    let in_view = |d: &Option<String>| match view {
        View::Town => true,
        View::District(j) => districts.column(d.as_deref()) == j,
    };
    let events = months(period)
        .into_iter()
        .map(|(key, label)| {
            let n = events.iter().filter(|e| e.month == key && in_view(&e.district)).map(|e| e.n).sum();
            MonthFigure { key, label, n }
        })
        .collect();
    let mut by_category: Vec<(String, Text, u64)> = Vec::new();
    for v in views.iter().filter(|v| in_view(&v.district)) {
        match by_category.iter_mut().find(|(k, _, _)| *k == v.category) {
            Some((_, _, n)) => *n += v.views,
            None => by_category.push((v.category.clone(), v.label.clone(), v.views)),
        }
    }
    by_category.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    PopulationSection {
        contributions: month_line(&contributions, period, districts, view),
        section_means,
        events,
        signups: month_line(&signups, period, districts, view),
        views: by_category,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::suppression::Figure::*;

    fn districts() -> Districts {
        Districts::new(vec![("kitayama".into(), Text::new("北山", "Kitayama")), ("chuo".into(), Text::new("中央", "Chuo"))])
    }

    #[test]
    fn months_of_the_period_with_people_protected_and_events_as_they_are() {
        let mc = |m: &str, d: &str, n: u32| MonthCount { month: m.into(), district: Some(d.into()), n };
        let p = Period::Quarter { fiscal_year: 2026, quarter: 3 };
        let contributions = vec![mc("2026-10", "chuo", 12), mc("2026-10", "kitayama", 7), mc("2026-11", "chuo", 3), mc("2026-11", "kitayama", 9), mc("2026-12", "kitayama", 6), mc("2027-01", "chuo", 50)];
        let events = vec![mc("2026-10", "chuo", 2), mc("2026-10", "kitayama", 1)];
        let cv = |c: &str, d: &str, n: u64| CategoryViews { category: c.into(), label: Text::new(c, c), district: Some(d.into()), views: n };
        let facts = PopulationFacts { contributions, events, views: vec![cv("salon", "chuo", 40), cv("meals", "chuo", 3), cv("salon", "kitayama", 2)], ..PopulationFacts::default() };
        let s = population(facts.clone(), &p, &districts(), View::Town);
        assert_eq!(s.contributions.items.len(), 3);
        // Chuo's 3 in November hides a rectangle of districts' cells, not the town's months
        assert_eq!(s.contributions.figure("2026-10"), Some(Count(19)));
        assert_eq!(s.contributions.figure("2026-11"), Some(Count(12)));
        assert_eq!(s.contributions.total, Some(Count(37)), "January is outside the quarter");
        assert_eq!(s.events[0].n, 3);
        assert_eq!(s.views[0], ("salon".to_string(), Text::new("salon", "salon"), 42));
        let chuo = population(PopulationFacts { views: Vec::new(), ..facts }, &p, &districts(), View::District(1));
        assert_eq!(chuo.contributions.figure("2026-11"), Some(Small));
        assert_eq!(chuo.events[0].n, 2);
    }
}
