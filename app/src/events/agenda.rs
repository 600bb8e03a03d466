//! Pure helpers for the agenda and month-calendar pages: date spans, the
//! month grid (weeks start on Sunday, as on Japanese wall calendars:
//! 日 月 火 水 木 金 土), `YYYY-MM` month parameters and grouping by date.
//!
//! All dates are Tokyo civil dates; pass `today` from
//! [`crate::calendar::today_tokyo`] on the server.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::holidays;

/// How far ahead the agenda looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AgendaRange {
    /// Today only.
    Today,
    /// Today and the next six days.
    Week,
    /// Today up to the day before the same day next month.
    Month,
}

impl AgendaRange {
    /// All ranges, shortest first.
    pub const ALL: [AgendaRange; 3] = [Self::Today, Self::Week, Self::Month];

    /// The URL form: `"today"`, `"week"` or `"month"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Today => "today",
            Self::Week => "week",
            Self::Month => "month",
        }
    }

    /// The inverse of [`AgendaRange::as_str`]; `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|range| range.as_str() == s)
    }
}

/// The inclusive date span `range` covers from `today`:
///
/// * `Today`: `today..=today`;
/// * `Week`: `today..=today + 6 days`;
/// * `Month`: `today` up to the day before the same day next month
///   (11-24 → 12-23). When next month has no such day, up to the end of
///   next month instead (01-31 → 02-28, or 02-29 in a leap year), so the
///   span never shrinks as `today` moves on and is never shorter than a
///   week.
///
/// At the very end of chrono's calendar the span stops at its last date.
pub fn span(range: AgendaRange, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let end = match range {
        AgendaRange::Today => Some(today),
        AgendaRange::Week => today.checked_add_days(Days::new(6)),
        AgendaRange::Month => rolling_month_end(today),
    };
    (today, end.unwrap_or(NaiveDate::MAX))
}

/// The last day of the rolling month starting `today` (see [`span`]).
fn rolling_month_end(today: NaiveDate) -> Option<NaiveDate> {
    // chrono clamps to the end of a shorter month (01-31 + 1 month = 02-28).
    let same_day_next_month = today.checked_add_months(Months::new(1))?;
    if same_day_next_month.day() == today.day() {
        same_day_next_month.pred_opt()
    } else {
        Some(same_day_next_month)
    }
}

/// One month laid out in weeks from Sunday to Saturday, with the days of
/// the neighbouring months that fill the first and last weeks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthGrid {
    /// The year shown.
    pub year: i32,
    /// The month shown, 1..=12.
    pub month: u32,
    /// 4 to 6 weeks, each Sunday first; empty for an invalid month.
    pub weeks: Vec<[GridDay; 7]>,
}

/// One cell of a [`MonthGrid`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GridDay {
    /// The date.
    pub date: NaiveDate,
    /// Whether it belongs to the month shown (not a neighbouring month).
    pub in_month: bool,
    /// Whether it is `today`.
    pub is_today: bool,
    /// Whether it is a Japanese public holiday (祝日, 振替休日, 国民の休日).
    pub holiday: bool,
    /// Day of the week, 0 = Sunday … 6 = Saturday (the column).
    pub weekday: u32,
}

/// The grid of `year`-`month`: the weeks from the Sunday on or before the
/// 1st to the Saturday on or after the last day (4 to 6 rows). Holidays
/// are known for 2000–2099 (see [`holidays`]). An invalid month (not
/// 1..=12, or outside chrono's range) gives a grid without weeks.
pub fn month_grid(year: i32, month: u32, today: NaiveDate) -> MonthGrid {
    let weeks = grid_bounds(year, month)
        .map(|(first, last)| grid_weeks(first, last, month, today))
        .unwrap_or_default();
    MonthGrid { year, month, weeks }
}

/// The first and last date shown for a month: the Sunday on or before its
/// 1st and the Saturday on or after its last day.
fn grid_bounds(year: i32, month: u32) -> Option<(NaiveDate, NaiveDate)> {
    let first_of_month = NaiveDate::from_ymd_opt(year, month, 1)?;
    let last_of_month = first_of_month
        .checked_add_months(Months::new(1))?
        .pred_opt()?;
    let first = first_of_month
        .checked_sub_days(Days::new(u64::from(weekday_from_sunday(first_of_month))))?;
    let last = last_of_month
        .checked_add_days(Days::new(u64::from(6 - weekday_from_sunday(last_of_month))))?;
    Some((first, last))
}

