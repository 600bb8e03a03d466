//! Questionnaires kept as data files (JSON), checked when they are loaded.
//!
//! A city can replace or add questionnaires without code changes: each file
//! describes its sections (for Positive Health: the six dimensions), its
//! items and how each item is answered (a 0–10 style scale or a choice of
//! options), the result sentences per score band, and, for the social-needs
//! questionnaire, the support areas its questions point to.
//!
//! [`Questionnaire::from_json`] never panics and reports *every* problem it
//! finds, each with a JSON-path-like location (`sections[2].items[1].answer.max`)
//! and a message in Japanese and English. A file that does not match the
//! schema at all (wrong type, unknown or missing field) stops at the first
//! such mismatch, because the JSON reader stops there; a file that matches the
//! schema is then checked in full and all remaining problems are listed.
//!
//! This module does no I/O: the loader takes `&str`, and the shipped files are
//! embedded with `include_str!` (see [`builtin`]).
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;

/// The lowest value a scale end or an option score may take.
pub const NUMBER_MIN: i32 = 0;
/// The highest value a scale end or an option score may take.
pub const NUMBER_MAX: i32 = 100;
/// Default for [`Questionnaire::needs_support_from`].
pub const DEFAULT_NEEDS_SUPPORT_FROM: i32 = 2;

/// The six Positive Health dimensions: id, Japanese name, English name, in
/// the order the spider-web chart draws them.
pub const POSITIVE_HEALTH_DIMENSIONS: [(&str, &str, &str); 6] = [
    ("body", "からだの調子", "Bodily functions"),
    ("mind", "こころの調子", "Mental well-being"),
    ("meaning", "生きがい", "Meaningfulness"),
    ("quality", "暮らしの質", "Quality of life"),
    ("participation", "人とのつながり", "Participation"),
    ("daily", "日常の機能", "Daily functioning"),
];

/// The questionnaire files shipped with the portal.
const BUILTIN_FILES: [&str; 3] = [
    include_str!("../../questionnaires/positive-health-full.json"),
    include_str!("../../questionnaires/positive-health-quick.json"),
    include_str!("../../questionnaires/social-needs.json"),
];

/// The shipped questionnaires (full and quick Positive Health, social needs).
/// A file that fails to load is left out rather than panicking; a unit test
/// makes sure all of them load.
pub fn builtin() -> Vec<Questionnaire> {
    BUILTIN_FILES.iter().filter_map(|text| Questionnaire::from_json(text).ok()).collect()
}

/// A text in Japanese and English. Both are required by the loader; a
/// missing language reads as an empty string and is reported.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Japanese.
    #[serde(default)]
    pub ja: String,
    /// English.
    #[serde(default)]
    pub en: String,
}

impl Text {
    /// A text from its Japanese and English wording.
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Text { ja: ja.into(), en: en.into() }
    }

    /// The English text when `english` is true, else the Japanese.
    pub fn pick(&self, english: bool) -> &str {
        if english {
            &self.en
        } else {
            &self.ja
        }
    }
}

/// What kind of questionnaire a file holds; each kind has its own rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionnaireKind {
    /// Positive Health: exactly the six dimensions as sections, scale items.
    PositiveHealth,
    /// Social needs: choice questions, each pointing to a support area.
    SocialNeeds,
    /// Any other questionnaire made of sections of items.
    ScaleSections,
}

/// One questionnaire, as loaded from its data file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    /// Stable id (a–z, 0–9, `-`, `_`), e.g. `positive-health-full`.
    pub id: String,
    /// Version of the file's content, from 1; raise it when wording changes.
    pub version: u32,
    /// Which rules apply.
    pub kind: QuestionnaireKind,
    /// Title shown to the resident.
    pub title: Text,
    /// Introduction shown before the first question.
    pub intro: Text,
    /// Sections in display order (for Positive Health: the dimensions).
    pub sections: Vec<Section>,
    /// Support areas that choice questions point to (social needs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<Area>,
    /// An area "may need support" when its concern score is at least this.
    #[serde(default = "default_needs_support_from")]
    pub needs_support_from: i32,
}

fn default_needs_support_from() -> i32 {
    DEFAULT_NEEDS_SUPPORT_FROM
}

/// A group of items; for Positive Health one dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Id, unique among sections.
    pub id: String,
    /// Heading.
    pub title: Text,
    /// Optional short explanation under the heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Items (questions) in display order.
    pub items: Vec<Item>,
    /// Sentences shown for the section's 0–10 score, by band; the bands
    /// must cover 0.0–10.0 without gaps or overlaps. May be empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub result_texts: Vec<ResultBand>,
}

/// One question or statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Id, unique in the whole questionnaire (answers are keyed by it).
    pub id: String,
    /// The wording.
    pub text: Text,
    /// How it is answered.
    pub answer: AnswerFormat,
    /// For negatively worded scale items: a value v counts as max + min − v.
    #[serde(default, skip_serializing_if = "is_false")]
    pub reverse: bool,
    /// For choice items: the support area (see [`Questionnaire::areas`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// How an item is answered: `{"type": "scale", …}` or `{"type": "choice", …}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum AnswerFormat {
    /// A whole number from `min` to `max` with labels at both ends.
    Scale {
        /// Lowest value (0..=100).
        min: i32,
        /// Highest value (0..=100, above `min`).
        max: i32,
        /// Label for the lowest value.
        min_label: Text,
        /// Label for the highest value.
        max_label: Text,
    },
    /// One of two or more options.
    Choice {
        /// The options in display order.
        options: Vec<ChoiceOption>,
    },
}

/// One option of a choice item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    /// Id, unique within its item; stored as the answer.
    pub id: String,
    /// The wording.
    pub label: Text,
    /// Concern score: 0 = no concern, higher = more concern (0..=100).
    pub score: i32,
}

/// A result sentence for section scores from `from` to `to` (inclusive,
/// 0–10 with at most one decimal, e.g. 0–3.9, 4–6.9, 7–10).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultBand {
    /// Lowest score of the band.
    pub from: f64,
    /// Highest score of the band.
    pub to: f64,
    /// What the resident reads, in plain and gentle words.
    pub text: Text,
}

impl ResultBand {
    /// Whether `score` falls in this band (false if the band is malformed).
    pub fn contains(&self, score: Tenths) -> bool {
        match (Tenths::from_decimal(self.from), Tenths::from_decimal(self.to)) {
            (Some(from), Some(to)) => from <= score && score <= to,
            _ => false,
        }
    }
}

/// A support area (social needs), e.g. money or contact with family.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// Id, unique among areas; items name it in their `area`.
    pub id: String,
    /// Name of the area.
    pub name: Text,
    /// A gentle sentence shown when the area "may need support".
    pub support: Text,
}

/// A score from 0.0 to 10.0 with one decimal, stored exactly as tenths
/// (0..=100) so comparisons and display never suffer from float rounding.
/// Serialised as the number of tenths (7.5 → `75`); `Display` gives "7.5".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Tenths(u8);

