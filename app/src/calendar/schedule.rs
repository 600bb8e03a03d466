//! When an activity takes place: the schedule model.
//!
//! A [`Schedule`] is a [`Recurrence`] (weekly, monthly by weekday, monthly by
//! date, or irregular) plus optional opening hours, a validity period, a
//! "closed on public holidays" flag and a free-text note. It can:
//!
//! * list its dates ([`Schedule::occurrences`], [`Schedule::next_dates`]),
//!   using the Japanese public holidays from [`super::holidays`];
//! * describe itself in Japanese or English ([`Schedule::describe`]);
//! * map to and from the HSDS 3.0 `schedule` object ([`Schedule::to_hsds`],
//!   [`Schedule::from_hsds`]);
//! * be written as one line of text for CSV import/export
//!   ([`Schedule::to_compact`], [`Schedule::parse_compact`]).
//!
//! Build schedules with [`Schedule::new`] (or deserialise / parse them), which
//! validates and normalises them. The fields are public for reading and
//! pattern matching; a schedule assembled by hand without [`Schedule::new`]
//! never makes any method panic, but may describe or round-trip oddly.
//!
//! # Compact form
//!
//! ```text
//! weekly:TU,FR 10:00-12:00
//! monthly:2WE,4WE 10:00-12:00 nohol
//! monthly:-1SU 13:30-15:00
//! dates:1,15 09:30-11:30 from:2026-04-01 to:2027-03-31
//! irregular:"月に1回程度 (土曜が多い)" note:要予約
//! ```
//!
//! The recurrence comes first; then, in any order when parsing (in this order
//! when writing): a time range, `nohol` (closed on public holidays),
//! `from:DATE`, `to:DATE` and `note:TEXT`. Texts containing whitespace or `"`
//! are quoted, with `"` doubled inside quotes (as in CSV). Japanese input such
//! as `毎週火・金 10:00〜12:00`, `第2・第4水曜 10:00-12:00`,
//! `毎月1日・15日 9:30-11:30` or `不定期（月1回程度）` is accepted too, and so is
//! everything [`Schedule::describe`] writes in Japanese.

use std::collections::BTreeSet;

