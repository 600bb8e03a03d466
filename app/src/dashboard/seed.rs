//! The demo town's population side for the dashboard: anonymous self-check
//! contributions over the last twenty months and a daily count of reads of
//! activity pages over the last ninety days. Deterministic (a fixed
//! generator), written only into the empty demo database.
use chrono::{Datelike, Duration, NaiveDate};
use sqlx::AnyConnection;

/// A small linear congruential generator (no dependency, same numbers on
/// every machine).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// How many rows were written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TownActivity {
    pub contributions: usize,
    pub view_rows: usize,
}

/// One contribution: month, age band, district, (section, tenths).
type Contribution = (String, String, Option<String>, Vec<(String, u8)>);

fn plan_contributions(today: NaiveDate, districts: &[String], sections: &[String], rng: &mut Lcg) -> Vec<Contribution> {
    const BANDS: [&str; 8] = ["-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80-"];
    let mut out = Vec::new();
    for back in 0..20 {
        let first = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today);
        let month = first - chrono::Months::new(back);
        // more in the months after the portal was introduced at salons
        let n = 6 + rng.below(10) + if back < 8 { 6 } else { 0 };
        for _ in 0..n {
            let band = BANDS[(4 + rng.below(4) as usize).min(7) - rng.below(3) as usize].to_string();
            let district = (rng.below(10) < 9).then(|| districts[rng.below(districts.len() as u64) as usize].clone());
            let scores = sections.iter().map(|s| (s.clone(), (30 + rng.below(55)) as u8)).collect();
            out.push((month.format("%Y-%m").to_string(), band, district, scores));
        }
    }
    out
}

pub async fn seed_town_activity(conn: &mut AnyConnection, today: NaiveDate) -> Result<TownActivity, sqlx::Error> {
    let mut rng = Lcg(2026);
    let districts: Vec<String> = sqlx::query_scalar("SELECT slug FROM districts ORDER BY sort_order, slug").fetch_all(&mut *conn).await?;
    let mut contributions = 0;
    if let (Ok(lib), false) = (crate::health_check::library::Library::load(None), districts.is_empty()) {
        if let Some(q) = lib.all().first() {
            let sections: Vec<String> = q.sections.iter().map(|s| s.id.clone()).collect();
            for (month, band, district, scores) in plan_contributions(today, &districts, &sections, &mut rng) {
                sqlx::query("INSERT INTO health_check_stats (questionnaire_id, questionnaire_version, month, age_band, district, scores) VALUES ($1, $2, $3, $4, $5, $6)")
                    .bind(&q.id)
                    .bind(i64::from(q.version))
                    .bind(month)
                    .bind(band)
                    .bind(district)
                    .bind(serde_json::to_string(&scores).unwrap_or_default())
                    .execute(&mut *conn)
                    .await?;
                contributions += 1;
            }
        }
    }
    let activities: Vec<i64> = sqlx::query_scalar("SELECT id FROM activities WHERE status = 'active' ORDER BY id").fetch_all(&mut *conn).await?;
    let mut view_rows = 0;
    if !activities.is_empty() {
        for back in 1..=90 {
            let day = today - Duration::days(back);
            let mut seen = std::collections::BTreeSet::new();
            for _ in 0..12 {
                let id = activities[rng.below(activities.len() as u64) as usize];
                if seen.insert(id) {
                    sqlx::query("INSERT INTO activity_views (day, activity_id, views) VALUES ($1, $2, $3)")
                        .bind(day.to_string())
                        .bind(id)
                        .bind(1 + rng.below(12) as i64)
                        .execute(&mut *conn)
                        .await?;
                    view_rows += 1;
                }
            }
        }
    }
    Ok(TownActivity { contributions, view_rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_is_the_same_every_time_and_in_the_past() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let d = vec!["chuo".to_string(), "kitayama".to_string()];
        let s = vec!["body".to_string(), "mind".to_string()];
        let a = plan_contributions(today, &d, &s, &mut Lcg(2026));
        let b = plan_contributions(today, &d, &s, &mut Lcg(2026));
        assert_eq!(a, b);
        assert!(a.len() > 150, "{}", a.len());
        assert!(a.iter().all(|(m, _, _, sc)| m.as_str() <= "2026-12" && m.as_str() >= "2025-05" && sc.iter().all(|(_, t)| *t <= 100)));
    }
}
