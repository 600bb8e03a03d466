//! The "AI link worker" (AIリンクワーカー): explainable, deterministic
//! suggestions of activities from a Positive Health result and the words a
//! person typed about their interests. No external service, no learning:
//! a rules table the city can edit (`questionnaires/suggestions.json`).
//!
//! How a suggestion is chosen (the same inputs always give the same list):
//! 1. A dimension is *low* when its score is at or below
//!    [`SuggestionRules::low_threshold`]. Unanswered dimensions are never low.
//!    Low dimensions are taken lowest score first (ties: table order).
//! 2. Each low dimension is a *lane* offering its categories; the person's
//!    interests form one more lane (taking the second turn of each round,
//!    after the lowest dimension). Lanes take turns, one suggestion per turn,
//!    until `limit` is reached or no lane has anything left.
//! 3. Within a turn the lane takes the activity whose category has been
//!    suggested least so far (diversity: not five salons), then with the
//!    highest score ([`dimension_points`] + [`INTEREST_POINTS`] when it also
//!    matches an interest), then the category listed first, then nearer
//!    (within 1 km, 3 km, 10 km, farther, unknown), beginners welcome,
//!    free, exact distance and finally the lower id.
//! 4. An activity is suggested at most once. Its reason is filled from the
//!    templates with the dimension, category and activity names.

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// The six Positive Health dimensions, in chart order.
pub const KNOWN_DIMENSIONS: [&str; 6] = [
    "body",
    "mind",
    "meaning",
    "quality",
    "participation",
    "daily",
];

/// Activity category slugs of the portal (seed/categories.json), by family:
/// people, life, vitality.
pub const KNOWN_CATEGORIES: [&str; 18] = [
    "neighbourhood",
    "shops",
    "intergenerational",
    "peer_support",
    "meals",
    "health",
    "care_prevention",
    "consultation",
    "money_legal",
    "parenting",
    "salon",
    "exercise",
    "hobbies",
    "learning",
    "work",
    "volunteering",
    "farming",
    "music",
];

/// The only rules format version understood.
pub const RULES_VERSION: u32 = 1;
/// Points an interest match adds (and the score of an interest-only match).
pub const INTEREST_POINTS: i32 = 50;
/// Interests beyond this many words are ignored.
const MAX_INTERESTS: usize = 20;
/// Interest words are cut to this many characters.
const MAX_INTEREST_CHARS: usize = 40;

/// Placeholders allowed in a dimension reason.
const DIMENSION_PLACEHOLDERS: [&str; 3] = ["dimension", "category", "name"];
/// Placeholders allowed in an interest reason.
const INTEREST_PLACEHOLDERS: [&str; 3] = ["interest", "category", "name"];

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReasonTemplate {
    /// Japanese template, e.g. 「{dimension}」の点数が低めでした。
    pub ja: String,
    /// English template.
    pub en: String,
}

/// Which categories to suggest when one dimension is low, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DimensionRule {
    /// One of [`KNOWN_DIMENSIONS`].
    pub id: String,
    /// Category slugs, most fitting first.
    pub categories: Vec<String>,
    /// Reason shown with the suggestion; may use `{dimension}`,
    /// `{category}` and `{name}`.
    pub reason: ReasonTemplate,
}

/// Words in a person's interests that point to categories.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterestRule {
    /// Japanese words match anywhere in what the person typed (「歌」 in
    /// 「歌うこと」); words in Latin letters match the start of a word
    /// ("sing" in "singing"). Case, full-width letters and katakana versus
    /// hiragana do not matter.
    pub keywords: Vec<String>,
    /// Category slugs these words point to.
    pub categories: Vec<String>,
}

/// The rules table, loaded from JSON and validated by [`Self::from_json`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuggestionRules {
    /// Format version; must be [`RULES_VERSION`].
    pub version: u32,
    /// Free note for the people who edit the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// A dimension scoring at or below this (0..=10) is low.
    pub low_threshold: f32,
    /// One rule for each of the six dimensions.
    pub dimensions: Vec<DimensionRule>,
    /// Interest keywords.
    pub interests: Vec<InterestRule>,
    /// Reason for an interest-only suggestion; may use `{interest}`,
    /// `{category}` and `{name}`.
    pub interest_reason: ReasonTemplate,
    /// Sentence added to a dimension reason when the activity also matches
    /// an interest; same placeholders as `interest_reason`.
    pub interest_also: ReasonTemplate,
}

/// One activity that could be suggested.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// Activity id.
    pub id: i64,
    /// Activity name, as shown.
    pub name: String,
    /// Category slugs of the activity.
    pub categories: Vec<String>,
    /// Distance from the person, when known.
    pub distance_m: Option<u32>,
    /// Marked 「初めての方歓迎」.
    pub beginners_welcome: bool,
    /// Cost per session in yen (0 = free).
    pub cost_yen: u32,
}

/// One suggestion, with the reason in both languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// Id of the suggested activity.
    pub candidate_id: i64,
    /// Its name.
    pub name: String,
    /// Why, in Japanese.
    pub reason_ja: String,
    /// Why, in English.
    pub reason_en: String,
    /// The low dimension this answers; `None` for an interest-only match.
    pub dimension: Option<String>,
    /// The category slug it was suggested for.
    pub category: String,
    /// The interest word it matched, if any (as the person typed it).
    pub interest: Option<String>,
    /// Points that ranked it: [`dimension_points`] of the dimension plus
    /// [`INTEREST_POINTS`] for an interest match.
    pub score: i32,
}