use chrono::{Datelike, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::holidays;
use super::time_of_day::{fullwidth_to_ascii, TimeError, TimeOfDay, TimeRange};

// ---------------------------------------------------------------------------
// Phrase tables: every user-visible word used to describe schedules and dates.
// ---------------------------------------------------------------------------

/// The wording of schedule descriptions in one language.
///
/// All user-visible words live in [`JA`] and [`EN`] so that they can be
/// reviewed in one place and later moved to the i18n layer. The assembly
/// functions below only concatenate these pieces.
struct Phrases {
    /// Weekday names in weekly schedules and dates, Monday first.
    weekday_short: [&'static str; 7],
    /// Weekday names after a week of the month ("2nd Wednesday"), Monday first.
    weekday_in_month: [&'static str; 7],
    /// Written after a list of weekdays (火・金 + 曜).
    weekday_suffix: &'static str,
    /// Starts a weekly description.
    every_week: &'static str,
    /// Starts a monthly description.
    every_month: &'static str,
    /// Weeks of the month: 1st to 5th, then last.
    nth: [&'static str; 6],
    /// Between the weeks of the month and the weekdays.
    nth_weekday_gap: &'static str,
    /// Ends a monthly description.
    of_each_month: &'static str,
    /// After a day-of-month number: for 1/21/31, 2/22, 3/23, and the rest.
    day_of_month_suffix: [&'static str; 4],
    /// Between list items, except the last two.
    list_separator: &'static str,
    /// Between the last two list items.
    list_last_separator: &'static str,
    /// Irregular schedule, followed by its note in brackets.
    irregular: &'static str,
    /// Brackets around the note of an irregular schedule.
    note_open: &'static str,
    note_close: &'static str,
    /// Before the opening hours.
    time_lead: &'static str,
    /// Between opening and closing time.
    time_separator: &'static str,
    /// Appended when closed on public holidays.
    closed_on_holidays: &'static str,
    /// The same, as a sentence for HSDS `notes`.
    hsds_closed_on_holidays: &'static str,
    /// Month names, January first.
    month: [&'static str; 12],
    /// A date: `{m}` month, `{d}` day, `{w}` weekday, `{h}` holiday mark.
    date_pattern: &'static str,
    /// Holiday mark in dates.
    holiday_mark: &'static str,
}

const JA: Phrases = Phrases {
    weekday_short: ["月", "火", "水", "木", "金", "土", "日"],
    weekday_in_month: ["月", "火", "水", "木", "金", "土", "日"],
    weekday_suffix: "曜",
    every_week: "毎週",
    every_month: "毎月",
    nth: ["第1", "第2", "第3", "第4", "第5", "最終"],
    nth_weekday_gap: "",
    of_each_month: "",
    day_of_month_suffix: ["日", "日", "日", "日"],
    list_separator: "・",
    list_last_separator: "・",
    irregular: "不定期",
    note_open: "（",
    note_close: "）",
    time_lead: " ",
    time_separator: "〜",
    closed_on_holidays: "（祝日は休み）",
    hsds_closed_on_holidays: "祝日は休み",
    month: [
        "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12",
    ],
    date_pattern: "{m}月{d}日({w}{h})",
    holiday_mark: "・祝",
};

const EN: Phrases = Phrases {
    weekday_short: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    weekday_in_month: [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
    weekday_suffix: "",
    every_week: "Every ",
    every_month: "",
    nth: ["1st", "2nd", "3rd", "4th", "5th", "last"],
    nth_weekday_gap: " ",
    of_each_month: " of each month",
    day_of_month_suffix: ["st", "nd", "rd", "th"],
    list_separator: ", ",
    list_last_separator: " and ",
    irregular: "Irregular",
    note_open: " (",
    note_close: ")",
    time_lead: ", ",
    time_separator: "–",
    closed_on_holidays: " (closed on public holidays)",
    hsds_closed_on_holidays: "Closed on public holidays",
    month: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    date_pattern: "{w} {d} {m}{h}",
    holiday_mark: " (holiday)",
};

/// The language of a description.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Japanese (the default).
    #[default]
    Ja,
    /// English.
    En,
}

impl Lang {
    const fn phrases(self) -> &'static Phrases {
        match self {
            Self::Ja => &JA,
            Self::En => &EN,
        }
    }
}

// ---------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------

/// Which occurrence of a weekday within a month (第1〜第5, 最終).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Nth {
    /// 第1: days 1–7.
    First,
    /// 第2: days 8–14.
    Second,
    /// 第3: days 15–21.
    Third,
    /// 第4: days 22–28.
    Fourth,
    /// 第5: days 29–31; only in months that have a fifth such weekday.
    Fifth,
    /// 最終: the last such weekday of the month (the 4th or the 5th).
    Last,
}

impl Nth {
    /// All values, in order.
    pub const ALL: [Nth; 6] = [
        Self::First,
        Self::Second,
        Self::Third,
        Self::Fourth,
        Self::Fifth,
        Self::Last,
    ];

    /// The RFC 5545 ordinal: 1 to 5, or -1 for [`Nth::Last`].
    pub const fn ordinal(self) -> i8 {
        match self {
            Self::First => 1,
            Self::Second => 2,
            Self::Third => 3,
            Self::Fourth => 4,
            Self::Fifth => 5,
            Self::Last => -1,
        }
    }

    /// The inverse of [`Nth::ordinal`].
    pub const fn from_ordinal(ordinal: i64) -> Option<Self> {
        match ordinal {
            1 => Some(Self::First),
            2 => Some(Self::Second),
            3 => Some(Self::Third),
            4 => Some(Self::Fourth),
            5 => Some(Self::Fifth),
            -1 => Some(Self::Last),
            _ => None,
        }
    }

    /// Whether `date` is this occurrence of its weekday in its month.
    pub fn matches(self, date: NaiveDate) -> bool {
        let day = date.day();
        match self {
            Self::Last => day + 7 > days_in_month(date),
            // First..=Fifth: days 1–7, 8–14, ...; `index` counts from 0.
            nth => (day - 1) / 7 == nth.index() as u32,
        }
    }

    const fn index(self) -> usize {
        self as usize
    }
}

/// How an activity repeats.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Recurrence {
    /// Every week on these days (毎週 火・金).
    Weekly {
        /// Non-empty, Monday first, no duplicates.
        days: Vec<Weekday>,
    },
    /// Every month on these weeks × weekdays (毎月 第2・第4 水曜).
    MonthlyByWeekday {
        /// Non-empty, sorted, no duplicates.
        weeks: Vec<Nth>,
        /// Non-empty, Monday first, no duplicates.
        days: Vec<Weekday>,
    },
    /// Every month on these days of the month (毎月 1日・15日). A 31 in a
    /// 30-day month simply does not occur that month.
    MonthlyByDate {
        /// Non-empty, each 1..=31, sorted, no duplicates.
        dates: Vec<u8>,
    },
    /// No fixed pattern (不定期); the note says when.
    Irregular {
        /// Non-empty, trimmed.
        note: String,
    },
}

impl Recurrence {
    /// Whether the pattern falls on `date` (ignoring validity and holidays).
    pub fn matches(&self, date: NaiveDate) -> bool {
        match self {
            Self::Weekly { days } => days.contains(&date.weekday()),
            Self::MonthlyByWeekday { weeks, days } => {
                days.contains(&date.weekday()) && weeks.iter().any(|nth| nth.matches(date))
            }
            Self::MonthlyByDate { dates } => {
                u8::try_from(date.day()).is_ok_and(|day| dates.contains(&day))
            }
            Self::Irregular { .. } => false,
        }
    }

    /// Validates and normalises (sorts, deduplicates, trims).
    fn normalised(self) -> Result<Self, ScheduleError> {
        match self {
            Self::Weekly { days } => Ok(Self::Weekly {
                days: normalise_weekdays(days)?,
            }),
            Self::MonthlyByWeekday { mut weeks, days } => {
                weeks.sort_unstable();
                weeks.dedup();
                if weeks.is_empty() {
                    return Err(ScheduleError::NoWeeks);
                }
                Ok(Self::MonthlyByWeekday {
                    weeks,
                    days: normalise_weekdays(days)?,
                })
            }
            Self::MonthlyByDate { mut dates } => {
                if let Some(bad) = dates.iter().find(|d| !(1..=31).contains(*d)) {
                    return Err(ScheduleError::DateOutOfRange(u32::from(*bad)));
                }
                dates.sort_unstable();
                dates.dedup();
                if dates.is_empty() {
                    return Err(ScheduleError::NoDates);
                }
                Ok(Self::MonthlyByDate { dates })
            }
            Self::Irregular { note } => {
                let note = note.trim();
                if note.is_empty() {
                    return Err(ScheduleError::EmptyIrregularNote);
                }
                Ok(Self::Irregular {
                    note: note.to_owned(),
                })
            }
        }
    }

    /// The description without hours or holiday remark, not yet capitalised.
    fn describe(&self, p: &Phrases) -> String {
        match self {
            Self::Weekly { days } => {
                let days = days.iter().map(|d| p.weekday_short[weekday_index(*d)]);
                format!("{}{}{}", p.every_week, join_list(p, days), p.weekday_suffix)
            }
            Self::MonthlyByWeekday { weeks, days } => {
                let weeks = weeks.iter().map(|n| p.nth[n.index()]);
                let days = days.iter().map(|d| p.weekday_in_month[weekday_index(*d)]);
                format!(
                    "{}{}{}{}{}{}",
                    p.every_month,
                    join_list(p, weeks),
                    p.nth_weekday_gap,
                    join_list(p, days),
                    p.weekday_suffix,
                    p.of_each_month
                )
            }
            Self::MonthlyByDate { dates } => {
                let dates: Vec<String> = dates.iter().map(|d| day_of_month(p, *d)).collect();
                let dates = dates.iter().map(String::as_str);
                format!(
                    "{}{}{}",
                    p.every_month,
                    join_list(p, dates),
                    p.of_each_month
                )
            }
            Self::Irregular { note } => {
                format!("{}{}{}{}", p.irregular, p.note_open, note, p.note_close)
            }
        }
    }
}

/// Sorts Monday first and deduplicates; at least one day is required.
fn normalise_weekdays(mut days: Vec<Weekday>) -> Result<Vec<Weekday>, ScheduleError> {
    days.sort_unstable_by_key(Weekday::num_days_from_monday);
    days.dedup();
    if days.is_empty() {
        return Err(ScheduleError::NoWeekdays);
    }
    Ok(days)
}

/// Why a schedule could not be built, parsed or imported.
///
/// `Display` gives plain English; [`ScheduleError::message_ja`] gives the
/// message to show Japanese users.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    /// A weekly or monthly-by-weekday schedule without weekdays.
    #[error("choose at least one day of the week")]
    NoWeekdays,
    /// A monthly-by-weekday schedule without weeks of the month.
    #[error("choose at least one week of the month (1st to 5th, or last)")]
    NoWeeks,
    /// A monthly-by-date schedule without dates.
    #[error("choose at least one day of the month")]
    NoDates,
    /// A day of the month outside 1..=31.
    #[error("day of the month must be between 1 and 31 (got {0})")]
    DateOutOfRange(u32),
    /// An irregular schedule without a note.
    #[error("an irregular schedule needs a note saying roughly when it takes place")]
    EmptyIrregularNote,
    /// `valid_to` is before `valid_from`.
    #[error("the schedule ends ({valid_to}) before it starts ({valid_from})")]
    InvalidPeriod {
        /// First valid date given.
        valid_from: NaiveDate,
        /// Last valid date given.
        valid_to: NaiveDate,
    },
    /// A bad time or time range.
    #[error(transparent)]
    Time(#[from] TimeError),
    /// Only one of opening and closing time was given.
    #[error("give both the opening and the closing time, or neither")]
    IncompleteTime,
    /// A date that is not `YYYY-MM-DD`.
    #[error("invalid date {0:?}: write it as YYYY-MM-DD, e.g. 2026-04-01")]
    InvalidDate(String),
    /// An unknown weekday code or name.
    #[error("unknown day of the week {0:?}: use MO TU WE TH FR SA SU or 月火水木金土日")]
    UnknownWeekday(String),
    /// An unknown week of the month.
    #[error("unknown week of the month {0:?}: use 1 to 5, or -1 for the last")]
    UnknownWeekOfMonth(String),
    /// Weeks and weekdays that are not "every listed week on every listed day".
    #[error("{0:?} cannot be stored: every listed week must apply to every listed day")]
    UnsupportedByDay(String),
    /// A frequency other than weekly or monthly.
    #[error("unsupported frequency {0:?}: only WEEKLY, MONTHLY or none (irregular)")]
    UnsupportedFrequency(String),
    /// An HSDS schedule using features this model does not have.
    #[error("unsupported HSDS schedule: {0}")]
    UnsupportedHsds(String),
    /// Text that is not in the compact schedule format.
    #[error("cannot read schedule near {0:?}: write it like `weekly:TU,FR 10:00-12:00`")]
    Syntax(String),
}

impl ScheduleError {
    /// The message to show a Japanese-speaking user.
    pub fn message_ja(&self) -> &'static str {
        match self {
            Self::NoWeekdays => "曜日を1つ以上選んでください",
            Self::NoWeeks => "第何週かを1つ以上選んでください（第1〜第5、最終）",
            Self::NoDates => "日付を1つ以上選んでください",
            Self::DateOutOfRange(_) => "日付は1〜31の数字で指定してください",
            Self::EmptyIrregularNote => "不定期の場合は、開催の目安を入力してください",
            Self::InvalidPeriod { .. } => "終了日は開始日と同じか、それより後にしてください",
            Self::Time(err) => err.message_ja(),
            Self::IncompleteTime => "開始時刻と終了時刻の両方を入力してください",
            Self::InvalidDate(_) => "日付は 2026-04-01 の形で入力してください",
            Self::UnknownWeekday(_) => "曜日が読み取れません（例: 火・金 / TU,FR）",
            Self::UnknownWeekOfMonth(_) => "第何週かが読み取れません（例: 第2・第4 / 2WE,4WE）",
            Self::UnsupportedByDay(_) => "第何週と曜日の組み合わせは、どの週も同じ曜日にしてください",
            Self::UnsupportedFrequency(_) => "繰り返しは「毎週」「毎月」「不定期」のいずれかにしてください",
            Self::UnsupportedHsds(_) => "この形式のスケジュールには対応していません",
            Self::Syntax(_) => {
                "スケジュールの書き方が読み取れません（例: weekly:TU,FR 10:00-12:00 / 毎週火・金 10:00〜12:00）"
            }
        }
    }
}

/// When an activity takes place. See the [module docs](self).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "ScheduleRaw")]
pub struct Schedule {
    /// How it repeats.
    pub recurrence: Recurrence,
    /// Opening hours on each date, if known.
    pub time: Option<TimeRange>,
    /// First date on which the schedule applies.
    pub valid_from: Option<NaiveDate>,
    /// Last date on which the schedule applies (inclusive).
    pub valid_to: Option<NaiveDate>,
    /// No session on Japanese public holidays.
    pub closed_on_holidays: bool,
    /// Free-text remark (trimmed, never empty).
    pub note: Option<String>,
}

/// Unvalidated serde form of [`Schedule`]; deserialisation goes through
/// [`Schedule::new`].
#[derive(Deserialize)]
struct ScheduleRaw {
    recurrence: Recurrence,
    #[serde(default)]
    time: Option<TimeRange>,
    #[serde(default)]
    valid_from: Option<NaiveDate>,
    #[serde(default)]
    valid_to: Option<NaiveDate>,
    #[serde(default)]
    closed_on_holidays: bool,
    #[serde(default)]
    note: Option<String>,
}

impl TryFrom<ScheduleRaw> for Schedule {
    type Error = ScheduleError;

    fn try_from(raw: ScheduleRaw) -> Result<Self, Self::Error> {
        Self::new(
            raw.recurrence,
            raw.time,
            raw.valid_from,
            raw.valid_to,
            raw.closed_on_holidays,
            raw.note,
        )
    }
}

/// How far [`Schedule::next_dates`] looks ahead.
const NEXT_DATES_HORIZON: Months = Months::new(24);

impl Schedule {
    /// Validates and normalises a schedule: day lists non-empty, sorted
    /// (Monday first) and deduplicated; dates in 1..=31; `valid_to` not
    /// before `valid_from`; notes trimmed (an empty general note becomes
    /// `None`, an empty irregular note is an error).
    pub fn new(
        recurrence: Recurrence,
        time: Option<TimeRange>,
        valid_from: Option<NaiveDate>,
        valid_to: Option<NaiveDate>,
        closed_on_holidays: bool,
        note: Option<String>,
    ) -> Result<Self, ScheduleError> {
        let recurrence = recurrence.normalised()?;
        if let (Some(valid_from), Some(valid_to)) = (valid_from, valid_to) {
            if valid_to < valid_from {
                return Err(ScheduleError::InvalidPeriod {
                    valid_from,
                    valid_to,
                });
            }
        }
        let note = note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
        Ok(Self {
            recurrence,
            time,
            valid_from,
            valid_to,
            closed_on_holidays,
            note,
        })
    }

    /// The dates in `from..=to` on which the activity takes place, in order:
    /// within the validity period and, if closed on holidays, not on a
    /// public holiday. Always empty for irregular schedules.
    ///
    /// The cost is linear in the number of days in the range.
    pub fn occurrences(&self, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        self.occurrence_iter(from, to).collect()
    }

    /// The first `n` dates on or after `from`, looking at most two years
    /// ahead (so fewer than `n`, possibly none, may be returned).
    pub fn next_dates(&self, from: NaiveDate, n: usize) -> Vec<NaiveDate> {
        let to = from
            .checked_add_months(NEXT_DATES_HORIZON)
            .unwrap_or(NaiveDate::MAX);
        self.occurrence_iter(from, to).take(n).collect()
    }

    /// Whether the activity takes place on `date`.
    pub fn occurs_on(&self, date: NaiveDate) -> bool {
        self.occurrence_iter(date, date).next().is_some()
    }

    fn occurrence_iter(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> impl Iterator<Item = NaiveDate> + '_ {
        let start = self.valid_from.map_or(from, |v| v.max(from));
        let end = self.valid_to.map_or(to, |v| v.min(to));
        let never = matches!(self.recurrence, Recurrence::Irregular { .. }) || start > end;
        let closed = if self.closed_on_holidays && !never {
            holiday_set(start, end)
        } else {
            BTreeSet::new()
        };
        start
            .iter_days()
            .take_while(move |day| !never && *day <= end)
            .filter(move |day| self.recurrence.matches(*day) && !closed.contains(day))
    }

    /// A one-line description, e.g. `毎週火・金曜 10:00〜12:00（祝日は休み）`
    /// or `Every Tue and Fri, 10:00–12:00 (closed on public holidays)`.
    /// The validity period and the note are not included.
    pub fn describe(&self, lang: Lang) -> String {
        let p = lang.phrases();
        let mut text = capitalise_first(&self.recurrence.describe(p));
        if let Some(time) = self.time {
            text.push_str(p.time_lead);
            text.push_str(&time.to_short_string(p.time_separator));
        }
        if self.closed_on_holidays {
            text.push_str(p.closed_on_holidays);
        }
        text
    }
}

/// The public holidays between `start` and `end` (inclusive).
fn holiday_set(start: NaiveDate, end: NaiveDate) -> BTreeSet<NaiveDate> {
    let first = start.year().max(*holidays::SUPPORTED_YEARS.start());
    let last = end.year().min(*holidays::SUPPORTED_YEARS.end());
    (first..=last)
        .flat_map(holidays::holidays_in_year)
        .map(|(date, _)| date)
        .filter(|date| (start..=end).contains(date))
        .collect()
}

/// A date for lists of upcoming sessions: `11月24日(火)` / `Tue 24 Nov`,
/// with holidays marked: `11月23日(月・祝)` / `Mon 23 Nov (holiday)`.
pub fn describe_date(date: NaiveDate, lang: Lang) -> String {
    let p = lang.phrases();
    let month = p
        .month
        .get(date.month0() as usize)
        .copied()
        .unwrap_or_default();
    let holiday = if holidays::is_holiday(date) {
        p.holiday_mark
    } else {
        ""
    };
    p.date_pattern
        .replace("{m}", month)
        .replace("{d}", &date.day().to_string())
        .replace("{w}", p.weekday_short[weekday_index(date.weekday())])
        .replace("{h}", holiday)
}

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

fn weekday_index(day: Weekday) -> usize {
    day.num_days_from_monday() as usize
}

/// Number of days in the month of `date`.
fn days_in_month(date: NaiveDate) -> u32 {
    let (year, month) = (date.year(), date.month());
    let next_month = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    // Only the last month chrono can represent has no successor: December.
    next_month
        .and_then(|d| d.pred_opt())
        .map_or(31, |d| d.day())
}

/// Joins items with the language's list separators ("A, B and C" / "A・B・C").
fn join_list<'a>(p: &Phrases, items: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<&str> = items.collect();
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!(
            "{}{}{}",
            rest.join(p.list_separator),
            p.list_last_separator,
            last
        ),
    }
}

/// `15日` / `15th`.
fn day_of_month(p: &Phrases, day: u8) -> String {
    let suffix = match (day % 10, day % 100) {
        (_, 11..=13) => 3,
        (1, _) => 0,
        (2, _) => 1,
        (3, _) => 2,
        _ => 3,
    };
    format!("{day}{}", p.day_of_month_suffix[suffix])
}

fn capitalise_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------
// RFC 5545 BYDAY / BYMONTHDAY pieces, shared by HSDS and the compact form
// ---------------------------------------------------------------------------

/// RFC 5545 weekday codes, Monday first.
const WEEKDAY_CODES: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

fn weekday_code(day: Weekday) -> &'static str {
    WEEKDAY_CODES[weekday_index(day)]
}

