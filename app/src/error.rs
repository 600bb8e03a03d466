//! The one error type of the app. Server functions return it; its messages
//! are keys for the i18n layer, never raw internal details.
use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("invalid input: {0}")]
    Invalid(String),
    /// Nobody is signed in and the action needs an account.
    #[error("sign-in required")]
    SignInRequired,
    /// Signed in, but the account's roles do not allow this.
    #[error("forbidden")]
    Forbidden,
    /// Too many from this address (or for this account) lately: try again
    /// in about this many minutes (HTTP 429 with `Retry-After`).
    #[error("rate limited for {minutes} min")]
    RateLimited { minutes: u32 },
    #[error("internal error")]
    Internal,
    #[error("server function error: {0}")]
    ServerFn(String),
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        AppError::ServerFn(value.to_string())
    }
}

impl FromStr for AppError {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(AppError::ServerFn(s.to_string()))
    }
}

impl AppError {
    /// HTTP status for this error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Invalid(_) => 400,
            AppError::SignInRequired => 401,
            AppError::Forbidden => 403,
            AppError::RateLimited { .. } => 429,
            AppError::Internal | AppError::ServerFn(_) => 500,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        // Never echo SQL or personal data: log the kind, return a generic error.
        tracing::error!(error = %e, "database error");
        #[cfg(debug_assertions)]
        eprintln!("database error: {e}");
        AppError::Internal
    }
}