/// Why a rules table was refused. Every message exists in Japanese
/// ([`Self::message_ja`]) and English ([`Self::message_en`]); `location`
/// names the place in the file, e.g. `dimensions[4] (participation).categories[1]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RulesError {
    /// Not JSON, or a field is missing, misspelt or of the wrong type.
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    /// `version` is not [`RULES_VERSION`].
    UnsupportedVersion { found: u32 },
    /// `low_threshold` is not a number from 0 to 10.
    ThresholdOutOfRange { value: f32 },
    /// A dimension id that is not one of [`KNOWN_DIMENSIONS`].
    UnknownDimension { location: String, id: String },
    /// The same dimension twice.
    DuplicateDimension { location: String, id: String },
    /// One of the six dimensions has no rule.
    MissingDimension { id: String },
    /// A list that must not be empty is empty.
    EmptyList { location: String },
    /// A text that must not be empty is empty.
    EmptyText { location: String },
    /// Not a category slug (lower-case letters, digits, `_`).
    BadSlug { location: String, slug: String },
    /// The same category twice in one list.
    DuplicateCategory { location: String, slug: String },
    /// A category the portal does not have (see [`SuggestionRules::check_categories`]).
    UnknownCategory { location: String, slug: String },
    /// `{something}` that the template cannot fill.
    UnknownPlaceholder {
        location: String,
        placeholder: String,
        allowed: Vec<String>,
    },
    /// A `{` without `}` or the reverse.
    UnbalancedBrace { location: String },
}

impl RulesError {
    /// The message in Japanese, for the city staff who edit the file.
    pub fn message_ja(&self) -> String {
        match self {
            Self::Json { line, column, message } => {
                format!("提案ルールの JSON を読み込めません（{line} 行目 {column} 文字目）：{message}")
            }
            Self::UnsupportedVersion { found } => {
                format!("version は {RULES_VERSION} にしてください（いまは {found}）。")
            }
            Self::ThresholdOutOfRange { value } => {
                format!("low_threshold は 0 から 10 までの数にしてください（いまは {value}）。")
            }
            Self::UnknownDimension { location, id } => format!(
                "{location}：「{id}」という次元はありません。使えるのは {} です。",
                KNOWN_DIMENSIONS.join(", ")
            ),
            Self::DuplicateDimension { location, id } => {
                format!("{location}：次元「{id}」が 2 回書かれています。1 つにまとめてください。")
            }
            Self::MissingDimension { id } => format!("dimensions に次元「{id}」のルールがありません。"),
            Self::EmptyList { location } => format!("{location} が空です。1 つ以上書いてください。"),
            Self::EmptyText { location } => format!("{location} が空です。文を書いてください。"),
            Self::BadSlug { location, slug } => format!(
                "{location}：「{slug}」はカテゴリ名（スラッグ）として使えません。半角の英小文字・数字・_ で書いてください。"
            ),
            Self::DuplicateCategory { location, slug } => {
                format!("{location}：カテゴリ「{slug}」が同じ一覧に 2 回あります。")
            }
            Self::UnknownCategory { location, slug } => {
                format!("{location}：カテゴリ「{slug}」はポータルに登録されていません。")
            }
            Self::UnknownPlaceholder { location, placeholder, allowed } => format!(
                "{location}：{{{placeholder}}} は使えません。使えるのは {} です。",
                braced(allowed)
            ),
            Self::UnbalancedBrace { location } => {
                format!("{location}：{{ と }} の対応がとれていません。")
            }
        }
    }

    /// The message in English.
    pub fn message_en(&self) -> String {
        match self {
            Self::Json {
                line,
                column,
                message,
            } => {
                format!("Cannot read the suggestion rules JSON (line {line}, column {column}): {message}")
            }
            Self::UnsupportedVersion { found } => {
                format!("\"version\" must be {RULES_VERSION} (found {found}).")
            }
            Self::ThresholdOutOfRange { value } => {
                format!("\"low_threshold\" must be a number from 0 to 10 (found {value}).")
            }
            Self::UnknownDimension { location, id } => format!(
                "{location}: there is no dimension \"{id}\"; use one of {}.",
                KNOWN_DIMENSIONS.join(", ")
            ),
            Self::DuplicateDimension { location, id } => {
                format!(
                    "{location}: dimension \"{id}\" appears twice; keep one rule per dimension."
                )
            }
            Self::MissingDimension { id } => {
                format!("\"dimensions\" has no rule for dimension \"{id}\".")
            }
            Self::EmptyList { location } => format!("{location} is empty; list at least one."),
            Self::EmptyText { location } => format!("{location} is empty; write a sentence."),
            Self::BadSlug { location, slug } => format!(
                "{location}: \"{slug}\" is not a category slug (lower-case letters, digits and _)."
            ),
            Self::DuplicateCategory { location, slug } => {
                format!("{location}: category \"{slug}\" is listed twice.")
            }
            Self::UnknownCategory { location, slug } => {
                format!("{location}: the portal has no category \"{slug}\".")
            }
            Self::UnknownPlaceholder {
                location,
                placeholder,
                allowed,
            } => format!(
                "{location}: {{{placeholder}}} cannot be filled here; use {}.",
                braced(allowed)
            ),
            Self::UnbalancedBrace { location } => format!("{location}: a {{ or }} is not matched."),
        }
    }
}

/// `["a", "b"]` → `{a}, {b}`.
fn braced(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("{{{n}}}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for RulesError {
    /// Japanese first, then English.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} / {}", self.message_ja(), self.message_en())
    }
}

impl std::error::Error for RulesError {}

