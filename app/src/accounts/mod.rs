//! Accounts: e-mail + password (argon2id), sessions kept in the database,
//! roles and the permission table, self-registration with address
//! confirmation, invitations, password reset by e-mailed one-time link,
//! sign-in throttling, and each resident's own account page (saved results,
//! favourites, sign-ups, export, delete).
pub mod account;
pub mod device;
mod favourites;
pub mod forms;
mod invitations;
mod login;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
mod messages;
mod password_reset;
mod register;
pub mod roles;
pub mod saved_checks;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod throttle;
#[cfg(feature = "ssr")]
pub mod tokens;
mod users;

pub use account::*;
pub use favourites::*;
pub use invitations::*;
pub use login::*;
pub use password_reset::*;
pub use register::*;
pub use roles::{Permission, Role};
pub use users::*;

use crate::validation::FieldError;
use serde::{Deserialize, Serialize};

/// The signed-in person, as pages see them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub display_name: String,
    pub email: String,
    pub roles: Vec<Role>,
}

impl CurrentUser {
    pub fn is_staff(&self) -> bool {
        self.roles.iter().any(|r| matches!(r, Role::Staff | Role::Admin))
    }

    pub fn may(&self, p: Permission) -> bool {
        p.allows(&self.roles)
    }
}

/// The answer of a form that either did what it was asked or wrote nothing
/// and says what to fix, field by field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FormReply {
    Done,
    Invalid(Vec<FieldError>),
}

/// The answer of a form opened from an e-mailed link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LinkReply {
    Done,
    Invalid(Vec<FieldError>),
    /// Used, replaced or expired: ask for a new link.
    LinkExpired,
}

/// Where people land after signing in when no page asked for it.
pub fn home_for(roles: &[Role]) -> &'static str {
    if roles.iter().any(|r| matches!(r, Role::Staff | Role::Admin)) {
        "/staff"
    } else if roles.iter().any(|r| matches!(r, Role::LinkWorker | Role::CaseLead)) {
        "/casework"
    } else if roles.contains(&Role::Referrer) {
        "/refer"
    } else {
        "/account"
    }
}

/// `next` when it is a path on this site, else `fallback` (no open redirects).
pub fn local_path_or(next: &str, fallback: &str) -> String {
    let n = next.trim();
    if n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\") && !n.contains(['\r', '\n']) {
        n.to_string()
    } else {
        fallback.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_open_redirects() {
        assert_eq!(local_path_or("/staff/events", "/"), "/staff/events");
        assert_eq!(local_path_or("//evil.example", "/"), "/");
        assert_eq!(local_path_or("/\\evil.example", "/"), "/");
        assert_eq!(local_path_or("https://evil.example", "/"), "/");
        assert_eq!(local_path_or("", "/account"), "/account");
    }
}
