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

/// One closed case's quick checks: dimension scores (0–10) at intake and
/// at review.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckPair {
    pub district: Option<String>,
    pub before: Vec<(String, f32)>,
    pub after: Vec<(String, f32)>,
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
pub fn outcomes(changes: &[RatingChange], checks: &[CheckPair], dimensions: &[(String, Text)], districts: &Districts, view: View) -> OutcomeSection {
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
    let in_view = |c: &CheckPair| match view {
        View::Town => true,
        View::District(j) => districts.column(c.district.as_deref()) == j,
    };
    let dimensions = dimensions
        .iter()
        .map(|(key, label)| {
            let mut split = Split::new(vec![(key.clone(), label.clone())], districts, true);
            let mut pairs = Vec::new();
            for c in checks {
                let find = |v: &[(String, f32)]| v.iter().find(|(k, _)| k == key).map(|(_, s)| *s);
                if let (Some(a), Some(b)) = (find(&c.before), find(&c.after)) {
                    split.add(key, districts.column(c.district.as_deref()));
                    if in_view(c) {
                        pairs.push((a, b));
                    }
                }
            }
            let n = line(&split, view).total;
            let shown = n.and_then(Figure::shown).is_some_and(|n| n > 0);
            let count = pairs.len().max(1) as f32;
            let before = shown.then(|| round1(pairs.iter().map(|p| p.0).sum::<f32>() / count));
            let after = shown.then(|| round1(pairs.iter().map(|p| p.1).sum::<f32>() / count));
            let change = shown.then(|| round1(pairs.iter().map(|p| p.1 - p.0).sum::<f32>() / count));
            DimensionChange { key: key.clone(), label: label.clone(), n, before, after, change }
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
        let pair = |d: &str, b: f32, a: f32| CheckPair { district: Some(d.into()), before: vec![("body".into(), b)], after: vec![("body".into(), a), ("mind".into(), 5.0)] };
        let checks: Vec<CheckPair> = (0..7).map(|i| pair(if i < 6 { "chuo" } else { "kitayama" }, 4.0, 5.0 + i as f32 / 2.0)).collect();
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
