//! The activity model shared by server and client. Input types parse raw
//! form / import values into values that cannot be invalid.
use crate::calendar::Schedule;
use crate::validation::{Email, FieldError, GeoPoint, Phone, PlainText, Problem, WebUrl};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),+ }
            }
            pub fn parse(s: &str) -> Option<$name> {
                match s.trim() { $($s => Some($name::$variant),)+ _ => None }
            }
        }

        #[cfg(feature = "ssr")]
        impl $name {
            /// Its values as an OpenAPI string enum (for the machine API's
            /// document, where a field carries the value as text).
            #[allow(dead_code)]
            pub fn schema() -> utoipa::openapi::Object {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::Type::String)
                    .enum_values(Some(Self::ALL.iter().map(|v| v.as_str())))
                    .build()
            }
        }
    };
}
pub(crate) use string_enum;

string_enum!(
    /// Whether residents can join now.
    ActivityStatus { Active = "active", Paused = "paused", Ended = "ended" }
);
string_enum!(
    /// The three families of "exits" (DOMAIN.md): people, life, vitality.
    Family { People = "people", Life = "life", Vitality = "vitality" }
);
string_enum!(
    /// Who an activity is for.
    Target {
        Everyone = "everyone", Seniors = "seniors", Parents = "parents", Children = "children",
        Youth = "youth", Adults = "adults", Disabilities = "disabilities", Carers = "carers",
    }
);

/// A category of the taxonomy (ja/en labels, one family).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub slug: String,
    pub family: Family,
    pub name_ja: String,
    pub name_en: String,
}

/// A reading in kana (hiragana, katakana, ー, ・ and spaces).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kana(String);

