//! Resources in the database: save (with a revision), read for the detail
//! page and the staff form, and the published ones inside a map box.
use super::model::{ResourceForm, ResourceInput, ResourceKind, ResourceStatus};
use super::{ResourceDetail, ResourceRow};
use crate::activities::save_activity::{resolve, write_location};
use crate::db::Db;
use crate::error::AppError;
use crate::map::bbox::BBox;
use crate::map::points::MapPoint;
use crate::validation::FieldError;
use sqlx::Row;

/// Create (`id` = None) or update; `Ok(Err(_))` names unknown references
/// (nothing written). Runs in the caller's transaction.
pub async fn save(
    conn: &mut sqlx::AnyConnection,
    id: Option<i64>,
    input: &ResourceInput,
    actor: &str,
) -> Result<Result<i64, Vec<FieldError>>, AppError> {
    let mut errors = Vec::new();
    let district_id = match &input.location.district {
        Some(key) => resolve(conn, "SELECT id FROM districts WHERE slug = $1 OR name_ja = $1", key, "district", &mut errors).await?,
        None => None,
    };
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let now = crate::accounts::session::now_text();
    let text = |t: &Option<crate::validation::PlainText>| t.as_ref().map(|t| t.as_str().to_string()).unwrap_or_default();
    let id = match id {
        Some(id) => {
            let location_id: i64 = sqlx::query_scalar("SELECT location_id FROM resources WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?
                .ok_or(AppError::NotFound)?;
            write_location(conn, Some(location_id), &input.location, district_id).await?;
            sqlx::query(
                "UPDATE resources SET name = $1, kind = $2, description = $3, opening_hours = $4, phone = $5, url = $6, status = $7, updated_at = $8 WHERE id = $9",
            )
            .bind(input.name.as_str())
            .bind(input.kind.as_str())
            .bind(text(&input.description))
            .bind(text(&input.opening_hours))
            .bind(input.phone.as_ref().map(|p| p.as_str().to_string()))
            .bind(input.url.as_ref().map(|p| p.as_str().to_string()))
            .bind(input.status.as_str())
            .bind(&now)
            .bind(id)
            .execute(&mut *conn)
            .await?;
            id
        }
        None => {
            let location_id = write_location(conn, None, &input.location, district_id).await?;
            sqlx::query_scalar(
                "INSERT INTO resources (name, kind, description, opening_hours, phone, url, status, location_id, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
            )
            .bind(input.name.as_str())
            .bind(input.kind.as_str())
            .bind(text(&input.description))
            .bind(text(&input.opening_hours))
            .bind(input.phone.as_ref().map(|p| p.as_str().to_string()))
            .bind(input.url.as_ref().map(|p| p.as_str().to_string()))
            .bind(input.status.as_str())
            .bind(location_id)
            .bind(&now)
            .fetch_one(&mut *conn)
            .await?
        }
    };
    sqlx::query("INSERT INTO resource_revisions (resource_id, changed_by, changed_at, summary, snapshot) VALUES ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(actor)
        .bind(&now)
        .bind(input.status.as_str())
        .bind(serde_json::to_string(input).map_err(|_| AppError::Internal)?)
        .execute(&mut *conn)
        .await?;
    Ok(Ok(id))
}

const SELECT: &str = "SELECT r.id, r.name, r.kind, r.description, r.opening_hours, r.phone, r.url, r.status, r.photo_id, r.updated_at,
        l.address, l.latitude, l.longitude, d.slug AS district, d.name_ja AS district_ja, d.name_en AS district_en
    FROM resources r JOIN locations l ON l.id = r.location_id LEFT JOIN districts d ON d.id = l.district_id";

fn detail(r: &sqlx::any::AnyRow) -> Result<ResourceDetail, sqlx::Error> {
    let kind: String = r.try_get("kind")?;
    let status: String = r.try_get("status")?;
    Ok(ResourceDetail {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        kind: ResourceKind::parse(&kind).unwrap_or(ResourceKind::Other),
        description: r.try_get("description")?,
        opening_hours: r.try_get("opening_hours")?,
        phone: r.try_get("phone")?,
        url: r.try_get("url")?,
        status: ResourceStatus::parse(&status).unwrap_or(ResourceStatus::Draft),
        photo_id: r.try_get("photo_id")?,
        updated_at: r.try_get("updated_at")?,
        address: r.try_get("address")?,
        latitude: r.try_get("latitude")?,
        longitude: r.try_get("longitude")?,
        district: r.try_get::<Option<String>, _>("district")?.unwrap_or_default(),
        district_ja: r.try_get::<Option<String>, _>("district_ja")?.unwrap_or_default(),
        district_en: r.try_get::<Option<String>, _>("district_en")?.unwrap_or_default(),
        map: None,
    })
}

pub async fn get(db: &Db, id: i64) -> Result<ResourceDetail, AppError> {
    let r = sqlx::query(&format!("{SELECT} WHERE r.id = $1")).bind(id).fetch_optional(db.pool()).await?.ok_or(AppError::NotFound)?;
    Ok(detail(&r)?)
}

pub async fn load_form(db: &Db, id: i64) -> Result<ResourceForm, AppError> {
    let d = get(db, id).await?;
    Ok(ResourceForm {
        name: d.name,
        kind: d.kind.as_str().into(),
        description: d.description,
        opening_hours: d.opening_hours,
        address: d.address,
        district: d.district,
        latitude: d.latitude.map(|v| v.to_string()).unwrap_or_default(),
        longitude: d.longitude.map(|v| v.to_string()).unwrap_or_default(),
        phone: d.phone.unwrap_or_default(),
        url: d.url.unwrap_or_default(),
        status: d.status.as_str().into(),
    })
}

/// Every resource for the staff list (drafts first, then by name).
pub async fn staff_list(db: &Db) -> Result<Vec<ResourceRow>, AppError> {
    let rows = sqlx::query(&format!("{SELECT} ORDER BY CASE r.status WHEN 'draft' THEN 0 WHEN 'published' THEN 1 ELSE 2 END, r.name"))
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|r| detail(r).map(|d| ResourceRow { id: d.id, name: d.name, kind: d.kind, status: d.status, district_ja: d.district_ja, district_en: d.district_en }))
        .collect::<Result<_, _>>()
        .map_err(AppError::from)
}

/// Published resources inside `bbox`, optionally of one kind, in one
/// district, or matching words (in the name, description or address).
pub async fn in_box(db: &Db, bbox: &BBox, kind: Option<ResourceKind>, district: &str, words: &str) -> Result<Vec<MapPoint>, AppError> {
    let mut sql = String::from(
        "SELECT r.id, r.name, r.kind, r.description, l.address, l.latitude, l.longitude FROM resources r
         JOIN locations l ON l.id = r.location_id LEFT JOIN districts d ON d.id = l.district_id
         WHERE r.status = 'published' AND l.latitude BETWEEN $1 AND $2 AND l.longitude BETWEEN $3 AND $4",
    );
    if kind.is_some() {
        sql.push_str(" AND r.kind = $5");
    }
    if !district.is_empty() {
        sql.push_str(if kind.is_some() { " AND d.slug = $6" } else { " AND d.slug = $5" });
    }
    let mut q = sqlx::query(&sql).bind(bbox.south()).bind(bbox.north()).bind(bbox.west()).bind(bbox.east());
    if let Some(k) = kind {
        q = q.bind(k.as_str());
    }
    if !district.is_empty() {
        q = q.bind(district.to_string());
    }
    let rows = q.fetch_all(db.pool()).await?;
    use crate::activities::search::normalize::{matches_all, query_words, searchable_fields};
    let words = query_words(words);
    let mut out = Vec::new();
    for r in &rows {
        let name: String = r.try_get("name")?;
        if !words.is_empty() {
            let kind = ResourceKind::parse(&r.try_get::<String, _>("kind")?).unwrap_or(ResourceKind::Other);
            let hay = searchable_fields(&[
                &name,
                &r.try_get::<String, _>("description")?,
                &r.try_get::<String, _>("address")?,
                super::kind_label(kind, crate::i18n::Locale::ja),
                super::kind_label(kind, crate::i18n::Locale::en),
            ]);
            if !matches_all(&words, &hay) {
                continue;
            }
        }
        let kind: String = r.try_get("kind")?;
        out.push(MapPoint {
            id: r.try_get("id")?,
            lat: r.try_get::<Option<f64>, _>("latitude")?.unwrap_or_default(),
            lon: r.try_get::<Option<f64>, _>("longitude")?.unwrap_or_default(),
            name,
            category: kind,
            next_date: None,
            resource: true,
        });
    }
    Ok(out)
}
