//! Sign-in throttling, per account and per address, kept in the database so
//! every server instance sees the same counts. After [`ACCOUNT_LIMIT`]
//! failures for one e-mail (or [`ADDRESS_LIMIT`] from one address) within
//! [`WINDOW_MINUTES`], sign-in is refused without checking the password
//! until the window has passed. A successful sign-in clears the account's count.
use super::session::{now_text, time_text};
use crate::db::Db;
use crate::error::AppError;

pub const ACCOUNT_LIMIT: i64 = 5;
pub const ADDRESS_LIMIT: i64 = 30;
pub const WINDOW_MINUTES: i64 = 15;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Throttle {
    Open,
    /// Try again in about this many minutes.
    Locked { minutes: i64 },
}

fn window_start() -> String {
    time_text(chrono::Utc::now() - chrono::Duration::minutes(WINDOW_MINUTES))
}

pub async fn check(db: &Db, email: &str, ip: &str) -> Result<Throttle, AppError> {
    let since = window_start();
    let by_account: Vec<String> = sqlx::query_scalar(
        "SELECT failed_at FROM login_failures WHERE email = $1 AND failed_at > $2 ORDER BY failed_at",
    )
    .bind(email)
    .bind(&since)
    .fetch_all(db.pool())
    .await?;
    let by_address: Vec<String> = sqlx::query_scalar(
        "SELECT failed_at FROM login_failures WHERE ip = $1 AND failed_at > $2 ORDER BY failed_at",
    )
    .bind(ip)
    .bind(&since)
    .fetch_all(db.pool())
    .await?;
    let locked_by = |times: &[String], limit: i64| -> Option<i64> {
        if (times.len() as i64) < limit {
            return None;
        }
        // open again when the oldest failure that counts leaves the window
        let oldest = times.get(times.len() - limit as usize)?;
        let at = chrono::DateTime::parse_from_rfc3339(oldest).ok()?;
        let until = at + chrono::Duration::minutes(WINDOW_MINUTES);
        let left = until.signed_duration_since(chrono::Utc::now()).num_seconds();
        Some(((left + 59) / 60).max(1))
    };
    match (locked_by(&by_account, ACCOUNT_LIMIT), locked_by(&by_address, ADDRESS_LIMIT)) {
        (None, None) => Ok(Throttle::Open),
        (a, b) => Ok(Throttle::Locked { minutes: a.unwrap_or(0).max(b.unwrap_or(0)) }),
    }
}

pub async fn record_failure(db: &Db, email: &str, ip: &str) -> Result<(), AppError> {
    sqlx::query("INSERT INTO login_failures (email, ip, failed_at) VALUES ($1, $2, $3)")
        .bind(email)
        .bind(ip)
        .bind(now_text())
        .execute(db.pool())
        .await?;
    // keep the table small: nothing older than a day matters
    sqlx::query("DELETE FROM login_failures WHERE failed_at < $1")
        .bind(time_text(chrono::Utc::now() - chrono::Duration::days(1)))
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn clear(db: &Db, email: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM login_failures WHERE email = $1").bind(email).execute(db.pool()).await?;
    Ok(())
}
