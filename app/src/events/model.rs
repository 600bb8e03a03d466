//! The event model shared by server and client: kinds, how to apply, status,
//! the staff form and the valid input it parses into.
use crate::activities::model::{
    half_width_digits, parse_number, parse_point, split_list, string_enum, LocationInput, Target,
};
use crate::calendar::TimeOfDay;
use crate::validation::{FieldError, PlainText, Problem, WebUrl};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

string_enum!(
    /// What sort of event it is.
    EventKind {
        Session = "session", Lecture = "lecture", Workshop = "workshop",
        Festival = "festival", Consultation = "consultation", Other = "other",
    }
);
string_enum!(
    /// How residents apply: not needed, by phone, by email, or here.
    ApplyMethod { None = "none", Phone = "phone", Email = "email", Portal = "portal" }
);
string_enum!(
    /// Whether it goes ahead. `Full` is also shown when sign-ups reach capacity.
    EventStatus { Scheduled = "scheduled", Cancelled = "cancelled", Full = "full" }
);

/// Largest capacity accepted (a festival ground, not a stadium).
pub const MAX_CAPACITY: i64 = 10_000;

/// Raw staff form values of one event (all text, checked by [`EventForm::parse`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventForm {
    pub title: String,
    pub kind: String,
    pub description: String,
    /// Category slugs separated by `,`.
    pub categories: String,
    /// `2026-11-24`.
    pub date: String,
    /// Last day for events over several days (empty = same day).
    pub end_date: String,
    pub start_time: String,
    pub end_time: String,
    pub all_day: bool,
    pub location_name: String,
    pub address: String,
    pub district: String,
    pub latitude: String,
    pub longitude: String,
    pub online: bool,
    pub online_url: String,
    pub organisation: String,
    pub fee_yen: String,
    pub fee_note: String,
    pub capacity: String,
    pub targets: String,
    pub target_note: String,
    pub bring: String,
    pub apply_method: String,
    pub apply_contact: String,
    /// `2026-11-20` or `2026-11-20 17:00`.
    pub apply_deadline: String,
    /// Photo URLs separated by whitespace.
    pub photos: String,
    /// Marked full by hand (e.g. phone bookings filled it).
    pub full: bool,
}

/// How to apply, with what the method needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Application {
    pub method: ApplyMethod,
    /// Phone number or address for phone / email applications.
    pub contact: Option<PlainText>,
    /// Applications close at this Tokyo time.
    pub deadline: Option<NaiveDateTime>,
}

/// A valid event, ready to store. Times are Tokyo wall-clock times.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventInput {
    pub title: PlainText,
    pub kind: EventKind,
    pub description: Option<PlainText>,
    pub categories: Vec<String>,
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
    pub all_day: bool,
    pub location: LocationInput,
    pub online_url: Option<WebUrl>,
    pub organisation: Option<String>,
    pub fee_yen: u32,
    pub fee_note: Option<PlainText>,
    pub capacity: Option<u32>,
    pub targets: Vec<Target>,
    pub target_note: Option<PlainText>,
    pub bring: Option<PlainText>,
    pub application: Application,
    pub photos: Vec<WebUrl>,
    pub full: bool,
}

/// `2026-11-24`, `2026/11/24`, full-width digits too.
pub fn parse_date(s: &str) -> Result<NaiveDate, Problem> {
    let t = half_width_digits(s).replace('/', "-");
    NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|_| Problem::Date)
}

/// `2026-11-20`, `2026-11-20 17:00` or `2026-11-20T17:00`. A date alone
/// means the end of that day.
pub fn parse_deadline(s: &str) -> Result<NaiveDateTime, Problem> {
    let t = half_width_digits(s).replace('T', " ");
    let mut parts = t.split_whitespace();
    let date = parse_date(parts.next().unwrap_or_default())?;
    let time = match parts.next() {
        Some(time) => TimeOfDay::parse(time).map_err(|_| Problem::Time)?.to_naive_time(),
        None => NaiveTime::from_hms_opt(23, 59, 0).unwrap_or_default(),
    };
    if parts.next().is_some() {
        return Err(Problem::Date);
    }
    Ok(date.and_time(time))
}

fn midnight() -> NaiveTime {
    NaiveTime::MIN
}

