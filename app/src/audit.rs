//! The audit trail: who read or wrote which case or referral, who was
//! refused a case, who read this log, whose roles changed and which
//! self-referrals came in; when, and from which device. Only actions and
//! field names are kept, never the personal values. A read that cannot be
//! recorded does not happen.
#[cfg(feature = "ssr")]
use crate::accounts::CurrentUser;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use sqlx::AnyConnection;

/// One line of the audit log as the admin sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub subject_id: Option<i64>,
    pub detail: String,
    pub device: String,
}

/// The newest entries (for one case when `case_id` is given); admin only.
#[server(endpoint = "casework/audit")]
pub async fn audit_log(case_id: Option<i64>) -> Result<Vec<AuditEntry>, AppError> {
    use crate::accounts::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    let admin = session::require(&db, Permission::ViewAudit).await?;
    let mut conn = db.pool().acquire().await?;
    // reading the log is itself in the log
    let detail = case_id.map(|id| format!("case {id}")).unwrap_or_default();
    record(&mut conn, &admin, "read", "audit", None, &detail, &session::request_device()).await?;
    Ok(entries(&mut conn, case_id.map(|id| ("case", id)), 500).await?)
}

/// Record one action: `read`, `write`, `assign`, `create`, `print`, `send`,
/// `export`, `refused` (a case not theirs), `roles`, `disable`, `enable` on
/// a `case`, `referral`, `intake` (the queue), `audit` (the log) or `user`.
#[cfg(feature = "ssr")]
pub async fn record(
    conn: &mut AnyConnection,
    who: &CurrentUser,
    action: &str,
    subject: &str,
    subject_id: Option<i64>,
    detail: &str,
    device: &str,
) -> Result<(), sqlx::Error> {
    insert(conn, Some(who.id), &who.email, [action, subject, detail, device], subject_id).await
}

/// Record what someone without an account did (a self-referral from the
/// self-check): the actor is `anonymous`.
#[cfg(feature = "ssr")]
pub async fn record_anonymous(conn: &mut AnyConnection, action: &str, subject: &str, subject_id: Option<i64>, detail: &str, device: &str) -> Result<(), sqlx::Error> {
    insert(conn, None, "anonymous", [action, subject, detail, device], subject_id).await
}

#[cfg(feature = "ssr")]
async fn insert(conn: &mut AnyConnection, user_id: Option<i64>, actor: &str, [action, subject, detail, device]: [&str; 4], subject_id: Option<i64>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, user_id, actor, action, subject, subject_id, detail, device)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(crate::accounts::session::now_text())
    .bind(user_id)
    .bind(actor)
    .bind(action)
    .bind(subject)
    .bind(subject_id)
    .bind(detail)
    .bind(device.chars().take(80).collect::<String>())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The log, newest first, optionally for one subject (`case`, 12).
#[cfg(feature = "ssr")]
pub async fn entries(
    conn: &mut AnyConnection,
    subject: Option<(&str, i64)>,
    limit: i64,
) -> Result<Vec<AuditEntry>, sqlx::Error> {
    type Row = (String, String, String, String, Option<i64>, String, String);
    let rows: Vec<Row> = match subject {
        Some((s, id)) => {
            sqlx::query_as(
                "SELECT at, actor, action, subject, subject_id, detail, device FROM audit_log
                 WHERE subject = $1 AND subject_id = $2 ORDER BY id DESC LIMIT $3",
            )
            .bind(s)
            .bind(id)
            .bind(limit)
            .fetch_all(&mut *conn)
            .await?
        }
        None => {
            sqlx::query_as(
                "SELECT at, actor, action, subject, subject_id, detail, device FROM audit_log ORDER BY id DESC LIMIT $1",
            )
            .bind(limit)
            .fetch_all(&mut *conn)
            .await?
        }
    };
    Ok(rows
        .into_iter()
        .map(|(at, actor, action, subject, subject_id, detail, device)| AuditEntry {
            at,
            actor,
            action,
            subject,
            subject_id,
            detail,
            device,
        })
        .collect())
}

/// The whole log as CSV (UTF-8 with BOM, for Excel), oldest first, times in
/// Tokyo.
#[cfg(feature = "ssr")]
pub async fn export_csv(conn: &mut AnyConnection) -> Result<String, AppError> {
    use crate::feeds::spreadsheet::csv_cell as cell;
    let mut rows = entries(conn, None, i64::MAX).await?;
    rows.reverse();
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let to_err = |_| AppError::Internal;
    w.write_record(["日時", "利用者", "操作", "対象", "対象ID", "内容", "端末"]).map_err(to_err)?;
    for e in rows {
        w.write_record([
            crate::calendar::tokyo_time(&e.at),
            cell(&e.actor),
            e.action,
            e.subject,
            e.subject_id.map(|i| i.to_string()).unwrap_or_default(),
            cell(&e.detail),
            cell(&e.device),
        ])
        .map_err(to_err)?;
    }
    let bytes = w.into_inner().map_err(|_| AppError::Internal)?;
    Ok(format!("\u{feff}{}", String::from_utf8(bytes).map_err(|_| AppError::Internal)?))
}
