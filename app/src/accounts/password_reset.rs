//! Forgotten passwords: an e-mailed one-time link (valid for an hour, used
//! once; a newer link replaces older ones). Setting the new password signs
//! the person out everywhere else and confirms the address.
use super::{FormReply, LinkReply};
use crate::error::AppError;
use leptos::prelude::*;

/// Ask for a reset link. The answer never says whether the address has an account.
#[server(endpoint = "accounts/forgot")]
pub async fn request_password_reset(email: String) -> Result<FormReply, AppError> {
    use super::messages::{self, Mail};
    use super::tokens;
    use crate::validation::FieldError;
    let db = expect_context::<crate::db::Db>();
    let email = match crate::validation::Email::parse(&email) {
        Ok(e) => super::forms::normalise_email(&e),
        Err(p) => return Ok(FormReply::Invalid(vec![FieldError::new("email", p)])),
    };
    // no mail bombing: per asking address, and per recipient (whether or
    // not it has an account, so the answer still tells nothing)
    use crate::rate_limit::{check_key, check_request, Limit};
    check_request(&db, Limit::PasswordReset).await?;
    check_key(&db, Limit::MailsToOneAddress, &email).await?;
    let user: Option<(i64, String)> = {
        use sqlx::Row;
        sqlx::query("SELECT id, locale FROM users WHERE email = $1 AND disabled_at IS NULL")
            .bind(&email)
            .fetch_optional(db.pool())
            .await?
            .map(|r| Ok::<_, sqlx::Error>((r.try_get(0)?, r.try_get(1)?)))
            .transpose()?
    };
    if let Some((id, locale)) = user {
        let mut tx = db.begin_write().await?;
        let token = tokens::issue(&mut tx, tokens::Purpose::Reset, Some(id), &email, &[], None).await?;
        tx.commit().await?;
        messages::send(&email, messages::locale_from_db(&locale), Mail::Reset { token }).await?;
    }
    Ok(FormReply::Done)
}

/// Whether a reset link still works (the page says so before asking for a password).
#[server(endpoint = "accounts/reset-valid")]
pub async fn reset_link_valid(token: String) -> Result<bool, AppError> {
    let db = expect_context::<crate::db::Db>();
    Ok(super::tokens::peek(&db, super::tokens::Purpose::Reset, &token).await?.is_some())
}

#[server(endpoint = "accounts/reset")]
pub async fn reset_password(token: String, password: String, password_again: String) -> Result<LinkReply, AppError> {
    use super::{forms::Password, session, tokens};
    use crate::validation::FieldError;
    let db = expect_context::<crate::db::Db>();
    let Some(facts) = tokens::peek(&db, tokens::Purpose::Reset, &token).await? else {
        return Ok(LinkReply::LinkExpired);
    };
    let password = match Password::parse(&password, &password_again, &facts.email) {
        Ok(p) => p,
        Err(p) => return Ok(LinkReply::Invalid(vec![FieldError::new("password", p)])),
    };
    let hash = session::hash_password(password.as_str()).await?;
    let mut tx = db.begin_write().await?;
    let Some(facts) = tokens::consume(&mut tx, tokens::Purpose::Reset, &token).await? else {
        tx.rollback().await?;
        return Ok(LinkReply::LinkExpired);
    };
    let Some(user_id) = facts.user_id else {
        tx.rollback().await?;
        return Ok(LinkReply::LinkExpired);
    };
    let now = session::now_text();
    sqlx::query("UPDATE users SET password_hash = $1, email_confirmed_at = COALESCE(email_confirmed_at, $2) WHERE id = $3")
        .bind(&hash)
        .bind(&now)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    session::end_all_sessions(&mut tx, user_id).await?;
    sqlx::query("DELETE FROM login_failures WHERE email = $1").bind(&facts.email).execute(&mut *tx).await?;
    tx.commit().await?;
    session::sign_in(&db, user_id).await?;
    leptos_axum::redirect("/account?password=reset");
    Ok(LinkReply::Done)
}

/// Change the password while signed in (the current one is asked again).
#[server(endpoint = "accounts/change-password")]
pub async fn change_password(current: String, password: String, password_again: String) -> Result<FormReply, AppError> {
    use super::{forms::Password, session};
    use crate::validation::{FieldError, Problem};
    let db = expect_context::<crate::db::Db>();
    let user = session::require(&db, super::Permission::OwnAccount).await?;
    if session::check_password(&db, &user.email, &current).await? != Some(user.id) {
        return Ok(FormReply::Invalid(vec![FieldError::new("current", Problem::PasswordWrong)]));
    }
    let password = match Password::parse(&password, &password_again, &user.email) {
        Ok(p) => p,
        Err(p) => return Ok(FormReply::Invalid(vec![FieldError::new("password", p)])),
    };
    let hash = session::hash_password(password.as_str()).await?;
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2").bind(&hash).bind(user.id).execute(&mut *tx).await?;
    session::end_all_sessions(&mut tx, user.id).await?;
    tx.commit().await?;
    // this device stays signed in with a fresh session
    session::sign_in(&db, user.id).await?;
    Ok(FormReply::Done)
}
