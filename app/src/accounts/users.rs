//! Account administration (admins): the list of accounts, their roles, and
//! disabling an account (which signs it out everywhere). An admin cannot
//! take away their own admin role or disable themselves, so the site never
//! loses its last way in by accident.
pub use super::forms::RolesForm;
use super::Role;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub confirmed: bool,
    pub disabled: bool,
    pub created_at: String,
}

#[server(endpoint = "accounts/users")]
pub async fn list_users(q: String) -> Result<Vec<UserRow>, AppError> {
    use super::{session, Permission};
    use sqlx::Row;
    let db = expect_context::<crate::db::Db>();
    session::require(&db, Permission::ManageUsers).await?;
    // a name or an address: a longer text is not a search (and SQLite
    // refuses LIKE patterns above 50,000 bytes)
    let q = crate::validation::PlainText::parse_optional(&q, 200, true).map_err(|_| AppError::Invalid("q".into()))?;
    let q = q.map(|q| q.into_string()).unwrap_or_default();
    let like = format!("%{}%", q.trim().to_lowercase().replace(['%', '_'], ""));
    let rows = sqlx::query(
        "SELECT id, email, display_name, roles, email_confirmed_at, disabled_at, created_at FROM users
         WHERE LOWER(email) LIKE $1 OR LOWER(display_name) LIKE $1 ORDER BY id LIMIT 200",
    )
    .bind(like)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let roles: String = r.try_get("roles")?;
            Ok(UserRow {
                id: r.try_get("id")?,
                email: r.try_get("email")?,
                display_name: r.try_get("display_name")?,
                roles: Role::parse_list(&roles),
                confirmed: r.try_get::<Option<String>, _>("email_confirmed_at")?.is_some(),
                disabled: r.try_get::<Option<String>, _>("disabled_at")?.is_some(),
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

#[server(endpoint = "accounts/set-roles")]
pub async fn set_user_roles(user_id: i64, roles: RolesForm) -> Result<super::FormReply, AppError> {
    use super::{session, FormReply, Permission};
    use crate::validation::{FieldError, Problem};
    let db = expect_context::<crate::db::Db>();
    let admin = session::require(&db, Permission::ManageUsers).await?;
    let roles = roles.roles();
    if roles.is_empty() {
        return Ok(FormReply::Invalid(vec![FieldError::new("roles", Problem::ChooseOne)]));
    }
    if user_id == admin.id && !roles.contains(&Role::Admin) {
        return Ok(FormReply::Invalid(vec![FieldError::new("admin", Problem::NotAllowed)]));
    }
    let mut tx = db.begin_write().await?;
    let before: Option<String> = sqlx::query_scalar("SELECT roles FROM users WHERE id = $1").bind(user_id).fetch_optional(&mut *tx).await?;
    let Some(before) = before else { return Err(AppError::NotFound) };
    let n = sqlx::query("UPDATE users SET roles = $1 WHERE id = $2")
        .bind(Role::join(&roles))
        .bind(user_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(AppError::NotFound);
    }
    // new roles, new sessions (a session's length depends on the roles)
    session::end_all_sessions(&mut tx, user_id).await?;
    let detail = format!("{before} → {}", Role::join(&roles));
    crate::audit::record(&mut tx, &admin, "roles", "user", Some(user_id), &detail, &session::request_device()).await?;
    tx.commit().await?;
    tracing::info!(user_id, by = admin.id, roles = %Role::join(&roles), "roles changed");
    Ok(FormReply::Done)
}

#[server(endpoint = "accounts/set-disabled")]
pub async fn set_user_disabled(user_id: i64, disabled: bool) -> Result<(), AppError> {
    use super::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    let admin = session::require(&db, Permission::ManageUsers).await?;
    if user_id == admin.id {
        return Err(AppError::Invalid("self".into()));
    }
    let mut tx = db.begin_write().await?;
    let when = disabled.then(session::now_text);
    let n = sqlx::query("UPDATE users SET disabled_at = $1 WHERE id = $2").bind(when).bind(user_id).execute(&mut *tx).await?.rows_affected();
    if n == 0 {
        return Err(AppError::NotFound);
    }
    if disabled {
        session::end_all_sessions(&mut tx, user_id).await?;
    }
    let action = if disabled { "disable" } else { "enable" };
    crate::audit::record(&mut tx, &admin, action, "user", Some(user_id), "", &session::request_device()).await?;
    tx.commit().await?;
    tracing::info!(user_id, by = admin.id, disabled, "account disabled state changed");
    Ok(())
}
