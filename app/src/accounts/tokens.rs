//! One-time tokens sent by e-mail: confirm an address, reset a password,
//! accept an invitation. The link carries 256 random bits; the database keeps
//! only their SHA-256. A token works once, and only until it expires.
use super::session::{new_token, now_text, time_text, token_hash};
use super::Role;
use crate::db::Db;
use crate::error::AppError;
use sqlx::Row;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Confirm,
    Reset,
    Invite,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Confirm => "confirm",
            Purpose::Reset => "reset",
            Purpose::Invite => "invite",
        }
    }

    /// How long a link of this kind works.
    pub fn lifetime(self) -> chrono::Duration {
        match self {
            Purpose::Confirm => chrono::Duration::hours(72),
            Purpose::Reset => chrono::Duration::hours(1),
            Purpose::Invite => chrono::Duration::days(7),
        }
    }
}

/// What an unused, unexpired token stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenFacts {
    pub hash: String,
    pub user_id: Option<i64>,
    pub email: String,
    pub roles: Vec<Role>,
    pub created_by: Option<i64>,
    pub expires_at: String,
}

/// A new token; earlier unused tokens of the same kind for the same address
/// stop working (only the newest link counts).
pub async fn issue(
    conn: &mut sqlx::AnyConnection,
    purpose: Purpose,
    user_id: Option<i64>,
    email: &str,
    roles: &[Role],
    created_by: Option<i64>,
) -> Result<String, AppError> {
    let now = chrono::Utc::now();
    sqlx::query("UPDATE account_tokens SET used_at = $1 WHERE purpose = $2 AND email = $3 AND used_at IS NULL")
        .bind(time_text(now))
        .bind(purpose.as_str())
        .bind(email)
        .execute(&mut *conn)
        .await?;
    let token = new_token()?;
    sqlx::query(
        "INSERT INTO account_tokens (token_hash, purpose, user_id, email, roles, created_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(token_hash(&token))
    .bind(purpose.as_str())
    .bind(user_id)
    .bind(email)
    .bind(Role::join(roles))
    .bind(created_by)
    .bind(time_text(now))
    .bind(time_text(now + purpose.lifetime()))
    .execute(&mut *conn)
    .await?;
    Ok(token)
}

fn facts(r: &sqlx::any::AnyRow) -> Result<TokenFacts, AppError> {
    let roles: String = r.try_get("roles")?;
    Ok(TokenFacts {
        hash: r.try_get("token_hash")?,
        user_id: r.try_get("user_id")?,
        email: r.try_get("email")?,
        roles: Role::parse_list(&roles),
        created_by: r.try_get("created_by")?,
        expires_at: r.try_get("expires_at")?,
    })
}

const COLUMNS: &str = "token_hash, user_id, email, roles, created_by, expires_at";

/// The token's facts if it is usable now (does not use it up).
pub async fn peek(db: &Db, purpose: Purpose, token: &str) -> Result<Option<TokenFacts>, AppError> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM account_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3"
    ))
    .bind(token_hash(token))
    .bind(purpose.as_str())
    .bind(now_text())
    .fetch_optional(db.pool())
    .await?;
    row.as_ref().map(facts).transpose()
}

/// Use the token up, inside the caller's transaction. Of two concurrent
/// uses only one gets `Some`.
pub async fn consume(conn: &mut sqlx::AnyConnection, purpose: Purpose, token: &str) -> Result<Option<TokenFacts>, AppError> {
    let hash = token_hash(token);
    let now = now_text();
    let used = sqlx::query(
        "UPDATE account_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(&now)
    .bind(&hash)
    .bind(purpose.as_str())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if used != 1 {
        return Ok(None);
    }
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM account_tokens WHERE token_hash = $1"))
        .bind(&hash)
        .fetch_one(&mut *conn)
        .await?;
    facts(&row).map(Some)
}

/// Withdraw an unused token by its hash (an invitation sent by mistake).
pub async fn revoke(db: &Db, purpose: Purpose, hash: &str) -> Result<bool, AppError> {
    let n = sqlx::query("UPDATE account_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL")
        .bind(now_text())
        .bind(hash)
        .bind(purpose.as_str())
        .execute(db.pool())
        .await?
        .rows_affected();
    Ok(n == 1)
}
