//! Scoring a filled-in questionnaire.
//!
//! * Each section's score is the mean of its answered scale items, each first
//!   turned round if `reverse` (v → max + min − v) and put on 0–10, rounded
//!   half up to one decimal. It is computed with whole numbers (exact
//!   fractions), so 7.75 always shows as 7.8; it is `None` when no scale item
//!   in the section was answered.
//! * Each support area's concern is the highest option score among its
//!   answered choice questions; an area "may need support" when that is at
//!   least [`Questionnaire::needs_support_from`] (2 unless the file says
//!   otherwise).
//!
//! Answers that do not fit the questionnaire (unknown item, value outside the
//! scale, unknown option, number for a choice) are rejected with an
//! [`AnswerError`]; nothing here panics, even for a questionnaire that was
//! not checked by the loader.
pub use super::questionnaire::Tenths;
use super::questionnaire::{AnswerFormat, Item, Questionnaire, Section, Text};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The answers given so far: item id → answer. A missing item was skipped.
pub type Answers = BTreeMap<String, AnswerValue>;

/// One answer: a scale value (a JSON number) or an option id (a JSON string).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AnswerValue {
    /// A value on the item's scale.
    Scale(i32),
    /// The id of the chosen option.
    Choice(String),
}

/// The scored questionnaire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionnaireResult {
    /// Which questionnaire was answered.
    pub questionnaire_id: String,
    /// Its version.
    pub version: u32,
    /// One result per section, in questionnaire order.
    pub sections: Vec<SectionResult>,
    /// One result per support area, in questionnaire order (empty when the
    /// questionnaire has no areas).
    pub areas: Vec<AreaResult>,
    /// Ids of the areas that may need support, in questionnaire order.
    pub needs_support: Vec<String>,
    /// Items answered.
    pub answered: usize,
    /// Items in the questionnaire.
    pub total: usize,
}

/// The result of one section (for Positive Health: one dimension).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionResult {
    /// The section's id.
    pub section_id: String,
    /// 0.0–10.0, or `None` when no scale item in it was answered.
    pub score: Option<Tenths>,
    /// Items answered in this section.
    pub answered: usize,
    /// Items in this section.
    pub total: usize,
    /// The sentence of the band the score falls in, if the section has one.
    pub result_text: Option<Text>,
}

/// The result of one support area (social needs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaResult {
    /// The area's id.
    pub area_id: String,
    /// Highest option score among its answered questions; `None` if none
    /// was answered.
    pub concern: Option<i32>,
    /// Questions of this area answered.
    pub answered: usize,
    /// Questions pointing to this area.
    pub total: usize,
    /// Whether the concern reaches the questionnaire's threshold.
    pub needs_support: bool,
    /// The area's gentle "may need support" sentence, when it applies.
    pub support_text: Option<Text>,
}

/// An answer that does not fit the questionnaire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnswerError {
    /// No item has this id.
    UnknownItem {
        /// The id given.
        item_id: String,
    },
    /// A scale value outside the item's range.
    OutOfRange {
        /// The item.
        item_id: String,
        /// The value given.
        value: i32,
        /// Lowest allowed.
        min: i32,
        /// Highest allowed.
        max: i32,
    },
    /// An option id the item does not have.
    UnknownOption {
        /// The item.
        item_id: String,
        /// The option id given.
        option_id: String,
    },
    /// A number for a choice item, or an option id for a scale item.
    WrongAnswerType {
        /// The item.
        item_id: String,
        /// True when the item expects a number (scale).
        expected_scale: bool,
    },
}

impl AnswerError {
    /// The message in Japanese.
    pub fn message_ja(&self) -> String {
        match self {
            AnswerError::UnknownItem { item_id } => format!("「{item_id}」という設問はありません"),
            AnswerError::OutOfRange { item_id, value, min, max } => {
                format!("設問「{item_id}」の答え {value} は {min}〜{max} の範囲外です")
            }
            AnswerError::UnknownOption { item_id, option_id } => {
                format!("設問「{item_id}」に「{option_id}」という選択肢はありません")
            }
            AnswerError::WrongAnswerType { item_id, expected_scale: true } => {
                format!("設問「{item_id}」には数で答えてください")
            }
            AnswerError::WrongAnswerType { item_id, expected_scale: false } => {
                format!("設問「{item_id}」には選択肢で答えてください")
            }
        }
    }

