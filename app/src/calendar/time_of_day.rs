//! Wall-clock times of day (Tokyo civil time) and opening-hour ranges.
//!
//! [`TimeOfDay`] and [`TimeRange`] can only hold valid values: build them with
//! [`TimeOfDay::parse`] / [`TimeOfDay::new`] and [`TimeRange::new`] /
//! [`TimeRange::parse`]. Input typed on Japanese keyboards is accepted:
//! full-width digits and colons (`１０：００`) are normalised first.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a time or time range could not be accepted.
///
/// `Display` gives plain English (for logs and the English UI);
/// [`TimeError::message_ja`] gives the message to show Japanese users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    /// Nothing was entered.
    #[error("no time was entered; write it as H:MM, e.g. 10:00")]
    Empty,
    /// The text is not of the form `H:MM` / `HH:MM`.
    #[error("time must be written as H:MM, e.g. 10:00")]
    InvalidFormat,
    /// The hour is not in 0..=23.
    #[error("hour must be between 0 and 23 (got {0})")]
    HourOutOfRange(u32),
    /// The minute is not in 0..=59.
    #[error("minute must be between 0 and 59 (got {0})")]
    MinuteOutOfRange(u32),
    /// A range is not of the form `10:00-12:00`.
    #[error("time range must be written as HH:MM-HH:MM, e.g. 10:00-12:00")]
    InvalidRangeFormat,
    /// The closing time is not after the opening time.
    #[error("closing time {closes} must be after opening time {opens}")]
    ClosesNotAfterOpens {
        /// The opening time given.
        opens: TimeOfDay,
        /// The closing time given.
        closes: TimeOfDay,
    },
}

impl TimeError {
    /// The message to show a Japanese-speaking user.
    pub fn message_ja(&self) -> &'static str {
        match self {
            Self::Empty => "時刻を入力してください（例: 10:00）",
            Self::InvalidFormat | Self::HourOutOfRange(_) | Self::MinuteOutOfRange(_) => {
                "時刻は 0:00〜23:59 の形で入力してください（例: 10:00）"
            }
            Self::InvalidRangeFormat => "時間帯は 10:00〜12:00 の形で入力してください",
            Self::ClosesNotAfterOpens { .. } => "終了時刻は開始時刻より後にしてください",
        }
    }
}