impl Tenths {
    /// The highest score, 10.0.
    pub const MAX: Tenths = Tenths(100);

    /// From a count of tenths; `None` above 100.
    pub fn from_tenths(tenths: u8) -> Option<Tenths> {
        (tenths <= 100).then_some(Tenths(tenths))
    }

    /// From a decimal such as 3.9; `None` outside 0–10 or with more than
    /// one decimal.
    pub fn from_decimal(value: f64) -> Option<Tenths> {
        if !value.is_finite() || !(0.0..=10.0).contains(&value) {
            return None;
        }
        let scaled = value * 10.0;
        let rounded = scaled.round();
        if (scaled - rounded).abs() > 1e-6 {
            return None;
        }
        // 0.0 <= rounded <= 100.0 here, so the cast is exact.
        Some(Tenths(rounded as u8))
    }

    /// The number of tenths, 0..=100.
    pub fn tenths(self) -> u8 {
        self.0
    }

    /// The score as a float, for drawing charts.
    pub fn as_f32(self) -> f32 {
        f32::from(self.0) / 10.0
    }
}

impl fmt::Display for Tenths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0 / 10, self.0 % 10)
    }
}

impl Questionnaire {
    /// Parses and checks a questionnaire file.
    ///
    /// # Errors
    /// A [`LoadError`] listing every problem found: a JSON syntax error or
    /// the first schema mismatch (with line and column), or else every
    /// broken rule (see the module documentation).
    pub fn from_json(json: &str) -> Result<Questionnaire, LoadError> {
        // Syntax first, over the whole text: the typed pass below stops at the
        // first schema mismatch, which may come before a syntax error.
        if let Err(error) = serde_json::from_str::<serde_json::Value>(json) {
            return Err(LoadError { problems: vec![json_problem(json, &error)] });
        }
        let questionnaire: Questionnaire = match serde_json::from_str(json) {
            Ok(q) => q,
            Err(error) => return Err(LoadError { problems: vec![json_problem(json, &error)] }),
        };
        let problems = validate(&questionnaire);
        if problems.is_empty() {
            Ok(questionnaire)
        } else {
            Err(LoadError { problems })
        }
    }

    /// All items with their sections, in display order.
    pub fn items(&self) -> impl Iterator<Item = (&Section, &Item)> {
        self.sections.iter().flat_map(|s| s.items.iter().map(move |i| (s, i)))
    }

    /// The item with this id.
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items().map(|(_, item)| item).find(|item| item.id == id)
    }

    /// The section with this id.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// The support area with this id.
    pub fn area(&self, id: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.id == id)
    }

    /// Number of items in all sections.
    pub fn item_count(&self) -> usize {
        self.sections.iter().map(|s| s.items.len()).sum()
    }
}

// ---------------------------------------------------------------------------
// Errors

/// Why a questionnaire file was not accepted: every problem found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadError {
    /// The problems, in file order as far as possible; never empty.
    pub problems: Vec<LoadProblem>,
}

/// One problem in a questionnaire file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadProblem {
    /// Where: a JSON path such as `sections[2].items[1].answer.max`
    /// (empty for the file as a whole).
    pub location: String,
    /// Line (from 1) when the JSON reader reported the problem.
    pub line: Option<usize>,
    /// Column in characters (from 1) when the JSON reader reported it.
    pub column: Option<usize>,
    /// What is wrong and what to do, in Japanese and English.
    pub message: Text,
}

impl LoadProblem {
    fn at(location: impl Into<String>, ja: impl Into<String>, en: impl Into<String>) -> Self {
        LoadProblem { location: location.into(), line: None, column: None, message: Text::new(ja, en) }
    }

    /// One line in Japanese, e.g. `sections[0].id: id が空です`.
    pub fn to_string_ja(&self) -> String {
        let position = match (self.line, self.column) {
            (Some(line), Some(column)) => format!("（{line} 行目 {column} 文字目）"),
            _ => String::new(),
        };
        format!("{}{}: {}", self.location_or_file(false), position, self.message.ja)
    }

    fn location_or_file(&self, english: bool) -> &str {
        match (self.location.is_empty(), english) {
            (false, _) => &self.location,
            (true, false) => "ファイル全体",
            (true, true) => "file",
        }
    }
}

impl fmt::Display for LoadProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.location_or_file(true))?;
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, " (line {line}, column {column})")?;
        }
        write!(f, ": {}", self.message.en)
    }
}

impl LoadError {
    /// All problems, one per line, in Japanese.
    pub fn to_string_ja(&self) -> String {
        self.problems.iter().map(LoadProblem::to_string_ja).collect::<Vec<_>>().join("\n")
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, problem) in self.problems.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

// ---------------------------------------------------------------------------
// Errors from the JSON reader

/// Turns a serde_json error into a problem with a path, line and column.
fn json_problem(json: &str, error: &serde_json::Error) -> LoadProblem {
    let full = error.to_string();
    let detail = strip_position(&full);
    let (line, column) = (error.line(), error.column());
    let offset = byte_offset(json, line, column);
    let mut location = path_at(json, offset);
    let message = match error.classify() {
        serde_json::error::Category::Data => data_message(detail, &mut location),
        _ => syntax_message(detail),
    };
    let (line, column) = if line == 0 { (None, None) } else { (Some(line), Some(char_column(json, line, column))) };
    LoadProblem { location, line, column, message }
}

/// serde_json's message without its " at line L column C" suffix.
fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(index) => &message[..index],
        None => message,
    }
}

/// Byte offset of serde_json's (line from 1, column in bytes) position.
fn byte_offset(json: &str, line: usize, column: usize) -> usize {
    if line == 0 {
        return 0;
    }
    let line_start: usize = json.split('\n').take(line - 1).map(|l| l.len() + 1).sum();
    (line_start + column).min(json.len())
}

/// serde_json counts columns in bytes; people count characters.
fn char_column(json: &str, line: usize, byte_column: usize) -> usize {
    let text = json.split('\n').nth(line.saturating_sub(1)).unwrap_or("");
    text.bytes().take(byte_column).filter(|b| b & 0xC0 != 0x80).count()
}

/// The backquoted names in a serde message: "unknown field `x`, expected `a` or `b`".
fn quoted_names(message: &str) -> Vec<&str> {
    message.split('`').skip(1).step_by(2).collect()
}

/// Appends `.field` to a path unless the path already ends with it.
fn ensure_field(location: &mut String, field: &str) {
    let last = location.rsplit('.').next().unwrap_or("");
    if last != field {
        if !location.is_empty() {
            location.push('.');
        }
        location.push_str(field);
    }
}

