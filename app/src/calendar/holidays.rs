//! Japanese public holidays (国民の祝日 and the days off derived from them),
//! computed by rule for the years 2000–2099.
//!
//! The rules follow the 国民の祝日に関する法律 as amended, so that past years
//! in the range are right too:
//!
//! * fixed-date holidays and Happy Monday holidays (2nd/3rd Monday), with the
//!   dates and names in force in each year (e.g. 天皇誕生日 is 12/23 until 2018,
//!   absent in 2019 and 2/23 from 2020; 山の日 starts in 2016);
//! * 春分の日 / 秋分の日 by the usual approximation formula (valid 1980–2099);
//!   the official dates are announced each February for the following year
//!   (国立天文台, in the 官報) and have so far always agreed with it;
//! * 振替休日: a holiday on a Sunday moves the day off to the next day that is
//!   not itself a holiday (only to the Monday before 2007);
//! * 国民の休日: an ordinary day between two holidays (Sundays excluded
//!   before 2007);
//! * the one-off dates of 2019 (enthronement) and the Olympic moves of 2020
//!   and 2021, as explicit single-year rules.
//!
//! Years outside 2000–2099 have no holidays here: [`holiday_name`] returns
//! `None` and [`holidays_in_year`] an empty list.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Serialize;

/// The years this module knows the holidays of.
pub const SUPPORTED_YEARS: RangeInclusive<i32> = 2000..=2099;

/// A public holiday's name in Japanese and English (as used by the Cabinet
/// Office).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Holiday {
    /// Japanese name, e.g. `"元日"`.
    pub name_ja: &'static str,
    /// English name, e.g. `"New Year's Day"`.
    pub name_en: &'static str,
}

impl Holiday {
    const fn new(name_ja: &'static str, name_en: &'static str) -> Self {
        Self { name_ja, name_en }
    }

    /// 元日
    pub const NEW_YEARS_DAY: Self = Self::new("元日", "New Year's Day");
    /// 成人の日
    pub const COMING_OF_AGE_DAY: Self = Self::new("成人の日", "Coming of Age Day");
    /// 建国記念の日
    pub const NATIONAL_FOUNDATION_DAY: Self = Self::new("建国記念の日", "National Foundation Day");
    /// 天皇誕生日
    pub const EMPERORS_BIRTHDAY: Self = Self::new("天皇誕生日", "The Emperor's Birthday");
    /// 春分の日
    pub const VERNAL_EQUINOX_DAY: Self = Self::new("春分の日", "Vernal Equinox Day");
    /// 昭和の日
    pub const SHOWA_DAY: Self = Self::new("昭和の日", "Showa Day");
    /// 憲法記念日
    pub const CONSTITUTION_MEMORIAL_DAY: Self =
        Self::new("憲法記念日", "Constitution Memorial Day");
    /// みどりの日
    pub const GREENERY_DAY: Self = Self::new("みどりの日", "Greenery Day");
    /// こどもの日
    pub const CHILDRENS_DAY: Self = Self::new("こどもの日", "Children's Day");
    /// 海の日
    pub const MARINE_DAY: Self = Self::new("海の日", "Marine Day");
    /// 山の日
    pub const MOUNTAIN_DAY: Self = Self::new("山の日", "Mountain Day");
    /// 敬老の日
    pub const RESPECT_FOR_THE_AGED_DAY: Self = Self::new("敬老の日", "Respect for the Aged Day");
    /// 秋分の日
    pub const AUTUMNAL_EQUINOX_DAY: Self = Self::new("秋分の日", "Autumnal Equinox Day");
    /// 体育の日 (until 2019)
    pub const HEALTH_AND_SPORTS_DAY: Self = Self::new("体育の日", "Health and Sports Day");
    /// スポーツの日 (from 2020)
    pub const SPORTS_DAY: Self = Self::new("スポーツの日", "Sports Day");
    /// 文化の日
    pub const CULTURE_DAY: Self = Self::new("文化の日", "Culture Day");
    /// 勤労感謝の日
    pub const LABOR_THANKSGIVING_DAY: Self = Self::new("勤労感謝の日", "Labor Thanksgiving Day");
    /// 即位の日 (2019-05-01 only)
    pub const ENTHRONEMENT_DAY: Self = Self::new("即位の日", "Enthronement Day");
    /// 即位礼正殿の儀の行われる日 (2019-10-22 only)
    pub const ENTHRONEMENT_CEREMONY_DAY: Self =
        Self::new("即位礼正殿の儀の行われる日", "Enthronement Ceremony Day");
    /// 振替休日: the day off replacing a holiday that fell on a Sunday.
    pub const SUBSTITUTE_HOLIDAY: Self = Self::new("振替休日", "Substitute Holiday");
    /// 国民の休日: an ordinary day sandwiched between two holidays.
    pub const CITIZENS_HOLIDAY: Self = Self::new("国民の休日", "Citizens' Holiday");
}