impl SuggestionRules {
    /// Parses and validates a rules table. The first problem found is
    /// returned with its place in the file.
    pub fn from_json(json: &str) -> Result<Self, RulesError> {
        let rules: Self = serde_json::from_str(json).map_err(|e| RulesError::Json {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        rules.validate()?;
        Ok(rules)
    }

    /// The table shipped with the portal. Falls back to an empty table
    /// (no suggestions) if the shipped file were ever broken; a test keeps
    /// it valid.
    pub fn builtin() -> Self {
        Self::from_json(include_str!("../../questionnaires/suggestions.json"))
            .unwrap_or_else(|_| Self::empty())
    }

    /// A table that suggests nothing.
    pub fn empty() -> Self {
        let blank = || ReasonTemplate {
            ja: String::new(),
            en: String::new(),
        };
        Self {
            version: RULES_VERSION,
            comment: None,
            low_threshold: 5.0,
            dimensions: Vec::new(),
            interests: Vec::new(),
            interest_reason: blank(),
            interest_also: blank(),
        }
    }

    /// Checks every category slug against the portal's categories (e.g. the
    /// slugs in the database, or [`KNOWN_CATEGORIES`]).
    pub fn check_categories(&self, known: &[&str]) -> Result<(), RulesError> {
        for (location, slug) in self.category_slugs() {
            if !known.contains(&slug.as_str()) {
                return Err(RulesError::UnknownCategory {
                    location,
                    slug: slug.clone(),
                });
            }
        }
        Ok(())
    }

    /// Every category slug with its location.
    fn category_slugs(&self) -> Vec<(String, &String)> {
        let dims = self.dimensions.iter().enumerate().flat_map(|(i, d)| {
            d.categories
                .iter()
                .enumerate()
                .map(move |(k, c)| (format!("{}.categories[{k}]", dim_location(i, &d.id)), c))
        });
        let interests = self.interests.iter().enumerate().flat_map(|(i, r)| {
            r.categories
                .iter()
                .enumerate()
                .map(move |(k, c)| (format!("interests[{i}].categories[{k}]"), c))
        });
        dims.chain(interests).collect()
    }

    /// All checks after parsing.
    fn validate(&self) -> Result<(), RulesError> {
        if self.version != RULES_VERSION {
            return Err(RulesError::UnsupportedVersion {
                found: self.version,
            });
        }
        if !self.low_threshold.is_finite() || !(0.0..=10.0).contains(&self.low_threshold) {
            return Err(RulesError::ThresholdOutOfRange {
                value: self.low_threshold,
            });
        }
        self.validate_dimensions()?;
        self.validate_interests()?;
        validate_reason(
            &self.interest_reason,
            "interest_reason",
            &INTEREST_PLACEHOLDERS,
        )?;
        validate_reason(&self.interest_also, "interest_also", &INTEREST_PLACEHOLDERS)
    }

    /// Six known, distinct dimensions with categories and reasons.
    fn validate_dimensions(&self) -> Result<(), RulesError> {
        let mut seen = HashSet::new();
        for (i, d) in self.dimensions.iter().enumerate() {
            let location = dim_location(i, &d.id);
            if !KNOWN_DIMENSIONS.contains(&d.id.as_str()) {
                return Err(RulesError::UnknownDimension {
                    location: format!("dimensions[{i}].id"),
                    id: d.id.clone(),
                });
            }
            if !seen.insert(d.id.as_str()) {
                return Err(RulesError::DuplicateDimension {
                    location: format!("dimensions[{i}].id"),
                    id: d.id.clone(),
                });
            }
            validate_categories(&d.categories, &format!("{location}.categories"))?;
            validate_reason(
                &d.reason,
                &format!("{location}.reason"),
                &DIMENSION_PLACEHOLDERS,
            )?;
        }
        match KNOWN_DIMENSIONS.iter().find(|id| !seen.contains(**id)) {
            Some(id) => Err(RulesError::MissingDimension { id: id.to_string() }),
            None => Ok(()),
        }
    }

    /// Keyword rules with words and categories.
    fn validate_interests(&self) -> Result<(), RulesError> {
        for (i, rule) in self.interests.iter().enumerate() {
            if rule.keywords.is_empty() {
                return Err(RulesError::EmptyList {
                    location: format!("interests[{i}].keywords"),
                });
            }
            if let Some(k) = rule.keywords.iter().position(|w| w.trim().is_empty()) {
                return Err(RulesError::EmptyText {
                    location: format!("interests[{i}].keywords[{k}]"),
                });
            }
            validate_categories(&rule.categories, &format!("interests[{i}].categories"))?;
        }
        Ok(())
    }

    /// The rule for dimension `id`, with its position in the table.
    fn dimension(&self, id: &str) -> Option<(usize, &DimensionRule)> {
        self.dimensions.iter().enumerate().find(|(_, d)| d.id == id)
    }
}

/// `dimensions[4] (participation)`.
fn dim_location(index: usize, id: &str) -> String {
    format!("dimensions[{index}] ({id})")
}

/// A non-empty list of distinct, well-formed slugs.
fn validate_categories(categories: &[String], location: &str) -> Result<(), RulesError> {
    if categories.is_empty() {
        return Err(RulesError::EmptyList {
            location: location.to_string(),
        });
    }
    let mut seen = HashSet::new();
    for (k, slug) in categories.iter().enumerate() {
        let here = format!("{location}[{k}]");
        if !is_slug(slug) {
            return Err(RulesError::BadSlug {
                location: here,
                slug: slug.clone(),
            });
        }
        if !seen.insert(slug.as_str()) {
            return Err(RulesError::DuplicateCategory {
                location: here,
                slug: slug.clone(),
            });
        }
    }
    Ok(())
}

/// Lower-case ASCII letter first, then letters, digits or `_`.
fn is_slug(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Both languages present and using only `allowed` placeholders.
fn validate_reason(
    reason: &ReasonTemplate,
    location: &str,
    allowed: &[&str],
) -> Result<(), RulesError> {
    for (lang, text) in [("ja", &reason.ja), ("en", &reason.en)] {
        let here = format!("{location}.{lang}");
        if text.trim().is_empty() {
            return Err(RulesError::EmptyText { location: here });
        }
        for piece in parse_template(text).map_err(|()| RulesError::UnbalancedBrace {
            location: here.clone(),
        })? {
            if let Piece::Slot(name) = piece {
                if !allowed.contains(&name) {
                    return Err(RulesError::UnknownPlaceholder {
                        location: here,
                        placeholder: name.to_string(),
                        allowed: allowed.iter().map(|a| a.to_string()).collect(),
                    });
                }
            }
        }
    }
    Ok(())
}

/// Part of a template.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Piece<'a> {
    Text(&'a str),
    Slot(&'a str),
}

/// Splits `text` into literal text and `{slot}`s; `Err` on an unmatched
/// brace.
fn parse_template(text: &str) -> Result<Vec<Piece<'_>>, ()> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(());
        }
        let close = rest[open..].find('}').ok_or(())? + open;
        let name = &rest[open + 1..close];
        if name.contains('{') {
            return Err(());
        }
        pieces.push(Piece::Text(&rest[..open]));
        pieces.push(Piece::Slot(name.trim()));
        rest = &rest[close + 1..];
    }
    pieces.push(Piece::Text(rest));
    Ok(pieces)
}

/// Fills a template; unknown slots (only possible in unvalidated rules) and
/// broken templates are kept as written.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let Ok(pieces) = parse_template(template) else {
        return template.to_string();
    };
    pieces
        .into_iter()
        .map(|p| match p {
            Piece::Text(t) => t.to_string(),
            Piece::Slot(name) => match values.iter().find(|(k, _)| *k == name) {
                Some((_, v)) => v.to_string(),
                None => format!("{{{name}}}"),
            },
        })
        .collect()
}

