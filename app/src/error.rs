//! The one error type of the app. Server functions return it; its messages
//! are keys for the i18n layer, never raw internal details.
use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// The request itself could not be read (HTTP 400): arguments missing,
    /// of the wrong type or not decodable. `field` names the argument when
    /// the decoder said which; `message` says what to fix in the caller's
    /// language (filled in by the server's error layer on the way out).
    #[error("malformed request (field {field:?})")]
    Malformed {
        field: Option<String>,
        #[serde(default)]
        message: String,
    },
    /// Read, but a value is not acceptable (HTTP 422); names what.
    #[error("invalid input: {0}")]
    Invalid(String),
    /// The change collides with the current state (HTTP 409): edited by
    /// someone else meanwhile, already there, full.
    #[error("conflict: {0}")]
    Conflict(String),
    /// More than this request may carry (HTTP 413).
    #[error("too large")]
    TooLarge,
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
    /// The database cannot be reached or cannot write just now (down,
    /// read-only, disk full, busy): nothing was changed; try again (HTTP 503).
    #[error("service unavailable")]
    Unavailable,
    /// Our own bug (HTTP 500); details only in the log.
    #[error("internal error")]
    Internal,
    #[error("server function error: {0}")]
    ServerFn(String),
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match value {
            // on the server these are the caller's arguments that could not
            // be read (on the client, Deserialization is our own answer)
            #[cfg(feature = "ssr")]
            E::Args(m) | E::Deserialization(m) | E::MissingArg(m) => malformed(&m),
            other => AppError::ServerFn(other.to_string()),
        }
    }
}

impl FromStr for AppError {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(AppError::ServerFn(s.to_string()))
    }
}

/// The error for arguments the decoder refused: too large when the body
/// exceeded its limit, else malformed, naming the field when the decoder's
/// message does (serde: "missing field `name`", "unknown variant `x` …").
#[cfg(feature = "ssr")]
fn malformed(message: &str) -> AppError {
    if message.contains("length limit exceeded") {
        return AppError::TooLarge;
    }
    AppError::Malformed { field: field_named_in(message), message: String::new() }
}

/// The field a decoder's message names: the first `quoted` word after
/// "field", or a bracketed key (`form[name]`) of a form decoder.
pub fn field_named_in(message: &str) -> Option<String> {
    let after = message.find("field").map(|i| &message[i..])?;
    let start = after.find('`')? + 1;
    let len = after[start..].find('`')?;
    let name = &after[start..start + len];
    let valid = !name.is_empty() && name.len() <= 64 && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '[' | ']' | '.'));
    valid.then(|| name.to_string())
}

impl AppError {
    /// The HTTP status this outcome means: the one mapping, used by the
    /// server's error layer for every server function and by pages and
    /// routes that answer with an error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Malformed { .. } => 400,
            AppError::SignInRequired => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Conflict(_) => 409,
            AppError::TooLarge => 413,
            AppError::Invalid(_) => 422,
            AppError::RateLimited { .. } => 429,
            AppError::Unavailable => 503,
            AppError::Internal | AppError::ServerFn(_) => 500,
        }
    }

    /// Seconds to tell the caller to wait (`Retry-After`), where waiting helps.
    pub fn retry_after(&self) -> Option<u32> {
        match self {
            AppError::RateLimited { minutes } => Some(minutes.saturating_mul(60).max(1)),
            AppError::Unavailable => Some(UNAVAILABLE_RETRY_SECONDS),
            _ => None,
        }
    }

    /// What happened and what to do, in `locale`, for a person or a script.
    pub fn message(&self, locale: crate::i18n::Locale) -> String {
        use crate::i18n::*;
        match self {
            AppError::Malformed { field: Some(f), .. } => td_string!(locale, common.errors.malformed_field, field = f.as_str()).to_string(),
            AppError::Malformed { field: None, .. } => td_string!(locale, common.errors.malformed).to_string(),
            AppError::Invalid(what) => td_string!(locale, common.errors.invalid, what = what.as_str()).to_string(),
            AppError::Conflict(_) => td_string!(locale, common.errors.conflict).to_string(),
            AppError::TooLarge => td_string!(locale, common.errors.too_large).to_string(),
            AppError::SignInRequired => td_string!(locale, accounts.sign_in_needed).to_string(),
            AppError::Forbidden => td_string!(locale, accounts.not_allowed).to_string(),
            AppError::NotFound => td_string!(locale, common.errors.not_found_body).to_string(),
            AppError::RateLimited { minutes } => crate::rate_limit::message(locale, *minutes),
            AppError::Unavailable => td_string!(locale, common.errors.unavailable).to_string(),
            AppError::Internal | AppError::ServerFn(_) => td_string!(locale, common.errors.server_error_body).to_string(),
        }
    }

    /// The error as it leaves the server: a malformed request's message
    /// written in the caller's language.
    pub fn for_caller(self, locale: crate::i18n::Locale) -> Self {
        match self {
            AppError::Malformed { field, .. } => {
                let message = AppError::Malformed { field: field.clone(), message: String::new() }.message(locale);
                AppError::Malformed { field, message }
            }
            other => other,
        }
    }
}

