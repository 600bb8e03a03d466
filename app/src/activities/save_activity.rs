//! Create or update one activity (staff form, import, seed): resolves the
//! organisation, categories and district, writes the activity, its location,
//! categories and schedules, bumps the catalogue revision and records a
//! revision with who/when. Runs inside the caller's transaction so an import
//! can commit all rows or none.
use super::model::ActivityInput;
use crate::error::AppError;
use crate::validation::{FieldError, Problem};
use sqlx::AnyConnection;

/// Outcome of a save that passed validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Created(i64),
    Updated(i64),
    /// Same content as stored: nothing written.
    Unchanged(i64),
}

impl Saved {
    pub fn id(self) -> i64 {
        match self {
            Saved::Created(id) | Saved::Updated(id) | Saved::Unchanged(id) => id,
        }
    }
}

/// Save `input`. `id` names the activity to update; without it an existing
/// activity with the same external id is updated, else one is created.
/// `Ok(Err(_))` lists references that do not exist (nothing is written).
pub async fn save_activity(
    conn: &mut AnyConnection,
    id: Option<i64>,
    input: &ActivityInput,
    actor: &str,
) -> Result<Result<Saved, Vec<FieldError>>, AppError> {
    let mut errors = Vec::new();
    let organisation_id = match &input.organisation {
        Some(key) => resolve(conn, "SELECT id FROM organisations WHERE slug = $1 OR name = $1", key, "organisation", &mut errors).await?,
        None => None,
    };
    let mut category_ids = Vec::new();
    for slug in &input.categories {
        if let Some(c) = resolve(conn, "SELECT id FROM categories WHERE slug = $1", slug, "categories", &mut errors).await? {
            if !category_ids.contains(&c) {
                category_ids.push(c);
            }
        }
    }
    let district_id = match &input.location.district {
        Some(key) => resolve(conn, "SELECT id FROM districts WHERE slug = $1 OR name_ja = $1", key, "district", &mut errors).await?,
        None => None,
    };
    if !errors.is_empty() {
        return Ok(Err(errors));
    }

    let found: Option<i64> = match (id, &input.external_id) {
        (Some(id), _) => sqlx::query_scalar("SELECT id FROM activities WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?,
        (None, Some(ext)) => sqlx::query_scalar("SELECT id FROM activities WHERE external_id = $1")
            .bind(ext.as_str())
            .fetch_optional(&mut *conn)
            .await?,
        (None, None) => None,
    };
    let existing = match found {
        Some(id) => Some((id, latest_snapshot(conn, id).await?)),
        None => None,
    };
    if id.is_some() && existing.is_none() {
        return Err(AppError::NotFound);
    }
    let snapshot = serde_json::to_string(input).map_err(|_| AppError::Internal)?;
    if let Some((id, old)) = &existing {
        if *old == snapshot {
            return Ok(Ok(Saved::Unchanged(*id)));
        }
    }

    let rev: i64 = sqlx::query_scalar("UPDATE catalogue_rev SET rev = rev + 1 WHERE id = 1 RETURNING rev")
        .fetch_one(&mut *conn)
        .await?;
    let now = chrono::Utc::now().to_rfc3339();
    let loc = &input.location;
    let (activity_id, saved) = match &existing {
        Some((id, _)) => {
            let location_id: i64 = sqlx::query_scalar("SELECT location_id FROM activities WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *conn)
                .await?;
            write_location(conn, Some(location_id), loc, district_id).await?;
            write_activity(conn, Some(*id), location_id, organisation_id, input, rev, &now).await?;
            (*id, Saved::Updated(*id))
        }
        None => {
            let location_id = write_location(conn, None, loc, district_id).await?;
            let id = write_activity(conn, None, location_id, organisation_id, input, rev, &now).await?;
            (id, Saved::Created(id))
        }
    };
    sqlx::query("DELETE FROM activity_categories WHERE activity_id = $1").bind(activity_id).execute(&mut *conn).await?;
    for c in &category_ids {
        sqlx::query("INSERT INTO activity_categories (activity_id, category_id) VALUES ($1, $2)")
            .bind(activity_id)
            .bind(c)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("DELETE FROM activity_schedules WHERE activity_id = $1").bind(activity_id).execute(&mut *conn).await?;
    for (i, s) in input.schedules.iter().enumerate() {
        sqlx::query("INSERT INTO activity_schedules (activity_id, position, spec) VALUES ($1, $2, $3)")
            .bind(activity_id)
            .bind(i as i64)
            .bind(s.to_compact())
            .execute(&mut *conn)
            .await?;
    }
    let summary = if matches!(saved, Saved::Created(_)) { "created" } else { "updated" };
    sqlx::query("INSERT INTO activity_revisions (activity_id, rev, changed_by, changed_at, summary, snapshot) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(activity_id)
        .bind(rev)
        .bind(actor)
        .bind(&now)
        .bind(summary)
        .bind(&snapshot)
        .execute(&mut *conn)
        .await?;
    Ok(Ok(saved))
}

/// Update the location `id`, or insert a new one; returns its id.
pub(crate) async fn write_location(
    conn: &mut AnyConnection,
    id: Option<i64>,
    loc: &super::model::LocationInput,
    district_id: Option<i64>,
) -> Result<i64, AppError> {
    let address = loc.address.as_ref().map(|t| t.as_str().to_string()).unwrap_or_default();
    match id {
        Some(location_id) => {
            let sql = format!(
                "UPDATE locations SET name = $1, address = $2, district_id = $3, online = $4, {} WHERE id = $5",
                point_sql("latitude = $6, longitude = $7", "latitude = NULL, longitude = NULL", loc.point)
            );
            bind_point(
                sqlx::query(&sql).bind(loc.name.as_str()).bind(address).bind(district_id).bind(loc.online).bind(location_id),
                loc.point,
            )
            .execute(&mut *conn)
            .await?;
            Ok(location_id)
        }
        None => {
            let sql = format!(
                "INSERT INTO locations (name, address, district_id, online, latitude, longitude) VALUES ($1, $2, $3, $4, {}) RETURNING id",
                point_sql("$5, $6", "NULL, NULL", loc.point)
            );
            let mut q = sqlx::query_scalar::<_, i64>(&sql).bind(loc.name.as_str()).bind(address).bind(district_id).bind(loc.online);
            if let Some(p) = loc.point {
                q = q.bind(p.lat()).bind(p.lon());
            }
            Ok(q.fetch_one(&mut *conn).await?)
        }
    }
}

/// SQL for the coordinates: placeholders when known, `NULL` literals when
/// not. sqlx 0.8.6's Any driver sends a NULL `f64` with the wrong type, which
/// PostgreSQL rejects, so a missing position is never bound as a parameter.
pub(crate) fn point_sql(known: &'static str, unknown: &'static str, point: Option<crate::validation::GeoPoint>) -> &'static str {
    if point.is_some() {
        known
    } else {
        unknown
    }
}

pub(crate) fn bind_point<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    point: Option<crate::validation::GeoPoint>,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    match point {
        Some(p) => q.bind(p.lat()).bind(p.lon()),
        None => q,
    }
}

/// The id `sql` finds for `key`; when none, an `Unknown` problem for `field`.
pub(crate) async fn resolve(
    conn: &mut AnyConnection,
    sql: &str,
    key: &str,
    field: &str,
    errors: &mut Vec<FieldError>,
) -> Result<Option<i64>, AppError> {
    let found: Option<i64> = sqlx::query_scalar(sql).bind(key).fetch_optional(&mut *conn).await?;
    if found.is_none() {
        errors.push(FieldError::new(field, Problem::Unknown(key.to_string())));
    }
    Ok(found)
}

async fn latest_snapshot(conn: &mut AnyConnection, id: i64) -> Result<String, AppError> {
    let s: Option<String> = sqlx::query_scalar(
        "SELECT snapshot FROM activity_revisions WHERE activity_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(s.unwrap_or_default())
}

async fn write_activity(
    conn: &mut AnyConnection,
    id: Option<i64>,
    location_id: i64,
    organisation_id: Option<i64>,
    a: &ActivityInput,
    rev: i64,
    now: &str,
) -> Result<i64, AppError> {
    let opt = |t: &Option<crate::validation::PlainText>| t.as_ref().map(|t| t.as_str().to_string());
    let targets = a.targets.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(",");
    let photos = a.photos.iter().map(|p| p.as_str()).collect::<Vec<_>>().join("\n");
    let sql = match id {
        Some(_) => "UPDATE activities SET external_id = $1, name = $2, kana = $3, description = $4, organisation_id = $5,
                location_id = $6, targets = $7, cost_yen = $8, cost_note = $9, capacity = $10, beginners_welcome = $11,
                drop_in = $12, barrier_free = $13, accessible_toilet = $14, parking = $15, access_note = $16, phone = $17,
                email = $18, url = $19, photos = $20, status = $21, last_verified = $22, rev = $23, updated_at = $24
             WHERE id = $25 RETURNING id",
        None => "INSERT INTO activities (external_id, name, kana, description, organisation_id, location_id, targets,
                cost_yen, cost_note, capacity, beginners_welcome, drop_in, barrier_free, accessible_toilet, parking,
                access_note, phone, email, url, photos, status, last_verified, rev, updated_at, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $24)
             RETURNING id",
    };
    let mut q = sqlx::query_scalar::<_, i64>(sql)
        .bind(a.external_id.as_ref().map(|e| e.as_str().to_string()))
        .bind(a.name.as_str())
        .bind(a.kana.as_ref().map(|k| k.as_str().to_string()).unwrap_or_default())
        .bind(opt(&a.description).unwrap_or_default())
        .bind(organisation_id)
        .bind(location_id)
        .bind(targets)
        .bind(a.cost_yen as i64)
        .bind(opt(&a.cost_note))
        .bind(a.capacity.map(|c| c as i64))
        .bind(a.beginners_welcome)
        .bind(a.drop_in)
        .bind(a.barrier_free)
        .bind(a.accessible_toilet)
        .bind(a.parking)
        .bind(opt(&a.access_note))
        .bind(a.phone.as_ref().map(|p| p.as_str().to_string()))
        .bind(a.email.as_ref().map(|p| p.as_str().to_string()))
        .bind(a.url.as_ref().map(|p| p.as_str().to_string()))
        .bind(photos)
        .bind(a.status.as_str())
        .bind(a.last_verified.map(|d| d.to_string()))
        .bind(rev)
        .bind(now);
    if let Some(id) = id {
        q = q.bind(id);
    }
    Ok(q.fetch_one(&mut *conn).await?)
}
