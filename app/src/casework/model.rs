//! The words of casework (DOMAIN.md): what a referral can say, the states a
//! case goes through, the kinds of connection, the six outcome indicators
//! and the facts form ② reports. Each is a closed set with a stable slug.
use crate::activities::model::string_enum;
use serde::{Deserialize, Serialize};

string_enum!(
    /// Concerns on form ① — the union of both cities' checklists.
    Concern {
        Participation = "participation", SkillNoPlace = "skill_no_place", LowMood = "low_mood",
        FatigueStress = "fatigue_stress", WantsConnection = "wants_connection", Lifestyle = "lifestyle",
        LivingUnknown = "living_unknown", WantsWork = "wants_work", Money = "money", Health = "health",
        Housing = "housing", Income = "income", Work = "work", Neighbours = "neighbours", Family = "family",
        Care = "care", Withdrawal = "withdrawal", SchoolRefusal = "school_refusal",
        DomesticViolence = "domestic_violence", NothingToEat = "nothing_to_eat", Nutrition = "nutrition",
        Other = "other",
    }
);

/// A city's checklist from `TSUNAGU_CONCERNS` ("money,care,…"): known slugs
/// in the given order, no repeats, "other" always last. The unknown slug
/// comes back as the error.
pub fn parse_checklist(list: &str) -> Result<Vec<String>, String> {
    let mut out: Vec<Concern> = Vec::new();
    for slug in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let c = Concern::parse(slug).ok_or_else(|| slug.to_string())?;
        if c != Concern::Other && !out.contains(&c) {
            out.push(c);
        }
    }
    out.push(Concern::Other);
    Ok(out.into_iter().map(|c| c.as_str().to_string()).collect())
}

/// The checklist as configured (every concern when none is).
pub fn checklist(configured: &[String]) -> Vec<Concern> {
    let list: Vec<Concern> = configured.iter().filter_map(|s| Concern::parse(s)).collect();
    if list.is_empty() {
        Concern::ALL.to_vec()
    } else {
        list
    }
}

string_enum!(
    /// How consent to the consultation was given.
    ConsentBy { Person = "self", Family = "family", Verbal = "verbal" }
);

/// The consent text of form ①, shown exactly as the person agrees to it.
pub const CONSENT_TEXT_JA: &str = "相談支援を申し込み、この支援のために市の保健師等が健康情報を共有することに同意します。";
pub const CONSENT_TEXT_EN: &str = "I apply for consultation and agree that the city's nurses may share health information for this support.";

string_enum!(
    /// Where a case is.
    CaseStatus {
        Received = "received", Contacting = "contacting", Assessing = "assessing",
        Connecting = "connecting", FollowingUp = "following_up", Closed = "closed",
    }
);

string_enum!(
    /// Why a case was closed.
    CloseReason {
        Connected = "connected", Declined = "declined", Moved = "moved", Deceased = "deceased",
        Unreachable = "unreachable", Other = "other",
    }
);

string_enum!(
    /// Formal ties (public bodies, services) or informal ones (family,
    /// friends, neighbours, shops): the two sides of the relationship map.
    TieKind { Formal = "formal", Informal = "informal" }
);

string_enum!(
    /// ● planned, ■ active (as on form ②).
    ConnectionState { Planned = "planned", Active = "active" }
);

impl ConnectionState {
    pub fn mark(self) -> &'static str {
        match self {
            ConnectionState::Planned => "●",
            ConnectionState::Active => "■",
        }
    }
}

string_enum!(
    /// The six outcome indicators (Nabari).
    Indicator {
        BasicNeeds = "basic_needs", Resources = "resources", Connected = "connected",
        Learning = "learning", Places = "places", Contributes = "contributes",
    }
);

impl Indicator {
    /// ①…⑥ as the forms number them.
    pub fn number(self) -> &'static str {
        match self {
            Indicator::BasicNeeds => "①",
            Indicator::Resources => "②",
            Indicator::Connected => "③",
            Indicator::Learning => "④",
            Indicator::Places => "⑤",
            Indicator::Contributes => "⑥",
        }
    }
}

/// An indicator's rating: 1 (not at all) … 5 (fully).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating(u8);

impl Rating {
    pub const MAX: u8 = 5;

