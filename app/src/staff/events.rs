//! Staff server functions for events: list, load, save, cancel, reinstate,
//! sign-ups, and listing an activity's sessions in the calendar. Each checks
//! the staff role on the server.
use super::SaveReply;
use crate::error::AppError;
use crate::events::model::EventForm;
use crate::events::summary::EventSummary;
use crate::events::SignupRow;
use crate::validation::FieldError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the event editor needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventEditData {
    pub form: EventForm,
    pub booked: u32,
    pub cancelled: bool,
    pub from_activity: Option<i64>,
    pub signups: Vec<SignupRow>,
}

/// Outcome of a cancellation request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CancelReply {
    Cancelled,
    Invalid(FieldError),
}

/// Counts from a calendar sync, for the confirmation message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarReply {
    pub weeks: u32,
    pub inserted: u32,
    pub updated: u32,
    pub deleted: u32,
    pub cancelled: u32,
}

/// Upcoming events (today and the next 60 days), with bookings.
#[server(endpoint = "staff/events")]
pub async fn list_staff_events() -> Result<Vec<EventSummary>, AppError> {
    let db = expect_context::<crate::db::Db>();
    crate::accounts::session::require(&db, crate::accounts::Permission::ManageEvents).await?;
    let today = crate::calendar::today_tokyo();
    let q = crate::events::query::EventQuery::default();
    crate::events::db::find(&db, today, today + chrono::Days::new(60), &q).await
}

#[server(endpoint = "staff/load-event")]
pub async fn load_event(id: i64) -> Result<EventEditData, AppError> {
    use sqlx::Row;
    let db = expect_context::<crate::db::Db>();
    crate::accounts::session::require(&db, crate::accounts::Permission::ManageEvents).await?;
    let (form, booked) = crate::events::save_event::load_form(&db, id).await?;
    let r = sqlx::query("SELECT status, activity_id FROM events WHERE id = $1").bind(id).fetch_one(db.pool()).await?;
    Ok(EventEditData {
        form,
        booked,
        cancelled: r.try_get::<String, _>("status")? == "cancelled",
        from_activity: r.try_get("activity_id")?,
        signups: crate::events::signups::list(&db, id).await?,
    })
}

/// Create (`id` = None) or update. Invalid input changes nothing.
#[server(endpoint = "staff/save-event")]
pub async fn save_event_form(id: Option<i64>, form: EventForm) -> Result<SaveReply, AppError> {
    let db = expect_context::<crate::db::Db>();
    crate::accounts::session::require(&db, crate::accounts::Permission::ManageEvents).await?;
    Ok(match crate::events::save_event::save_event(&db, id, &form).await? {
        Ok(id) => SaveReply::Saved { id },
        Err(errors) => SaveReply::Invalid(errors),
    })
}

#[server(endpoint = "staff/cancel-event")]
pub async fn cancel_event(id: i64, reason: String) -> Result<CancelReply, AppError> {
    let db = expect_context::<crate::db::Db>();
    crate::accounts::session::require(&db, crate::accounts::Permission::ManageEvents).await?;
    Ok(match crate::events::save_event::cancel_event(&db, id, &reason).await? {
        Ok(()) => CancelReply::Cancelled,
        Err(e) => CancelReply::Invalid(e),
    })
}

#[server(endpoint = "staff/reinstate-event")]
pub async fn reinstate_event(id: i64) -> Result<(), AppError> {
    let db = expect_context::<crate::db::Db>();
    crate::accounts::session::require(&db, crate::accounts::Permission::ManageEvents).await?;
    crate::events::save_event::reinstate_event(&db, id).await
}

/// List an activity's sessions in the calendar for `weeks` weeks (0 = not).
#[server(endpoint = "staff/activity-calendar")]
pub async fn set_activity_calendar(activity_id: i64, weeks: u32) -> Result<CalendarReply, AppError> {
    let db = expect_context::<crate::db::Db>();
    crate::accounts::session::require(&db, crate::accounts::Permission::ManageEvents).await?;
    let r = crate::events::generate_occurrences::set_calendar_weeks(&db, activity_id, weeks, crate::calendar::today_tokyo()).await?;
    Ok(CalendarReply {
        weeks: weeks.min(crate::events::generate_occurrences::MAX_WEEKS),
        inserted: r.inserted as u32,
        updated: r.updated as u32,
        deleted: r.deleted as u32,
        cancelled: r.cancelled as u32,
    })
}

/// How many weeks ahead an activity is listed.
#[server(endpoint = "staff/activity-calendar-weeks")]
pub async fn activity_calendar_weeks(activity_id: i64) -> Result<u32, AppError> {
    let db = expect_context::<crate::db::Db>();
    crate::accounts::session::require(&db, crate::accounts::Permission::ManageEvents).await?;
    let w: Option<i64> = sqlx::query_scalar("SELECT calendar_weeks FROM activities WHERE id = $1")
        .bind(activity_id)
        .fetch_optional(db.pool())
        .await?;
    Ok(w.ok_or(AppError::NotFound)?.max(0) as u32)
}
