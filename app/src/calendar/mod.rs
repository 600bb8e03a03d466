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
    stored_tokyo_date(utc).or_else(|| DateTime::parse_from_rfc3339(utc).ok().map(|t| t.with_timezone(&JST).date_naive()))
}

/// [`tokyo_date`] of the form [`utc_text`] writes, read digit by digit (the
/// dashboard reads tens of thousands); any other form: `None`.
fn stored_tokyo_date(utc: &str) -> Option<NaiveDate> {
    let b = utc.as_bytes();
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[19] != b'Z' {
        return None;
    }
    let num = |from: usize, to: usize| b[from..to].iter().try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')));
    let date = NaiveDate::from_ymd_opt(num(0, 4)? as i32, num(5, 7)?, num(8, 10)?)?;
    let (hour, minute, second) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    // Tokyo is nine hours ahead: from 15:00 UTC it is the next day
    if hour >= 15 {
        date.succ_opt()
    } else {
        Some(date)
    }
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

    proptest::proptest! {
        #[test]
        fn the_stored_form_reads_as_any_rfc3339_time(secs in 946_684_800i64..4_102_444_800i64) {
            let t = Utc.timestamp_opt(secs, 0).unwrap();
            let text = utc_text(t);
            proptest::prop_assert_eq!(stored_tokyo_date(&text), Some(t.with_timezone(&JST).date_naive()));
            proptest::prop_assert_eq!(tokyo_date(&text), Some(t.with_timezone(&JST).date_naive()));
        }
    }

    #[test]
    fn other_forms_take_the_parser() {
        assert_eq!(stored_tokyo_date("2026-11-24T10:05:00+09:00"), None);
        assert_eq!(tokyo_date("2026-11-24T23:05:00+09:00"), NaiveDate::from_ymd_opt(2026, 11, 24));
        assert_eq!(tokyo_date("2026-11-24T15:00:00.123Z"), NaiveDate::from_ymd_opt(2026, 11, 25));
        for bad in ["2026-02-30T01:00:00Z", "2026-11-24T24:00:00Z", "2026-11-24T01:60:00Z", "2026-11-24T0a:00:00Z", "", "2026-11-24"] {
            assert_eq!(tokyo_date(bad), None, "{bad}");
        }
    }

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
