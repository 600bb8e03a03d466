//! Limits on what one address may do in a while, for every form a stranger
//! can send (suggestions, registration, password-reset mails, event
//! sign-ups, problem reports, self-referrals, self-check statistics).
//! The counts live in the database, so every server instance shares them,
//! and addresses are kept only as salted hashes.
//!
//! A refused request gets [`AppError::RateLimited`] (HTTP 429 with
//! `Retry-After`), which every form shows in the reader's language.
#[cfg(feature = "ssr")]
pub mod address;
#[cfg(feature = "ssr")]
mod store;
#[cfg(feature = "ssr")]
pub use store::{allow, check_form, check_key, count, check_request, client_address, from_parts, minutes_from_seconds, refused};

use std::collections::BTreeMap;

/// "Too many from here lately; try again in about `minutes` minutes."
pub fn message(locale: crate::i18n::Locale, minutes: u32) -> String {
    use crate::i18n::*;
    td_string!(locale, common.errors.rate_limited, minutes = minutes).to_string()
}

/// What is limited. Each has its own count, default and window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Limit {
    /// Resource suggestions (per address, per hour).
    Suggestion,
    /// Photos sent with suggestions (per address, per hour).
    SuggestionPhoto,
    /// New accounts (per address, per hour).
    Registration,
    /// Password-reset requests (per address, per hour).
    PasswordReset,
    /// Reset and confirmation mails to one mail address (per hour): nobody's
    /// inbox can be flooded from many addresses.
    MailsToOneAddress,
    /// Event sign-ups (per address, per hour): fake bookings cannot fill an event.
    EventSignup,
    /// Problem reports about a listing (per address, per hour).
    ProblemReport,
    /// Self-referrals from the self-check (per address, per day).
    SelfReferral,
    /// Anonymous self-check statistics (per address, per hour).
    Contribution,
    /// The "many failed sign-ins" mail to one account (per day).
    SignInAlert,
    /// Sign-in attempts for one account from one address, in flight or
    /// failed, per 15 minutes (`accounts::throttle`).
    SignInAccount,
    /// Failed (or in-flight) sign-in attempts from one address, any
    /// accounts, per 15 minutes.
    SignInAddress,
    /// Check-ins by devices without an account (per address, per hour; a
    /// venue's Wi-Fi may carry a whole session's).
    Checkin,
    /// Checking a reward voucher's code at a shop (a shop checks many; a
    /// stranger guessing codes is stopped long before one fits).
    VoucherCheck,
}

impl Limit {
    pub const ALL: [Limit; 14] = [
        Limit::Suggestion,
        Limit::SuggestionPhoto,
        Limit::Registration,
        Limit::PasswordReset,
        Limit::MailsToOneAddress,
        Limit::EventSignup,
        Limit::ProblemReport,
        Limit::SelfReferral,
        Limit::Contribution,
        Limit::SignInAlert,
        Limit::SignInAccount,
        Limit::SignInAddress,
        Limit::Checkin,
        Limit::VoucherCheck,
    ];

    /// The name in the database and in `TSUNAGU_RATE_LIMITS`.
    pub fn scope(self) -> &'static str {
        match self {
            Limit::Suggestion => "suggestion",
            Limit::SuggestionPhoto => "suggestion-photo",
            Limit::Registration => "registration",
            Limit::PasswordReset => "password-reset",
            Limit::MailsToOneAddress => "mails-to-one-address",
            Limit::EventSignup => "event-signup",
            Limit::ProblemReport => "problem-report",
            Limit::SelfReferral => "self-referral",
            Limit::Contribution => "contribution",
            Limit::SignInAlert => "sign-in-alert",
            Limit::SignInAccount => "sign-in-account",
            Limit::SignInAddress => "sign-in-address",
            Limit::Checkin => "checkin",
            Limit::VoucherCheck => "voucher-check",
        }
    }

    pub fn default_max(self) -> u32 {
        match self {
            Limit::Suggestion | Limit::SuggestionPhoto => 10,
            Limit::Registration => 5,
            Limit::PasswordReset => 5,
            Limit::MailsToOneAddress => 3,
            // a family or a neighbour signing several people up
            Limit::EventSignup => 10,
            Limit::ProblemReport => 10,
            Limit::SelfReferral => 3,
            Limit::Contribution => 20,
            Limit::SignInAlert => 1,
            Limit::SignInAccount => 5,
            Limit::SignInAddress => 30,
            Limit::Checkin => 120,
            Limit::VoucherCheck => 60,
        }
    }

    pub fn window_minutes(self) -> i64 {
        match self {
            Limit::SelfReferral | Limit::SignInAlert => 24 * 60,
            Limit::SignInAccount | Limit::SignInAddress => 15,
            _ => 60,
        }
    }
}

/// How many of each a key may do within its window (the defaults, or the
/// site's `TSUNAGU_RATE_LIMITS`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RateLimits {
    overrides: BTreeMap<Limit, u32>,
}

impl RateLimits {
    /// `scope=count` pairs, comma-separated: `registration=20, event-signup=50`.
    pub fn parse(value: &str) -> Result<Self, String> {
        let mut overrides = BTreeMap::new();
        for pair in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, count) = pair.split_once('=').ok_or_else(|| pair.to_string())?;
            let limit = Limit::ALL.into_iter().find(|l| l.scope() == name.trim()).ok_or_else(|| pair.to_string())?;
            let count: u32 = count.trim().parse().ok().filter(|n| *n > 0).ok_or_else(|| pair.to_string())?;
            overrides.insert(limit, count);
        }
        Ok(Self { overrides })
    }

    pub fn with(mut self, limit: Limit, max: u32) -> Self {
        self.overrides.insert(limit, max);
        self
    }

    pub fn max(&self, limit: Limit) -> u32 {
        self.overrides.get(&limit).copied().unwrap_or(limit.default_max())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_are_read_by_scope_name() {
        let l = RateLimits::parse("registration=20, event-signup = 50").unwrap();
        assert_eq!(l.max(Limit::Registration), 20);
        assert_eq!(l.max(Limit::EventSignup), 50);
        assert_eq!(l.max(Limit::SelfReferral), 3, "the rest keep their defaults");
        assert_eq!(RateLimits::parse("").unwrap(), RateLimits::default());
        assert_eq!(RateLimits::parse("sign-up=5"), Err("sign-up=5".into()));
        assert_eq!(RateLimits::parse("registration=0"), Err("registration=0".into()));
        assert_eq!(RateLimits::parse("registration"), Err("registration".into()));
    }

    #[test]
    fn the_wait_is_said_in_both_languages() {
        use crate::i18n::Locale;
        assert!(message(Locale::ja, 12).contains("12分ほど"), "{}", message(Locale::ja, 12));
        assert!(message(Locale::en, 12).contains("about 12 minutes"), "{}", message(Locale::en, 12));
    }

    #[test]
    fn every_limit_has_a_distinct_scope() {
        let mut scopes: Vec<_> = Limit::ALL.iter().map(|l| l.scope()).collect();
        scopes.sort();
        scopes.dedup();
        assert_eq!(scopes.len(), Limit::ALL.len());
    }
}
