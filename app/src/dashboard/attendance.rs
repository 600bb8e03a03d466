//! Section 6, taking part (issue 20): check-ins at the sessions of
//! activities and at events in the period, by category of activity and
//! district (where the activity meets), the activities taken part in most,
//! and how often people came back (people with an account: once, two or
//! three times, four or more). Every figure goes through the one
//! small-cell rule, like the other sections.
use super::breakdown::{line, Districts, Line, Split, View};
use crate::health_check::questionnaire::Text;
use serde::{Deserialize, Serialize};

/// Check-ins in one row (a category, an activity) and district.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckinCount {
    pub key: String,
    pub label: Text,
    pub district: Option<String>,
    pub n: u32,
}

/// One person's check-ins in the period, and the district they took part
/// in most (their column).
#[derive(Debug, Clone, PartialEq)]
pub struct Visits {
    pub district: Option<String>,
    pub times: u32,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AttendanceFacts {
    /// Per category of the activities (an activity of two categories
    /// counts in both), and `event` for events of their own.
    pub by_category: Vec<CheckinCount>,
    pub by_activity: Vec<CheckinCount>,
    pub people: Vec<Visits>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttendanceSection {
    /// Check-ins by category.
    pub by_category: Line,
    /// The activities with most check-ins (at most ten), most first.
    pub top_activities: Line,
    /// People by how often they took part.
    pub repeat: Line,
}

/// How many activities the section lists.
pub const TOP: usize = 10;

/// The buckets of coming back.
pub fn repeat_keys() -> Vec<(String, Text)> {
    vec![
        ("once".into(), Text::new("1回", "Once")),
        ("two_three".into(), Text::new("2〜3回", "2–3 times")),
        ("four_more".into(), Text::new("4回以上", "4 times or more")),
    ]
}

fn bucket(times: u32) -> &'static str {
    match times {
        0 | 1 => "once",
        2 | 3 => "two_three",
        _ => "four_more",
    }
}

/// Rows in order of their check-ins in the view (most first, then key).
fn ranked(counts: &[CheckinCount], districts: &Districts, view: View) -> Vec<(String, Text)> {
    let mut rows: Vec<(String, Text, u32)> = Vec::new();
    for c in counts {
        if let View::District(j) = view {
            if districts.column(c.district.as_deref()) != j {
                continue;
            }
        }
        match rows.iter_mut().find(|r| r.0 == c.key) {
            Some(r) => r.2 += c.n,
            None => rows.push((c.key.clone(), c.label.clone(), c.n)),
        }
    }
    rows.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    rows.into_iter().map(|(k, l, _)| (k, l)).collect()
}

fn split_of(counts: &[CheckinCount], keys: Vec<(String, Text)>, districts: &Districts, single: bool) -> Split {
    let mut s = Split::new(keys, districts, single);
    for c in counts {
        s.add_n(&c.key, districts.column(c.district.as_deref()), c.n);
    }
    s
}

pub fn attendance(facts: &AttendanceFacts, districts: &Districts, view: View) -> AttendanceSection {
    let categories = ranked(&facts.by_category, districts, View::Town);
    let mut top = ranked(&facts.by_activity, districts, view);
    top.truncate(TOP);
    let mut repeat = Split::new(repeat_keys(), districts, true);
    for p in &facts.people {
        repeat.add(bucket(p.times), districts.column(p.district.as_deref()));
    }
    AttendanceSection {
        by_category: line(&split_of(&facts.by_category, categories, districts, false), view),
        top_activities: line(&split_of(&facts.by_activity, top, districts, false), view),
        repeat: line(&repeat, view),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::suppression::Figure::*;

    fn districts() -> Districts {
        Districts::new(vec![("kitayama".into(), Text::new("北山", "Kitayama")), ("chuo".into(), Text::new("中央", "Chuo"))])
    }

    fn count(key: &str, district: &str, n: u32) -> CheckinCount {
        CheckinCount { key: key.into(), label: Text::new(key, key), district: Some(district.into()), n }
    }

    #[test]
    fn the_most_attended_come_first_and_small_counts_are_protected() {
        let facts = AttendanceFacts {
            by_category: vec![count("exercise", "chuo", 40), count("exercise", "kitayama", 12), count("salon", "chuo", 9), count("music", "kitayama", 2)],
            by_activity: (0..12).map(|i| count(&format!("a{i:02}"), if i % 2 == 0 { "chuo" } else { "kitayama" }, 30 - i)).chain([count("tiny", "chuo", 3)]).collect(),
            people: [1, 1, 1, 1, 1, 1, 2, 3, 2, 2, 2, 5, 8, 4, 9, 1, 6].iter().map(|t| Visits { district: Some("chuo".into()), times: *t }).collect(),
        };
        let s = attendance(&facts, &districts(), View::Town);
        assert_eq!(s.by_category.items[0].key, "exercise");
        assert_eq!(s.by_category.figure("exercise"), Some(Count(52)));
        assert_eq!(s.by_category.figure("music"), Some(Small), "two check-ins could be one person");
        assert_eq!(s.top_activities.items.len(), TOP);
        assert_eq!(s.top_activities.items[0].key, "a00");
        assert!(s.top_activities.figure("tiny").is_none(), "only the ten most attended");
        assert_eq!(s.repeat.figure("once"), Some(Count(7)));
        assert_eq!(s.repeat.figure("two_three"), Some(Count(5)));
        assert_eq!(s.repeat.figure("four_more"), Some(Count(5)), "{:?}", s.repeat);
        assert_eq!(s.repeat.total, Some(Count(17)));
        // one district's view ranks its own activities
        let kitayama = attendance(&facts, &districts(), View::District(0));
        assert_eq!(kitayama.top_activities.items[0].key, "a01");
        assert!(kitayama.top_activities.items.iter().all(|i| i.key.trim_start_matches('a').parse::<u32>().is_ok_and(|n| n % 2 == 1)));
    }
}