impl EventForm {
    /// Check every field; `Err` lists every problem with its field name.
    /// `booked` is how many places are already taken (0 for a new event).
    pub fn parse(&self, booked: u32) -> Result<EventInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        macro_rules! field {
            ($name:literal, $e:expr) => {
                match $e {
                    Ok(v) => Some(v),
                    Err(p) => {
                        errors.push(FieldError::new($name, p));
                        None
                    }
                }
            };
        }
        let opt = |s: &str, max: usize, multi: bool| PlainText::parse_optional(s, max, multi);
        let title = field!("title", PlainText::parse(&self.title, 100, false));
        let kind = if self.kind.trim().is_empty() {
            Some(EventKind::Other)
        } else {
            field!("kind", EventKind::parse(&self.kind).ok_or_else(|| Problem::Unknown(self.kind.trim().into())))
        };
        let description = field!("description", opt(&self.description, 3000, true));
        let categories = split_list(&self.categories);
        let date = field!("date", parse_date(&self.date));
        let end_date = field!("end_date", (!self.end_date.trim().is_empty()).then(|| parse_date(&self.end_date)).transpose());
        let (start_time, end_time) = if self.all_day {
            (Some(None), Some(None))
        } else {
            (
                field!("start_time", TimeOfDay::parse(&self.start_time).map(Some).map_err(|_| Problem::Time)),
                field!("end_time", TimeOfDay::parse(&self.end_time).map(Some).map_err(|_| Problem::Time)),
            )
        };
        let (mut starts, mut ends) = (None, None);
        if let (Some(date), Some(end_date), Some(start_time), Some(end_time)) = (date, end_date, start_time, end_time) {
            let last = end_date.unwrap_or(date);
            let (s, e) = match (start_time, end_time) {
                (Some(st), Some(et)) => (date.and_time(st.to_naive_time()), last.and_time(et.to_naive_time())),
                // all day: from the first midnight to the midnight after the last day
                _ => (date.and_time(midnight()), last.succ_opt().unwrap_or(last).and_time(midnight())),
            };
            if last < date {
                errors.push(FieldError::new("end_date", Problem::TimeOrder));
            } else if e <= s {
                errors.push(FieldError::new("end_time", Problem::TimeOrder));
            } else {
                (starts, ends) = (Some(s), Some(e));
            }
        }
        let location_name = field!("location_name", PlainText::parse(&self.location_name, 100, false));
        let address = field!("address", opt(&self.address, 200, false));
        let district = self.district.trim();
        let district = (!district.is_empty()).then(|| district.to_string());
        let point = match parse_point(&self.latitude, &self.longitude) {
            Ok(p) => Some(p),
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let online_url = field!("online_url", (!self.online_url.trim().is_empty()).then(|| WebUrl::parse(&self.online_url)).transpose());
        let organisation = self.organisation.trim();
        let organisation = (!organisation.is_empty()).then(|| organisation.to_string());
        let fee_yen = field!("fee_yen", parse_number(&self.fee_yen, 0, 100_000));
        let fee_note = field!("fee_note", opt(&self.fee_note, 200, false));
        let capacity = field!("capacity", parse_number(&self.capacity, 0, MAX_CAPACITY).and_then(|c| match c {
            Some(c) if c < i64::from(booked) => Err(Problem::BelowBooked { booked }),
            c => Ok(c),
        }));
        let targets = field!("targets", split_list(&self.targets)
            .into_iter()
            .map(|t| Target::parse(&t).ok_or(Problem::Unknown(t)))
            .collect::<Result<Vec<_>, _>>());
        let target_note = field!("target_note", opt(&self.target_note, 200, false));
        let bring = field!("bring", opt(&self.bring, 300, true));
        let method = if self.apply_method.trim().is_empty() {
            Some(ApplyMethod::None)
        } else {
            field!("apply_method", ApplyMethod::parse(&self.apply_method).ok_or_else(|| Problem::Unknown(self.apply_method.trim().into())))
        };
        let contact = field!("apply_contact", match (method, opt(&self.apply_contact, 200, false)) {
            (Some(ApplyMethod::Phone | ApplyMethod::Email), Ok(None)) => Err(Problem::Required),
            (_, result) => result,
        });
        let deadline = field!("apply_deadline", (!self.apply_deadline.trim().is_empty())
            .then(|| parse_deadline(&self.apply_deadline))
            .transpose()
            .and_then(|d| match (d, starts) {
                (Some(d), Some(s)) if d >= s => Err(Problem::DeadlineOrder),
                (d, _) => Ok(d),
            }));
        let photos = field!("photos", self.photos.split_whitespace().map(WebUrl::parse).collect::<Result<Vec<_>, _>>());

        let (Some(title), Some(kind), Some(description), Some(starts), Some(ends), Some(location_name),
            Some(address), Some(point), Some(online_url), Some(fee_yen), Some(fee_note), Some(capacity),
            Some(targets), Some(target_note), Some(bring), Some(method), Some(contact), Some(deadline),
            Some(photos)) = (title, kind, description, starts, ends, location_name, address, point,
            online_url, fee_yen, fee_note, capacity, targets, target_note, bring, method, contact,
            deadline, photos)
        else {
            if errors.is_empty() {
                errors.push(FieldError::new("date", Problem::Required));
            }
            return Err(errors);
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(EventInput {
            title,
            kind,
            description,
            categories,
            starts,
            ends,
            all_day: self.all_day,
            location: LocationInput { name: location_name, address, district, point, online: self.online },
            online_url,
            organisation,
            fee_yen: fee_yen.unwrap_or(0) as u32,
            fee_note,
            capacity: capacity.map(|c| c as u32),
            targets,
            target_note,
            bring,
            application: Application { method, contact, deadline },
            photos,
            full: self.full,
        })
    }
}

impl EventInput {
    /// Back to form values (what the staff edit form shows).
    pub fn to_form(&self) -> EventForm {
        let t = |o: &Option<PlainText>| o.as_ref().map(|t| t.as_str().to_string()).unwrap_or_default();
        let last_day = if self.all_day { self.ends.date().pred_opt().unwrap_or(self.ends.date()) } else { self.ends.date() };
        let hm = |d: NaiveDateTime| d.format("%H:%M").to_string();
        EventForm {
            title: self.title.as_str().to_string(),
            kind: self.kind.as_str().to_string(),
            description: t(&self.description),
            categories: self.categories.join(","),
            date: self.starts.date().to_string(),
            end_date: if last_day != self.starts.date() { last_day.to_string() } else { String::new() },
            start_time: if self.all_day { String::new() } else { hm(self.starts) },
            end_time: if self.all_day { String::new() } else { hm(self.ends) },
            all_day: self.all_day,
            location_name: self.location.name.as_str().to_string(),
            address: t(&self.location.address),
            district: self.location.district.clone().unwrap_or_default(),
            latitude: self.location.point.map(|p| p.lat().to_string()).unwrap_or_default(),
            longitude: self.location.point.map(|p| p.lon().to_string()).unwrap_or_default(),
            online: self.location.online,
            online_url: self.online_url.as_ref().map(|u| u.as_str().to_string()).unwrap_or_default(),
            organisation: self.organisation.clone().unwrap_or_default(),
            fee_yen: self.fee_yen.to_string(),
            fee_note: t(&self.fee_note),
            capacity: self.capacity.map(|c| c.to_string()).unwrap_or_default(),
            targets: self.targets.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(","),
            target_note: t(&self.target_note),
            bring: t(&self.bring),
            apply_method: self.application.method.as_str().to_string(),
            apply_contact: t(&self.application.contact),
            apply_deadline: self.application.deadline.map(|d| d.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default(),
            photos: self.photos.iter().map(|p| p.as_str()).collect::<Vec<_>>().join("\n"),
            full: self.full,
        }
    }
}

/// A resident's sign-up as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignupForm {
    pub name: String,
    /// Phone number or email address.
    pub contact: String,
    pub people: String,
    pub note: String,
    pub consent: bool,
}

/// A valid sign-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignupInput {
    pub name: PlainText,
    pub contact: PlainText,
    pub people: u32,
    pub note: Option<PlainText>,
}

