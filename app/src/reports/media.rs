//! Uploaded pictures in the database (so every server instance serves them):
//! only the cleaned, resized JPEG variants are stored.
use super::images::Processed;
use crate::db::Db;
use crate::error::AppError;

/// `owner_id` None: sent by a resident without an account (a suggestion's photo).
pub async fn store(db: &Db, owner_id: Option<i64>, p: &Processed) -> Result<i64, AppError> {
    let mut tx = db.begin_write().await?;
    // no NULL parameter: the Any driver types it badly for PostgreSQL
    let id: i64 = match owner_id {
        Some(owner) => sqlx::query_scalar("INSERT INTO media (owner_id, width, height, created_at) VALUES ($1, $2, $3, $4) RETURNING id").bind(owner),
        None => sqlx::query_scalar("INSERT INTO media (owner_id, width, height, created_at) VALUES (NULL, $1, $2, $3) RETURNING id"),
    }
        .bind(i64::from(p.width))
        .bind(i64::from(p.height))
        .bind(crate::accounts::session::now_text())
        .fetch_one(&mut *tx)
        .await?;
    for v in &p.variants {
        sqlx::query("INSERT INTO media_variants (media_id, width, height, format, bytes) VALUES ($1, $2, $3, 'jpeg', $4)")
            .bind(id)
            .bind(i64::from(v.width))
            .bind(i64::from(v.height))
            .bind(v.bytes.clone())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// The JPEG to send for a request of `width`: the narrowest variant at least
/// that wide, else the widest there is.
pub async fn variant(db: &Db, id: i64, width: u32) -> Result<Vec<u8>, AppError> {
    let fit: Option<Vec<u8>> = sqlx::query_scalar(
        "SELECT bytes FROM media_variants WHERE media_id = $1 AND format = 'jpeg' AND width >= $2 ORDER BY width LIMIT 1",
    )
    .bind(id)
    .bind(i64::from(width))
    .fetch_optional(db.pool())
    .await?;
    if let Some(b) = fit {
        return Ok(b);
    }
    sqlx::query_scalar("SELECT bytes FROM media_variants WHERE media_id = $1 AND format = 'jpeg' ORDER BY width DESC LIMIT 1")
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)
}
