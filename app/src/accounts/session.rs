//! Passwords (argon2id), server-side sessions and role checks. The cookie
//! holds a random token; the database keeps only its SHA-256.
use super::{CurrentUser, Permission, Role};
use crate::db::Db;
use crate::error::AppError;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::Engine;
use sha2::{Digest, Sha256};
use sqlx::Row;

pub const SESSION_COOKIE: &str = "tsunagu_session";
/// Sessions of accounts that can see other people's data last a working day.
const WORK_SESSION_HOURS: i64 = 12;
/// Residents stay signed in on their own phone for a month.
const RESIDENT_SESSION_HOURS: i64 = 24 * 30;

/// How long a session of someone with `roles` lasts.
pub fn session_hours(roles: &[Role]) -> i64 {
    if roles.iter().all(|r| *r == Role::Resident) {
        RESIDENT_SESSION_HOURS
    } else {
        WORK_SESSION_HOURS
    }
}

/// How long a session may go unused before it ends (from `last_seen_at`),
/// on top of its fixed lifetime: residents on their own phones for a
/// month, anyone who works with cases (link workers, leads, referrers,
/// auditors) for a working day. `TSUNAGU_IDLE_HOURS_RESIDENT` and
/// `TSUNAGU_IDLE_HOURS_CASEWORK` set them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdleTimeouts {
    pub resident: chrono::Duration,
    pub casework: chrono::Duration,
}

impl Default for IdleTimeouts {
    fn default() -> Self {
        Self { resident: chrono::Duration::days(30), casework: chrono::Duration::hours(12) }
    }
}

impl IdleTimeouts {
    pub fn for_roles(&self, roles: &[Role]) -> chrono::Duration {
        let casework = [Permission::CaseWork, Permission::LeadCases, Permission::Refer, Permission::ViewAudit];
        if casework.iter().any(|p| p.allows(roles)) {
            self.casework
        } else {
            self.resident
        }
    }
}

/// Now, as stored: UTC RFC 3339 with whole seconds (compares as text).
pub fn now_text() -> String {
    time_text(chrono::Utc::now())
}

pub fn time_text(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Argon2 costs tens of milliseconds of one core by design. It runs on
/// tokio's blocking threads, never on the async workers that serve pages,
/// and on at most all cores but one at a time (at least one): on a two-core
/// server a burst of sign-ins would otherwise take every core from the pages
/// beside them (docs/benchmarks.md, "Security hardening").
static HASHING: std::sync::LazyLock<tokio::sync::Semaphore> =
    std::sync::LazyLock::new(|| tokio::sync::Semaphore::new(hashing_permits(std::thread::available_parallelism().map_or(1, |n| n.get()))));

/// Hashes at a time on a machine with `cores`: one core stays for the pages.
fn hashing_permits(cores: usize) -> usize {
    cores.saturating_sub(1).max(1)
}

/// `work` on a blocking thread, once a core is free for it.
async fn off_the_workers<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    let _core = HASHING.acquire().await.map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(work).await.map_err(|_| AppError::Internal)
}

pub async fn hash_password(password: &str) -> Result<String, AppError> {
    let password = password.to_owned();
    off_the_workers(move || hash_now(&password)).await?
}

fn hash_now(password: &str) -> Result<String, AppError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|_| AppError::Internal)?;
    let salt = SaltString::encode_b64(&salt).map_err(|_| AppError::Internal)?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| AppError::Internal)
}

async fn verify(password: &str, hash: &str) -> Result<bool, AppError> {
    let (password, hash) = (password.to_owned(), hash.to_owned());
    off_the_workers(move || verify_now(&password, &hash)).await
}