/// `TU,FR` for weekly schedules, `2WE,4WE` / `-1SU` for monthly ones.
fn byday_string(recurrence: &Recurrence) -> Option<String> {
    let codes: Vec<String> = match recurrence {
        Recurrence::Weekly { days } => days.iter().map(|d| weekday_code(*d).to_owned()).collect(),
        Recurrence::MonthlyByWeekday { weeks, days } => weeks
            .iter()
            .flat_map(|nth| {
                days.iter()
                    .map(move |d| format!("{}{}", nth.ordinal(), weekday_code(*d)))
            })
            .collect(),
        _ => return None,
    };
    Some(codes.join(","))
}

/// `1,15` for monthly-by-date schedules.
fn bymonthday_string(recurrence: &Recurrence) -> Option<String> {
    match recurrence {
        Recurrence::MonthlyByDate { dates } => Some(
            dates
                .iter()
                .map(u8::to_string)
                .collect::<Vec<_>>()
                .join(","),
        ),
        _ => None,
    }
}

/// Splits a comma-separated list, trimming items and skipping empty ones.
fn comma_items(list: &str) -> impl Iterator<Item = &str> {
    list.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
}

/// Parses one BYDAY item: `TU`, `2WE`, `+2WE` or `-1SU` (case-insensitive).
fn parse_byday_item(item: &str) -> Result<(Option<Nth>, Weekday), ScheduleError> {
    let upper = item.to_ascii_uppercase();
    let split = upper
        .len()
        .checked_sub(2)
        .filter(|i| upper.is_char_boundary(*i));
    let Some(split) = split else {
        return Err(ScheduleError::UnknownWeekday(item.to_owned()));
    };
    let (prefix, code) = upper.split_at(split);
    let day = WEEKDAY_CODES
        .iter()
        .position(|c| *c == code)
        .map(|i| WEEKDAYS[i])
        .ok_or_else(|| ScheduleError::UnknownWeekday(item.to_owned()))?;
    if prefix.is_empty() {
        return Ok((None, day));
    }
    let nth = prefix
        .strip_prefix('+')
        .unwrap_or(prefix)
        .parse::<i64>()
        .ok()
        .and_then(Nth::from_ordinal)
        .ok_or_else(|| ScheduleError::UnknownWeekOfMonth(item.to_owned()))?;
    Ok((Some(nth), day))
}

/// Builds a recurrence from a BYDAY list. Plain weekdays give a weekly
/// schedule; numbered ones (allowed only if `monthly`) must form a full
/// weeks × weekdays grid.
fn recurrence_from_byday(list: &str, monthly: bool) -> Result<Recurrence, ScheduleError> {
    let items = comma_items(list)
        .map(parse_byday_item)
        .collect::<Result<Vec<_>, _>>()?;
    if items.is_empty() {
        return Err(ScheduleError::NoWeekdays);
    }
    let numbered = items.iter().filter(|(nth, _)| nth.is_some()).count();
    if numbered == 0 {
        let days = items.into_iter().map(|(_, day)| day).collect();
        return Ok(Recurrence::Weekly { days });
    }
    if numbered != items.len() || !monthly {
        return Err(ScheduleError::UnsupportedByDay(list.to_owned()));
    }
    let pairs: BTreeSet<(Nth, u32)> = items
        .iter()
        .filter_map(|(nth, day)| Some(((*nth)?, day.num_days_from_monday())))
        .collect();
    let weeks: BTreeSet<Nth> = pairs.iter().map(|(nth, _)| *nth).collect();
    let days: BTreeSet<u32> = pairs.iter().map(|(_, day)| *day).collect();
    if pairs.len() != weeks.len() * days.len() {
        return Err(ScheduleError::UnsupportedByDay(list.to_owned()));
    }
    Ok(Recurrence::MonthlyByWeekday {
        weeks: weeks.into_iter().collect(),
        days: days.into_iter().map(|i| WEEKDAYS[i as usize]).collect(),
    })
}

/// Parses a day of the month, 1..=31.
fn parse_day_of_month(item: &str) -> Result<u8, ScheduleError> {
    if item.is_empty() || !item.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ScheduleError::Syntax(item.to_owned()));
    }
    let value: u32 = item.parse().unwrap_or(u32::MAX);
    u8::try_from(value)
        .ok()
        .filter(|d| (1..=31).contains(d))
        .ok_or(ScheduleError::DateOutOfRange(value))
}

/// Parses `1,15` (BYMONTHDAY).
fn recurrence_from_bymonthday(list: &str) -> Result<Recurrence, ScheduleError> {
    let dates = comma_items(list)
        .map(parse_day_of_month)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Recurrence::MonthlyByDate { dates })
}

fn parse_date(text: &str) -> Result<NaiveDate, ScheduleError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| ScheduleError::InvalidDate(text.to_owned()))
}

// ---------------------------------------------------------------------------
// HSDS 3.0
// ---------------------------------------------------------------------------

/// The HSDS 3.0 `schedule` fields this model maps to (field names as in the
/// standard). Identifiers (`id`, `service_id`, ...) are the caller's business.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HsdsSchedule {
    /// `WEEKLY`, `MONTHLY`, or absent for irregular schedules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub freq: Option<String>,
    /// Always 1 for recurring schedules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval: Option<i64>,
    /// `TU,FR`, `2WE,4WE`, `-1SU`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byday: Option<String>,
    /// `1,15`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bymonthday: Option<String>,
    /// `HH:MM`, Tokyo time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opens_at: Option<String>,
    /// `HH:MM`, Tokyo time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closes_at: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<String>,
    /// Human-readable description; for irregular schedules, the note itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The holiday remark, then the schedule's note, one per line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A field's text, trimmed, with empty text (e.g. an empty CSV cell) as `None`.
fn present(field: &Option<String>) -> Option<&str> {
    field
        .as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty())
}

impl Schedule {
    /// Maps to HSDS; `lang` chooses the language of `description` and of the
    /// holiday remark in `notes`.
    pub fn to_hsds(&self, lang: Lang) -> HsdsSchedule {
        let p = lang.phrases();
        let (freq, interval, description) = match &self.recurrence {
            Recurrence::Irregular { note } => (None, None, note.clone()),
            Recurrence::Weekly { .. } => (Some("WEEKLY"), Some(1), self.describe(lang)),
            _ => (Some("MONTHLY"), Some(1), self.describe(lang)),
        };
        HsdsSchedule {
            freq: freq.map(str::to_owned),
            interval,
            byday: byday_string(&self.recurrence),
            bymonthday: bymonthday_string(&self.recurrence),
            opens_at: self.time.map(|t| t.opens().to_string()),
            closes_at: self.time.map(|t| t.closes().to_string()),
            valid_from: self.valid_from.map(|d| d.to_string()),
            valid_to: self.valid_to.map(|d| d.to_string()),
            description: Some(description),
            notes: self.hsds_notes(p),
        }
    }

    fn hsds_notes(&self, p: &Phrases) -> Option<String> {
        let holiday = self.closed_on_holidays.then_some(p.hsds_closed_on_holidays);
        let lines: Vec<&str> = holiday.into_iter().chain(self.note.as_deref()).collect();
        (!lines.is_empty()).then(|| lines.join("\n"))
    }

    /// Maps from HSDS (the inverse of [`Schedule::to_hsds`], in either
    /// language). Empty strings count as absent. Times may be `HH:MM`,
    /// `HH:MM:00` or carry a `+09:00` offset. Not supported: intervals other
    /// than 1, frequencies other than weekly/monthly, negative month days and
    /// BYDAY lists that are not a weeks × weekdays grid.
    pub fn from_hsds(hsds: &HsdsSchedule) -> Result<Self, ScheduleError> {
        let recurrence = recurrence_from_hsds(hsds)?;
        let time = match (present(&hsds.opens_at), present(&hsds.closes_at)) {
            (Some(opens), Some(closes)) => Some(TimeRange::new(
                parse_hsds_time(opens)?,
                parse_hsds_time(closes)?,
            )?),
            (None, None) => None,
            _ => return Err(ScheduleError::IncompleteTime),
        };
        let valid_from = present(&hsds.valid_from).map(parse_date).transpose()?;
        let valid_to = present(&hsds.valid_to).map(parse_date).transpose()?;
        let (closed_on_holidays, note) = split_hsds_notes(present(&hsds.notes));
        Self::new(
            recurrence,
            time,
            valid_from,
            valid_to,
            closed_on_holidays,
            note,
        )
    }
}

fn recurrence_from_hsds(hsds: &HsdsSchedule) -> Result<Recurrence, ScheduleError> {
    let Some(freq) = present(&hsds.freq) else {
        let note = present(&hsds.description).unwrap_or_default().to_owned();
        return Ok(Recurrence::Irregular { note });
    };
    if let Some(interval) = hsds.interval.filter(|i| *i != 1) {
        return Err(ScheduleError::UnsupportedHsds(format!(
            "interval {interval} (only 1)"
        )));
    }
    let byday = present(&hsds.byday);
    let bymonthday = present(&hsds.bymonthday);
    match (freq.to_ascii_uppercase().as_str(), byday, bymonthday) {
        (_, Some(_), Some(_)) => Err(ScheduleError::UnsupportedHsds(
            "both byday and bymonthday".to_owned(),
        )),
        ("WEEKLY", Some(byday), None) => recurrence_from_byday(byday, false),
        ("WEEKLY", None, _) => Err(ScheduleError::NoWeekdays),
        ("MONTHLY", Some(byday), None) => recurrence_from_byday(byday, true),
        ("MONTHLY", None, Some(bymonthday)) => recurrence_from_bymonthday(bymonthday),
        ("MONTHLY", None, None) => Err(ScheduleError::UnsupportedHsds(
            "MONTHLY without byday or bymonthday".to_owned(),
        )),
        _ => Err(ScheduleError::UnsupportedFrequency(freq.to_owned())),
    }
}

/// `10:00`, `10:00:00` or `10:00+09:00`; other offsets are refused.
fn parse_hsds_time(text: &str) -> Result<TimeOfDay, ScheduleError> {
    let local = text.strip_suffix("+09:00").unwrap_or(text);
    if local.contains(['Z', 'z', '+', '-']) {
        return Err(ScheduleError::UnsupportedHsds(format!(
            "time {text:?} is not in Japan time (+09:00)"
        )));
    }
    let without_seconds = match local.matches(':').count() {
        2 => local.strip_suffix(":00").ok_or(TimeError::InvalidFormat)?,
        _ => local,
    };
    Ok(TimeOfDay::parse(without_seconds)?)
}

/// Splits HSDS `notes` into the holiday flag (a first line equal to the
/// holiday remark in any language) and the remaining note.
fn split_hsds_notes(notes: Option<&str>) -> (bool, Option<String>) {
    let Some(notes) = notes else {
        return (false, None);
    };
    let (first, rest) = notes.split_once('\n').unwrap_or((notes, ""));
    let is_holiday_line = [&JA, &EN]
        .iter()
        .any(|p| first.trim() == p.hsds_closed_on_holidays);
    if is_holiday_line {
        (true, Some(rest.to_owned()))
    } else {
        (false, Some(notes.to_owned()))
    }
}

// ---------------------------------------------------------------------------
// Compact text form
// ---------------------------------------------------------------------------

/// Keywords of the compact form.
const KW_WEEKLY: &str = "weekly";
const KW_MONTHLY: &str = "monthly";
const KW_DATES: &str = "dates";
const KW_IRREGULAR: &str = "irregular";
const KW_NO_HOLIDAYS: &str = "nohol";
const KW_FROM: &str = "from:";
const KW_TO: &str = "to:";
const KW_NOTE: &str = "note:";

/// Japanese spellings of `nohol` as a separate word.
const JA_NO_HOLIDAYS: &[&str] = &["（祝日は休み）", "(祝日は休み)", "祝日は休み", "祝日休み"];
/// Japanese spellings of `nohol` that may stick to the end of the input.
const JA_NO_HOLIDAYS_SUFFIXES: &[&str] = &["（祝日は休み）", "(祝日は休み)"];
/// Separators in Japanese lists (火・金, 1日、15日).
const JA_LIST_SEPARATORS: &[char] = &['・', '、', ',', '･', '/'];
/// Weekday kanji, Monday first.
const JA_WEEKDAYS: [char; 7] = ['月', '火', '水', '木', '金', '土', '日'];

