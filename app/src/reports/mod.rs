//! つながるレポート: community writers' reports about citizen activities and
//! town-making. Writers draft on their phones (autosaved on the device and on
//! the server), submit; editors request changes or publish; a published
//! report changes only through a new revision. Also writer profiles.
pub mod form;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod feed;
#[cfg(feature = "ssr")]
pub mod images;
#[cfg(feature = "ssr")]
pub mod markdown;
#[cfg(feature = "ssr")]
pub mod media;
pub mod workflow;


use crate::error::AppError;
use crate::validation::FieldError;
use form::ReportForm;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use workflow::{Status, WorkflowError};

/// A published report in lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportSummary {
    pub id: i64,
    pub title: String,
    pub lead: String,
    pub cover_id: Option<i64>,
    pub author_name: String,
    pub author_slug: Option<String>,
    /// UTC, RFC 3339.
    pub published_at: String,
    pub tags: Vec<String>,
    pub district: Option<String>,
    pub reading_minutes: u32,
}

/// A published report's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublishedReport {
    pub summary: ReportSummary,
    /// Sanitised HTML of the Markdown body.
    pub body_html: String,
    pub revision: i64,
    pub activities: Vec<(i64, String)>,
    pub base_url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportList {
    pub reports: Vec<ReportSummary>,
    pub total: i64,
    pub tags: Vec<(String, i64)>,
}

/// Filters of the report list (all optional).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportQuery {
    pub tag: String,
    pub district: String,
    pub writer: String,
    pub page: u32,
}

pub const PAGE_SIZE: i64 = 12;

/// One step of the workflow's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportEvent {
    pub actor: String,
    pub action: String,
    pub comment: String,
    pub at: String,
}

/// The working copy, for its writer and for editors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkingCopy {
    pub id: i64,
    pub status: Status,
    pub public: bool,
    pub version: i64,
    pub author_name: String,
    pub form: ReportForm,
    pub history: Vec<ReportEvent>,
    pub updated_at: String,
    /// The body rendered and sanitised on the server (the editor's view).
    pub body_html: String,
}

/// A writer's own report in their list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyReport {
    pub id: i64,
    pub title: String,
    pub status: Status,
    pub public: bool,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SaveReply {
    Saved { id: i64, version: i64 },
    Invalid(Vec<FieldError>),
    /// Someone (another device) saved a newer copy; nothing was written.
    Conflict { version: i64 },
    /// Under review or archived: not editable now.
    NotNow,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ActionReply {
    Done(Status),
    /// Submitting needs these fixed first.
    Invalid(Vec<FieldError>),
    Refused(WorkflowError),
}

/// A writer's public profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WriterProfile {
    pub slug: String,
    pub name: String,
    pub bio: String,
    pub interests: String,
    pub photo_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WriterPageData {
    pub profile: WriterProfile,
    pub reports: Vec<ReportSummary>,
}

/// Profile form values (the writer's own).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfileForm {
    pub slug: String,
    pub bio: String,
    pub interests: String,
    pub photo_id: String,
}

// ---- public ----

#[server(endpoint = "reports/list")]
pub async fn list_reports(query: ReportQuery) -> Result<ReportList, AppError> {
    let db = expect_context::<crate::db::Db>();
    db::list(&db, &query).await
}

#[server(endpoint = "reports/get")]
pub async fn get_report(id: i64) -> Result<PublishedReport, AppError> {
    let db = expect_context::<crate::db::Db>();
    let public = expect_context::<crate::config::PublicConfig>();
    db::published(&db, id, &public.base_url).await
}

#[server(endpoint = "reports/for-activity")]
pub async fn reports_for_activity(activity_id: i64) -> Result<Vec<ReportSummary>, AppError> {
    let db = expect_context::<crate::db::Db>();
    db::for_activity(&db, activity_id).await
}

#[server(endpoint = "reports/writer")]
pub async fn get_writer(slug: String) -> Result<WriterPageData, AppError> {
    let db = expect_context::<crate::db::Db>();
    db::writer_page(&db, &slug).await
}

#[server(endpoint = "reports/writers")]
pub async fn list_writers() -> Result<Vec<WriterProfile>, AppError> {
    let db = expect_context::<crate::db::Db>();
    db::writers(&db).await
}

// ---- writers ----

