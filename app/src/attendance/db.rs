//! The reads of taking part: what a session is (its activity or event, its
//! days, whether it is held), and a person's check-ins.
use super::session::SessionRef;
use crate::calendar::Schedule;
use crate::db::Db;
use crate::error::AppError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A session one can check in to, as the check-in page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    /// The canonical session (an event made from an activity's schedule is
    /// that activity's session).
    pub session: SessionRef,
    pub title: String,
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub activity_id: Option<i64>,
    pub event_id: Option<i64>,
    /// What kind of taking part it is, for the badges: the activity's
    /// category slugs, or `event:<kind>`.
    pub kinds: Vec<String>,
    /// Not held that day (cancelled, the activity paused or ended, or its
    /// schedule has no session then).
    pub not_held: bool,
}

impl SessionInfo {
    /// Check-in is open: held, and `today` one of its days.
    pub fn is_open(&self, today: NaiveDate) -> bool {
        !self.not_held && super::session::Window::on(today, self.first, self.last) == super::session::Window::Open
    }
}

/// The session `s` names, or `None` if its activity or event does not exist.
pub async fn session_info(db: &Db, s: SessionRef) -> Result<Option<SessionInfo>, AppError> {
    match s {
        SessionRef::Event { id } => {
            // activity, occurrence date, title, kind, starts, ends, status
            type EventRow = (Option<i64>, Option<String>, String, String, String, String, String);
            let row: Option<EventRow> =
                sqlx::query_as("SELECT activity_id, occurrence_date, title, kind, starts_at, ends_at, status FROM events WHERE id = $1")
                    .bind(id)
                    .fetch_optional(db.pool())
                    .await?;
            let Some((activity, occurrence, title, kind, starts, ends, status)) = row else { return Ok(None) };
            if let (Some(activity), Some(on)) = (activity, occurrence.as_deref().and_then(|d| d.parse::<NaiveDate>().ok())) {
                return Box::pin(session_info(db, SessionRef::Activity { id: activity, on })).await;
            }
            let day = |t: &str| t.get(..10).and_then(|d| d.parse::<NaiveDate>().ok());
            let (Some(first), Some(last)) = (day(&starts), day(&ends)) else { return Ok(None) };
            Ok(Some(SessionInfo {
                session: s,
                title,
                first,
                last: last.max(first),
                activity_id: None,
                event_id: Some(id),
                kinds: vec![format!("event:{kind}")],
                not_held: status == "cancelled",
            }))
        }
        SessionRef::Activity { id, on } => {
            let row: Option<(String, String)> = sqlx::query_as("SELECT name, status FROM activities WHERE id = $1").bind(id).fetch_optional(db.pool()).await?;
            let Some((title, status)) = row else { return Ok(None) };
            let event: Option<(i64, String)> = sqlx::query_as("SELECT id, status FROM events WHERE activity_id = $1 AND occurrence_date = $2")
                .bind(id)
                .bind(on.to_string())
                .fetch_optional(db.pool())
                .await?;
            let held = match &event {
                Some((_, status)) => status != "cancelled",
                None => {
                    let specs: Vec<String> = sqlx::query_scalar("SELECT spec FROM activity_schedules WHERE activity_id = $1").bind(id).fetch_all(db.pool()).await?;
                    specs.iter().filter_map(|s| Schedule::parse_compact(s).ok()).any(|s| s.occurs_on(on))
                }
            };
            let kinds: Vec<String> = sqlx::query_scalar("SELECT c.slug FROM activity_categories ac JOIN categories c ON c.id = ac.category_id WHERE ac.activity_id = $1 ORDER BY c.slug")
                .bind(id)
                .fetch_all(db.pool())
                .await?;
            Ok(Some(SessionInfo {
                session: s,
                title,
                first: on,
                last: on,
                activity_id: Some(id),
                event_id: event.map(|e| e.0),
                kinds,
                not_held: !held || status != "active",
            }))
        }
    }
}