/// A schema mismatch in Japanese and English.
fn data_message(detail: &str, location: &mut String) -> Text {
    let names = quoted_names(detail);
    let first = names.first().copied().unwrap_or("");
    let rest = names.get(1..).unwrap_or(&[]).join(", ");
    if detail.starts_with("unknown field") {
        ensure_field(location, first);
        let allowed_ja = if rest.is_empty() { String::new() } else { format!("（使える項目: {rest}）") };
        let allowed_en = if rest.is_empty() { String::new() } else { format!(" (allowed: {rest})") };
        Text::new(
            format!("「{first}」という項目は使えません{allowed_ja}"),
            format!("unknown field \"{first}\"{allowed_en}"),
        )
    } else if detail.starts_with("missing field") {
        ensure_field(location, first);
        Text::new(format!("必須の項目「{first}」がありません"), format!("required field \"{first}\" is missing"))
    } else if detail.starts_with("duplicate field") {
        ensure_field(location, first);
        Text::new(format!("項目「{first}」が2回書かれています"), format!("field \"{first}\" appears twice"))
    } else if detail.starts_with("unknown variant") {
        Text::new(
            format!("「{first}」は使えません（使える値: {rest}）"),
            format!("\"{first}\" is not allowed (use: {rest})"),
        )
    } else if detail.starts_with("invalid type") || detail.starts_with("invalid value") {
        let expected = detail.rsplit("expected ").next().unwrap_or("");
        Text::new(format!("値の形が違います（{}にしてください）", expected_ja(expected)), detail.to_string())
    } else {
        Text::new(format!("ファイルの内容が正しくありません（{detail}）"), detail.to_string())
    }
}

/// What serde expected, in Japanese.
fn expected_ja(expected: &str) -> String {
    let plain = match expected {
        "a string" => "文字列 \"…\"",
        "u8" | "u16" | "u32" | "u64" | "usize" => "0 以上の整数",
        "i32" | "i64" => "整数",
        "f64" | "f32" => "数",
        "a boolean" => "true か false",
        "a sequence" => "配列 [ … ]",
        _ if expected.starts_with("struct")
            || expected.starts_with("a map")
            || expected.starts_with("internally tagged") =>
        {
            "オブジェクト { … }"
        }
        _ => return format!("{expected} の形"),
    };
    plain.to_string()
}

/// A JSON syntax error in Japanese and English.
fn syntax_message(detail: &str) -> Text {
    const KNOWN: [(&str, &str); 11] = [
        ("EOF while parsing", "ファイルが途中で終わっています（括弧や \" の閉じ忘れはありませんか）"),
        ("trailing comma", "最後の要素のあとに「,」があります"),
        ("trailing characters", "JSON の終わりのあとに余分な文字があります"),
        ("key must be a string", "項目名は \"…\" で囲んでください"),
        ("expected `,` or `}`", "「,」か「}」が必要です"),
        ("expected `,` or `]`", "「,」か「]」が必要です"),
        ("expected `:`", "「:」が必要です"),
        ("expected value", "値がありません、または値の書き方が違います"),
        ("control character", "文字列の中に改行やタブをそのまま書くことはできません"),
        ("invalid escape", "「\\」の書き方に誤りがあります"),
        ("invalid number", "数の書き方に誤りがあります"),
    ];
    let ja = KNOWN
        .iter()
        .find(|(en, _)| detail.starts_with(en))
        .map(|(_, ja)| ja.to_string())
        .unwrap_or_else(|| format!("JSON の書き方に誤りがあります（{detail}）"));
    Text::new(format!("JSON の書き方の誤り: {ja}"), format!("malformed JSON: {detail}"))
}

/// One open object or array while walking the JSON text.
enum Frame {
    Object { key: Option<String>, expect_key: bool },
    Array { index: usize },
}

/// The JSON path of the value being read at byte `offset`, found by walking
/// the text up to there. Tolerant of broken JSON (it only tracks brackets,
/// keys and commas), so it also locates syntax errors.
fn path_at(json: &str, offset: usize) -> String {
    let bytes = json.as_bytes();
    let end = offset.min(bytes.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut index = 0;
    while index < end {
        match bytes[index] {
            b'"' => {
                let close = string_end(bytes, index + 1);
                if let Some(Frame::Object { key, expect_key }) = stack.last_mut() {
                    if *expect_key {
                        let raw = json.get(index + 1..close.min(bytes.len())).unwrap_or("");
                        *key = Some(raw.to_string());
                        *expect_key = false;
                    }
                }
                index = close + 1;
                continue;
            }
            b'{' => stack.push(Frame::Object { key: None, expect_key: true }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, expect_key }) => {
                    *key = None;
                    *expect_key = true;
                }
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            _ => {}
        }
        index += 1;
    }
    render_path(&stack)
}

/// Index of the closing quote of a string whose content starts at `start`
/// (or the end of the text when it is not closed).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut index = start;
    while index < bytes.len() {
        match bytes[index] {
            b'\\' => index += 2,
            b'"' => return index,
            _ => index += 1,
        }
    }
    bytes.len()
}

