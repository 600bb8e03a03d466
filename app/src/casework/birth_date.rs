//! Dates of birth as clinics write them: Western (`1948-04-05`, `1948/4/5`)
//! or by Japanese era — letters (`S23.4.5`, `H5/1/2`, `R2-3-4`) or names
//! (`昭和23年4月5日`, `平成元年1月8日`), full-width digits too. The parsed date
//! must exist and lie inside its era; the age follows from it.
use crate::validation::Problem;
use chrono::{Datelike, NaiveDate};

/// The eras a living person can be born in: letter, name, first day.
const ERAS: [(char, &str, (i32, u32, u32)); 5] = [
    ('M', "明治", (1868, 1, 25)),
    ('T', "大正", (1912, 7, 30)),
    ('S', "昭和", (1926, 12, 25)),
    ('H', "平成", (1989, 1, 8)),
    ('R', "令和", (2019, 5, 1)),
];

fn era_start(i: usize) -> NaiveDate {
    let (y, m, d) = ERAS[i].2;
    NaiveDate::from_ymd_opt(y, m, d).expect("valid era start")
}

/// A date of birth in any of the accepted spellings.
pub fn parse_birth_date(s: &str, today: NaiveDate) -> Result<NaiveDate, Problem> {
    let t: String = s.trim().chars().map(crate::validation::text_half_width).collect();
    let t = t.trim().to_uppercase();
    if t.is_empty() {
        return Err(Problem::Required);
    }
    // which era, if any, and the rest
    let mut era = None;
    let mut rest = t.as_str();
    for (i, (letter, name, _)) in ERAS.iter().enumerate() {
        if let Some(r) = rest.strip_prefix(*name) {
            era = Some(i);
            rest = r;
            break;
        }
        if let Some(r) = rest.strip_prefix(*letter) {
            era = Some(i);
            rest = r;
            break;
        }
    }
    let rest = rest.replace("元", "1");
    let numbers: Vec<u32> = rest
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<u32>().map_err(|_| Problem::Date))
        .collect::<Result<_, _>>()?;
    let [y, m, d] = numbers[..] else { return Err(Problem::Date) };
    let date = match era {
        Some(i) => {
            if y == 0 {
                return Err(Problem::Date);
            }
            let year = era_start(i).year() + y as i32 - 1;
            let date = NaiveDate::from_ymd_opt(year, m, d).ok_or(Problem::Date)?;
            let ends = ERAS.get(i + 1).map(|_| era_start(i + 1));
            if date < era_start(i) || ends.is_some_and(|e| date >= e) {
                return Err(Problem::Date);
            }
            date
        }
        None => NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(Problem::Date)?,
    };
    if date > today || date.year() < 1868 {
        return Err(Problem::Date);
    }
    Ok(date)
}

/// Full years between `birth` and `today`.
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> u32 {
    let mut age = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age.max(0) as u32
}

/// The date in the Japanese era, as forms print it (`昭和23年4月5日`).
pub fn era_text(date: NaiveDate) -> String {
    let i = (0..ERAS.len()).rev().find(|i| date >= era_start(*i)).unwrap_or(0);
    let y = date.year() - era_start(i).year() + 1;
    let y = if y == 1 { "元".to_string() } else { y.to_string() };
    format!("{}{}年{}月{}日", ERAS[i].1, y, date.month(), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn every_spelling_reads_the_same_day() {
        let today = d(2026, 12, 1);
        for s in ["1948-04-05", "1948/4/5", "S23.4.5", "s23/4/5", "Ｓ２３．４．５", "昭和23年4月5日", " S23-04-05 "] {
            assert_eq!(parse_birth_date(s, today), Ok(d(1948, 4, 5)), "{s}");
        }
        assert_eq!(parse_birth_date("H5.1.2", today), Ok(d(1993, 1, 2)));
        assert_eq!(parse_birth_date("R2.3.4", today), Ok(d(2020, 3, 4)));
        assert_eq!(parse_birth_date("平成元年1月8日", today), Ok(d(1989, 1, 8)));
        assert_eq!(parse_birth_date("T15.12.24", today), Ok(d(1926, 12, 24)));
    }

    #[test]
    fn impossible_dates_are_refused() {
        let today = d(2026, 12, 1);
        for s in ["", "S23", "S23.2.30", "H1.1.7", "S64.1.8", "R0.5.1", "2027-01-01", "X5.1.1", "1948-13-01", "abc"] {
            assert!(parse_birth_date(s, today).is_err(), "{s}");
        }
    }

    #[test]
    fn age_and_era_text() {
        assert_eq!(age_on(d(1948, 4, 5), d(2026, 4, 4)), 77);
        assert_eq!(age_on(d(1948, 4, 5), d(2026, 4, 5)), 78);
        assert_eq!(era_text(d(1948, 4, 5)), "昭和23年4月5日");
        assert_eq!(era_text(d(1989, 1, 8)), "平成元年1月8日");
        assert_eq!(era_text(d(2020, 3, 4)), "令和2年3月4日");
    }
}
