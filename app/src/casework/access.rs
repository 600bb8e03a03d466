//! Who may work which case. A link worker works the cases assigned to them;
//! the office lead works every case of their team. Nobody else — not staff,
//! not the admin — reads a case (the admin reads the audit log instead).
use crate::accounts::{CurrentUser, Permission, Role};
use crate::error::AppError;
use sqlx::AnyConnection;

/// The cases `user` may read and write, newest first.
pub async fn workable_cases(conn: &mut AnyConnection, user: &CurrentUser) -> Result<Vec<i64>, AppError> {
    if !user.may(Permission::CaseWork) {
        return Ok(Vec::new());
    }
    let ids = if user.roles.contains(&Role::CaseLead) {
        sqlx::query_scalar(
            "SELECT c.id FROM cases c
             WHERE c.assigned_to = $1
                OR c.team_id IN (SELECT team_id FROM users WHERE id = $1 AND team_id IS NOT NULL)
             ORDER BY c.id DESC",
        )
        .bind(user.id)
        .fetch_all(&mut *conn)
        .await?
    } else {
        sqlx::query_scalar("SELECT id FROM cases WHERE assigned_to = $1 ORDER BY id DESC")
            .bind(user.id)
            .fetch_all(&mut *conn)
            .await?
    };
    Ok(ids)
}

/// `Ok` when `user` may work case `case_id`; `NotFound` for a case that does
/// not exist, `Forbidden` for one that is not theirs.
pub async fn check(conn: &mut AnyConnection, user: &CurrentUser, case_id: i64) -> Result<(), AppError> {
    if !user.may(Permission::CaseWork) {
        return Err(AppError::Forbidden);
    }
    let row: Option<(Option<i64>, Option<i64>)> = sqlx::query_as("SELECT assigned_to, team_id FROM cases WHERE id = $1")
        .bind(case_id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some((assigned_to, team_id)) = row else { return Err(AppError::NotFound) };
    if assigned_to == Some(user.id) {
        return Ok(());
    }
    if user.roles.contains(&Role::CaseLead) && team_id.is_some() {
        let my_team: Option<i64> = sqlx::query_scalar("SELECT team_id FROM users WHERE id = $1")
            .bind(user.id)
            .fetch_optional(&mut *conn)
            .await?
            .flatten();
        if my_team == team_id {
            return Ok(());
        }
    }
    Err(AppError::Forbidden)
}