    /// The message in English.
    pub fn message_en(&self) -> String {
        match self {
            AnswerError::UnknownItem { item_id } => format!("there is no item \"{item_id}\""),
            AnswerError::OutOfRange { item_id, value, min, max } => {
                format!("answer {value} to item \"{item_id}\" is outside {min}–{max}")
            }
            AnswerError::UnknownOption { item_id, option_id } => {
                format!("item \"{item_id}\" has no option \"{option_id}\"")
            }
            AnswerError::WrongAnswerType { item_id, expected_scale: true } => {
                format!("item \"{item_id}\" expects a number")
            }
            AnswerError::WrongAnswerType { item_id, expected_scale: false } => {
                format!("item \"{item_id}\" expects an option id")
            }
        }
    }
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_en())
    }
}

impl std::error::Error for AnswerError {}

/// How many items are answered, and how many there are. Answers to ids
/// that are not items are not counted.
pub fn progress(questionnaire: &Questionnaire, answers: &Answers) -> (usize, usize) {
    let answered = questionnaire.items().filter(|(_, item)| answers.contains_key(&item.id)).count();
    (answered, questionnaire.item_count())
}

/// Scores the answers.
///
/// # Errors
/// The first answer (in item-id order) that does not fit the questionnaire:
/// unknown item, value outside the scale, unknown option, or wrong type.
pub fn score(questionnaire: &Questionnaire, answers: &Answers) -> Result<QuestionnaireResult, AnswerError> {
    check_answers(questionnaire, answers)?;
    let sections: Vec<SectionResult> =
        questionnaire.sections.iter().map(|section| section_result(section, answers)).collect();
    let areas: Vec<AreaResult> =
        questionnaire.areas.iter().map(|area| area_result(questionnaire, &area.id, &area.support, answers)).collect();
    let needs_support = areas.iter().filter(|a| a.needs_support).map(|a| a.area_id.clone()).collect();
    let (answered, total) = progress(questionnaire, answers);
    Ok(QuestionnaireResult {
        questionnaire_id: questionnaire.id.clone(),
        version: questionnaire.version,
        sections,
        areas,
        needs_support,
        answered,
        total,
    })
}

/// Every answer must name an item and fit its answer format.
fn check_answers(questionnaire: &Questionnaire, answers: &Answers) -> Result<(), AnswerError> {
    for (item_id, value) in answers {
        let item = questionnaire.item(item_id).ok_or_else(|| AnswerError::UnknownItem { item_id: item_id.clone() })?;
        check_answer(item, value)?;
    }
    Ok(())
}

fn check_answer(item: &Item, value: &AnswerValue) -> Result<(), AnswerError> {
    let item_id = item.id.clone();
    match (&item.answer, value) {
        (AnswerFormat::Scale { min, max, .. }, AnswerValue::Scale(v)) => {
            if v < min || v > max {
                return Err(AnswerError::OutOfRange { item_id, value: *v, min: *min, max: *max });
            }
        }
        (AnswerFormat::Choice { options }, AnswerValue::Choice(option_id)) => {
            if !options.iter().any(|o| &o.id == option_id) {
                return Err(AnswerError::UnknownOption { item_id, option_id: option_id.clone() });
            }
        }
        (AnswerFormat::Scale { .. }, AnswerValue::Choice(_)) => {
            return Err(AnswerError::WrongAnswerType { item_id, expected_scale: true });
        }
        (AnswerFormat::Choice { .. }, AnswerValue::Scale(_)) => {
            return Err(AnswerError::WrongAnswerType { item_id, expected_scale: false });
        }
    }
    Ok(())
}

fn section_result(section: &Section, answers: &Answers) -> SectionResult {
    let parts: Vec<Fraction> = section.items.iter().filter_map(|item| scale_fraction(item, answers)).collect();
    let score = mean_tenths(&parts);
    let result_text =
        score.and_then(|s| section.result_texts.iter().find(|band| band.contains(s)).map(|b| b.text.clone()));
    SectionResult {
        section_id: section.id.clone(),
        score,
        answered: section.items.iter().filter(|item| answers.contains_key(&item.id)).count(),
        total: section.items.len(),
        result_text,
    }
}

