//! What a result page needs from the server to show a result kept on the
//! device: the names of every questionnaire's sections and areas, the city's
//! suggestion rules and the category names. The page hands them to its
//! islands as props, so the results bundle holds no questionnaire loader and
//! calls no server function to draw a result (and the offline copy of the
//! page carries them too). Also the rules for the `back` address the
//! result page's plain forms send, so their answers return to the result.
use super::questionnaire::{Questionnaire, QuestionnaireKind, Text};
use super::suggest::SuggestionRules;
use serde::{Deserialize, Serialize};

/// Section and area names of the questionnaires on offer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ResultLabels {
    pub questionnaires: Vec<QuestionnaireLabels>,
}

/// One questionnaire's names.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct QuestionnaireLabels {
    pub id: String,
    /// A social-needs check (areas that may need support, not scores).
    pub social: bool,
    /// Section id → heading.
    pub sections: Vec<(String, Text)>,
    /// Area id → name.
    pub areas: Vec<(String, Text)>,
}

impl ResultLabels {
    pub fn of(questionnaires: &[Questionnaire]) -> Self {
        Self {
            questionnaires: questionnaires.iter().map(QuestionnaireLabels::of).collect(),
        }
    }

    pub fn get(&self, questionnaire_id: &str) -> Option<&QuestionnaireLabels> {
        self.questionnaires.iter().find(|q| q.id == questionnaire_id)
    }
}

impl QuestionnaireLabels {
    pub fn of(q: &Questionnaire) -> Self {
        Self {
            id: q.id.clone(),
            social: q.kind == QuestionnaireKind::SocialNeeds,
            sections: q.sections.iter().map(|s| (s.id.clone(), s.title.clone())).collect(),
            areas: q.areas.iter().map(|a| (a.id.clone(), a.name.clone())).collect(),
        }
    }
    pub fn section(&self, id: &str) -> Option<&Text> {
        self.sections.iter().find(|(s, _)| s == id).map(|(_, t)| t)
    }
    pub fn area(&self, id: &str) -> Option<&Text> {
        self.areas.iter().find(|(a, _)| a == id).map(|(_, t)| t)
    }
}

/// Everything a result page's islands are given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultPageFacts {
    pub labels: ResultLabels,
    pub rules: SuggestionRules,
    /// Category slug → name, for the reasons of suggestions.
    pub categories: Vec<(String, Text)>,
}

impl Default for ResultPageFacts {
    fn default() -> Self {
        Self { labels: ResultLabels::default(), rules: SuggestionRules::empty(), categories: Vec::new() }
    }
}

/// The result page a form on it returns to: `/health-check/results/<id>`
/// with a plain id (letters, digits, `-`, `_`), else `None` (never another
/// site, never another page).
pub fn result_path(back: &str) -> Option<&str> {
    let id = back.strip_prefix("/health-check/results/")?;
    let plain = !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    plain.then_some(back)
}

/// Where a result page's form answer goes: `back` with `query` and the
/// form's anchor, or the health-check start page if `back` is not a result.
pub fn back_to_result(back: Option<&str>, query: &str, anchor: &str) -> String {
    match back.and_then(result_path) {
        Some(path) => format!("{path}?{query}#{anchor}"),
        None => format!("/health-check?{query}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_goes_only_to_a_result_page() {
        assert_eq!(back_to_result(Some("/health-check/results/r-1_a"), "talk=sent", "talk"), "/health-check/results/r-1_a?talk=sent#talk");
        for hostile in ["//evil.example", "/health-check/results/", "/health-check/results/a/../../x", "/health-check/results/a?x=1", "https://evil.example/health-check/results/a", "/health-check/results/a\tb", "/account"] {
            assert_eq!(back_to_result(Some(hostile), "q=1", "x"), "/health-check?q=1", "{hostile:?}");
        }
        assert_eq!(back_to_result(None, "q=1", "x"), "/health-check?q=1");
    }

    #[test]
    fn labels_name_every_section_and_area_of_the_shipped_questionnaires() {
        let qs = super::super::questionnaire::builtin();
        let labels = ResultLabels::of(&qs);
        for q in &qs {
            let l = labels.get(&q.id).expect("labels");
            assert_eq!(l.social, q.kind == QuestionnaireKind::SocialNeeds);
            for s in &q.sections {
                assert_eq!(l.section(&s.id), Some(&s.title));
            }
            for a in &q.areas {
                assert_eq!(l.area(&a.id), Some(&a.name));
            }
        }
    }
}
