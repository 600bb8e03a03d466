//! The city's points rules (健康ポイント, Hitachi's "1度で2度うれしい"):
//! which actions earn how many points, the caps per day and per month, and
//! the milestone badges — data in `app/rules/points.json` (or the city's own
//! file), parsed into values that cannot be invalid. Awarding and badges are
//! pure functions over what a person already earned and did.
use crate::health_check::questionnaire::Text;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The format version this portal reads.
pub const RULES_VERSION: u32 = 1;

/// The rules shipped with the portal.
pub const BUILTIN: &str = include_str!("../../rules/points.json");

/// An action that earns points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Took part in a session of an activity (checked in).
    AttendActivity,
    /// Took part in an event that is not an activity's session.
    AttendEvent,
    /// The first time at this activity (on top of taking part).
    FirstVisit,
    /// Completed a Positive Health self-check.
    SelfCheck,
    /// Ran a session as its organiser (recorded its attendance).
    Volunteer,
}

impl Action {
    pub const ALL: [Action; 5] = [Action::AttendActivity, Action::AttendEvent, Action::FirstVisit, Action::SelfCheck, Action::Volunteer];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::AttendActivity => "attend_activity",
            Action::AttendEvent => "attend_event",
            Action::FirstVisit => "first_visit",
            Action::SelfCheck => "self_check",
            Action::Volunteer => "volunteer",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// Points for one action and how many it may earn in a day and a month
/// (Tokyo days; a month is a calendar month).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionRule {
    pub points: u32,
    pub daily_cap: u32,
    pub monthly_cap: u32,
}

/// What a badge counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Counts {
    /// Sessions and events taken part in.
    Attendances,
    /// Different kinds (activity categories, event kinds) taken part in.
    Kinds,
    /// Sessions run as organiser.
    Volunteering,
    /// Self-checks completed.
    SelfChecks,
}

/// A milestone: reached when `counts` comes to `at_least`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Badge {
    pub key: String,
    pub counts: Counts,
    pub at_least: u32,
    pub label: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    version: u32,
    #[serde(default)]
    comment: String,
    actions: BTreeMap<Action, ActionRule>,
    #[serde(default)]
    badges: Vec<Badge>,
}

/// The rules, valid: every action has a rule, no cap below one award, no
/// month below a day, badges with distinct keys and a threshold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointsRules {
    actions: BTreeMap<Action, ActionRule>,
    badges: Vec<Badge>,
}

/// Why a rules file was refused (in both languages, with where).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RulesError {
    /// Not JSON, or a field missing, misspelt or of the wrong type.
    Json { line: usize, column: usize, message: String },
    UnsupportedVersion { found: u32 },
    /// An action without a rule.
    MissingAction { action: Action },
    /// An action that earns nothing (leave it out of the caps instead: 0
    /// points would still write nothing).
    ZeroPoints { action: Action },
    /// A cap lower than one award of the action.
    CapBelowPoints { action: Action, cap: &'static str },
    /// A monthly cap lower than the daily one.
    MonthBelowDay { action: Action },
    /// A badge key that is not a slug.
    BadKey { location: String, key: String },
    DuplicateBadge { key: String },
    ZeroThreshold { location: String },
    EmptyText { location: String },
}

impl RulesError {
    pub fn message_ja(&self) -> String {
        match self {
            Self::Json { line, column, message } => format!("ポイントルールの JSON を読み込めません（{line} 行目 {column} 文字目）：{message}"),
            Self::UnsupportedVersion { found } => format!("version は {RULES_VERSION} にしてください（いまは {found}）。"),
            Self::MissingAction { action } => format!("actions に「{}」のルールがありません。", action.as_str()),
            Self::ZeroPoints { action } => format!("actions.{}.points は 1 以上にしてください。", action.as_str()),
            Self::CapBelowPoints { action, cap } => format!("actions.{}.{cap} は points 以上にしてください（1 回分も付きません）。", action.as_str()),
            Self::MonthBelowDay { action } => format!("actions.{}.monthly_cap は daily_cap 以上にしてください。", action.as_str()),
            Self::BadKey { location, key } => format!("{location}：「{key}」はキーとして使えません。半角の英小文字・数字・_ で書いてください。"),
            Self::DuplicateBadge { key } => format!("バッジ「{key}」が 2 回あります。キーを変えてください。"),
            Self::ZeroThreshold { location } => format!("{location}.at_least は 1 以上にしてください。"),
            Self::EmptyText { location } => format!("{location} が空です。"),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            Self::Json { line, column, message } => format!("Cannot read the points rules JSON (line {line}, column {column}): {message}"),
            Self::UnsupportedVersion { found } => format!("\"version\" must be {RULES_VERSION} (found {found})."),
            Self::MissingAction { action } => format!("\"actions\" has no rule for \"{}\".", action.as_str()),
            Self::ZeroPoints { action } => format!("actions.{}.points must be 1 or more.", action.as_str()),
            Self::CapBelowPoints { action, cap } => format!("actions.{}.{cap} must be at least its points (not even one award fits).", action.as_str()),
            Self::MonthBelowDay { action } => format!("actions.{}.monthly_cap must be at least its daily_cap.", action.as_str()),
            Self::BadKey { location, key } => format!("{location}: \"{key}\" is not a key (lower-case letters, digits and _)."),
            Self::DuplicateBadge { key } => format!("badge \"{key}\" appears twice."),
            Self::ZeroThreshold { location } => format!("{location}.at_least must be 1 or more."),
            Self::EmptyText { location } => format!("{location} is empty."),
        }
    }
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} / {}", self.message_ja(), self.message_en())
    }
}

