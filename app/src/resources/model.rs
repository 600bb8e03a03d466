//! Other community resources (地域資源) beside activities: what they are,
//! and the staff form parsed into values that cannot be invalid.
use crate::activities::model::{parse_point, string_enum, Family, LocationInput};
use crate::validation::{FieldError, Phone, PlainText, Problem, WebUrl};
use serde::{Deserialize, Serialize};

string_enum!(
    /// What kind of place a resource is (the marker's icon and label).
    ResourceKind {
        Shop = "shop", Cafe = "cafe", Clinic = "clinic", Pharmacy = "pharmacy", Temple = "temple",
        Park = "park", PublicOffice = "public_office", Consultation = "consultation", Farm = "farm",
        Workspace = "workspace", Other = "other",
    }
);

impl ResourceKind {
    /// Which of the three families of "exits" (DOMAIN.md) it belongs to.
    pub fn family(self) -> Family {
        match self {
            ResourceKind::Shop | ResourceKind::Other => Family::People,
            ResourceKind::Clinic | ResourceKind::Pharmacy | ResourceKind::PublicOffice | ResourceKind::Consultation => Family::Life,
            ResourceKind::Cafe | ResourceKind::Temple | ResourceKind::Park | ResourceKind::Farm | ResourceKind::Workspace => Family::Vitality,
        }
    }

    /// A one-character pictogram for the marker (always shown beside the name).
    pub fn glyph(self) -> &'static str {
        match self {
            ResourceKind::Shop => "🛒",
            ResourceKind::Cafe => "☕",
            ResourceKind::Clinic => "🏥",
            ResourceKind::Pharmacy => "💊",
            ResourceKind::Temple => "⛩",
            ResourceKind::Park => "🌳",
            ResourceKind::PublicOffice => "🏛",
            ResourceKind::Consultation => "💬",
            ResourceKind::Farm => "🌾",
            ResourceKind::Workspace => "💻",
            ResourceKind::Other => "📍",
        }
    }
}

string_enum!(
    /// Drafts (e.g. from a resident's suggestion) are seen by staff only.
    ResourceStatus { Draft = "draft", Published = "published", Closed = "closed" }
);

/// Raw values of the staff form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourceForm {
    pub name: String,
    pub kind: String,
    pub description: String,
    pub opening_hours: String,
    pub address: String,
    pub district: String,
    pub latitude: String,
    pub longitude: String,
    pub phone: String,
    pub url: String,
    pub status: String,
}

/// A valid resource, ready to store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceInput {
    pub name: PlainText,
    pub kind: ResourceKind,
    pub description: Option<PlainText>,
    pub opening_hours: Option<PlainText>,
    pub location: LocationInput,
    pub phone: Option<Phone>,
    pub url: Option<WebUrl>,
    pub status: ResourceStatus,
}

fn non_blank(s: &str) -> Option<&str> {
    (!s.trim().is_empty()).then_some(s)
}

impl ResourceForm {
    /// Every problem at once, each naming its field.
    pub fn parse(&self) -> Result<ResourceInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut keep = |field: &str, r: Result<(), Problem>| {
            if let Err(p) = r {
                errors.push(FieldError::new(field, p));
            }
        };
        let name = PlainText::parse(&self.name, 100, false);
        keep("name", name.as_ref().map(|_| ()).map_err(Clone::clone));
        let kind = ResourceKind::parse(&self.kind).ok_or(if self.kind.trim().is_empty() { Problem::ChooseOne } else { Problem::Unknown(self.kind.trim().to_string()) });
        keep("kind", kind.as_ref().map(|_| ()).map_err(Clone::clone));
        let description = PlainText::parse_optional(&self.description, 2000, true);
        keep("description", description.as_ref().map(|_| ()).map_err(Clone::clone));
        let hours = PlainText::parse_optional(&self.opening_hours, 300, true);
        keep("opening_hours", hours.as_ref().map(|_| ()).map_err(Clone::clone));
        let address = PlainText::parse_optional(&self.address, 200, false);
        keep("address", address.as_ref().map(|_| ()).map_err(Clone::clone));
        let phone = non_blank(&self.phone).map(Phone::parse).transpose();
        keep("phone", phone.as_ref().map(|_| ()).map_err(Clone::clone));
        let url = non_blank(&self.url).map(WebUrl::parse).transpose();
        keep("url", url.as_ref().map(|_| ()).map_err(Clone::clone));
        let status = if self.status.trim().is_empty() { Some(ResourceStatus::Published) } else { ResourceStatus::parse(&self.status) };
        keep("status", status.map(|_| ()).ok_or(Problem::Unknown(self.status.trim().to_string())));
        let point = parse_point(&self.latitude, &self.longitude);
        if let Err(e) = &point {
            errors.push(e.clone());
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        match (name, kind, description, hours, address, phone, url, status, point) {
            (Ok(name), Ok(kind), Ok(description), Ok(opening_hours), Ok(address), Ok(phone), Ok(url), Some(status), Ok(point)) => {
                let district = self.district.trim();
                Ok(ResourceInput {
                    location: LocationInput {
                        name: name.clone(),
                        address,
                        district: (!district.is_empty()).then(|| district.to_string()),
                        point,
                        online: false,
                    },
                    name,
                    kind,
                    description,
                    opening_hours,
                    phone,
                    url,
                    status,
                })
            }
            _ => Err(vec![FieldError::new("form", Problem::Required)]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ResourceForm {
        ResourceForm {
            name: "喫茶みどり".into(),
            kind: "cafe".into(),
            address: "みどり野市中央1-2-3".into(),
            district: "chuo".into(),
            latitude: "35.3".into(),
            longitude: "134.85".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_form_parses() {
        let r = form().parse().unwrap();
        assert_eq!(r.kind, ResourceKind::Cafe);
        assert_eq!(r.kind.family(), Family::Vitality);
        assert_eq!(r.status, ResourceStatus::Published);
        assert_eq!(r.location.district.as_deref(), Some("chuo"));
    }

    #[test]
    fn every_problem_names_its_field() {
        let f = ResourceForm { name: "".into(), kind: "castle".into(), latitude: "95".into(), url: "ftp://x".into(), status: "gone".into(), ..form() };
        let fields: Vec<String> = f.parse().unwrap_err().into_iter().map(|e| e.field).collect();
        for want in ["name", "kind", "url", "status", "latitude"] {
            assert!(fields.iter().any(|f| f == want), "{want} missing in {fields:?}");
        }
    }

    #[test]
    fn every_kind_has_a_family_and_a_glyph() {
        for k in ResourceKind::ALL {
            assert!(!k.glyph().is_empty());
            let _ = k.family();
            assert_eq!(ResourceKind::parse(k.as_str()), Some(*k));
        }
    }
}