#[server(endpoint = "reports/mine")]
pub async fn my_reports() -> Result<Vec<MyReport>, AppError> {
    use crate::accounts::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    let user = session::require(&db, Permission::WriteReports).await?;
    db::mine(&db, user.id).await
}

/// The working copy for its author, or for an editor.
#[server(endpoint = "reports/working-copy")]
pub async fn load_working_copy(id: i64) -> Result<WorkingCopy, AppError> {
    use crate::accounts::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    let user = session::require(&db, Permission::OwnAccount).await?;
    let author = db::author_of(&db, id).await?;
    if author != Some(user.id) && !user.may(Permission::ReviewReports) {
        return Err(if user.may(Permission::WriteReports) { AppError::NotFound } else { AppError::Forbidden });
    }
    db::working_copy(&db, id).await
}

/// Save the working copy (new when `id` is none). `version` is the copy the
/// writer started from: an older one than the server's is a conflict.
#[server(endpoint = "reports/save")]
pub async fn save_report(id: Option<i64>, form: ReportForm, version: i64) -> Result<SaveReply, AppError> {
    use crate::accounts::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    let user = session::require(&db, Permission::WriteReports).await?;
    let input = match form.parse(false) {
        Ok(i) => i,
        Err(e) => return Ok(SaveReply::Invalid(e)),
    };
    db::save(&db, user.id, id, &input, version).await
}

/// A workflow step: `submit` (author); `request_changes`, `publish`,
/// `unpublish`, `republish`, `archive` (editors).
#[server(endpoint = "reports/act")]
pub async fn report_action(id: i64, action: String, comment: String) -> Result<ActionReply, AppError> {
    use crate::accounts::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    let user = session::require(&db, Permission::OwnAccount).await?;
    let action = workflow::Action::parse(&action).ok_or_else(|| AppError::Invalid("action".into()))?;
    let actor = match action {
        workflow::Action::Submit | workflow::Action::Edit => {
            if !user.may(Permission::WriteReports) || db::author_of(&db, id).await? != Some(user.id) {
                return Err(AppError::Forbidden);
            }
            workflow::Actor::Author
        }
        _ => {
            if !user.may(Permission::ReviewReports) {
                return Err(AppError::Forbidden);
            }
            workflow::Actor::Editor
        }
    };
    db::act(&db, id, &user, action, actor, comment.trim()).await
}

/// Sanitised HTML of Markdown, for the editor's live preview.
#[server(endpoint = "reports/preview")]
pub async fn preview(body: String) -> Result<String, AppError> {
    use crate::accounts::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    let user = session::require(&db, Permission::OwnAccount).await?;
    if !user.may(Permission::WriteReports) && !user.may(Permission::ReviewReports) && !user.may(Permission::EditPages) {
        return Err(AppError::Forbidden);
    }
    Ok(markdown::render(&body).html)
}

#[server(endpoint = "reports/my-profile")]
pub async fn my_profile() -> Result<ProfileForm, AppError> {
    use crate::accounts::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    let user = session::require(&db, Permission::WriteReports).await?;
    db::profile_form(&db, user.id).await
}

#[server(endpoint = "reports/save-profile")]
pub async fn save_profile(form: ProfileForm) -> Result<crate::accounts::FormReply, AppError> {
    use crate::accounts::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    let user = session::require(&db, Permission::WriteReports).await?;
    db::save_profile(&db, user.id, &form).await
}

// ---- editors ----

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueItem {
    pub id: i64,
    pub title: String,
    pub author_name: String,
    pub status: Status,
    pub public: bool,
    pub updated_at: String,
}

/// Submitted reports first, then the rest that editors look after.
#[server(endpoint = "reports/queue")]
pub async fn review_queue() -> Result<Vec<QueueItem>, AppError> {
    use crate::accounts::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    session::require(&db, Permission::ReviewReports).await?;
    db::queue(&db).await
}

/// `2026-11-24T01:05:00Z` → `2026年11月24日` (Tokyo).
pub fn published_date(utc: &str, locale: crate::i18n::Locale) -> String {
    chrono::DateTime::parse_from_rfc3339(utc)
        .map(|t| {
            let t = t.with_timezone(&chrono_tz::Asia::Tokyo);
            match locale {
                crate::i18n::Locale::en => t.format("%-d %B %Y").to_string(),
                _ => t.format("%Y年%-m月%-d日").to_string(),
            }
        })
        .unwrap_or_default()
}
