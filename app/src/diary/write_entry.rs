//! Writing one's page when the diary comes round: text and up to three
//! photos (a drawing counts as one; turned upright and stripped of EXIF by
//! `reports::images`), and whether the writer agrees to share it with the
//! town. Only the seat whose turn it is may write, once per round; the
//! facilitator types a paper seat's page. The entry and its photos are
//! saved together or not at all; then the next member hears it is their
//! turn. The form is a plain multipart form (the server's
//! `POST /diary/<group>/write`), so it works without JavaScript.
use serde::{Deserialize, Serialize};

/// How a write came out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Written {
    Saved { entry: i64 },
    /// Not this seat's turn (any more): someone wrote or skipped meanwhile.
    NotYourTurn,
}

/// What was wrong with a page sent (the form says it and keeps the text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PageProblem {
    Text,
    TooManyPhotos,
    /// A photo refused (not a picture, too large…): which one.
    Photo { n: usize },
}

impl PageProblem {
    /// As the form's query says it (`?problem=photo-2`).
    pub fn slug(&self) -> String {
        match self {
            PageProblem::Text => "text".into(),
            PageProblem::TooManyPhotos => "photos".into(),
            PageProblem::Photo { n } => format!("photo-{n}"),
        }
    }
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::db::Db;
    use crate::error::AppError;
    use crate::diary::turns;
    use crate::diary::{EntryText, Standing};
    use crate::reports::images::Processed;

    /// A page, read and checked: the text and the photos (already cleaned).
    pub struct Page {
        pub seat: u32,
        pub text: EntryText,
        pub photos: Vec<Processed>,
        pub share: bool,
    }

    /// Keeps what was typed when the page could not be saved.
    pub async fn keep_draft(db: &Db, group: i64, user: i64, seat: u32, body: &str) -> Result<(), AppError> {
        let body: String = body.chars().take(crate::diary::ENTRY_MAX * 2).collect();
        sqlx::query(
            "INSERT INTO diary_drafts (group_id, user_id, position, body, updated_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (group_id, user_id, position) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
        )
        .bind(group)
        .bind(user)
        .bind(i64::from(seat))
        .bind(body)
        .bind(crate::accounts::session::now_text())
        .execute(db.pool())
        .await?;
        Ok(())
    }

    /// Whether `standing` may write for `seat` at all (their own seat, or a
    /// paper seat for the facilitator).
    pub async fn may_write_for(db: &Db, group: i64, standing: Standing, seat: u32) -> Result<bool, AppError> {
        Ok(match standing {
            Standing::Member { position } => position == seat,
            Standing::Facilitator => crate::diary::db::seats(db, group).await?.iter().any(|s| s.seat.position == seat && s.paper && !s.seat.left),
        })
    }

    /// Saves the page if it is `seat`'s turn (checked again inside the
    /// write: two at once save one).
    pub async fn write(db: &Db, writer: i64, group: i64, page: Page) -> Result<Written, AppError> {
        let finished: Option<String> = sqlx::query_scalar("SELECT finished_at FROM diary_groups WHERE id = $1").bind(group).fetch_one(db.pool()).await?;
        if finished.is_some() {
            return Ok(Written::NotYourTurn);
        }
        let seats: Vec<turns::Seat> = crate::diary::db::seats(db, group).await?.into_iter().map(|s| s.seat).collect();
        let mut tx = db.begin_write().await?;
        let round: Option<(i64, i64)> = sqlx::query_as("SELECT id, number FROM diary_rounds WHERE group_id = $1 ORDER BY number DESC LIMIT 1").bind(group).fetch_optional(&mut *tx).await?;
        let Some((round, number)) = round else { return Ok(Written::NotYourTurn) };
        let done = crate::diary::db::done_in(&mut *tx, round).await?;
        if !turns::may_write(number as u32, &seats, &done, page.seat) {
            return Ok(Written::NotYourTurn);
        }
        let now = crate::accounts::session::now_text();
        let entry: Option<i64> = sqlx::query_scalar(
            "INSERT INTO diary_entries (round_id, position, kind, body, written_by, share_consent_at, created_at) VALUES ($1, $2, 'entry', $3, $4, $5, $6)
             ON CONFLICT (round_id, position) DO NOTHING RETURNING id",
        )
        .bind(round)
        .bind(i64::from(page.seat))
        .bind(page.text.as_str())
        .bind(writer)
        .bind(page.share.then_some(now.clone()))
        .bind(&now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(entry) = entry else { return Ok(Written::NotYourTurn) };
        for (n, photo) in page.photos.iter().enumerate() {
            let media = crate::reports::media::store_in(&mut tx, Some(writer), photo).await?;
            sqlx::query("INSERT INTO diary_photos (entry_id, n, media_id) VALUES ($1, $2, $3)").bind(entry).bind(n as i64 + 1).bind(media).execute(&mut *tx).await?;
        }
        sqlx::query("DELETE FROM diary_drafts WHERE group_id = $1 AND user_id = $2 AND position = $3").bind(group).bind(writer).bind(i64::from(page.seat)).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(Written::Saved { entry })
    }
}