fn render_path(stack: &[Frame]) -> String {
    let mut path = String::new();
    for frame in stack {
        match frame {
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    path
}

// ---------------------------------------------------------------------------
// Checks after parsing

/// Collects problems while checking a parsed questionnaire.
#[derive(Default)]
struct Checker {
    problems: Vec<LoadProblem>,
}

impl Checker {
    fn add(&mut self, location: impl Into<String>, ja: impl Into<String>, en: impl Into<String>) {
        self.problems.push(LoadProblem::at(location, ja, en));
    }
}

/// Every problem of a parsed questionnaire; empty when it is fine.
fn validate(q: &Questionnaire) -> Vec<LoadProblem> {
    let mut c = Checker::default();
    check_id(&mut c, "id", &q.id);
    if q.version < 1 {
        c.add("version", "version は 1 以上にしてください", "must be ≥ 1");
    }
    check_text(&mut c, "title", &q.title);
    check_text(&mut c, "intro", &q.intro);
    check_number(&mut c, "needs_support_from", q.needs_support_from);
    if q.sections.is_empty() {
        c.add("sections", "節（sections）が1つもありません", "needs at least one section");
    }
    for (index, section) in q.sections.iter().enumerate() {
        check_section(&mut c, &format!("sections[{index}]"), section);
    }
    check_unique(&mut c, q.sections.iter().enumerate().map(|(i, s)| (format!("sections[{i}]"), s.id.as_str())));
    check_unique(&mut c, item_paths(q).into_iter().map(|(path, item)| (path, item.id.as_str())));
    for (index, area) in q.areas.iter().enumerate() {
        check_area(&mut c, &format!("areas[{index}]"), area);
    }
    check_unique(&mut c, q.areas.iter().enumerate().map(|(i, a)| (format!("areas[{i}]"), a.id.as_str())));
    check_area_links(&mut c, q);
    match q.kind {
        QuestionnaireKind::PositiveHealth => check_positive_health(&mut c, q),
        QuestionnaireKind::SocialNeeds => check_social_needs(&mut c, q),
        QuestionnaireKind::ScaleSections => {}
    }
    c.problems
}

/// Each item with its path, e.g. `sections[1].items[0]`.
fn item_paths(q: &Questionnaire) -> Vec<(String, &Item)> {
    let mut out = Vec::new();
    for (s, section) in q.sections.iter().enumerate() {
        for (i, item) in section.items.iter().enumerate() {
            out.push((format!("sections[{s}].items[{i}]"), item));
        }
    }
    out
}

fn check_id(c: &mut Checker, path: &str, id: &str) {
    let allowed = |ch: char| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-' || ch == '_';
    if id.is_empty() {
        c.add(path, "id が空です", "id is empty");
    } else if !id.chars().all(allowed) {
        c.add(
            path,
            "id に使えるのは半角の英小文字・数字・「-」「_」だけです",
            "id may only contain a–z, 0–9, \"-\" and \"_\"",
        );
    }
}

fn check_text(c: &mut Checker, path: &str, text: &Text) {
    if text.ja.trim().is_empty() {
        c.add(format!("{path}.ja"), "日本語の文がありません", "Japanese text is missing");
    }
    if text.en.trim().is_empty() {
        c.add(format!("{path}.en"), "英語の文がありません", "English text is missing");
    }
}

fn check_number(c: &mut Checker, path: &str, value: i32) {
    if value < NUMBER_MIN {
        c.add(path, format!("{NUMBER_MIN} より小さい値は使えません"), format!("must be ≥ {NUMBER_MIN}"));
    } else if value > NUMBER_MAX {
        c.add(path, format!("{NUMBER_MAX} より大きい値は使えません"), format!("must be ≤ {NUMBER_MAX}"));
    }
}

/// Reports every id already used earlier in the list, at `<path>.id`.
fn check_unique<'a>(c: &mut Checker, entries: impl Iterator<Item = (String, &'a str)>) {
    let mut first_use: HashMap<&str, String> = HashMap::new();
    for (path, id) in entries {
        if id.is_empty() {
            continue;
        }
        match first_use.get(id) {
            Some(first) => c.add(
                format!("{path}.id"),
                format!("id「{id}」は {first} でも使われています"),
                format!("duplicate id \"{id}\" (already used at {first})"),
            ),
            None => {
                first_use.insert(id, path);
            }
        }
    }
}

fn check_section(c: &mut Checker, path: &str, section: &Section) {
    check_id(c, &format!("{path}.id"), &section.id);
    check_text(c, &format!("{path}.title"), &section.title);
    if let Some(description) = &section.description {
        check_text(c, &format!("{path}.description"), description);
    }
    if section.items.is_empty() {
        c.add(format!("{path}.items"), "設問（items）が1つもありません", "needs at least one item");
    }
    for (index, item) in section.items.iter().enumerate() {
        check_item(c, &format!("{path}.items[{index}]"), item);
    }
    let has_scale = section.items.iter().any(|item| matches!(item.answer, AnswerFormat::Scale { .. }));
    if !section.result_texts.is_empty() && !has_scale {
        c.add(
            format!("{path}.result_texts"),
            "この節には目盛り（scale）の設問がないので、得点による結果の文は使えません",
            "this section has no scale items, so it has no score for result texts",
        );
    } else {
        check_bands(c, &format!("{path}.result_texts"), &section.result_texts);
    }
}

fn check_item(c: &mut Checker, path: &str, item: &Item) {
    check_id(c, &format!("{path}.id"), &item.id);
    check_text(c, &format!("{path}.text"), &item.text);
    let answer = format!("{path}.answer");
    match &item.answer {
        AnswerFormat::Scale { min, max, min_label, max_label } => {
            check_scale(c, &answer, *min, *max);
            check_text(c, &format!("{answer}.min_label"), min_label);
            check_text(c, &format!("{answer}.max_label"), max_label);
        }
        AnswerFormat::Choice { options } => {
            check_choice(c, &answer, options);
            if item.reverse {
                c.add(
                    format!("{path}.reverse"),
                    "reverse は目盛り（scale）の設問にだけ使えます",
                    "reverse only applies to scale items",
                );
            }
        }
    }
}

fn check_scale(c: &mut Checker, path: &str, min: i32, max: i32) {
    check_number(c, &format!("{path}.min"), min);
    check_number(c, &format!("{path}.max"), max);
    if min >= max {
        c.add(
            format!("{path}.max"),
            format!("max は min（{min}）より大きくしてください"),
            format!("must be greater than min ({min})"),
        );
    }
}

fn check_choice(c: &mut Checker, path: &str, options: &[ChoiceOption]) {
    if options.len() < 2 {
        c.add(format!("{path}.options"), "選択肢は2つ以上にしてください", "needs at least 2 options");
    }
    for (index, option) in options.iter().enumerate() {
        let option_path = format!("{path}.options[{index}]");
        check_id(c, &format!("{option_path}.id"), &option.id);
        check_text(c, &format!("{option_path}.label"), &option.label);
        check_number(c, &format!("{option_path}.score"), option.score);
    }
    check_unique(c, options.iter().enumerate().map(|(i, o)| (format!("{path}.options[{i}]"), o.id.as_str())));
}

/// A band end as tenths, reporting why it is unusable.
fn band_end(c: &mut Checker, path: String, value: f64) -> Option<Tenths> {
    let tenths = Tenths::from_decimal(value);
    if tenths.is_none() {
        if value.is_finite() && (0.0..=10.0).contains(&value) {
            c.add(path, "小数点以下は1桁までにしてください（例: 3.9）", "use at most one decimal place (e.g. 3.9)");
        } else {
            c.add(path, "0 から 10 までの値にしてください", "must be between 0 and 10");
        }
    }
    tenths
}

/// Bands must be listed from low to high and cover 0.0–10.0 exactly once.
fn check_bands(c: &mut Checker, path: &str, bands: &[ResultBand]) {
    let mut ranges = Vec::new();
    for (index, band) in bands.iter().enumerate() {
        let from = band_end(c, format!("{path}[{index}].from"), band.from);
        let to = band_end(c, format!("{path}[{index}].to"), band.to);
        check_text(c, &format!("{path}[{index}].text"), &band.text);
        if let (Some(from), Some(to)) = (from, to) {
            if from > to {
                c.add(
                    format!("{path}[{index}].to"),
                    format!("to は from（{from}）以上にしてください"),
                    format!("must not be below from ({from})"),
                );
            }
            ranges.push((from, to));
        }
    }
    if bands.is_empty() || ranges.len() != bands.len() || ranges.iter().any(|(from, to)| from > to) {
        return;
    }
    check_coverage(c, path, &ranges);
}

