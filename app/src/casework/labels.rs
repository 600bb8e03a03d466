//! The words of casework in the reader's language (every closed set's label).
use super::model::{CareLevel, Disability, CaseStatus, CloseReason, Concern, ConnectionState, ConsentBy, Indicator, NoteKind, Stage, TieKind};
use crate::activities::model::Family;
use super::referral::{Household, Sex, Source};
use crate::i18n::*;

pub fn concern_label(c: Concern, locale: Locale) -> &'static str {
    match c {
        Concern::Participation => td_string!(locale, casework.concern_participation),
        Concern::SkillNoPlace => td_string!(locale, casework.concern_skill_no_place),
        Concern::LowMood => td_string!(locale, casework.concern_low_mood),
        Concern::FatigueStress => td_string!(locale, casework.concern_fatigue_stress),
        Concern::WantsConnection => td_string!(locale, casework.concern_wants_connection),
        Concern::Lifestyle => td_string!(locale, casework.concern_lifestyle),
        Concern::LivingUnknown => td_string!(locale, casework.concern_living_unknown),
        Concern::WantsWork => td_string!(locale, casework.concern_wants_work),
        Concern::Money => td_string!(locale, casework.concern_money),
        Concern::Health => td_string!(locale, casework.concern_health),
        Concern::Housing => td_string!(locale, casework.concern_housing),
        Concern::Income => td_string!(locale, casework.concern_income),
        Concern::Work => td_string!(locale, casework.concern_work),
        Concern::Neighbours => td_string!(locale, casework.concern_neighbours),
        Concern::Family => td_string!(locale, casework.concern_family),
        Concern::Care => td_string!(locale, casework.concern_care),
        Concern::Withdrawal => td_string!(locale, casework.concern_withdrawal),
        Concern::SchoolRefusal => td_string!(locale, casework.concern_school_refusal),
        Concern::DomesticViolence => td_string!(locale, casework.concern_domestic_violence),
        Concern::NothingToEat => td_string!(locale, casework.concern_nothing_to_eat),
        Concern::Nutrition => td_string!(locale, casework.concern_nutrition),
        Concern::Other => td_string!(locale, casework.concern_other),
    }
}

pub fn source_label(s: Source, locale: Locale) -> &'static str {
    match s {
        Source::Clinic => td_string!(locale, casework.source_clinic),
        Source::Pharmacy => td_string!(locale, casework.source_pharmacy),
        Source::Office => td_string!(locale, casework.source_office),
        Source::SelfCheck => td_string!(locale, casework.source_self),
        Source::Commissioner => td_string!(locale, casework.source_commissioner),
        Source::Family => td_string!(locale, casework.source_family),
        Source::Other => td_string!(locale, casework.source_other),
    }
}

pub fn household_label(h: Household, locale: Locale) -> &'static str {
    match h {
        Household::Alone => td_string!(locale, casework.household_alone),
        Household::ElderlyCouple => td_string!(locale, casework.household_elderly_couple),
        Household::ElderlyWithChild => td_string!(locale, casework.household_elderly_with_child),
        Household::SingleParent => td_string!(locale, casework.household_single_parent),
        Household::WithFamily => td_string!(locale, casework.household_with_family),
        Household::Other => td_string!(locale, casework.household_other),
    }
}

pub fn sex_label(s: Sex, locale: Locale) -> &'static str {
    match s {
        Sex::Female => td_string!(locale, casework.sex_female),
        Sex::Male => td_string!(locale, casework.sex_male),
        Sex::Other => td_string!(locale, casework.sex_other),
        Sex::Unanswered => td_string!(locale, casework.sex_unanswered),
    }
}

pub fn consent_label(c: ConsentBy, locale: Locale) -> &'static str {
    match c {
        ConsentBy::Person => td_string!(locale, casework.consent_self),
        ConsentBy::Family => td_string!(locale, casework.consent_family),
        ConsentBy::Verbal => td_string!(locale, casework.consent_verbal),
    }
}