/// The rows of a grid from `first` (a Sunday) to `last` (a Saturday).
fn grid_weeks(
    first: NaiveDate,
    last: NaiveDate,
    month: u32,
    today: NaiveDate,
) -> Vec<[GridDay; 7]> {
    let holidays = holidays_between(first, last);
    let days: Vec<GridDay> = first
        .iter_days()
        .take_while(|date| *date <= last)
        .map(|date| GridDay {
            date,
            in_month: date.month() == month,
            is_today: date == today,
            holiday: holidays.contains(&date),
            weekday: weekday_from_sunday(date),
        })
        .collect();
    days.chunks_exact(7)
        .map(|week| std::array::from_fn(|column| week[column]))
        .collect()
}

/// All public holidays from `first` to `last` (computed once per year
/// rather than once per cell).
fn holidays_between(first: NaiveDate, last: NaiveDate) -> BTreeSet<NaiveDate> {
    (first.year()..=last.year())
        .flat_map(holidays::holidays_in_year)
        .map(|(date, _)| date)
        .filter(|date| (first..=last).contains(date))
        .collect()
}

/// 0 = Sunday … 6 = Saturday.
fn weekday_from_sunday(date: NaiveDate) -> u32 {
    date.weekday().num_days_from_sunday()
}

/// Parses a month in the URL form `YYYY-MM` (`"2026-11"`): four-digit year,
/// two-digit month 01–12. Anything else gives `None`.
pub fn parse_month(s: &str) -> Option<(i32, u32)> {
    let (year, month) = s.split_once('-')?;
    let all_digits =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(year, 4) || !all_digits(month, 2) {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    let month: u32 = month.parse().ok()?;
    (1..=12).contains(&month).then_some((year, month))
}

/// The URL form of a month: `format_month(2026, 11)` is `"2026-11"`
/// (the inverse of [`parse_month`] for years 0–9999).
pub fn format_month(year: i32, month: u32) -> String {
    format!("{year:04}-{month:02}")
}

/// The month before `year`-`month` (`month` in 1..=12): 2026-01 → 2025-12.
pub fn prev_month(year: i32, month: u32) -> (i32, u32) {
    if month <= 1 {
        (year.saturating_sub(1), 12)
    } else {
        (year, month - 1)
    }
}

/// The month after `year`-`month` (`month` in 1..=12): 2026-12 → 2027-01.
pub fn next_month(year: i32, month: u32) -> (i32, u32) {
    if month >= 12 {
        (year.saturating_add(1), 1)
    } else {
        (year, month + 1)
    }
}

/// Splits `items` into runs of consecutive items on the same date, keeping
/// their order: `(date, items)` for each run. Pass items sorted by start
/// to get one run per date.
pub fn group_by_date<T>(
    items: Vec<T>,
    date_of: impl Fn(&T) -> NaiveDate,
) -> Vec<(NaiveDate, Vec<T>)> {
    let mut groups: Vec<(NaiveDate, Vec<T>)> = Vec::new();
    for item in items {
        let date = date_of(&item);
        match groups.last_mut() {
            Some((last_date, run)) if *last_date == date => run.push(item),
            _ => groups.push((date, vec![item])),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::holidays::Holiday;
    use chrono::Weekday;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn range_round_trips_its_url_form() {
        for range in AgendaRange::ALL {
            assert_eq!(AgendaRange::parse(range.as_str()), Some(range));
            let json = serde_json::to_string(&range).unwrap();
            assert_eq!(json, format!("\"{}\"", range.as_str()));
        }
        assert_eq!(AgendaRange::parse("Week"), None);
        assert_eq!(AgendaRange::parse(""), None);
        assert_eq!(AgendaRange::parse("year"), None);
    }

    #[test]
    fn today_and_week_spans() {
        let today = d(2026, 11, 24);
        assert_eq!(span(AgendaRange::Today, today), (today, today));
        assert_eq!(span(AgendaRange::Week, today), (today, d(2026, 11, 30)));
        assert_eq!(
            span(AgendaRange::Week, d(2026, 12, 28)),
            (d(2026, 12, 28), d(2027, 1, 3))
        );
        // Over the leap day.
        assert_eq!(
            span(AgendaRange::Week, d(2028, 2, 26)),
            (d(2028, 2, 26), d(2028, 3, 3))
        );
    }

    #[test]
    fn month_span_is_rolling() {
        let month = |y, m, day| span(AgendaRange::Month, d(y, m, day)).1;
        assert_eq!(month(2026, 11, 24), d(2026, 12, 23));
        assert_eq!(month(2026, 11, 1), d(2026, 11, 30));
        assert_eq!(month(2026, 12, 31), d(2027, 1, 30));
        assert_eq!(month(2026, 10, 31), d(2026, 11, 30)); // no 11-31
        assert_eq!(month(2026, 8, 31), d(2026, 9, 30));
        // February, leap and not.
        assert_eq!(month(2027, 1, 31), d(2027, 2, 28));
        assert_eq!(month(2028, 1, 31), d(2028, 2, 29));
        assert_eq!(month(2028, 1, 29), d(2028, 2, 28));
        assert_eq!(month(2028, 2, 29), d(2028, 3, 28));
        assert_eq!(month(2028, 2, 28), d(2028, 3, 27));
        assert_eq!(month(2027, 2, 28), d(2027, 3, 27));
    }

    #[test]
    fn month_span_never_shrinks_and_covers_a_week() {
        let mut today = d(2027, 12, 1);
        let mut previous_end = span(AgendaRange::Month, today).1;
        while today < d(2029, 1, 1) {
            let (start, end) = span(AgendaRange::Month, today);
            assert_eq!(start, today);
            assert!(end >= previous_end, "{today}");
            assert!(end >= span(AgendaRange::Week, today).1, "{today}");
            assert!((end - start).num_days() <= 30, "{today}");
            previous_end = end;
            today = today.succ_opt().unwrap();
        }
    }

    #[test]
    fn spans_at_the_end_of_time_do_not_panic() {
        let last = NaiveDate::MAX;
        assert_eq!(span(AgendaRange::Week, last), (last, last));
        assert_eq!(span(AgendaRange::Month, last), (last, last));
    }

    #[test]
    fn grid_for_a_month_starting_on_sunday() {
        assert_eq!(d(2026, 11, 1).weekday(), Weekday::Sun);
        let today = d(2026, 11, 24);
        let grid = month_grid(2026, 11, today);
        assert_eq!((grid.year, grid.month), (2026, 11));
        assert_eq!(grid.weeks.len(), 5);
        assert_eq!(grid.weeks[0][0].date, d(2026, 11, 1));
        assert!(grid.weeks[0][0].in_month);
        assert_eq!(grid.weeks[4][1].date, d(2026, 11, 30));
        // The last row ends with December 1–5.
        assert_eq!(grid.weeks[4][6].date, d(2026, 12, 5));
        assert!(!grid.weeks[4][2].in_month);
        let todays: Vec<NaiveDate> = cells(&grid)
            .filter(|c| c.is_today)
            .map(|c| c.date)
            .collect();
        assert_eq!(todays, [today]);
    }

    #[test]
    fn grid_columns_are_sunday_to_saturday() {
        for (year, month) in [(2026, 1), (2026, 8), (2026, 11), (2027, 2), (2028, 2)] {
            let grid = month_grid(year, month, d(2026, 1, 1));
            for week in &grid.weeks {
                for (column, cell) in week.iter().enumerate() {
                    assert_eq!(cell.weekday as usize, column);
                    assert_eq!(cell.date.weekday().num_days_from_sunday() as usize, column);
                }
            }
            // Consecutive dates, and every day of the month exactly once.
            let dates: Vec<NaiveDate> = cells(&grid).map(|c| c.date).collect();
            assert!(dates.windows(2).all(|w| w[0].succ_opt() == Some(w[1])));
            let in_month = cells(&grid).filter(|c| c.in_month).count();
            let expected = d(year, month, 1)
                .checked_add_months(Months::new(1))
                .unwrap()
                .pred_opt()
                .unwrap()
                .day();
            assert_eq!(u32::try_from(in_month), Ok(expected));
        }
    }

    #[test]
    fn grid_needing_six_rows_and_one_with_four() {
        // August 2026 starts on a Saturday and has 31 days.
        assert_eq!(d(2026, 8, 1).weekday(), Weekday::Sat);
        let grid = month_grid(2026, 8, d(2026, 1, 1));
        assert_eq!(grid.weeks.len(), 6);
        assert_eq!(grid.weeks[0][0].date, d(2026, 7, 26));
        assert_eq!(grid.weeks[0][6].date, d(2026, 8, 1));
        assert_eq!(grid.weeks[5][1].date, d(2026, 8, 31));
        assert_eq!(grid.weeks[5][6].date, d(2026, 9, 5));
        assert!(cells(&grid).all(|c| !c.is_today));
        // February 2026 starts on a Sunday and has 28 days.
        assert_eq!(d(2026, 2, 1).weekday(), Weekday::Sun);
        assert_eq!(month_grid(2026, 2, d(2026, 1, 1)).weeks.len(), 4);
    }

    #[test]
    fn grid_marks_holidays() {
        assert_eq!(
            holidays::holiday_name(d(2026, 11, 3)),
            Some(Holiday::CULTURE_DAY)
        );
        assert_eq!(
            holidays::holiday_name(d(2026, 11, 23)),
            Some(Holiday::LABOR_THANKSGIVING_DAY)
        );
        let grid = month_grid(2026, 11, d(2026, 11, 24));
        let marked: Vec<NaiveDate> = cells(&grid).filter(|c| c.holiday).map(|c| c.date).collect();
        assert_eq!(marked, [d(2026, 11, 3), d(2026, 11, 23)]);
        // Neighbouring months' holidays are marked too (元日 in December's grid).
        let grid = month_grid(2026, 12, d(2026, 11, 24));
        let marked: Vec<NaiveDate> = cells(&grid).filter(|c| c.holiday).map(|c| c.date).collect();
        assert_eq!(marked, [d(2027, 1, 1)]);
        // Every cell agrees with the holiday calendar.
        for (year, month) in [(2026, 1), (2026, 5), (2026, 9), (2027, 1)] {
            for cell in cells(&month_grid(year, month, d(2026, 1, 1))) {
                assert_eq!(
                    cell.holiday,
                    holidays::is_holiday(cell.date),
                    "{}",
                    cell.date
                );
            }
        }
    }

    #[test]
    fn invalid_months_give_empty_grids() {
        assert!(month_grid(2026, 13, d(2026, 1, 1)).weeks.is_empty());
        assert!(month_grid(2026, 0, d(2026, 1, 1)).weeks.is_empty());
        assert!(month_grid(i32::MAX, 1, d(2026, 1, 1)).weeks.is_empty());
        let last = NaiveDate::MAX;
        assert!(month_grid(last.year(), last.month(), last).weeks.is_empty());
    }

    #[test]
    fn grid_serialises_for_the_browser() {
        let grid = month_grid(2026, 11, d(2026, 11, 24));
        let json = serde_json::to_string(&grid).unwrap();
        assert!(
            json.starts_with(
                r#"{"year":2026,"month":11,"weeks":[[{"date":"2026-11-01","in_month":true"#
            ),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<MonthGrid>(&json).unwrap(), grid);
    }

    #[test]
    fn parse_and_format_months() {
        assert_eq!(parse_month("2026-11"), Some((2026, 11)));
        assert_eq!(parse_month("2027-01"), Some((2027, 1)));
        for bad in [
            "2026-13",
            "2026-00",
            "26-1",
            "",
            "2026-1",
            "2026",
            "2026-11-01",
            "２０２６-11",
            "+026-11",
            "2026-+1",
            "2026/11",
            " 2026-11",
        ] {
            assert_eq!(parse_month(bad), None, "{bad:?}");
        }
        assert_eq!(format_month(2026, 11), "2026-11");
        assert_eq!(format_month(2027, 1), "2027-01");
        for (y, m) in [(2026, 1), (2026, 12), (999, 5)] {
            assert_eq!(parse_month(&format_month(y, m)), Some((y, m)));
        }
    }

    #[test]
    fn previous_and_next_months() {
        assert_eq!(prev_month(2026, 1), (2025, 12));
        assert_eq!(prev_month(2026, 11), (2026, 10));
        assert_eq!(next_month(2026, 12), (2027, 1));
        assert_eq!(next_month(2026, 11), (2026, 12));
        for m in 1..=12 {
            assert_eq!(
                prev_month(next_month(2026, m).0, next_month(2026, m).1),
                (2026, m)
            );
        }
    }

    #[test]
    fn groups_runs_by_date() {
        let items = vec![
            (d(2026, 11, 24), "a"),
            (d(2026, 11, 24), "b"),
            (d(2026, 11, 27), "c"),
        ];
        let groups = group_by_date(items, |item| item.0);
        assert_eq!(
            groups,
            [
                (
                    d(2026, 11, 24),
                    vec![(d(2026, 11, 24), "a"), (d(2026, 11, 24), "b")]
                ),
                (d(2026, 11, 27), vec![(d(2026, 11, 27), "c")]),
            ]
        );
        assert!(group_by_date(Vec::<NaiveDate>::new(), |x| *x).is_empty());
    }

    fn cells(grid: &MonthGrid) -> impl Iterator<Item = &GridDay> {
        grid.weeks.iter().flatten()
    }
}