impl Schedule {
    /// The compact one-line form, e.g. `weekly:TU,FR 10:00-12:00 nohol`.
    /// [`Schedule::parse_compact`] reads it back to an equal schedule.
    pub fn to_compact(&self) -> String {
        let mut parts = vec![compact_recurrence(&self.recurrence)];
        parts.extend(self.time.map(|t| t.to_string()));
        if self.closed_on_holidays {
            parts.push(KW_NO_HOLIDAYS.to_owned());
        }
        parts.extend(self.valid_from.map(|d| format!("{KW_FROM}{d}")));
        parts.extend(self.valid_to.map(|d| format!("{KW_TO}{d}")));
        parts.extend(
            self.note
                .as_deref()
                .map(|n| format!("{KW_NOTE}{}", quote_text(n))),
        );
        parts.join(" ")
    }

    /// Reads the compact form (see the [module docs](self)), or Japanese
    /// input such as `毎週火・金 10:00〜12:00`.
    pub fn parse_compact(input: &str) -> Result<Self, ScheduleError> {
        let input = input.trim();
        match input.chars().next() {
            None => Err(ScheduleError::Syntax(String::new())),
            Some(c) if c.is_ascii() => parse_ascii_compact(input),
            Some(_) => parse_japanese_compact(input),
        }
    }
}

fn compact_recurrence(recurrence: &Recurrence) -> String {
    let (keyword, value) = match recurrence {
        Recurrence::Weekly { .. } => (KW_WEEKLY, byday_string(recurrence)),
        Recurrence::MonthlyByWeekday { .. } => (KW_MONTHLY, byday_string(recurrence)),
        Recurrence::MonthlyByDate { .. } => (KW_DATES, bymonthday_string(recurrence)),
        Recurrence::Irregular { note } => (KW_IRREGULAR, Some(quote_text(note))),
    };
    format!("{keyword}:{}", value.unwrap_or_default())
}

/// Quotes text that contains whitespace or `"` (doubling the quotes).
fn quote_text(text: &str) -> String {
    if !text.is_empty() && !text.contains(|c: char| c.is_whitespace() || c == '"') {
        return text.to_owned();
    }
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// The inverse of [`quote_text`].
fn unquote_text(raw: &str) -> Result<String, ScheduleError> {
    let syntax = || ScheduleError::Syntax(raw.to_owned());
    let Some(inner) = raw.strip_prefix('"') else {
        return if raw.contains('"') {
            Err(syntax())
        } else {
            Ok(raw.to_owned())
        };
    };
    let inner = inner.strip_suffix('"').ok_or_else(syntax)?;
    // Every quote inside must be doubled.
    if inner.replace("\"\"", "").contains('"') {
        return Err(syntax());
    }
    Ok(inner.replace("\"\"", "\""))
}

/// Splits at whitespace outside double quotes. Fails on an unclosed quote.
fn tokenize(input: &str) -> Result<Vec<&str>, ScheduleError> {
    let mut tokens = Vec::new();
    let mut start = None;
    let mut in_quotes = false;
    let mut chars = input.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if in_quotes {
            if c == '"' && chars.next_if(|(_, next)| *next == '"').is_none() {
                in_quotes = false;
            }
        } else if c.is_whitespace() {
            if let Some(s) = start.take() {
                tokens.push(&input[s..i]);
            }
        } else {
            start.get_or_insert(i);
            in_quotes = c == '"';
        }
    }
    if in_quotes {
        return Err(ScheduleError::Syntax(input.to_owned()));
    }
    tokens.extend(start.map(|s| &input[s..]));
    Ok(tokens)
}

/// Everything after the recurrence in the compact form.
#[derive(Default)]
struct CompactOptions {
    time: Option<TimeRange>,
    closed_on_holidays: bool,
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
    note: Option<String>,
}

impl CompactOptions {
    fn parse(tokens: &[&str]) -> Result<Self, ScheduleError> {
        let mut options = Self::default();
        for token in tokens {
            options.apply(token)?;
        }
        Ok(options)
    }

    fn apply(&mut self, token: &str) -> Result<(), ScheduleError> {
        // Unknown words and repeated options are syntax errors.
        let syntax = || ScheduleError::Syntax(token.to_owned());
        if let Some(date) = strip_prefix_ignore_case(token, KW_FROM) {
            set_once(&mut self.valid_from, parse_date(date)?).ok_or_else(syntax)
        } else if let Some(date) = strip_prefix_ignore_case(token, KW_TO) {
            set_once(&mut self.valid_to, parse_date(date)?).ok_or_else(syntax)
        } else if let Some(text) = strip_prefix_ignore_case(token, KW_NOTE) {
            set_once(&mut self.note, unquote_text(text)?).ok_or_else(syntax)
        } else if token.eq_ignore_ascii_case(KW_NO_HOLIDAYS) || JA_NO_HOLIDAYS.contains(&token) {
            self.closed_on_holidays = true;
            Ok(())
        } else {
            // Report time errors only for words that look like times.
            let looks_like_time = fullwidth_to_ascii(token).contains(|c: char| c.is_ascii_digit());
            let time = TimeRange::parse(token).map_err(|err| {
                if looks_like_time {
                    ScheduleError::Time(err)
                } else {
                    syntax()
                }
            })?;
            set_once(&mut self.time, time).ok_or_else(syntax)
        }
    }

    fn into_schedule(self, recurrence: Recurrence) -> Result<Schedule, ScheduleError> {
        Schedule::new(
            recurrence,
            self.time,
            self.valid_from,
            self.valid_to,
            self.closed_on_holidays,
            self.note,
        )
    }
}

/// Sets `slot` if empty; `None` if it was already set.
fn set_once<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value);
    Some(())
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

fn parse_ascii_compact(input: &str) -> Result<Schedule, ScheduleError> {
    let tokens = tokenize(input)?;
    let (first, mut rest) = tokens
        .split_first()
        .ok_or_else(|| ScheduleError::Syntax(input.to_owned()))?;
    let mut word = (*first).to_owned();
    // Allow spaces after the commas of a list (`weekly:TU, FR`), but never
    // inside an irregular note.
    if strip_prefix_ignore_case(first, KW_IRREGULAR).is_none() {
        while word.ends_with(',') {
            let Some((next, tail)) = rest.split_first() else {
                break;
            };
            word.push_str(next);
            rest = tail;
        }
    }
    let recurrence = parse_ascii_recurrence(&word)?;
    CompactOptions::parse(rest)?.into_schedule(recurrence)
}

/// `weekly:TU,FR`, `monthly:2WE,4WE`, `monthly:1,15`, `dates:1,15`,
/// `irregular:TEXT`.
fn parse_ascii_recurrence(token: &str) -> Result<Recurrence, ScheduleError> {
    let (kind, value) = token
        .split_once(':')
        .ok_or_else(|| ScheduleError::Syntax(token.to_owned()))?;
    let kind = kind.to_ascii_lowercase();
    if kind == KW_IRREGULAR {
        return Ok(Recurrence::Irregular {
            note: unquote_text(value)?,
        });
    }
    let value = fullwidth_to_ascii(value);
    let all_numeric = comma_items(&value).all(|item| item.bytes().all(|b| b.is_ascii_digit()));
    match kind.as_str() {
        KW_WEEKLY => recurrence_from_byday(&value, false),
        KW_DATES => recurrence_from_bymonthday(&value),
        KW_MONTHLY if all_numeric && !value.trim().is_empty() => recurrence_from_bymonthday(&value),
        KW_MONTHLY => recurrence_from_byday(&value, true),
        _ => Err(ScheduleError::Syntax(token.to_owned())),
    }
}

/// Japanese input: `毎週火・金曜 10:00〜12:00（祝日は休み）`,
/// `毎月第2・第4水曜 ...`, `第2・第4水曜 ...`, `毎月最終日曜 ...`,
/// `毎月1日・15日 ...`, `不定期（...） ...`.
fn parse_japanese_compact(input: &str) -> Result<Schedule, ScheduleError> {
    let (body, closed_suffix) = strip_holiday_suffix(input);
    let (recurrence, rest) = match body.strip_prefix("不定期") {
        Some(after) => split_japanese_irregular(after)?,
        None => split_japanese_recurrence(body)?,
    };
    let mut options = CompactOptions::parse(&tokenize(rest)?)?;
    options.closed_on_holidays |= closed_suffix;
    options.into_schedule(recurrence)
}

/// Removes a trailing `（祝日は休み）`, reporting whether it was there.
fn strip_holiday_suffix(input: &str) -> (&str, bool) {
    JA_NO_HOLIDAYS_SUFFIXES
        .iter()
        .find_map(|suffix| input.strip_suffix(suffix))
        .map_or((input, false), |body| (body.trim_end(), true))
}

/// `（note）` after 不定期; returns the recurrence and what follows the note.
fn split_japanese_irregular(after: &str) -> Result<(Recurrence, &str), ScheduleError> {
    let after = after.trim_start();
    if after.is_empty() {
        return Ok((
            Recurrence::Irregular {
                note: String::new(),
            },
            "",
        ));
    }
    let syntax = || ScheduleError::Syntax(after.to_owned());
    let (inner, close) = if let Some(inner) = after.strip_prefix('（') {
        (inner, '）')
    } else if let Some(inner) = after.strip_prefix('(') {
        (inner, ')')
    } else {
        return Err(syntax());
    };
    let end = inner.rfind(close).ok_or_else(syntax)?;
    let note = inner[..end].to_owned();
    Ok((
        Recurrence::Irregular { note },
        &inner[end + close.len_utf8()..],
    ))
}

/// The recurrence word (joined with the next one after a lone 毎週/毎月)
/// and the rest of the input.
fn split_japanese_recurrence(body: &str) -> Result<(Recurrence, &str), ScheduleError> {
    let (first, rest) = split_first_word(body);
    let (word, rest) = if matches!(first, "毎週" | "毎月") {
        let (second, rest) = split_first_word(rest);
        (format!("{first}{second}"), rest)
    } else {
        (first.to_owned(), rest)
    };
    Ok((parse_japanese_recurrence(&fullwidth_to_ascii(&word))?, rest))
}

fn split_first_word(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    text.split_once(char::is_whitespace).unwrap_or((text, ""))
}

fn parse_japanese_recurrence(word: &str) -> Result<Recurrence, ScheduleError> {
    if let Some(days) = word.strip_prefix("毎週") {
        let days = japanese_items(days)
            .map(parse_japanese_weekday)
            .collect::<Result<_, _>>()?;
        return Ok(Recurrence::Weekly { days });
    }
    let rest = word.strip_prefix("毎月").unwrap_or(word);
    if rest.starts_with('第') || rest.starts_with("最終") {
        parse_japanese_nth_weekdays(rest)
    } else if rest.starts_with(|c: char| c.is_ascii_digit()) {
        let dates = japanese_items(rest)
            .map(|item| parse_day_of_month(item.strip_suffix('日').unwrap_or(item)))
            .collect::<Result<_, _>>()?;
        Ok(Recurrence::MonthlyByDate { dates })
    } else {
        Err(ScheduleError::Syntax(word.to_owned()))
    }
}

fn japanese_items(list: &str) -> impl Iterator<Item = &str> {
    list.split(JA_LIST_SEPARATORS)
        .map(str::trim)
        .filter(|item| !item.is_empty())
}

/// `火`, `火曜` or `火曜日`.
fn parse_japanese_weekday(item: &str) -> Result<Weekday, ScheduleError> {
    let name = item
        .strip_suffix("曜日")
        .or_else(|| item.strip_suffix('曜'))
        .unwrap_or(item);
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => JA_WEEKDAYS
            .iter()
            .position(|k| *k == c)
            .map(|i| WEEKDAYS[i])
            .ok_or_else(|| ScheduleError::UnknownWeekday(item.to_owned())),
        _ => Err(ScheduleError::UnknownWeekday(item.to_owned())),
    }
}