/// A part of the 0–1 range: `numerator / denominator`, numerator ≤ denominator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fraction {
    numerator: u64,
    denominator: u64,
}

/// Where an answered scale item's value sits in its range, reverse applied.
/// `None` if unanswered, not a scale item, or the range is unusable.
fn scale_fraction(item: &Item, answers: &Answers) -> Option<Fraction> {
    let AnswerFormat::Scale { min, max, .. } = item.answer else { return None };
    let AnswerValue::Scale(value) = answers.get(&item.id)? else { return None };
    let (min, max, value) = (i64::from(min), i64::from(max), i64::from(*value));
    if max <= min || value < min || value > max {
        return None;
    }
    let value = if item.reverse { max + min - value } else { value };
    Some(Fraction { numerator: u64::try_from(value - min).ok()?, denominator: u64::try_from(max - min).ok()? })
}

/// The mean of the fractions on 0–10, rounded half up to tenths.
fn mean_tenths(parts: &[Fraction]) -> Option<Tenths> {
    if parts.is_empty() {
        return None;
    }
    let tenths = exact_mean_tenths(parts).unwrap_or_else(|| float_mean_tenths(parts));
    Tenths::from_tenths(tenths.min(100))
}

/// Exact: with D the common denominator, mean = N / (D·k), tenths =
/// round(100·N / (D·k)) = ⌊(200·N + D·k) / (2·D·k)⌋. `None` on overflow
/// (only for a section mixing very many different scale ranges).
fn exact_mean_tenths(parts: &[Fraction]) -> Option<u8> {
    let common = parts.iter().try_fold(1u128, |acc, p| lcm(acc, u128::from(p.denominator)))?;
    let sum = parts.iter().try_fold(0u128, |acc, p| {
        let scaled = u128::from(p.numerator).checked_mul(common / u128::from(p.denominator))?;
        acc.checked_add(scaled)
    })?;
    let count = u128::try_from(parts.len()).ok()?;
    let whole = common.checked_mul(count)?;
    let rounded = sum.checked_mul(200)?.checked_add(whole)? / whole.checked_mul(2)?;
    u8::try_from(rounded).ok()
}

/// Fallback with floats; the small nudge keeps exact halves rounding up.
fn float_mean_tenths(parts: &[Fraction]) -> u8 {
    let sum: f64 = parts.iter().map(|p| p.numerator as f64 / p.denominator as f64).sum();
    let tenths = (sum / parts.len() as f64 * 100.0 + 0.5 + 1e-9).floor();
    tenths.clamp(0.0, 100.0) as u8
}

fn gcd(a: u128, b: u128) -> u128 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

fn lcm(a: u128, b: u128) -> Option<u128> {
    if a == 0 || b == 0 {
        return None;
    }
    (a / gcd(a, b)).checked_mul(b)
}

fn area_result(questionnaire: &Questionnaire, area_id: &str, support: &Text, answers: &Answers) -> AreaResult {
    let questions: Vec<&Item> =
        questionnaire.items().map(|(_, item)| item).filter(|item| item.area.as_deref() == Some(area_id)).collect();
    let concern = questions.iter().filter_map(|item| chosen_score(item, answers)).max();
    let needs_support = concern.is_some_and(|c| c >= questionnaire.needs_support_from);
    AreaResult {
        area_id: area_id.to_string(),
        concern,
        answered: questions.iter().filter(|item| answers.contains_key(&item.id)).count(),
        total: questions.len(),
        needs_support,
        support_text: needs_support.then(|| support.clone()),
    }
}

/// The score of the chosen option of a choice item, if answered.
fn chosen_score(item: &Item, answers: &Answers) -> Option<i32> {
    let AnswerFormat::Choice { options } = &item.answer else { return None };
    let AnswerValue::Choice(option_id) = answers.get(&item.id)? else { return None };
    options.iter().find(|o| &o.id == option_id).map(|o| o.score)
}

#[cfg(test)]
mod tests {
    use super::super::questionnaire::builtin;
    use super::*;
    use serde_json::json;

    fn scale(min: i32, max: i32) -> serde_json::Value {
        json!({"type": "scale", "min": min, "max": max,
               "min_label": {"ja": "低", "en": "low"}, "max_label": {"ja": "高", "en": "high"}})
    }

