//! Uploaded pictures in the database (so every server instance serves them):
//! only the cleaned, resized JPEG variants are stored.
//!
//! A picture's id is drawn at random (53 bits, so it stays exact in
//! JavaScript), not counted up: its address `/media/{id}/w….jpg` cannot be
//! guessed from another. Who may see it follows what it belongs to
//! ([`audience`]): the public sees only pictures of published reports,
//! published places and writers' profiles; a draft's pictures are for its
//! author and the reviewers; a suggestion's photo is for staff.
use super::images::Processed;
use crate::accounts::{CurrentUser, Permission};
use crate::db::Db;
use crate::error::AppError;

/// Ids are drawn from [2^32, 2^53): above every id a counter ever gave here.
fn random_id() -> Result<i64, AppError> {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).map_err(|_| AppError::Internal)?;
    let n = u64::from_le_bytes(b) % ((1u64 << 53) - (1u64 << 32)) + (1u64 << 32);
    Ok(n as i64)
}

/// `owner_id` None: sent by a resident without an account (a suggestion's photo).
pub async fn store(db: &Db, owner_id: Option<i64>, p: &Processed) -> Result<i64, AppError> {
    let mut tx = db.begin_write().await?;
    let id = store_in(&mut tx, owner_id, p).await?;
    tx.commit().await?;
    Ok(id)
}

/// [`store`] inside the caller's transaction (a picture kept together with
/// what it belongs to, or not at all).
pub async fn store_in(tx: &mut sqlx::Transaction<'static, sqlx::Any>, owner_id: Option<i64>, p: &Processed) -> Result<i64, AppError> {
    let id = random_id()?;
    // no NULL parameter: the Any driver types it badly for PostgreSQL
    let id: i64 = match owner_id {
        Some(owner) => sqlx::query_scalar("INSERT INTO media (id, owner_id, width, height, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id").bind(id).bind(owner),
        None => sqlx::query_scalar("INSERT INTO media (id, owner_id, width, height, created_at) VALUES ($1, NULL, $2, $3, $4) RETURNING id").bind(id),
    }
        .bind(i64::from(p.width))
        .bind(i64::from(p.height))
        .bind(crate::accounts::session::now_text())
        .fetch_one(&mut **tx)
        .await?;
    for v in &p.variants {
        sqlx::query("INSERT INTO media_variants (media_id, width, height, format, bytes) VALUES ($1, $2, $3, 'jpeg', $4)")
            .bind(id)
            .bind(i64::from(v.width))
            .bind(i64::from(v.height))
            .bind(v.bytes.clone())
            .execute(&mut **tx)
            .await?;
    }
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

/// Who may see a picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Anyone (and any cache): it belongs to something published.
    Public,
    /// This person, not a shared cache: their own upload, or one they review.
    Private,
    /// Not this person (or no such picture): answered as not found.
    Nobody,
}

/// Whether the picture `id` may be shown to `viewer` (None: signed out).
pub async fn audience(db: &Db, id: i64, viewer: Option<&CurrentUser>) -> Result<Audience, AppError> {
    let in_body = format!("%/media/{id}/%");
    let public: Option<i64> = sqlx::query_scalar(
        "SELECT 1 WHERE EXISTS (
            SELECT 1 FROM reports r JOIN report_revisions rv ON rv.report_id = r.id
                 AND rv.number = (SELECT MAX(number) FROM report_revisions x WHERE x.report_id = r.id)
             WHERE r.public = 1 AND (rv.cover_id = $1 OR rv.body LIKE $2))
         OR EXISTS (SELECT 1 FROM resources WHERE photo_id = $1 AND status = 'published')
         OR EXISTS (SELECT 1 FROM writer_profiles WHERE photo_id = $1)",
    )
    .bind(id)
    .bind(&in_body)
    .fetch_optional(db.pool())
    .await?;
    if public.is_some() {
        return Ok(Audience::Public);
    }
    let Some(viewer) = viewer else { return Ok(Audience::Nobody) };
    // a diary's photo: for the group and its facilitator only (a hidden
    // entry's for the facilitator), whoever uploaded it
    let diary: Option<(i64, Option<String>)> = sqlx::query_as(
        "SELECT r.group_id, e.hidden_at FROM diary_photos p JOIN diary_entries e ON e.id = p.entry_id JOIN diary_rounds r ON r.id = e.round_id WHERE p.media_id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    if let Some((group, hidden)) = diary {
        return Ok(match crate::diary::access::standing(db, viewer.id, group).await? {
            Some(crate::diary::Standing::Facilitator) => Audience::Private,
            Some(crate::diary::Standing::Member { .. }) if hidden.is_none() => Audience::Private,
            _ => Audience::Nobody,
        });
    }
    let owner: Option<Option<i64>> = sqlx::query_scalar("SELECT owner_id FROM media WHERE id = $1").bind(id).fetch_optional(db.pool()).await?;
    let Some(owner) = owner else { return Ok(Audience::Nobody) };
    if owner == Some(viewer.id) {
        return Ok(Audience::Private);
    }
    if viewer.may(Permission::ReviewReports) {
        let in_report: Option<i64> = sqlx::query_scalar(
            "SELECT 1 WHERE EXISTS (SELECT 1 FROM reports WHERE cover_id = $1 OR body LIKE $2)
                 OR EXISTS (SELECT 1 FROM report_revisions WHERE cover_id = $1 OR body LIKE $2)",
        )
        .bind(id)
        .bind(&in_body)
        .fetch_optional(db.pool())
        .await?;
        if in_report.is_some() {
            return Ok(Audience::Private);
        }
    }
    if viewer.may(Permission::ManageListings) {
        let listed: Option<i64> = sqlx::query_scalar(
            "SELECT 1 WHERE EXISTS (SELECT 1 FROM suggestions WHERE photo_id = $1)
                 OR EXISTS (SELECT 1 FROM resources WHERE photo_id = $1)",
        )
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
        if listed.is_some() {
            return Ok(Audience::Private);
        }
    }
    Ok(Audience::Nobody)
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_random_above_any_counter_and_exact_in_javascript() {
        let ids: Vec<i64> = (0..1000).map(|_| super::random_id().unwrap()).collect();
        assert!(ids.iter().all(|&i| i >= 1 << 32 && i < 1 << 53));
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len());
    }
}
