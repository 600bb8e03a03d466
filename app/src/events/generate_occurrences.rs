//! Put an activity's sessions in the event calendar for the next N weeks
//! (`activities.calendar_weeks`), so a weekly salon appears without anyone
//! typing it again. Idempotent: running it twice changes nothing; after a
//! schedule edit it moves, adds or removes future sessions and keeps past
//! ones (see [`super::occurrences::reconcile`]). Sessions edited by hand
//! (customised) are left alone.
use super::db::{time_from_db, time_to_db};
use super::occurrences::{plan, reconcile, Change, PlannedOccurrence, StoredOccurrence};
use crate::calendar::Schedule;
use crate::db::{get_bool, Backend, Db};
use crate::error::AppError;
use chrono::{NaiveDate, NaiveTime};
use sqlx::{AnyConnection, Row};

/// Longest horizon staff may choose.
pub const MAX_WEEKS: u32 = 26;

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub inserted: usize,
    pub updated: usize,
    pub deleted: usize,
    pub cancelled: usize,
}

/// Set how many weeks ahead the activity's sessions are listed, then sync.
pub async fn set_calendar_weeks(db: &Db, activity_id: i64, weeks: u32, today: NaiveDate) -> Result<SyncReport, AppError> {
    let mut tx = db.begin_write().await?;
    let report = set_calendar_weeks_in(&mut tx, activity_id, weeks, today).await?;
    tx.commit().await?;
    Ok(report)
}

pub async fn set_calendar_weeks_in(conn: &mut AnyConnection, activity_id: i64, weeks: u32, today: NaiveDate) -> Result<SyncReport, AppError> {
    let weeks = weeks.min(MAX_WEEKS);
    let done = sqlx::query("UPDATE activities SET calendar_weeks = $1 WHERE id = $2")
        .bind(weeks as i64)
        .bind(activity_id)
        .execute(&mut *conn)
        .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    sync_in(conn, activity_id, today).await
}

/// Bring one activity's future sessions in line with its schedule.
pub async fn sync_activity(db: &Db, activity_id: i64, today: NaiveDate) -> Result<SyncReport, AppError> {
    // two runs for one activity cannot interleave: SQLite's write lock is
    // taken as the transaction begins, PostgreSQL's row lock here. A lock,
    // not a write: the listing is unchanged, and a write would count as a
    // change of it for the render cache (`content_revs`)
    let mut tx = db.begin_write().await?;
    if db.backend() == Backend::Postgres {
        sqlx::query("SELECT id FROM activities WHERE id = $1 FOR UPDATE")
            .bind(activity_id)
            .execute(&mut *tx)
            .await?;
    }
    let report = sync_in(&mut tx, activity_id, today).await?;
    tx.commit().await?;
    Ok(report)
}

/// Sync every activity that is listed in the calendar or still has sessions
/// there (run at start-up and daily, so the horizon moves with the days).
pub async fn sync_all(db: &Db, today: NaiveDate) -> Result<SyncReport, AppError> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM activities WHERE calendar_weeks > 0
         UNION SELECT DISTINCT activity_id FROM events WHERE activity_id IS NOT NULL AND starts_at >= $1",
    )
    .bind(time_to_db(today.and_time(NaiveTime::MIN)))
    .fetch_all(db.pool())
    .await?;
    let mut total = SyncReport::default();
    for id in ids {
        let r = sync_activity(db, id, today).await?;
        total.inserted += r.inserted;
        total.updated += r.updated;
        total.deleted += r.deleted;
        total.cancelled += r.cancelled;
    }
    Ok(total)
}