/// How long to suggest waiting when the database is unavailable.
pub const UNAVAILABLE_RETRY_SECONDS: u32 = 30;

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        // Never echo SQL or personal data: log the kind, return a generic error.
        let kind = database_error_kind(&e);
        match kind {
            AppError::Internal => tracing::error!(error = %e, "database error"),
            AppError::Unavailable => {
                tracing::warn!(error = %e, "database unavailable");
                crate::errors::note_unavailable();
            }
            _ => tracing::info!(error = %e, "the database refused a value"),
        }
        #[cfg(debug_assertions)]
        if kind == AppError::Internal {
            eprintln!("database error: {e}");
        }
        kind
    }
}

/// What a database error means for the caller: the database is down,
/// read-only, full or busy (503: nothing changed, try again), a unique key
/// already taken (409), or anything else (500: our bug).
#[cfg(feature = "ssr")]
pub fn database_error_kind(e: &sqlx::Error) -> AppError {
    use sqlx::Error as E;
    match e {
        E::PoolTimedOut | E::PoolClosed | E::Io(_) | E::Tls(_) | E::WorkerCrashed | E::Protocol(_) => AppError::Unavailable,
        E::Database(d) => {
            if d.is_unique_violation() {
                return AppError::Conflict("duplicate".into());
            }
            let code = d.code().map(|c| c.to_string()).unwrap_or_default();
            if unavailable_code(&code) {
                AppError::Unavailable
            } else if data_exception_code(&code) {
                // a value the caller sent that the database cannot hold (a
                // NUL in a text, a number out of range): the caller's to fix
                AppError::Invalid("value".into())
            } else {
                AppError::Internal
            }
        }
        _ => AppError::Internal,
    }
}

/// PostgreSQL's class 22, "data exception": a value the database cannot
/// hold (22021 a NUL or invalid byte in a text, 22003 a number out of
/// range, 22001 too long, 22P02 not a number, 22007/22008 not a date).
/// SQLite holds any value, so has none.
pub fn data_exception_code(code: &str) -> bool {
    code.len() == 5 && code.starts_with("22")
}