/// `第2・第4水曜`, `第2・4水`, `第1水・金曜`, `最終日曜`, `第2週水曜`:
/// every listed week on every listed weekday.
fn parse_japanese_nth_weekdays(list: &str) -> Result<Recurrence, ScheduleError> {
    let mut weeks = Vec::new();
    let mut days = Vec::new();
    for item in japanese_items(list) {
        let (nth, weekday) = split_nth_prefix(item)?;
        if nth.is_none() && weekday.is_empty() {
            return Err(ScheduleError::Syntax(item.to_owned()));
        }
        weeks.extend(nth);
        if !weekday.is_empty() {
            // A bare 日 here would be ambiguous (最終日 = last day of the month).
            if weekday == "日" {
                return Err(ScheduleError::UnknownWeekday(item.to_owned()));
            }
            days.push(parse_japanese_weekday(weekday)?);
        }
    }
    Ok(Recurrence::MonthlyByWeekday { weeks, days })
}

/// Splits `第2週の水曜` into (Second, `水曜`); `金曜` into (None, `金曜`).
fn split_nth_prefix(item: &str) -> Result<(Option<Nth>, &str), ScheduleError> {
    if let Some(rest) = item.strip_prefix("最終") {
        return Ok((Some(Nth::Last), strip_week_word(rest)));
    }
    let numbered = item.strip_prefix('第').unwrap_or(item);
    let digits = numbered.len()
        - numbered
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    if digits == 0 {
        return if numbered.len() == item.len() {
            Ok((None, item))
        } else {
            Err(ScheduleError::UnknownWeekOfMonth(item.to_owned()))
        };
    }
    let nth = numbered[..digits]
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .and_then(Nth::from_ordinal)
        .ok_or_else(|| ScheduleError::UnknownWeekOfMonth(item.to_owned()))?;
    Ok((Some(nth), strip_week_word(&numbered[digits..])))
}

