//! What one checks in to: a session of an activity (the activity and the
//! day: its schedule's occurrence, or the calendar's event for that day) or
//! an event of its own. An event made from an activity's schedule is that
//! activity's session, so a person counts once whichever poster they scan.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SessionRef {
    Activity { id: i64, on: NaiveDate },
    Event { id: i64 },
}

impl SessionRef {
    /// The stored and signed form: `a12-20261205`, `e34`.
    pub fn key(&self) -> String {
        match self {
            SessionRef::Activity { id, on } => format!("a{id}-{}", on.format("%Y%m%d")),
            SessionRef::Event { id } => format!("e{id}"),
        }
    }

    pub fn parse_key(s: &str) -> Option<SessionRef> {
        let positive = |n: &str| n.parse::<i64>().ok().filter(|n| *n > 0 && !n.to_string().starts_with('+'));
        if let Some(rest) = s.strip_prefix('a') {
            let (id, day) = rest.split_once('-')?;
            if day.len() != 8 || !day.bytes().all(|b| b.is_ascii_digit()) || id.bytes().any(|b| !b.is_ascii_digit()) {
                return None;
            }
            let on = NaiveDate::parse_from_str(day, "%Y%m%d").ok()?;
            Some(SessionRef::Activity { id: positive(id)?, on })
        } else if let Some(id) = s.strip_prefix('e') {
            if id.bytes().any(|b| !b.is_ascii_digit()) {
                return None;
            }
            Some(SessionRef::Event { id: positive(id)? })
        } else {
            None
        }
    }
}

/// When check-in to a session is open: on its days (Tokyo), not before and
/// not after — a photo of last week's poster finds the door closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Window {
    NotYet { opens: NaiveDate },
    Open,
    Closed { closed: NaiveDate },
}

impl Window {
    /// For a session held from `first` to `last` (the same day for most).
    pub fn on(today: NaiveDate, first: NaiveDate, last: NaiveDate) -> Window {
        if today < first {
            Window::NotYet { opens: first }
        } else if today > last.max(first) {
            Window::Closed { closed: last.max(first) }
        } else {
            Window::Open
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn keys_round_trip_and_odd_ones_are_refused() {
        for s in [SessionRef::Activity { id: 12, on: day(5) }, SessionRef::Event { id: 34 }] {
            assert_eq!(SessionRef::parse_key(&s.key()), Some(s));
        }
        assert_eq!(SessionRef::Activity { id: 12, on: day(5) }.key(), "a12-20261205");
        for bad in ["", "a", "a12", "a12-2026125", "a12-20261340", "a-20261205", "a0-20261205", "a+1-20261205", "e", "e0", "e-3", "e+3", "x12", "e12x", "a1-2026120a"] {
            assert_eq!(SessionRef::parse_key(bad), None, "{bad}");
        }
    }

    #[test]
    fn check_in_is_open_on_the_sessions_days_only() {
        assert_eq!(Window::on(day(4), day(5), day(5)), Window::NotYet { opens: day(5) });
        assert_eq!(Window::on(day(5), day(5), day(5)), Window::Open);
        assert_eq!(Window::on(day(12), day(5), day(5)), Window::Closed { closed: day(5) }, "a week later the poster no longer works");
        // a two-day event
        assert_eq!(Window::on(day(6), day(5), day(6)), Window::Open);
        assert_eq!(Window::on(day(7), day(5), day(6)), Window::Closed { closed: day(6) });
    }

    proptest! {
        #[test]
        fn any_key_reads_back(id in 1i64..i64::MAX, days in 0i64..100_000, event in any::<bool>()) {
            let s = if event { SessionRef::Event { id } } else { SessionRef::Activity { id, on: NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Days::new(days as u64) } };
            prop_assert_eq!(SessionRef::parse_key(&s.key()), Some(s));
        }
    }
}