    fn item(id: &str, answer: serde_json::Value, reverse: bool) -> serde_json::Value {
        json!({"id": id, "text": {"ja": "問", "en": "Q"}, "answer": answer, "reverse": reverse})
    }

    fn bands() -> serde_json::Value {
        json!([
            {"from": 0, "to": 3.9, "text": {"ja": "低め", "en": "low"}},
            {"from": 4, "to": 6.9, "text": {"ja": "中くらい", "en": "middle"}},
            {"from": 7, "to": 10, "text": {"ja": "高め", "en": "high"}}
        ])
    }

    /// Section `a`: a1, a2 (0–10), a3 (0–10, reverse); section `b`: b1 (1–5);
    /// section `c`: c1 (0–10), never answered in most tests.
    fn questionnaire() -> Questionnaire {
        let doc = json!({
            "id": "t", "version": 3, "kind": "scale_sections",
            "title": {"ja": "題", "en": "T"}, "intro": {"ja": "序", "en": "I"},
            "sections": [
                {"id": "a", "title": {"ja": "A", "en": "A"}, "result_texts": bands(),
                 "items": [item("a1", scale(0, 10), false), item("a2", scale(0, 10), false), item("a3", scale(0, 10), true)]},
                {"id": "b", "title": {"ja": "B", "en": "B"}, "items": [item("b1", scale(1, 5), false)]},
                {"id": "c", "title": {"ja": "C", "en": "C"}, "result_texts": bands(), "items": [item("c1", scale(0, 10), false)]}
            ]
        });
        Questionnaire::from_json(&doc.to_string()).expect("test questionnaire is valid")
    }

    fn answers(pairs: &[(&str, AnswerValue)]) -> Answers {
        pairs.iter().map(|(id, v)| (id.to_string(), v.clone())).collect()
    }

    fn n(v: i32) -> AnswerValue {
        AnswerValue::Scale(v)
    }

    fn pick(id: &str) -> AnswerValue {
        AnswerValue::Choice(id.to_string())
    }

    fn section_score(result: &QuestionnaireResult, id: &str) -> Option<u8> {
        result.sections.iter().find(|s| s.section_id == id).and_then(|s| s.score).map(Tenths::tenths)
    }

    #[test]
    fn mean_with_reverse_item() {
        // a1 = 8, a2 = 6, a3 = 3 reversed → 7: mean 7.0.
        let r = score(&questionnaire(), &answers(&[("a1", n(8)), ("a2", n(6)), ("a3", n(3))])).expect("valid");
        assert_eq!(section_score(&r, "a"), Some(70));
        let a = &r.sections[0];
        assert_eq!((a.answered, a.total), (3, 3));
        assert_eq!(a.result_text.as_ref().map(|t| t.en.as_str()), Some("high"));
    }

    #[test]
    fn skipped_items_do_not_count() {
        // Only a1 = 5 and a3 = 10 (reversed → 0): mean 2.5.
        let r = score(&questionnaire(), &answers(&[("a1", n(5)), ("a3", n(10))])).expect("valid");
        assert_eq!(section_score(&r, "a"), Some(25));
        assert_eq!((r.sections[0].answered, r.sections[0].total), (2, 3));
        assert_eq!(r.sections[0].result_text.as_ref().map(|t| t.ja.as_str()), Some("低め"));
        assert_eq!((r.answered, r.total), (2, 5));
    }

    #[test]
    fn unanswered_section_has_no_score() {
        let r = score(&questionnaire(), &answers(&[("a1", n(5))])).expect("valid");
        let c = &r.sections[2];
        assert_eq!((c.score, c.answered, c.total, c.result_text.clone()), (None, 0, 1, None));
        let r = score(&questionnaire(), &Answers::new()).expect("empty answers are fine");
        assert!(r.sections.iter().all(|s| s.score.is_none()));
        assert_eq!((r.answered, r.total), (0, 5));
    }

    #[test]
    fn other_ranges_are_put_on_0_to_10() {
        // b1 on 1–5: 1 → 0.0, 3 → 5.0, 4 → 7.5, 5 → 10.0.
        for (value, tenths) in [(1, 0), (3, 50), (4, 75), (5, 100)] {
            let r = score(&questionnaire(), &answers(&[("b1", n(value))])).expect("valid");
            assert_eq!(section_score(&r, "b"), Some(tenths), "b1 = {value}");
        }
        // Section b has no result texts.
        let r = score(&questionnaire(), &answers(&[("b1", n(3))])).expect("valid");
        assert_eq!(r.sections[1].result_text, None);
    }

