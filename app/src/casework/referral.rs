//! Form ① 相談支援依頼票 as typed (by a clinic, the office from paper/FAX,
//! or a person's own self-check): raw values, parsed at once into a referral
//! that cannot be invalid. Without consent only a minimal note for the
//! support meeting may be kept — no name, no address, no birth date.
use super::birth_date::{age_on, parse_birth_date};
use super::model::{Concern, ConsentBy};
use crate::validation::{FieldError, Phone, PlainText, Problem};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

crate::activities::model::string_enum!(
    /// How the referral reached the office.
    Source {
        Clinic = "clinic", Pharmacy = "pharmacy", Office = "office", SelfCheck = "self",
        Commissioner = "commissioner", Family = "family", Other = "other",
    }
);

crate::activities::model::string_enum!(
    /// Who the person lives with (form ①, optional): the households practice
    /// counts (DOMAIN.md, "What practice measured").
    Household {
        Alone = "alone", ElderlyCouple = "elderly_couple", ElderlyWithChild = "elderly_with_child",
        SingleParent = "single_parent", WithFamily = "with_family", Other = "other",
    }
);

crate::activities::model::string_enum!(
    Sex { Female = "female", Male = "male", Other = "other", Unanswered = "unanswered" }
);

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReferralForm {
    pub source: String,
    pub institution: String,
    pub doctor: String,
    pub name: String,
    pub sex: String,
    /// A [`Household`] slug; empty when not asked.
    pub household: String,
    /// Western or Japanese era (`S23.4.5`, `昭和23年4月5日`).
    pub birth_date: String,
    pub address: String,
    pub district: String,
    pub phone: String,
    pub medical_history: String,
    /// Concern slugs, separated by `,`.
    pub concerns: String,
    /// The checklist as a form sends it: `form[concern][low_mood]=on`.
    pub concern: std::collections::BTreeMap<String, String>,
    pub most_pressing: String,
    pub free_text: String,
    /// `self`, `family`, `verbal`, or `none` (no consent: a meeting note).
    pub consent: String,
    pub consent_date: String,
}

/// A referral with consent: everything form ① holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConsentedReferral {
    pub source: Source,
    pub institution: Option<PlainText>,
    pub doctor: Option<PlainText>,
    pub name: PlainText,
    pub sex: Sex,
    pub household: Option<Household>,
    pub birth_date: NaiveDate,
    pub address: Option<PlainText>,
    pub district: Option<String>,
    pub phone: Option<Phone>,
    pub medical_history: Option<PlainText>,
    pub concerns: Vec<Concern>,
    pub most_pressing: Option<Concern>,
    pub free_text: Option<PlainText>,
    pub consent_by: ConsentBy,
    pub consent_date: NaiveDate,
}

/// No consent: only what the multi-agency support meeting needs to talk
/// about the situation — no one can be identified from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingNote {
    pub source: Source,
    /// Ten-year band (70 for 70–79), when the birth date was given.
    pub age_band: Option<u32>,
    pub district: Option<String>,
    pub concerns: Vec<Concern>,
    pub free_text: Option<PlainText>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Referral {
    Consented(ConsentedReferral),
    WithoutConsent(MeetingNote),
}

fn opt(s: &str) -> Option<&str> {
    (!s.trim().is_empty()).then_some(s)
}

impl ReferralForm {
    /// Every problem at once, each naming its field.
    pub fn parse(&self, today: NaiveDate) -> Result<Referral, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut keep = |field: &str, r: Result<(), Problem>| {
            if let Err(p) = r {
                errors.push(FieldError::new(field, p));
            }
        };
        let source = Source::parse(&self.source).ok_or(Problem::ChooseOne);
        keep("source", source.as_ref().map(|_| ()).map_err(Clone::clone));
        let mut concerns = Vec::new();
        let ticked = self.concern.iter().filter(|(_, v)| !v.is_empty() && v.as_str() != "false").map(|(k, _)| k.as_str());
        for c in self.concerns.split([',', ';']).map(str::trim).filter(|c| !c.is_empty()).chain(ticked) {
            match Concern::parse(c) {
                Some(c) if !concerns.contains(&c) => concerns.push(c),
                Some(_) => {}
                None => keep("concerns", Err(Problem::Unknown(c.to_string()))),
            }
        }
        concerns.sort_by_key(|c| Concern::ALL.iter().position(|x| x == c));
        let most_pressing = match opt(&self.most_pressing).map(|m| Concern::parse(m).ok_or(Problem::Unknown(m.trim().to_string()))).transpose() {
            Ok(Some(m)) if !concerns.contains(&m) => Err(Problem::ChooseOne),
            other => other,
        };
        keep("most_pressing", most_pressing.as_ref().map(|_| ()).map_err(Clone::clone));
        let free_text = PlainText::parse_optional(&self.free_text, 4000, true);
        keep("free_text", free_text.as_ref().map(|_| ()).map_err(Clone::clone));
        let district = opt(&self.district).map(|d| d.trim().to_string());
        let consent = self.consent.trim();

