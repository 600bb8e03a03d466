//! Section 3, outcomes of the cases closed in the period: the six
//! indicators rated at intake and at review (improved / same / worse), and
//! the Positive Health quick check before and after, per dimension.
use super::breakdown::{line, Districts, Split, View};
use super::breakdown::both;
use super::suppression::Figure;
use crate::casework::labels::indicator_label;
use crate::casework::model::Indicator;
use crate::health_check::questionnaire::Text;
use crate::i18n::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Improved,
    Same,
    Worse,
}

impl Change {
    pub const ALL: [Change; 3] = [Change::Improved, Change::Same, Change::Worse];

    pub fn of(intake: i64, review: i64) -> Change {
        match review.cmp(&intake) {
            std::cmp::Ordering::Greater => Change::Improved,
            std::cmp::Ordering::Equal => Change::Same,
            std::cmp::Ordering::Less => Change::Worse,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Change::Improved => "improved",
            Change::Same => "same",
            Change::Worse => "worse",
        }
    }

    pub fn parse(s: &str) -> Option<Change> {
        Change::ALL.into_iter().find(|c| c.key() == s)
    }

    pub fn label(self, l: Locale) -> &'static str {
        match self {
            Change::Improved => td_string!(l, dashboard.improved),
            Change::Same => td_string!(l, dashboard.same),
            Change::Worse => td_string!(l, dashboard.worse),
        }
    }
}

/// How many closed cases of one district moved one way on one indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct RatingChange {
    pub district: Option<String>,
    pub indicator: Indicator,
    pub change: Change,
    pub cases: u32,
}

