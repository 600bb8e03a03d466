//! Staff create, edit and cancel events. Editing a generated session marks it
//! customised, so regenerating from the schedule leaves it as staff left it.
//! Every change bumps the iCalendar SEQUENCE so calendars pick it up.
use super::db::time_to_db;
use super::model::{EventForm, EventInput, EventStatus};
use crate::activities::save_activity::{resolve, write_location};
use crate::db::Db;
use crate::error::AppError;
use crate::validation::{FieldError, PlainText};
use sqlx::{AnyConnection, Row};

/// Places already taken on an event (0 for a new one).
pub async fn booked(db: &Db, id: Option<i64>) -> Result<u32, AppError> {
    let Some(id) = id else { return Ok(0) };
    let n: Option<i64> = sqlx::query_scalar("SELECT booked FROM events WHERE id = $1").bind(id).fetch_optional(db.pool()).await?;
    Ok(n.ok_or(AppError::NotFound)?.max(0) as u32)
}

/// Validate and save. `Ok(Err(_))`: nothing was written; every problem named.
pub async fn save_event(db: &Db, id: Option<i64>, form: &EventForm) -> Result<Result<i64, Vec<FieldError>>, AppError> {
    let mut tx = db.begin_write().await?;
    let saved = save_event_in(&mut tx, id, form).await?;
    if saved.is_ok() {
        tx.commit().await?;
    }
    Ok(saved)
}

