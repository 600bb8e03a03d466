//! In-portal sign-up. Capacity is enforced by one conditional UPDATE that
//! takes the places (`booked + n <= capacity`), written before anything is
//! read, so concurrent sign-ups serialise on the event row (PostgreSQL row
//! lock, SQLite write lock) and can never overbook; a CHECK constraint backs
//! it up. The resident gets a secret link to see and cancel the sign-up;
//! only its SHA-256 is stored.
use super::db::time_to_db;
use super::model::{SignupForm, SignupInput};
use super::{SignupOutcome, SignupRow, SignupView};
use crate::accounts::session::{new_token, token_hash};
use crate::calendar::now_tokyo;
use crate::db::Db;
use crate::error::AppError;
use crate::feeds::spreadsheet::csv_cell;
use sqlx::Row;

/// How long the same sign-up sent again counts as the first one (seconds).
pub const SAME_SIGNUP_WINDOW_SECS: i64 = 120;

/// Take `people` places and record the sign-up, or say why not. The same
/// sign-up (event, name, contact, people) sent again within
/// [`SAME_SIGNUP_WINDOW_SECS`] is the first one, with a fresh link.
pub async fn sign_up(db: &Db, event_id: i64, form: &SignupForm) -> Result<SignupOutcome, AppError> {
    sign_up_as(db, event_id, form, None).await
}

