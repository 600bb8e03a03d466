//! The anonymous monthly summary of the points programme for city staff
//! (page and CSV): entries, points and people per reason, each reward's
//! vouchers, how many people earned points, and the points left unspent at
//! the month's end. Nobody is named; a line resting on 1–4 people shows
//! 「5人未満」 and hides its entries and points too (the dashboard's
//! small-cell rule, `dashboard::suppression`).
use super::Reason;
use crate::dashboard::suppression::{protect, Figure, Table};
use crate::error::AppError;
use crate::i18n::*;
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A calendar month (Tokyo), `2026-11`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SummaryMonth {
    pub year: i32,
    pub month: u32,
}

impl SummaryMonth {
    /// `2026-11`; a month before 2000 or after `today`'s is refused.
    pub fn parse(s: &str, today: NaiveDate) -> Option<SummaryMonth> {
        let (y, m) = s.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let m = SummaryMonth { year: y.parse().ok()?, month: m.parse().ok()? };
        (m.year >= 2000 && (1..=12).contains(&m.month) && m <= SummaryMonth::of(today)).then_some(m)
    }

    pub fn of(day: NaiveDate) -> SummaryMonth {
        SummaryMonth { year: day.year(), month: day.month() }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("a valid month")
    }

    /// The first day of the next month.
    pub fn end(self) -> NaiveDate {
        self.first_day() + chrono::Months::new(1)
    }

    pub fn previous(self) -> SummaryMonth {
        SummaryMonth::of(self.first_day() - chrono::Days::new(1))
    }

    pub fn slug(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

/// One reason's month, as counted (before protection).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReasonCount {
    pub reason: Reason,
    pub entries: u32,
    pub points: i64,
    pub people: u32,
}

/// One reward's vouchers taken in the month, as counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RewardCount {
    pub name_ja: String,
    pub name_en: String,
    pub provider: String,
    pub taken: u32,
    /// Of those taken, handed over and cancelled by now.
    pub handed_over: u32,
    pub cancelled: u32,
    pub points: i64,
    pub people: u32,
}

/// A line as published: the figures are `None` when the line's people
/// are hidden.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReasonLine {
    pub reason: Reason,
    pub people: Figure,
    pub entries: Option<u32>,
    pub points: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RewardLine {
    pub name_ja: String,
    pub name_en: String,
    pub provider: String,
    pub people: Figure,
    /// taken, handed over, cancelled, points
    pub figures: Option<(u32, u32, u32, i64)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthlySummary {
    pub month: SummaryMonth,
    /// The month is not over yet.
    pub partial: bool,
    pub reasons: Vec<ReasonLine>,
    pub rewards: Vec<RewardLine>,
    /// People who earned points in the month.
    pub earners: Figure,
    /// Points held and not spent at the month's end (or now).
    pub unspent: i64,
}

/// Applies the small-cell rule to the month's counts.
pub fn summarise(month: SummaryMonth, partial: bool, reasons: Vec<ReasonCount>, rewards: Vec<RewardCount>, earners: u32, unspent: i64) -> MonthlySummary {
    let people = |counts: Vec<u32>| -> Vec<Figure> {
        let t = Table { cells: counts.into_iter().map(|c| vec![c]).collect(), row_totals: false, col_totals: false, grand_total: false };
        protect(&t).cells.into_iter().map(|r| r.first().copied().unwrap_or(Figure::Small)).collect()
    };
    let shown = |f: Figure| f.shown().is_some();
    let reason_people = people(reasons.iter().map(|r| r.people).collect());
    let reward_people = people(rewards.iter().map(|r| r.people).collect());
    MonthlySummary {
        month,
        partial,
        reasons: reasons
            .into_iter()
            .zip(reason_people)
            .map(|(r, f)| ReasonLine { reason: r.reason, people: f, entries: shown(f).then_some(r.entries), points: shown(f).then_some(r.points) })
            .collect(),
        rewards: rewards
            .into_iter()
            .zip(reward_people)
            .map(|(r, f)| RewardLine {
                figures: shown(f).then_some((r.taken, r.handed_over, r.cancelled, r.points)),
                name_ja: r.name_ja,
                name_en: r.name_en,
                provider: r.provider,
                people: f,
            })
            .collect(),
        earners: people(vec![earners]).first().copied().unwrap_or(Figure::Small),
        unspent,
    }
}

/// The summary's tables as text in `l` (the page prints these; the CSV
/// writes the same): (title, header, rows).
pub fn tables(s: &MonthlySummary, l: Locale) -> Vec<(String, Vec<String>, Vec<Vec<String>>)> {
    use crate::dashboard::sheets::figure_text;
    let opt = |v: Option<String>| v.unwrap_or_else(|| "—".into());
    let reasons = s
        .reasons
        .iter()
        .map(|r| {
            vec![
                super::labels::reason_label(l, r.reason.as_str()).to_string(),
                opt(r.entries.map(|n| n.to_string())),
                opt(r.points.map(|n| n.to_string())),
                figure_text(r.people, l),
            ]
        })
        .collect();
    let rewards = s
        .rewards
        .iter()
        .map(|r| {
            let name = if l == Locale::en && !r.name_en.is_empty() { r.name_en.clone() } else { r.name_ja.clone() };
            let f = r.figures;
            vec![
                name,
                r.provider.clone(),
                opt(f.map(|f| f.0.to_string())),
                opt(f.map(|f| f.1.to_string())),
                opt(f.map(|f| f.2.to_string())),
                opt(f.map(|f| f.3.to_string())),
                figure_text(r.people, l),
            ]
        })
        .collect();
    let totals = vec![
        vec![td_string!(l, points.summary_earners).to_string(), figure_text(s.earners, l)],
        vec![td_string!(l, points.summary_unspent).to_string(), s.unspent.to_string()],
    ];
    vec![
        (
            td_string!(l, points.summary_by_reason).to_string(),
            [td_string!(l, points.summary_reason), td_string!(l, points.summary_entries), td_string!(l, points.summary_points), td_string!(l, points.summary_people)]
                .map(String::from)
                .to_vec(),
            reasons,
        ),
        (
            td_string!(l, points.summary_by_reward).to_string(),
            [
                td_string!(l, points.summary_reward),
                td_string!(l, points.summary_provider),
                td_string!(l, points.summary_taken),
                td_string!(l, points.summary_handed_over),
                td_string!(l, points.summary_cancelled),
                td_string!(l, points.summary_points),
                td_string!(l, points.summary_people),
            ]
            .map(String::from)
            .to_vec(),
            rewards,
        ),
        (td_string!(l, points.summary_totals).to_string(), vec![td_string!(l, dashboard.item).to_string(), td_string!(l, points.summary_value).to_string()], totals),
    ]
}

/// The summary as CSV (UTF-8 with a byte-order mark, for spreadsheets).
#[cfg(feature = "ssr")]
pub fn summary_csv(s: &MonthlySummary, l: Locale) -> String {
    use crate::feeds::spreadsheet::csv_cell;
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).flexible(true).from_writer(Vec::new());
    let mut head = vec![td_string!(l, points.summary_title).to_string(), s.month.slug()];
    if s.partial {
        head.push(td_string!(l, points.summary_partial).to_string());
    }
    let _ = w.write_record(head.iter().map(|c| csv_cell(c)));
    let _ = w.write_record([td_string!(l, dashboard.rule_short, n = crate::dashboard::suppression::MIN_PEOPLE.to_string()).to_string()]);
    for (title, header, rows) in tables(s, l) {
        let _ = w.write_record([""]);
        let _ = w.write_record([csv_cell(&title)]);
        let _ = w.write_record(header.iter().map(|c| csv_cell(c)));
        for row in &rows {
            let _ = w.write_record(row.iter().map(|c| csv_cell(c)));
        }
    }
    format!("\u{feff}{}", String::from_utf8_lossy(&w.into_inner().unwrap_or_default()))
}

