//! The shared count, in the `rate_limits` table.
use super::address::{ClientAddress, TrustedProxies};
use super::{Limit, RateLimits};
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

fn text(t: chrono::DateTime<chrono::Utc>) -> String {
    // fixed width, so that text order is time order
    t.to_rfc3339_opts(chrono::SecondsFormat::Nanos, true)
}

/// Count one event for `key` in `scope`; `Ok(None)` when it is allowed,
/// `Ok(Some(seconds))` when `max` events already happened within `window`
/// (the seconds until one more is allowed; the refused event is not counted).
///
/// The event is written before it is counted, without a transaction, so
/// parallel requests cannot all see room for themselves: each one sees at
/// least every event written before its own, and the (max+1)-th sees more
/// than `max` and takes its own back.
pub async fn allow(db: &Db, scope: &str, key: &str, max: u32, window: chrono::Duration) -> Result<Option<i64>, AppError> {
    let now = chrono::Utc::now();
    let since = text(now - window);
    let at = text(now);
    let k = hash(scope, key);
    sqlx::query("DELETE FROM rate_limits WHERE scope = $1 AND at < $2").bind(scope).bind(&since).execute(db.pool()).await?;
    sqlx::query("INSERT INTO rate_limits (scope, key_hash, at) VALUES ($1, $2, $3)").bind(scope).bind(&k).bind(&at).execute(db.pool()).await?;
    let times: Vec<String> = sqlx::query_scalar("SELECT at FROM rate_limits WHERE scope = $1 AND key_hash = $2 AND at >= $3 ORDER BY at DESC")
        .bind(scope)
        .bind(&k)
        .bind(&since)
        .fetch_all(db.pool())
        .await?;
    if times.len() <= max as usize {
        return Ok(None);
    }
    sqlx::query("DELETE FROM rate_limits WHERE scope = $1 AND key_hash = $2 AND at = $3").bind(scope).bind(&k).bind(&at).execute(db.pool()).await?;
    // open again when the oldest of the newest `max` others leaves the window
    let others: Vec<&String> = times.iter().filter(|t| **t != at).collect();
    let seconds = others
        .get(max as usize - 1)
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| (t.with_timezone(&chrono::Utc) + window - now).num_seconds())
        .unwrap_or(window.num_seconds());
    Ok(Some(seconds.max(1)))
}

/// The address of the request being served (server functions and pages),
/// through the proxies the site trusts (`TrustedProxies` in context).
pub fn client_address() -> ClientAddress {
    use leptos::prelude::use_context;
    let proxies = use_context::<TrustedProxies>().unwrap_or_default();
    let Some(parts) = use_context::<http::request::Parts>() else { return ClientAddress::resolve(None, [], &proxies) };
    from_parts(&parts.headers, &parts.extensions, &proxies)
}

/// The same for an axum handler's request.
pub fn from_parts(headers: &http::HeaderMap, extensions: &http::Extensions, proxies: &TrustedProxies) -> ClientAddress {
    let peer = extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
    let forwarded = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
    ClientAddress::resolve(peer, forwarded, proxies)
}

/// Count one `limit` event for the request being served, by its address.
/// Refused: the answer says so with 429 and `Retry-After`.
pub async fn check_request(db: &Db, limit: Limit) -> Result<(), AppError> {
    check_key(db, limit, &client_address().key()).await
}

/// Count one `limit` event under `key` (an address key, or a mail address
/// for limits per recipient).
pub async fn check_key(db: &Db, limit: Limit, key: &str) -> Result<(), AppError> {
    let limits = leptos::prelude::use_context::<RateLimits>().unwrap_or_default();
    match count(db, &limits, limit, key).await? {
        None => Ok(()),
        Some(seconds) => Err(refused(seconds)),
    }
}

/// Count one `limit` event under `key` within the site's `limits`, leaving
/// the response alone: `Some(seconds)` to wait when refused. For what
/// happens quietly beside an answer (a mail not sent again), and for plain
/// axum handlers that make their own refusal.
pub async fn count(db: &Db, limits: &RateLimits, limit: Limit, key: &str) -> Result<Option<i64>, AppError> {
    allow(db, limit.scope(), key, limits.max(limit), chrono::Duration::minutes(limit.window_minutes())).await
}

/// For a server function that a plain HTML form posts (no JavaScript): the
/// minutes to wait when refused, for the page the browser is sent back to
/// to say so (a 429 would show the browser's own error page instead of
/// following the redirect). Called by a script: refused with 429.
pub async fn check_form(db: &Db, limit: Limit) -> Result<Option<u32>, AppError> {
    match check_request(db, limit).await {
        Err(AppError::RateLimited { minutes }) if crate::ui::forms::is_html_form() => Ok(Some(minutes)),
        Err(e) => Err(e),
        Ok(()) => Ok(None),
    }
}

/// The error for a refusal (the server's error layer answers it with 429
/// and `Retry-After`; a plain form post is sent back to its page instead).
pub fn refused(seconds: i64) -> AppError {
    AppError::RateLimited { minutes: minutes_from_seconds(seconds) }
}

pub fn minutes_from_seconds(seconds: i64) -> u32 {
    ((seconds.max(1) + 59) / 60) as u32
}
