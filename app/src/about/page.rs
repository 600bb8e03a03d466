//! The editable pages: which ones exist, and what staff type into them.
use crate::validation::{FieldError, PlainText, Problem};
use serde::{Deserialize, Serialize};

pub const TITLE_MAX: usize = 60;
pub const LEAD_MAX: usize = 400;
pub const BODY_MAX: usize = 20_000;
pub const NOTE_MAX: usize = 200;

/// One of the pages staff can edit. Unknown slugs do not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PageSlug {
    About,
    SocialPrescribing,
    LinkWorker,
    CommunityNurse,
}

impl PageSlug {
    pub const ALL: [PageSlug; 4] = [PageSlug::About, PageSlug::SocialPrescribing, PageSlug::LinkWorker, PageSlug::CommunityNurse];

    pub fn parse(s: &str) -> Option<PageSlug> {
        PageSlug::ALL.into_iter().find(|p| p.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PageSlug::About => "about",
            PageSlug::SocialPrescribing => "social-prescribing",
            PageSlug::LinkWorker => "link-worker",
            PageSlug::CommunityNurse => "community-nurse",
        }
    }

    /// Where readers find it.
    pub fn path(self) -> &'static str {
        match self {
            PageSlug::About => "/about",
            PageSlug::SocialPrescribing => "/about/social-prescribing",
            PageSlug::LinkWorker => "/about/link-worker",
            PageSlug::CommunityNurse => "/about/community-nurse",
        }
    }
}

/// A page's text in both languages, as typed (Markdown bodies).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PageForm {
    pub title_ja: String,
    pub lead_ja: String,
    pub body_ja: String,
    pub title_en: String,
    pub lead_en: String,
    pub body_en: String,
    /// What changed, for the history (optional).
    pub note: String,
}

/// Text that fits the rules: both titles and both bodies present, lengths
/// within limits, no control characters.
#[derive(Debug, Clone, PartialEq)]
pub struct PageInput {
    pub title_ja: String,
    pub lead_ja: String,
    pub body_ja: String,
    pub title_en: String,
    pub lead_en: String,
    pub body_en: String,
    pub note: String,
}

impl PageInput {
    /// Same content (the note aside): saving it again makes no revision.
    pub fn same_text(&self, other: &PageInput) -> bool {
        (&self.title_ja, &self.lead_ja, &self.body_ja, &self.title_en, &self.lead_en, &self.body_en)
            == (&other.title_ja, &other.lead_ja, &other.body_ja, &other.title_en, &other.lead_en, &other.body_en)
    }
}

impl PageForm {
    pub fn parse(&self) -> Result<PageInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut title = |field: &str, s: &str| {
            PlainText::parse(s, TITLE_MAX, false).map(|t| t.into_string()).map_err(|p| errors.push(FieldError::new(field, p))).unwrap_or_default()
        };
        let title_ja = title("title_ja", &self.title_ja);
        let title_en = title("title_en", &self.title_en);
        let mut lead = |field: &str, s: &str| {
            PlainText::parse_optional(s, LEAD_MAX, true)
                .map(|t| t.map(|t| t.into_string()).unwrap_or_default())
                .map_err(|p| errors.push(FieldError::new(field, p)))
                .unwrap_or_default()
        };
        let lead_ja = lead("lead_ja", &self.lead_ja);
        let lead_en = lead("lead_en", &self.lead_en);
        let mut body = |field: &str, s: &str| match crate::reports::form::markdown_text(s, BODY_MAX) {
            Ok(b) if b.trim().is_empty() => {
                errors.push(FieldError::new(field, Problem::Required));
                String::new()
            }
            Ok(b) => b,
            Err(p) => {
                errors.push(FieldError::new(field, p));
                String::new()
            }
        };
        let body_ja = body("body_ja", &self.body_ja);
        let body_en = body("body_en", &self.body_en);
        let note = PlainText::parse_optional(&self.note, NOTE_MAX, false)
            .map(|t| t.map(|t| t.into_string()).unwrap_or_default())
            .map_err(|p| errors.push(FieldError::new("note", p)))
            .unwrap_or_default();
        if errors.is_empty() {
            Ok(PageInput { title_ja, lead_ja, body_ja, title_en, lead_en, body_en, note })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> PageForm {
        PageForm {
            title_ja: "このサイトについて".into(),
            body_ja: "## できること\n\n探せます。".into(),
            title_en: "About".into(),
            body_en: "## What you can do\n\nSearch.".into(),
            ..Default::default()
        }
    }

    #[test]
    fn slugs_round_trip_and_unknown_ones_do_not_parse() {
        for p in PageSlug::ALL {
            assert_eq!(PageSlug::parse(p.as_str()), Some(p));
        }
        assert_eq!(PageSlug::parse("admin"), None);
        assert_eq!(PageSlug::parse("../about"), None);
    }

    #[test]
    fn both_languages_need_a_title_and_a_body() {
        assert!(full().parse().is_ok());
        let f = PageForm { title_en: " ".into(), body_ja: "\n\n".into(), ..full() };
        let fields: Vec<_> = f.parse().unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["title_en", "body_ja"]);
    }

    #[test]
    fn limits_and_control_characters_are_named() {
        let f = PageForm { title_ja: "x".repeat(61), lead_en: "a\u{0}b".into(), body_en: "y".repeat(20_001), ..full() };
        let errs = f.parse().unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title_ja", "lead_en", "body_en"]);
        assert_eq!(errs[0].problem, Problem::TooLong { max: 60 });
        assert_eq!(errs[1].problem, Problem::ControlCharacters);
    }

    #[test]
    fn a_note_alone_is_not_a_change() {
        let a = full().parse().unwrap();
        let b = PageForm { note: "typo".into(), ..full() }.parse().unwrap();
        assert!(a.same_text(&b));
        let c = PageForm { body_en: "changed".into(), ..full() }.parse().unwrap();
        assert!(!a.same_text(&c));
    }
}