/// The quick checks of the closed cases of one district that answered a
/// dimension at both intake and review: how many, and their scores (0–10)
/// summed at each.
#[derive(Debug, Clone, PartialEq)]
pub struct DimensionSums {
    pub district: Option<String>,
    pub key: String,
    pub cases: u32,
    pub before: f64,
    pub after: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorOutcome {
    pub key: String,
    pub label: Text,
    /// Cases rated at both intake and review.
    pub rated: Option<Figure>,
    pub improved: Figure,
    pub same: Figure,
    pub worse: Figure,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionChange {
    pub key: String,
    pub label: Text,
    /// Cases with the dimension answered at both checks.
    pub n: Option<Figure>,
    /// Means (0–10, one decimal); none when `n` is not shown.
    pub before: Option<f32>,
    pub after: Option<f32>,
    pub change: Option<f32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeSection {
    pub indicators: Vec<IndicatorOutcome>,
    pub dimensions: Vec<DimensionChange>,
}

impl IndicatorOutcome {
    /// The share of the rated cases a figure is (none unless both shown).
    pub fn share(&self, f: Figure) -> Option<f32> {
        match (self.rated.and_then(Figure::shown), f.shown()) {
            (Some(n), Some(k)) if n > 0 => Some(k as f32 / n as f32),
            _ => None,
        }
    }
}

fn round1(x: f32) -> f32 {
    (x * 10.0).round() / 10.0
}

/// `dimensions`: the quick check's dimension keys and names, in order.
pub fn outcomes(changes: &[RatingChange], checks: &[DimensionSums], dimensions: &[(String, Text)], districts: &Districts, view: View) -> OutcomeSection {
    let indicators = Indicator::ALL
        .iter()
        .map(|ind| {
            let mut split = Split::new(Change::ALL.iter().map(|c| (c.key().to_string(), both(|l| c.label(l)))).collect(), districts, true);
            for c in changes.iter().filter(|c| c.indicator == *ind) {
                split.add_n(c.change.key(), districts.column(c.district.as_deref()), c.cases);
            }
            let l = line(&split, view);
            let fig = |c: Change| l.figure(c.key()).unwrap_or(Figure::Withheld);
            IndicatorOutcome {
                key: ind.as_str().to_string(),
                label: both(|lc| indicator_label(*ind, lc)),
                rated: l.total,
                improved: fig(Change::Improved),
                same: fig(Change::Same),
                worse: fig(Change::Worse),
            }
        })
        .collect();
    let in_view = |c: &DimensionSums| match view {
        View::Town => true,
        View::District(j) => districts.column(c.district.as_deref()) == j,
    };
    let dimensions = dimensions
        .iter()
        .map(|(key, label)| {
            let mut split = Split::new(vec![(key.clone(), label.clone())], districts, true);
            let (mut cases, mut before, mut after) = (0u32, 0f64, 0f64);
            for c in checks.iter().filter(|c| c.key == *key) {
                split.add_n(key, districts.column(c.district.as_deref()), c.cases);
                if in_view(c) {
                    cases += c.cases;
                    before += c.before;
                    after += c.after;
                }
            }
            let n = line(&split, view).total;
            let shown = n.and_then(Figure::shown).is_some_and(|n| n > 0);
            let count = cases.max(1) as f64;
            let mean = |x: f64| round1((x / count) as f32);
            DimensionChange {
                key: key.clone(),
                label: label.clone(),
                n,
                before: shown.then(|| mean(before)),
                after: shown.then(|| mean(after)),
                change: shown.then(|| mean(after - before)),
            }
        })
        .collect();
    OutcomeSection { indicators, dimensions }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Figure::*;

    fn districts() -> Districts {
        Districts::new(vec![("kitayama".into(), Text::new("北山", "Kitayama")), ("chuo".into(), Text::new("中央", "Chuo"))])
    }

    #[test]
    fn shares_of_improved_same_worse() {
        let rc = |d: &str, i: Indicator, c: Change, n: u32| RatingChange { district: Some(d.into()), indicator: i, change: c, cases: n };
        let changes = vec![
            rc("chuo", Indicator::Connected, Change::Improved, 12),
            rc("kitayama", Indicator::Connected, Change::Improved, 6),
            rc("chuo", Indicator::Connected, Change::Same, 5),
            rc("kitayama", Indicator::Connected, Change::Same, 5),
            rc("chuo", Indicator::Connected, Change::Worse, 0),
        ];
        let s = outcomes(&changes, &[], &[], &districts(), View::Town);
        let c = s.indicators.iter().find(|o| o.key == "connected").unwrap();
        assert_eq!((c.rated, c.improved, c.same, c.worse), (Some(Count(28)), Count(18), Count(10), Count(0)));
        assert!((c.share(c.improved).unwrap() - 18.0 / 28.0).abs() < 1e-6);
        assert!(c.label.ja.starts_with('③'));
        let basic = s.indicators.iter().find(|o| o.key == "basic_needs").unwrap();
        assert_eq!(basic.rated, Some(Count(0)));
    }

    #[test]
    fn quick_check_means_rest_on_enough_people() {
        let dims = vec![("body".to_string(), Text::new("からだ", "Body")), ("mind".to_string(), Text::new("こころ", "Mind"))];
        // seven people answered "body" at both checks (4.0 before; 5.0, 5.5, … 8.0 after); "mind" only at review
        let sums = |d: &str, cases: u32, before: f64, after: f64| DimensionSums { district: Some(d.into()), key: "body".into(), cases, before, after };
        let checks = vec![sums("chuo", 6, 24.0, (0..6).map(|i| 5.0 + i as f64 / 2.0).sum()), sums("kitayama", 1, 4.0, 8.0)];
        let s = outcomes(&[], &checks, &dims, &districts(), View::Town);
        let body = &s.dimensions[0];
        assert_eq!(body.n, Some(Count(7)));
        assert_eq!((body.before, body.after, body.change), (Some(4.0), Some(6.5), Some(2.5)));
        assert_eq!(s.dimensions[1].n, Some(Count(0)), "never answered at intake");
        assert_eq!(s.dimensions[1].change, None);
        // Kitayama has one person: nothing shown, and Chuo's 6 would give it away
        let k = outcomes(&[], &checks, &dims, &districts(), View::District(0));
        assert_eq!(k.dimensions[0].n, Some(Small));
        assert_eq!(k.dimensions[0].change, None);
        let c = outcomes(&[], &checks, &dims, &districts(), View::District(1));
        assert_eq!(c.dimensions[0].n, Some(Withheld));
        assert_eq!(c.dimensions[0].change, None);
    }
}
