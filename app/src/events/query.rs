//! The event pages' filters, kept in the URL like the activity list's (same
//! names for the shared ones: `q`, `category`, `district`, `free`, `time`).
use crate::activities::query::{encode, TIMES};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Which view: the agenda list (phones) or the month grid (tablets).
pub const VIEWS: [&str; 2] = ["list", "calendar"];
/// Agenda tabs: 今日 / 今週 / 今月.
pub const RANGES: [&str; 3] = ["today", "week", "month"];

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EventQuery {
    /// today (default), week, month.
    pub range: String,
    /// list (default) or calendar.
    pub view: String,
    /// Calendar month `2026-11` (default: this month).
    pub month: String,
    /// Day picked in the calendar.
    pub day: Option<NaiveDate>,
    pub q: String,
    pub category: String,
    pub district: String,
    pub time: String,
    pub free: bool,
}

impl EventQuery {
    /// From URL query pairs; malformed values are dropped.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> EventQuery {
        let mut q = EventQuery::default();
        for (k, v) in pairs {
            let v = v.trim();
            match k {
                "range" if RANGES.contains(&v) => q.range = v.into(),
                "view" if VIEWS.contains(&v) => q.view = v.into(),
                "month" if super::agenda::parse_month(v).is_some() => q.month = v.into(),
                "day" => q.day = NaiveDate::parse_from_str(v, "%Y-%m-%d").ok(),
                "q" => q.q = v.chars().take(100).collect(),
                "category" => q.category = slug(v),
                "district" => q.district = slug(v),
                "time" if TIMES.contains(&v) => q.time = v.into(),
                "free" => q.free = matches!(v, "1" | "true" | "on"),
                _ => {}
            }
        }
        q
    }

    /// The URL query string (without `?`), omitting defaults.
    pub fn to_query_string(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        for (k, v) in [
            ("view", self.view.as_str()),
            ("range", self.range.as_str()),
            ("month", self.month.as_str()),
            ("q", self.q.as_str()),
            ("category", self.category.as_str()),
            ("district", self.district.as_str()),
            ("time", self.time.as_str()),
        ] {
            if !v.is_empty() {
                parts.push(format!("{k}={}", encode(v)));
            }
        }
        if let Some(day) = self.day {
            parts.push(format!("day={day}"));
        }
        if self.free {
            parts.push("free=1".into());
        }
        parts.join("&")
    }

    /// Only the filters (for the .ics feed and links between views).
    pub fn filters(&self) -> EventQuery {
        EventQuery { q: self.q.clone(), category: self.category.clone(), district: self.district.clone(), time: self.time.clone(), free: self.free, ..Default::default() }
    }

    pub fn is_calendar(&self) -> bool {
        self.view == "calendar"
    }

    pub fn is_filtered(&self) -> bool {
        !self.q.trim().is_empty() || !self.category.is_empty() || !self.district.is_empty() || !self.time.is_empty() || self.free
    }
}

fn slug(v: &str) -> String {
    v.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_drops_bad_values() {
        let q = EventQuery::from_pairs([("view", "calendar"), ("month", "2026-12"), ("day", "2026-12-05"), ("category", "health"), ("free", "1"), ("time", "morning")]);
        assert_eq!(q.to_query_string(), "view=calendar&month=2026-12&category=health&time=morning&day=2026-12-05&free=1");
        let bad = EventQuery::from_pairs([("view", "grid"), ("range", "year"), ("month", "2026-13"), ("day", "tomorrow"), ("time", "night")]);
        assert_eq!(bad, EventQuery::default());
    }
}
