//! Signing in and out. Wrong passwords and unknown addresses look the same;
//! repeated failures lock the account (and the address) for a while.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LoginReply {
    /// Signed in; the browser is sent on.
    SignedIn,
    /// Wrong address or password.
    Wrong,
    /// Too many failures: try again in about this many minutes.
    Locked { minutes: i64 },
    /// Right password, but the address is not confirmed yet (a new link was sent).
    Unconfirmed,
}

/// Sign in; on success the session cookie is set and the browser goes to
/// `next` (a path on this site) or the person's home page.
#[server(endpoint = "accounts/login")]
pub async fn login(email: String, password: String, next: String) -> Result<LoginReply, AppError> {
    use super::{session, throttle, tokens};
    let db = expect_context::<crate::db::Db>();
    let email = email.trim().to_lowercase();
    let address = crate::rate_limit::client_address().key();
    let limits = use_context::<crate::rate_limit::RateLimits>().unwrap_or_default();
    let attempt = match throttle::begin(&db, &email, &address, &limits).await? {
        Ok(a) => a,
        Err(throttle::Locked { minutes }) => return Ok(LoginReply::Locked { minutes }),
    };
    let Some(user_id) = session::check_password(&db, &email, &password).await? else {
        failed(&db, attempt, &email, &limits).await?;
        return Ok(LoginReply::Wrong);
    };
    let row: (Option<String>, Option<String>, String, String) = {
        use sqlx::Row;
        let r = sqlx::query("SELECT email_confirmed_at, disabled_at, roles, locale FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_one(db.pool())
            .await?;
        (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)
    };
    let (confirmed, disabled, roles, locale) = row;
    if disabled.is_some() {
        // a disabled account is treated like a wrong password: nothing to learn
        failed(&db, attempt, &email, &limits).await?;
        return Ok(LoginReply::Wrong);
    }
    throttle::succeeded(&db, attempt, &email, &address).await?;
    if confirmed.is_none() {
        // a new confirmation link, unless this address was sent several lately
        // (quietly: the answer stays "unconfirmed", not a refusal)
        if crate::rate_limit::count(&db, &limits, crate::rate_limit::Limit::MailsToOneAddress, &email).await?.is_none() {
            let mut tx = db.begin_write().await?;
            let token = tokens::issue(&mut tx, tokens::Purpose::Confirm, Some(user_id), &email, &[], None).await?;
            tx.commit().await?;
            super::messages::send(&email, super::messages::locale_from_db(&locale), super::messages::Mail::Confirm { token }).await?;
        }
        return Ok(LoginReply::Unconfirmed);
    }
    session::sign_in(&db, user_id).await?;
    let roles = super::Role::parse_list(&roles);
    leptos_axum::redirect(&super::local_path_or(&next, super::home_for(&roles)));
    Ok(LoginReply::SignedIn)
}

/// A wrong password (or a disabled account): counted; when the account has
/// seen many lately, its holder hears of it by mail (at most once a day).
#[cfg(feature = "ssr")]
async fn failed(db: &crate::db::Db, attempt: super::throttle::Attempt, email: &str, limits: &crate::rate_limit::RateLimits) -> Result<(), AppError> {
    use super::messages;
    use crate::rate_limit::{count, Limit};
    if !super::throttle::failed(db, attempt, email).await? {
        return Ok(());
    }
    let holder: Option<String> = sqlx::query_scalar("SELECT locale FROM users WHERE email = $1 AND disabled_at IS NULL")
        .bind(email)
        .fetch_optional(db.pool())
        .await?;
    let Some(locale) = holder else { return Ok(()) };
    if count(db, limits, Limit::SignInAlert, email).await?.is_none() {
        messages::send(email, messages::locale_from_db(&locale), messages::Mail::SignInFailures).await?;
    }
    Ok(())
}

/// Sign out of this browser.
#[server(endpoint = "accounts/logout")]
pub async fn logout() -> Result<(), AppError> {
    use super::session;
    let db = expect_context::<crate::db::Db>();
    session::end_session(&db).await?;
    session::set_cookie(&session::clear_cookie());
    leptos_axum::redirect("/");
    Ok(())
}

/// Sign out on every device (a lost phone, a shared computer).
#[server(endpoint = "accounts/logout-everywhere")]
pub async fn logout_everywhere() -> Result<(), AppError> {
    use super::session;
    let db = expect_context::<crate::db::Db>();
    let user = session::require(&db, super::Permission::OwnAccount).await?;
    let mut tx = db.begin_write().await?;
    session::end_all_sessions(&mut tx, user.id).await?;
    tx.commit().await?;
    session::set_cookie(&session::clear_cookie());
    leptos_axum::redirect("/login?signed_out=all");
    Ok(())
}

/// Who is signed in, if anyone.
#[server(endpoint = "accounts/me")]
pub async fn whoami() -> Result<Option<super::CurrentUser>, AppError> {
    let db = expect_context::<crate::db::Db>();
    super::session::user_from_request(&db).await
}
