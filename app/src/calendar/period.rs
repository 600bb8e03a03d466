//! Reporting periods in Tokyo dates: a month, a quarter of the fiscal year
//! or the fiscal year itself (年度: April to March; 2026年度 runs from
//! 2026-04-01 to 2027-03-31, its first quarter is April–June).
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Period {
    Month { year: i32, month: u32 },
    /// Quarter 1–4 of a fiscal year (1 = April–June).
    Quarter { fiscal_year: i32, quarter: u32 },
    FiscalYear(i32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PeriodKind {
    Month,
    Quarter,
    FiscalYear,
}

/// The fiscal year a date falls in.
pub fn fiscal_year_of(d: NaiveDate) -> i32 {
    if d.month() >= 4 { d.year() } else { d.year() - 1 }
}

fn month_start(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN)
}

/// The month `n` months after `(year, month)` (n may be negative).
fn add_months(year: i32, month: u32, n: i32) -> (i32, u32) {
    let i = year * 12 + month as i32 - 1 + n;
    (i.div_euclid(12), i.rem_euclid(12) as u32 + 1)
}

impl Period {
    /// `2026-11`, `fy2026-q3`, `fy2026`; anything else (or an impossible
    /// date) is `None`.
    pub fn parse(s: &str) -> Option<Period> {
        let s = s.trim();
        if let Some(rest) = s.strip_prefix("fy") {
            let (year, quarter) = match rest.split_once("-q") {
                Some((y, q)) => (y, Some(q)),
                None => (rest, None),
            };
            if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let fiscal_year: i32 = year.parse().ok().filter(|y| (2000..=2100).contains(y))?;
            return match quarter {
                None => Some(Period::FiscalYear(fiscal_year)),
                Some(q) => match q {
                    "1" | "2" | "3" | "4" => Some(Period::Quarter { fiscal_year, quarter: q.parse().ok()? }),
                    _ => None,
                },
            };
        }
        let (y, m) = s.split_once('-')?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let (year, month): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
        ((2000..=2100).contains(&year) && (1..=12).contains(&month)).then_some(Period::Month { year, month })
    }

    /// The text [`Period::parse`] reads.
    pub fn slug(&self) -> String {
        match self {
            Period::Month { year, month } => format!("{year:04}-{month:02}"),
            Period::Quarter { fiscal_year, quarter } => format!("fy{fiscal_year}-q{quarter}"),
            Period::FiscalYear(y) => format!("fy{y}"),
        }
    }

    pub fn kind(&self) -> PeriodKind {
        match self {
            Period::Month { .. } => PeriodKind::Month,
            Period::Quarter { .. } => PeriodKind::Quarter,
            Period::FiscalYear(_) => PeriodKind::FiscalYear,
        }
    }

    /// The period of `kind` that holds `d`.
    pub fn containing(d: NaiveDate, kind: PeriodKind) -> Period {
        let fy = fiscal_year_of(d);
        match kind {
            PeriodKind::Month => Period::Month { year: d.year(), month: d.month() },
            PeriodKind::Quarter => Period::Quarter { fiscal_year: fy, quarter: (d.month() + 8) % 12 / 3 + 1 },
            PeriodKind::FiscalYear => Period::FiscalYear(fy),
        }
    }

    /// First day and the day after the last.
    pub fn dates(&self) -> (NaiveDate, NaiveDate) {
        let (year, month, months) = match *self {
            Period::Month { year, month } => (year, month, 1),
            Period::Quarter { fiscal_year, quarter } => {
                let (y, m) = add_months(fiscal_year, 4, (quarter as i32 - 1) * 3);
                (y, m, 3)
            }
            Period::FiscalYear(y) => (y, 4, 12),
        };
        let (ey, em) = add_months(year, month, months);
        (month_start(year, month), month_start(ey, em))
    }

    /// The period's bounds as UTC texts in the stored form
    /// (`2026-03-31T15:00:00Z`): a time `t` is inside when `from <= t < to`.
    pub fn utc_bounds(&self) -> (String, String) {
        let (a, b) = self.dates();
        let utc = |d: NaiveDate| {
            let local = d.and_time(NaiveTime::MIN);
            let t = super::JST.from_local_datetime(&local).single().map(|t| t.with_timezone(&Utc)).unwrap_or_else(|| Utc.from_utc_datetime(&local));
            crate::calendar::utc_text(t)
        };
        (utc(a), utc(b))
    }

    /// The months of the period, in order (`(year, month)`).
    pub fn months(&self) -> Vec<(i32, u32)> {
        let (a, b) = self.dates();
        let mut out = Vec::new();
        let (mut y, mut m) = (a.year(), a.month());
        while month_start(y, m) < b {
            out.push((y, m));
            (y, m) = add_months(y, m, 1);
        }
        out
    }

    /// The period before (same kind).
    pub fn previous(&self) -> Period {
        let (a, _) = self.dates();
        Period::containing(a - Duration::days(1), self.kind())
    }

    /// The period after (same kind).
    pub fn next(&self) -> Period {
        let (_, b) = self.dates();
        Period::containing(b, self.kind())
    }

    /// Whether the period has begun by `today`.
    pub fn started_by(&self, today: NaiveDate) -> bool {
        self.dates().0 <= today
    }

    /// 「2026年11月」「2026年度 第3四半期（10〜12月）」「2026年度」 /
    /// "November 2026", "FY2026 Q3 (Oct–Dec)", "FY2026 (Apr 2026 – Mar 2027)".
    pub fn label(&self, ja: bool) -> String {
        const EN_MONTHS: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
        let short = |m: u32| &EN_MONTHS[(m - 1) as usize][..3];
        match (*self, ja) {
            (Period::Month { year, month }, true) => format!("{year}年{month}月"),
            (Period::Month { year, month }, false) => format!("{} {year}", EN_MONTHS[(month - 1) as usize]),
            (Period::Quarter { fiscal_year, quarter }, true) => {
                let (_, m1) = add_months(fiscal_year, 4, (quarter as i32 - 1) * 3);
                let (_, m3) = add_months(fiscal_year, 4, (quarter as i32 - 1) * 3 + 2);
                format!("{fiscal_year}年度 第{quarter}四半期（{m1}〜{m3}月）")
            }
            (Period::Quarter { fiscal_year, quarter }, false) => {
                let (_, m1) = add_months(fiscal_year, 4, (quarter as i32 - 1) * 3);
                let (_, m3) = add_months(fiscal_year, 4, (quarter as i32 - 1) * 3 + 2);
                format!("FY{fiscal_year} Q{quarter} ({}–{})", short(m1), short(m3))
            }
            (Period::FiscalYear(y), true) => format!("{y}年度（{y}年4月〜{}年3月）", y + 1),
            (Period::FiscalYear(y), false) => format!("FY{y} (Apr {y} – Mar {})", y + 1),
        }
    }

    /// The periods a picker offers on `today`: this fiscal year and the two
    /// before, the quarters of this and last fiscal year that have begun,
    /// and the last 24 months, newest first.
    pub fn choices(today: NaiveDate) -> Vec<Period> {
        let fy = fiscal_year_of(today);
        let mut out: Vec<Period> = (0..3).map(|i| Period::FiscalYear(fy - i)).collect();
        for y in [fy, fy - 1] {
            for q in (1..=4).rev() {
                let p = Period::Quarter { fiscal_year: y, quarter: q };
                if p.started_by(today) {
                    out.push(p);
                }
            }
        }
        let mut m = Period::containing(today, PeriodKind::Month);
        for _ in 0..24 {
            out.push(m);
            m = m.previous();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn fiscal_years_run_from_april() {
        assert_eq!(fiscal_year_of(d(2027, 3, 31)), 2026);
        assert_eq!(fiscal_year_of(d(2026, 4, 1)), 2026);
        assert_eq!(Period::FiscalYear(2026).dates(), (d(2026, 4, 1), d(2027, 4, 1)));
        assert_eq!(Period::Quarter { fiscal_year: 2026, quarter: 4 }.dates(), (d(2027, 1, 1), d(2027, 4, 1)));
        assert_eq!(Period::containing(d(2027, 2, 10), PeriodKind::Quarter), Period::Quarter { fiscal_year: 2026, quarter: 4 });
        assert_eq!(Period::containing(d(2026, 6, 30), PeriodKind::Quarter), Period::Quarter { fiscal_year: 2026, quarter: 1 });
        assert_eq!(Period::containing(d(2026, 7, 1), PeriodKind::Quarter), Period::Quarter { fiscal_year: 2026, quarter: 2 });
        assert_eq!(Period::Month { year: 2026, month: 12 }.dates(), (d(2026, 12, 1), d(2027, 1, 1)));
        assert_eq!(Period::FiscalYear(2026).months().len(), 12);
        assert_eq!(Period::FiscalYear(2026).months()[11], (2027, 3));
    }

    #[test]
    fn slugs_round_trip_and_nonsense_is_refused() {
        for p in Period::choices(d(2026, 12, 5)) {
            assert_eq!(Period::parse(&p.slug()), Some(p));
        }
        for bad in ["", "2026-13", "2026-1", "fy26", "fy2026-q5", "fy2026-q", "fyabcd", "1999-01", "２０２６-01", "2026-11-01"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn bounds_are_tokyo_midnights_in_utc() {
        assert_eq!(Period::FiscalYear(2026).utc_bounds(), ("2026-03-31T15:00:00Z".to_string(), "2027-03-31T15:00:00Z".to_string()));
    }

    #[test]
    fn labels_and_neighbours() {
        let q = Period::Quarter { fiscal_year: 2026, quarter: 4 };
        assert_eq!(q.label(true), "2026年度 第4四半期（1〜3月）");
        assert_eq!(q.label(false), "FY2026 Q4 (Jan–Mar)");
        assert_eq!(q.next(), Period::Quarter { fiscal_year: 2027, quarter: 1 });
        assert_eq!(Period::Month { year: 2026, month: 1 }.previous(), Period::Month { year: 2025, month: 12 });
        assert_eq!(Period::FiscalYear(2026).label(true), "2026年度（2026年4月〜2027年3月）");
        let choices = Period::choices(d(2026, 12, 5));
        assert_eq!(choices[0], Period::FiscalYear(2026));
        assert!(!choices.contains(&Period::Quarter { fiscal_year: 2026, quarter: 4 }), "not begun");
        assert!(choices.contains(&Period::Quarter { fiscal_year: 2026, quarter: 3 }));
    }
}
