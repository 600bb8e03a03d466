//! Suggestions in the database: store, list for the queue, decide.
use super::model::SuggestionInput;
use super::{DecideReply, QueuedSuggestion};
use crate::db::Db;
use crate::error::AppError;
use crate::resources::model::{ResourceForm, ResourceKind};
use crate::validation::{FieldError, Problem};
use sqlx::Row;

pub async fn insert(db: &Db, s: &SuggestionInput) -> Result<i64, AppError> {
    let text = |t: &Option<crate::validation::PlainText>| t.as_ref().map(|t| t.as_str().to_string()).unwrap_or_default();
    let point = if s.point.is_some() { "$8, $9" } else { "NULL, NULL" };
    let sql = format!(
        "INSERT INTO suggestions (target, name, good, kind, address, contact, created_at, latitude, longitude)
         VALUES ($1, $2, $3, $4, $5, $6, $7, {point}) RETURNING id"
    );
    let mut q = sqlx::query_scalar::<_, i64>(&sql)
        .bind(s.target.as_str())
        .bind(s.name.as_str())
        .bind(s.good.as_str())
        .bind(s.kind.map(|k| k.as_str()).unwrap_or_default())
        .bind(text(&s.address))
        .bind(text(&s.contact))
        .bind(crate::accounts::session::now_text());
    if let Some(p) = s.point {
        q = q.bind(p.lat()).bind(p.lon());
    }
    let mut tx = db.begin_write().await?;
    let id = q.fetch_one(&mut *tx).await?;
    if let Some(photo) = s.photo_id {
        // only a photo uploaded for a suggestion (no owner) may be attached
        sqlx::query("UPDATE suggestions SET photo_id = (SELECT id FROM media WHERE id = $1 AND owner_id IS NULL) WHERE id = $2")
            .bind(photo)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(id)
}

const COLUMNS: &str = "id, target, name, good, kind, address, latitude, longitude, photo_id, contact, status, reason, resource_id, created_at, decided_by";

fn row(r: &sqlx::any::AnyRow) -> Result<QueuedSuggestion, sqlx::Error> {
    Ok(QueuedSuggestion {
        id: r.try_get("id")?,
        target: r.try_get("target")?,
        name: r.try_get("name")?,
        good: r.try_get("good")?,
        kind: r.try_get("kind")?,
        address: r.try_get("address")?,
        latitude: r.try_get("latitude")?,
        longitude: r.try_get("longitude")?,
        photo_id: r.try_get("photo_id")?,
        contact: r.try_get("contact")?,
        status: r.try_get("status")?,
        reason: r.try_get("reason")?,
        resource_id: r.try_get("resource_id")?,
        created_at: r.try_get("created_at")?,
        decided_by: r.try_get("decided_by")?,
    })
}

pub async fn get(db: &Db, id: i64) -> Result<QueuedSuggestion, AppError> {
    let r = sqlx::query(&format!("SELECT {COLUMNS} FROM suggestions WHERE id = $1")).bind(id).fetch_optional(db.pool()).await?.ok_or(AppError::NotFound)?;
    Ok(row(&r)?)
}

pub async fn queue(db: &Db) -> Result<Vec<QueuedSuggestion>, AppError> {
    let mut out = Vec::new();
    for sql in [
        format!("SELECT {COLUMNS} FROM suggestions WHERE status = 'pending' ORDER BY created_at, id"),
        format!("SELECT {COLUMNS} FROM suggestions WHERE status <> 'pending' ORDER BY decided_at DESC, id DESC LIMIT 30"),
    ] {
        for r in sqlx::query(&sql).fetch_all(db.pool()).await? {
            out.push(row(&r)?);
        }
    }
    Ok(out)
}

/// Decide a waiting suggestion. Its contact is erased: it was given only
/// for questions before the decision.
pub async fn decide(db: &Db, id: i64, decision: &str, reason: &str, actor: &str) -> Result<DecideReply, AppError> {
    let s = get(db, id).await?;
    if s.status != "pending" {
        return Ok(DecideReply::Invalid(vec![FieldError::new("decision", Problem::NotAllowed)]));
    }
    let now = crate::accounts::session::now_text();
    let mut tx = db.begin_write().await?;
    let reply = match decision {
        "reject" => {
            if reason.is_empty() {
                return Ok(DecideReply::Invalid(vec![FieldError::new("reason", Problem::Required)]));
            }
            let reason = match crate::validation::PlainText::parse(reason, 500, true) {
                Ok(r) => r,
                Err(p) => return Ok(DecideReply::Invalid(vec![FieldError::new("reason", p)])),
            };
            sqlx::query("UPDATE suggestions SET status = 'rejected', reason = $1, contact = '', decided_by = $2, decided_at = $3 WHERE id = $4")
                .bind(reason.as_str())
                .bind(actor)
                .bind(&now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            DecideReply::Rejected
        }
        "place" => {
            let form = ResourceForm {
                name: s.name.clone(),
                kind: ResourceKind::parse(&s.kind).unwrap_or(ResourceKind::Other).as_str().into(),
                description: s.good.clone(),
                address: s.address.clone(),
                latitude: s.latitude.map(|v| v.to_string()).unwrap_or_default(),
                longitude: s.longitude.map(|v| v.to_string()).unwrap_or_default(),
                status: "draft".into(),
                ..Default::default()
            };
            let input = form.parse().map_err(|_| AppError::Invalid("suggestion".into()))?;
            let rid = match crate::resources::db::save(&mut tx, None, &input, actor).await? {
                Ok(rid) => rid,
                Err(e) => return Ok(DecideReply::Invalid(e)),
            };
            if let Some(photo) = s.photo_id {
                sqlx::query("UPDATE resources SET photo_id = $1 WHERE id = $2").bind(photo).bind(rid).execute(&mut *tx).await?;
            }
            sqlx::query("UPDATE suggestions SET status = 'accepted', resource_id = $1, contact = '', decided_by = $2, decided_at = $3 WHERE id = $4")
                .bind(rid)
                .bind(actor)
                .bind(&now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            DecideReply::ResourceDraft { id: rid }
        }
        "activity" => {
            sqlx::query("UPDATE suggestions SET status = 'accepted', contact = '', decided_by = $1, decided_at = $2 WHERE id = $3")
                .bind(actor)
                .bind(&now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            DecideReply::ActivityDraft { suggestion: id }
        }
        _ => return Ok(DecideReply::Invalid(vec![FieldError::new("decision", Problem::ChooseOne)])),
    };
    tx.commit().await?;
    Ok(reply)
}
