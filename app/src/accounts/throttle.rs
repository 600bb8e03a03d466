//! Sign-in throttling, kept in the database so every server instance sees
//! the same counts.
//!
//! Every attempt is written down *before* its password is checked, and
//! counted after: parallel requests cannot all slip under the limit (each
//! sees at least every attempt written before its own). Attempts count per
//! account *and address* ([`ACCOUNT_LIMIT`]) and per address
//! ([`ADDRESS_LIMIT`]) within [`WINDOW_MINUTES`], so a stranger elsewhere
//! cannot lock a member of staff out by typing wrong passwords for their
//! address. Instead, when one account sees [`ALERT_AT`] failures from
//! anywhere within the window, its holder gets a mail (at most one a day).
//! A successful sign-in clears the count for its account and address.
use super::session::{now_text, time_text};
use crate::db::Db;
use crate::error::AppError;

/// Wrong passwords for one account from one address within the window (by
/// default: `sign-in-account` in `TSUNAGU_RATE_LIMITS`).
pub const ACCOUNT_LIMIT: usize = 5;
/// Wrong passwords from one address (any accounts) within the window (by
/// default: `sign-in-address`).
pub const ADDRESS_LIMIT: usize = 30;
/// Wrong passwords for one account, from anywhere, that tell its holder.
pub const ALERT_AT: usize = 10;
pub const WINDOW_MINUTES: i64 = 15;

#[cfg(test)]
#[test]
fn the_defaults_are_the_limits_settings() {
    use crate::rate_limit::Limit;
    assert_eq!(Limit::SignInAccount.default_max() as usize, ACCOUNT_LIMIT);
    assert_eq!(Limit::SignInAddress.default_max() as usize, ADDRESS_LIMIT);
    assert_eq!(Limit::SignInAccount.window_minutes(), WINDOW_MINUTES);
}

/// An attempt may go on to check its password; it counts as a failure until
/// [`succeeded`] takes it back.
#[derive(Debug)]
pub struct Attempt {
    id: i64,
}

/// Minutes until the address may try again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Locked {
    pub minutes: i64,
}

fn window_start() -> String {
    time_text(chrono::Utc::now() - chrono::Duration::minutes(WINDOW_MINUTES))
}

/// Write the attempt down, then see whether it is within the limits. A
/// refused attempt is taken back (it checked no password).
pub async fn begin(db: &Db, email: &str, address: &str, limits: &crate::rate_limit::RateLimits) -> Result<Result<Attempt, Locked>, AppError> {
    use crate::rate_limit::Limit;
    let (account_limit, address_limit) = (limits.max(Limit::SignInAccount) as usize, limits.max(Limit::SignInAddress) as usize);
    let id: i64 = sqlx::query_scalar("INSERT INTO login_failures (email, ip, failed_at) VALUES ($1, $2, $3) RETURNING id")
        .bind(email)
        .bind(address)
        .bind(now_text())
        .fetch_one(db.pool())
        .await?;
    let since = window_start();
    let by_account: Vec<(i64, String)> = rows(
        db,
        "SELECT id, failed_at FROM login_failures WHERE email = $1 AND ip = $2 AND failed_at > $3 ORDER BY failed_at, id",
        &[email, address, &since],
    )
    .await?;
    let by_address: Vec<(i64, String)> =
        rows(db, "SELECT id, failed_at FROM login_failures WHERE ip = $1 AND failed_at > $2 ORDER BY failed_at, id", &[address, &since]).await?;
    let locked = locked_for(&by_account, id, account_limit).max(locked_for(&by_address, id, address_limit));
    if let Some(minutes) = locked {
        sqlx::query("DELETE FROM login_failures WHERE id = $1").bind(id).execute(db.pool()).await?;
        return Ok(Err(Locked { minutes }));
    }
    Ok(Ok(Attempt { id }))
}

async fn rows(db: &Db, sql: &str, binds: &[&str]) -> Result<Vec<(i64, String)>, AppError> {
    use sqlx::Row;
    let mut q = sqlx::query(sql);
    for b in binds {
        q = q.bind(*b);
    }
    let rows = q.fetch_all(db.pool()).await?;
    Ok(rows.iter().map(|r| Ok::<_, sqlx::Error>((r.try_get(0)?, r.try_get(1)?))).collect::<Result<_, _>>()?)
}

/// With `mine` among `times` (oldest first): when more than `limit` count,
/// the minutes until the oldest of the newest `limit` others leaves the window.
fn locked_for(times: &[(i64, String)], mine: i64, limit: usize) -> Option<i64> {
    if times.len() <= limit {
        return None;
    }
    let others: Vec<&String> = times.iter().filter(|(id, _)| *id != mine).map(|(_, t)| t).collect();
    let oldest = others.get(others.len().saturating_sub(limit))?;
    let at = chrono::DateTime::parse_from_rfc3339(oldest).ok()?;
    let left = (at + chrono::Duration::minutes(WINDOW_MINUTES)).signed_duration_since(chrono::Utc::now()).num_seconds();
    Some(((left + 59) / 60).max(1))
}

/// The password was right: this attempt and the earlier failures for the
/// account from this address no longer count.
pub async fn succeeded(db: &Db, attempt: Attempt, email: &str, address: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM login_failures WHERE id = $1 OR (email = $2 AND ip = $3)")
        .bind(attempt.id)
        .bind(email)
        .bind(address)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// The attempt failed (it stays counted). Returns whether the account has
/// now seen [`ALERT_AT`] failures from anywhere in the window, so that its
/// holder should be told. Keeps the table small as a side effect.
pub async fn failed(db: &Db, _attempt: Attempt, email: &str) -> Result<bool, AppError> {
    sqlx::query("DELETE FROM login_failures WHERE failed_at < $1")
        .bind(time_text(chrono::Utc::now() - chrono::Duration::days(1)))
        .execute(db.pool())
        .await?;
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE email = $1 AND failed_at > $2")
        .bind(email)
        .bind(window_start())
        .fetch_one(db.pool())
        .await?;
    Ok(n as usize >= ALERT_AT)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes_ago: i64) -> String {
        time_text(chrono::Utc::now() - chrono::Duration::minutes(minutes_ago))
    }

    #[test]
    fn the_attempt_over_the_limit_waits_for_the_oldest_that_counts() {
        let mut times: Vec<(i64, String)> = (1..=5).map(|i| (i, at(10 - i))).collect();
        assert_eq!(locked_for(&times, 5, 5), None, "the fifth attempt goes on");
        times.push((6, at(0)));
        // the oldest of the five others (9 min ago) leaves the window in 6 min
        assert_eq!(locked_for(&times, 6, 5), Some(6));
    }
}