    #[test]
    fn rounding_is_exact_half_up() {
        // (7 + 8 + 8) / 3 = 7.666… → 7.7
        let r = score(&questionnaire(), &answers(&[("a1", n(7)), ("a2", n(8)), ("a3", n(2))])).expect("valid");
        assert_eq!(section_score(&r, "a"), Some(77));
        // (0 + 0 + 1) / 3 = 0.333… → 0.3
        let r = score(&questionnaire(), &answers(&[("a1", n(0)), ("a2", n(0)), ("a3", n(9))])).expect("valid");
        assert_eq!(section_score(&r, "a"), Some(3));
        // Exact halves round up: parts 7/10, 8/10, 8/10, 8/10 → 7.75 → 7.8.
        let parts: Vec<Fraction> = [7, 8, 8, 8].iter().map(|&v| Fraction { numerator: v, denominator: 10 }).collect();
        assert_eq!(mean_tenths(&parts).map(Tenths::tenths), Some(78));
        // 0.05 → 0.1: parts 1/10 and 0/10 and … (1/20 on average).
        let parts = [Fraction { numerator: 1, denominator: 10 }, Fraction { numerator: 0, denominator: 10 }];
        assert_eq!(mean_tenths(&parts).map(Tenths::tenths), Some(5));
        let parts = [Fraction { numerator: 1, denominator: 20 }];
        assert_eq!(mean_tenths(&parts).map(Tenths::tenths), Some(5));
        let parts = [Fraction { numerator: 1, denominator: 200 }];
        assert_eq!(mean_tenths(&parts).map(Tenths::tenths), Some(1));
    }

    #[test]
    fn mixed_ranges_and_the_float_fallback_agree() {
        let parts = [
            Fraction { numerator: 3, denominator: 4 },
            Fraction { numerator: 7, denominator: 10 },
            Fraction { numerator: 2, denominator: 3 },
        ];
        // (0.75 + 0.7 + 0.6667) / 3 = 0.7056 → 7.1
        assert_eq!(exact_mean_tenths(&parts), Some(71));
        assert_eq!(float_mean_tenths(&parts), 71);
        let halves = [
            Fraction { numerator: 7, denominator: 10 },
            Fraction { numerator: 8, denominator: 10 },
            Fraction { numerator: 8, denominator: 10 },
            Fraction { numerator: 8, denominator: 10 },
        ];
        assert_eq!(float_mean_tenths(&halves), 78);
        // Many different prime ranges overflow the exact path; the fallback answers.
        let ranges =
            [97u64, 89, 83, 79, 73, 71, 67, 61, 59, 53, 47, 43, 41, 37, 31, 29, 23, 19, 17, 13, 11, 64, 81, 25, 49];
        let parts: Vec<Fraction> = ranges.iter().map(|&d| Fraction { numerator: d / 2, denominator: d }).collect();
        assert_eq!(exact_mean_tenths(&parts), None);
        let tenths = mean_tenths(&parts).map(Tenths::tenths).expect("a score");
        assert!((45..=50).contains(&tenths), "{tenths}");
    }

    #[test]
    fn rejects_answers_that_do_not_fit() {
        let q = questionnaire();
        let cases = [
            (answers(&[("zz", n(1))]), AnswerError::UnknownItem { item_id: "zz".into() }),
            (answers(&[("a1", n(11))]), AnswerError::OutOfRange { item_id: "a1".into(), value: 11, min: 0, max: 10 }),
            (answers(&[("b1", n(0))]), AnswerError::OutOfRange { item_id: "b1".into(), value: 0, min: 1, max: 5 }),
            (
                answers(&[("a1", pick("yes"))]),
                AnswerError::WrongAnswerType { item_id: "a1".into(), expected_scale: true },
            ),
        ];
        for (given, expected) in cases {
            assert_eq!(score(&q, &given), Err(expected));
        }
        let e = AnswerError::OutOfRange { item_id: "a1".into(), value: 11, min: 0, max: 10 };
        assert_eq!(e.message_ja(), "設問「a1」の答え 11 は 0〜10 の範囲外です");
        assert_eq!(e.to_string(), "answer 11 to item \"a1\" is outside 0–10");
    }

