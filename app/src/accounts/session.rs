//! Passwords (argon2id), server-side sessions and role checks. The cookie
//! holds a random token; the database keeps only its SHA-256.
use super::{CurrentUser, Role};
use crate::db::Db;
use crate::error::AppError;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::Engine;
use sha2::{Digest, Sha256};
use sqlx::Row;

pub const SESSION_COOKIE: &str = "tsunagu_session";
/// Staff sessions last a working day.
const SESSION_HOURS: i64 = 10;

pub fn hash_password(password: &str) -> Result<String, AppError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|_| AppError::Internal)?;
    let salt = SaltString::encode_b64(&salt).map_err(|_| AppError::Internal)?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| AppError::Internal)
}

fn verify(password: &str, hash: &str) -> bool {
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
            Ok(verify(password, &hash).then(|| r.try_get("id")).transpose()?)
        }
        None => {
            let _ = verify(password, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$0000000000000000000000000000000000000000000");
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

pub async fn create_session(db: &Db, user_id: i64) -> Result<String, AppError> {
    let token = new_token()?;
    let now = chrono::Utc::now();
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash(&token))
        .bind(user_id)
        .bind(now.to_rfc3339())
        .bind((now + chrono::Duration::hours(SESSION_HOURS)).to_rfc3339())
        .execute(db.pool())
        .await?;
    Ok(token)
}

fn request_token() -> Option<String> {
    let cookies = crate::preferences::current_cookies()?;
    crate::preferences::cookie_value(&cookies, SESSION_COOKIE).map(str::to_string)
}

pub async fn user_from_request(db: &Db) -> Result<Option<CurrentUser>, AppError> {
    let Some(token) = request_token() else { return Ok(None) };
    user_for_token(db, &token).await
}

pub async fn user_for_token(db: &Db, token: &str) -> Result<Option<CurrentUser>, AppError> {
    let row = sqlx::query(
        "SELECT u.id, u.display_name, u.roles, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1",
    )
    .bind(token_hash(token))
    .fetch_optional(db.pool())
    .await?;
    let Some(r) = row else { return Ok(None) };
    let expires: String = r.try_get("expires_at")?;
    let valid = chrono::DateTime::parse_from_rfc3339(&expires).is_ok_and(|e| e > chrono::Utc::now());
    if !valid {
        return Ok(None);
    }
    let roles: String = r.try_get("roles")?;
    Ok(Some(CurrentUser {
        id: r.try_get("id")?,
        display_name: r.try_get("display_name")?,
        roles: roles.split(',').filter_map(Role::parse).collect(),
    }))
}

/// The signed-in staff member, or `Forbidden`.
pub async fn require_staff(db: &Db) -> Result<CurrentUser, AppError> {
    match user_from_request(db).await? {
        Some(u) if u.is_staff() => Ok(u),
        _ => Err(AppError::Forbidden),
    }
}

pub async fn end_session(db: &Db) -> Result<(), AppError> {
    if let Some(token) = request_token() {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash(&token)).execute(db.pool()).await?;
    }
    Ok(())
}

pub fn session_cookie(token: &str, secure: bool) -> String {
    let max_age = SESSION_HOURS * 3600;
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
    let hash = hash_password(password)?;
    let roles = roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",");
    let email = email.trim().to_lowercase();
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(&email)
        .fetch_optional(&mut *conn)
        .await?;
    match existing {
        Some(id) => {
            sqlx::query("UPDATE users SET display_name = $1, password_hash = $2, roles = $3 WHERE id = $4")
                .bind(display_name)
                .bind(&hash)
                .bind(&roles)
                .bind(id)
                .execute(&mut *conn)
                .await?;
            Ok(id)
        }
        None => Ok(sqlx::query_scalar(
            "INSERT INTO users (email, display_name, password_hash, roles, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(&email)
        .bind(display_name)
        .bind(&hash)
        .bind(&roles)
        .bind(chrono::Utc::now().to_rfc3339())
        .fetch_one(&mut *conn)
        .await?),
    }
}

/// The demo staff account (see README): staff@midorino.example.jp with the
/// password from `TSUNAGU_DEMO_STAFF_PASSWORD` (default `midorino-staff`).
pub const DEMO_STAFF_EMAIL: &str = "staff@midorino.example.jp";

pub fn demo_staff_password() -> String {
    std::env::var("TSUNAGU_DEMO_STAFF_PASSWORD").ok().filter(|p| !p.is_empty()).unwrap_or_else(|| "midorino-staff".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse", &h));
        assert!(!verify("wrong", &h));
    }

    #[test]
    fn cookie_flags() {
        let c = session_cookie("abc", true);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.contains("Secure"));
        assert!(!session_cookie("abc", false).contains("Secure"));
    }
}