impl std::error::Error for RulesError {}

/// Points of one action already earned today and this month.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Earned {
    pub today: u32,
    pub this_month: u32,
}

/// Something a person did that a badge may count, on its Tokyo day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deed {
    pub on: NaiveDate,
    pub what: DeedKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeedKind {
    /// Took part; the kinds of what it was (category slugs, or the event's kind).
    Attended { kinds: Vec<String> },
    Volunteered,
    SelfCheck,
}

/// A badge reached, and the day it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reached {
    pub key: String,
    pub label: Text,
    pub on: NaiveDate,
}

/// A badge not reached yet: how far along.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub key: String,
    pub label: Text,
    pub count: u32,
    pub at_least: u32,
}

impl PointsRules {
    /// Parses and validates a rules file; the first problem with its place.
    pub fn from_json(json: &str) -> Result<PointsRules, RulesError> {
        let file: RulesFile = serde_json::from_str(json).map_err(|e| RulesError::Json { line: e.line(), column: e.column(), message: e.to_string() })?;
        if file.version != RULES_VERSION {
            return Err(RulesError::UnsupportedVersion { found: file.version });
        }
        for action in Action::ALL {
            let Some(rule) = file.actions.get(&action) else { return Err(RulesError::MissingAction { action }) };
            if rule.points == 0 {
                return Err(RulesError::ZeroPoints { action });
            }
            for (cap, value) in [("daily_cap", rule.daily_cap), ("monthly_cap", rule.monthly_cap)] {
                if value < rule.points {
                    return Err(RulesError::CapBelowPoints { action, cap });
                }
            }
            if rule.monthly_cap < rule.daily_cap {
                return Err(RulesError::MonthBelowDay { action });
            }
        }
        for (i, b) in file.badges.iter().enumerate() {
            let location = format!("badges[{i}]");
            if b.key.is_empty() || !b.key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
                return Err(RulesError::BadKey { location, key: b.key.clone() });
            }
            if file.badges[..i].iter().any(|o| o.key == b.key) {
                return Err(RulesError::DuplicateBadge { key: b.key.clone() });
            }
            if b.at_least == 0 {
                return Err(RulesError::ZeroThreshold { location });
            }
            for (lang, text) in [("ja", &b.label.ja), ("en", &b.label.en)] {
                if text.trim().is_empty() {
                    return Err(RulesError::EmptyText { location: format!("{location}.label.{lang}") });
                }
            }
        }
        Ok(PointsRules { actions: file.actions, badges: file.badges })
    }

    /// The portal's own rules (the file is tested to load).
    pub fn builtin() -> PointsRules {
        PointsRules::from_json(BUILTIN).expect("app/rules/points.json loads")
    }

    pub fn rule(&self, action: Action) -> ActionRule {
        self.actions[&action]
    }

    pub fn badges(&self) -> &[Badge] {
        &self.badges
    }

    /// Points one more `action` earns after `so_far` of it: its points,
    /// cut to what the day's and the month's caps leave (0: capped).
    pub fn award(&self, action: Action, so_far: Earned) -> u32 {
        let r = self.rule(action);
        r.points.min(r.daily_cap.saturating_sub(so_far.today)).min(r.monthly_cap.saturating_sub(so_far.this_month))
    }

    /// The badges reached by `deeds` (in any order) with the day each was,
    /// and how far along the others are.
    pub fn badges_for(&self, deeds: &[Deed]) -> (Vec<Reached>, Vec<Progress>) {
        let mut deeds: Vec<&Deed> = deeds.iter().collect();
        deeds.sort_by_key(|d| d.on);
        let (mut reached, mut progress) = (Vec::new(), Vec::new());
        for b in &self.badges {
            let mut count = 0u32;
            let mut kinds: Vec<&str> = Vec::new();
            let mut on = None;
            for d in &deeds {
                match (&d.what, b.counts) {
                    (DeedKind::Attended { .. }, Counts::Attendances) | (DeedKind::Volunteered, Counts::Volunteering) | (DeedKind::SelfCheck, Counts::SelfChecks) => count += 1,
                    (DeedKind::Attended { kinds: k }, Counts::Kinds) => {
                        for kind in k {
                            if !kinds.contains(&kind.as_str()) {
                                kinds.push(kind);
                                count += 1;
                            }
                        }
                    }
                    _ => continue,
                }
                if count >= b.at_least && on.is_none() {
                    on = Some(d.on);
                }
            }
            match on {
                Some(on) => reached.push(Reached { key: b.key.clone(), label: b.label.clone(), on }),
                None => progress.push(Progress { key: b.key.clone(), label: b.label.clone(), count, at_least: b.at_least }),
            }
        }
        (reached, progress)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn the_builtin_rules_load() {
        let r = PointsRules::builtin();
        assert_eq!(r.rule(Action::AttendActivity).points, 10);
        assert!(r.badges().iter().any(|b| b.counts == Counts::Kinds));
    }

    #[test]
    fn caps_cut_an_award_to_what_the_day_and_month_leave() {
        let r = PointsRules::builtin();
        // 10 points, 20 a day, 150 a month
        let a = Action::AttendActivity;
        assert_eq!(r.award(a, Earned::default()), 10);
        assert_eq!(r.award(a, Earned { today: 10, this_month: 10 }), 10);
        assert_eq!(r.award(a, Earned { today: 15, this_month: 15 }), 5, "the day's cap leaves 5");
        assert_eq!(r.award(a, Earned { today: 20, this_month: 20 }), 0, "the day is full");
        assert_eq!(r.award(a, Earned { today: 0, this_month: 145 }), 5, "the month's cap leaves 5");
        assert_eq!(r.award(a, Earned { today: 0, this_month: 150 }), 0);
        assert_eq!(r.award(a, Earned { today: 999, this_month: 999 }), 0, "more than the cap (rules lowered) earns nothing, never less than nothing");
        // the first-visit bonus has caps of its own
        assert_eq!(r.award(Action::FirstVisit, Earned::default()), 20);
        assert_eq!(r.award(Action::FirstVisit, Earned { today: 20, this_month: 20 }), 0);
    }

    #[test]
    fn badges_are_reached_on_the_day_the_count_comes_to_them() {
        let r = PointsRules::builtin();
        let attended = |d, kinds: &[&str]| Deed { on: day(d), what: DeedKind::Attended { kinds: kinds.iter().map(|k| k.to_string()).collect() } };
        let mut deeds: Vec<Deed> = (1..=10).map(|d| attended(d, &["sports"])).collect();
        deeds.push(attended(11, &["crafts", "sports"]));
        deeds.push(attended(12, &["music"]));
        deeds.push(Deed { on: day(3), what: DeedKind::SelfCheck });
        deeds.reverse(); // any order
        let (reached, progress) = r.badges_for(&deeds);
        let when = |k: &str| reached.iter().find(|b| b.key == k).map(|b| b.on);
        assert_eq!(when("first_step"), Some(day(1)));
        assert_eq!(when("regular"), Some(day(10)));
        assert_eq!(when("explorer"), Some(day(12)), "sports, crafts, then music is the third kind");
        assert_eq!(when("helper"), None);
        let check = progress.iter().find(|p| p.key == "check_habit").unwrap();
        assert_eq!((check.count, check.at_least), (1, 3));
    }

    fn patched(pointer: &str, value: serde_json::Value) -> String {
        let mut v: serde_json::Value = serde_json::from_str(BUILTIN).unwrap();
        *v.pointer_mut(pointer).unwrap() = value;
        v.to_string()
    }

    #[test]
    fn rejects_each_broken_rule_with_where_and_why() {
        use serde_json::json;
        let cases = [
            (patched("/version", json!(2)), RulesError::UnsupportedVersion { found: 2 }),
            (patched("/actions/volunteer/points", json!(0)), RulesError::ZeroPoints { action: Action::Volunteer }),
            (patched("/actions/self_check/daily_cap", json!(1)), RulesError::CapBelowPoints { action: Action::SelfCheck, cap: "daily_cap" }),
            (patched("/actions/attend_event/monthly_cap", json!(15)), RulesError::MonthBelowDay { action: Action::AttendEvent }),
            (patched("/badges/0/key", json!("First Step")), RulesError::BadKey { location: "badges[0]".into(), key: "First Step".into() }),
            (patched("/badges/1/key", json!("first_step")), RulesError::DuplicateBadge { key: "first_step".into() }),
            (patched("/badges/2/at_least", json!(0)), RulesError::ZeroThreshold { location: "badges[2]".into() }),
            (patched("/badges/3/label/en", json!(" ")), RulesError::EmptyText { location: "badges[3].label.en".into() }),
        ];
        for (json, want) in cases {
            assert_eq!(PointsRules::from_json(&json), Err(want.clone()));
            assert!(!want.message_ja().is_empty() && !want.message_en().is_empty());
        }
        let mut v: serde_json::Value = serde_json::from_str(BUILTIN).unwrap();
        v["actions"].as_object_mut().unwrap().remove("first_visit");
        assert_eq!(PointsRules::from_json(&v.to_string()), Err(RulesError::MissingAction { action: Action::FirstVisit }));
        // an action the portal does not know, or a misspelt field, names its line
        let mut misspelt: serde_json::Value = serde_json::from_str(BUILTIN).unwrap();
        misspelt["actions"]["attend_activity"]["pionts"] = json!(1);
        for bad in [misspelt.to_string(), BUILTIN.replace("\"self_check\": {", "\"selfcheck\": {")] {
            match PointsRules::from_json(&bad) {
                Err(RulesError::Json { line, .. }) => assert!(line >= 1),
                other => panic!("{other:?}"),
            }
        }
    }
}
