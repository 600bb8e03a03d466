//! Applying a tablet's outbox: all in one transaction, so a batch that cannot
//! be applied (a case that is not theirs, a listing that does not exist)
//! writes nothing at all.
//!
//! - Idempotent: an item whose client id was seen before is answered with its
//!   first outcome and written again never.
//! - Ordered per case: per device and case, items apply in their sequence; an
//!   item whose predecessor has not arrived yet is deferred (not written) and
//!   the device sends it again.
//! - Conflicts: a field change names the revision the device last saw; if a
//!   different device wrote the field since (with another value), the change
//!   is kept as a conflict and nothing is overwritten. Notes, connections,
//!   ratings and checks only ever append, so they never conflict.
use super::access;
use super::audit;
use super::sync::{BatchProblem, ItemResult, NewConnection, Outcome, SyncReply, ValidBatch, ValidChange, ValidItem};
use crate::accounts::session::now_text;
use crate::accounts::CurrentUser;
use crate::db::Db;
use crate::error::AppError;
use crate::validation::Problem;
use sqlx::AnyConnection;
use std::collections::BTreeMap;

#[derive(Debug)]
pub enum SyncError {
    /// Items name cases this person may not work (or that do not exist).
    Forbidden(Vec<i64>),
    /// Items refer to things that do not exist.
    Invalid(Vec<BatchProblem>),
    Failed(AppError),
}

impl From<sqlx::Error> for SyncError {
    fn from(e: sqlx::Error) -> Self {
        SyncError::Failed(e.into())
    }
}

impl From<AppError> for SyncError {
    fn from(e: AppError) -> Self {
        SyncError::Failed(e)
    }
}

/// Apply `batch` for `user` working on `device` (a short browser name).
pub async fn apply(db: &Db, user: &CurrentUser, device: &str, batch: ValidBatch) -> Result<SyncReply, SyncError> {
    // an empty batch (the "hello" each page open sends) only reads: no write
    // lock on SQLite
    let mut tx = if batch.items.is_empty() { db.pool().begin().await? } else { db.begin_write().await? };
    let workable = access::workable_cases(&mut tx, user).await?;
    let mut refused: Vec<i64> = batch.items.iter().map(|i| i.case_id).filter(|c| !workable.contains(c)).collect();
    refused.sort_unstable();
    refused.dedup();
    if !refused.is_empty() {
        drop(tx);
        // writes to cases not theirs: nothing is written, but the attempt is kept
        let mut conn = db.pool().acquire().await?;
        for case_id in &refused {
            audit::record(&mut conn, user, "refused", "case", Some(*case_id), "write", device).await?;
        }
        return Err(SyncError::Forbidden(refused));
    }
    check_references(&mut tx, &batch.items).await?;
    check_client_ids(&mut tx, user, &batch.items).await?;

    // Per case, in sequence order; results go back in the order sent.
    let mut order: Vec<usize> = (0..batch.items.len()).collect();
    order.sort_by_key(|&i| (batch.items[i].case_id, batch.items[i].seq));
    let mut outcomes: Vec<Option<Outcome>> = vec![None; batch.items.len()];
    let mut written: BTreeMap<i64, Vec<&'static str>> = BTreeMap::new();
    let now = now_text();
    for i in order {
        let item = &batch.items[i];
        let outcome = apply_item(&mut tx, user, &batch.device_id, item, &now).await?;
        if matches!(outcome, Outcome::Applied | Outcome::Conflict { .. }) {
            written.entry(item.case_id).or_default().push(item.change.kind());
        }
        outcomes[i] = Some(outcome);
    }
    for (case_id, kinds) in &written {
        sqlx::query("UPDATE cases SET updated_at = $1 WHERE id = $2").bind(&now).bind(case_id).execute(&mut *tx).await?;
        audit::record(&mut tx, user, "write", "case", Some(*case_id), &summarise(kinds), device).await?;
    }
    tx.commit().await?;
    let results = batch
        .items
        .iter()
        .zip(outcomes)
        .map(|(item, outcome)| ItemResult { client_id: item.client_id.clone(), outcome: outcome.unwrap_or(Outcome::Deferred) })
        .collect();
    Ok(SyncReply { results, assigned_cases: workable, server_time: now, user_id: user.id })
}

/// "note×3, status" — kinds only, never values.
fn summarise(kinds: &[&str]) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for k in kinds {
        *counts.entry(k).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(k, n)| if n == 1 { k.to_string() } else { format!("{k}×{n}") })
        .collect::<Vec<_>>()
        .join(", ")
}

/// An item id already used by someone else, or for another case, is
/// refused as a whole batch, saying nothing of what it was used for: a
/// replay is recognised only within the same person's same case.
async fn check_client_ids(conn: &mut AnyConnection, user: &CurrentUser, items: &[ValidItem]) -> Result<(), SyncError> {
    let mut problems = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let seen: Option<(Option<i64>, i64)> = sqlx::query_as("SELECT user_id, case_id FROM sync_items WHERE client_id = $1")
            .bind(&item.client_id)
            .fetch_optional(&mut *conn)
            .await?;
        if seen.is_some_and(|(owner, case)| owner != Some(user.id) || case != item.case_id) {
            problems.push(BatchProblem { item: Some(i), field: "client_id".into(), problem: Problem::Duplicate(item.client_id.clone()) });
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(SyncError::Invalid(problems))
    }
}