#[cfg(feature = "ssr")]
pub mod db {
    use super::*;
    use crate::db::Db;

    fn count(n: i64) -> u32 {
        n.clamp(0, u32::MAX as i64) as u32
    }

    /// The month's summary from the ledger (a voucher belongs to the month
    /// it was taken in; its state is today's).
    pub async fn monthly(db: &Db, month: SummaryMonth, today: NaiveDate) -> Result<MonthlySummary, AppError> {
        let (from, to) = (month.first_day().to_string(), month.end().to_string());
        let by_reason: Vec<(String, i64, Option<i64>, i64)> = sqlx::query_as(
            "SELECT reason, COUNT(*), CAST(SUM(points) AS BIGINT), COUNT(DISTINCT user_id) FROM points_ledger
             WHERE earned_on >= $1 AND earned_on < $2 GROUP BY reason",
        )
        .bind(&from)
        .bind(&to)
        .fetch_all(db.pool())
        .await?;
        let reasons = Reason::ALL
            .iter()
            .map(|key| {
                let row = by_reason.iter().find(|r| r.0 == key.as_str());
                ReasonCount {
                    reason: *key,
                    entries: row.map_or(0, |r| count(r.1)),
                    points: row.and_then(|r| r.2).unwrap_or(0),
                    people: row.map_or(0, |r| count(r.3)),
                }
            })
            .collect();
        // names, provider, taken, handed over, cancelled, points, people
        type ByReward = (String, String, String, i64, i64, i64, Option<i64>, i64);
        let by_reward: Vec<ByReward> = sqlx::query_as(
            "SELECT w.name_ja, w.name_en, w.provider, COUNT(*),
                    CAST(SUM(CASE WHEN r.status = 'handed_over' THEN 1 ELSE 0 END) AS BIGINT),
                    CAST(SUM(CASE WHEN r.status = 'cancelled' THEN 1 ELSE 0 END) AS BIGINT),
                    CAST(SUM(-l.points) AS BIGINT), COUNT(DISTINCT l.user_id)
             FROM points_ledger l JOIN redemptions r ON r.id = l.redemption_id JOIN rewards w ON w.id = r.reward_id
             WHERE l.reason = 'redeem' AND l.earned_on >= $1 AND l.earned_on < $2
             GROUP BY w.id, w.name_ja, w.name_en, w.provider ORDER BY w.name_ja, w.id",
        )
        .bind(&from)
        .bind(&to)
        .fetch_all(db.pool())
        .await?;
        let rewards = by_reward
            .into_iter()
            .map(|(name_ja, name_en, provider, taken, handed, cancelled, points, people)| RewardCount {
                name_ja,
                name_en,
                provider,
                taken: count(taken),
                handed_over: count(handed),
                cancelled: count(cancelled),
                points: points.unwrap_or(0),
                people: count(people),
            })
            .collect();
        let earners: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT user_id) FROM points_ledger WHERE points > 0 AND reason <> 'refund' AND earned_on >= $1 AND earned_on < $2")
            .bind(&from)
            .bind(&to)
            .fetch_one(db.pool())
            .await?;
        // points still held by an account at the month's end
        let unspent: Option<i64> = sqlx::query_scalar("SELECT CAST(SUM(points) AS BIGINT) FROM points_ledger WHERE user_id IS NOT NULL AND earned_on < $1")
            .bind(&to)
            .fetch_one(db.pool())
            .await?;
        Ok(summarise(month, month == SummaryMonth::of(today), reasons, rewards, count(earners), unspent.unwrap_or(0)))
    }
}

