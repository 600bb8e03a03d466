//! A case's single-valued facts, each a history of revisions (1, 2, 3…) with
//! the device that wrote it. The current value is the highest revision; a
//! field never written has revision 0 and its default value.
use super::model::{CaseField, CaseStatus};
use super::sync::{Outcome, ValidItem};
use crate::accounts::CurrentUser;
use sqlx::AnyConnection;
use std::collections::BTreeMap;

/// A field's current value and revision.
pub type Current = BTreeMap<String, (String, i64)>;

/// The value a field has before anyone writes it.
pub fn default_value(field: CaseField) -> &'static str {
    match field {
        CaseField::Status => CaseStatus::Received.as_str(),
        _ => "",
    }
}

/// Every field's current value and revision for `case_id` (defaults at 0).
pub async fn current(conn: &mut AnyConnection, case_id: i64) -> Result<Current, sqlx::Error> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT f.field, f.value, f.revision FROM case_fields f
         WHERE f.case_id = $1
           AND f.revision = (SELECT MAX(g.revision) FROM case_fields g WHERE g.case_id = f.case_id AND g.field = f.field)",
    )
    .bind(case_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out: Current = CaseField::ALL.iter().map(|f| (f.as_str().to_string(), (default_value(*f).to_string(), 0))).collect();
    for (field, value, revision) in rows {
        out.insert(field, (value, revision));
    }
    Ok(out)
}

/// Change `field` to `value` from `base_revision` (what the device last
/// saw). Applied as the next revision unless another device wrote a different
/// value since; then a conflict is recorded and nothing changes. Applying a
/// change made with the conflict in view settles the field's open conflicts.
pub async fn change(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    device_id: &str,
    item: &ValidItem,
    field: CaseField,
    value: &str,
    base_revision: i64,
) -> Result<Outcome, sqlx::Error> {
    let latest: Option<(i64, String)> = sqlx::query_as(
        "SELECT revision, value FROM case_fields WHERE case_id = $1 AND field = $2 ORDER BY revision DESC LIMIT 1",
    )
    .bind(item.case_id)
    .bind(field.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    let (revision, current) = latest.unwrap_or((0, default_value(field).to_string()));
    let by_others: Option<i64> = sqlx::query_scalar(
        "SELECT revision FROM case_fields WHERE case_id = $1 AND field = $2 AND revision > $3 AND device_id <> $4 LIMIT 1",
    )
    .bind(item.case_id)
    .bind(field.as_str())
    .bind(base_revision)
    .bind(device_id)
    .fetch_optional(&mut *conn)
    .await?;
    if by_others.is_some() && current != value {
        let conflict_id: i64 = sqlx::query_scalar(
            "INSERT INTO case_conflicts (case_id, field, server_value, server_revision, device_value, client_id, device_id, user_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(item.case_id)
        .bind(field.as_str())
        .bind(&current)
        .bind(revision)
        .bind(value)
        .bind(&item.client_id)
        .bind(device_id)
        .bind(user.id)
        .bind(&item.written_at)
        .fetch_one(&mut *conn)
        .await?;
        return Ok(Outcome::Conflict {
            field: field.as_str().into(),
            server_value: current,
            device_value: value.into(),
            conflict_id,
        });
    }
    write(conn, user, device_id, item.case_id, field, value, revision + 1, &item.written_at).await?;
    sqlx::query(
        "UPDATE case_conflicts SET resolved_at = $1, resolved_by = $2
         WHERE case_id = $3 AND field = $4 AND resolved_at IS NULL AND server_revision <= $5",
    )
    .bind(crate::accounts::session::now_text())
    .bind(user.id)
    .bind(item.case_id)
    .bind(field.as_str())
    .bind(base_revision)
    .execute(&mut *conn)
    .await?;
    Ok(Outcome::Applied)
}

/// Write revision `revision` of `field` (and mirror the status on `cases`).
#[allow(clippy::too_many_arguments)]
pub async fn write(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    device_id: &str,
    case_id: i64,
    field: CaseField,
    value: &str,
    revision: i64,
    written_at: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO case_fields (case_id, field, revision, value, device_id, user_id, written_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(case_id)
    .bind(field.as_str())
    .bind(revision)
    .bind(value)
    .bind(device_id)
    .bind(user.id)
    .bind(written_at)
    .execute(&mut *conn)
    .await?;
    if field == CaseField::Status {
        sqlx::query("UPDATE cases SET status = $1 WHERE id = $2").bind(value).bind(case_id).execute(&mut *conn).await?;
    }
    Ok(())
}