/// Gaps and overlaps between consecutive bands (already in tenths).
fn check_coverage(c: &mut Checker, path: &str, ranges: &[(Tenths, Tenths)]) {
    let mut previous_end: Option<Tenths> = None;
    for (index, (from, to)) in ranges.iter().enumerate() {
        let location = format!("{path}[{index}].from");
        match previous_end {
            None if from.tenths() != 0 => {
                c.add(location, "最初の区分は 0 から始めてください", "the first band must start at 0")
            }
            Some(end) => {
                let expected = Tenths(end.tenths() + 1);
                if *from > expected {
                    c.add(
                        location,
                        format!("前の区分（{end} まで）との間にすき間があります。{expected} から始めてください"),
                        format!("leaves a gap after the previous band (which ends at {end}); start at {expected}"),
                    );
                } else if *from < expected {
                    c.add(
                        location,
                        format!("前の区分（{end} まで）と重なっています。{expected} から始めてください"),
                        format!("overlaps the previous band (which ends at {end}); start at {expected}"),
                    );
                }
            }
            None => {}
        }
        previous_end = Some(*to);
    }
    if let Some(end) = previous_end {
        if end != Tenths::MAX {
            c.add(
                format!("{path}[{}].to", ranges.len() - 1),
                "最後の区分は 10 までにしてください",
                "the last band must end at 10",
            );
        }
    }
}

fn check_area(c: &mut Checker, path: &str, area: &Area) {
    check_id(c, &format!("{path}.id"), &area.id);
    check_text(c, &format!("{path}.name"), &area.name);
    check_text(c, &format!("{path}.support"), &area.support);
}

fn area_list(q: &Questionnaire) -> String {
    let ids: Vec<&str> = q.areas.iter().map(|a| a.id.as_str()).collect();
    if ids.is_empty() {
        "-".to_string()
    } else {
        ids.join(", ")
    }
}

/// Item `area`s must name a declared area and sit on choice items; every
/// declared area must be used.
fn check_area_links(c: &mut Checker, q: &Questionnaire) {
    for (path, item) in item_paths(q) {
        let Some(area) = &item.area else { continue };
        if !matches!(item.answer, AnswerFormat::Choice { .. }) {
            c.add(
                format!("{path}.area"),
                "area は選択式（choice）の設問にだけ使えます",
                "area only applies to choice items",
            );
        } else if q.area(area).is_none() {
            let known = area_list(q);
            c.add(
                format!("{path}.area"),
                format!("「{area}」という分野（area）はありません（使える値: {known}）"),
                format!("unknown area \"{area}\" (known: {known})"),
            );
        }
    }
    for (index, area) in q.areas.iter().enumerate() {
        if !q.items().any(|(_, item)| item.area.as_deref() == Some(area.id.as_str())) {
            c.add(format!("areas[{index}]"), "この分野（area）を使う設問がありません", "no item uses this area");
        }
    }
}

/// Exactly the six dimensions, answered on scales.
fn check_positive_health(c: &mut Checker, q: &Questionnaire) {
    let known: Vec<&str> = POSITIVE_HEALTH_DIMENSIONS.iter().map(|(id, _, _)| *id).collect();
    let list = known.join(", ");
    for (index, section) in q.sections.iter().enumerate() {
        if !section.id.is_empty() && !known.contains(&section.id.as_str()) {
            c.add(
                format!("sections[{index}].id"),
                format!("Positive Health の6つの次元のどれでもありません（使える id: {list}）"),
                format!("not one of the six Positive Health dimensions (use: {list})"),
            );
        }
    }
    for (id, ja, en) in POSITIVE_HEALTH_DIMENSIONS {
        if q.section(id).is_none() {
            c.add(
                "sections",
                format!("次元「{id}」（{ja}）がありません"),
                format!("dimension \"{id}\" ({en}) is missing"),
            );
        }
    }
    for (path, item) in item_paths(q) {
        if !matches!(item.answer, AnswerFormat::Scale { .. }) {
            c.add(
                format!("{path}.answer.type"),
                "Positive Health の設問は目盛り（\"scale\"）で答える形にしてください",
                "Positive Health items must use a \"scale\" answer",
            );
        }
    }
}

