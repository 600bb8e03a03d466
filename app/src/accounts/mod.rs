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

/// `next` when it is a path on this site, else `fallback` (no open
/// redirects). `next` is read as a URL relative to this site, as a browser
/// would read a `Location`, and kept only when it stays on this site's
/// origin; it must be a path (`/…`), and anything a browser drops or bends
/// before reading it (control characters such as a tab or a line break,
/// backslashes, surrounding spaces) refuses it outright, as does a result
/// that a browser would read as another host (`//host`).
#[cfg(feature = "ssr")]
pub fn local_path_or(next: &str, fallback: &str) -> String {
    same_site_path(next).unwrap_or_else(|| fallback.to_string())
}

#[cfg(feature = "ssr")]
fn same_site_path(next: &str) -> Option<String> {
    // any origin will do: `next` is relative and only the origin is compared
    const BASE: &str = "https://tsunagu.invalid/";
    if !next.starts_with('/') || next.starts_with("//") {
        return None;
    }
    if next.chars().any(|c| c.is_control() || c == '\\' || c.is_whitespace() && c != ' ') || next.ends_with(' ') {
        return None;
    }
    let base = url::Url::parse(BASE).ok()?;
    let url = base.join(next).ok()?;
    if url.origin() != base.origin() || url.username() != "" || url.password().is_some() {
        return None;
    }
    // the path as it will be sent, re-encoded by the parser
    let path = &url[url::Position::BeforePath..];
    (path.starts_with('/') && !path.starts_with("//")).then(|| path.to_string())
}

// `local_path_or` is server-side (it parses with the `url` crate)
#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn local_paths_are_kept() {
        for (next, kept) in [
            ("/staff/events", "/staff/events"),
            ("/activities?q=体操&day=mon", "/activities?q=%E4%BD%93%E6%93%8D&day=mon"),
            ("/activities?q=a b", "/activities?q=a%20b"),
            ("/casework/cases/3#notes", "/casework/cases/3#notes"),
            ("/a/../account", "/account"),
        ] {
            assert_eq!(local_path_or(next, "/"), kept, "{next:?}");
        }
    }

    #[test]
    fn no_open_redirects() {
        // each would take a browser to another host (or is not a path here)
        let hostile = [
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "\t//evil.example",
            " //evil.example",
            "/ /evil.example ",
            "/\u{0}/evil.example",
            "/\u{7f}/evil.example",
            "/\u{2028}/evil.example",
            "/\u{3000}/evil.example",
            "/./evil.example/..//evil.example",
            "/.//evil.example",
            "/..//evil.example",
            "https://evil.example",
            "http:evil.example",
            "javascript:alert(1)",
            "data:text/html,x",
            "evil.example",
            "",
        ];
        for next in hostile {
            assert_eq!(local_path_or(next, "/account"), "/account", "{next:?}");
        }
    }
}