// -------------------------------------------------------------- matching

/// Folds text for matching: lower case, full-width ASCII to half-width,
/// katakana to hiragana, all whitespace to one space.
fn fold(text: &str) -> String {
    let folded: String = text
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{30A1}'..='\u{30F6}' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether folded `needle` occurs in folded `haystack`: anywhere for
/// Japanese, at the start of a word for Latin letters.
fn word_match(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    if needle
        .chars()
        .all(|c| c.is_ascii() || c.is_alphanumeric() && (c as u32) < 0x3000)
    {
        haystack
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.starts_with(needle))
    } else {
        haystack.contains(needle)
    }
}

/// Whether an interest word is specific enough to look for in activity
/// names (two letters or more, or any Japanese character).
fn name_searchable(folded: &str) -> bool {
    folded.chars().count() >= 2 || folded.chars().any(|c| (c as u32) >= 0x3000)
}

/// A person's interest that an activity matches.
#[derive(Debug, Clone, PartialEq)]
struct InterestMatch {
    /// The word as typed.
    word: String,
    /// Category it was matched through.
    category: String,
    /// Earlier interests and keyword rules come first.
    order: usize,
}

/// Cleaned interest words: trimmed, non-empty, distinct, capped.
fn clean_interests(interests: &[String]) -> Vec<(String, String)> {
    let mut seen = HashSet::new();
    interests
        .iter()
        .map(|w| {
            w.trim()
                .chars()
                .take(MAX_INTEREST_CHARS)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .map(|w| (fold(&w), w))
        .filter(|(f, _)| !f.is_empty() && seen.insert(f.clone()))
        .take(MAX_INTERESTS)
        .collect()
}

/// Categories each interest points to through the keyword rules.
fn interest_categories(
    rules: &SuggestionRules,
    interests: &[(String, String)],
) -> Vec<Vec<String>> {
    interests
        .iter()
        .map(|(folded, _)| {
            let mut cats: Vec<String> = Vec::new();
            for rule in &rules.interests {
                if rule.keywords.iter().any(|k| word_match(folded, &fold(k))) {
                    for c in &rule.categories {
                        if !cats.contains(c) {
                            cats.push(c.clone());
                        }
                    }
                }
            }
            cats
        })
        .collect()
}

/// The first interest `cand` matches: through a keyword's category, or by
/// the interest word appearing in the activity's name.
fn interest_match(
    cand: &Candidate,
    interests: &[(String, String)],
    cats: &[Vec<String>],
) -> Option<InterestMatch> {
    let name = fold(&cand.name);
    for (i, ((folded, word), wanted)) in interests.iter().zip(cats).enumerate() {
        if let Some((k, c)) = wanted
            .iter()
            .enumerate()
            .find(|(_, c)| cand.categories.contains(c))
        {
            return Some(InterestMatch {
                word: word.clone(),
                category: c.clone(),
                order: i * 1000 + k,
            });
        }
        if name_searchable(folded) && word_match(&name, folded) {
            let category = cand.categories.first()?.clone();
            return Some(InterestMatch {
                word: word.clone(),
                category,
                order: i * 1000 + 999,
            });
        }
    }
    None
}

// --------------------------------------------------------------- ranking

/// Points for a low dimension: 10 per point below 10, plus 10, so a score
/// of 0 gives 110 and a score of 5 gives 60.
pub fn dimension_points(score: f32) -> i32 {
    let s = if score.is_finite() {
        score.clamp(0.0, 10.0)
    } else {
        10.0
    };
    ((10.0 - s) * 10.0).round() as i32 + 10
}

/// Distance band: within 1 km, 3 km, 10 km, farther, unknown.
fn distance_band(distance_m: Option<u32>) -> u8 {
    match distance_m {
        Some(d) if d <= 1_000 => 0,
        Some(d) if d <= 3_000 => 1,
        Some(d) if d <= 10_000 => 2,
        Some(_) => 3,
        None => 4,
    }
}

/// Tie-break order after score and category: nearer band, beginners
/// welcome, free, exact distance, lower id.
fn tie_key(c: &Candidate) -> (u8, bool, bool, u64, i64) {
    (
        distance_band(c.distance_m),
        !c.beginners_welcome,
        c.cost_yen != 0,
        c.distance_m.map_or(u64::MAX, u64::from),
        c.id,
    )
}

/// A low dimension taking turns.
#[derive(Debug, Clone)]
struct Lane<'r> {
    /// `None` = the interest lane.
    rule: Option<&'r DimensionRule>,
    points: i32,
}

/// One way to suggest one candidate in one lane.
#[derive(Debug, Clone)]
struct Pick<'c> {
    cand: &'c Candidate,
    index: usize,
    category: String,
    score: i32,
    /// Position of the category in the lane (or of the interest).
    position: usize,
}

/// Names callback type: id → (ja, en).
type Names<'a> = &'a dyn Fn(&str) -> (String, String);

