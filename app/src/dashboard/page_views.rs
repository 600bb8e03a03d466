//! How often each activity page is read, per Tokyo day: one number per
//! page and day, counted in memory and added to `activity_views` now and
//! then (and before the dashboard reads them). Nothing about the reader is
//! kept: no cookie, no address, no time of day. Prefetches and robots that
//! say so are not counted.
use crate::db::Db;
use crate::error::AppError;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Debug, Default)]
pub struct ViewCounter {
    pending: Mutex<HashMap<(NaiveDate, i64), u64>>,
}

/// Whether a request's headers say it is not a person reading: a
/// prefetch, or a user agent that calls itself a robot.
pub fn is_not_a_reader(user_agent: Option<&str>, purpose: Option<&str>) -> bool {
    let prefetch = purpose.is_some_and(|p| p.to_ascii_lowercase().contains("prefetch"));
    let robot = user_agent.is_some_and(|ua| {
        let ua = ua.to_ascii_lowercase();
        ["bot", "crawler", "spider", "slurp", "preview", "headlesschrome/lighthouse"].iter().any(|w| ua.contains(w))
    });
    prefetch || robot
}

/// The activity id of an activity page's path (`/activities/12`).
pub fn activity_of_path(path: &str) -> Option<i64> {
    let id = path.strip_prefix("/activities/")?.trim_end_matches('/');
    (!id.is_empty() && id.len() <= 18 && id.bytes().all(|b| b.is_ascii_digit())).then(|| id.parse().ok()).flatten()
}

impl ViewCounter {
    pub fn new() -> ViewCounter {
        ViewCounter::default()
    }

    pub fn record(&self, day: NaiveDate, activity_id: i64) {
        if let Ok(mut p) = self.pending.lock() {
            *p.entry((day, activity_id)).or_insert(0) += 1;
        }
    }

    /// Counts not yet written.
    pub fn pending(&self) -> u64 {
        self.pending.lock().map(|p| p.values().sum()).unwrap_or(0)
    }

    /// Adds the pending counts to the table in one transaction; on failure
    /// they are kept for the next try.
    pub async fn flush(&self, db: &Db) -> Result<usize, AppError> {
        let batch: Vec<((NaiveDate, i64), u64)> = match self.pending.lock() {
            Ok(mut p) => p.drain().collect(),
            Err(_) => return Ok(0),
        };
        if batch.is_empty() {
            return Ok(0);
        }
        let write = async {
            let mut tx = db.begin_write().await?;
            for ((day, id), n) in &batch {
                sqlx::query(
                    "INSERT INTO activity_views (day, activity_id, views) VALUES ($1, $2, $3)
                     ON CONFLICT (day, activity_id) DO UPDATE SET views = activity_views.views + excluded.views",
                )
                .bind(day.to_string())
                .bind(*id)
                .bind(*n as i64)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok::<_, sqlx::Error>(())
        };
        match write.await {
            Ok(()) => Ok(batch.len()),
            Err(e) => {
                if let Ok(mut p) = self.pending.lock() {
                    for (k, n) in batch {
                        *p.entry(k).or_insert(0) += n;
                    }
                }
                Err(e.into())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_readers() {
        assert_eq!(activity_of_path("/activities/12"), Some(12));
        assert_eq!(activity_of_path("/activities/12/"), Some(12));
        for p in ["/activities", "/activities/", "/activities/new", "/activities/1x", "/activities/99999999999999999999", "/staff/activities/3"] {
            assert_eq!(activity_of_path(p), None, "{p}");
        }
        assert!(is_not_a_reader(Some("Mozilla/5.0 (compatible; Googlebot/2.1)"), None));
        assert!(is_not_a_reader(Some("Mozilla/5.0"), Some("prefetch")));
        assert!(!is_not_a_reader(Some("Mozilla/5.0 (Linux; Android 14) Chrome/131"), None));
        assert!(!is_not_a_reader(None, None));
    }

    #[test]
    fn counts_add_up_per_day_and_page() {
        let c = ViewCounter::new();
        let d = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        c.record(d, 1);
        c.record(d, 1);
        c.record(d, 2);
        assert_eq!(c.pending(), 3);
    }
}
