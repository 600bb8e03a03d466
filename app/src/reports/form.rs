//! What a writer types, and the report it parses into. Drafts may be
//! unfinished (only lengths are checked); submitting needs a title and a body.
use crate::validation::{FieldError, PlainText, Problem};
use serde::{Deserialize, Serialize};

pub const TITLE_MAX: usize = 80;
pub const LEAD_MAX: usize = 300;
pub const BODY_MAX: usize = 20_000;
pub const TAGS_MAX: usize = 10;
pub const TAG_MAX: usize = 20;
pub const ACTIVITIES_MAX: usize = 10;

/// Raw form values (as typed; also what autosave keeps on the device).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportForm {
    pub title: String,
    pub lead: String,
    /// Markdown.
    pub body: String,
    /// Id of the uploaded cover image, or empty.
    pub cover_id: String,
    /// District slug, or empty.
    pub district: String,
    /// Tags separated by commas, 、 or spaces.
    pub tags: String,
    /// Ids of related activities, comma-separated.
    pub activity_ids: String,
}

/// A report's content that fits the rules.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportInput {
    pub title: String,
    pub lead: String,
    pub body: String,
    pub cover_id: Option<i64>,
    pub district: Option<String>,
    pub tags: Vec<String>,
    pub activity_ids: Vec<i64>,
}

/// Tags from free text: split on commas (also 、，) and white space, `#`
/// dropped, duplicates removed, order kept.
pub fn split_tags(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in s.split(|c: char| c == ',' || c == '、' || c == '，' || c.is_whitespace()) {
        let t = t.trim().trim_start_matches(['#', '＃']).to_string();
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// Ids from "3, 17 42".
fn split_ids(s: &str) -> Result<Vec<i64>, Problem> {
    let mut out = Vec::new();
    for part in s.split(|c: char| c == ',' || c.is_whitespace()).filter(|p| !p.is_empty()) {
        let id: i64 = part.parse().map_err(|_| Problem::Unknown(part.to_string()))?;
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(out)
}

/// Markdown text: any length up to `max`, no control characters but line
/// breaks and tabs.
pub fn markdown_text(s: &str, max: usize) -> Result<String, Problem> {
    let s = s.replace("\r\n", "\n");
    if s.chars().count() > max {
        return Err(Problem::TooLong { max });
    }
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(Problem::ControlCharacters);
    }
    Ok(s)
}

impl ReportForm {
    /// `finished`: the checks for submitting (title and body required).
    pub fn parse(&self, finished: bool) -> Result<ReportInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut take = |field: &str, p: Problem| errors.push(FieldError::new(field, p));
        let title = if finished {
            PlainText::parse(&self.title, TITLE_MAX, false).map(|t| t.into_string())
        } else {
            PlainText::parse_optional(&self.title, TITLE_MAX, false).map(|t| t.map(|t| t.into_string()).unwrap_or_default())
        };
        let title = title.map_err(|p| take("title", p)).unwrap_or_default();
        let lead = PlainText::parse_optional(&self.lead, LEAD_MAX, true)
            .map(|t| t.map(|t| t.into_string()).unwrap_or_default())
            .map_err(|p| take("lead", p))
            .unwrap_or_default();
        let body = match markdown_text(&self.body, BODY_MAX) {
            Ok(b) if finished && b.trim().is_empty() => {
                take("body", Problem::Required);
                b
            }
            Ok(b) => b,
            Err(p) => {
                take("body", p);
                String::new()
            }
        };
        let cover_id = match self.cover_id.trim() {
            "" => None,
            s => s.parse::<i64>().map_err(|_| take("cover_id", Problem::Unknown(s.into()))).ok(),
        };
        let district = Some(self.district.trim().to_string()).filter(|d| !d.is_empty());
        let tags = split_tags(&self.tags);
        if tags.len() > TAGS_MAX {
            take("tags", Problem::Number { min: 0, max: TAGS_MAX as i64 });
        } else if tags.iter().any(|t| t.chars().count() > TAG_MAX) {
            take("tags", Problem::TooLong { max: TAG_MAX });
        }
        let activity_ids = split_ids(&self.activity_ids).map_err(|p| take("activity_ids", p)).unwrap_or_default();
        if activity_ids.len() > ACTIVITIES_MAX {
            take("activity_ids", Problem::Number { min: 0, max: ACTIVITIES_MAX as i64 });
        }
        if errors.is_empty() {
            Ok(ReportInput { title, lead, body, cover_id, district, tags, activity_ids })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_split_the_japanese_way_too() {
        assert_eq!(split_tags("#子育て、 居場所,子育て　食堂"), vec!["子育て", "居場所", "食堂"]);
    }

    #[test]
    fn drafts_may_be_unfinished_submissions_may_not() {
        let f = ReportForm { lead: "まだ途中".into(), ..Default::default() };
        assert!(f.parse(false).is_ok());
        let fields: Vec<_> = f.parse(true).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["title", "body"]);
    }

    #[test]
    fn limits_and_bad_values_are_named() {
        let f = ReportForm {
            title: "x".repeat(81),
            body: "a\u{7}b".into(),
            activity_ids: "3, x".into(),
            tags: (0..11).map(|i| format!("t{i}")).collect::<Vec<_>>().join(","),
            ..Default::default()
        };
        let fields: Vec<_> = f.parse(false).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["title", "body", "tags", "activity_ids"]);
        let ok = ReportForm { title: "こども食堂".into(), body: "本文".into(), activity_ids: "3, 17 3".into(), ..Default::default() };
        assert_eq!(ok.parse(true).unwrap().activity_ids, vec![3, 17]);
    }
}