/// [`save_event`] inside the caller's transaction (the caller rolls back on `Ok(Err(_))`).
pub async fn save_event_in(conn: &mut AnyConnection, id: Option<i64>, form: &EventForm) -> Result<Result<i64, Vec<FieldError>>, AppError> {
    // read the bookings inside the transaction that writes the capacity
    let taken: Option<i64> = match id {
        Some(id) => Some(
            sqlx::query_scalar("SELECT booked FROM events WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    match form.parse(taken.unwrap_or(0).max(0) as u32) {
        Ok(input) => write(conn, id, &input).await,
        Err(errors) => Ok(Err(errors)),
    }
}

async fn write(conn: &mut AnyConnection, id: Option<i64>, e: &EventInput) -> Result<Result<i64, Vec<FieldError>>, AppError> {
    let mut errors = Vec::new();
    let organisation_id = match &e.organisation {
        Some(key) => resolve(conn, "SELECT id FROM organisations WHERE slug = $1 OR name = $1", key, "organisation", &mut errors).await?,
        None => None,
    };
    let mut category_ids = Vec::new();
    for slug in &e.categories {
        if let Some(c) = resolve(conn, "SELECT id FROM categories WHERE slug = $1", slug, "categories", &mut errors).await? {
            if !category_ids.contains(&c) {
                category_ids.push(c);
            }
        }
    }
    let district_id = match &e.location.district {
        Some(key) => resolve(conn, "SELECT id FROM districts WHERE slug = $1 OR name_ja = $1", key, "district", &mut errors).await?,
        None => None,
    };
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let now = chrono::Utc::now().to_rfc3339();
    let opt = |t: &Option<PlainText>| t.as_ref().map(|t| t.as_str().to_string());
    let stored_location: Option<i64> = match id {
        Some(id) => sqlx::query_scalar("SELECT location_id FROM events WHERE id = $1").bind(id).fetch_one(&mut *conn).await?,
        None => None,
    };
    let shared = match (id, stored_location) {
        // a generated session shares its activity's location: give it its own before editing
        (Some(id), Some(loc)) => {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE location_id = $1 AND id <> $2")
                .bind(loc)
                .bind(id)
                .fetch_one(&mut *conn)
                .await?;
            let a: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM activities WHERE location_id = $1").bind(loc).fetch_one(&mut *conn).await?;
            n + a > 0
        }
        _ => true,
    };
    let location_id = write_location(conn, if shared { None } else { stored_location }, &e.location, district_id).await?;
    let status = if e.full { EventStatus::Full } else { EventStatus::Scheduled };
    let sql = match id {
        Some(_) => "UPDATE events SET kind = $1, title = $2, description = $3, starts_at = $4, ends_at = $5, all_day = $6,
                location_id = $7, online_url = $8, organisation_id = $9, fee_yen = $10, fee_note = $11, capacity = $12,
                targets = $13, target_note = $14, bring = $15, apply_method = $16, apply_contact = $17, apply_deadline = $18,
                photos = $19, status = CASE WHEN status = 'cancelled' THEN status ELSE $20 END,
                sequence = sequence + 1, updated_at = $21, customised = $22
             WHERE id = $23 RETURNING id",
        None => "INSERT INTO events (kind, title, description, starts_at, ends_at, all_day, location_id, online_url,
                organisation_id, fee_yen, fee_note, capacity, targets, target_note, bring, apply_method, apply_contact,
                apply_deadline, photos, status, updated_at, customised, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $21)
             RETURNING id",
    };
    let mut q = sqlx::query_scalar::<_, i64>(sql)
        .bind(e.kind.as_str())
        .bind(e.title.as_str())
        .bind(opt(&e.description).unwrap_or_default())
        .bind(time_to_db(e.starts))
        .bind(time_to_db(e.ends))
        .bind(e.all_day)
        .bind(location_id)
        .bind(e.online_url.as_ref().map(|u| u.as_str().to_string()))
        .bind(organisation_id)
        .bind(e.fee_yen as i64)
        .bind(opt(&e.fee_note))
        .bind(e.capacity.map(|c| c as i64))
        .bind(e.targets.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(","))
        .bind(opt(&e.target_note))
        .bind(opt(&e.bring))
        .bind(e.application.method.as_str())
        .bind(opt(&e.application.contact))
        .bind(e.application.deadline.map(time_to_db))
        .bind(e.photos.iter().map(|p| p.as_str()).collect::<Vec<_>>().join("\n"))
        .bind(status.as_str())
        .bind(&now)
        .bind(true);
    if let Some(id) = id {
        q = q.bind(id);
    }
    let event_id = q.fetch_one(&mut *conn).await?;
    sqlx::query("DELETE FROM event_categories WHERE event_id = $1").bind(event_id).execute(&mut *conn).await?;
    for c in category_ids {
        sqlx::query("INSERT INTO event_categories (event_id, category_id) VALUES ($1, $2)").bind(event_id).bind(c).execute(&mut *conn).await?;
    }
    Ok(Ok(event_id))
}

/// The staff form of a stored event, and its bookings.
pub async fn load_form(db: &Db, id: i64) -> Result<(EventForm, u32), AppError> {
    let r = sqlx::query(&format!("{} WHERE e.id = $1", super::db::SELECT))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    let slugs: Vec<String> = sqlx::query_scalar(
        "SELECT c.slug FROM event_categories ec JOIN categories c ON c.id = ec.category_id WHERE ec.event_id = $1 ORDER BY c.sort_order",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    let district: Option<String> = sqlx::query_scalar(
        "SELECT d.slug FROM events e JOIN locations l ON l.id = e.location_id JOIN districts d ON d.id = l.district_id WHERE e.id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    let starts = super::db::time_from_db(&r.try_get::<String, _>("starts_at")?)?;
    let ends = super::db::time_from_db(&r.try_get::<String, _>("ends_at")?)?;
    let all_day = crate::db::get_bool(&r, "all_day")?;
    let s = |c: &str| -> Result<String, AppError> { Ok(r.try_get::<Option<String>, _>(c)?.unwrap_or_default()) };
    let last_day = if all_day { ends.date().pred_opt().unwrap_or(ends.date()) } else { ends.date() };
    let deadline = r.try_get::<Option<String>, _>("apply_deadline")?.map(|d| super::db::time_from_db(&d)).transpose()?;
    let form = EventForm {
        title: s("title")?,
        kind: s("kind")?,
        description: s("description")?,
        categories: slugs.join(","),
        date: starts.date().to_string(),
        end_date: if last_day != starts.date() { last_day.to_string() } else { String::new() },
        start_time: if all_day { String::new() } else { starts.format("%H:%M").to_string() },
        end_time: if all_day { String::new() } else { ends.format("%H:%M").to_string() },
        all_day,
        location_name: s("place")?,
        address: s("address")?,
        district: district.unwrap_or_default(),
        latitude: r.try_get::<Option<f64>, _>("latitude")?.map(|v| v.to_string()).unwrap_or_default(),
        longitude: r.try_get::<Option<f64>, _>("longitude")?.map(|v| v.to_string()).unwrap_or_default(),
        online: crate::db::get_bool(&r, "online").unwrap_or(false),
        online_url: s("online_url")?,
        organisation: s("organisation")?,
        fee_yen: r.try_get::<i64, _>("fee_yen")?.to_string(),
        fee_note: s("fee_note")?,
        capacity: r.try_get::<Option<i64>, _>("capacity")?.map(|c| c.to_string()).unwrap_or_default(),
        targets: s("targets")?,
        target_note: s("target_note")?,
        bring: s("bring")?,
        apply_method: s("apply_method")?,
        apply_contact: s("apply_contact")?,
        apply_deadline: deadline.map(|d| d.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default(),
        photos: s("photos")?,
        full: s("status")? == "full",
    };
    let booked: i64 = r.try_get("booked")?;
    Ok((form, booked.max(0) as u32))
}

/// Cancel with a reason residents will read (required).
pub async fn cancel_event(db: &Db, id: i64, reason: &str) -> Result<Result<(), FieldError>, AppError> {
    let mut conn = db.pool().acquire().await?;
    cancel_event_in(&mut conn, id, reason).await
}

pub async fn cancel_event_in(conn: &mut AnyConnection, id: i64, reason: &str) -> Result<Result<(), FieldError>, AppError> {
    let reason = match PlainText::parse(reason, 300, true) {
        Ok(r) => r,
        Err(p) => return Ok(Err(FieldError::new("cancel_reason", p))),
    };
    let done = sqlx::query(
        "UPDATE events SET status = 'cancelled', cancel_reason = $1, customised = $2, sequence = sequence + 1, updated_at = $3 WHERE id = $4",
    )
    .bind(reason.as_str())
    .bind(true)
    .bind(chrono::Utc::now().to_rfc3339())
    .bind(id)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(Ok(()))
}

/// Undo a cancellation.
pub async fn reinstate_event(db: &Db, id: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE events SET status = 'scheduled', cancel_reason = NULL, sequence = sequence + 1, updated_at = $1 WHERE id = $2 AND status = 'cancelled'",
    )
    .bind(chrono::Utc::now().to_rfc3339())
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(())
}