pub fn status_label(s: CaseStatus, locale: Locale) -> &'static str {
    match s {
        CaseStatus::Received => td_string!(locale, casework.status_received),
        CaseStatus::Contacting => td_string!(locale, casework.status_contacting),
        CaseStatus::Assessing => td_string!(locale, casework.status_assessing),
        CaseStatus::Connecting => td_string!(locale, casework.status_connecting),
        CaseStatus::FollowingUp => td_string!(locale, casework.status_following_up),
        CaseStatus::Closed => td_string!(locale, casework.status_closed),
    }
}

pub fn close_label(c: CloseReason, locale: Locale) -> &'static str {
    match c {
        CloseReason::Connected => td_string!(locale, casework.close_connected),
        CloseReason::Declined => td_string!(locale, casework.close_declined),
        CloseReason::Moved => td_string!(locale, casework.close_moved),
        CloseReason::Deceased => td_string!(locale, casework.close_deceased),
        CloseReason::Unreachable => td_string!(locale, casework.close_unreachable),
        CloseReason::Other => td_string!(locale, casework.close_other),
    }
}

pub fn note_kind_label(k: NoteKind, locale: Locale) -> &'static str {
    match k {
        NoteKind::Note => td_string!(locale, casework.note_kind_note),
        NoteKind::Contact => td_string!(locale, casework.note_kind_contact),
        NoteKind::Visit => td_string!(locale, casework.note_kind_visit),
    }
}

pub fn tie_label(t: TieKind, locale: Locale) -> &'static str {
    match t {
        TieKind::Formal => td_string!(locale, casework.tie_formal),
        TieKind::Informal => td_string!(locale, casework.tie_informal),
    }
}

pub fn family_label(f: Family, locale: Locale) -> &'static str {
    match f {
        Family::People => td_string!(locale, casework.family_people),
        Family::Life => td_string!(locale, casework.family_life),
        Family::Vitality => td_string!(locale, casework.family_vitality),
    }
}

pub fn state_label(s: ConnectionState, locale: Locale) -> &'static str {
    match s {
        ConnectionState::Planned => td_string!(locale, casework.state_planned),
        ConnectionState::Active => td_string!(locale, casework.state_active),
    }
}

pub fn stage_label(s: Stage, locale: Locale) -> &'static str {
    match s {
        Stage::Intake => td_string!(locale, casework.stage_intake),
        Stage::Review => td_string!(locale, casework.stage_review),
    }
}

pub fn indicator_label(i: Indicator, locale: Locale) -> &'static str {
    match i {
        Indicator::BasicNeeds => td_string!(locale, casework.indicator_basic_needs),
        Indicator::Resources => td_string!(locale, casework.indicator_resources),
        Indicator::Connected => td_string!(locale, casework.indicator_connected),
        Indicator::Learning => td_string!(locale, casework.indicator_learning),
        Indicator::Places => td_string!(locale, casework.indicator_places),
        Indicator::Contributes => td_string!(locale, casework.indicator_contributes),
    }
}

pub fn disability_label(d: Disability, locale: Locale) -> &'static str {
    match d {
        Disability::None => td_string!(locale, casework.disability_none),
        Disability::Physical => td_string!(locale, casework.disability_physical),
        Disability::Intellectual => td_string!(locale, casework.disability_intellectual),
        Disability::Mental => td_string!(locale, casework.disability_mental),
    }
}

pub fn care_label(c: CareLevel, locale: Locale) -> &'static str {
    match c {
        CareLevel::None => td_string!(locale, casework.care_none),
        CareLevel::ServiceTarget => td_string!(locale, casework.care_service_target),
        CareLevel::Support1 => td_string!(locale, casework.care_support_1),
        CareLevel::Support2 => td_string!(locale, casework.care_support_2),
        CareLevel::Care1 => td_string!(locale, casework.care_care_1),
        CareLevel::Care2 => td_string!(locale, casework.care_care_2),
        CareLevel::Care3 => td_string!(locale, casework.care_care_3),
        CareLevel::Care4 => td_string!(locale, casework.care_care_4),
        CareLevel::Care5 => td_string!(locale, casework.care_care_5),
    }
}

/// A stored slug's label, or the slug itself when it is not one we know.
pub fn slug_label<T: Copy>(slug: &str, parse: fn(&str) -> Option<T>, label: fn(T, Locale) -> &'static str, locale: Locale) -> String {
    parse(slug).map(|v| label(v, locale).to_string()).unwrap_or_else(|| slug.to_string())
}