    #[test]
    fn progress_counts_known_items() {
        let q = questionnaire();
        assert_eq!(progress(&q, &Answers::new()), (0, 5));
        assert_eq!(progress(&q, &answers(&[("a1", n(3)), ("c1", n(4)), ("zz", n(1))])), (2, 5));
    }

    #[test]
    fn answers_round_trip_as_plain_json() {
        let given = answers(&[("a1", n(7)), ("q1", pick("could"))]);
        let text = serde_json::to_string(&given).expect("serialises");
        assert_eq!(text, r#"{"a1":7,"q1":"could"}"#);
        assert_eq!(serde_json::from_str::<Answers>(&text).expect("parses"), given);
    }

    fn social_needs() -> Questionnaire {
        builtin().into_iter().find(|q| q.id == "social-needs").expect("builtin social needs")
    }

    /// The option ids of a builtin social-needs question, by score.
    fn option_with_score(q: &Questionnaire, item_id: &str, wanted: i32) -> AnswerValue {
        let item = q.item(item_id).expect("item exists");
        let AnswerFormat::Choice { options } = &item.answer else { panic!("choice") };
        let option = options.iter().find(|o| o.score == wanted).expect("score exists");
        AnswerValue::Choice(option.id.clone())
    }

    #[test]
    fn social_needs_areas_and_support() {
        let q = social_needs();
        // Q1 money 1, Q3 money 3 → money concern 3; Q2 family 2; Q4 friends 0;
        // Q5 health skipped; Q6 life 1.
        let given: Answers = [("q1", 1), ("q3", 3), ("q2", 2), ("q4", 0), ("q6", 1)]
            .iter()
            .map(|(id, s)| (id.to_string(), option_with_score(&q, id, *s)))
            .collect();
        let r = score(&q, &given).expect("valid");
        let concerns: Vec<(&str, Option<i32>, bool)> =
            r.areas.iter().map(|a| (a.area_id.as_str(), a.concern, a.needs_support)).collect();
        assert_eq!(
            concerns,
            [
                ("money", Some(3), true),
                ("family_contact", Some(2), true),
                ("friends_contact", Some(0), false),
                ("health", None, false),
                ("life_satisfaction", Some(1), false),
            ]
        );
        assert_eq!(r.needs_support, ["money", "family_contact"]);
        let money = &r.areas[0];
        assert_eq!((money.answered, money.total), (2, 2));
        assert!(money.support_text.is_some());
        assert!(r.areas[2].support_text.is_none());
        assert!(r.sections.iter().all(|s| s.score.is_none()));
        assert_eq!((r.answered, r.total), (5, 6));
    }

    #[test]
    fn social_needs_rejects_unknown_options_and_numbers() {
        let q = social_needs();
        assert_eq!(
            score(&q, &answers(&[("q1", pick("maybe"))])),
            Err(AnswerError::UnknownOption { item_id: "q1".into(), option_id: "maybe".into() })
        );
        assert_eq!(
            score(&q, &answers(&[("q1", n(2))])),
            Err(AnswerError::WrongAnswerType { item_id: "q1".into(), expected_scale: false })
        );
    }

    #[test]
    fn positive_health_builtin_scores_every_dimension() {
        for q in builtin().into_iter().filter(|q| q.id.starts_with("positive-health")) {
            let given: Answers = q.items().map(|(_, item)| (item.id.clone(), n(5))).collect();
            let r = score(&q, &given).expect("valid");
            assert_eq!(r.sections.len(), 6);
            for s in &r.sections {
                assert_eq!(s.score.map(Tenths::tenths), Some(50), "{}", s.section_id);
                assert!(s.result_text.is_some(), "{}", s.section_id);
            }
            assert!(r.areas.is_empty() && r.needs_support.is_empty());
        }
    }

    #[test]
    fn unchecked_questionnaire_never_panics() {
        // Built by hand (not through the loader) with an empty range.
        let mut q = questionnaire();
        if let AnswerFormat::Scale { min, max, .. } = &mut q.sections[0].items[0].answer {
            *min = 5;
            *max = 5;
        }
        let r = score(&q, &answers(&[("a1", n(5))])).expect("value is within 5–5");
        assert_eq!(r.sections[0].score, None);
    }
}