fn verify_now(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

/// The user id when `email` + `password` match. Unknown e-mails cost the
/// same hashing time as wrong passwords.
pub async fn check_password(db: &Db, email: &str, password: &str) -> Result<Option<i64>, AppError> {
    let row = sqlx::query("SELECT id, password_hash FROM users WHERE email = $1")
        .bind(email.trim().to_lowercase())
        .fetch_optional(db.pool())
        .await?;
    match row {
        Some(r) => {
            let hash: String = r.try_get("password_hash")?;
            Ok(verify(password, &hash).await?.then(|| r.try_get("id")).transpose()?)
        }
        None => {
            let _ = verify(password, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$0000000000000000000000000000000000000000000").await?;
            Ok(None)
        }
    }
}

/// SHA-256 of a secret token, hex: what the database keeps of it.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// A fresh unguessable token (256 bits, URL-safe).
pub fn new_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|_| AppError::Internal)?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// A new session for `user_id`; answers the cookie token and its lifetime in hours.
pub async fn create_session(db: &Db, user_id: i64) -> Result<(String, i64), AppError> {
    let roles: String = sqlx::query_scalar("SELECT roles FROM users WHERE id = $1").bind(user_id).fetch_one(db.pool()).await?;
    let hours = session_hours(&Role::parse_list(&roles));
    let token = new_token()?;
    let now = chrono::Utc::now();
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at, device) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(token_hash(&token))
        .bind(user_id)
        .bind(time_text(now))
        .bind(time_text(now + chrono::Duration::hours(hours)))
        .bind(time_text(now))
        .bind(request_device())
        .execute(db.pool())
        .await?;
    Ok((token, hours))
}

/// Sign `user_id` in on this response: a new session and its cookie.
pub async fn sign_in(db: &Db, user_id: i64) -> Result<(), AppError> {
    let (token, hours) = create_session(db, user_id).await?;
    let public = leptos::prelude::use_context::<crate::config::PublicConfig>().unwrap_or_default();
    set_cookie(&session_cookie(&token, public.base_url.starts_with("https://"), hours));
    Ok(())
}

/// A header of the request being served (server functions and SSR).
pub fn request_header(name: &str) -> Option<String> {
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    parts.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// A short name for the browser making the request ("Chrome / Android").
pub fn request_device() -> String {
    super::device::describe(request_header("user-agent").as_deref().unwrap_or(""))
}

fn request_token() -> Option<String> {
    let cookies = crate::preferences::current_cookies()?;
    crate::preferences::cookie_value(&cookies, SESSION_COOKIE).map(str::to_string)
}

pub async fn user_from_request(db: &Db) -> Result<Option<CurrentUser>, AppError> {
    let Some(token) = request_token() else { return Ok(None) };
    let idle = leptos::prelude::use_context::<IdleTimeouts>().unwrap_or_default();
    user_for_token(db, &token, &idle).await
}

/// The person a session token belongs to: the session must be unexpired,
/// used within its idle timeout, and the account not disabled. Marks the
/// session as seen (at most every 10 min).
pub async fn user_for_token(db: &Db, token: &str, idle: &IdleTimeouts) -> Result<Option<CurrentUser>, AppError> {
    let hash = token_hash(token);
    let row = sqlx::query(
        "SELECT u.id, u.display_name, u.email, u.roles, u.disabled_at, s.expires_at, s.last_seen_at
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1",
    )
    .bind(&hash)
    .fetch_optional(db.pool())
    .await?;
    let Some(r) = row else { return Ok(None) };
    let expires: String = r.try_get("expires_at")?;
    let now = chrono::Utc::now();
    let valid = chrono::DateTime::parse_from_rfc3339(&expires).is_ok_and(|e| e > now);
    let disabled: Option<String> = r.try_get("disabled_at")?;
    if !valid || disabled.is_some() {
        return Ok(None);
    }
    let roles = Role::parse_list(&r.try_get::<String, _>("roles")?);
    let seen = r.try_get::<Option<String>, _>("last_seen_at")?.and_then(|s| chrono::DateTime::parse_from_rfc3339(&s).ok());
    if seen.is_some_and(|s| now.signed_duration_since(s) > idle.for_roles(&roles)) {
        // left unused too long: this session is over
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(&hash).execute(db.pool()).await?;
        return Ok(None);
    }
    let stale = seen.is_none_or(|s| now.signed_duration_since(s) > chrono::Duration::minutes(10));
    if stale {
        // best effort: a busy database must not fail the request
        let _ = sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(time_text(now))
            .bind(&hash)
            .execute(db.pool())
            .await;
    }
    Ok(Some(CurrentUser { id: r.try_get("id")?, display_name: r.try_get("display_name")?, email: r.try_get("email")?, roles }))
}

/// The signed-in person when they may do `permission`; `SignInRequired`
/// when nobody is signed in, `Forbidden` when their roles do not allow it.
pub async fn require(db: &Db, permission: Permission) -> Result<CurrentUser, AppError> {
    match user_from_request(db).await? {
        None => Err(AppError::SignInRequired),
        Some(u) if permission.allows(&u.roles) => Ok(u),
        Some(_) => Err(AppError::Forbidden),
    }
}

/// The session token of a plain axum route's request (its cookie).
pub fn token_from_headers(headers: &http::HeaderMap) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| crate::preferences::cookie_value(c, SESSION_COOKIE).map(str::to_string))
}