/// Replaces full-width ASCII variants (U+FF01–U+FF5E, e.g. `１`, `：`, `Ｔ`)
/// with their ASCII counterparts and the ideographic space with a space.
/// Other characters are kept as they are.
pub(crate) fn fullwidth_to_ascii(input: &str) -> String {
    input
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Parses a string of 1 to `max_len` ASCII digits; `None` for anything else
/// (signs, spaces and non-ASCII digits included).
fn parse_digits(s: &str, max_len: usize) -> Option<u32> {
    if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A time of day with minute precision, 0:00 to 23:59.
///
/// Displays and serialises as zero-padded `HH:MM` (`"09:30"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay {
    hour: u8,
    minute: u8,
}

impl TimeOfDay {
    /// Midnight, 0:00.
    pub const MIDNIGHT: Self = Self { hour: 0, minute: 0 };

    /// Builds a time from an hour (0..=23) and a minute (0..=59).
    pub fn new(hour: u32, minute: u32) -> Result<Self, TimeError> {
        let hour = u8::try_from(hour)
            .ok()
            .filter(|h| *h <= 23)
            .ok_or(TimeError::HourOutOfRange(hour))?;
        let minute = u8::try_from(minute)
            .ok()
            .filter(|m| *m <= 59)
            .ok_or(TimeError::MinuteOutOfRange(minute))?;
        Ok(Self { hour, minute })
    }

    /// Parses `H:MM` or `HH:MM` (`"9:30"`, `"09:30"`, `"１０：００"`).
    ///
    /// Surrounding whitespace is ignored; minutes must have two digits.
    pub fn parse(input: &str) -> Result<Self, TimeError> {
        let normalised = fullwidth_to_ascii(input);
        let text = normalised.trim();
        if text.is_empty() {
            return Err(TimeError::Empty);
        }
        let (hour, minute) = text.split_once(':').ok_or(TimeError::InvalidFormat)?;
        if minute.len() != 2 {
            return Err(TimeError::InvalidFormat);
        }
        let hour = parse_digits(hour, 2).ok_or(TimeError::InvalidFormat)?;
        let minute = parse_digits(minute, 2).ok_or(TimeError::InvalidFormat)?;
        Self::new(hour, minute)
    }

    /// The hour, 0..=23.
    pub const fn hour(self) -> u32 {
        self.hour as u32
    }

    /// The minute, 0..=59.
    pub const fn minute(self) -> u32 {
        self.minute as u32
    }

    /// Minutes since midnight, 0..=1439.
    pub const fn minutes_since_midnight(self) -> u32 {
        self.hour() * 60 + self.minute()
    }

    /// The time with an unpadded hour, as written in running text: `"9:30"`.
    pub fn to_short_string(self) -> String {
        format!("{}:{:02}", self.hour, self.minute)
    }

    /// Converts to a `chrono::NaiveTime`.
    pub fn to_naive_time(self) -> chrono::NaiveTime {
        chrono::NaiveTime::from_hms_opt(self.hour(), self.minute(), 0)
            .unwrap_or(chrono::NaiveTime::MIN)
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

impl FromStr for TimeOfDay {
    type Err = TimeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl From<chrono::NaiveTime> for TimeOfDay {
    /// Truncates seconds.
    fn from(time: chrono::NaiveTime) -> Self {
        use chrono::Timelike;
        // Both components are in range by construction of NaiveTime.
        Self {
            hour: time.hour() as u8,
            minute: time.minute() as u8,
        }
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Characters accepted between the two times of a range: ASCII hyphen and
/// tilde, wave dash, full-width tilde/hyphen, en and em dashes.
const RANGE_SEPARATORS: &[char] = &['-', '~', '〜', '～', '－', '–', '—'];

/// Opening hours on one day: `opens` until `closes`, with `closes` strictly
/// later than `opens` (ranges past midnight are not supported).
///
/// Displays as `10:00-12:00` (the compact/CSV form); serialises as
/// `{"opens": "10:00", "closes": "12:00"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "TimeRangeRaw")]
pub struct TimeRange {
    opens: TimeOfDay,
    closes: TimeOfDay,
}

/// Unvalidated serde form of [`TimeRange`].
#[derive(Deserialize)]
struct TimeRangeRaw {
    opens: TimeOfDay,
    closes: TimeOfDay,
}

impl TryFrom<TimeRangeRaw> for TimeRange {
    type Error = TimeError;

    fn try_from(raw: TimeRangeRaw) -> Result<Self, Self::Error> {
        Self::new(raw.opens, raw.closes)
    }
}

impl TimeRange {
    /// Builds a range; `closes` must be strictly after `opens`.
    pub fn new(opens: TimeOfDay, closes: TimeOfDay) -> Result<Self, TimeError> {
        if closes <= opens {
            return Err(TimeError::ClosesNotAfterOpens { opens, closes });
        }
        Ok(Self { opens, closes })
    }

    /// Parses `10:00-12:00`; also `9:30〜11:30`, `１０：００～１２：００` and
    /// spaces around the separator.
    pub fn parse(input: &str) -> Result<Self, TimeError> {
        let normalised = fullwidth_to_ascii(input);
        let text = normalised.trim();
        if text.is_empty() {
            return Err(TimeError::Empty);
        }
        let (opens, closes) = text
            .split_once(RANGE_SEPARATORS)
            .ok_or(TimeError::InvalidRangeFormat)?;
        Self::new(TimeOfDay::parse(opens)?, TimeOfDay::parse(closes)?)
    }

    /// When it opens.
    pub const fn opens(self) -> TimeOfDay {
        self.opens
    }

    /// When it closes.
    pub const fn closes(self) -> TimeOfDay {
        self.closes
    }

    /// Whether any minute of this range falls in `part` of the day
    /// (ranges are half-open: 10:00–12:00 does not touch the afternoon).
    pub fn overlaps(self, part: DayPart) -> bool {
        let (start, end) = part.minute_bounds();
        self.opens.minutes_since_midnight() < end && self.closes.minutes_since_midnight() > start
    }

    /// Joins the two times with `separator`, hours unpadded (`9:30〜11:30`).
    pub fn to_short_string(self, separator: &str) -> String {
        format!(
            "{}{}{}",
            self.opens.to_short_string(),
            separator,
            self.closes.to_short_string()
        )
    }
}

impl fmt::Display for TimeRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.opens, self.closes)
    }
}

impl FromStr for TimeRange {
    type Err = TimeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// A coarse part of the day, for "morning activities" style filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayPart {
    /// Before 12:00 (午前).
    Morning,
    /// 12:00 to 16:59 (午後).
    Afternoon,
    /// 17:00 and later (夕方・夜).
    Evening,
}

impl DayPart {
    /// All parts, in the order of the day.
    pub const ALL: [DayPart; 3] = [Self::Morning, Self::Afternoon, Self::Evening];

    /// The part of the day a time falls in.
    pub fn of(time: TimeOfDay) -> Self {
        match time.hour() {
            0..=11 => Self::Morning,
            12..=16 => Self::Afternoon,
            _ => Self::Evening,
        }
    }

    /// Half-open bounds in minutes since midnight: `[start, end)`.
    const fn minute_bounds(self) -> (u32, u32) {
        match self {
            Self::Morning => (0, 12 * 60),
            Self::Afternoon => (12 * 60, 17 * 60),
            Self::Evening => (17 * 60, 24 * 60),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> TimeOfDay {
        TimeOfDay::parse(s).unwrap()
    }

    fn range(a: &str, b: &str) -> TimeRange {
        TimeRange::new(t(a), t(b)).unwrap()
    }

    #[test]
    fn parses_padded_and_unpadded_hours() {
        assert_eq!(t("10:00"), TimeOfDay::new(10, 0).unwrap());
        assert_eq!(t("9:30"), TimeOfDay::new(9, 30).unwrap());
        assert_eq!(t("09:30"), t("9:30"));
        assert_eq!(t("0:00"), TimeOfDay::MIDNIGHT);
        assert_eq!(t("23:59").minutes_since_midnight(), 1439);
        assert_eq!(t("  7:05 "), TimeOfDay::new(7, 5).unwrap());
    }

    #[test]
    fn normalises_full_width_input() {
        assert_eq!(t("１０：００"), t("10:00"));
        assert_eq!(t("９:３０"), t("9:30"));
        assert_eq!(t("\u{3000}１３：３０\u{3000}"), t("13:30"));
    }

    #[test]
    fn rejects_out_of_range_and_malformed_times() {
        assert_eq!(
            TimeOfDay::parse("25:00"),
            Err(TimeError::HourOutOfRange(25))
        );
        assert_eq!(
            TimeOfDay::parse("24:00"),
            Err(TimeError::HourOutOfRange(24))
        );
        assert_eq!(
            TimeOfDay::parse("10:60"),
            Err(TimeError::MinuteOutOfRange(60))
        );
        assert_eq!(TimeOfDay::parse("10"), Err(TimeError::InvalidFormat));
        assert_eq!(TimeOfDay::parse(""), Err(TimeError::Empty));
        assert_eq!(TimeOfDay::parse("   "), Err(TimeError::Empty));
        for bad in [
            "10:0",
            "10:000",
            "100:00",
            "+1:00",
            "1:-5",
            "ab:cd",
            "10:00:00",
            ":30",
            "10:",
            "１０時",
        ] {
            assert_eq!(
                TimeOfDay::parse(bad),
                Err(TimeError::InvalidFormat),
                "{bad}"
            );
        }
    }

    #[test]
    fn new_rejects_huge_values_without_truncation() {
        assert_eq!(TimeOfDay::new(256, 0), Err(TimeError::HourOutOfRange(256)));
        assert_eq!(
            TimeOfDay::new(0, 316),
            Err(TimeError::MinuteOutOfRange(316))
        );
    }

    #[test]
    fn error_messages_in_both_languages() {
        let err = TimeOfDay::parse("25:00").unwrap_err();
        assert_eq!(err.to_string(), "hour must be between 0 and 23 (got 25)");
        assert_eq!(
            err.message_ja(),
            "時刻は 0:00〜23:59 の形で入力してください（例: 10:00）"
        );
        let err = TimeRange::new(t("12:00"), t("10:00")).unwrap_err();
        assert_eq!(err.message_ja(), "終了時刻は開始時刻より後にしてください");
        assert_eq!(
            err.to_string(),
            "closing time 10:00 must be after opening time 12:00"
        );
    }

    #[test]
    fn displays_zero_padded_and_short_forms() {
        assert_eq!(t("9:05").to_string(), "09:05");
        assert_eq!(t("9:05").to_short_string(), "9:05");
        assert_eq!(t("13:30").to_short_string(), "13:30");
        assert_eq!(range("9:30", "11:30").to_string(), "09:30-11:30");
        assert_eq!(range("9:30", "11:30").to_short_string("〜"), "9:30〜11:30");
    }

    #[test]
    fn serde_uses_the_string_form_and_validates() {
        let json = serde_json::to_string(&t("9:05")).unwrap();
        assert_eq!(json, "\"09:05\"");
        assert_eq!(
            serde_json::from_str::<TimeOfDay>("\"9:05\"").unwrap(),
            t("9:05")
        );
        assert!(serde_json::from_str::<TimeOfDay>("\"25:00\"").is_err());

        let r = range("10:00", "12:00");
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, r#"{"opens":"10:00","closes":"12:00"}"#);
        assert_eq!(serde_json::from_str::<TimeRange>(&json).unwrap(), r);
        assert!(
            serde_json::from_str::<TimeRange>(r#"{"opens":"12:00","closes":"12:00"}"#).is_err()
        );
    }

    #[test]
    fn range_requires_closes_after_opens() {
        assert!(TimeRange::new(t("10:00"), t("10:00")).is_err());
        assert!(TimeRange::new(t("10:00"), t("9:59")).is_err());
        assert!(TimeRange::new(t("10:00"), t("10:01")).is_ok());
    }

    #[test]
    fn range_parses_various_separators() {
        let expected = range("10:00", "12:00");
        for input in [
            "10:00-12:00",
            "10:00〜12:00",
            "10:00～12:00",
            "10:00~12:00",
            "10:00 - 12:00",
            "１０：００－１２：００",
            "10:00–12:00",
        ] {
            assert_eq!(TimeRange::parse(input), Ok(expected), "{input}");
        }
        assert_eq!(
            TimeRange::parse("10:00"),
            Err(TimeError::InvalidRangeFormat)
        );
        assert_eq!(TimeRange::parse(""), Err(TimeError::Empty));
        assert_eq!(
            TimeRange::parse("10:00-25:00"),
            Err(TimeError::HourOutOfRange(25))
        );
        assert!(matches!(
            TimeRange::parse("12:00-10:00"),
            Err(TimeError::ClosesNotAfterOpens { .. })
        ));
    }

    #[test]
    fn day_part_boundaries() {
        assert_eq!(DayPart::of(t("0:00")), DayPart::Morning);
        assert_eq!(DayPart::of(t("11:59")), DayPart::Morning);
        assert_eq!(DayPart::of(t("12:00")), DayPart::Afternoon);
        assert_eq!(DayPart::of(t("16:59")), DayPart::Afternoon);
        assert_eq!(DayPart::of(t("17:00")), DayPart::Evening);
        assert_eq!(DayPart::of(t("23:59")), DayPart::Evening);
    }

    #[test]
    fn range_overlaps_day_parts_half_open() {
        let morning = range("10:00", "12:00");
        assert!(morning.overlaps(DayPart::Morning));
        assert!(!morning.overlaps(DayPart::Afternoon));
        assert!(!morning.overlaps(DayPart::Evening));

        let lunch = range("11:30", "13:00");
        assert!(lunch.overlaps(DayPart::Morning));
        assert!(lunch.overlaps(DayPart::Afternoon));

        let late = range("16:00", "18:00");
        assert!(!late.overlaps(DayPart::Morning));
        assert!(late.overlaps(DayPart::Afternoon));
        assert!(late.overlaps(DayPart::Evening));

        let all_day = range("0:00", "23:59");
        assert!(DayPart::ALL.iter().all(|p| all_day.overlaps(*p)));
    }

    #[test]
    fn converts_from_and_to_naive_time() {
        let nt = chrono::NaiveTime::from_hms_opt(13, 45, 59).unwrap();
        let tod = TimeOfDay::from(nt);
        assert_eq!(tod, t("13:45"));
        assert_eq!(
            tod.to_naive_time(),
            chrono::NaiveTime::from_hms_opt(13, 45, 0).unwrap()
        );
    }
}