async fn sync_in(conn: &mut AnyConnection, activity_id: i64, today: NaiveDate) -> Result<SyncReport, AppError> {
    let a = sqlx::query(
        "SELECT name, description, location_id, organisation_id, cost_yen, targets, calendar_weeks, status FROM activities WHERE id = $1",
    )
    .bind(activity_id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let weeks = a.try_get::<i64, _>("calendar_weeks")?.clamp(0, MAX_WEEKS as i64) as u32;
    let active = a.try_get::<String, _>("status")? == "active";
    let specs: Vec<String> = sqlx::query_scalar("SELECT spec FROM activity_schedules WHERE activity_id = $1 ORDER BY position")
        .bind(activity_id)
        .fetch_all(&mut *conn)
        .await?;
    let schedules: Vec<Schedule> = specs.iter().filter_map(|s| Schedule::parse_compact(s).ok()).collect();
    let planned = if active && weeks > 0 { plan(&schedules, today, weeks) } else { Vec::new() };

    let rows = sqlx::query(
        "SELECT e.id, e.occurrence_date, e.starts_at, e.ends_at, e.all_day, e.customised, e.status,
                (SELECT COUNT(*) FROM event_signups s WHERE s.event_id = e.id AND s.status = 'confirmed') AS signups
         FROM events e WHERE e.activity_id = $1",
    )
    .bind(activity_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut stored = Vec::with_capacity(rows.len());
    for r in &rows {
        let date: Option<String> = r.try_get("occurrence_date")?;
        let Some(date) = date.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()) else { continue };
        stored.push(StoredOccurrence {
            id: r.try_get("id")?,
            date,
            starts: time_from_db(&r.try_get::<String, _>("starts_at")?)?,
            ends: time_from_db(&r.try_get::<String, _>("ends_at")?)?,
            all_day: get_bool(r, "all_day")?,
            customised: get_bool(r, "customised")?,
            cancelled: r.try_get::<String, _>("status")? == "cancelled",
            has_signups: r.try_get::<i64, _>("signups")? > 0,
        });
    }

    let now = chrono::Utc::now().to_rfc3339();
    let name: String = a.try_get("name")?;
    let description: String = a.try_get("description")?;
    let location_id: i64 = a.try_get("location_id")?;
    let organisation_id: Option<i64> = a.try_get("organisation_id")?;
    let fee: i64 = a.try_get("cost_yen")?;
    let targets: String = a.try_get("targets")?;
    let category_ids: Vec<i64> = sqlx::query_scalar("SELECT category_id FROM activity_categories WHERE activity_id = $1")
        .bind(activity_id)
        .fetch_all(&mut *conn)
        .await?;

    let mut report = SyncReport::default();
    for change in reconcile(&stored, &planned, today) {
        match change {
            Change::Insert(p) => {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO events (activity_id, occurrence_date, kind, title, description, starts_at, ends_at, all_day,
                        location_id, organisation_id, fee_yen, targets, created_at, updated_at)
                     VALUES ($1, $2, 'session', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
                )
                .bind(activity_id)
                .bind(p.date.to_string())
                .bind(&name)
                .bind(&description)
                .bind(time_to_db(p.starts))
                .bind(time_to_db(p.ends))
                .bind(p.all_day)
                .bind(location_id)
                .bind(organisation_id)
                .bind(fee)
                .bind(&targets)
                .bind(&now)
                .fetch_one(&mut *conn)
                .await?;
                for c in &category_ids {
                    sqlx::query("INSERT INTO event_categories (event_id, category_id) VALUES ($1, $2)")
                        .bind(id)
                        .bind(c)
                        .execute(&mut *conn)
                        .await?;
                }
                report.inserted += 1;
            }
            Change::Update { id, to } => {
                update_times(conn, id, &to, &now).await?;
                report.updated += 1;
            }
            Change::Delete { id } => {
                sqlx::query("DELETE FROM events WHERE id = $1").bind(id).execute(&mut *conn).await?;
                report.deleted += 1;
            }
            Change::Cancel { id } => {
                sqlx::query(
                    "UPDATE events SET status = 'cancelled', cancel_reason = $1, sequence = sequence + 1, updated_at = $2 WHERE id = $3",
                )
                .bind("日程が変更になりました。主催者にお問い合わせください。")
                .bind(&now)
                .bind(id)
                .execute(&mut *conn)
                .await?;
                report.cancelled += 1;
            }
        }
    }
    // the activity's own details changed: carry them to future sessions
    // (a NULL organisation is never compared through a parameter: the Any
    // driver types NULL parameters loosely)
    let organisation_differs = match organisation_id {
        Some(_) => "(organisation_id IS NULL OR organisation_id <> $4)",
        None => "organisation_id IS NOT NULL",
    };
    let sql = format!(
        "UPDATE events SET title = $1, description = $2, location_id = $3, organisation_id = $4, fee_yen = $5, targets = $6,
            sequence = sequence + 1, updated_at = $7
         WHERE activity_id = $8 AND customised = $9 AND starts_at >= $10
           AND (title <> $1 OR description <> $2 OR location_id <> $3 OR {organisation_differs}
                OR fee_yen <> $5 OR targets <> $6)"
    );
    let refreshed = sqlx::query(&sql)
    .bind(&name)
    .bind(&description)
    .bind(location_id)
    .bind(organisation_id)
    .bind(fee)
    .bind(&targets)
    .bind(&now)
    .bind(activity_id)
    .bind(false)
    .bind(time_to_db(today.and_time(NaiveTime::MIN)))
    .execute(&mut *conn)
    .await?;
    report.updated += refreshed.rows_affected() as usize;
    Ok(report)
}

async fn update_times(conn: &mut AnyConnection, id: i64, to: &PlannedOccurrence, now: &str) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE events SET starts_at = $1, ends_at = $2, all_day = $3, status = 'scheduled', cancel_reason = NULL,
            sequence = sequence + 1, updated_at = $4 WHERE id = $5",
    )
    .bind(time_to_db(to.starts))
    .bind(time_to_db(to.ends))
    .bind(to.all_day)
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
