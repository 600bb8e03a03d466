//! The "seeds" of social prescribing: a page its writer agreed to share
//! with the town may be passed on by the facilitator — as a place
//! suggestion for city staff's queue (a resource found in the diary, to be
//! walked and put on the map), or as a community report draft (when the
//! facilitator writes reports). Once per page; the writer's consent is
//! checked at that moment and its time kept on the page.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What a shared page becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SeedKind {
    Suggestion,
    Report,
}

impl SeedKind {
    pub fn parse(s: &str) -> Option<SeedKind> {
        match s {
            "suggestion" => Some(SeedKind::Suggestion),
            "report" => Some(SeedKind::Report),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SeedKind::Suggestion => "suggestion",
            SeedKind::Report => "report",
        }
    }
}

/// Passes a shared page on (the facilitator; a plain form, back to the
/// page, or on to the new report draft).
#[server(endpoint = "diary/seed")]
pub async fn plant_seed(entry: i64, kind: String) -> Result<(), AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::OwnAccount).await?;
    let kind = SeedKind::parse(&kind).ok_or_else(|| AppError::Invalid("kind".into()))?;
    let row: Option<(i64, String, String, Option<String>, String)> = sqlx::query_as(
        "SELECT r.group_id, r.theme, e.body, e.share_consent_at, g.name FROM diary_entries e JOIN diary_rounds r ON r.id = e.round_id
         JOIN diary_groups g ON g.id = r.group_id WHERE e.id = $1 AND e.kind = 'entry' AND e.hidden_at IS NULL",
    )
    .bind(entry)
    .fetch_optional(db.pool())
    .await?;
    let (group, theme, body, consent, name) = row.ok_or(AppError::NotFound)?;
    super::access::facilitator(&db, user.id, group).await?;
    if consent.is_none() {
        // the writer has not agreed (or withdrew): nothing leaves the group
        return Err(AppError::Forbidden);
    }
    if kind == SeedKind::Report && !user.may(crate::accounts::Permission::WriteReports) {
        return Err(AppError::Forbidden);
    }
    let now = crate::accounts::session::now_text();
    let mut tx = db.begin_write().await?;
    let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM diary_seeds WHERE entry_id = $1").bind(entry).fetch_one(&mut *tx).await?;
    if taken > 0 {
        leptos_axum::redirect(&format!("/diary/{group}?seed=already#entry-{entry}"));
        return Ok(());
    }
    let note = format!("（{name}・「{theme}」より。書いた方の同意を得ています）");
    let reference: i64 = match kind {
        SeedKind::Suggestion => sqlx::query_scalar("INSERT INTO suggestions (target, name, good, contact, created_at) VALUES ('place', $1, $2, $3, $4) RETURNING id")
            .bind(theme.chars().take(80).collect::<String>())
            .bind(format!("{body}\n\n{note}"))
            .bind(&user.email)
            .bind(&now)
            .fetch_one(&mut *tx)
            .await?,
        SeedKind::Report => sqlx::query_scalar("INSERT INTO reports (author_id, title, lead, body, created_at, updated_at) VALUES ($1, $2, '', $3, $4, $4) RETURNING id")
            .bind(user.id)
            .bind(&theme)
            .bind(format!("{body}\n\n{note}"))
            .bind(&now)
            .fetch_one(&mut *tx)
            .await?,
    };
    sqlx::query("INSERT INTO diary_seeds (entry_id, kind, ref_id, made_by, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(entry)
        .bind(kind.as_str())
        .bind(reference)
        .bind(user.id)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    match kind {
        SeedKind::Report => leptos_axum::redirect(&format!("/write/{reference}")),
        SeedKind::Suggestion => leptos_axum::redirect(&format!("/diary/{group}?seed=suggestion#entry-{entry}")),
    }
    Ok(())
}