/// Choice questions, each naming a support area.
fn check_social_needs(c: &mut Checker, q: &Questionnaire) {
    if q.areas.is_empty() {
        c.add("areas", "支援の分野（areas）が1つもありません", "needs at least one support area");
    }
    for (path, item) in item_paths(q) {
        if !matches!(item.answer, AnswerFormat::Choice { .. }) {
            c.add(
                format!("{path}.answer.type"),
                "社会的ニーズの設問は選択式（\"choice\"）にしてください",
                "social-needs questions must use a \"choice\" answer",
            );
        } else if item.area.is_none() {
            let known = area_list(q);
            c.add(
                format!("{path}.area"),
                format!("支援の分野（area）を指定してください（使える値: {known}）"),
                format!("name the support area (known: {known})"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small valid scale_sections file; tests patch it to break one rule.
    fn base() -> serde_json::Value {
        serde_json::json!({
            "id": "test",
            "version": 1,
            "kind": "scale_sections",
            "title": {"ja": "テスト", "en": "Test"},
            "intro": {"ja": "はじめに", "en": "Intro"},
            "sections": [
                {
                    "id": "a",
                    "title": {"ja": "エー", "en": "A"},
                    "items": [
                        {"id": "a1", "text": {"ja": "問1", "en": "Q1"},
                         "answer": {"type": "scale", "min": 0, "max": 10,
                                    "min_label": {"ja": "低", "en": "low"},
                                    "max_label": {"ja": "高", "en": "high"}}},
                        {"id": "a2", "text": {"ja": "問2", "en": "Q2"},
                         "answer": {"type": "choice", "options": [
                             {"id": "yes", "label": {"ja": "はい", "en": "Yes"}, "score": 0},
                             {"id": "no", "label": {"ja": "いいえ", "en": "No"}, "score": 3}]}}
                    ],
                    "result_texts": [
                        {"from": 0, "to": 3.9, "text": {"ja": "低め", "en": "low"}},
                        {"from": 4, "to": 6.9, "text": {"ja": "中くらい", "en": "middle"}},
                        {"from": 7, "to": 10, "text": {"ja": "高め", "en": "high"}}
                    ]
                },
                {
                    "id": "b",
                    "title": {"ja": "ビー", "en": "B"},
                    "items": [
                        {"id": "b1", "text": {"ja": "問3", "en": "Q3"},
                         "answer": {"type": "scale", "min": 1, "max": 5,
                                    "min_label": {"ja": "低", "en": "low"},
                                    "max_label": {"ja": "高", "en": "high"}}}
                    ]
                }
            ]
        })
    }

    /// Applies `patch` (path of keys/indices → new value, or removal) to the base file.
    fn patched(pointer: &str, value: Option<serde_json::Value>) -> String {
        let mut doc = base();
        let (parent, key) = pointer.rsplit_once('/').expect("pointer has a parent");
        let target = doc.pointer_mut(parent).expect("parent exists");
        match (target, value) {
            (serde_json::Value::Object(map), Some(v)) => {
                map.insert(key.to_string(), v);
            }
            (serde_json::Value::Object(map), None) => {
                map.remove(key);
            }
            (serde_json::Value::Array(list), Some(v)) => {
                let index: usize = key.parse().expect("index");
                list[index] = v;
            }
            (serde_json::Value::Array(list), None) => {
                let index: usize = key.parse().expect("index");
                list.remove(index);
            }
            _ => panic!("bad patch target"),
        }
        serde_json::to_string_pretty(&doc).expect("serialises")
    }

    fn problems(json: &str) -> Vec<LoadProblem> {
        match Questionnaire::from_json(json) {
            Ok(_) => panic!("expected the file to be rejected:\n{json}"),
            Err(e) => e.problems,
        }
    }

    /// (location, English message) pairs.
    fn pairs(json: &str) -> Vec<(String, String)> {
        problems(json).into_iter().map(|p| (p.location, p.message.en)).collect()
    }

    fn has(json: &str, location: &str, en: &str) {
        let found = pairs(json);
        assert!(found.iter().any(|(l, m)| l == location && m == en), "expected `{location}: {en}` in {found:#?}");
    }

    use serde_json::json;

    #[test]
    fn base_file_loads() {
        let q = Questionnaire::from_json(&base().to_string()).expect("base is valid");
        assert_eq!(q.sections.len(), 2);
        assert_eq!(q.needs_support_from, 2);
        assert_eq!(q.item("b1").map(|i| i.id.as_str()), Some("b1"));
    }

    #[test]
    fn rejects_each_broken_rule_with_location_and_message() {
        let cases: Vec<(&str, Option<serde_json::Value>, &str, &str)> = vec![
            ("/title", Some(json!({"ja": "", "en": "Test"})), "title.ja", "Japanese text is missing"),
            ("/title", Some(json!({"ja": "テスト"})), "title.en", "English text is missing"),
            ("/intro", Some(json!({"ja": "  ", "en": "x"})), "intro.ja", "Japanese text is missing"),
            ("/id", Some(json!("Bad Id")), "id", "id may only contain a–z, 0–9, \"-\" and \"_\""),
            ("/id", Some(json!("")), "id", "id is empty"),
            ("/version", Some(json!(0)), "version", "must be ≥ 1"),
            ("/sections", Some(json!([])), "sections", "needs at least one section"),
            ("/sections/1/items", Some(json!([])), "sections[1].items", "needs at least one item"),
            ("/sections/1/id", Some(json!("a")), "sections[1].id", "duplicate id \"a\" (already used at sections[0])"),
            (
                "/sections/1/items/0/id",
                Some(json!("a2")),
                "sections[1].items[0].id",
                "duplicate id \"a2\" (already used at sections[0].items[1])",
            ),
            (
                "/sections/0/items/1/answer/options/1/id",
                Some(json!("yes")),
                "sections[0].items[1].answer.options[1].id",
                "duplicate id \"yes\" (already used at sections[0].items[1].answer.options[0])",
            ),
            ("/sections/0/items/0/answer/max", Some(json!(101)), "sections[0].items[0].answer.max", "must be ≤ 100"),
            ("/sections/0/items/0/answer/min", Some(json!(-1)), "sections[0].items[0].answer.min", "must be ≥ 0"),
            (
                "/sections/0/items/0/answer/max",
                Some(json!(0)),
                "sections[0].items[0].answer.max",
                "must be greater than min (0)",
            ),
            (
                "/sections/0/items/1/answer/options",
                Some(json!([{"id": "x", "label": {"ja": "x", "en": "x"}, "score": 0}])),
                "sections[0].items[1].answer.options",
                "needs at least 2 options",
            ),
            (
                "/sections/0/items/1/answer/options/0/score",
                Some(json!(101)),
                "sections[0].items[1].answer.options[0].score",
                "must be ≤ 100",
            ),
            (
                "/sections/0/items/1/answer/options/0/label",
                Some(json!({"ja": "はい"})),
                "sections[0].items[1].answer.options[0].label.en",
                "English text is missing",
            ),
            (
                "/sections/0/items/0/answer/min_label",
                Some(json!({"en": "low"})),
                "sections[0].items[0].answer.min_label.ja",
                "Japanese text is missing",
            ),
            (
                "/sections/0/items/1/reverse",
                Some(json!(true)),
                "sections[0].items[1].reverse",
                "reverse only applies to scale items",
            ),
            (
                "/sections/0/description",
                Some(json!({"ja": "説明", "en": ""})),
                "sections[0].description.en",
                "English text is missing",
            ),
            // Result-text bands.
            (
                "/sections/0/result_texts/1/from",
                Some(json!(4.5)),
                "sections[0].result_texts[1].from",
                "leaves a gap after the previous band (which ends at 3.9); start at 4.0",
            ),
            (
                "/sections/0/result_texts/1/from",
                Some(json!(3.5)),
                "sections[0].result_texts[1].from",
                "overlaps the previous band (which ends at 3.9); start at 4.0",
            ),
            (
                "/sections/0/result_texts/0/from",
                Some(json!(1)),
                "sections[0].result_texts[0].from",
                "the first band must start at 0",
            ),
            (
                "/sections/0/result_texts/2/to",
                Some(json!(9.9)),
                "sections[0].result_texts[2].to",
                "the last band must end at 10",
            ),
            (
                "/sections/0/result_texts/0/to",
                Some(json!(3.95)),
                "sections[0].result_texts[0].to",
                "use at most one decimal place (e.g. 3.9)",
            ),
            (
                "/sections/0/result_texts/2/to",
                Some(json!(11)),
                "sections[0].result_texts[2].to",
                "must be between 0 and 10",
            ),
            (
                "/sections/0/result_texts/1/to",
                Some(json!(3)),
                "sections[0].result_texts[1].to",
                "must not be below from (4.0)",
            ),
            (
                "/sections/1/result_texts",
                Some(json!([{"from": 0, "to": 10, "text": {"ja": "x", "en": ""}}])),
                "sections[1].result_texts[0].text.en",
                "English text is missing",
            ),
            // Areas.
            (
                "/sections/0/items/1/area",
                Some(json!("money")),
                "sections[0].items[1].area",
                "unknown area \"money\" (known: -)",
            ),
            (
                "/sections/0/items/0/area",
                Some(json!("money")),
                "sections[0].items[0].area",
                "area only applies to choice items",
            ),
            (
                "/areas",
                Some(
                    json!([{"id": "money", "name": {"ja": "お金", "en": "Money"}, "support": {"ja": "相談", "en": "Help"}}]),
                ),
                "areas[0]",
                "no item uses this area",
            ),
            ("/needs_support_from", Some(json!(101)), "needs_support_from", "must be ≤ 100"),
        ];
        for (pointer, value, location, message) in cases {
            has(&patched(pointer, value), location, message);
        }
    }

    #[test]
    fn result_texts_need_a_scale_item() {
        let mut doc = base();
        doc["sections"][0]["items"].as_array_mut().expect("array").remove(0);
        has(
            &doc.to_string(),
            "sections[0].result_texts",
            "this section has no scale items, so it has no score for result texts",
        );
    }

    #[test]
    fn lists_every_problem_not_just_the_first() {
        let mut doc = base();
        doc["title"]["en"] = json!("");
        doc["sections"][0]["items"][0]["answer"]["max"] = json!(200);
        doc["sections"][1]["id"] = json!("a");
        let found = pairs(&doc.to_string());
        assert_eq!(found.len(), 3, "{found:#?}");
        assert_eq!(found[0], ("title.en".to_string(), "English text is missing".to_string()));
    }

    #[test]
    fn japanese_messages_are_given_too() {
        let found = problems(&patched("/sections/0/items/0/answer/max", Some(json!(101))));
        assert_eq!(found[0].message.ja, "100 より大きい値は使えません");
        assert_eq!(found[0].to_string_ja(), "sections[0].items[0].answer.max: 100 より大きい値は使えません");
        assert_eq!(found[0].to_string(), "sections[0].items[0].answer.max: must be ≤ 100");
    }

    #[test]
    fn schema_mismatches_name_the_field_and_position() {
        let cases: Vec<(String, &str, &str)> = vec![
            (
                patched("/sections/0/colour", Some(json!("red"))),
                "sections[0].colour",
                "unknown field \"colour\" (allowed: id, title, description, items, result_texts)",
            ),
            (
                patched("/sections/0/items/0/answer/step", Some(json!(1))),
                "sections[0].items[0].answer.step",
                "unknown field \"step\" (allowed: min, max, min_label, max_label)",
            ),
            (
                patched("/sections/0/items/0/text", None),
                "sections[0].items[0].text",
                "required field \"text\" is missing",
            ),
            (
                patched("/sections/1/items/0/answer/max", None),
                "sections[1].items[0].answer.max",
                "required field \"max\" is missing",
            ),
            (
                patched("/sections/0/items/0/answer/type", Some(json!("slider"))),
                "sections[0].items[0].answer.type",
                "\"slider\" is not allowed (use: scale, choice)",
            ),
            (
                patched("/kind", Some(json!("quiz"))),
                "kind",
                "\"quiz\" is not allowed (use: positive_health, social_needs, scale_sections)",
            ),
            (patched("/version", Some(json!("1"))), "version", "invalid type: string \"1\", expected u32"),
            (
                patched("/sections/1/items/0/id", Some(json!(5))),
                "sections[1].items[0].id",
                "invalid type: integer `5`, expected a string",
            ),
            (patched("/title/fr", Some(json!("Test"))), "title.fr", "unknown field \"fr\" (allowed: ja, en)"),
            (patched("/id", None), "id", "required field \"id\" is missing"),
        ];
        for (json, location, message) in cases {
            let found = problems(&json);
            assert_eq!(found.len(), 1, "{found:#?}");
            assert_eq!((found[0].location.as_str(), found[0].message.en.as_str()), (location, message), "{json}");
            assert!(found[0].line.is_some() && found[0].column.is_some(), "{:?}", found[0]);
        }
    }

    #[test]
    fn schema_mismatch_in_japanese() {
        let found = problems(&patched("/sections/0/colour", Some(json!("red"))));
        assert_eq!(
            found[0].message.ja,
            "「colour」という項目は使えません（使える項目: id, title, description, items, result_texts）"
        );
        let found = problems(&patched("/version", Some(json!(-3))));
        assert_eq!(found[0].message.ja, "値の形が違います（0 以上の整数にしてください）");
    }

    #[test]
    fn malformed_json_reports_line_and_column() {
        let json = "{\n  \"id\": \"x\",\n  \"title\": {\"ja\": \"テスト\" \"en\": \"Test\"}\n}";
        let found = problems(json);
        assert_eq!(found.len(), 1);
        let p = &found[0];
        // Column 25 is the opening quote of "en", counted in characters.
        assert_eq!((p.line, p.column), (Some(3), Some(25)), "{p:?}");
        assert_eq!(p.location, "title.ja");
        assert_eq!(p.message.en, "malformed JSON: expected `,` or `}`");
        assert_eq!(p.message.ja, "JSON の書き方の誤り: 「,」か「}」が必要です");
        assert_eq!(p.to_string(), "title.ja (line 3, column 25): malformed JSON: expected `,` or `}`");
    }

    #[test]
    fn malformed_json_other_shapes() {
        let cases = [
            ("", "malformed JSON: EOF while parsing a value", ""),
            ("{\"id\": \"x\",}", "malformed JSON: trailing comma", ""),
            ("{\"id\": \"a\", \"title\": {\"ja\": 'b'}}", "malformed JSON: expected value", "title.ja"),
            ("{\"sections\": [{\"id\": \"a\"}, {\"id\": 'b'}]}", "malformed JSON: expected value", "sections[1].id"),
            ("{} x", "malformed JSON: trailing characters", ""),
        ];
        for (json, en, location) in cases {
            let found = problems(json);
            assert_eq!((found[0].message.en.as_str(), found[0].location.as_str()), (en, location), "{json}");
        }
    }

    #[test]
    fn path_walker_tracks_keys_and_indices() {
        let json = r#"{"a": [1, {"b": "x,]}", "c": [[], [5|"#;
        let at_bar = json.find('|').expect("marker");
        assert_eq!(path_at(json, at_bar), "a[1].c[1][0]");
        assert_eq!(path_at(json, 0), "");
        assert_eq!(path_at("{\"k\": \"unterminated", 100), "k");
    }

    #[test]
    fn tenths_convert_exactly() {
        assert_eq!(Tenths::from_decimal(3.9).map(Tenths::tenths), Some(39));
        assert_eq!(Tenths::from_decimal(10.0).map(Tenths::tenths), Some(100));
        assert_eq!(Tenths::from_decimal(0.3 * 3.0).map(Tenths::tenths), Some(9));
        assert_eq!(Tenths::from_decimal(3.95), None);
        assert_eq!(Tenths::from_decimal(-0.1), None);
        assert_eq!(Tenths::from_decimal(f64::NAN), None);
        assert_eq!(Tenths::from_tenths(101), None);
        assert_eq!(Tenths(75).to_string(), "7.5");
        assert_eq!(Tenths(100).to_string(), "10.0");
    }

    fn kind_file(kind: &str, section_ids: &[&str], answer: serde_json::Value) -> serde_json::Value {
        let sections: Vec<_> = section_ids
            .iter()
            .map(|id| {
                json!({"id": id, "title": {"ja": "題", "en": "T"},
                       "items": [{"id": format!("{id}-1"), "text": {"ja": "問", "en": "Q"}, "answer": answer.clone()}]})
            })
            .collect();
        json!({"id": "k", "version": 1, "kind": kind, "title": {"ja": "題", "en": "T"},
               "intro": {"ja": "序", "en": "I"}, "sections": sections})
    }

    fn scale() -> serde_json::Value {
        json!({"type": "scale", "min": 0, "max": 10, "min_label": {"ja": "0", "en": "0"}, "max_label": {"ja": "10", "en": "10"}})
    }

    fn choice() -> serde_json::Value {
        json!({"type": "choice", "options": [
            {"id": "a", "label": {"ja": "あ", "en": "A"}, "score": 0},
            {"id": "b", "label": {"ja": "い", "en": "B"}, "score": 3}]})
    }

    const SIX: [&str; 6] = ["body", "mind", "meaning", "quality", "participation", "daily"];

    #[test]
    fn positive_health_needs_the_six_dimensions() {
        assert!(Questionnaire::from_json(&kind_file("positive_health", &SIX, scale()).to_string()).is_ok());
        // Order does not matter.
        let reversed: Vec<&str> = SIX.iter().rev().copied().collect();
        assert!(Questionnaire::from_json(&kind_file("positive_health", &reversed, scale()).to_string()).is_ok());

        let five = kind_file("positive_health", &SIX[..5], scale()).to_string();
        has(&five, "sections", "dimension \"daily\" (Daily functioning) is missing");
        assert_eq!(problems(&five)[0].message.ja, "次元「daily」（日常の機能）がありません");

        let mut extra: Vec<&str> = SIX.to_vec();
        extra[2] = "spirit";
        let json = kind_file("positive_health", &extra, scale()).to_string();
        has(
            &json,
            "sections[2].id",
            "not one of the six Positive Health dimensions (use: body, mind, meaning, quality, participation, daily)",
        );
        has(&json, "sections", "dimension \"meaning\" (Meaningfulness) is missing");

        let json = kind_file("positive_health", &SIX, choice()).to_string();
        has(&json, "sections[0].items[0].answer.type", "Positive Health items must use a \"scale\" answer");
    }

    #[test]
    fn positive_health_accepts_many_items_per_dimension() {
        // A licensed 42-item file: 7 items in each of the six dimensions.
        let mut doc = kind_file("positive_health", &SIX, scale());
        for section in doc["sections"].as_array_mut().expect("sections") {
            let id = section["id"].as_str().expect("id").to_string();
            let items: Vec<_> = (1..=7)
                .map(|n| json!({"id": format!("{id}-{n}"), "text": {"ja": "問", "en": "Q"}, "answer": scale()}))
                .collect();
            section["items"] = json!(items);
        }
        let q = Questionnaire::from_json(&doc.to_string()).expect("42 items load");
        assert_eq!(q.item_count(), 42);
    }

    #[test]
    fn social_needs_questions_name_known_areas() {
        let mut doc = kind_file("social_needs", &["questions"], choice());
        let json = doc.to_string();
        has(&json, "areas", "needs at least one support area");
        has(&json, "sections[0].items[0].area", "name the support area (known: -)");

        doc["areas"] =
            json!([{"id": "money", "name": {"ja": "お金", "en": "Money"}, "support": {"ja": "相談", "en": "Help"}}]);
        doc["sections"][0]["items"][0]["area"] = json!("health");
        has(&doc.to_string(), "sections[0].items[0].area", "unknown area \"health\" (known: money)");
        assert_eq!(
            problems(&doc.to_string())[0].message.ja,
            "「health」という分野（area）はありません（使える値: money）"
        );

        doc["sections"][0]["items"][0]["area"] = json!("money");
        assert!(Questionnaire::from_json(&doc.to_string()).is_ok());

        doc["sections"][0]["items"][0]["answer"] = scale();
        doc["sections"][0]["items"][0]["area"] = serde_json::Value::Null;
        let json = doc.to_string();
        has(&json, "sections[0].items[0].answer.type", "social-needs questions must use a \"choice\" answer");
    }

    #[test]
    fn builtin_files_all_load() {
        for (index, text) in BUILTIN_FILES.iter().enumerate() {
            if let Err(e) = Questionnaire::from_json(text) {
                panic!("builtin file {index} does not load:\n{e}");
            }
        }
        assert_eq!(builtin().len(), 3);
    }

    fn builtin_by_id(id: &str) -> Questionnaire {
        builtin().into_iter().find(|q| q.id == id).unwrap_or_else(|| panic!("{id} is builtin"))
    }

    #[test]
    fn builtin_positive_health_full_shape() {
        let q = builtin_by_id("positive-health-full");
        assert_eq!(q.kind, QuestionnaireKind::PositiveHealth);
        let ids: Vec<&str> = q.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, SIX);
        for (section, (_, ja, en)) in q.sections.iter().zip(POSITIVE_HEALTH_DIMENSIONS) {
            assert_eq!((section.title.ja.as_str(), section.title.en.as_str()), (ja, en));
            assert!((4..=7).contains(&section.items.len()), "{}", section.id);
            assert_eq!(section.result_texts.len(), 3, "{}", section.id);
            for item in &section.items {
                assert!(item.text.ja.chars().count() <= 40, "too long: {}", item.text.ja);
                assert!(
                    matches!(item.answer, AnswerFormat::Scale { min: 0, max: 10, .. }),
                    "{} is not a 0–10 scale",
                    item.id
                );
            }
        }
    }

    #[test]
    fn builtin_positive_health_quick_shape() {
        let q = builtin_by_id("positive-health-quick");
        assert_eq!(q.kind, QuestionnaireKind::PositiveHealth);
        let ids: Vec<&str> = q.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, SIX);
        assert_eq!(q.item_count(), 6);
        assert!(q.sections.iter().all(|s| s.items.len() == 1 && s.result_texts.len() == 3));
    }

    #[test]
    fn builtin_social_needs_shape() {
        let q = builtin_by_id("social-needs");
        assert_eq!(q.kind, QuestionnaireKind::SocialNeeds);
        assert_eq!(q.item_count(), 6);
        let areas: Vec<Option<&str>> = q.items().map(|(_, item)| item.area.as_deref()).collect();
        assert_eq!(
            areas,
            [
                Some("money"),
                Some("family_contact"),
                Some("money"),
                Some("friends_contact"),
                Some("health"),
                Some("life_satisfaction")
            ]
        );
        for (_, item) in q.items() {
            match &item.answer {
                AnswerFormat::Choice { options } => {
                    let scores: Vec<i32> = options.iter().map(|o| o.score).collect();
                    assert_eq!(scores, [0, 1, 2, 3], "{}", item.id);
                }
                AnswerFormat::Scale { .. } => panic!("{} should be a choice", item.id),
            }
        }
        let area_ids: Vec<&str> = q.areas.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(area_ids, ["money", "family_contact", "friends_contact", "health", "life_satisfaction"]);
    }

    #[test]
    fn round_trips_through_serde() {
        for q in builtin() {
            let json = serde_json::to_string(&q).expect("serialises");
            assert_eq!(Questionnaire::from_json(&json), Ok(q));
        }
    }
}
