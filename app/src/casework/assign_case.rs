//! The office lead turns a waiting referral into a case and assigns it to a
//! link worker of the team (or hands a case to another one). Every
//! assignment is in the audit log.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A link worker of the lead's team, with the cases they hold open.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Worker {
    pub id: i64,
    pub name: String,
    pub open_cases: i64,
}

/// The team's link workers to choose from, each with the cases they hold
/// open (the form field `worker_id`).
#[component]
pub fn WorkerSelect(id: String, workers: Vec<Worker>, #[prop(default = None)] selected: Option<i64>, testid: &'static str) -> impl IntoView {
    use crate::i18n::*;
    let i18n = use_i18n();
    view! {
        <label for=id.clone()>{t!(i18n, casework.assign_to)}</label>
        <select id=id name="worker_id" data-testid=testid>
            {workers.into_iter().map(|w| {
                let count = w.open_cases;
                view! { <option value=w.id selected=selected == Some(w.id)>{w.name.clone()}" ("{move || t_string!(i18n, casework.open_cases, count = count).to_string()}")"</option> }
            }).collect_view()}
        </select>
    }
}

#[server(endpoint = "casework/workers")]
pub async fn case_workers() -> Result<Vec<Worker>, AppError> {
    use crate::accounts::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    let lead = session::require(&db, Permission::LeadCases).await?;
    ssr::workers(&mut *db.pool().acquire().await?, lead.id).await
}

/// Open a case for a waiting referral, assigned to `worker_id`; its id.
#[server(endpoint = "casework/assign")]
pub async fn assign_referral(referral_id: i64, worker_id: i64) -> Result<i64, AppError> {
    use crate::accounts::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    let lead = session::require(&db, Permission::LeadCases).await?;
    let device = session::request_device();
    ssr::assign(&db, &lead, referral_id, worker_id, &device).await
}

/// Hand a case of the team to another of its link workers.
#[server(endpoint = "casework/reassign")]
pub async fn reassign_case(case_id: i64, worker_id: i64) -> Result<(), AppError> {
    use crate::accounts::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    let lead = session::require(&db, Permission::LeadCases).await?;
    let device = session::request_device();
    ssr::reassign(&db, &lead, case_id, worker_id, &device).await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::accounts::{CurrentUser, Role};
    use crate::casework::audit;
    use crate::db::Db;
    use sqlx::AnyConnection;

    async fn team_of(conn: &mut AnyConnection, user_id: i64) -> Result<Option<i64>, AppError> {
        Ok(sqlx::query_scalar("SELECT team_id FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut *conn)
            .await?
            .flatten())
    }

    /// The lead's team members who work cases.
    pub async fn workers(conn: &mut AnyConnection, lead_id: i64) -> Result<Vec<Worker>, AppError> {
        match team_of(conn, lead_id).await? {
            Some(team) => team_workers(conn, team).await,
            None => Ok(Vec::new()),
        }
    }

    async fn team_workers(conn: &mut AnyConnection, team: i64) -> Result<Vec<Worker>, AppError> {
        let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
            "SELECT u.id, u.display_name, u.roles,
                    (SELECT COUNT(*) FROM cases c WHERE c.assigned_to = u.id AND c.status <> 'closed') AS open_cases
             FROM users u WHERE u.team_id = $1 AND u.disabled_at IS NULL ORDER BY u.display_name",
        )
        .bind(team)
        .fetch_all(&mut *conn)
        .await?;
        Ok(rows
            .into_iter()
            .filter(|(_, _, roles, _)| Role::parse_list(roles).iter().any(|r| matches!(r, Role::LinkWorker | Role::CaseLead)))
            .map(|(id, name, _, open_cases)| Worker { id, name, open_cases })
            .collect())
    }

    async fn check_worker(conn: &mut AnyConnection, lead: &CurrentUser, worker_id: i64) -> Result<i64, AppError> {
        let team = team_of(conn, lead.id).await?.ok_or(AppError::Invalid("team".into()))?;
        if !team_workers(conn, team).await?.iter().any(|w| w.id == worker_id) {
            return Err(AppError::Invalid("worker_id".into()));
        }
        Ok(team)
    }

    pub async fn assign(db: &Db, lead: &CurrentUser, referral_id: i64, worker_id: i64, device: &str) -> Result<i64, AppError> {
        let now = crate::accounts::session::now_text();
        let mut tx = db.begin_write().await?;
        let team = check_worker(&mut tx, lead, worker_id).await?;
        let waiting: Option<String> = sqlx::query_scalar("SELECT kind FROM referrals WHERE id = $1 AND status = 'received'")
            .bind(referral_id)
            .fetch_optional(&mut *tx)
            .await?;
        match waiting.as_deref() {
            Some("consented") => {}
            Some(_) => return Err(AppError::Invalid("consent".into())),
            None => return Err(AppError::NotFound),
        }
        let case_id: i64 = sqlx::query_scalar(
            "INSERT INTO cases (referral_id, assigned_to, team_id, status, opened_at, updated_at)
             VALUES ($1, $2, $3, 'received', $4, $4) RETURNING id",
        )
        .bind(referral_id)
        .bind(worker_id)
        .bind(team)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("UPDATE referrals SET status = 'assigned' WHERE id = $1").bind(referral_id).execute(&mut *tx).await?;
        audit::record(&mut tx, lead, "assign", "case", Some(case_id), &format!("referral {referral_id} → user {worker_id}"), device)
            .await?;
        tx.commit().await?;
        Ok(case_id)
    }

    pub async fn reassign(db: &Db, lead: &CurrentUser, case_id: i64, worker_id: i64, device: &str) -> Result<(), AppError> {
        let mut tx = db.begin_write().await?;
        crate::casework::access::check(&mut tx, lead, case_id).await?;
        check_worker(&mut tx, lead, worker_id).await?;
        sqlx::query("UPDATE cases SET assigned_to = $1, updated_at = $2 WHERE id = $3")
            .bind(worker_id)
            .bind(crate::accounts::session::now_text())
            .bind(case_id)
            .execute(&mut *tx)
            .await?;
        audit::record(&mut tx, lead, "assign", "case", Some(case_id), &format!("→ user {worker_id}"), device).await?;
        tx.commit().await?;
        Ok(())
    }
}
