//! Calendar and activity schedules for Tsunagu.
//!
//! * [`holidays`]: Japanese public holidays (国民の祝日, 振替休日, 国民の休日)
//!   computed by rule for 2000–2099.
//! * [`time_of_day`]: validated times of day ([`TimeOfDay`]), opening-hour
//!   ranges ([`TimeRange`]) and parts of the day ([`DayPart`]).
//! * [`schedule`]: when an activity takes place ([`Schedule`]): weekly,
//!   monthly by weekday or by date, or irregular; its dates, Japanese and
//!   English descriptions, the HSDS 3.0 `schedule` mapping and a compact text
//!   form for CSV import/export.
//!
//! All dates are civil dates in Asia/Tokyo. Japan has no daylight saving
//! time, so Tokyo time is always UTC+9 and a fixed offset is enough: use
//! [`today_tokyo`] / [`now_tokyo`] rather than the machine's local time.
//!
//! This module is pure Rust: no I/O, no database, no UI.

pub mod holidays;
pub mod period;
pub mod schedule;
pub mod time_of_day;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};

pub use holidays::{holiday_name, holidays_in_year, is_holiday, Holiday};
pub use period::{fiscal_year_of, Period, PeriodKind};
pub use schedule::{describe_date, HsdsSchedule, Lang, Nth, Recurrence, Schedule, ScheduleError};
pub use time_of_day::{DayPart, TimeError, TimeOfDay, TimeRange};

/// Japan Standard Time, UTC+9 all year round. (The `match` runs at compile
/// time, so the `panic!` can never happen at run time.)
pub const JST: FixedOffset = match FixedOffset::east_opt(9 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+9 is a valid offset"),
};

/// `2026-11-24T01:05:00Z` (UTC) → `2026-11-24 10:05` (Tokyo).
pub fn tokyo_time(utc: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(utc)
        .map(|t| t.with_timezone(&JST).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// An instant as stored: UTC, whole seconds, `Z` (`2026-11-24T01:05:00Z`).
pub fn utc_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The Tokyo date of a stored UTC time (`None` if it does not parse).
pub fn tokyo_date(utc: &str) -> Option<NaiveDate> {
    DateTime::parse_from_rfc3339(utc).ok().map(|t| t.with_timezone(&JST).date_naive())
}

/// The Tokyo wall-clock date and time of an instant.
pub fn to_tokyo(instant: DateTime<Utc>) -> NaiveDateTime {
    instant.with_timezone(&JST).naive_local()
}

/// The current date and time in Tokyo.
///
/// Reads the system clock through `chrono::Utc::now()`. In the browser build
/// (`wasm32-unknown-unknown`) that only works with chrono's `wasmbind`
/// feature, which this workspace does not enable: call this on the server
/// and pass the date down, or enable the feature.
pub fn now_tokyo() -> NaiveDateTime {
    to_tokyo(Utc::now())
}

/// Today's date in Tokyo (see [`now_tokyo`] about the browser build).
pub fn today_tokyo() -> NaiveDate {
    now_tokyo().date()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn tokyo_is_nine_hours_ahead_of_utc() {
        let utc = Utc.with_ymd_and_hms(2026, 12, 31, 15, 0, 0).unwrap();
        let tokyo = to_tokyo(utc);
        assert_eq!(tokyo.date(), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
        assert_eq!(
            tokyo.time(),
            chrono::NaiveTime::from_hms_opt(0, 0, 0).unwrap()
        );

        let utc = Utc.with_ymd_and_hms(2026, 7, 1, 14, 59, 59).unwrap();
        assert_eq!(
            to_tokyo(utc).date(),
            NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()
        );
    }

    #[test]
    fn today_is_consistent_with_now() {
        let before = today_tokyo();
        let now = now_tokyo();
        assert!(now.date() >= before);
        assert!(now.date() - before <= chrono::TimeDelta::days(1));
    }
}
