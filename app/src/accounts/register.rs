//! Residents register themselves: address, name, password, agreement. The
//! account works once the address is confirmed through the e-mailed link.
//! The answer is the same whether or not the address already has an account
//! (that person gets a "you already have an account" mail instead).
use super::forms::RegisterForm;
use super::FormReply;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "accounts/register")]
pub async fn register(form: RegisterForm) -> Result<FormReply, AppError> {
    use super::messages::{self, Mail};
    use super::{session, tokens, Role};
    let db = expect_context::<crate::db::Db>();
    if !form.website.is_empty() {
        // a bot filled the hidden field: answer as usual, do nothing
        return Ok(FormReply::Done);
    }
    let account = match form.parse() {
        Ok(a) => a,
        Err(errors) => return Ok(FormReply::Invalid(errors)),
    };
    // before the (costly) hash: per address, and per recipient so that
    // nobody's inbox fills with "you already have an account" mails
    use crate::rate_limit::{check_key, check_request, Limit};
    check_request(&db, Limit::Registration).await?;
    check_key(&db, Limit::MailsToOneAddress, &account.email).await?;
    let locale = messages::request_locale();
    let hash = session::hash_password(account.password.as_str()).await?;
    let mut tx = db.begin_write().await?;
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(&account.email)
        .fetch_optional(&mut *tx)
        .await?;
    let mail = match existing {
        Some(_) => Mail::AlreadyRegistered,
        None => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO users (email, display_name, password_hash, roles, created_at, locale) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(&account.email)
            .bind(account.display_name.as_str())
            .bind(&hash)
            .bind(Role::Resident.as_str())
            .bind(session::now_text())
            .bind(messages::locale_to_db(locale))
            .fetch_one(&mut *tx)
            .await?;
            let token = tokens::issue(&mut tx, tokens::Purpose::Confirm, Some(id), &account.email, &[], None).await?;
            Mail::Confirm { token }
        }
    };
    tx.commit().await?;
    messages::send(&account.email, locale, mail).await?;
    Ok(FormReply::Done)
}

/// Confirm the address of a new account (a button on the page the e-mailed
/// link opens, so mail scanners that follow links confirm nothing) and sign in.
#[server(endpoint = "accounts/confirm")]
pub async fn confirm_email(token: String) -> Result<bool, AppError> {
    use super::{session, tokens};
    let db = expect_context::<crate::db::Db>();
    let mut tx = db.begin_write().await?;
    let Some(facts) = tokens::consume(&mut tx, tokens::Purpose::Confirm, &token).await? else {
        tx.rollback().await?;
        return Ok(false);
    };
    let Some(user_id) = facts.user_id else {
        tx.rollback().await?;
        return Ok(false);
    };
    sqlx::query("UPDATE users SET email_confirmed_at = $1 WHERE id = $2 AND email_confirmed_at IS NULL")
        .bind(session::now_text())
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    session::sign_in(&db, user_id).await?;
    leptos_axum::redirect("/account?welcome=1");
    Ok(true)
}
