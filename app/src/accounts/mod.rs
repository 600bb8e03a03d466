//! Accounts, minimal for now: staff sign in to keep the listings current.
//! (The accounts issue adds self-registration, more roles, resets, CSRF tokens.)
mod login_page;
#[cfg(feature = "ssr")]
pub mod session;

pub use login_page::LoginPage;

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What a signed-in person may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Staff,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Staff => "staff",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s.trim() {
            "staff" => Some(Role::Staff),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// The signed-in person, as pages see them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub display_name: String,
    pub roles: Vec<Role>,
}

impl CurrentUser {
    pub fn is_staff(&self) -> bool {
        self.roles.iter().any(|r| matches!(r, Role::Staff | Role::Admin))
    }
}

/// Sign in; on success the session cookie is set and the browser goes to `next`
/// (a local path) or the staff page.
#[server(endpoint = "accounts/login")]
pub async fn login(email: String, password: String, next: String) -> Result<(), AppError> {
    let db = expect_context::<crate::db::Db>();
    let public = expect_context::<crate::config::PublicConfig>();
    let user_id = session::check_password(&db, &email, &password).await?.ok_or(AppError::Invalid("login".into()))?;
    let token = session::create_session(&db, user_id).await?;
    session::set_cookie(&session::session_cookie(&token, public.base_url.starts_with("https://")));
    let next = if next.starts_with('/') && !next.starts_with("//") { next } else { "/staff".into() };
    leptos_axum::redirect(&next);
    Ok(())
}

/// Sign out of this browser.
#[server(endpoint = "accounts/logout")]
pub async fn logout() -> Result<(), AppError> {
    let db = expect_context::<crate::db::Db>();
    session::end_session(&db).await?;
    session::set_cookie(&session::clear_cookie());
    leptos_axum::redirect("/");
    Ok(())
}

/// Who is signed in, if anyone.
#[server(endpoint = "accounts/me")]
pub async fn whoami() -> Result<Option<CurrentUser>, AppError> {
    let db = expect_context::<crate::db::Db>();
    session::user_from_request(&db).await
}