        if consent == "none" {
            // a meeting note: refuse identifying details rather than drop them silently
            for (field, value) in [("name", &self.name), ("address", &self.address), ("phone", &self.phone), ("medical_history", &self.medical_history)] {
                if opt(value).is_some() {
                    keep(field, Err(Problem::NotAllowed));
                }
            }
            let age_band = opt(&self.birth_date).map(|b| parse_birth_date(b, today).map(|d| age_on(d, today) / 10 * 10)).transpose();
            keep("birth_date", age_band.as_ref().map(|_| ()).map_err(Clone::clone));
            if concerns.is_empty() && !matches!(free_text, Ok(Some(_))) {
                keep("concerns", Err(Problem::Required));
            }
            if !errors.is_empty() {
                return Err(errors);
            }
            return match (source, age_band, free_text) {
                (Ok(source), Ok(age_band), Ok(free_text)) => Ok(Referral::WithoutConsent(MeetingNote { source, age_band, district, concerns, free_text })),
                _ => Err(vec![FieldError::new("form", Problem::Required)]),
            };
        }

        let consent_by = ConsentBy::parse(consent).ok_or(Problem::Consent);
        keep("consent", consent_by.as_ref().map(|_| ()).map_err(Clone::clone));
        let consent_date = if self.consent_date.trim().is_empty() {
            Err(Problem::Required)
        } else {
            crate::events::model::parse_date(&self.consent_date).and_then(|d| if d > today { Err(Problem::Date) } else { Ok(d) })
        };
        keep("consent_date", consent_date.as_ref().map(|_| ()).map_err(Clone::clone));
        let name = PlainText::parse(&self.name, 100, false);
        keep("name", name.as_ref().map(|_| ()).map_err(Clone::clone));
        let sex = if self.sex.trim().is_empty() { Some(Sex::Unanswered) } else { Sex::parse(&self.sex) };
        keep("sex", sex.map(|_| ()).ok_or(Problem::ChooseOne));
        let household = opt(&self.household).map(|h| Household::parse(h).ok_or(Problem::ChooseOne)).transpose();
        keep("household", household.as_ref().map(|_| ()).map_err(Clone::clone));
        let birth_date = parse_birth_date(&self.birth_date, today);
        keep("birth_date", birth_date.as_ref().map(|_| ()).map_err(Clone::clone));
        let institution = PlainText::parse_optional(&self.institution, 100, false);
        keep("institution", institution.as_ref().map(|_| ()).map_err(Clone::clone));
        let doctor = PlainText::parse_optional(&self.doctor, 100, false);
        keep("doctor", doctor.as_ref().map(|_| ()).map_err(Clone::clone));
        let address = PlainText::parse_optional(&self.address, 200, false);
        keep("address", address.as_ref().map(|_| ()).map_err(Clone::clone));
        let phone = opt(&self.phone).map(Phone::parse).transpose();
        keep("phone", phone.as_ref().map(|_| ()).map_err(Clone::clone));
        let medical_history = PlainText::parse_optional(&self.medical_history, 2000, true);
        keep("medical_history", medical_history.as_ref().map(|_| ()).map_err(Clone::clone));
        // a clinic's referral names the clinic
        if matches!(source, Ok(Source::Clinic | Source::Pharmacy)) && matches!(institution, Ok(None)) {
            keep("institution", Err(Problem::Required));
        }
        if concerns.is_empty() && !matches!(free_text, Ok(Some(_))) {
            keep("concerns", Err(Problem::Required));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        match (source, consent_by, consent_date, name, sex, household, birth_date, institution, doctor, address, phone, medical_history, most_pressing, free_text) {
            (Ok(source), Ok(consent_by), Ok(consent_date), Ok(name), Some(sex), Ok(household), Ok(birth_date), Ok(institution), Ok(doctor), Ok(address), Ok(phone), Ok(medical_history), Ok(most_pressing), Ok(free_text)) => {
                Ok(Referral::Consented(ConsentedReferral {
                    source, institution, doctor, name, sex, household, birth_date, address, district, phone, medical_history,
                    concerns, most_pressing, free_text, consent_by, consent_date,
                }))
            }
            _ => Err(vec![FieldError::new("form", Problem::Required)]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    }

    fn form() -> ReferralForm {
        ReferralForm {
            source: "clinic".into(),
            institution: "北山診療所".into(),
            doctor: "山田".into(),
            name: "みどり 花子".into(),
            sex: "female".into(),
            birth_date: "S23.4.5".into(),
            address: "みどり野市北山320".into(),
            district: "kitayama".into(),
            phone: "0796-00-3300".into(),
            concerns: "wants_connection,low_mood".into(),
            most_pressing: "wants_connection".into(),
            consent: "self".into(),
            consent_date: "2026-11-30".into(),
            ..Default::default()
        }
    }

    fn fields(errors: Vec<FieldError>) -> Vec<String> {
        errors.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn the_checklist_as_a_form_sends_it() {
        let mut f = form();
        f.concerns = String::new();
        f.concern = [("money".to_string(), "on".to_string()), ("low_mood".to_string(), "on".to_string())].into();
        f.most_pressing = "money".into();
        match f.parse(today()).unwrap() {
            Referral::Consented(r) => assert_eq!(r.concerns, vec![Concern::LowMood, Concern::Money]),
            other => panic!("{other:?}"),
        }
        f.concern.insert("bogus".into(), "on".into());
        assert!(f.parse(today()).unwrap_err().iter().any(|e| e.field == "concerns"));
    }

    #[test]
    fn a_consented_referral_parses() {
        let Referral::Consented(r) = form().parse(today()).unwrap() else { panic!("consented") };
        assert_eq!(r.birth_date, NaiveDate::from_ymd_opt(1948, 4, 5).unwrap());
        assert_eq!(r.concerns, vec![Concern::LowMood, Concern::WantsConnection], "in the checklist order");
        assert_eq!(r.most_pressing, Some(Concern::WantsConnection));
        assert_eq!(r.consent_by, ConsentBy::Person);
        assert_eq!(r.household, None, "not asked");
        let Referral::Consented(r) = ReferralForm { household: "elderly_with_child".into(), source: "commissioner".into(), ..form() }.parse(today()).unwrap() else { panic!("consented") };
        assert_eq!((r.household, r.source), (Some(Household::ElderlyWithChild), Source::Commissioner));
        let fields = fields(ReferralForm { household: "mansion".into(), ..form() }.parse(today()).unwrap_err());
        assert_eq!(fields, ["household"]);
    }

    #[test]
    fn every_problem_is_named() {
        let f = ReferralForm { institution: "".into(), name: "".into(), birth_date: "S64.2.1".into(), phone: "12".into(), concerns: "low_mood,flying".into(), most_pressing: "money".into(), consent: "".into(), consent_date: "2027-01-01".into(), ..form() };
        let fields = fields(f.parse(today()).unwrap_err());
        for want in ["institution", "name", "birth_date", "phone", "concerns", "most_pressing", "consent", "consent_date"] {
            assert!(fields.contains(&want.to_string()), "{want} in {fields:?}");
        }
    }

    #[test]
    fn without_consent_only_a_meeting_note() {
        let f = ReferralForm { consent: "none".into(), consent_date: "".into(), name: "".into(), address: "".into(), phone: "".into(), ..form() };
        let Referral::WithoutConsent(n) = f.parse(today()).unwrap() else { panic!("note") };
        assert_eq!(n.age_band, Some(70));
        assert_eq!(n.district.as_deref(), Some("kitayama"));
        // identifying details are refused, not dropped silently
        let f = ReferralForm { consent: "none".into(), ..form() };
        let fields = fields(f.parse(today()).unwrap_err());
        assert!(fields.contains(&"name".to_string()) && fields.contains(&"phone".to_string()) && fields.contains(&"address".to_string()));
    }
}