    pub fn parse(s: &str) -> Result<Rating, crate::validation::Problem> {
        match s.trim().parse::<u8>() {
            Ok(n) if (1..=Self::MAX).contains(&n) => Ok(Rating(n)),
            _ => Err(crate::validation::Problem::Number { min: 1, max: Self::MAX as i64 }),
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

string_enum!(
    /// Disability certificate (form ②).
    Disability { None = "none", Physical = "physical", Intellectual = "intellectual", Mental = "mental" }
);

string_enum!(
    /// Long-term care insurance level (form ②).
    CareLevel {
        None = "none", ServiceTarget = "service_target", Support1 = "support_1", Support2 = "support_2",
        Care1 = "care_1", Care2 = "care_2", Care3 = "care_3", Care4 = "care_4", Care5 = "care_5",
    }
);

string_enum!(
    /// A timeline entry: a note, a contact made (phone, letter), a visit.
    NoteKind { Note = "note", Contact = "contact", Visit = "visit" }
);

string_enum!(
    /// When an outcome was measured: at intake or at a review.
    Stage { Intake = "intake", Review = "review" }
);

string_enum!(
    /// A case's single-valued facts. Each change is a revision; two devices
    /// changing one field make a conflict for a person to decide.
    CaseField {
        Status = "status", CloseReason = "close_reason", Disability = "disability", CareLevel = "care_level",
        CareManager = "care_manager", MainSupport = "main_support", Plan = "plan", ReportAgreed = "report_agreed",
    }
);

impl CaseField {
    /// The value in its stored form, or what is wrong with it.
    pub fn parse_value(self, value: &str) -> Result<String, crate::validation::Problem> {
        use crate::validation::{PlainText, Problem};
        let closed = |ok: bool| if ok { Ok(value.trim().to_string()) } else { Err(Problem::Unknown(value.trim().to_string())) };
        match self {
            CaseField::Status => closed(CaseStatus::parse(value).is_some()),
            CaseField::CloseReason => closed(value.trim().is_empty() || CloseReason::parse(value).is_some()),
            CaseField::Disability => closed(value.trim().is_empty() || Disability::parse(value).is_some()),
            CaseField::CareLevel => closed(value.trim().is_empty() || CareLevel::parse(value).is_some()),
            CaseField::ReportAgreed => closed(matches!(value.trim(), "yes" | "no" | "")),
            CaseField::CareManager => Ok(PlainText::parse_optional(value, 100, false)?.map(PlainText::into_string).unwrap_or_default()),
            CaseField::MainSupport | CaseField::Plan => {
                Ok(PlainText::parse_optional(value, 2000, true)?.map(PlainText::into_string).unwrap_or_default())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip() {
        for c in Concern::ALL {
            assert_eq!(Concern::parse(c.as_str()), Some(*c));
        }
        assert_eq!(Concern::ALL.len(), 22);
    }

    #[test]
    fn a_city_checklist_keeps_its_order_and_other_last() {
        assert_eq!(parse_checklist("money, other ,care,money").unwrap(), ["money", "care", "other"]);
        assert_eq!(parse_checklist("").unwrap(), ["other"]);
        assert_eq!(parse_checklist("money,pets").unwrap_err(), "pets");
        assert_eq!(checklist(&[]).len(), 22);
        assert_eq!(checklist(&["care".into(), "other".into()]), [Concern::Care, Concern::Other]);
        for s in CaseStatus::ALL {
            assert_eq!(CaseStatus::parse(s.as_str()), Some(*s));
        }
        assert_eq!(Indicator::ALL.len(), 6);
        assert_eq!(Indicator::Contributes.number(), "⑥");
        assert_eq!(ConnectionState::Active.mark(), "■");
    }

    #[test]
    fn field_values_are_checked_by_field() {
        assert_eq!(CaseField::Status.parse_value(" closed "), Ok("closed".into()));
        assert!(CaseField::Status.parse_value("").is_err());
        assert!(CaseField::Status.parse_value("done").is_err());
        assert_eq!(CaseField::CloseReason.parse_value(""), Ok(String::new()));
        assert!(CaseField::CareLevel.parse_value("care_6").is_err());
        assert_eq!(CaseField::ReportAgreed.parse_value("yes"), Ok("yes".into()));
        assert!(CaseField::Plan.parse_value(&"あ".repeat(2001)).is_err());
        assert_eq!(CaseField::Plan.parse_value("週1回の体操へ\n同行"), Ok("週1回の体操へ\n同行".into()));
    }

    #[test]
    fn ratings_are_one_to_five() {
        assert_eq!(Rating::parse("3").map(Rating::get), Ok(3));
        assert!(Rating::parse("0").is_err() && Rating::parse("6").is_err() && Rating::parse("x").is_err());
    }
}
