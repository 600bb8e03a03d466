//! The cases a link worker holds (and, for the office lead, the team's):
//! name, age, district, status and connections before → now. Reading the
//! list is audited like reading a case.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseSummary {
    pub id: i64,
    pub name: String,
    pub age: Option<u32>,
    pub district: Option<String>,
    pub status: String,
    pub assignee: String,
    pub assignee_id: Option<i64>,
    /// assigned to the reader (not only visible through the team)
    pub mine: bool,
    pub updated_at: String,
    pub connections_before: i64,
    pub connections_now: i64,
}

#[server(endpoint = "casework/cases")]
pub async fn my_cases() -> Result<Vec<CaseSummary>, AppError> {
    use crate::accounts::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    let user = session::require(&db, Permission::CaseWork).await?;
    let device = session::request_device();
    ssr::list(&db, &user, &device).await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::accounts::CurrentUser;
    use crate::casework::{access, audit};
    use crate::db::Db;
    use sqlx::Row;

    pub async fn list(db: &Db, user: &CurrentUser, device: &str) -> Result<Vec<CaseSummary>, AppError> {
        let mut conn = db.pool().acquire().await?;
        let ids = access::workable_cases(&mut conn, user).await?;
        let today = crate::calendar::today_tokyo();
        let mut out = Vec::with_capacity(ids.len());
        if !ids.is_empty() {
            // one query for the whole list (ids are integers from the database)
            let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
            let rows = sqlx::query(&format!(
                "SELECT c.id, c.status, c.assigned_to, c.updated_at, COALESCE(r.name, '') AS name, r.birth_date, r.district,
                        COALESCE(u.display_name, '') AS assignee,
                        (SELECT COUNT(*) FROM case_connections k WHERE k.case_id = c.id AND k.before_support = $1) AS before_n,
                        (SELECT COUNT(*) FROM case_connections k WHERE k.case_id = c.id AND k.state = 'active') AS now_n
                 FROM cases c JOIN referrals r ON r.id = c.referral_id LEFT JOIN users u ON u.id = c.assigned_to
                 WHERE c.id IN ({list}) ORDER BY c.id DESC"
            ))
            .bind(true)
            .fetch_all(&mut *conn)
            .await?;
            for r in &rows {
                let birth: Option<String> = r.try_get("birth_date")?;
                let assignee_id: Option<i64> = r.try_get("assigned_to")?;
                out.push(CaseSummary {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    age: birth
                        .and_then(|b| chrono::NaiveDate::parse_from_str(&b, "%Y-%m-%d").ok())
                        .map(|b| crate::casework::birth_date::age_on(b, today)),
                    district: r.try_get("district")?,
                    status: r.try_get("status")?,
                    assignee: r.try_get("assignee")?,
                    assignee_id,
                    mine: assignee_id == Some(user.id),
                    updated_at: r.try_get("updated_at")?,
                    connections_before: r.try_get("before_n")?,
                    connections_now: r.try_get("now_n")?,
                });
            }
        }
        audit::record(&mut conn, user, "read", "cases", None, &format!("{} listed", out.len()), device).await?;
        Ok(out)
    }
}
