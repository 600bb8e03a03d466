use crate::i18n::Locale;
use serde::{Deserialize, Serialize};

/// What is wrong with one input value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Required,
    TooLong { max: usize },
    ControlCharacters,
    NotKana,
    Phone,
    Email,
    Url,
    Latitude,
    Longitude,
    Number { min: i64, max: i64 },
    Date,
    Time,
    TimeOrder,
    /// An application deadline on or after the start.
    DeadlineOrder,
    /// A capacity below the places already taken.
    BelowBooked { booked: u32 },
    /// A consent box left unticked.
    Consent,
    /// Neither a phone number nor an email address.
    Contact,
    Schedule(String),
    PasswordLength { min: usize, max: usize },
    PasswordMismatch,
    PasswordLikeEmail,
    PasswordCommon,
    PasswordWrong,
    /// A confirmation word not typed as asked.
    ConfirmText(String),
    /// No choice made where at least one is needed.
    ChooseOne,
    /// A choice the person may not make (e.g. a role they cannot hand out).
    NotAllowed,
    Unknown(String),
    Duplicate(String),
    /// An image from another site in a report (its address).
    ForeignImage(String),
    /// A vault PIN: digits only, this long.
    Pin { min: usize, max: usize },
}

/// A problem with a named field (`field` is the form / CSV column name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: impl Into<String>, problem: Problem) -> Self {
        FieldError { field: field.into(), problem }
    }
}

impl Problem {
    /// The message in `locale`, plain words saying what to fix.
    pub fn message(&self, locale: Locale) -> String {
        use crate::i18n::*;
        match self {
            Problem::Required => td_string!(locale, common.validation.required).to_string(),
            Problem::TooLong { max } => {
                td_string!(locale, common.validation.too_long, max = *max).to_string()
            }
            Problem::ControlCharacters => td_string!(locale, common.validation.control).to_string(),
            Problem::NotKana => td_string!(locale, common.validation.kana).to_string(),
            Problem::Phone => td_string!(locale, common.validation.phone).to_string(),
            Problem::Email => td_string!(locale, common.validation.email).to_string(),
            Problem::Url => td_string!(locale, common.validation.url).to_string(),
            Problem::Latitude => td_string!(locale, common.validation.latitude).to_string(),
            Problem::Longitude => td_string!(locale, common.validation.longitude).to_string(),
            Problem::Number { min, max } => {
                td_string!(locale, common.validation.number, min = *min, max = *max).to_string()
            }
            Problem::Date => td_string!(locale, common.validation.date).to_string(),
            Problem::Time => td_string!(locale, common.validation.time).to_string(),
            Problem::TimeOrder => td_string!(locale, common.validation.time_order).to_string(),
            Problem::DeadlineOrder => td_string!(locale, common.validation.deadline_order).to_string(),
            Problem::BelowBooked { booked } => {
                td_string!(locale, common.validation.below_booked, booked = *booked).to_string()
            }
            Problem::Consent => td_string!(locale, common.validation.consent).to_string(),
            Problem::Contact => td_string!(locale, common.validation.contact).to_string(),
            Problem::Schedule(detail) => {
                td_string!(locale, common.validation.schedule, detail = detail.clone()).to_string()
            }
            Problem::PasswordLength { min, max } => {
                td_string!(locale, common.validation.password_length, min = *min, max = *max).to_string()
            }
            Problem::PasswordMismatch => td_string!(locale, common.validation.password_mismatch).to_string(),
            Problem::PasswordLikeEmail => td_string!(locale, common.validation.password_like_email).to_string(),
            Problem::PasswordCommon => td_string!(locale, common.validation.password_common).to_string(),
            Problem::PasswordWrong => td_string!(locale, common.validation.password_wrong).to_string(),
            Problem::ConfirmText(word) => {
                td_string!(locale, common.validation.confirm_text, word = word.clone()).to_string()
            }
            Problem::ChooseOne => td_string!(locale, common.validation.choose_one).to_string(),
            Problem::NotAllowed => td_string!(locale, common.validation.not_allowed).to_string(),
            Problem::Unknown(value) => {
                td_string!(locale, common.validation.unknown, value = value.clone()).to_string()
            }
            Problem::Duplicate(value) => {
                td_string!(locale, common.validation.duplicate, value = value.clone()).to_string()
            }
            Problem::Pin { min, max } => td_string!(locale, common.validation.pin, min = *min, max = *max).to_string(),
            Problem::ForeignImage(src) => {
                td_string!(locale, common.validation.foreign_image, src = src.clone()).to_string()
            }
        }
    }
}