/// How a named holiday's date is found in a given year.
#[derive(Debug, Clone, Copy)]
enum DateRule {
    /// The same month and day every year.
    Fixed { month: u32, day: u32 },
    /// The `nth` Monday of `month` (Happy Monday system).
    NthMonday { month: u32, nth: u8 },
    /// 春分日 by the approximation formula.
    VernalEquinox,
    /// 秋分日 by the approximation formula.
    AutumnalEquinox,
}

/// A named holiday (国民の祝日) and the years in which the rule applies.
struct Definition {
    holiday: Holiday,
    rule: DateRule,
    first_year: i32,
    last_year: i32,
    /// Years inside `first_year..=last_year` where the rule is suspended
    /// (the date was moved by a one-off law).
    except: &'static [i32],
}

impl Definition {
    /// The same rule, suspended in the Olympic years 2020 and 2021.
    const fn except_olympic_years(self) -> Self {
        Self {
            except: OLYMPIC_YEARS,
            ..self
        }
    }

    fn applies_to(&self, year: i32) -> bool {
        (self.first_year..=self.last_year).contains(&year) && !self.except.contains(&year)
    }
}

const fn fixed(month: u32, day: u32) -> DateRule {
    DateRule::Fixed { month, day }
}

const fn nth_monday(month: u32, nth: u8) -> DateRule {
    DateRule::NthMonday { month, nth }
}

const VERNAL_EQUINOX: DateRule = DateRule::VernalEquinox;
const AUTUMNAL_EQUINOX: DateRule = DateRule::AutumnalEquinox;

const fn def(holiday: Holiday, rule: DateRule, first_year: i32, last_year: i32) -> Definition {
    Definition {
        holiday,
        rule,
        first_year,
        last_year,
        except: &[],
    }
}

/// Years in which the Olympic special measures moved 海の日, スポーツの日
/// and 山の日.
const OLYMPIC_YEARS: &[i32] = &[2020, 2021];