/// The month's summary for city staff (`month`: `2026-11`; empty: this month).
#[server(endpoint = "staff/points/summary")]
pub async fn points_summary(month: String) -> Result<MonthlySummary, AppError> {
    let db = expect_context::<crate::db::Db>();
    crate::accounts::session::require(&db, crate::accounts::Permission::ManagePoints).await?;
    crate::attendance::device::private_page();
    let today = crate::calendar::today_tokyo();
    let month = if month.trim().is_empty() { SummaryMonth::of(today) } else { SummaryMonth::parse(&month, today).ok_or_else(|| AppError::Invalid("month".into()))? };
    db::monthly(&db, month, today).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn months_read_and_refuse() {
        let today = day("2026-12-05");
        assert_eq!(SummaryMonth::parse("2026-11", today), Some(SummaryMonth { year: 2026, month: 11 }));
        assert_eq!(SummaryMonth::parse(" 2026-12 ", today), Some(SummaryMonth { year: 2026, month: 12 }));
        for bad in ["2027-01", "2026-13", "2026-00", "1999-12", "2026-1", "26-11", "2026/11", "", "2026-11-01"] {
            assert_eq!(SummaryMonth::parse(bad, today), None, "{bad}");
        }
        let m = SummaryMonth { year: 2026, month: 1 };
        assert_eq!(m.previous(), SummaryMonth { year: 2025, month: 12 });
        assert_eq!(m.end(), day("2026-02-01"));
        assert_eq!(m.slug(), "2026-01");
    }

    #[test]
    fn a_line_of_few_people_hides_its_figures() {
        let m = SummaryMonth { year: 2026, month: 11 };
        let reasons = vec![
            ReasonCount { reason: Reason::Earned(crate::points::rules::Action::AttendActivity), entries: 40, points: 400, people: 12 },
            ReasonCount { reason: Reason::Earned(crate::points::rules::Action::Volunteer), entries: 3, points: 90, people: 2 },
            ReasonCount { reason: Reason::Refund, entries: 0, points: 0, people: 0 },
        ];
        let rewards = vec![
            RewardCount { name_ja: "野菜券".into(), name_en: "".into(), provider: "道の駅".into(), taken: 6, handed_over: 4, cancelled: 1, points: 600, people: 5 },
            RewardCount { name_ja: "入浴券".into(), name_en: "Bath".into(), provider: "湯".into(), taken: 1, handed_over: 0, cancelled: 0, points: 300, people: 1 },
        ];
        let s = summarise(m, false, reasons, rewards, 3, 1234);
        assert_eq!(s.reasons[0], ReasonLine { reason: Reason::Earned(crate::points::rules::Action::AttendActivity), people: Figure::Count(12), entries: Some(40), points: Some(400) });
        assert_eq!(s.reasons[1], ReasonLine { reason: Reason::Earned(crate::points::rules::Action::Volunteer), people: Figure::Small, entries: None, points: None });
        // nobody: shown as 0 (it points at nobody)
        assert_eq!(s.reasons[2].people, Figure::Count(0));
        assert_eq!(s.reasons[2].entries, Some(0));
        assert_eq!(s.rewards[0].figures, Some((6, 4, 1, 600)));
        assert_eq!(s.rewards[1].people, Figure::Small);
        assert_eq!(s.rewards[1].figures, None);
        assert_eq!(s.earners, Figure::Small);
        assert_eq!(s.unspent, 1234);
        // the tables carry 「5人未満」 and no hidden number
        let t = tables(&s, Locale::ja);
        let flat: Vec<String> = t.iter().flat_map(|(_, _, rows)| rows.iter().flatten().cloned()).collect();
        assert!(flat.iter().any(|c| c == "5人未満"));
        assert!(!flat.iter().any(|c| c == "90" || c == "300"), "{flat:?}");
    }
}
