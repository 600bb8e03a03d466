//! Section 2, connections (Nabari's tally): for every case closed in the
//! period, the ties the person had before support against those at
//! closing, by family (people / life / vitality) and by tie (formal /
//! informal); how they are spread; and where people were connected.
use super::breakdown::{line, lines, Districts, Line, Split, View};
use super::breakdown::both;
use super::suppression::Figure;
use crate::activities::model::Family;
use crate::casework::labels::{family_label, tie_label};
use crate::casework::model::TieKind;
use crate::health_check::questionnaire::Text;
use crate::i18n::*;
use serde::{Deserialize, Serialize};

/// Connections of one kind: by family and by tie.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    pub people: u32,
    pub life: u32,
    pub vitality: u32,
    pub formal: u32,
    pub informal: u32,
}

impl Tally {
    pub fn total(&self) -> u32 {
        self.people + self.life + self.vitality
    }

    fn family(&self, f: Family) -> u32 {
        match f {
            Family::People => self.people,
            Family::Life => self.life,
            Family::Vitality => self.vitality,
        }
    }

    fn tie(&self, t: TieKind) -> u32 {
        match t {
            TieKind::Formal => self.formal,
            TieKind::Informal => self.informal,
        }
    }
}

/// Cases closed in the period that share a district and the number of
/// ties before support and at closing (those they had before plus the
/// active ones made during support); their ties are summed.
#[derive(Debug, Clone, PartialEq)]
pub struct ClosedGroup {
    pub district: Option<String>,
    pub cases: u32,
    /// Each case's ties before support (all of them, by family).
    pub before_ties: u32,
    /// Each case's ties at closing.
    pub close_ties: u32,
    pub before: Tally,
    pub at_close: Tally,
}

impl ClosedGroup {
    /// One closed case.
    pub fn one(district: Option<String>, before: Tally, at_close: Tally) -> ClosedGroup {
        ClosedGroup { district, cases: 1, before_ties: before.total(), close_ties: at_close.total(), before, at_close }
    }
}

/// How many closed cases were connected to one place (an activity, or a
/// kind of resource) in one district.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceCount {
    pub key: String,
    pub label: Text,
    pub district: Option<String>,
    pub cases: u32,
}

/// Mean connections per closed case, before and at closing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeanPair {
    pub key: String,
    pub label: Text,
    pub before: f32,
    pub at_close: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConnectionSection {
    /// Cases closed in the period.
    pub closed: Option<Figure>,
    /// How many ties people had before support (cases per bucket).
    pub before: Line,
    /// How many at closing.
    pub at_close: Line,
    /// Means per case (none when the closed cases are too few to show).
    pub total: Option<MeanPair>,
    pub by_family: Vec<MeanPair>,
    pub by_tie: Vec<MeanPair>,
    /// Activities most connected to (cases per activity; a case may count
    /// for several).
    pub activities: Line,
    /// Kinds of resources connected to.
    pub resource_kinds: Line,
}

/// Buckets of the number of ties.
pub const BUCKETS: [&str; 7] = ["0", "1", "2", "3-5", "6-8", "9-12", "13-"];

pub fn bucket(n: u32) -> &'static str {
    match n {
        0 => BUCKETS[0],
        1 => BUCKETS[1],
        2 => BUCKETS[2],
        3..=5 => BUCKETS[3],
        6..=8 => BUCKETS[4],
        9..=12 => BUCKETS[5],
        _ => BUCKETS[6],
    }
}

fn bucket_label(b: &str) -> Text {
    match b.split_once('-') {
        Some((lo, "")) => Text::new(format!("{lo}以上"), format!("{lo} or more")),
        Some((lo, hi)) => Text::new(format!("{lo}〜{hi}"), format!("{lo}–{hi}")),
        None => Text::new(b, b),
    }
}

fn round1(x: f32) -> f32 {
    (x * 10.0).round() / 10.0
}

/// How many places to list.
pub const TOP_PLACES: usize = 10;

fn places(counts: &[PlaceCount], districts: &Districts, view: View) -> Line {
    // the most connected places town-wide, then split by district
    let mut totals: Vec<(String, Text, u32)> = Vec::new();
    for c in counts {
        match totals.iter_mut().find(|(k, _, _)| *k == c.key) {
            Some((_, _, n)) => *n += c.cases,
            None => totals.push((c.key.clone(), c.label.clone(), c.cases)),
        }
    }
    totals.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.ja.cmp(&b.1.ja)));
    totals.truncate(TOP_PLACES);
    let mut split = Split::new(totals.into_iter().map(|(k, l, _)| (k, l)).collect(), districts, false);
    for c in counts {
        split.add_n(&c.key, districts.column(c.district.as_deref()), c.cases);
    }
    line(&split, view)
}