/// [`sign_up`] by a signed-in person: the sign-up shows on their account page.
pub async fn sign_up_as(db: &Db, event_id: i64, form: &SignupForm, user_id: Option<i64>) -> Result<SignupOutcome, AppError> {
    let input: SignupInput = match form.parse() {
        Ok(i) => i,
        Err(errors) => return Ok(SignupOutcome::Invalid(errors)),
    };
    let now = time_to_db(now_tokyo());
    let since = (chrono::Utc::now() - chrono::Duration::seconds(SAME_SIGNUP_WINDOW_SECS)).to_rfc3339();
    let mut tx = db.begin_write().await?;
    let taken = sqlx::query(
        "UPDATE events SET booked = booked + $1
         WHERE id = $2 AND apply_method = 'portal' AND status = 'scheduled'
           AND (capacity IS NULL OR booked + $1 <= capacity)
           AND starts_at > $3 AND (apply_deadline IS NULL OR apply_deadline > $3)",
    )
    .bind(input.people as i64)
    .bind(event_id)
    .bind(&now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    // The same form sent again (a double tap on a slow phone: the sign-up
    // form is a plain form post) is the same sign-up, not a second one. The
    // UPDATE above has waited for any concurrent sign-up of this event, so
    // the first one is visible here; its places stay taken once, and the
    // person gets a fresh link to it (only the link's hash is stored, so the
    // first answer's link, which the browser dropped, stops working).
    let same: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM event_signups WHERE event_id = $1 AND name = $2 AND contact = $3 AND people = $4
           AND status = 'confirmed' AND created_at > $5 ORDER BY id DESC LIMIT 1",
    )
    .bind(event_id)
    .bind(input.name.as_str())
    .bind(input.contact.as_str())
    .bind(input.people as i64)
    .bind(&since)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(same) = same {
        tx.rollback().await?;
        let token = new_token()?;
        sqlx::query("UPDATE event_signups SET token_hash = $1 WHERE id = $2").bind(token_hash(&token)).bind(same).execute(db.pool()).await?;
        return Ok(SignupOutcome::Confirmed { token });
    }
    if taken == 0 {
        tx.rollback().await?;
        return why_not(db, event_id, &now).await;
    }
    let token = new_token()?;
    sqlx::query(
        "INSERT INTO event_signups (event_id, name, contact, people, note, token_hash, created_at, user_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(event_id)
    .bind(input.name.as_str())
    .bind(input.contact.as_str())
    .bind(input.people as i64)
    .bind(input.note.as_ref().map(|n| n.as_str().to_string()))
    .bind(token_hash(&token))
    .bind(chrono::Utc::now().to_rfc3339())
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(SignupOutcome::Confirmed { token })
}

/// Why the places could not be taken.
async fn why_not(db: &Db, event_id: i64, now: &str) -> Result<SignupOutcome, AppError> {
    let r = sqlx::query("SELECT apply_method, status, capacity, booked, starts_at, apply_deadline FROM events WHERE id = $1")
        .bind(event_id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    let status: String = r.try_get("status")?;
    let method: String = r.try_get("apply_method")?;
    let starts: String = r.try_get("starts_at")?;
    let deadline: Option<String> = r.try_get("apply_deadline")?;
    if method != "portal" || status == "cancelled" || starts.as_str() <= now || deadline.is_some_and(|d| d.as_str() <= now) {
        return Ok(SignupOutcome::Closed);
    }
    let capacity: Option<i64> = r.try_get("capacity")?;
    let booked: i64 = r.try_get("booked")?;
    let remaining = if status == "full" { 0 } else { capacity.map(|c| (c - booked).max(0)).unwrap_or(0) };
    Ok(SignupOutcome::Full { remaining: remaining as u32 })
}

/// The sign-up behind a confirmation link.
pub async fn find(db: &Db, token: &str) -> Result<SignupView, AppError> {
    let r = sqlx::query("SELECT event_id, name, people, status, created_at FROM event_signups WHERE token_hash = $1")
        .bind(token_hash(token))
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    let event_id: i64 = r.try_get("event_id")?;
    let event = super::db::get(db, event_id, "").await?.summary;
    let status: String = r.try_get("status")?;
    Ok(SignupView {
        can_cancel: status == "confirmed" && event.starts > now_tokyo(),
        cancelled: status == "cancelled",
        name: r.try_get("name")?,
        people: r.try_get::<i64, _>("people")?.max(0) as u32,
        event,
    })
}

/// Cancel through the confirmation link: the places go back on offer.
/// Cancelling twice is harmless.
pub async fn cancel(db: &Db, token: &str) -> Result<(), AppError> {
    cancel_by_hash(db, &token_hash(token)).await
}

/// Cancel a sign-up from the account page of the person who made it.
/// Answers whether there was such a sign-up.
pub async fn cancel_own(db: &Db, signup_id: i64, user_id: i64) -> Result<bool, AppError> {
    let hash: Option<String> = sqlx::query_scalar("SELECT token_hash FROM event_signups WHERE id = $1 AND user_id = $2")
        .bind(signup_id)
        .bind(user_id)
        .fetch_optional(db.pool())
        .await?;
    match hash {
        Some(h) => cancel_by_hash(db, &h).await.map(|_| true),
        None => Ok(false),
    }
}

pub async fn cancel_by_hash(db: &Db, hash: &str) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    let row = sqlx::query(
        "UPDATE event_signups SET status = 'cancelled', cancelled_at = $1
         WHERE token_hash = $2 AND status = 'confirmed' RETURNING event_id, people",
    )
    .bind(chrono::Utc::now().to_rfc3339())
    .bind(hash)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(r) = row {
        let event_id: i64 = r.try_get("event_id")?;
        let people: i64 = r.try_get("people")?;
        sqlx::query("UPDATE events SET booked = CASE WHEN booked >= $1 THEN booked - $1 ELSE 0 END WHERE id = $2")
            .bind(people)
            .bind(event_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Everyone signed up to an event, oldest first (for the organiser).
pub async fn list(db: &Db, event_id: i64) -> Result<Vec<SignupRow>, AppError> {
    let rows = sqlx::query(
        "SELECT id, name, contact, people, note, status, created_at FROM event_signups WHERE event_id = $1 ORDER BY id",
    )
    .bind(event_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(SignupRow {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                contact: r.try_get("contact")?,
                people: r.try_get::<i64, _>("people")?.max(0) as u32,
                note: r.try_get::<Option<String>, _>("note")?.unwrap_or_default(),
                cancelled: r.try_get::<String, _>("status")? == "cancelled",
                created_at: r.try_get("created_at")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// The sign-up list as CSV (UTF-8 with BOM so Excel opens Japanese correctly).
pub fn to_csv(rows: &[SignupRow]) -> Result<String, AppError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let to_err = |_| AppError::Internal;
    w.write_record(["番号", "お名前", "連絡先", "人数", "備考", "状態", "申込日時"]).map_err(to_err)?;
    for r in rows {
        let when = chrono::DateTime::parse_from_rfc3339(&r.created_at)
            .map(|t| t.with_timezone(&crate::calendar::JST).format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        w.write_record([
            r.id.to_string(),
            csv_cell(&r.name),
            csv_cell(&r.contact),
            r.people.to_string(),
            csv_cell(&r.note),
            if r.cancelled { "取消".into() } else { "申込".into() },
            when,
        ])
        .map_err(to_err)?;
    }
    let bytes = w.into_inner().map_err(|_| AppError::Internal)?;
    Ok(format!("\u{feff}{}", String::from_utf8(bytes).map_err(|_| AppError::Internal)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_cannot_carry_formulas() {
        let rows = vec![SignupRow {
            id: 1,
            name: "=HYPERLINK(\"http://x\")".into(),
            contact: "0796-00-1234".into(),
            people: 2,
            note: "@SUM(A1)".into(),
            cancelled: false,
            created_at: "2026-11-24T01:00:00+00:00".into(),
        }];
        let csv = to_csv(&rows).unwrap();
        assert!(csv.starts_with('\u{feff}'));
        assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{csv}");
        assert!(csv.contains("'@SUM(A1)"));
        assert!(csv.contains("0796-00-1234"));
        assert!(csv.contains("2026-11-24 10:00"), "Tokyo time: {csv}");
    }
}
