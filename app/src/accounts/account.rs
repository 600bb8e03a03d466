//! A person's own account: what is kept about them (profile, saved check
//! results, favourites, sign-ups, devices), changing name and mail language,
//! cancelling a sign-up, and deleting the account with its data. The export
//! (`/account/export.json`) is served by the server crate from [`ssr::export`].
use super::{CurrentUser, FormReply};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FavouriteItem {
    pub activity_id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignupItem {
    pub id: i64,
    pub event_id: i64,
    pub title: String,
    /// Tokyo time, `2026-11-24T10:00`.
    pub starts_at: String,
    pub people: u32,
    pub cancelled: bool,
    pub can_cancel: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedCheckItem {
    pub id: i64,
    pub questionnaire_id: String,
    pub title_ja: String,
    pub title_en: String,
    pub taken_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionItem {
    pub device: String,
    pub created_at: String,
    pub last_seen_at: String,
    pub current: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountOverview {
    pub user: CurrentUser,
    pub mail_locale: String,
    pub created_at: String,
    pub favourites: Vec<FavouriteItem>,
    pub signups: Vec<SignupItem>,
    pub saved_checks: Vec<SavedCheckItem>,
    pub sessions: Vec<SessionItem>,
}

#[server(endpoint = "accounts/overview")]
pub async fn my_account() -> Result<AccountOverview, AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = super::session::require(&db, super::Permission::OwnAccount).await?;
    // check-ins this device made before the account existed become its own
    crate::attendance::claim_device_checkins(&db, user.id).await?;
    ssr::overview(&db, user).await
}

#[server(endpoint = "accounts/profile")]
pub async fn update_profile(display_name: String, mail_locale: String) -> Result<FormReply, AppError> {
    use crate::validation::FieldError;
    let db = expect_context::<crate::db::Db>();
    let user = super::session::require(&db, super::Permission::OwnAccount).await?;
    let name = match super::forms::DisplayName::parse(&display_name) {
        Ok(n) => n,
        Err(p) => return Ok(FormReply::Invalid(vec![FieldError::new("display_name", p)])),
    };
    let locale = if mail_locale == "en" { "en" } else { "ja" };
    sqlx::query("UPDATE users SET display_name = $1, locale = $2 WHERE id = $3")
        .bind(name.as_str())
        .bind(locale)
        .bind(user.id)
        .execute(db.pool())
        .await?;
    Ok(FormReply::Done)
}

#[server(endpoint = "accounts/cancel-signup")]
pub async fn cancel_my_signup(signup_id: i64) -> Result<(), AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = super::session::require(&db, super::Permission::OwnAccount).await?;
    if crate::events::signups::cancel_own(&db, signup_id, user.id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Delete the account and what is kept with it. The password is asked again
/// and the word 削除 / delete typed, so it cannot happen by a slip.
#[server(endpoint = "accounts/delete")]
pub async fn delete_account(password: String, confirm: String) -> Result<FormReply, AppError> {
    use crate::validation::{FieldError, Problem};
    let db = expect_context::<crate::db::Db>();
    let user = super::session::require(&db, super::Permission::OwnAccount).await?;
    let mut errors = Vec::new();
    if super::session::check_password(&db, &user.email, &password).await? != Some(user.id) {
        errors.push(FieldError::new("password", Problem::PasswordWrong));
    }
    let word = confirm.trim();
    if word != "削除" && !word.eq_ignore_ascii_case("delete") {
        let asked = if super::messages::request_locale() == crate::i18n::Locale::en { "delete" } else { "削除" };
        errors.push(FieldError::new("confirm", Problem::ConfirmText(asked.into())));
    }
    if !errors.is_empty() {
        return Ok(FormReply::Invalid(errors));
    }
    ssr::delete(&db, user.id).await?;
    super::session::set_cookie(&super::session::clear_cookie());
    leptos_axum::redirect("/account/deleted");
    Ok(FormReply::Done)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::db::Db;
    use sqlx::Row;

    pub async fn overview(db: &Db, user: CurrentUser) -> Result<AccountOverview, AppError> {
        let r = sqlx::query("SELECT locale, created_at FROM users WHERE id = $1").bind(user.id).fetch_one(db.pool()).await?;
        let favourites = sqlx::query(
            "SELECT f.activity_id, a.name FROM favourites f JOIN activities a ON a.id = f.activity_id WHERE f.user_id = $1 ORDER BY f.created_at DESC",
        )
        .bind(user.id)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|r| Ok(FavouriteItem { activity_id: r.try_get("activity_id")?, name: r.try_get("name")? }))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let now = crate::events::db::time_to_db(crate::calendar::now_tokyo());
        let signups = sqlx::query(
            "SELECT s.id, s.event_id, e.title, e.starts_at, s.people, s.status FROM event_signups s JOIN events e ON e.id = s.event_id
             WHERE s.user_id = $1 ORDER BY e.starts_at DESC",
        )
        .bind(user.id)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|r| {
            let status: String = r.try_get("status")?;
            let starts: String = r.try_get("starts_at")?;
            Ok(SignupItem {
                id: r.try_get("id")?,
                event_id: r.try_get("event_id")?,
                title: r.try_get("title")?,
                can_cancel: status == "confirmed" && starts > now,
                starts_at: starts,
                people: r.try_get::<i64, _>("people")?.max(0) as u32,
                cancelled: status == "cancelled",
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let saved_checks = crate::accounts::saved_checks::ssr::list(db, user.id).await?;
        let current = crate::preferences::current_cookies()
            .and_then(|c| crate::preferences::cookie_value(&c, crate::accounts::session::SESSION_COOKIE).map(crate::accounts::session::token_hash));
        let sessions = sqlx::query(
            "SELECT token_hash, device, created_at, last_seen_at FROM sessions WHERE user_id = $1 AND expires_at > $2 ORDER BY last_seen_at DESC",
        )
        .bind(user.id)
        .bind(crate::accounts::session::now_text())
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|r| {
            let hash: String = r.try_get("token_hash")?;
            Ok(SessionItem {
                device: r.try_get::<Option<String>, _>("device")?.unwrap_or_else(|| "?".into()),
                created_at: r.try_get("created_at")?,
                last_seen_at: r.try_get::<Option<String>, _>("last_seen_at")?.unwrap_or_default(),
                current: current.as_deref() == Some(hash.as_str()),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        Ok(AccountOverview {
            user,
            mail_locale: r.try_get("locale")?,
            created_at: r.try_get("created_at")?,
            favourites,
            signups,
            saved_checks,
            sessions,
        })
    }

    /// Everything kept about the person, as one JSON document.
    pub async fn export(db: &Db, user: CurrentUser) -> Result<serde_json::Value, AppError> {
        let o = overview(db, user).await?;
        let checks = crate::accounts::saved_checks::ssr::all_results(db, o.user.id).await?;
        let points = crate::points::db::export(db, o.user.id).await?;
        let diary = crate::diary::db::export(db, o.user.id).await?;
        Ok(serde_json::json!({
            "format": "tsunagu-account-export/1",
            "exported_at": crate::accounts::session::now_text(),
            "account": {
                "email": o.user.email,
                "display_name": o.user.display_name,
                "roles": o.user.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
                "mail_language": o.mail_locale,
                "created_at": o.created_at,
            },
            "favourites": o.favourites,
            "event_signups": o.signups,
            "saved_health_checks": checks,
            "points": points,
            "diary_pages": diary,
            "sessions": o.sessions.iter().map(|s| serde_json::json!({"device": s.device, "created_at": s.created_at, "last_seen_at": s.last_seen_at})).collect::<Vec<_>>(),
        }))
    }

    /// Delete the account. Sign-ups for future events are cancelled (their
    /// places go back on offer); the name and contact on every sign-up are
    /// blanked; saved results, favourites, sessions and tokens go with the
    /// account (ON DELETE CASCADE); check-ins and points entries stay
    /// without the person (the town's counts and the ledger add up).
    pub async fn delete(db: &Db, user_id: i64) -> Result<(), AppError> {
        let hashes: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM event_signups WHERE user_id = $1 AND status = 'confirmed'")
            .bind(user_id)
            .fetch_all(db.pool())
            .await?;
        let now = crate::events::db::time_to_db(crate::calendar::now_tokyo());
        for h in hashes {
            let future: bool = sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM event_signups s JOIN events e ON e.id = s.event_id WHERE s.token_hash = $1 AND e.starts_at > $2",
            )
            .bind(&h)
            .bind(&now)
            .fetch_one(db.pool())
            .await?
                > 0;
            if future {
                crate::events::signups::cancel_by_hash(db, &h).await?;
            }
        }
        let mut tx = db.begin_write().await?;
        sqlx::query("UPDATE event_signups SET name = '(deleted)', contact = '', note = NULL, user_id = NULL WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        // their diary seats are left (the diary goes on past them); the
        // pages they wrote stay with the group, as when a member leaves
        sqlx::query("UPDATE diary_members SET left_at = $2 WHERE user_id = $1 AND left_at IS NULL")
            .bind(user_id)
            .bind(crate::accounts::session::now_text())
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM users WHERE id = $1").bind(user_id).execute(&mut *tx).await?;
        tx.commit().await?;
        tracing::info!(user_id, "account deleted at the person's request");
        Ok(())
    }
}