/// This session's half of the casework vault lock (made on first ask):
/// 32 random bytes, base64. It dies with the session.
pub async fn vault_key(db: &Db, token: &str) -> Result<Option<String>, AppError> {
    let hash = token_hash(token);
    let fresh = {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|_| AppError::Internal)?;
        base64::engine::general_purpose::STANDARD.encode(bytes)
    };
    sqlx::query("UPDATE sessions SET vault_key = $1 WHERE token_hash = $2 AND vault_key IS NULL").bind(&fresh).bind(&hash).execute(db.pool()).await?;
    let key: Option<Option<String>> = sqlx::query_scalar("SELECT vault_key FROM sessions WHERE token_hash = $1").bind(&hash).fetch_optional(db.pool()).await?;
    Ok(key.flatten())
}

/// The signed-in person of a plain axum route's request, if any.
pub async fn user_from_headers(db: &Db, headers: &http::HeaderMap, idle: &IdleTimeouts) -> Result<Option<CurrentUser>, AppError> {
    let token = token_from_headers(headers);
    match token {
        Some(t) => user_for_token(db, &t, idle).await,
        None => Ok(None),
    }
}

/// The same check as [`require`] for plain axum routes, from the request headers.
pub async fn require_from_headers(db: &Db, headers: &http::HeaderMap, idle: &IdleTimeouts, permission: Permission) -> Result<CurrentUser, AppError> {
    match user_from_headers(db, headers, idle).await? {
        None => Err(AppError::SignInRequired),
        Some(u) if permission.allows(&u.roles) => Ok(u),
        Some(_) => Err(AppError::Forbidden),
    }
}

pub async fn end_session(db: &Db) -> Result<(), AppError> {
    if let Some(token) = request_token() {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash(&token)).execute(db.pool()).await?;
    }
    Ok(())
}

/// Sign out on every device (after a password change or reset, or on request).
pub async fn end_all_sessions(conn: &mut sqlx::AnyConnection, user_id: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *conn).await?;
    Ok(())
}

pub fn session_cookie(token: &str, secure: bool, hours: i64) -> String {
    let max_age = hours * 3600;
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{}",
        if secure { "; Secure" } else { "" }
    )
}

