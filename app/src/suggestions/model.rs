//! A resident's suggestion (おすすめ, a "seed"): raw form values, and the
//! parsed suggestion that cannot be invalid.
use crate::activities::model::parse_point;
use crate::resources::model::ResourceKind;
use crate::validation::{FieldError, GeoPoint, PlainText, Problem};
use serde::{Deserialize, Serialize};

crate::activities::model::string_enum!(
    /// A place (becomes a resource) or something people do (an activity).
    Target { Place = "place", Activity = "activity" }
);

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SuggestionForm {
    pub target: String,
    pub name: String,
    /// What is good about it.
    pub good: String,
    /// What kind of place (optional).
    pub kind: String,
    pub address: String,
    pub latitude: String,
    pub longitude: String,
    /// An uploaded photo (`/api/suggestions/photo`), if any.
    pub photo_id: String,
    /// Optional: how the office may ask about it.
    pub contact: String,
    /// Honeypot: hidden from people; a bot that fills it is ignored.
    pub website: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuggestionInput {
    pub target: Target,
    pub name: PlainText,
    pub good: PlainText,
    pub kind: Option<ResourceKind>,
    pub address: Option<PlainText>,
    pub point: Option<GeoPoint>,
    pub photo_id: Option<i64>,
    pub contact: Option<PlainText>,
}

impl SuggestionForm {
    /// Whether a person could have sent this (the hidden field is empty).
    pub fn looks_human(&self) -> bool {
        self.website.trim().is_empty()
    }

    pub fn parse(&self) -> Result<SuggestionInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut keep = |field: &str, r: Result<(), Problem>| {
            if let Err(p) = r {
                errors.push(FieldError::new(field, p));
            }
        };
        let target = if self.target.trim().is_empty() { Some(Target::Place) } else { Target::parse(&self.target) };
        keep("target", target.map(|_| ()).ok_or(Problem::ChooseOne));
        let name = PlainText::parse(&self.name, 100, false);
        keep("name", name.as_ref().map(|_| ()).map_err(Clone::clone));
        let good = PlainText::parse(&self.good, 1000, true);
        keep("good", good.as_ref().map(|_| ()).map_err(Clone::clone));
        let kind = match self.kind.trim() {
            "" => Ok(None),
            k => ResourceKind::parse(k).map(Some).ok_or(Problem::Unknown(k.to_string())),
        };
        keep("kind", kind.as_ref().map(|_| ()).map_err(Clone::clone));
        let address = PlainText::parse_optional(&self.address, 200, false);
        keep("address", address.as_ref().map(|_| ()).map_err(Clone::clone));
        let contact = PlainText::parse_optional(&self.contact, 200, false);
        keep("contact", contact.as_ref().map(|_| ()).map_err(Clone::clone));
        let photo_id = match self.photo_id.trim() {
            "" => Ok(None),
            p => p.parse::<i64>().map(Some).map_err(|_| Problem::Unknown(p.to_string())),
        };
        keep("photo_id", photo_id.as_ref().map(|_| ()).map_err(Clone::clone));
        let point = parse_point(&self.latitude, &self.longitude);
        if let Err(e) = &point {
            errors.push(e.clone());
        }
        // where it is: a typed address or a point on the map
        let has_place = matches!(&address, Ok(Some(_))) || matches!(&point, Ok(Some(_)));
        if !has_place && errors.iter().all(|e| e.field != "address") {
            errors.push(FieldError::new("address", Problem::Required));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        match (target, name, good, kind, address, point, photo_id, contact) {
            (Some(target), Ok(name), Ok(good), Ok(kind), Ok(address), Ok(point), Ok(photo_id), Ok(contact)) => {
                Ok(SuggestionInput { target, name, good, kind, address, point, photo_id, contact })
            }
            _ => Err(vec![FieldError::new("form", Problem::Required)]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> SuggestionForm {
        SuggestionForm { name: "川沿いのベンチ".into(), good: "毎朝だれかがいて、あいさつできる".into(), address: "川西橋のたもと".into(), ..Default::default() }
    }

    #[test]
    fn a_place_with_an_address_or_a_point_is_enough() {
        let s = form().parse().unwrap();
        assert_eq!(s.target, Target::Place);
        assert!(s.point.is_none() && s.contact.is_none());
        let s = SuggestionForm { address: "".into(), latitude: "35.3".into(), longitude: "134.8".into(), ..form() }.parse().unwrap();
        assert!(s.point.is_some());
    }

    #[test]
    fn problems_name_their_fields() {
        let f = SuggestionForm { name: " ".into(), good: "".into(), address: "".into(), kind: "castle".into(), latitude: "123".into(), longitude: "1".into(), ..form() };
        let fields: Vec<String> = f.parse().unwrap_err().into_iter().map(|e| e.field).collect();
        for want in ["name", "good", "kind", "latitude"] {
            assert!(fields.contains(&want.to_string()), "{want} in {fields:?}");
        }
        let f = SuggestionForm { address: "".into(), ..form() };
        assert_eq!(f.parse().unwrap_err()[0].field, "address");
    }

    #[test]
    fn the_honeypot_marks_bots() {
        assert!(form().looks_human());
        assert!(!SuggestionForm { website: "http://spam".into(), ..form() }.looks_human());
    }
}