/// Drops 週 / 週の / の after a week number.
fn strip_week_word(text: &str) -> &str {
    let text = text.strip_prefix('週').unwrap_or(text);
    text.strip_prefix('の').unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Weekday::{Fri, Mon, Sat, Sun, Thu, Tue, Wed};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// A schedule with default options; `time` may be empty for none.
    fn simple(recurrence: Recurrence, time: &str) -> Schedule {
        let time = (!time.is_empty()).then(|| TimeRange::parse(time).unwrap());
        Schedule::new(recurrence, time, None, None, false, None).unwrap()
    }

    fn weekly(days: &[Weekday]) -> Recurrence {
        Recurrence::Weekly {
            days: days.to_vec(),
        }
    }

    fn monthly(weeks: &[Nth], days: &[Weekday]) -> Recurrence {
        Recurrence::MonthlyByWeekday {
            weeks: weeks.to_vec(),
            days: days.to_vec(),
        }
    }

    fn dates(dates: &[u8]) -> Recurrence {
        Recurrence::MonthlyByDate {
            dates: dates.to_vec(),
        }
    }

    fn irregular(note: &str) -> Recurrence {
        Recurrence::Irregular {
            note: note.to_owned(),
        }
    }

    fn closed(mut schedule: Schedule) -> Schedule {
        schedule.closed_on_holidays = true;
        schedule
    }

    /// The four examples of the specification.
    fn examples() -> [Schedule; 4] {
        [
            simple(weekly(&[Tue, Fri]), "10:00-12:00"),
            simple(monthly(&[Nth::Second, Nth::Fourth], &[Wed]), "10:00-12:00"),
            simple(monthly(&[Nth::Last], &[Sun]), "13:30-15:00"),
            simple(dates(&[1, 15]), "9:30-11:30"),
        ]
    }

    // --- validation ---------------------------------------------------------

    #[test]
    fn new_sorts_and_deduplicates() {
        let s = simple(weekly(&[Sun, Fri, Tue, Fri]), "");
        assert_eq!(s.recurrence, weekly(&[Tue, Fri, Sun]));
        let s = simple(
            monthly(&[Nth::Last, Nth::Second, Nth::Last], &[Wed, Mon]),
            "",
        );
        assert_eq!(
            s.recurrence,
            monthly(&[Nth::Second, Nth::Last], &[Mon, Wed])
        );
        let s = simple(dates(&[15, 1, 15, 31]), "");
        assert_eq!(s.recurrence, dates(&[1, 15, 31]));
        let s = simple(irregular("  月1回程度  "), "");
        assert_eq!(s.recurrence, irregular("月1回程度"));
    }

    #[test]
    fn new_trims_notes_and_drops_empty_ones() {
        let make = |note: &str| {
            Schedule::new(
                weekly(&[Mon]),
                None,
                None,
                None,
                false,
                Some(note.to_owned()),
            )
            .unwrap()
        };
        assert_eq!(make("  要予約 ").note.as_deref(), Some("要予約"));
        assert_eq!(make("   ").note, None);
    }

    #[test]
    fn new_rejects_invalid_schedules() {
        let err = |r: Recurrence| Schedule::new(r, None, None, None, false, None).unwrap_err();
        assert_eq!(err(weekly(&[])), ScheduleError::NoWeekdays);
        assert_eq!(err(monthly(&[], &[Wed])), ScheduleError::NoWeeks);
        assert_eq!(err(monthly(&[Nth::First], &[])), ScheduleError::NoWeekdays);
        assert_eq!(err(dates(&[])), ScheduleError::NoDates);
        assert_eq!(err(dates(&[0])), ScheduleError::DateOutOfRange(0));
        assert_eq!(err(dates(&[1, 32])), ScheduleError::DateOutOfRange(32));
        assert_eq!(err(irregular("")), ScheduleError::EmptyIrregularNote);
        assert_eq!(
            err(irregular(" \u{3000} ")),
            ScheduleError::EmptyIrregularNote
        );

        let period = Schedule::new(
            weekly(&[Mon]),
            None,
            Some(d(2026, 4, 1)),
            Some(d(2026, 3, 31)),
            false,
            None,
        );
        assert_eq!(
            period,
            Err(ScheduleError::InvalidPeriod {
                valid_from: d(2026, 4, 1),
                valid_to: d(2026, 3, 31)
            })
        );
        // A one-day period is fine.
        assert!(Schedule::new(
            weekly(&[Mon]),
            None,
            Some(d(2026, 4, 1)),
            Some(d(2026, 4, 1)),
            false,
            None
        )
        .is_ok());
    }

    #[test]
    fn error_messages_in_both_languages() {
        let err = ScheduleError::EmptyIrregularNote;
        assert_eq!(
            err.to_string(),
            "an irregular schedule needs a note saying roughly when it takes place"
        );
        assert_eq!(
            err.message_ja(),
            "不定期の場合は、開催の目安を入力してください"
        );
        let err = ScheduleError::from(TimeError::HourOutOfRange(25));
        assert_eq!(err.to_string(), "hour must be between 0 and 23 (got 25)");
        assert_eq!(
            err.message_ja(),
            "時刻は 0:00〜23:59 の形で入力してください（例: 10:00）"
        );
        let err = ScheduleError::InvalidPeriod {
            valid_from: d(2026, 4, 1),
            valid_to: d(2026, 3, 1),
        };
        assert_eq!(
            err.to_string(),
            "the schedule ends (2026-03-01) before it starts (2026-04-01)"
        );
    }

    #[test]
    fn serde_round_trips_and_validates() {
        for schedule in examples() {
            let json = serde_json::to_string(&schedule).unwrap();
            assert_eq!(
                serde_json::from_str::<Schedule>(&json).unwrap(),
                schedule,
                "{json}"
            );
        }
        let json = serde_json::to_string(&examples()[0]).unwrap();
        assert_eq!(
            json,
            r#"{"recurrence":{"kind":"weekly","days":["Tue","Fri"]},"time":{"opens":"10:00","closes":"12:00"},"valid_from":null,"valid_to":null,"closed_on_holidays":false,"note":null}"#
        );
        // Deserialisation normalises and validates.
        let s: Schedule =
            serde_json::from_str(r#"{"recurrence":{"kind":"weekly","days":["Fri","Tue","Fri"]}}"#)
                .unwrap();
        assert_eq!(s.recurrence, weekly(&[Tue, Fri]));
        assert!(
            serde_json::from_str::<Schedule>(r#"{"recurrence":{"kind":"weekly","days":[]}}"#)
                .is_err()
        );
        assert!(serde_json::from_str::<Schedule>(
            r#"{"recurrence":{"kind":"monthly_by_date","dates":[32]}}"#
        )
        .is_err());
        assert!(serde_json::from_str::<Schedule>(
            r#"{"recurrence":{"kind":"irregular","note":" "}}"#
        )
        .is_err());
        let bad_period = r#"{"recurrence":{"kind":"weekly","days":["Mon"]},"valid_from":"2026-05-01","valid_to":"2026-04-01"}"#;
        assert!(serde_json::from_str::<Schedule>(bad_period).is_err());
    }

    #[test]
    fn nth_ordinals_round_trip() {
        for nth in Nth::ALL {
            assert_eq!(Nth::from_ordinal(nth.ordinal().into()), Some(nth));
        }
        assert_eq!(Nth::from_ordinal(0), None);
        assert_eq!(Nth::from_ordinal(-2), None);
        assert_eq!(Nth::from_ordinal(6), None);
    }

    // --- occurrences ----------------------------------------------------------

    #[test]
    fn weekly_occurrences() {
        let s = simple(weekly(&[Tue, Fri]), "");
        assert_eq!(
            s.occurrences(d(2026, 11, 1), d(2026, 11, 14)),
            [
                d(2026, 11, 3),
                d(2026, 11, 6),
                d(2026, 11, 10),
                d(2026, 11, 13)
            ]
        );
        // Inclusive at both ends.
        assert_eq!(
            s.occurrences(d(2026, 11, 3), d(2026, 11, 6)),
            [d(2026, 11, 3), d(2026, 11, 6)]
        );
        // Empty or reversed ranges.
        assert!(s.occurrences(d(2026, 11, 4), d(2026, 11, 5)).is_empty());
        assert!(s.occurrences(d(2026, 11, 14), d(2026, 11, 1)).is_empty());
    }

    #[test]
    fn fifth_wednesday_occurs_only_in_months_that_have_one() {
        let s = simple(monthly(&[Nth::Fifth], &[Wed]), "");
        assert_eq!(
            s.occurrences(d(2026, 1, 1), d(2026, 12, 31)),
            [
                d(2026, 4, 29),
                d(2026, 7, 29),
                d(2026, 9, 30),
                d(2026, 12, 30)
            ]
        );
        // 2026-04-29 is 昭和の日.
        assert_eq!(
            closed(s).occurrences(d(2026, 1, 1), d(2026, 12, 31)),
            [d(2026, 7, 29), d(2026, 9, 30), d(2026, 12, 30)]
        );
    }

    #[test]
    fn second_and_fourth_wednesday() {
        let s = simple(monthly(&[Nth::Second, Nth::Fourth], &[Wed]), "");
        assert_eq!(
            s.occurrences(d(2026, 4, 1), d(2026, 5, 31)),
            [
                d(2026, 4, 8),
                d(2026, 4, 22),
                d(2026, 5, 13),
                d(2026, 5, 27)
            ]
        );
    }

    #[test]
    fn last_weekday_of_month() {
        let s = simple(monthly(&[Nth::Last], &[Sun]), "");
        assert_eq!(
            s.occurrences(d(2026, 1, 1), d(2026, 6, 30)),
            [
                d(2026, 1, 25),
                d(2026, 2, 22),
                d(2026, 3, 29),
                d(2026, 4, 26),
                d(2026, 5, 31),
                d(2026, 6, 28)
            ]
        );
    }

    #[test]
    fn last_coinciding_with_fourth_or_fifth_is_not_duplicated() {
        let s = simple(monthly(&[Nth::Fourth, Nth::Fifth, Nth::Last], &[Wed]), "");
        let dates = s.occurrences(d(2026, 1, 1), d(2026, 12, 31));
        // Months with five Wednesdays give the 4th and the 5th (= last);
        // the others give the 4th (= last) once.
        assert_eq!(dates.len(), 12 + 4);
        assert!(dates.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(
            s.occurrences(d(2026, 4, 1), d(2026, 5, 31)),
            [d(2026, 4, 22), d(2026, 4, 29), d(2026, 5, 27)]
        );
        let last_only = simple(monthly(&[Nth::Fourth, Nth::Last], &[Wed]), "");
        assert_eq!(
            last_only.occurrences(d(2026, 4, 1), d(2026, 5, 31)),
            [d(2026, 4, 22), d(2026, 4, 29), d(2026, 5, 27)]
        );
    }

    #[test]
    fn several_weeks_and_weekdays_form_a_grid() {
        let s = simple(monthly(&[Nth::First, Nth::Third], &[Mon, Thu]), "");
        assert_eq!(
            s.occurrences(d(2026, 6, 1), d(2026, 6, 30)),
            [d(2026, 6, 1), d(2026, 6, 4), d(2026, 6, 15), d(2026, 6, 18)]
        );
    }

    #[test]
    fn date_31_skips_short_months() {
        let s = simple(dates(&[31]), "");
        let months: Vec<u32> = s
            .occurrences(d(2026, 1, 1), d(2026, 12, 31))
            .iter()
            .map(Datelike::month)
            .collect();
        assert_eq!(months, [1, 3, 5, 7, 8, 10, 12]);
        let s = simple(dates(&[30]), "");
        let months: Vec<u32> = s
            .occurrences(d(2026, 1, 1), d(2026, 12, 31))
            .iter()
            .map(Datelike::month)
            .collect();
        assert_eq!(months, [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    }

    #[test]
    fn february_29_only_in_leap_years() {
        let s = simple(dates(&[29]), "");
        assert!(s.occurrences(d(2027, 2, 1), d(2027, 2, 28)).is_empty());
        assert_eq!(
            s.occurrences(d(2028, 2, 1), d(2028, 2, 29)),
            [d(2028, 2, 29)]
        );
        assert_eq!(s.occurrences(d(2027, 1, 1), d(2028, 12, 31)).len(), 11 + 12);
    }

    #[test]
    fn monthly_by_date_in_order() {
        let s = simple(dates(&[1, 15]), "");
        assert_eq!(
            s.occurrences(d(2026, 12, 10), d(2027, 1, 20)),
            [d(2026, 12, 15), d(2027, 1, 1), d(2027, 1, 15)]
        );
        // 2027-01-01 is 元日.
        assert_eq!(
            closed(s).occurrences(d(2026, 12, 10), d(2027, 1, 20)),
            [d(2026, 12, 15), d(2027, 1, 15)]
        );
    }

    #[test]
    fn closed_on_holidays_drops_labor_thanksgiving_monday() {
        let open = simple(weekly(&[Mon]), "10:00-12:00");
        let november = (d(2026, 11, 1), d(2026, 11, 30));
        let all = [
            d(2026, 11, 2),
            d(2026, 11, 9),
            d(2026, 11, 16),
            d(2026, 11, 23),
            d(2026, 11, 30),
        ];
        assert_eq!(open.occurrences(november.0, november.1), all);
        let shut = closed(open);
        assert_eq!(
            shut.occurrences(november.0, november.1),
            [
                d(2026, 11, 2),
                d(2026, 11, 9),
                d(2026, 11, 16),
                d(2026, 11, 30)
            ]
        );
        assert!(!shut.occurs_on(d(2026, 11, 23)));
        assert!(shut.occurs_on(d(2026, 11, 30)));
    }

    #[test]
    fn closed_on_holidays_also_drops_substitute_and_citizens_holidays() {
        let s = closed(simple(weekly(&[Tue, Wed]), ""));
        // 2026-05-06 (Wed) 振替休日, 2026-09-22 (Tue) 国民の休日.
        assert!(!s.occurs_on(d(2026, 5, 6)));
        assert!(!s.occurs_on(d(2026, 9, 22)));
        assert!(s.occurs_on(d(2026, 9, 29)));
    }

    #[test]
    fn validity_period_bounds_occurrences() {
        let mut s = simple(weekly(&[Mon]), "");
        s.valid_from = Some(d(2026, 4, 6));
        s.valid_to = Some(d(2026, 4, 20));
        assert_eq!(
            s.occurrences(d(2026, 3, 1), d(2026, 5, 31)),
            [d(2026, 4, 6), d(2026, 4, 13), d(2026, 4, 20)]
        );
        assert_eq!(
            s.occurrences(d(2026, 4, 10), d(2026, 4, 30)),
            [d(2026, 4, 13), d(2026, 4, 20)]
        );
        assert!(s.occurrences(d(2026, 4, 21), d(2026, 5, 31)).is_empty());
        assert!(s.occurrences(d(2026, 1, 1), d(2026, 4, 5)).is_empty());
        assert!(!s.occurs_on(d(2026, 3, 30)));
        assert!(s.occurs_on(d(2026, 4, 6)));
    }

    #[test]
    fn open_ended_validity() {
        let mut s = simple(weekly(&[Mon]), "");
        s.valid_from = Some(d(2026, 4, 6));
        assert_eq!(
            s.next_dates(d(2026, 1, 1), 2),
            [d(2026, 4, 6), d(2026, 4, 13)]
        );
        let mut s = simple(weekly(&[Mon]), "");
        s.valid_to = Some(d(2026, 4, 13));
        assert_eq!(
            s.next_dates(d(2026, 4, 1), 5),
            [d(2026, 4, 6), d(2026, 4, 13)]
        );
    }

    #[test]
    fn irregular_has_no_occurrences() {
        let s = simple(irregular("月1回程度"), "10:00-12:00");
        assert!(s.occurrences(d(2026, 1, 1), d(2026, 12, 31)).is_empty());
        assert!(s.next_dates(d(2026, 1, 1), 5).is_empty());
        assert!(!s.occurs_on(d(2026, 1, 5)));
        // Even a huge range returns at once.
        assert!(s.occurrences(NaiveDate::MIN, NaiveDate::MAX).is_empty());
    }

    #[test]
    fn next_dates_across_year_end() {
        let s = simple(weekly(&[Tue]), "");
        assert_eq!(
            s.next_dates(d(2026, 12, 20), 3),
            [d(2026, 12, 22), d(2026, 12, 29), d(2027, 1, 5)]
        );
        let fridays = closed(simple(weekly(&[Fri]), ""));
        // 2027-01-01 (Fri) is 元日.
        assert_eq!(
            fridays.next_dates(d(2026, 12, 24), 3),
            [d(2026, 12, 25), d(2027, 1, 8), d(2027, 1, 15)]
        );
        // `from` itself counts.
        assert_eq!(s.next_dates(d(2026, 12, 22), 1), [d(2026, 12, 22)]);
        assert!(s.next_dates(d(2026, 12, 22), 0).is_empty());
    }

    #[test]
    fn next_dates_looks_two_years_ahead_at_most() {
        let s = simple(dates(&[29]), "");
        // From March 2026, the next 29 February is in 2028, within two years.
        assert_eq!(s.next_dates(d(2026, 3, 1), 1), [d(2026, 3, 29)]);
        let mut leap_only = simple(dates(&[29]), "");
        leap_only.valid_from = Some(d(2028, 2, 1));
        leap_only.valid_to = Some(d(2028, 2, 29));
        assert_eq!(leap_only.next_dates(d(2026, 3, 1), 3), [d(2028, 2, 29)]);
        assert!(leap_only.next_dates(d(2025, 1, 1), 3).is_empty());
        // Many dates: stops at the horizon.
        let daily = simple(weekly(&[Mon, Tue, Wed, Thu, Fri, Sat, Sun]), "");
        let all = daily.next_dates(d(2026, 1, 1), 10_000);
        assert_eq!(all.first(), Some(&d(2026, 1, 1)));
        assert_eq!(all.last(), Some(&d(2028, 1, 1)));
    }

    #[test]
    fn extreme_dates_do_not_panic() {
        let s = closed(simple(monthly(&[Nth::Last], &[Fri]), ""));
        let _ = s.next_dates(NaiveDate::MAX, 3);
        let _ = s.next_dates(NaiveDate::MIN, 3);
        let _ = s.occurrences(d(262_000, 12, 1), NaiveDate::MAX);
    }

    #[test]
    fn hand_built_invalid_schedules_do_not_panic() {
        let odd = [
            weekly(&[]),
            monthly(&[], &[Mon]),
            dates(&[0, 200, 31]),
            irregular(""),
        ];
        for recurrence in odd {
            let s = Schedule {
                recurrence,
                time: None,
                valid_from: Some(d(2026, 5, 1)),
                valid_to: Some(d(2026, 4, 1)),
                closed_on_holidays: true,
                note: Some(String::new()),
            };
            assert!(s.occurrences(d(2026, 1, 1), d(2026, 12, 31)).is_empty());
            let _ = s.describe(Lang::Ja);
            let _ = s.describe(Lang::En);
            let _ = s.to_compact();
            let _ = Schedule::parse_compact(&s.to_compact());
            let _ = Schedule::from_hsds(&s.to_hsds(Lang::Ja));
        }
    }

    // --- descriptions -------------------------------------------------------

    #[test]
    fn describe_in_japanese() {
        let [a, b, c, e] = examples();
        assert_eq!(a.describe(Lang::Ja), "毎週火・金曜 10:00〜12:00");
        assert_eq!(b.describe(Lang::Ja), "毎月第2・第4水曜 10:00〜12:00");
        assert_eq!(c.describe(Lang::Ja), "毎月最終日曜 13:30〜15:00");
        assert_eq!(e.describe(Lang::Ja), "毎月1日・15日 9:30〜11:30");
        assert_eq!(
            simple(irregular("月1回程度"), "").describe(Lang::Ja),
            "不定期（月1回程度）"
        );
        assert_eq!(
            closed(a).describe(Lang::Ja),
            "毎週火・金曜 10:00〜12:00（祝日は休み）"
        );
        assert_eq!(
            closed(simple(weekly(&[Mon]), "")).describe(Lang::Ja),
            "毎週月曜（祝日は休み）"
        );
    }

    #[test]
    fn describe_in_english() {
        let [a, b, c, e] = examples();
        assert_eq!(a.describe(Lang::En), "Every Tue and Fri, 10:00–12:00");
        assert_eq!(
            b.describe(Lang::En),
            "2nd and 4th Wednesday of each month, 10:00–12:00"
        );
        assert_eq!(
            c.describe(Lang::En),
            "Last Sunday of each month, 13:30–15:00"
        );
        assert_eq!(
            e.describe(Lang::En),
            "1st and 15th of each month, 9:30–11:30"
        );
        assert_eq!(
            simple(irregular("about once a month"), "").describe(Lang::En),
            "Irregular (about once a month)"
        );
        assert_eq!(
            closed(a).describe(Lang::En),
            "Every Tue and Fri, 10:00–12:00 (closed on public holidays)"
        );
    }

    #[test]
    fn describe_longer_lists() {
        let s = simple(weekly(&[Mon, Wed, Fri]), "");
        assert_eq!(s.describe(Lang::Ja), "毎週月・水・金曜");
        assert_eq!(s.describe(Lang::En), "Every Mon, Wed and Fri");
        let s = simple(monthly(&[Nth::First, Nth::Last], &[Sat, Sun]), "");
        assert_eq!(s.describe(Lang::Ja), "毎月第1・最終土・日曜");
        assert_eq!(
            s.describe(Lang::En),
            "1st and last Saturday and Sunday of each month"
        );
        let s = simple(dates(&[1, 2, 3, 11, 12, 13, 21, 22, 23, 31]), "");
        assert_eq!(
            s.describe(Lang::En),
            "1st, 2nd, 3rd, 11th, 12th, 13th, 21st, 22nd, 23rd and 31st of each month"
        );
        assert_eq!(
            s.describe(Lang::Ja),
            "毎月1日・2日・3日・11日・12日・13日・21日・22日・23日・31日"
        );
    }

    #[test]
    fn describe_dates() {
        assert_eq!(describe_date(d(2026, 11, 24), Lang::Ja), "11月24日(火)");
        assert_eq!(describe_date(d(2026, 11, 24), Lang::En), "Tue 24 Nov");
        assert_eq!(describe_date(d(2026, 11, 23), Lang::Ja), "11月23日(月・祝)");
        assert_eq!(
            describe_date(d(2026, 11, 23), Lang::En),
            "Mon 23 Nov (holiday)"
        );
        assert_eq!(describe_date(d(2027, 1, 3), Lang::Ja), "1月3日(日)");
        assert_eq!(describe_date(d(2027, 1, 3), Lang::En), "Sun 3 Jan");
        assert_eq!(describe_date(d(2026, 9, 22), Lang::Ja), "9月22日(火・祝)");
    }

    #[test]
    fn phrase_tables_are_complete() {
        for p in [&JA, &EN] {
            assert!(p
                .weekday_short
                .iter()
                .chain(&p.weekday_in_month)
                .all(|w| !w.is_empty()));
            assert!(p.nth.iter().chain(&p.month).all(|w| !w.is_empty()));
            for placeholder in ["{m}", "{d}", "{w}", "{h}"] {
                assert!(p.date_pattern.contains(placeholder));
            }
        }
    }

    // --- compact form ---------------------------------------------------------

    #[test]
    fn compact_form_of_examples() {
        let [a, b, c, e] = examples();
        assert_eq!(a.to_compact(), "weekly:TU,FR 10:00-12:00");
        assert_eq!(b.to_compact(), "monthly:2WE,4WE 10:00-12:00");
        assert_eq!(c.to_compact(), "monthly:-1SU 13:30-15:00");
        assert_eq!(e.to_compact(), "dates:1,15 09:30-11:30");
        assert_eq!(
            simple(irregular("月1回程度"), "").to_compact(),
            "irregular:月1回程度"
        );
        let mut full = closed(a);
        full.valid_from = Some(d(2026, 4, 1));
        full.valid_to = Some(d(2027, 3, 31));
        full.note = Some("要予約".to_owned());
        assert_eq!(
            full.to_compact(),
            "weekly:TU,FR 10:00-12:00 nohol from:2026-04-01 to:2027-03-31 note:要予約"
        );
        let grid = simple(monthly(&[Nth::First, Nth::Last], &[Mon, Thu]), "");
        assert_eq!(grid.to_compact(), "monthly:1MO,1TH,-1MO,-1TH");
    }

    #[test]
    fn compact_form_round_trips_examples() {
        for s in examples() {
            assert_eq!(Schedule::parse_compact(&s.to_compact()), Ok(s.clone()));
            let c = closed(s);
            assert_eq!(Schedule::parse_compact(&c.to_compact()), Ok(c));
        }
    }

    #[test]
    fn compact_quotes_texts_with_spaces_and_quotes() {
        let s = Schedule::new(
            irregular("月1回 (土曜が多い)"),
            None,
            None,
            None,
            true,
            Some("say \"hi\"\u{3000}全角".to_owned()),
        )
        .unwrap();
        let text = s.to_compact();
        assert_eq!(
            text,
            "irregular:\"月1回 (土曜が多い)\" nohol note:\"say \"\"hi\"\"\u{3000}全角\""
        );
        assert_eq!(Schedule::parse_compact(&text), Ok(s));
        // Keywords inside a note are just text.
        let s = simple(irregular("nohol"), "");
        assert_eq!(s.to_compact(), "irregular:nohol");
        assert_eq!(Schedule::parse_compact("irregular:nohol"), Ok(s));
    }

    #[test]
    fn compact_parsing_is_lenient_about_case_order_and_width() {
        let expected = closed(simple(weekly(&[Tue, Fri]), "10:00-12:00"));
        for input in [
            "weekly:TU,FR 10:00-12:00 nohol",
            "  WEEKLY:fr,tu  nohol   10:00-12:00 ",
            "weekly:TU, FR,TU 10:00〜12:00 NOHOL",
            "weekly:ＴＵ,ＦＲ １０：００～１２：００ nohol",
            "weekly:TU,FR 10:00-12:00 祝日休み",
        ] {
            assert_eq!(
                Schedule::parse_compact(input),
                Ok(expected.clone()),
                "{input}"
            );
        }
        assert_eq!(
            Schedule::parse_compact("dates:1,15 9:30-11:30"),
            Ok(examples()[3].clone())
        );
        assert_eq!(
            Schedule::parse_compact("monthly:1,15 9:30-11:30"),
            Ok(examples()[3].clone())
        );
        assert_eq!(
            Schedule::parse_compact("monthly:4WE,+2WE 10:00-12:00"),
            Ok(examples()[1].clone())
        );
        // A plain weekday in a monthly rule means every such weekday.
        assert_eq!(
            Schedule::parse_compact("monthly:TU,FR 10:00-12:00"),
            Ok(examples()[0].clone())
        );
    }

    #[test]
    fn compact_parsing_errors() {
        let err = |s: &str| Schedule::parse_compact(s).unwrap_err();
        assert_eq!(err(""), ScheduleError::Syntax(String::new()));
        assert_eq!(err("weekly:"), ScheduleError::NoWeekdays);
        assert_eq!(err("weekly:XX"), ScheduleError::UnknownWeekday("XX".into()));
        assert_eq!(
            err("weekly:2WE"),
            ScheduleError::UnsupportedByDay("2WE".into())
        );
        assert_eq!(
            err("monthly:6WE"),
            ScheduleError::UnknownWeekOfMonth("6WE".into())
        );
        assert_eq!(
            err("monthly:-2WE"),
            ScheduleError::UnknownWeekOfMonth("-2WE".into())
        );
        assert_eq!(
            err("monthly:2WE,4FR"),
            ScheduleError::UnsupportedByDay("2WE,4FR".into())
        );
        assert_eq!(
            err("monthly:2WE,FR"),
            ScheduleError::UnsupportedByDay("2WE,FR".into())
        );
        assert_eq!(err("dates:0"), ScheduleError::DateOutOfRange(0));
        assert_eq!(err("dates:32"), ScheduleError::DateOutOfRange(32));
        assert_eq!(err("dates:1,x"), ScheduleError::Syntax("x".into()));
        assert_eq!(err("irregular:"), ScheduleError::EmptyIrregularNote);
        assert_eq!(err("irregular:\"\""), ScheduleError::EmptyIrregularNote);
        assert_eq!(err("daily:TU"), ScheduleError::Syntax("daily:TU".into()));
        assert_eq!(err("weekly"), ScheduleError::Syntax("weekly".into()));
        assert_eq!(
            err("weekly:TU 25:00-26:00"),
            ScheduleError::Time(TimeError::HourOutOfRange(25))
        );
        assert_eq!(
            err("weekly:TU 10:60-11:00"),
            ScheduleError::Time(TimeError::MinuteOutOfRange(60))
        );
        assert!(matches!(
            err("weekly:TU 12:00-10:00"),
            ScheduleError::Time(TimeError::ClosesNotAfterOpens { .. })
        ));
        assert_eq!(
            err("weekly:TU 10"),
            ScheduleError::Time(TimeError::InvalidRangeFormat)
        );
        assert_eq!(
            err("weekly:TU 10:00-12:00 11:00-13:00"),
            ScheduleError::Syntax("11:00-13:00".into())
        );
        assert_eq!(
            err("weekly:TU sometimes"),
            ScheduleError::Syntax("sometimes".into())
        );
        assert_eq!(
            err("weekly:TU from:2026-13-01"),
            ScheduleError::InvalidDate("2026-13-01".into())
        );
        assert_eq!(
            err("weekly:TU from:2026-04-01 from:2026-05-01"),
            ScheduleError::Syntax("from:2026-05-01".into())
        );
        assert_eq!(
            err("weekly:TU from:2027-01-01 to:2026-01-01"),
            ScheduleError::InvalidPeriod {
                valid_from: d(2027, 1, 1),
                valid_to: d(2026, 1, 1)
            }
        );
        assert_eq!(
            err("irregular:\"open"),
            ScheduleError::Syntax("irregular:\"open".into())
        );
        assert_eq!(
            err("irregular:a\"b"),
            ScheduleError::Syntax("irregular:a\"b".into())
        );
        assert_eq!(
            err("irregular:a\"b\""),
            ScheduleError::Syntax("a\"b\"".into())
        );
        assert_eq!(
            err("weekly:TU note:\"a\"b"),
            ScheduleError::Syntax("\"a\"b".into())
        );
        assert_eq!(
            err("weekly:TU note:\"a\"b\""),
            ScheduleError::Syntax("weekly:TU note:\"a\"b\"".into())
        );
    }

    #[test]
    fn compact_parses_japanese_input() {
        let [a, b, c, e] = examples();
        assert_eq!(
            Schedule::parse_compact("毎週火・金 10:00-12:00"),
            Ok(a.clone())
        );
        assert_eq!(
            Schedule::parse_compact("毎週 火曜・金曜 10:00〜12:00"),
            Ok(a.clone())
        );
        assert_eq!(
            Schedule::parse_compact("毎週火、金曜日\u{3000}１０：００〜１２：００"),
            Ok(a.clone())
        );
        assert_eq!(
            Schedule::parse_compact("第2・第4水曜 10:00〜12:00"),
            Ok(b.clone())
        );
        assert_eq!(
            Schedule::parse_compact("毎月第２・４水曜日 10:00-12:00"),
            Ok(b.clone())
        );
        assert_eq!(
            Schedule::parse_compact("第2週・第4週の水曜 10:00-12:00"),
            Ok(b.clone())
        );
        assert_eq!(Schedule::parse_compact("毎月最終日曜 13:30〜15:00"), Ok(c));
        assert_eq!(
            Schedule::parse_compact("毎月1日・15日 9:30-11:30"),
            Ok(e.clone())
        );
        assert_eq!(Schedule::parse_compact("毎月1・15日 9:30-11:30"), Ok(e));
        assert_eq!(
            Schedule::parse_compact("毎週火・金 10:00-12:00（祝日は休み）"),
            Ok(closed(a.clone()))
        );
        assert_eq!(
            Schedule::parse_compact("毎週火・金 10:00-12:00 祝日休み"),
            Ok(closed(a))
        );
        assert_eq!(
            Schedule::parse_compact("不定期（月1回程度） 10:00〜12:00"),
            Ok(simple(irregular("月1回程度"), "10:00-12:00"))
        );
        assert_eq!(
            Schedule::parse_compact("不定期(主に土曜(午前))"),
            Ok(simple(irregular("主に土曜(午前)"), ""))
        );
        assert_eq!(
            Schedule::parse_compact("第1水・金曜"),
            Ok(simple(monthly(&[Nth::First], &[Wed, Fri]), ""))
        );
    }

    #[test]
    fn compact_rejects_bad_japanese_input() {
        let err = |s: &str| Schedule::parse_compact(s).unwrap_err();
        assert_eq!(err("毎週"), ScheduleError::NoWeekdays);
        assert_eq!(
            err("毎週火金"),
            ScheduleError::UnknownWeekday("火金".into())
        );
        assert_eq!(
            err("第6水曜"),
            ScheduleError::UnknownWeekOfMonth("第6水曜".into())
        );
        assert_eq!(
            err("第0水曜"),
            ScheduleError::UnknownWeekOfMonth("第0水曜".into())
        );
        assert_eq!(
            err("第水曜"),
            ScheduleError::UnknownWeekOfMonth("第水曜".into())
        );
        assert_eq!(err("第2・第4"), ScheduleError::NoWeekdays);
        assert_eq!(
            err("毎月最終日"),
            ScheduleError::UnknownWeekday("最終日".into())
        );
        assert_eq!(err("毎月32日"), ScheduleError::DateOutOfRange(32));
        assert_eq!(err("不定期"), ScheduleError::EmptyIrregularNote);
        assert_eq!(err("不定期（）"), ScheduleError::EmptyIrregularNote);
        assert_eq!(
            err("不定期（閉じない"),
            ScheduleError::Syntax("（閉じない".into())
        );
        assert_eq!(err("ときどき"), ScheduleError::Syntax("ときどき".into()));
        assert_eq!(
            err("毎週火 25:00-26:00"),
            ScheduleError::Time(TimeError::HourOutOfRange(25))
        );
    }

    #[test]
    fn japanese_descriptions_parse_back() {
        let mut schedules = examples().to_vec();
        schedules.push(simple(irregular("月1回程度（要確認）"), "10:00-11:00"));
        schedules.push(simple(
            monthly(&[Nth::First, Nth::Fifth, Nth::Last], &[Mon, Sun]),
            "",
        ));
        schedules.push(simple(dates(&[31]), "18:00-20:30"));
        for s in schedules {
            for s in [closed(s.clone()), s] {
                let text = s.describe(Lang::Ja);
                assert_eq!(Schedule::parse_compact(&text), Ok(s), "{text}");
            }
        }
    }

    // --- HSDS -------------------------------------------------------------------

    #[test]
    fn hsds_weekly() {
        let h = closed(examples()[0].clone()).to_hsds(Lang::Ja);
        assert_eq!(
            h,
            HsdsSchedule {
                freq: Some("WEEKLY".into()),
                interval: Some(1),
                byday: Some("TU,FR".into()),
                bymonthday: None,
                opens_at: Some("10:00".into()),
                closes_at: Some("12:00".into()),
                valid_from: None,
                valid_to: None,
                description: Some("毎週火・金曜 10:00〜12:00（祝日は休み）".into()),
                notes: Some("祝日は休み".into()),
            }
        );
        assert_eq!(
            serde_json::to_string(&h).unwrap(),
            r#"{"freq":"WEEKLY","interval":1,"byday":"TU,FR","opens_at":"10:00","closes_at":"12:00","description":"毎週火・金曜 10:00〜12:00（祝日は休み）","notes":"祝日は休み"}"#
        );
    }

    #[test]
    fn hsds_monthly_variants() {
        let h = examples()[1].to_hsds(Lang::En);
        assert_eq!(h.freq.as_deref(), Some("MONTHLY"));
        assert_eq!(h.byday.as_deref(), Some("2WE,4WE"));
        assert_eq!(h.bymonthday, None);
        assert_eq!(
            h.description.as_deref(),
            Some("2nd and 4th Wednesday of each month, 10:00–12:00")
        );
        assert_eq!(h.notes, None);

        let h = examples()[2].to_hsds(Lang::Ja);
        assert_eq!(h.byday.as_deref(), Some("-1SU"));

        let mut s = examples()[3].clone();
        s.valid_from = Some(d(2026, 4, 1));
        s.valid_to = Some(d(2027, 3, 31));
        s.note = Some("要予約".into());
        let h = closed(s).to_hsds(Lang::En);
        assert_eq!(h.freq.as_deref(), Some("MONTHLY"));
        assert_eq!(h.interval, Some(1));
        assert_eq!(h.byday, None);
        assert_eq!(h.bymonthday.as_deref(), Some("1,15"));
        assert_eq!(h.opens_at.as_deref(), Some("09:30"));
        assert_eq!(h.closes_at.as_deref(), Some("11:30"));
        assert_eq!(h.valid_from.as_deref(), Some("2026-04-01"));
        assert_eq!(h.valid_to.as_deref(), Some("2027-03-31"));
        assert_eq!(
            h.notes.as_deref(),
            Some("Closed on public holidays\n要予約")
        );
    }

    #[test]
    fn hsds_irregular() {
        let s = simple(irregular("月1回程度"), "");
        let h = s.to_hsds(Lang::Ja);
        assert_eq!(
            h,
            HsdsSchedule {
                description: Some("月1回程度".into()),
                ..HsdsSchedule::default()
            }
        );
        assert_eq!(
            serde_json::to_string(&h).unwrap(),
            r#"{"description":"月1回程度"}"#
        );
        assert_eq!(Schedule::from_hsds(&h), Ok(s));
    }

    #[test]
    fn hsds_round_trips_examples_in_both_languages() {
        for s in examples() {
            let mut full = closed(s.clone());
            full.valid_from = Some(d(2026, 4, 1));
            full.note = Some("持ち物: 上履き".into());
            for s in [s, full] {
                for lang in [Lang::Ja, Lang::En] {
                    assert_eq!(
                        Schedule::from_hsds(&s.to_hsds(lang)),
                        Ok(s.clone()),
                        "{lang:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn hsds_import_is_lenient_about_formats() {
        let h = HsdsSchedule {
            freq: Some("weekly".into()),
            interval: None,
            byday: Some(" fr , tu ".into()),
            bymonthday: Some(String::new()),
            opens_at: Some("10:00:00".into()),
            closes_at: Some("12:00+09:00".into()),
            valid_from: Some(String::new()),
            description: Some("ignored".into()),
            ..HsdsSchedule::default()
        };
        assert_eq!(Schedule::from_hsds(&h), Ok(examples()[0].clone()));
        let json = r#"{"freq":"MONTHLY","byday":"2WE,4WE","opens_at":"10:00","closes_at":"12:00","id":"x"}"#;
        let h: HsdsSchedule = serde_json::from_str(json).unwrap();
        assert_eq!(Schedule::from_hsds(&h), Ok(examples()[1].clone()));
    }

    #[test]
    fn hsds_import_errors() {
        let base = examples()[0].to_hsds(Lang::Ja);
        let err = |change: fn(&mut HsdsSchedule)| {
            let mut h = base.clone();
            change(&mut h);
            Schedule::from_hsds(&h).unwrap_err()
        };
        assert!(matches!(
            err(|h| h.interval = Some(2)),
            ScheduleError::UnsupportedHsds(_)
        ));
        assert_eq!(
            err(|h| h.freq = Some("DAILY".into())),
            ScheduleError::UnsupportedFrequency("DAILY".into())
        );
        assert_eq!(err(|h| h.byday = None), ScheduleError::NoWeekdays);
        assert!(matches!(
            err(|h| h.bymonthday = Some("1".into())),
            ScheduleError::UnsupportedHsds(_)
        ));
        assert_eq!(
            err(|h| h.byday = Some("-2WE".into())),
            ScheduleError::UnknownWeekOfMonth("-2WE".into())
        );
        assert_eq!(err(|h| h.closes_at = None), ScheduleError::IncompleteTime);
        assert!(matches!(
            err(|h| h.opens_at = Some("10:00Z".into())),
            ScheduleError::UnsupportedHsds(_)
        ));
        assert!(matches!(
            err(|h| h.opens_at = Some("10:00-05:00".into())),
            ScheduleError::UnsupportedHsds(_)
        ));
        assert_eq!(
            err(|h| h.opens_at = Some("10:00:30".into())),
            ScheduleError::Time(TimeError::InvalidFormat)
        );
        assert_eq!(
            err(|h| h.valid_to = Some("31/03/2027".into())),
            ScheduleError::InvalidDate("31/03/2027".into())
        );
        assert_eq!(
            err(|h| {
                h.freq = Some("MONTHLY".into());
                h.byday = None;
            }),
            ScheduleError::UnsupportedHsds("MONTHLY without byday or bymonthday".into())
        );
        assert_eq!(
            err(|h| {
                h.freq = Some("MONTHLY".into());
                h.byday = None;
                h.bymonthday = Some("-1".into());
            }),
            ScheduleError::Syntax("-1".into())
        );
        assert_eq!(
            err(|h| {
                h.freq = None;
                h.description = None;
            }),
            ScheduleError::EmptyIrregularNote
        );
        // Without a frequency, the description becomes the irregular note.
        let mut h = base.clone();
        h.freq = None;
        let s = Schedule::from_hsds(&h).unwrap();
        assert_eq!(s.recurrence, irregular("毎週火・金曜 10:00〜12:00"));
    }

    #[test]
    fn hsds_notes_that_merely_mention_holidays_are_kept_as_notes() {
        let h = HsdsSchedule {
            freq: Some("WEEKLY".into()),
            byday: Some("MO".into()),
            notes: Some("祝日は休みではありません".into()),
            ..HsdsSchedule::default()
        };
        let s = Schedule::from_hsds(&h).unwrap();
        assert!(!s.closed_on_holidays);
        assert_eq!(s.note.as_deref(), Some("祝日は休みではありません"));
    }

    // --- property-style round trips -----------------------------------------

    /// A small deterministic pseudo-random generator (xorshift64*).
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }

        fn chance(&mut self) -> bool {
            self.below(2) == 0
        }

        /// A non-empty subset of `items`.
        fn subset<T: Copy>(&mut self, items: &[T]) -> Vec<T> {
            let chosen: Vec<T> = items
                .iter()
                .copied()
                .filter(|_| self.below(3) == 0)
                .collect();
            if chosen.is_empty() {
                vec![items[self.below(items.len() as u64) as usize]]
            } else {
                chosen
            }
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len() as u64) as usize]
        }
    }

    const TEXTS: &[&str] = &[
        "月1回程度",
        "詳細はお問い合わせください",
        "two words",
        "say \"hi\"",
        "\"quoted\"",
        "nohol",
        "from:2026-01-01",
        "note:x",
        "irregular:y",
        "tab\there",
        "全角\u{3000}スペース",
        "line\nbreak",
        "10:00-12:00",
        "（祝日は休み）",
        "a\"\"b",
        "😀",
    ];

    fn random_schedule(rng: &mut Rng) -> Schedule {
        let recurrence = match rng.below(4) {
            0 => Recurrence::Weekly {
                days: rng.subset(&WEEKDAYS),
            },
            1 => Recurrence::MonthlyByWeekday {
                weeks: rng.subset(&Nth::ALL),
                days: rng.subset(&WEEKDAYS),
            },
            2 => {
                let all: Vec<u8> = (1..=31).collect();
                Recurrence::MonthlyByDate {
                    dates: rng.subset(&all),
                }
            }
            _ => Recurrence::Irregular {
                note: rng.pick(TEXTS).to_owned(),
            },
        };
        let time = rng.chance().then(|| {
            let opens = rng.below(23 * 60) as u32;
            let closes = opens + 1 + rng.below(u64::from(24 * 60 - 1 - opens)) as u32;
            let at = |m: u32| TimeOfDay::new(m / 60, m % 60).unwrap();
            TimeRange::new(at(opens), at(closes)).unwrap()
        });
        let start = d(2024, 1, 1) + chrono::Days::new(rng.below(3000));
        let valid_from = rng.chance().then_some(start);
        let valid_to = rng
            .chance()
            .then(|| start + chrono::Days::new(rng.below(800)));
        let note = rng.chance().then(|| rng.pick(TEXTS).to_owned());
        Schedule::new(recurrence, time, valid_from, valid_to, rng.chance(), note).unwrap()
    }

    #[test]
    fn generated_schedules_round_trip_everywhere() {
        let mut rng = Rng(0x5EED_1234_ABCD_0001);
        for _ in 0..3000 {
            let s = random_schedule(&mut rng);
            let compact = s.to_compact();
            assert_eq!(
                Schedule::parse_compact(&compact).as_ref(),
                Ok(&s),
                "{compact}"
            );
            for lang in [Lang::Ja, Lang::En] {
                assert_eq!(
                    Schedule::from_hsds(&s.to_hsds(lang)).as_ref(),
                    Ok(&s),
                    "{compact}"
                );
            }
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(
                serde_json::from_str::<Schedule>(&json).unwrap(),
                s,
                "{json}"
            );
            // Occurrences always match, in order, inside the period.
            let dates = s.next_dates(d(2026, 1, 1), 20);
            assert!(dates.windows(2).all(|w| w[0] < w[1]));
            for date in dates {
                assert!(s.recurrence.matches(date));
                assert!(
                    s.valid_from.is_none_or(|f| f <= date) && s.valid_to.is_none_or(|t| date <= t)
                );
                assert!(!(s.closed_on_holidays && holidays::is_holiday(date)));
            }
        }
    }

    #[test]
    fn compact_parser_never_panics_on_garbage() {
        let mut rng = Rng(42);
        let pieces = [
            "weekly:",
            "monthly:",
            "dates:",
            "irregular:",
            "TU",
            ",",
            "-1",
            "6",
            "\"",
            "\"\"",
            " ",
            "\u{3000}",
            "10:00",
            "-",
            "〜",
            "nohol",
            "from:",
            "to:",
            "note:",
            "2026-02-30",
            "毎週",
            "第",
            "最終",
            "日",
            "曜",
            "・",
            "不定期",
            "（",
            "）",
            "99999999999",
            "１",
            "😀",
            "é",
        ];
        for _ in 0..5000 {
            let len = rng.below(8) as usize;
            let input: String = (0..len).map(|_| rng.pick(&pieces)).collect();
            let _ = Schedule::parse_compact(&input);
        }
    }
}