/// Every named holiday since 2000, in calendar order.
#[rustfmt::skip]
const DEFINITIONS: &[Definition] = &[
    def(Holiday::NEW_YEARS_DAY,             fixed(1, 1),       2000, 2099),
    def(Holiday::COMING_OF_AGE_DAY,         nth_monday(1, 2),  2000, 2099),
    def(Holiday::NATIONAL_FOUNDATION_DAY,   fixed(2, 11),      2000, 2099),
    def(Holiday::EMPERORS_BIRTHDAY,         fixed(2, 23),      2020, 2099),
    def(Holiday::VERNAL_EQUINOX_DAY,        VERNAL_EQUINOX,    2000, 2099),
    def(Holiday::GREENERY_DAY,              fixed(4, 29),      2000, 2006),
    def(Holiday::SHOWA_DAY,                 fixed(4, 29),      2007, 2099),
    def(Holiday::ENTHRONEMENT_DAY,          fixed(5, 1),       2019, 2019),
    def(Holiday::CONSTITUTION_MEMORIAL_DAY, fixed(5, 3),       2000, 2099),
    def(Holiday::GREENERY_DAY,              fixed(5, 4),       2007, 2099),
    def(Holiday::CHILDRENS_DAY,             fixed(5, 5),       2000, 2099),
    def(Holiday::MARINE_DAY,                fixed(7, 20),      2000, 2002),
    def(Holiday::MARINE_DAY,                nth_monday(7, 3),  2003, 2099).except_olympic_years(),
    def(Holiday::MARINE_DAY,                fixed(7, 23),      2020, 2020),
    def(Holiday::MARINE_DAY,                fixed(7, 22),      2021, 2021),
    def(Holiday::SPORTS_DAY,                fixed(7, 24),      2020, 2020),
    def(Holiday::SPORTS_DAY,                fixed(7, 23),      2021, 2021),
    def(Holiday::MOUNTAIN_DAY,              fixed(8, 11),      2016, 2099).except_olympic_years(),
    def(Holiday::MOUNTAIN_DAY,              fixed(8, 10),      2020, 2020),
    def(Holiday::MOUNTAIN_DAY,              fixed(8, 8),       2021, 2021),
    def(Holiday::RESPECT_FOR_THE_AGED_DAY,  fixed(9, 15),      2000, 2002),
    def(Holiday::RESPECT_FOR_THE_AGED_DAY,  nth_monday(9, 3),  2003, 2099),
    def(Holiday::AUTUMNAL_EQUINOX_DAY,      AUTUMNAL_EQUINOX,  2000, 2099),
    def(Holiday::HEALTH_AND_SPORTS_DAY,     nth_monday(10, 2), 2000, 2019),
    def(Holiday::SPORTS_DAY,                nth_monday(10, 2), 2020, 2099).except_olympic_years(),
    def(Holiday::ENTHRONEMENT_CEREMONY_DAY, fixed(10, 22),     2019, 2019),
    def(Holiday::CULTURE_DAY,               fixed(11, 3),      2000, 2099),
    def(Holiday::LABOR_THANKSGIVING_DAY,    fixed(11, 23),     2000, 2099),
    def(Holiday::EMPERORS_BIRTHDAY,         fixed(12, 23),     2000, 2018),
];

/// The holiday falling on `date`, if any (named holiday, 振替休日 or 国民の休日).
pub fn holiday_name(date: NaiveDate) -> Option<Holiday> {
    holidays_in_year(date.year())
        .into_iter()
        .find_map(|(d, holiday)| (d == date).then_some(holiday))
}

/// Whether `date` is a public holiday (weekends are not counted as such).
pub fn is_holiday(date: NaiveDate) -> bool {
    holiday_name(date).is_some()
}

/// All holidays of `year` in date order, including 振替休日 and 国民の休日.
/// Empty for years outside [`SUPPORTED_YEARS`].
pub fn holidays_in_year(year: i32) -> Vec<(NaiveDate, Holiday)> {
    if !SUPPORTED_YEARS.contains(&year) {
        return Vec::new();
    }
    let named = named_holidays(year);
    let mut all = named.clone();
    for date in citizens_holidays(year, &named) {
        all.entry(date).or_insert(Holiday::CITIZENS_HOLIDAY);
    }
    for date in substitute_holidays(year, &named) {
        all.entry(date).or_insert(Holiday::SUBSTITUTE_HOLIDAY);
    }
    all.into_iter().collect()
}

/// The 国民の祝日 proper of `year` (no substitute or sandwiched days).
fn named_holidays(year: i32) -> BTreeMap<NaiveDate, Holiday> {
    DEFINITIONS
        .iter()
        .filter(|definition| definition.applies_to(year))
        .filter_map(|definition| Some((resolve(definition.rule, year)?, definition.holiday)))
        .collect()
}