/// Database error codes that mean "cannot serve now" rather than "our bug":
/// SQLite's primary codes BUSY 5, LOCKED 6, NOMEM 7, READONLY 8, IOERR 10,
/// FULL 13, CANTOPEN 14 (extended codes carry them in the low byte), and
/// PostgreSQL's classes 08 (connection), 53 (insufficient resources: disk
/// full, out of memory, too many connections), 57P (shutting down, cannot
/// connect now) and 25006 (read-only transaction: a standby).
/// PostgreSQL's codes are always five characters; SQLite's (extended
/// codes below 10,000) never are.
pub fn unavailable_code(code: &str) -> bool {
    if code.len() == 5 {
        return code.starts_with("08") || code.starts_with("53") || code.starts_with("57P") || code == "25006";
    }
    code.parse::<u32>().is_ok_and(|n| matches!(n & 0xff, 5 | 6 | 7 | 8 | 10 | 13 | 14))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_outcome_has_its_status() {
        let cases = [
            (AppError::Malformed { field: None, message: String::new() }, 400),
            (AppError::SignInRequired, 401),
            (AppError::Forbidden, 403),
            (AppError::NotFound, 404),
            (AppError::Conflict("x".into()), 409),
            (AppError::TooLarge, 413),
            (AppError::Invalid("x".into()), 422),
            (AppError::RateLimited { minutes: 2 }, 429),
            (AppError::Unavailable, 503),
            (AppError::Internal, 500),
            (AppError::ServerFn("x".into()), 500),
        ];
        for (e, status) in cases {
            assert_eq!(e.status(), status, "{e:?}");
        }
        assert_eq!(AppError::RateLimited { minutes: 2 }.retry_after(), Some(120));
        assert_eq!(AppError::Unavailable.retry_after(), Some(UNAVAILABLE_RETRY_SECONDS));
        assert_eq!(AppError::Forbidden.retry_after(), None);
    }

    #[test]
    fn the_field_a_decoder_names() {
        assert_eq!(field_named_in("missing field `name`").as_deref(), Some("name"));
        assert_eq!(field_named_in("error deserializing server function arguments: missing field `form[title]`").as_deref(), Some("form[title]"));
        assert_eq!(field_named_in("unknown field `zz`, expected `a` or `b`").as_deref(), Some("zz"));
        assert_eq!(field_named_in("invalid digit found in string"), None);
        assert_eq!(field_named_in("missing field `<script>`"), None);
        assert_eq!(field_named_in("field `"), None);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn decoder_errors_are_the_callers_fault() {
        use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
        let e = AppError::from_server_fn_error(ServerFnErrorErr::Args("missing field `title`".into()));
        assert_eq!(e, AppError::Malformed { field: Some("title".into()), message: String::new() });
        assert_eq!(AppError::from_server_fn_error(ServerFnErrorErr::Deserialization("length limit exceeded".into())), AppError::TooLarge);
        assert_eq!(AppError::from_server_fn_error(ServerFnErrorErr::ServerError("boom".into())).status(), 500);
    }

    #[test]
    fn a_malformed_request_is_told_what_to_fix_in_its_language() {
        use crate::i18n::Locale;
        let e = AppError::Malformed { field: Some("title".into()), message: String::new() };
        let AppError::Malformed { message: ja, .. } = e.clone().for_caller(Locale::ja) else { unreachable!() };
        let AppError::Malformed { message: en, .. } = e.for_caller(Locale::en) else { unreachable!() };
        assert!(ja.contains("title") && ja.contains("項目"), "{ja}");
        assert!(en.contains("title") && en.contains("field"), "{en}");
        for e in [AppError::Unavailable, AppError::TooLarge, AppError::Conflict("x".into()), AppError::Invalid("name".into())] {
            assert_ne!(e.message(Locale::ja), e.message(Locale::en), "{e:?}");
        }
    }

    #[test]
    fn database_codes_that_mean_try_again() {
        for c in ["5", "8", "13", "14", "10", "1032", "261", "08006", "57P01", "57P03", "53100", "25006"] {
            assert!(unavailable_code(c), "{c}");
        }
        for c in ["19", "2067", "1555", "23505", "42P01", "22001", "1", ""] {
            assert!(!unavailable_code(c), "{c}");
        }
        for c in ["22021", "22003", "22P02", "22001"] {
            assert!(data_exception_code(c) && !unavailable_code(c), "{c}");
        }
        for c in ["2201", "23505", "22", "220011"] {
            assert!(!data_exception_code(c), "{c}");
        }
    }
}
