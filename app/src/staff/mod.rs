//! 職員メニュー: keep the listings current. Every server function here checks
//! the staff role on the server; every change is recorded as a revision.
pub mod events;
pub mod organisations;


use crate::activities::model::ActivityForm;
use crate::activities::problem_reports::ProblemReport;
use crate::error::AppError;
use crate::validation::FieldError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffOverview {
    pub display_name: String,
    pub open_reports: Vec<ProblemReport>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    pub changed_by: String,
    pub changed_at: String,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditData {
    pub form: ActivityForm,
    pub revisions: Vec<Revision>,
}

/// Result of a save that reached the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SaveReply {
    Saved { id: i64 },
    /// Nothing was written; each problem names its field.
    Invalid(Vec<FieldError>),
}

#[server(endpoint = "staff/overview")]
pub async fn load_staff_overview() -> Result<StaffOverview, AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::ManageListings).await?;
    Ok(StaffOverview { display_name: user.display_name, open_reports: ssr::open_reports(&db).await? })
}

#[server(endpoint = "staff/resolve-report")]
pub async fn resolve_report(id: i64, resolution: String) -> Result<(), AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::ManageListings).await?;
    let note = crate::validation::PlainText::parse_optional(&resolution, 500, true)
        .map_err(|_| AppError::Invalid("resolution".into()))?;
    sqlx::query("UPDATE problem_reports SET status = 'resolved', resolved_at = $1, resolved_by = $2, resolution = $3 WHERE id = $4 AND status = 'open'")
        .bind(chrono::Utc::now().to_rfc3339())
        .bind(&user.display_name)
        .bind(note.map(|n| n.into_string()))
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

#[server(endpoint = "staff/load-activity")]
pub async fn load_activity(id: i64) -> Result<EditData, AppError> {
    let db = expect_context::<crate::db::Db>();
    crate::accounts::session::require(&db, crate::accounts::Permission::ManageListings).await?;
    ssr::load(&db, id).await
}

/// Create (`id` = None) or update an activity from the form. Invalid input
/// is answered with every problem and changes nothing.
#[server(endpoint = "staff/save-activity")]
pub async fn save_activity_form(id: Option<i64>, form: ActivityForm) -> Result<SaveReply, AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::ManageListings).await?;
    let input = match form.parse() {
        Ok(i) => i,
        Err(errors) => return Ok(SaveReply::Invalid(errors)),
    };
    ssr::save(&db, id, &input, &user.display_name).await
}

/// Quick actions: verified today, pause, end, resume.
#[server(endpoint = "staff/quick-action")]
pub async fn quick_action(id: i64, action: String) -> Result<SaveReply, AppError> {
    use crate::activities::model::ActivityStatus;
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::ManageListings).await?;
    let mut form = ssr::load(&db, id).await?.form;
    match action.as_str() {
        "verified" => form.last_verified = crate::calendar::today_tokyo().to_string(),
        "pause" => form.status = ActivityStatus::Paused.as_str().into(),
        "end" => form.status = ActivityStatus::Ended.as_str().into(),
        "activate" => form.status = ActivityStatus::Active.as_str().into(),
        _ => return Err(AppError::Invalid("action".into())),
    }
    let input = match form.parse() {
        Ok(i) => i,
        Err(errors) => return Ok(SaveReply::Invalid(errors)),
    };
    ssr::save(&db, Some(id), &input, &user.display_name).await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::{EditData, Revision, SaveReply};
    use crate::activities::model::ActivityInput;
    use crate::activities::problem_reports::{ProblemKind, ProblemReport};
    use crate::activities::save_activity::save_activity;
    use crate::db::Db;
    use crate::error::AppError;
    use sqlx::Row;

    pub async fn open_reports(db: &Db) -> Result<Vec<ProblemReport>, AppError> {
        let rows = sqlx::query(
            "SELECT p.id, p.activity_id, a.name, p.kind, p.note, p.created_at FROM problem_reports p
             JOIN activities a ON a.id = p.activity_id WHERE p.status = 'open' ORDER BY p.id",
        )
        .fetch_all(db.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let kind: String = r.try_get("kind")?;
                Ok(ProblemReport {
                    id: r.try_get("id")?,
                    activity_id: r.try_get("activity_id")?,
                    activity_name: r.try_get("name")?,
                    kind: ProblemKind::parse(&kind).unwrap_or(ProblemKind::Other),
                    note: r.try_get("note")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(AppError::from)
    }

    pub async fn load(db: &Db, id: i64) -> Result<EditData, AppError> {
        let rows = sqlx::query(
            "SELECT changed_by, changed_at, summary, snapshot FROM activity_revisions WHERE activity_id = $1 ORDER BY id DESC",
        )
        .bind(id)
        .fetch_all(db.pool())
        .await?;
        let latest: String = rows.first().ok_or(AppError::NotFound)?.try_get("snapshot")?;
        let input: ActivityInput = serde_json::from_str(&latest).map_err(|_| AppError::Internal)?;
        let revisions = rows
            .iter()
            .map(|r| {
                Ok(Revision {
                    changed_by: r.try_get("changed_by")?,
                    changed_at: r.try_get("changed_at")?,
                    summary: r.try_get("summary")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()?;
        Ok(EditData { form: input.to_form(), revisions })
    }

    pub async fn save(db: &Db, id: Option<i64>, input: &ActivityInput, actor: &str) -> Result<SaveReply, AppError> {
        // Every listing gets a 管理番号 so exports re-import unchanged.
        let mut input = input.clone();
        if input.external_id.is_none() {
            let generated = match id {
                Some(id) => format!("TSU-{id:06}"),
                None => format!("TSU-{}", chrono::Utc::now().format("%Y%m%d%H%M%S%3f")),
            };
            input.external_id = crate::activities::model::ExternalId::parse(&generated).ok();
        }
        let mut tx = db.begin_write().await?;
        match save_activity(&mut tx, id, &input, actor).await? {
            Ok(saved) => {
                tx.commit().await?;
                // a changed schedule moves the sessions listed in the event calendar
                crate::events::generate_occurrences::sync_activity(db, saved.id(), crate::calendar::today_tokyo()).await?;
                Ok(SaveReply::Saved { id: saved.id() })
            }
            Err(errors) => {
                tx.rollback().await?;
                Ok(SaveReply::Invalid(errors))
            }
        }
    }
}