/// Listings a connection points at must exist.
async fn check_references(conn: &mut AnyConnection, items: &[ValidItem]) -> Result<(), SyncError> {
    let mut problems = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if let ValidChange::Connection(c) = &item.change {
            for (field, table, id) in [("activity_id", "activities", c.activity_id), ("resource_id", "resources", c.resource_id)] {
                let Some(id) = id else { continue };
                let found: Option<i64> = sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE id = $1"))
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await?;
                if found.is_none() {
                    problems.push(BatchProblem { item: Some(i), field: field.into(), problem: Problem::Unknown(id.to_string()) });
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(SyncError::Invalid(problems))
    }
}

async fn apply_item(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    device_id: &str,
    item: &ValidItem,
    now: &str,
) -> Result<Outcome, SyncError> {
    let seen: Option<String> = sqlx::query_scalar("SELECT outcome FROM sync_items WHERE client_id = $1 AND user_id = $2 AND case_id = $3")
        .bind(&item.client_id)
        .bind(user.id)
        .bind(item.case_id)
        .fetch_optional(&mut *conn)
        .await?;
    if let Some(first) = seen {
        return Ok(if first == "conflict" { stored_conflict(conn, &item.client_id, item.case_id).await? } else { Outcome::Duplicate });
    }
    let last_seq: i64 = sqlx::query_scalar("SELECT last_seq FROM sync_cursors WHERE device_id = $1 AND case_id = $2")
        .bind(device_id)
        .bind(item.case_id)
        .fetch_optional(&mut *conn)
        .await?
        .unwrap_or(0);
    if item.seq > last_seq + 1 {
        return Ok(Outcome::Deferred);
    }
    let outcome = match &item.change {
        ValidChange::Note { kind, happened_on, body } => {
            sqlx::query(
                "INSERT INTO case_notes (case_id, client_id, kind, happened_on, body, author_id, written_at, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(item.case_id)
            .bind(&item.client_id)
            .bind(kind.as_str())
            .bind(happened_on.to_string())
            .bind(body.as_str())
            .bind(user.id)
            .bind(&item.written_at)
            .bind(now)
            .execute(&mut *conn)
            .await?;
            Outcome::Applied
        }
        ValidChange::Connection(c) => {
            insert_connection(conn, user, item, c, now).await?;
            Outcome::Applied
        }
        ValidChange::Rating { stage, indicator, rating, note } => {
            sqlx::query(
                "INSERT INTO case_ratings (case_id, client_id, stage, indicator, rating, note, author_id, written_at, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(item.case_id)
            .bind(&item.client_id)
            .bind(stage.as_str())
            .bind(indicator.as_str())
            .bind(rating.get() as i64)
            .bind(note.as_ref().map(|n| n.as_str().to_string()))
            .bind(user.id)
            .bind(&item.written_at)
            .bind(now)
            .execute(&mut *conn)
            .await?;
            Outcome::Applied
        }
        ValidChange::Check { stage, questionnaire_id, scores, taken_on } => {
            sqlx::query(
                "INSERT INTO case_checks (case_id, client_id, stage, questionnaire_id, scores, taken_on, author_id, written_at, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(item.case_id)
            .bind(&item.client_id)
            .bind(stage.as_str())
            .bind(questionnaire_id)
            .bind(serde_json::to_string(scores).unwrap_or_default())
            .bind(taken_on.to_string())
            .bind(user.id)
            .bind(&item.written_at)
            .bind(now)
            .execute(&mut *conn)
            .await?;
            Outcome::Applied
        }
        ValidChange::Field { field, value, base_revision } => {
            super::fields::change(conn, user, device_id, item, *field, value, *base_revision).await?
        }
    };
    sqlx::query(
        "INSERT INTO sync_items (client_id, device_id, case_id, seq, kind, outcome, user_id, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&item.client_id)
    .bind(device_id)
    .bind(item.case_id)
    .bind(item.seq)
    .bind(item.change.kind())
    .bind(outcome.stored())
    .bind(user.id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    if item.seq > last_seq {
        let updated = sqlx::query("UPDATE sync_cursors SET last_seq = $1 WHERE device_id = $2 AND case_id = $3")
            .bind(item.seq)
            .bind(device_id)
            .bind(item.case_id)
            .execute(&mut *conn)
            .await?;
        if updated.rows_affected() == 0 {
            sqlx::query("INSERT INTO sync_cursors (device_id, case_id, last_seq) VALUES ($1, $2, $3)")
                .bind(device_id)
                .bind(item.case_id)
                .bind(item.seq)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(outcome)
}

async fn insert_connection(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    item: &ValidItem,
    c: &NewConnection,
    now: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO case_connections (case_id, client_id, activity_id, resource_id, label, tie, family, state,
             started_on, introduced_by, before_support, author_id, written_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
        .bind(item.case_id)
        .bind(&item.client_id)
        .bind(c.activity_id)
        .bind(c.resource_id)
        .bind(c.label.as_str())
        .bind(c.tie.as_str())
        .bind(c.family.as_str())
        .bind(c.state.as_str())
        .bind(c.started_on.map(|d| d.to_string()))
        .bind(c.introduced_by.as_ref().map(|t| t.as_str().to_string()))
        .bind(c.before_support)
        .bind(user.id)
        .bind(&item.written_at)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn stored_conflict(conn: &mut AnyConnection, client_id: &str, case_id: i64) -> Result<Outcome, sqlx::Error> {
    let row: Option<(i64, String, String, String)> =
        sqlx::query_as("SELECT id, field, server_value, device_value FROM case_conflicts WHERE client_id = $1 AND case_id = $2")
            .bind(client_id)
            .bind(case_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(match row {
        Some((conflict_id, field, server_value, device_value)) => {
            Outcome::Conflict { field, server_value, device_value, conflict_id }
        }
        None => Outcome::Duplicate,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn audit_details_name_kinds_not_values() {
        assert_eq!(super::summarise(&["note", "status", "note", "note"]), "note×3, status");
    }
}