pub fn clear_cookie() -> String {
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

pub fn set_cookie(cookie: &str) {
    if let (Some(resp), Ok(v)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(cookie),
    ) {
        resp.append_header(http::header::SET_COOKIE, v);
    }
}

/// Create or update a user (demo seed, tests, admin tooling).
pub async fn upsert_user(
    conn: &mut sqlx::AnyConnection,
    email: &str,
    display_name: &str,
    password: &str,
    roles: &[Role],
) -> Result<i64, AppError> {
    upsert_user_hashed(conn, email, display_name, &hash_password(password).await?, roles).await
}

/// [`upsert_user`] with an already hashed password.
pub async fn upsert_user_hashed(
    conn: &mut sqlx::AnyConnection,
    email: &str,
    display_name: &str,
    hash: &str,
    roles: &[Role],
) -> Result<i64, AppError> {
    let roles = Role::join(roles);
    let email = email.trim().to_lowercase();
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(&email)
        .fetch_optional(&mut *conn)
        .await?;
    match existing {
        Some(id) => {
            sqlx::query("UPDATE users SET display_name = $1, password_hash = $2, roles = $3 WHERE id = $4")
                .bind(display_name)
                .bind(hash)
                .bind(&roles)
                .bind(id)
                .execute(&mut *conn)
                .await?;
            Ok(id)
        }
        None => Ok(sqlx::query_scalar(
            "INSERT INTO users (email, display_name, password_hash, roles, created_at, email_confirmed_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(&email)
        .bind(display_name)
        .bind(hash)
        .bind(&roles)
        .bind(now_text())
        .fetch_one(&mut *conn)
        .await?),
    }
}

/// The demo staff account (see README): staff@midorino.example.jp.
pub const DEMO_STAFF_EMAIL: &str = "staff@midorino.example.jp";

/// The demo accounts, one per role, made by the demo seed (only when demo
/// mode is asked for: `TSUNAGU_DEMO_SEED=1`, as `scripts/run.sh` does).
pub const DEMO_ACCOUNTS: [(&str, &str, Role); 8] = [
    (DEMO_STAFF_EMAIL, "みどり野市 地域包括支援センター（デモ）", Role::Staff),
    ("admin@midorino.example.jp", "みどり野市 システム管理者（デモ）", Role::Admin),
    ("editor@midorino.example.jp", "つながるレポート 編集担当（デモ）", Role::Editor),
    ("writer@midorino.example.jp", "地域ライター 山田はな（デモ）", Role::Writer),
    ("linkworker@midorino.example.jp", "リンクワーカー 佐藤（デモ）", Role::LinkWorker),
    ("lead@midorino.example.jp", "つながり相談室 リーダー 高橋（デモ）", Role::CaseLead),
    ("clinic@midorino.example.jp", "みどり野中央クリニック 鈴木医師（デモ）", Role::Referrer),
    ("resident@midorino.example.jp", "住民 田中（デモ）", Role::Resident),
];

/// The demo accounts' password when none is configured: printed in the
/// README, so never acceptable on a public site.
pub const DEFAULT_DEMO_PASSWORD: &str = "midorino-staff";

/// Which demo accounts exist in `db`, and whether any of them still has the
/// published [`DEFAULT_DEMO_PASSWORD`] (checked at start: a server says so
/// loudly, and a public one refuses to start).
pub async fn demo_accounts_present(db: &Db) -> Result<(Vec<&'static str>, bool), AppError> {
    let mut present = Vec::new();
    let mut published = false;
    for (email, _, _) in DEMO_ACCOUNTS {
        let hash: Option<String> = sqlx::query_scalar("SELECT password_hash FROM users WHERE email = $1 AND disabled_at IS NULL")
            .bind(email)
            .fetch_optional(db.pool())
            .await?;
        if let Some(hash) = hash {
            present.push(email);
            if !published {
                published = verify(DEFAULT_DEMO_PASSWORD, &hash).await?;
            }
        }
    }
    Ok((present, published))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let h = hash_now("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_now("correct horse", &h));
        assert!(!verify_now("wrong", &h));
    }

    #[test]
    fn cookie_flags() {
        let c = session_cookie("abc", true, 12);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.contains("Secure") && c.contains("Max-Age=43200"));
        assert!(!session_cookie("abc", false, 12).contains("Secure"));
    }

    #[test]
    fn residents_stay_longer_than_staff() {
        assert_eq!(session_hours(&[Role::Resident]), 24 * 30);
        assert_eq!(session_hours(&[Role::Resident, Role::Writer]), 12);
        assert_eq!(session_hours(&[Role::Staff]), 12);
        assert_eq!((hashing_permits(1), hashing_permits(2), hashing_permits(8)), (1, 1, 7));
        let idle = IdleTimeouts::default();
        assert_eq!(idle.for_roles(&[Role::Resident]), chrono::Duration::days(30));
        assert_eq!(idle.for_roles(&[Role::Resident, Role::Writer]), chrono::Duration::days(30));
        assert_eq!(idle.for_roles(&[Role::LinkWorker]), chrono::Duration::hours(12));
        assert_eq!(idle.for_roles(&[Role::Referrer]), chrono::Duration::hours(12));
    }

    /// Hashing leaves the async worker free: on a one-thread runtime, a task
    /// spawned beside it runs while the hash waits for that task's message.
    /// (Run on the worker, the hash would wait forever for a task that can
    /// never run; the receive gives up after 30 s so the test fails instead.)
    #[tokio::test(flavor = "current_thread")]
    async fn hashing_runs_off_the_async_worker() {
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        tokio::spawn(async move { tx.send(()).unwrap() });
        let heard = off_the_workers(move || {
            rx.recv_timeout(std::time::Duration::from_secs(30)).is_ok() && verify_now("x", &hash_now("x").unwrap())
        })
        .await
        .unwrap();
        assert!(heard, "the task beside the hashing ran while it was under way");
        assert!(verify("correct horse", &hash_password("correct horse").await.unwrap()).await.unwrap());
    }
}