impl Kana {
    pub fn parse(s: &str) -> Result<Kana, Problem> {
        let t = PlainText::parse(s, 120, false)?.into_string();
        let ok = t.chars().all(|c| {
            matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | 'ー' | '・' | ' ' | '　' | 'ゝ' | 'ゞ' | 'ヽ' | 'ヾ')
        });
        if ok {
            Ok(Kana(t))
        } else {
            Err(Problem::NotKana)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The key an imported row is matched by (the city's own id), e.g. MID-0001.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalId(String);

impl ExternalId {
    pub fn parse(s: &str) -> Result<ExternalId, Problem> {
        let t = PlainText::parse(s, 64, false)?.into_string();
        if t.chars().all(|c| c.is_ascii_alphanumeric() || "-_.:".contains(c)) {
            Ok(ExternalId(t))
        } else {
            Err(Problem::Unknown(t))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Raw values of one activity as typed into the staff form or read from an
/// import row. Everything is text; [`ActivityForm::parse`] checks it all and
/// reports every problem at once.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActivityForm {
    pub external_id: String,
    pub name: String,
    pub kana: String,
    pub description: String,
    pub organisation: String,
    /// Category slugs separated by `,` or `;`.
    pub categories: String,
    pub targets: String,
    pub cost_yen: String,
    pub cost_note: String,
    pub capacity: String,
    pub beginners_welcome: bool,
    pub drop_in: bool,
    pub barrier_free: bool,
    pub accessible_toilet: bool,
    pub parking: bool,
    pub access_note: String,
    pub phone: String,
    pub email: String,
    pub url: String,
    /// Photo URLs separated by whitespace.
    pub photos: String,
    pub status: String,
    pub last_verified: String,
    pub location_name: String,
    pub address: String,
    pub district: String,
    pub latitude: String,
    pub longitude: String,
    pub online: bool,
    /// Schedules in the compact form, one per line or separated by `|`.
    pub schedules: String,
}

/// A valid activity, ready to store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityInput {
    pub external_id: Option<ExternalId>,
    pub name: PlainText,
    pub kana: Option<Kana>,
    pub description: Option<PlainText>,
    pub organisation: Option<String>,
    pub categories: Vec<String>,
    pub targets: Vec<Target>,
    pub cost_yen: u32,
    pub cost_note: Option<PlainText>,
    pub capacity: Option<u32>,
    pub beginners_welcome: bool,
    pub drop_in: bool,
    pub barrier_free: bool,
    pub accessible_toilet: bool,
    pub parking: bool,
    pub access_note: Option<PlainText>,
    pub phone: Option<Phone>,
    pub email: Option<Email>,
    pub url: Option<WebUrl>,
    pub photos: Vec<WebUrl>,
    pub status: ActivityStatus,
    pub last_verified: Option<NaiveDate>,
    pub location: LocationInput,
    pub schedules: Vec<Schedule>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocationInput {
    pub name: PlainText,
    pub address: Option<PlainText>,
    pub district: Option<String>,
    pub point: Option<GeoPoint>,
    pub online: bool,
}

pub(crate) fn split_list(s: &str) -> Vec<String> {
    s.split([',', ';', '、', '，'])
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Latitude and longitude typed as two fields: both empty (no position) or
/// both a valid coordinate; the error names the field to fix.
pub(crate) fn parse_point(latitude: &str, longitude: &str) -> Result<Option<GeoPoint>, FieldError> {
    match (latitude.trim().is_empty(), longitude.trim().is_empty()) {
        (true, true) => Ok(None),
        (false, true) => Err(FieldError::new("longitude", Problem::Required)),
        (true, false) => Err(FieldError::new("latitude", Problem::Required)),
        (false, false) => match GeoPoint::parse(latitude, longitude) {
            Ok(p) => Ok(Some(p)),
            Err(p @ Problem::Latitude) => Err(FieldError::new("latitude", p)),
            Err(p) => Err(FieldError::new("longitude", p)),
        },
    }
}

pub(crate) fn half_width_digits(s: &str) -> String {
    s.trim().chars().map(crate::validation::text_half_width).collect()
}

pub(crate) fn parse_number(s: &str, min: i64, max: i64) -> Result<Option<i64>, Problem> {
    let t = half_width_digits(s).replace([',', '円'], "");
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
        _ => Err(Problem::Number { min, max }),
    }
}

impl ActivityForm {
    /// Check every field; `Err` lists every problem, each with its field name.
    pub fn parse(&self) -> Result<ActivityInput, Vec<FieldError>> {
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
        let external_id = field!("external_id", (!self.external_id.trim().is_empty())
            .then(|| ExternalId::parse(&self.external_id))
            .transpose());
        let name = field!("name", PlainText::parse(&self.name, 80, false));
        let kana = field!("kana", (!self.kana.trim().is_empty()).then(|| Kana::parse(&self.kana)).transpose());
        let description = field!("description", opt(&self.description, 2000, true));
        let organisation = self.organisation.trim();
        let organisation = (!organisation.is_empty()).then(|| organisation.to_string());
        let categories = split_list(&self.categories);
        if categories.is_empty() {
            errors.push(FieldError::new("categories", Problem::Required));
        }
        let targets = field!("targets", split_list(&self.targets)
            .into_iter()
            .map(|t| Target::parse(&t).ok_or(Problem::Unknown(t)))
            .collect::<Result<Vec<_>, _>>());
        let cost_yen = field!("cost_yen", parse_number(&self.cost_yen, 0, 100_000));
        let cost_note = field!("cost_note", opt(&self.cost_note, 200, false));
        let capacity = field!("capacity", parse_number(&self.capacity, 1, 10_000));
        let access_note = field!("access_note", opt(&self.access_note, 300, true));
        let phone = field!("phone", (!self.phone.trim().is_empty()).then(|| Phone::parse(&self.phone)).transpose());
        let email = field!("email", (!self.email.trim().is_empty()).then(|| Email::parse(&self.email)).transpose());
        let url = field!("url", (!self.url.trim().is_empty()).then(|| WebUrl::parse(&self.url)).transpose());
        let photos = field!("photos", self.photos.split_whitespace().map(WebUrl::parse).collect::<Result<Vec<_>, _>>());
        let status = if self.status.trim().is_empty() {
            Some(ActivityStatus::Active)
        } else {
            field!("status", ActivityStatus::parse(&self.status).ok_or_else(|| Problem::Unknown(self.status.trim().into())))
        };
        let last_verified = field!("last_verified", {
            let t = half_width_digits(&self.last_verified).replace('/', "-");
            if t.is_empty() {
                Ok(None)
            } else {
                NaiveDate::parse_from_str(&t, "%Y-%m-%d").map(Some).map_err(|_| Problem::Date)
            }
        });
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
        let schedules = field!("schedules", self
            .schedules
            .split(['\n', '|'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| Schedule::parse_compact(s).map_err(|e| Problem::Schedule(e.to_string())))
            .collect::<Result<Vec<_>, _>>());

        if !errors.is_empty() {
            return Err(errors);
        }
        // every `None` above pushed an error, so these are all present
        let (Some(external_id), Some(name), Some(kana), Some(description), Some(targets), Some(cost_yen),
            Some(cost_note), Some(capacity), Some(access_note), Some(phone), Some(email), Some(url),
            Some(photos), Some(status), Some(last_verified), Some(location_name), Some(address),
            Some(point), Some(schedules)) = (external_id, name, kana, description, targets, cost_yen,
            cost_note, capacity, access_note, phone, email, url, photos, status, last_verified,
            location_name, address, point, schedules)
        else {
            return Err(vec![FieldError::new("form", Problem::Required)]);
        };
        Ok(ActivityInput {
            external_id,
            name,
            kana,
            description,
            organisation,
            categories,
            targets,
            cost_yen: cost_yen.unwrap_or(0) as u32,
            cost_note,
            capacity: capacity.map(|c| c as u32),
            beginners_welcome: self.beginners_welcome,
            drop_in: self.drop_in,
            barrier_free: self.barrier_free,
            accessible_toilet: self.accessible_toilet,
            parking: self.parking,
            access_note,
            phone,
            email,
            url,
            photos,
            status,
            last_verified,
            location: LocationInput { name: location_name, address, district, point, online: self.online },
            schedules,
        })
    }
}

impl ActivityInput {
    /// Back to form values (what the staff edit form shows).
    pub fn to_form(&self) -> ActivityForm {
        let t = |o: &Option<PlainText>| o.as_ref().map(|t| t.as_str().to_string()).unwrap_or_default();
        ActivityForm {
            external_id: self.external_id.as_ref().map(|e| e.as_str().to_string()).unwrap_or_default(),
            name: self.name.as_str().to_string(),
            kana: self.kana.as_ref().map(|k| k.as_str().to_string()).unwrap_or_default(),
            description: t(&self.description),
            organisation: self.organisation.clone().unwrap_or_default(),
            categories: self.categories.join(","),
            targets: self.targets.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(","),
            cost_yen: self.cost_yen.to_string(),
            cost_note: t(&self.cost_note),
            capacity: self.capacity.map(|c| c.to_string()).unwrap_or_default(),
            beginners_welcome: self.beginners_welcome,
            drop_in: self.drop_in,
            barrier_free: self.barrier_free,
            accessible_toilet: self.accessible_toilet,
            parking: self.parking,
            access_note: t(&self.access_note),
            phone: self.phone.as_ref().map(|p| p.as_str().to_string()).unwrap_or_default(),
            email: self.email.as_ref().map(|p| p.as_str().to_string()).unwrap_or_default(),
            url: self.url.as_ref().map(|p| p.as_str().to_string()).unwrap_or_default(),
            photos: self.photos.iter().map(|p| p.as_str()).collect::<Vec<_>>().join("\n"),
            status: self.status.as_str().to_string(),
            last_verified: self.last_verified.map(|d| d.to_string()).unwrap_or_default(),
            location_name: self.location.name.as_str().to_string(),
            address: t(&self.location.address),
            district: self.location.district.clone().unwrap_or_default(),
            latitude: self.location.point.map(|p| p.lat().to_string()).unwrap_or_default(),
            longitude: self.location.point.map(|p| p.lon().to_string()).unwrap_or_default(),
            online: self.location.online,
            schedules: self.schedules.iter().map(|s| s.to_compact()).collect::<Vec<_>>().join("\n"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ActivityForm {
        ActivityForm {
            name: "ラジオ体操の会".into(),
            kana: "らじおたいそうのかい".into(),
            categories: "exercise".into(),
            location_name: "北山公民館".into(),
            district: "kitayama".into(),
            latitude: "35.34".into(),
            longitude: "134.84".into(),
            schedules: "weekly:MO,TH 10:00-11:30".into(),
            cost_yen: "0".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_form_parses_and_round_trips() {
        let input = form().parse().unwrap();
        assert_eq!(input.to_form().parse().unwrap(), input);
    }

    #[test]
    fn every_problem_is_reported_with_its_field() {
        let mut f = form();
        f.name = "".into();
        f.kana = "ラジオ体操".into();
        f.schedules = "weekly:MO 25:00-26:00".into();
        f.latitude = "135".into();
        f.email = "nope".into();
        f.cost_yen = "-5".into();
        let errors = f.parse().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        for expected in ["name", "kana", "schedules", "latitude", "email", "cost_yen"] {
            assert!(fields.contains(&expected), "{expected} in {fields:?}");
        }
    }

    #[test]
    fn full_width_numbers_and_yen_are_accepted() {
        let mut f = form();
        f.cost_yen = "３００円".into();
        f.capacity = "２０".into();
        let input = f.parse().unwrap();
        assert_eq!(input.cost_yen, 300);
        assert_eq!(input.capacity, Some(20));
    }
}
