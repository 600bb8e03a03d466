//! 「情報の誤りを報告」: residents report wrong or outdated information on a
//! listing; reports land in the staff queue until resolved.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProblemKind {
    Time,
    Place,
    Contact,
    Ended,
    Other,
}

impl ProblemKind {
    pub const ALL: [ProblemKind; 5] =
        [ProblemKind::Time, ProblemKind::Place, ProblemKind::Contact, ProblemKind::Ended, ProblemKind::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            ProblemKind::Time => "time",
            ProblemKind::Place => "place",
            ProblemKind::Contact => "contact",
            ProblemKind::Ended => "ended",
            ProblemKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<ProblemKind> {
        ProblemKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One report in the staff queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProblemReport {
    pub id: i64,
    pub activity_id: i64,
    pub activity_name: String,
    pub kind: ProblemKind,
    pub note: String,
    pub created_at: String,
}

/// Store a report. `website` is a honeypot field people never see: a bot
/// that fills it gets a normal answer and nothing is stored. A form post
/// from the listing's page is answered with that page again, saying how it
/// went (`?report=thanks|failed|busy#report`).
#[server(endpoint = "activities/report-problem")]
pub async fn report_problem(activity_id: i64, kind: String, note: String, website: String) -> Result<(), AppError> {
    let db = expect_context::<crate::db::Db>();
    if let Some(minutes) = crate::rate_limit::check_form(&db, crate::rate_limit::Limit::ProblemReport).await? {
        leptos_axum::redirect(&format!("/activities/{activity_id}?report=busy&wait={minutes}#report"));
        return Ok(());
    }
    let stored = store_report(activity_id, &kind, &note, &website).await;
    if crate::ui::forms::is_html_form() {
        let outcome = if stored.is_ok() { "thanks" } else { "failed" };
        leptos_axum::redirect(&format!("/activities/{activity_id}?report={outcome}#report"));
        if let Err(e) = &stored {
            tracing::info!(activity_id, error = %e, "problem report refused");
        }
        return Ok(());
    }
    stored
}

#[cfg(feature = "ssr")]
async fn store_report(activity_id: i64, kind: &str, note: &str, website: &str) -> Result<(), AppError> {
    use crate::validation::{PlainText, Problem};
    let kind = ProblemKind::parse(kind).ok_or_else(|| AppError::Invalid("kind".into()))?;
    let note = PlainText::parse_optional(note, 1000, true).map_err(|p: Problem| AppError::Invalid(format!("note: {p:?}")))?;
    if !website.is_empty() {
        return Ok(());
    }
    let db = expect_context::<crate::db::Db>();
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM activities WHERE id = $1")
        .bind(activity_id)
        .fetch_optional(db.pool())
        .await?;
    if exists.is_none() {
        return Err(AppError::NotFound);
    }
    sqlx::query("INSERT INTO problem_reports (activity_id, kind, note, created_at) VALUES ($1, $2, $3, $4)")
        .bind(activity_id)
        .bind(kind.as_str())
        .bind(note.map(|n| n.into_string()).unwrap_or_default())
        .bind(chrono::Utc::now().to_rfc3339())
        .execute(db.pool())
        .await?;
    Ok(())
}