/// Most people one sign-up may bring (a family, a small group).
pub const MAX_PEOPLE: i64 = 10;

impl SignupForm {
    pub fn parse(&self) -> Result<SignupInput, Vec<FieldError>> {
        use crate::validation::{Email, Phone};
        let mut errors = Vec::new();
        let name = PlainText::parse(&self.name, 60, false).map_err(|p| errors.push(FieldError::new("name", p))).ok();
        let contact = match self.contact.trim() {
            "" => Err(Problem::Required),
            c if Phone::parse(c).is_ok() || Email::parse(c).is_ok() => PlainText::parse(c, 200, false),
            _ => Err(Problem::Contact),
        }
        .map_err(|p| errors.push(FieldError::new("contact", p)))
        .ok();
        let people = match parse_number(if self.people.trim().is_empty() { "1" } else { &self.people }, 1, MAX_PEOPLE) {
            Ok(n) => n.map(|n| n as u32),
            Err(p) => {
                errors.push(FieldError::new("people", p));
                None
            }
        };
        let note = PlainText::parse_optional(&self.note, 500, true).map_err(|p| errors.push(FieldError::new("note", p))).ok();
        if !self.consent {
            errors.push(FieldError::new("consent", Problem::Consent));
        }
        match (name, contact, people, note) {
            (Some(name), Some(contact), Some(people), Some(note)) if errors.is_empty() => {
                Ok(SignupInput { name, contact, people, note })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> EventForm {
        EventForm {
            title: "健康講座「フレイル予防」".into(),
            kind: "lecture".into(),
            date: "2026-12-05".into(),
            start_time: "13:30".into(),
            end_time: "15:00".into(),
            location_name: "みどり野市保健センター".into(),
            capacity: "30".into(),
            apply_method: "portal".into(),
            apply_deadline: "2026-12-01".into(),
            ..Default::default()
        }
    }

    fn fields(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn a_valid_form_parses_and_round_trips() {
        let input = form().parse(0).unwrap();
        assert_eq!(input.starts.to_string(), "2026-12-05 13:30:00");
        assert_eq!(input.application.deadline.unwrap().to_string(), "2026-12-01 23:59:00");
        assert_eq!(input.to_form().parse(0).unwrap(), input);
    }

    #[test]
    fn end_must_be_after_start() {
        let mut f = form();
        f.end_time = "13:30".into();
        assert_eq!(fields(&f.parse(0).unwrap_err()), ["end_time"]);
        f.end_time = "15:00".into();
        f.end_date = "2026-12-04".into();
        assert_eq!(fields(&f.parse(0).unwrap_err()), ["end_date"]);
    }

    #[test]
    fn deadline_must_be_before_start() {
        let mut f = form();
        f.apply_deadline = "2026-12-05 14:00".into();
        let errors = f.parse(0).unwrap_err();
        assert_eq!(errors[0].problem, Problem::DeadlineOrder);
        f.apply_deadline = "2026-12-05 13:00".into();
        assert!(f.parse(0).is_ok());
    }

    #[test]
    fn capacity_is_zero_or_more_and_not_below_bookings() {
        let mut f = form();
        f.capacity = "-1".into();
        assert_eq!(fields(&f.parse(0).unwrap_err()), ["capacity"]);
        f.capacity = "0".into();
        assert_eq!(f.parse(0).unwrap().capacity, Some(0));
        f.capacity = "4".into();
        assert_eq!(f.parse(5).unwrap_err()[0].problem, Problem::BelowBooked { booked: 5 });
    }

    #[test]
    fn all_day_events_span_whole_days() {
        let mut f = form();
        f.all_day = true;
        f.start_time.clear();
        f.end_time.clear();
        f.end_date = "2026-12-06".into();
        f.apply_deadline.clear();
        let input = f.parse(0).unwrap();
        assert_eq!(input.starts.to_string(), "2026-12-05 00:00:00");
        assert_eq!(input.ends.to_string(), "2026-12-07 00:00:00");
        assert_eq!(input.to_form().parse(0).unwrap(), input);
    }

    #[test]
    fn phone_applications_need_a_contact() {
        let mut f = form();
        f.apply_method = "phone".into();
        assert_eq!(fields(&f.parse(0).unwrap_err()), ["apply_contact"]);
    }

    #[test]
    fn every_problem_is_reported() {
        let f = EventForm { date: "12月5日".into(), start_time: "25:00".into(), ..Default::default() };
        let errors = f.parse(0).unwrap_err();
        for expected in ["title", "date", "start_time", "end_time", "location_name"] {
            assert!(fields(&errors).contains(&expected), "{expected} in {errors:?}");
        }
    }

    #[test]
    fn signups_need_name_contact_and_consent() {
        let ok = SignupForm { name: "山田 花子".into(), contact: "0796-00-1234".into(), people: "２".into(), consent: true, ..Default::default() };
        assert_eq!(ok.parse().unwrap().people, 2);
        let bad = SignupForm { contact: "どこか".into(), people: "11".into(), ..Default::default() };
        assert_eq!(fields(&bad.parse().unwrap_err()), ["name", "contact", "people", "consent"]);
    }
}