/// Suggests up to `limit` activities. `scores` maps dimension ids to 0..=10
/// (`None` = unanswered); `interests` are words the person typed;
/// `dimension_names` and `category_names` turn ids into (ja, en) names.
/// See the module documentation for the ranking.
pub fn suggest(
    rules: &SuggestionRules,
    scores: &[(String, Option<f32>)],
    interests: &[String],
    candidates: &[Candidate],
    dimension_names: &dyn Fn(&str) -> (String, String),
    category_names: &dyn Fn(&str) -> (String, String),
    limit: usize,
) -> Vec<Suggestion> {
    let candidates = distinct_candidates(candidates);
    let interests = clean_interests(interests);
    let cats = interest_categories(rules, &interests);
    let matches: Vec<Option<InterestMatch>> = candidates
        .iter()
        .map(|c| interest_match(c, &interests, &cats))
        .collect();
    let lanes = lanes(rules, scores, matches.iter().any(Option::is_some));
    let mut used = vec![false; candidates.len()];
    let mut category_use: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    while out.len() < limit {
        let mut progressed = false;
        for lane in &lanes {
            if out.len() >= limit {
                break;
            }
            let Some(pick) = best_option(lane, &candidates, &matches, &used, &category_use) else {
                continue;
            };
            used[pick.index] = true;
            *category_use.entry(pick.category.clone()).or_default() += 1;
            let m = matches.get(pick.index).and_then(Option::as_ref);
            out.push(make_suggestion(
                rules,
                lane,
                &pick,
                m,
                dimension_names,
                category_names,
            ));
            progressed = true;
        }
        if !progressed {
            break;
        }
    }
    out
}

/// Candidates with categories, first of each id only.
fn distinct_candidates(candidates: &[Candidate]) -> Vec<&Candidate> {
    let mut seen = HashSet::new();
    candidates
        .iter()
        .filter(|c| !c.categories.is_empty() && seen.insert(c.id))
        .collect()
}

/// Low dimensions, lowest first, with the interest lane second.
fn lanes<'r>(
    rules: &'r SuggestionRules,
    scores: &[(String, Option<f32>)],
    any_interest: bool,
) -> Vec<Lane<'r>> {
    let mut seen = HashSet::new();
    let mut low: Vec<(f32, usize, &DimensionRule)> = scores
        .iter()
        .filter(|(id, _)| seen.insert(id.as_str()))
        .filter_map(|(id, score)| {
            let s = score.filter(|s| s.is_finite())?.clamp(0.0, 10.0);
            let (pos, rule) = rules.dimension(id)?;
            (s <= rules.low_threshold).then_some((s, pos, rule))
        })
        .collect();
    low.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut lanes: Vec<Lane> = low
        .into_iter()
        .map(|(s, _, rule)| Lane {
            rule: Some(rule),
            points: dimension_points(s),
        })
        .collect();
    if any_interest {
        lanes.insert(
            lanes.len().min(1),
            Lane {
                rule: None,
                points: 0,
            },
        );
    }
    lanes
}

/// The best unused candidate for `lane`'s turn (see the module docs).
fn best_option<'c>(
    lane: &Lane,
    candidates: &[&'c Candidate],
    matches: &[Option<InterestMatch>],
    used: &[bool],
    category_use: &HashMap<String, usize>,
) -> Option<Pick<'c>> {
    let mut options = Vec::new();
    for (index, cand) in candidates.iter().enumerate() {
        if used.get(index).copied().unwrap_or(true) {
            continue;
        }
        let m = matches.get(index).and_then(Option::as_ref);
        match lane.rule {
            Some(rule) => {
                let bonus = if m.is_some() { INTEREST_POINTS } else { 0 };
                for (position, category) in rule.categories.iter().enumerate() {
                    if cand.categories.contains(category) {
                        options.push(Pick {
                            cand,
                            index,
                            category: category.clone(),
                            score: lane.points + bonus,
                            position,
                        });
                    }
                }
            }
            None => {
                if let Some(m) = m {
                    options.push(Pick {
                        cand,
                        index,
                        category: m.category.clone(),
                        score: INTEREST_POINTS,
                        position: m.order,
                    });
                }
            }
        }
    }
    options.into_iter().min_by_key(|o| {
        (
            category_use.get(&o.category).copied().unwrap_or(0),
            -o.score,
            o.position,
            tie_key(o.cand),
        )
    })
}

