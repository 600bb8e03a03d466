//! The portal's own keys, kept in the database (table `app_secrets`, hex):
//! made on first use, the same for every instance that shares the database
//! and across restarts. A key's name says what it signs.
use super::Db;

/// The key called `name` (32 random bytes), made if there is none yet;
/// two instances making it at once agree on the first one written.
pub async fn key(db: &Db, name: &str) -> Result<Vec<u8>, sqlx::Error> {
    let read = || sqlx::query_scalar::<_, String>("SELECT value FROM app_secrets WHERE name = $1").bind(name).fetch_optional(db.pool());
    if let Some(hex) = read().await? {
        return Ok(from_hex(&hex));
    }
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| sqlx::Error::Protocol(format!("no randomness: {e}")))?;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    sqlx::query("INSERT INTO app_secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(&hex)
        .bind(crate::accounts::session::now_text())
        .execute(db.pool())
        .await?;
    Ok(from_hex(&read().await?.unwrap_or(hex)))
}

fn from_hex(hex: &str) -> Vec<u8> {
    (0..hex.len() / 2).filter_map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()).collect()
}
