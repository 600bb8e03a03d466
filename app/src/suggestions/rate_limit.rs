//! A small rate limit for anonymous forms: at most `max` events per key
//! (an IP address, stored only as a salted hash) in a sliding window.
use crate::db::Db;
use crate::error::AppError;
use sha2::{Digest, Sha256};

fn hash(scope: &str, key: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"tsunagu-rate-limit\0");
    h.update(scope.as_bytes());
    h.update(b"\0");
    h.update(key.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Record one event for `key` in `scope` and say whether it is allowed (it
/// is not when `max` events already happened within `window`). Old entries
/// are cleared as a side effect.
pub async fn allow(db: &Db, scope: &str, key: &str, max: i64, window: chrono::Duration) -> Result<bool, AppError> {
    let now = chrono::Utc::now();
    let since = (now - window).to_rfc3339();
    let k = hash(scope, key);
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM rate_limits WHERE scope = $1 AND at < $2").bind(scope).bind(&since).execute(&mut *tx).await?;
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM rate_limits WHERE scope = $1 AND key_hash = $2 AND at >= $3")
        .bind(scope)
        .bind(&k)
        .bind(&since)
        .fetch_one(&mut *tx)
        .await?;
    if n >= max {
        tx.commit().await?;
        return Ok(false);
    }
    sqlx::query("INSERT INTO rate_limits (scope, key_hash, at) VALUES ($1, $2, $3)").bind(scope).bind(&k).bind(now.to_rfc3339()).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(true)
}

/// Suggestions (and their photos) one address may send per hour; the
/// `TSUNAGU_SUGGESTION_LIMIT` setting overrides it.
pub fn suggestions_per_hour() -> i64 {
    std::env::var("TSUNAGU_SUGGESTION_LIMIT").ok().and_then(|v| v.parse().ok()).filter(|n| *n > 0).unwrap_or(10)
}