/// Builds the suggestion with its reasons.
fn make_suggestion(
    rules: &SuggestionRules,
    lane: &Lane,
    pick: &Pick,
    interest: Option<&InterestMatch>,
    dimension_names: Names,
    category_names: Names,
) -> Suggestion {
    let (cat_ja, cat_en) = category_names(&pick.category);
    let word = interest.map(|m| m.word.clone()).unwrap_or_default();
    let name = pick.cand.name.as_str();
    let (reason_ja, reason_en) = match lane.rule {
        Some(rule) => {
            let (dim_ja, dim_en) = dimension_names(&rule.id);
            let mut ja = fill(
                &rule.reason.ja,
                &[
                    ("dimension", &dim_ja),
                    ("category", &cat_ja),
                    ("name", name),
                ],
            );
            let mut en = fill(
                &rule.reason.en,
                &[
                    ("dimension", &dim_en),
                    ("category", &cat_en),
                    ("name", name),
                ],
            );
            if interest.is_some() {
                ja.push_str(&fill(
                    &rules.interest_also.ja,
                    &[("interest", &word), ("category", &cat_ja), ("name", name)],
                ));
                en.push(' ');
                en.push_str(&fill(
                    &rules.interest_also.en,
                    &[("interest", &word), ("category", &cat_en), ("name", name)],
                ));
            }
            (ja, en)
        }
        None => (
            fill(
                &rules.interest_reason.ja,
                &[("interest", &word), ("category", &cat_ja), ("name", name)],
            ),
            fill(
                &rules.interest_reason.en,
                &[("interest", &word), ("category", &cat_en), ("name", name)],
            ),
        ),
    };
    Suggestion {
        candidate_id: pick.cand.id,
        name: pick.cand.name.clone(),
        reason_ja,
        reason_en,
        dimension: lane.rule.map(|r| r.id.clone()),
        category: pick.category.clone(),
        interest: interest.map(|m| m.word.clone()),
        score: pick.score,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dim_names(id: &str) -> (String, String) {
        match id {
            "body" => ("からだの調子".into(), "Bodily functions".into()),
            "mind" => ("こころの調子".into(), "Mental well-being".into()),
            "meaning" => ("生きがい".into(), "Meaningfulness".into()),
            "quality" => ("暮らしの質".into(), "Quality of life".into()),
            "participation" => ("人とのつながり".into(), "Participation".into()),
            "daily" => ("日常の機能".into(), "Daily functioning".into()),
            other => (other.into(), other.into()),
        }
    }

    fn cat_names(slug: &str) -> (String, String) {
        match slug {
            "salon" => ("サロン・居場所".into(), "Salons & cosy places".into()),
            "music" => ("音楽・歌".into(), "Music & singing".into()),
            "farming" => ("農・園芸".into(), "Farming & gardening".into()),
            other => (other.into(), other.into()),
        }
    }

    fn cand(id: i64, name: &str, cats: &[&str], distance_m: Option<u32>) -> Candidate {
        Candidate {
            id,
            name: name.into(),
            categories: cats.iter().map(|c| c.to_string()).collect(),
            distance_m,
            beginners_welcome: false,
            cost_yen: 300,
        }
    }

    fn scores(pairs: &[(&str, Option<f32>)]) -> Vec<(String, Option<f32>)> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    fn all_fine() -> Vec<(String, Option<f32>)> {
        scores(&KNOWN_DIMENSIONS.map(|d| (d, Some(8.0))))
    }

    fn run(
        sc: &[(String, Option<f32>)],
        interests: &[&str],
        cands: &[Candidate],
        limit: usize,
    ) -> Vec<Suggestion> {
        let interests: Vec<String> = interests.iter().map(|s| s.to_string()).collect();
        suggest(
            &SuggestionRules::builtin(),
            sc,
            &interests,
            cands,
            &dim_names,
            &cat_names,
            limit,
        )
    }

    fn ids(s: &[Suggestion]) -> Vec<i64> {
        s.iter().map(|s| s.candidate_id).collect()
    }

    fn builtin_json() -> serde_json::Value {
        serde_json::from_str(include_str!("../../questionnaires/suggestions.json")).expect("json")
    }

    fn with(edit: impl Fn(&mut serde_json::Value)) -> Result<SuggestionRules, RulesError> {
        let mut v = builtin_json();
        edit(&mut v);
        SuggestionRules::from_json(&v.to_string())
    }

    #[test]
    fn builtin_table_loads_and_uses_known_categories() {
        let rules =
            SuggestionRules::from_json(include_str!("../../questionnaires/suggestions.json"))
                .expect("valid");
        assert_eq!(rules, SuggestionRules::builtin());
        assert_eq!(rules.low_threshold, 5.0);
        assert_eq!(rules.dimensions.len(), 6);
        rules
            .check_categories(&KNOWN_CATEGORIES)
            .expect("known slugs");
        let participation = rules.dimension("participation").expect("participation").1;
        assert_eq!(participation.categories[0], "salon");
        // Every category of the portal can be reached by some rule.
        for slug in KNOWN_CATEGORIES {
            assert!(
                rules
                    .category_slugs()
                    .iter()
                    .any(|(_, c)| c.as_str() == slug),
                "{slug}"
            );
        }
    }

    #[test]
    fn low_participation_gets_a_salon_with_the_participation_reason() {
        let mut sc = all_fine();
        sc[4].1 = Some(3.0);
        let cands = [
            cand(1, "体操教室", &["exercise"], Some(100)),
            cand(2, "ふれあいサロン", &["salon"], Some(2_000)),
        ];
        let s = run(&sc, &[], &cands, 5);
        assert_eq!(ids(&s), [2]);
        assert_eq!(s[0].dimension.as_deref(), Some("participation"));
        assert_eq!(s[0].category, "salon");
        assert_eq!(s[0].reason_ja, "「人とのつながり」の点数が低めでした。気軽に参加できる「サロン・居場所」はいかがでしょう。");
        assert_eq!(s[0].reason_en, "Your score for “Participation” was on the low side. How about “Salons & cosy places”? They are easy to join.");
        assert_eq!(s[0].score, dimension_points(3.0));
        assert_eq!(s[0].score, 80);
        assert_eq!(s[0].interest, None);
    }

    #[test]
    fn threshold_is_inclusive_and_unanswered_is_not_low() {
        let mut sc = all_fine();
        sc[4].1 = Some(5.0);
        sc[1].1 = None;
        let cands = [
            cand(1, "サロン", &["salon"], None),
            cand(2, "相談", &["consultation"], None),
        ];
        let s = run(&sc, &[], &cands, 5);
        assert_eq!(ids(&s), [1]);
        sc[4].1 = Some(5.1);
        assert!(run(&sc, &[], &cands, 5).is_empty());
    }

    #[test]
    fn ties_are_broken_by_distance_then_id() {
        let mut sc = all_fine();
        sc[4].1 = Some(2.0);
        let cands = [
            cand(7, "C", &["salon"], Some(500)),
            cand(3, "B", &["salon"], Some(800)),
            cand(5, "A", &["salon"], Some(500)),
        ];
        // One lane, one category: order is the ranking itself.
        assert_eq!(ids(&run(&sc, &[], &cands, 5)), [5, 7, 3]);
        // Unknown distance comes last.
        let cands = [
            cand(1, "X", &["salon"], None),
            cand(2, "Y", &["salon"], Some(9_000)),
        ];
        assert_eq!(ids(&run(&sc, &[], &cands, 5)), [2, 1]);
    }

    #[test]
    fn beginners_and_free_break_ties_within_a_distance_band() {
        let mut sc = all_fine();
        sc[4].1 = Some(2.0);
        let mut a = cand(1, "A", &["salon"], Some(200));
        let mut b = cand(2, "B", &["salon"], Some(900));
        let c = cand(3, "C", &["salon"], Some(5_000));
        b.beginners_welcome = true;
        a.cost_yen = 0;
        let mut c2 = c.clone();
        c2.beginners_welcome = true;
        c2.cost_yen = 0;
        assert_eq!(ids(&run(&sc, &[], &[a, b, c2], 5)), [2, 1, 3]);
    }

    #[test]
    fn lower_dimension_comes_first_and_lanes_take_turns() {
        let sc = scores(&[
            ("body", Some(4.0)),
            ("mind", Some(8.0)),
            ("meaning", Some(9.0)),
            ("quality", Some(9.0)),
            ("participation", Some(1.0)),
            ("daily", Some(9.0)),
        ]);
        let cands = [
            cand(1, "体操1", &["exercise"], Some(100)),
            cand(2, "体操2", &["exercise"], Some(100)),
            cand(3, "サロン1", &["salon"], Some(100)),
            cand(4, "サロン2", &["salon"], Some(100)),
            cand(5, "ご近所", &["neighbourhood"], Some(100)),
        ];
        let s = run(&sc, &[], &cands, 4);
        assert_eq!(s[0].dimension.as_deref(), Some("participation"));
        assert_eq!(s[1].dimension.as_deref(), Some("body"));
        // Participation's second turn avoids a second salon.
        assert_eq!(ids(&s), [3, 1, 5, 2]);
        assert_eq!(s[0].score, 100);
        assert_eq!(s[1].score, 70);
    }

    #[test]
    fn at_most_one_suggestion_per_candidate_and_diverse_categories() {
        let mut sc = all_fine();
        sc[1].1 = Some(2.0); // mind: salon, peer_support, consultation, music
        sc[4].1 = Some(2.0); // participation: salon, neighbourhood, …
        let mut cands: Vec<Candidate> = (1..=8)
            .map(|i| cand(i, "サロン", &["salon", "neighbourhood"], Some(100)))
            .collect();
        cands.push(cand(20, "家族会", &["peer_support"], Some(5_000)));
        cands.push(cand(21, "相談窓口", &["consultation"], Some(5_000)));
        cands.push(cand(1, "重複", &["music"], Some(1)));
        let s = run(&sc, &[], &cands, 5);
        let mut seen = HashSet::new();
        assert!(s.iter().all(|x| seen.insert(x.candidate_id)));
        // Categories rotate: salon, neighbourhood, peer group, salon, desk.
        assert_eq!(ids(&s), [1, 2, 20, 3, 21], "{s:#?}");
        let salons = s.iter().filter(|x| x.category == "salon").count();
        assert_eq!(salons, 2);
        assert!(s.iter().all(|x| x.name != "重複"));
    }

    #[test]
    fn interest_match_beats_nothing() {
        let mut sc = all_fine();
        sc[1].1 = Some(3.0); // mind lists salon before music
        let cands = [
            cand(1, "サロン", &["salon"], Some(100)),
            cand(2, "歌声喫茶", &["salon", "music"], Some(3_000)),
        ];
        let s = run(&sc, &["歌うこと"], &cands, 1);
        assert_eq!(ids(&s), [2]);
        assert_eq!(s[0].interest.as_deref(), Some("歌うこと"));
        assert_eq!(s[0].score, dimension_points(3.0) + INTEREST_POINTS);
        assert!(
            s[0].reason_ja
                .ends_with("「歌うこと」への関心にも合っています。"),
            "{}",
            s[0].reason_ja
        );
        assert!(
            s[0].reason_en
                .ends_with("It also matches your interest in “歌うこと”."),
            "{}",
            s[0].reason_en
        );
    }

    #[test]
    fn no_low_dimension_gives_interest_suggestions_only() {
        let cands = [
            cand(1, "サロン", &["salon"], Some(100)),
            cand(2, "市民農園", &["farming"], Some(4_000)),
            cand(3, "囲碁クラブ", &["hobbies"], Some(4_000)),
            cand(4, "コーラス", &["music"], Some(4_000)),
            cand(5, "和太鼓の会", &["intergenerational"], Some(4_000)),
        ];
        let s = run(&all_fine(), &["畑", "  "], &cands, 5);
        assert_eq!(ids(&s), [2]);
        assert_eq!(s[0].dimension, None);
        assert_eq!(s[0].category, "farming");
        assert_eq!(
            s[0].reason_ja,
            "「畑」に関心があるとのことなので、「農・園芸」はいかがでしょう。"
        );
        assert_eq!(
            s[0].reason_en,
            "You mentioned “畑”, so “Farming & gardening” may suit you."
        );
        assert_eq!(s[0].score, INTEREST_POINTS);
        // Full-width letters, katakana/hiragana and word starts are folded.
        assert_eq!(ids(&run(&all_fine(), &["ＳＩＮＧＩＮＧ"], &cands, 5)), [4]);
        assert_eq!(ids(&run(&all_fine(), &["からおけ"], &cands, 5)), [4]);
        // A word in the activity's name counts too.
        assert_eq!(ids(&run(&all_fine(), &["太鼓"], &cands, 5)), [5]);
        assert_eq!(
            run(&all_fine(), &["太鼓"], &cands, 5)[0].category,
            "intergenerational"
        );
        // Nothing low and no interest: nothing.
        assert!(run(&all_fine(), &[], &cands, 5).is_empty());
        // Latin keywords match word starts only ("go" is not in "yoga").
        assert!(run(&all_fine(), &["ago"], &cands, 5).is_empty());
    }

    #[test]
    fn interest_lane_takes_the_second_turn() {
        let mut sc = all_fine();
        sc[4].1 = Some(1.0);
        sc[0].1 = Some(2.0);
        let cands = [
            cand(1, "サロン", &["salon"], Some(100)),
            cand(2, "体操", &["exercise"], Some(100)),
            cand(3, "合唱団", &["music"], Some(100)),
        ];
        let s = run(&sc, &["合唱"], &cands, 3);
        assert_eq!(ids(&s), [1, 3, 2]);
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let sc = scores(&[
            ("participation", Some(f32::NAN)),
            ("body", Some(-3.0)),
            ("nope", Some(0.0)),
            ("body", Some(9.0)),
        ]);
        let cands = [cand(1, "", &[], None), cand(2, "X", &["exercise"], None)];
        let s = run(&sc, &["", "{interest}", &"長".repeat(500)], &cands, 0);
        assert!(s.is_empty());
        let s = run(&sc, &["{x}"], &cands, 10);
        assert_eq!(ids(&s), [2]);
        assert_eq!(s[0].score, 110);
        assert_eq!(dimension_points(f32::INFINITY), 10);
    }

    #[test]
    fn malformed_json_gives_line_and_column() {
        let err = SuggestionRules::from_json("{\n  \"version\": 1,\n  \"low_threshold\": ,\n}")
            .unwrap_err();
        match &err {
            RulesError::Json { line, column, .. } => assert_eq!((*line, *column), (3, 20)),
            other => panic!("{other:?}"),
        }
        assert!(err.message_ja().contains("3 行目"));
        assert!(err.message_en().contains("line 3"));
    }

    #[test]
    fn misspelt_or_missing_field_is_named() {
        let err = with(|v| {
            let d = &mut v["dimensions"][2];
            d["categorys"] = d["categories"].take();
            d.as_object_mut().map(|o| o.remove("categories"));
        })
        .unwrap_err();
        assert!(err.message_en().contains("categorys"), "{err}");
        let err = with(|v| {
            v["interest_reason"].as_object_mut().map(|o| o.remove("en"));
        })
        .unwrap_err();
        assert!(err.message_en().contains("missing field `en`"), "{err}");
    }

    #[test]
    fn semantic_errors_are_precise() {
        assert_eq!(
            with(|v| v["version"] = 2.into()).unwrap_err(),
            RulesError::UnsupportedVersion { found: 2 }
        );
        assert_eq!(
            with(|v| v["low_threshold"] = 11.5.into()).unwrap_err(),
            RulesError::ThresholdOutOfRange { value: 11.5 }
        );
        assert_eq!(
            with(|v| v["dimensions"][4]["id"] = "partcipation".into()).unwrap_err(),
            RulesError::UnknownDimension {
                location: "dimensions[4].id".into(),
                id: "partcipation".into()
            }
        );
        assert_eq!(
            with(|v| v["dimensions"][5]["id"] = "body".into()).unwrap_err(),
            RulesError::DuplicateDimension {
                location: "dimensions[5].id".into(),
                id: "body".into()
            }
        );
        assert_eq!(
            with(|v| {
                v["dimensions"].as_array_mut().map(|a| a.pop());
            })
            .unwrap_err(),
            RulesError::MissingDimension { id: "daily".into() }
        );
        assert_eq!(
            with(|v| v["dimensions"][4]["categories"] = serde_json::json!([])).unwrap_err(),
            RulesError::EmptyList {
                location: "dimensions[4] (participation).categories".into()
            }
        );
        assert_eq!(
            with(|v| v["dimensions"][4]["categories"][1] = "Neighbourhood".into()).unwrap_err(),
            RulesError::BadSlug {
                location: "dimensions[4] (participation).categories[1]".into(),
                slug: "Neighbourhood".into()
            }
        );
        assert_eq!(
            with(|v| v["dimensions"][4]["categories"][1] = "salon".into()).unwrap_err(),
            RulesError::DuplicateCategory {
                location: "dimensions[4] (participation).categories[1]".into(),
                slug: "salon".into()
            }
        );
        assert_eq!(
            with(|v| v["interests"][0]["keywords"][2] = " ".into()).unwrap_err(),
            RulesError::EmptyText {
                location: "interests[0].keywords[2]".into()
            }
        );
        assert_eq!(
            with(|v| v["dimensions"][0]["reason"]["ja"] = "{dimenson}が低め".into()).unwrap_err(),
            RulesError::UnknownPlaceholder {
                location: "dimensions[0] (body).reason.ja".into(),
                placeholder: "dimenson".into(),
                allowed: vec!["dimension".into(), "category".into(), "name".into()]
            }
        );
        assert_eq!(
            with(|v| v["interest_reason"]["en"] = "You like {interest".into()).unwrap_err(),
            RulesError::UnbalancedBrace {
                location: "interest_reason.en".into()
            }
        );
        // {dimension} means nothing for an interest.
        assert!(matches!(
            with(|v| v["interest_also"]["ja"] = "{dimension}".into()).unwrap_err(),
            RulesError::UnknownPlaceholder { .. }
        ));
    }

    #[test]
    fn unknown_category_is_reported_by_check_categories() {
        let rules =
            with(|v| v["interests"][1]["categories"][0] = "gardening".into()).expect("well-formed");
        assert_eq!(
            rules.check_categories(&KNOWN_CATEGORIES).unwrap_err(),
            RulesError::UnknownCategory {
                location: "interests[1].categories[0]".into(),
                slug: "gardening".into()
            }
        );
    }

    #[test]
    fn error_messages_exist_in_both_languages() {
        let err = RulesError::MissingDimension { id: "mind".into() };
        assert_eq!(
            err.message_ja(),
            "dimensions に次元「mind」のルールがありません。"
        );
        assert_eq!(
            err.message_en(),
            "\"dimensions\" has no rule for dimension \"mind\"."
        );
        assert_eq!(
            err.to_string(),
            format!("{} / {}", err.message_ja(), err.message_en())
        );
    }

    #[test]
    fn templates_fill_and_survive_odd_text() {
        assert_eq!(fill("{a}と{ b }", &[("a", "1"), ("b", "2")]), "1と2");
        assert_eq!(fill("{zzz}", &[]), "{zzz}");
        assert_eq!(fill("broken {", &[]), "broken {");
        assert!(parse_template("a } b").is_err());
        assert!(parse_template("{{a}}").is_err());
    }
}
