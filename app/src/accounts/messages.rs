//! The e-mails accounts send, in the recipient's language, and the outbox /
//! SMTP hand-off. Links are built from the public base URL.
use super::mail::Mailer;
use crate::config::PublicConfig;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

pub enum Mail {
    Confirm { token: String },
    /// Someone tried to register an address that already has an account.
    AlreadyRegistered,
    Reset { token: String },
    /// Many wrong passwords for the account lately (throttle::ALERT_AT).
    SignInFailures,
    Invite { token: String, inviter: String, roles: String },
}

/// The language of the request being served (the language switch's cookie).
pub fn request_locale() -> Locale {
    locale_from_cookie_header(super::session::request_header("cookie").as_deref())
}

pub fn locale_from_db(s: &str) -> Locale {
    if s == "en" { Locale::en } else { Locale::ja }
}

pub fn locale_to_db(l: Locale) -> &'static str {
    match l {
        Locale::en => "en",
        _ => "ja",
    }
}

pub fn compose(locale: Locale, base: &str, mail: &Mail) -> (String, String) {
    let site = td_string!(locale, common.site.name).to_string();
    match mail {
        Mail::Confirm { token } => (
            td_string!(locale, accounts.mail_confirm_subject, site = site.clone()).to_string(),
            td_string!(locale, accounts.mail_confirm_body, site = site, link = format!("{base}/account/confirm/{token}")).to_string(),
        ),
        Mail::AlreadyRegistered => (
            td_string!(locale, accounts.mail_exists_subject, site = site.clone()).to_string(),
            td_string!(locale, accounts.mail_exists_body, site = site, login = format!("{base}/login"), reset = format!("{base}/password/forgot")).to_string(),
        ),
        Mail::Reset { token } => (
            td_string!(locale, accounts.mail_reset_subject, site = site.clone()).to_string(),
            td_string!(locale, accounts.mail_reset_body, site = site, link = format!("{base}/password/reset/{token}")).to_string(),
        ),
        Mail::SignInFailures => (
            td_string!(locale, accounts.mail_failures_subject, site = site.clone()).to_string(),
            td_string!(locale, accounts.mail_failures_body, site = site, minutes = super::throttle::WINDOW_MINUTES, reset = format!("{base}/password/forgot")).to_string(),
        ),
        Mail::Invite { token, inviter, roles } => (
            td_string!(locale, accounts.mail_invite_subject, site = site.clone()).to_string(),
            td_string!(locale, accounts.mail_invite_body, site = site, inviter = inviter.clone(), roles = roles.clone(), link = format!("{base}/invite/{token}")).to_string(),
        ),
    }
}

/// Send `mail` to `to` in `locale`.
pub async fn send(to: &str, locale: Locale, mail: Mail) -> Result<(), AppError> {
    let mailer = expect_context::<Mailer>();
    let base = use_context::<PublicConfig>().unwrap_or_default().base_url;
    let (subject, body) = compose(locale, &base, &mail);
    mailer.send(to, &subject, &body).await
}