/// The date a rule gives in `year`.
fn resolve(rule: DateRule, year: i32) -> Option<NaiveDate> {
    match rule {
        DateRule::Fixed { month, day } => NaiveDate::from_ymd_opt(year, month, day),
        DateRule::NthMonday { month, nth } => {
            NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, nth)
        }
        DateRule::VernalEquinox => NaiveDate::from_ymd_opt(year, 3, vernal_equinox_day(year)),
        DateRule::AutumnalEquinox => NaiveDate::from_ymd_opt(year, 9, autumnal_equinox_day(year)),
    }
}

/// Day of March of 春分日: floor(20.8431 + 0.242194(y−1980) − floor((y−1980)/4)).
fn vernal_equinox_day(year: i32) -> u32 {
    equinox_day(20.8431, year)
}

/// Day of September of 秋分日: floor(23.2488 + 0.242194(y−1980) − floor((y−1980)/4)).
fn autumnal_equinox_day(year: i32) -> u32 {
    equinox_day(23.2488, year)
}

/// The shared equinox approximation, valid for 1980–2099.
fn equinox_day(base: f64, year: i32) -> u32 {
    let offset = f64::from(year - 1980);
    let day = (base + 0.242_194 * offset - (offset / 4.0).floor()).floor();
    // Always 19..=24 for the supported years; the cast cannot truncate.
    day as u32
}

/// 国民の休日: days whose previous and next days are both named holidays and
/// which are not named holidays themselves (before 2007, Sundays excluded).
fn citizens_holidays(year: i32, named: &BTreeMap<NaiveDate, Holiday>) -> Vec<NaiveDate> {
    named
        .keys()
        .filter_map(|date| date.checked_add_days(Days::new(1)))
        .filter(|day| !named.contains_key(day))
        .filter(|day| day.succ_opt().is_some_and(|next| named.contains_key(&next)))
        .filter(|day| year >= 2007 || day.weekday() != Weekday::Sun)
        .collect()
}