pub fn connections(cases: &[ClosedGroup], activities: &[PlaceCount], kinds: &[PlaceCount], districts: &Districts, view: View) -> ConnectionSection {
    let keys = || BUCKETS.iter().map(|b| (b.to_string(), bucket_label(b))).collect::<Vec<_>>();
    let mut before = Split::new(keys(), districts, true);
    let mut at_close = Split::new(keys(), districts, true);
    for c in cases {
        let col = districts.column(c.district.as_deref());
        before.add_n(bucket(c.before_ties), col, c.cases);
        at_close.add_n(bucket(c.close_ties), col, c.cases);
    }
    let mut out = lines(&[&before, &at_close], view).into_iter();
    let (before, at_close) = (out.next().unwrap_or_default(), out.next().unwrap_or_default());
    let closed = before.total;
    let mine: Vec<&ClosedGroup> = cases
        .iter()
        .filter(|c| match view {
            View::Town => true,
            View::District(j) => districts.column(c.district.as_deref()) == j,
        })
        .collect();
    let shown = closed.and_then(Figure::shown).is_some_and(|n| n > 0);
    let n = mine.iter().map(|c| c.cases).sum::<u32>().max(1) as f32;
    let mean = |key: &str, label: Text, f: &dyn Fn(&Tally) -> u32| MeanPair {
        key: key.to_string(),
        label,
        before: round1(mine.iter().map(|c| f(&c.before)).sum::<u32>() as f32 / n),
        at_close: round1(mine.iter().map(|c| f(&c.at_close)).sum::<u32>() as f32 / n),
    };
    let family_label = |f: Family| both(|l| family_label(f, l));
    let tie_label = |t: TieKind| both(|l| tie_label(t, l));
    ConnectionSection {
        closed,
        before,
        at_close,
        total: shown.then(|| mean("total", both(|l| td_string!(l, dashboard.all_ties)), &|t| t.total())),
        by_family: if shown { Family::ALL.iter().map(|f| mean(f.as_str(), family_label(*f), &|t| t.family(*f))).collect() } else { Vec::new() },
        by_tie: if shown { TieKind::ALL.iter().map(|k| mean(k.as_str(), tie_label(*k), &|t| t.tie(*k))).collect() } else { Vec::new() },
        activities: places(activities, districts, view),
        resource_kinds: places(kinds, districts, view),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Figure::*;

    fn districts() -> Districts {
        Districts::new(vec![("kitayama".into(), Text::new("北山", "Kitayama")), ("chuo".into(), Text::new("中央", "Chuo"))])
    }

    fn case(district: &str, before: u32, after_people: u32, after_vitality: u32) -> ClosedGroup {
        ClosedGroup::one(
            Some(district.into()),
            Tally { life: before, formal: before, ..Tally::default() },
            Tally { people: after_people, life: before, vitality: after_vitality, formal: before, informal: after_people + after_vitality },
        )
    }

    #[test]
    fn one_tie_becomes_several() {
        let cases: Vec<ClosedGroup> = (0..10).map(|i| case(if i < 6 { "chuo" } else { "kitayama" }, 1, 2 + i % 3, 1)).collect();
        let s = connections(&cases, &[], &[], &districts(), View::Town);
        assert_eq!(s.closed, Some(Count(10)));
        assert_eq!(s.before.figure("1"), Some(Count(10)));
        // 1 + (2..4) + 1 → 4, 5 or 6 ties at closing: three people have 6
        assert_eq!(s.at_close.figure("6-8"), Some(Small));
        assert_ne!(s.at_close.figure("3-5"), Some(Count(7)), "10 − 7 would give the 3 away");
        let total = s.total.unwrap();
        assert_eq!(total.before, 1.0);
        assert_eq!(total.at_close, 4.9);
        let informal = s.by_tie.iter().find(|m| m.key == "informal").unwrap();
        assert_eq!((informal.before, informal.at_close), (0.0, 3.9));
        assert_eq!(s.by_family.len(), 3);
    }

    #[test]
    fn groups_count_as_their_cases() {
        let one: Vec<ClosedGroup> = (0..10).map(|i| case(if i < 6 { "chuo" } else { "kitayama" }, 1, 2 + i % 3, 1)).collect();
        // the same cases, those alike taken together
        let mut grouped: Vec<ClosedGroup> = Vec::new();
        for c in &one {
            match grouped.iter_mut().find(|g| g.district == c.district && g.before_ties == c.before_ties && g.close_ties == c.close_ties) {
                Some(g) => {
                    g.cases += 1;
                    for (sum, t) in [(&mut g.before, &c.before), (&mut g.at_close, &c.at_close)] {
                        sum.people += t.people;
                        sum.life += t.life;
                        sum.vitality += t.vitality;
                        sum.formal += t.formal;
                        sum.informal += t.informal;
                    }
                }
                None => grouped.push(c.clone()),
            }
        }
        assert!(grouped.len() < one.len());
        for view in [View::Town, View::District(0), View::District(1)] {
            assert_eq!(connections(&grouped, &[], &[], &districts(), view), connections(&one, &[], &[], &districts(), view), "{view:?}");
        }
    }

    #[test]
    fn few_closed_cases_show_no_means() {
        let cases: Vec<ClosedGroup> = (0..10).map(|i| case(if i < 7 { "chuo" } else { "kitayama" }, 1, 3, 1)).collect();
        let s = connections(&cases, &[], &[], &districts(), View::District(0));
        assert_eq!(s.closed, Some(Small));
        assert!(s.total.is_none() && s.by_family.is_empty() && s.by_tie.is_empty());
    }

    #[test]
    fn the_most_connected_places_come_first() {
        let p = |key: &str, d: &str, n: u32| PlaceCount { key: key.into(), label: Text::new(key, key), district: Some(d.into()), cases: n };
        let counts = vec![p("salon", "chuo", 6), p("salon", "kitayama", 2), p("choir", "chuo", 9), p("walk", "chuo", 1)];
        let s = connections(&[], &counts, &[], &districts(), View::Town);
        let keys: Vec<&str> = s.activities.items.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["choir", "salon", "walk"]);
        assert_eq!(s.activities.figure("salon"), Some(Count(8)));
        assert_eq!(s.activities.figure("walk"), Some(Small));
    }
}
