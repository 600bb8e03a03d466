//! Points in words.
use super::rules::Action;
use crate::i18n::*;

/// The ledger's reason in words (`attend_activity`, `redeem`…).
pub fn reason_label(locale: Locale, reason: &str) -> &'static str {
    match Action::parse(reason) {
        Some(Action::AttendActivity) => td_string!(locale, points.reason_attend_activity),
        Some(Action::AttendEvent) => td_string!(locale, points.reason_attend_event),
        Some(Action::FirstVisit) => td_string!(locale, points.reason_first_visit),
        Some(Action::SelfCheck) => td_string!(locale, points.reason_self_check),
        Some(Action::Volunteer) => td_string!(locale, points.reason_volunteer),
        None if reason == "refund" => td_string!(locale, points.reason_refund),
        None => td_string!(locale, points.reason_redeem),
    }
}