/// 振替休日: for each named holiday on a Sunday, the first following day
/// that is not a named holiday (before 2007 only the Monday, if free).
fn substitute_holidays(year: i32, named: &BTreeMap<NaiveDate, Holiday>) -> Vec<NaiveDate> {
    named
        .keys()
        .filter(|date| date.weekday() == Weekday::Sun)
        .filter_map(|sunday| {
            let mut day = sunday.succ_opt()?;
            if year < 2007 {
                return (!named.contains_key(&day)).then_some(day);
            }
            while named.contains_key(&day) {
                day = day.succ_opt()?;
            }
            Some(day)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Every holiday of `year` as `"M/D M/D ..."`, as the Cabinet Office lists them.
    fn month_days(year: i32) -> String {
        holidays_in_year(year)
            .iter()
            .map(|(date, _)| format!("{}/{}", date.month(), date.day()))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn full_list_2026_matches_cabinet_office() {
        let expected = "1/1 1/12 2/11 2/23 3/20 4/29 5/3 5/4 5/5 5/6 7/20 8/11 9/21 9/22 9/23 10/12 11/3 11/23";
        assert_eq!(month_days(2026), expected);
        assert_eq!(
            holiday_name(d(2026, 5, 6)),
            Some(Holiday::SUBSTITUTE_HOLIDAY)
        );
        assert_eq!(
            holiday_name(d(2026, 9, 22)),
            Some(Holiday::CITIZENS_HOLIDAY)
        );
        assert_eq!(
            holiday_name(d(2026, 9, 21)),
            Some(Holiday::RESPECT_FOR_THE_AGED_DAY)
        );
        assert_eq!(holiday_name(d(2026, 10, 12)), Some(Holiday::SPORTS_DAY));
    }

    #[test]
    fn full_list_2027_matches_cabinet_office() {
        let expected =
            "1/1 1/11 2/11 2/23 3/21 3/22 4/29 5/3 5/4 5/5 7/19 8/11 9/20 9/23 10/11 11/3 11/23";
        assert_eq!(month_days(2027), expected);
        assert_eq!(
            holiday_name(d(2027, 3, 21)),
            Some(Holiday::VERNAL_EQUINOX_DAY)
        );
        assert_eq!(
            holiday_name(d(2027, 3, 22)),
            Some(Holiday::SUBSTITUTE_HOLIDAY)
        );
    }

    #[test]
    fn names_of_2026_holidays() {
        let names: Vec<&str> = holidays_in_year(2026)
            .iter()
            .map(|(_, h)| h.name_ja)
            .collect();
        assert_eq!(
            names,
            [
                "元日",
                "成人の日",
                "建国記念の日",
                "天皇誕生日",
                "春分の日",
                "昭和の日",
                "憲法記念日",
                "みどりの日",
                "こどもの日",
                "振替休日",
                "海の日",
                "山の日",
                "敬老の日",
                "国民の休日",
                "秋分の日",
                "スポーツの日",
                "文化の日",
                "勤労感謝の日",
            ]
        );
        assert_eq!(
            holiday_name(d(2026, 1, 1)).unwrap().name_en,
            "New Year's Day"
        );
    }

    #[test]
    fn equinoxes_2028_to_2030() {
        for (year, spring, autumn) in [(2028, 20, 22), (2029, 20, 23), (2030, 20, 23)] {
            assert_eq!(
                holiday_name(d(year, 3, spring)),
                Some(Holiday::VERNAL_EQUINOX_DAY),
                "{year}"
            );
            assert_eq!(
                holiday_name(d(year, 9, autumn)),
                Some(Holiday::AUTUMNAL_EQUINOX_DAY),
                "{year}"
            );
        }
    }

    #[test]
    fn equinox_formula_matches_known_dates() {
        // Published dates (官報 / 国立天文台) for past years.
        let known = [
            (2000, 20, 23),
            (2012, 20, 22),
            (2016, 20, 22),
            (2020, 20, 22),
            (2023, 21, 23),
            (2024, 20, 22),
            (2025, 20, 23),
        ];
        for (year, spring, autumn) in known {
            assert_eq!(vernal_equinox_day(year), spring, "{year}");
            assert_eq!(autumnal_equinox_day(year), autumn, "{year}");
        }
    }

    #[test]
    fn substitute_when_autumnal_equinox_is_sunday_2029() {
        assert_eq!(d(2029, 9, 23).weekday(), Weekday::Sun);
        assert_eq!(
            holiday_name(d(2029, 9, 24)),
            Some(Holiday::SUBSTITUTE_HOLIDAY)
        );
    }

    #[test]
    fn olympic_years_2020_and_2021() {
        let y2020 =
            "1/1 1/13 2/11 2/23 2/24 3/20 4/29 5/3 5/4 5/5 5/6 7/23 7/24 8/10 9/21 9/22 11/3 11/23";
        assert_eq!(month_days(2020), y2020);
        let y2021 =
            "1/1 1/11 2/11 2/23 3/20 4/29 5/3 5/4 5/5 7/22 7/23 8/8 8/9 9/20 9/23 11/3 11/23";
        assert_eq!(month_days(2021), y2021);
        assert_eq!(
            holiday_name(d(2021, 8, 9)),
            Some(Holiday::SUBSTITUTE_HOLIDAY)
        );
        assert!(!is_holiday(d(2020, 10, 12)));
        assert!(!is_holiday(d(2021, 10, 11)));
    }

    #[test]
    fn enthronement_year_2019() {
        let expected = "1/1 1/14 2/11 3/21 4/29 4/30 5/1 5/2 5/3 5/4 5/5 5/6 7/15 8/11 8/12 9/16 9/23 10/14 10/22 11/3 11/4 11/23";
        assert_eq!(month_days(2019), expected);
        assert_eq!(
            holiday_name(d(2019, 4, 30)),
            Some(Holiday::CITIZENS_HOLIDAY)
        );
        assert_eq!(
            holiday_name(d(2019, 10, 14)),
            Some(Holiday::HEALTH_AND_SPORTS_DAY)
        );
        assert!(!is_holiday(d(2019, 12, 23)));
    }

    #[test]
    fn rules_before_2007() {
        // 2006: 4/29 was みどりの日 and 5/4 a 国民の休日.
        assert_eq!(holiday_name(d(2006, 4, 29)), Some(Holiday::GREENERY_DAY));
        assert_eq!(holiday_name(d(2006, 5, 4)), Some(Holiday::CITIZENS_HOLIDAY));
        // 2003-05-04 was a Sunday, so not a 国民の休日.
        assert!(!is_holiday(d(2003, 5, 4)));
        // 2000–2002: fixed 海の日 / 敬老の日; Emperor's birthday in December.
        assert_eq!(holiday_name(d(2001, 7, 20)), Some(Holiday::MARINE_DAY));
        assert_eq!(
            holiday_name(d(2001, 9, 15)),
            Some(Holiday::RESPECT_FOR_THE_AGED_DAY)
        );
        assert_eq!(
            holiday_name(d(2018, 12, 23)),
            Some(Holiday::EMPERORS_BIRTHDAY)
        );
        assert_eq!(
            holiday_name(d(2018, 12, 24)),
            Some(Holiday::SUBSTITUTE_HOLIDAY)
        );
        assert!(!is_holiday(d(2018, 2, 23)));
        // 山の日 only from 2016.
        assert!(!is_holiday(d(2015, 8, 11)));
        assert!(is_holiday(d(2016, 8, 11)));
    }

    #[test]
    fn silver_week_2009_and_2015() {
        for year in [2009, 2015] {
            assert_eq!(
                holiday_name(d(year, 9, 21)),
                Some(Holiday::RESPECT_FOR_THE_AGED_DAY)
            );
            assert_eq!(
                holiday_name(d(year, 9, 22)),
                Some(Holiday::CITIZENS_HOLIDAY)
            );
            assert_eq!(
                holiday_name(d(year, 9, 23)),
                Some(Holiday::AUTUMNAL_EQUINOX_DAY)
            );
        }
    }

    #[test]
    fn substitute_skips_over_following_holidays() {
        // 2025-05-04 (みどりの日) is a Sunday: the substitute is 5/6, after こどもの日.
        assert_eq!(
            holiday_name(d(2025, 5, 6)),
            Some(Holiday::SUBSTITUTE_HOLIDAY)
        );
        // 2023-01-01 was a Sunday.
        assert_eq!(
            holiday_name(d(2023, 1, 2)),
            Some(Holiday::SUBSTITUTE_HOLIDAY)
        );
    }

    #[test]
    fn weekends_and_ordinary_days_are_not_holidays() {
        assert!(!is_holiday(d(2026, 11, 24)));
        assert!(!is_holiday(d(2026, 11, 22))); // a Sunday
        assert!(is_holiday(d(2026, 11, 23)));
    }

    #[test]
    fn unsupported_years_have_no_holidays() {
        assert!(holidays_in_year(1999).is_empty());
        assert!(holidays_in_year(2100).is_empty());
        assert!(!is_holiday(d(2100, 1, 1)));
        assert_eq!(holiday_name(NaiveDate::MIN), None);
        assert_eq!(holiday_name(NaiveDate::MAX), None);
    }

    #[test]
    fn every_supported_year_is_sane() {
        for year in SUPPORTED_YEARS {
            let list = holidays_in_year(year);
            assert!((15..=22).contains(&list.len()), "{year}: {}", list.len());
            assert!(
                list.windows(2).all(|w| w[0].0 < w[1].0),
                "{year} not sorted/unique"
            );
            assert!(list.iter().all(|(date, _)| date.year() == year));
            // Every 振替休日 follows a run of holidays that starts on a Sunday.
            for (date, holiday) in &list {
                if *holiday == Holiday::SUBSTITUTE_HOLIDAY {
                    assert_ne!(date.weekday(), Weekday::Sun, "{date}");
                    assert!(is_holiday(date.pred_opt().unwrap()), "{date}");
                }
            }
        }
    }
}
