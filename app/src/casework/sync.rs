//! What a tablet sends when it syncs its outbox, and what it gets back.
//!
//! Every edit made on the tablet (note, connection, rating, quick check,
//! field change) becomes one [`SyncItem`] with an id the device made up, the
//! case it belongs to and its place in that device's sequence for the case.
//! A batch is parsed whole into [`ValidBatch`] before anything is written: one
//! bad item refuses the batch and says which item and what to fix.
use super::model::{CaseField, ConnectionState, Indicator, NoteKind, Rating, Stage, TieKind};
use crate::activities::model::Family;
use crate::events::model::parse_date;
use crate::i18n::Locale;
use crate::validation::{PlainText, Problem};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// Items one batch may hold (the outbox sends in chunks of this size).
pub const MAX_ITEMS: usize = 200;
pub const MAX_NOTE: usize = 4000;

/// The outbox as sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SyncBatch {
    /// The device's own id (made up once, 8–64 of `A-Z a-z 0-9 - _`).
    #[cfg_attr(feature = "ssr", schema(pattern = "^[A-Za-z0-9_-]{8,64}$"))]
    pub device_id: String,
    /// The account whose edits these are (learnt from an earlier answer): a
    /// different signed-in account is refused, so nobody's edits are ever
    /// filed under someone else's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<i64>,
    #[cfg_attr(feature = "ssr", schema(max_items = 200))]
    pub items: Vec<SyncItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SyncItem {
    /// The edit's id, made up on the device (8–64 of `A-Z a-z 0-9 - _`;
    /// unique in the batch): a replay of it is answered `duplicate`.
    #[cfg_attr(feature = "ssr", schema(pattern = "^[A-Za-z0-9_-]{8,64}$"))]
    pub client_id: String,
    #[cfg_attr(feature = "ssr", schema(minimum = 1))]
    pub case_id: i64,
    /// 1, 2, 3… per device and case, in the order the edits were made.
    #[cfg_attr(feature = "ssr", schema(minimum = 1))]
    pub seq: i64,
    /// The device's clock when the edit was made (RFC 3339).
    #[cfg_attr(feature = "ssr", schema(format = DateTime))]
    pub written_at: String,
    pub change: Change,
}

/// One edit. Strings as typed; [`SyncBatch::parse`] checks them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Change {
    /// A timeline entry.
    Note {
        #[cfg_attr(feature = "ssr", schema(schema_with = NoteKind::schema))]
        note_kind: String,
        #[cfg_attr(feature = "ssr", schema(format = Date))]
        happened_on: String,
        #[cfg_attr(feature = "ssr", schema(max_length = 4000))]
        body: String,
    },
    /// A person, group or place the person is connected with.
    Connection {
        #[cfg_attr(feature = "ssr", schema(min_length = 1, max_length = 200))]
        label: String,
        #[serde(default)]
        #[cfg_attr(feature = "ssr", schema(minimum = 1))]
        activity_id: Option<i64>,
        #[serde(default)]
        #[cfg_attr(feature = "ssr", schema(minimum = 1))]
        resource_id: Option<i64>,
        #[cfg_attr(feature = "ssr", schema(schema_with = TieKind::schema))]
        tie: String,
        #[cfg_attr(feature = "ssr", schema(schema_with = Family::schema))]
        family: String,
        #[cfg_attr(feature = "ssr", schema(schema_with = ConnectionState::schema))]
        state: String,
        /// A date, or empty.
        #[serde(default)]
        started_on: String,
        #[serde(default)]
        #[cfg_attr(feature = "ssr", schema(max_length = 100))]
        introduced_by: String,
        /// Already there before the support began (Nabari's tally).
        #[serde(default)]
        before_support: bool,
    },
    /// One of the six indicators, 1 (not at all) … 5 (fully).
    Rating {
        #[cfg_attr(feature = "ssr", schema(schema_with = Stage::schema))]
        stage: String,
        #[cfg_attr(feature = "ssr", schema(schema_with = Indicator::schema))]
        indicator: String,
        #[cfg_attr(feature = "ssr", schema(minimum = 1, maximum = 5))]
        rating: i64,
        #[serde(default)]
        #[cfg_attr(feature = "ssr", schema(max_length = 1000))]
        note: String,
    },
    /// A questionnaire's dimension scores (the Positive Health quick check).
    Check {
        #[cfg_attr(feature = "ssr", schema(schema_with = Stage::schema))]
        stage: String,
        #[cfg_attr(feature = "ssr", schema(pattern = "^[a-z0-9_-]{1,40}$"))]
        questionnaire_id: String,
        scores: BTreeMap<String, f64>,
        #[cfg_attr(feature = "ssr", schema(format = Date))]
        taken_on: String,
    },
    /// A single-valued fact, changed from the revision the device last saw.
    Field {
        #[cfg_attr(feature = "ssr", schema(schema_with = CaseField::schema))]
        field: String,
        value: String,
        base_revision: i64,
    },
}

/// A batch in which every item is well formed.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidBatch {
    pub device_id: String,
    pub items: Vec<ValidItem>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidItem {
    pub client_id: String,
    pub case_id: i64,
    pub seq: i64,
    pub written_at: String,
    pub change: ValidChange,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ValidChange {
    Note { kind: NoteKind, happened_on: NaiveDate, body: PlainText },
    Connection(NewConnection),
    Rating { stage: Stage, indicator: Indicator, rating: Rating, note: Option<PlainText> },
    Check { stage: Stage, questionnaire_id: String, scores: BTreeMap<String, f64>, taken_on: NaiveDate },
    Field { field: CaseField, value: String, base_revision: i64 },
}

impl ValidChange {
    /// The kind of edit, for the audit log (never the values).
    pub fn kind(&self) -> &'static str {
        match self {
            ValidChange::Note { .. } => "note",
            ValidChange::Connection(_) => "connection",
            ValidChange::Rating { .. } => "rating",
            ValidChange::Check { .. } => "check",
            ValidChange::Field { field, .. } => field.as_str(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewConnection {
    pub label: PlainText,
    pub activity_id: Option<i64>,
    pub resource_id: Option<i64>,
    pub tie: TieKind,
    pub family: Family,
    pub state: ConnectionState,
    pub started_on: Option<NaiveDate>,
    pub introduced_by: Option<PlainText>,
    pub before_support: bool,
}

/// What is wrong in a refused batch: which item (from 0), which field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchProblem {
    pub item: Option<usize>,
    pub field: String,
    pub problem: Problem,
}

impl BatchProblem {
    pub fn message(&self, locale: Locale) -> String {
        let what = self.problem.message(locale);
        match (self.item, locale) {
            (Some(i), Locale::ja) => format!("{}件目の「{}」: {what}", i + 1, self.field),
            (Some(i), _) => format!("item {} \"{}\": {what}", i + 1, self.field),
            (None, Locale::ja) => format!("「{}」: {what}", self.field),
            (None, _) => format!("\"{}\": {what}", self.field),
        }
    }
}

/// An id a device made up: 8–64 of `A-Z a-z 0-9 - _`.
pub fn valid_client_id(s: &str) -> bool {
    (8..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl SyncBatch {
    /// Every item checked; all problems at once, or the batch ready to apply.
    pub fn parse(&self) -> Result<ValidBatch, Vec<BatchProblem>> {
        let mut problems = Vec::new();
        let mut batch_problem = |field: &str, problem: Problem| {
            problems.push(BatchProblem { item: None, field: field.into(), problem })
        };
        if !valid_client_id(&self.device_id) {
            batch_problem("device_id", Problem::Unknown(self.device_id.chars().take(64).collect()));
        }
        if self.items.len() > MAX_ITEMS {
            batch_problem("items", Problem::Number { min: 0, max: MAX_ITEMS as i64 });
        }
        let mut seen_ids = HashSet::new();
        let mut seen_seqs = HashSet::new();
        let mut items = Vec::with_capacity(self.items.len());
        for (i, item) in self.items.iter().enumerate() {
            let mut bad = |field: &str, problem: Problem| {
                problems.push(BatchProblem { item: Some(i), field: field.into(), problem })
            };
            if !valid_client_id(&item.client_id) {
                bad("client_id", Problem::Unknown(item.client_id.chars().take(64).collect()));
            } else if !seen_ids.insert(item.client_id.as_str()) {
                bad("client_id", Problem::Duplicate(item.client_id.clone()));
            }
            if item.case_id <= 0 {
                bad("case_id", Problem::Number { min: 1, max: i64::MAX });
            }
            if item.seq <= 0 {
                bad("seq", Problem::Number { min: 1, max: i64::MAX });
            } else if !seen_seqs.insert((item.case_id, item.seq)) {
                bad("seq", Problem::Duplicate(item.seq.to_string()));
            }
            let written_at = match chrono::DateTime::parse_from_rfc3339(item.written_at.trim()) {
                Ok(t) => t.with_timezone(&chrono::Utc).to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                Err(_) => {
                    bad("written_at", Problem::Date);
                    String::new()
                }
            };
            match parse_change(&item.change, &mut bad) {
                Some(change) => items.push(ValidItem {
                    client_id: item.client_id.clone(),
                    case_id: item.case_id,
                    seq: item.seq,
                    written_at,
                    change,
                }),
                None => continue,
            }
        }
        if problems.is_empty() {
            Ok(ValidBatch { device_id: self.device_id.clone(), items })
        } else {
            Err(problems)
        }
    }
}

/// A questionnaire or dimension id: 1–40 of `a-z 0-9 - _`.
fn slug(s: &str) -> bool {
    (1..=40).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

fn parse_change(change: &Change, bad: &mut impl FnMut(&str, Problem)) -> Option<ValidChange> {
    fn closed<T>(v: Option<T>, field: &str, raw: &str, bad: &mut impl FnMut(&str, Problem)) -> Option<T> {
        if v.is_none() {
            bad(field, Problem::Unknown(raw.chars().take(40).collect()));
        }
        v
    }
    fn ok<T>(r: Result<T, Problem>, field: &str, bad: &mut impl FnMut(&str, Problem)) -> Option<T> {
        r.map_err(|p| bad(field, p)).ok()
    }
    fn date(raw: &str, field: &str, bad: &mut impl FnMut(&str, Problem)) -> Option<NaiveDate> {
        ok(parse_date(raw), field, bad)
    }
    match change {
        Change::Note { note_kind, happened_on, body } => {
            let kind = closed(NoteKind::parse(note_kind), "note_kind", note_kind, bad);
            let happened_on = date(happened_on, "happened_on", bad);
            let body = ok(PlainText::parse(body, MAX_NOTE, true), "body", bad);
            Some(ValidChange::Note { kind: kind?, happened_on: happened_on?, body: body? })
        }
        Change::Connection { label, activity_id, resource_id, tie, family, state, started_on, introduced_by, before_support } => {
            let label = ok(PlainText::parse(label, 200, false), "label", bad);
            let tie = closed(TieKind::parse(tie), "tie", tie, bad);
            let family = closed(Family::parse(family), "family", family, bad);
            let state = closed(ConnectionState::parse(state), "state", state, bad);
            let started_on = if started_on.trim().is_empty() { Some(None) } else { date(started_on, "started_on", bad).map(Some) };
            let introduced_by = ok(PlainText::parse_optional(introduced_by, 100, false), "introduced_by", bad);
            if activity_id.is_some() && resource_id.is_some() {
                bad("resource_id", Problem::ChooseOne);
            }
            if activity_id.is_some_and(|id| id <= 0) || resource_id.is_some_and(|id| id <= 0) {
                bad("activity_id", Problem::Number { min: 1, max: i64::MAX });
                return None;
            }
            Some(ValidChange::Connection(NewConnection {
                label: label?,
                activity_id: *activity_id,
                resource_id: *resource_id,
                tie: tie?,
                family: family?,
                state: state?,
                started_on: started_on?,
                introduced_by: introduced_by?,
                before_support: *before_support,
            }))
        }
        Change::Rating { stage, indicator, rating, note } => {
            let stage = closed(Stage::parse(stage), "stage", stage, bad);
            let indicator = closed(Indicator::parse(indicator), "indicator", indicator, bad);
            let rating = ok(Rating::parse(&rating.to_string()), "rating", bad);
            let note = ok(PlainText::parse_optional(note, 1000, true), "note", bad);
            Some(ValidChange::Rating { stage: stage?, indicator: indicator?, rating: rating?, note: note? })
        }
        Change::Check { stage, questionnaire_id, scores, taken_on } => {
            let stage = closed(Stage::parse(stage), "stage", stage, bad);
            let taken_on = date(taken_on, "taken_on", bad);
            let id_ok = slug(questionnaire_id);
            if !id_ok {
                bad("questionnaire_id", Problem::Unknown(questionnaire_id.chars().take(40).collect()));
            }
            let scores_ok = !scores.is_empty()
                && scores.len() <= 12
                && scores.iter().all(|(k, v)| slug(k) && (0.0..=10.0).contains(v));
            if !scores_ok {
                bad("scores", Problem::Number { min: 0, max: 10 });
            }
            (id_ok && scores_ok).then_some(())?;
            Some(ValidChange::Check { stage: stage?, questionnaire_id: questionnaire_id.clone(), scores: scores.clone(), taken_on: taken_on? })
        }
        Change::Field { field, value, base_revision } => {
            let field = closed(CaseField::parse(field), "field", field, bad)?;
            let value = ok(field.parse_value(value), field.as_str(), bad);
            if *base_revision < 0 {
                bad("base_revision", Problem::Number { min: 0, max: i64::MAX });
                return None;
            }
            Some(ValidChange::Field { field, value: value?, base_revision: *base_revision })
        }
    }
}

/// What became of one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Outcome {
    /// Written now.
    Applied,
    /// Seen before (a replay): nothing written again.
    Duplicate,
    /// An earlier item of this device for this case has not arrived yet:
    /// nothing written; send it again after the earlier one.
    Deferred,
    /// Another device changed this field since the revision this device saw:
    /// nothing overwritten, both values kept for a person to choose.
    Conflict { field: String, server_value: String, device_value: String, conflict_id: i64 },
}

impl Outcome {
    /// Whether the device may drop the item from its outbox.
    pub fn settled(&self) -> bool {
        !matches!(self, Outcome::Deferred)
    }

    /// How a replay of this item is answered.
    pub fn stored(&self) -> &'static str {
        match self {
            Outcome::Applied | Outcome::Duplicate => "applied",
            Outcome::Deferred => "deferred",
            Outcome::Conflict { .. } => "conflict",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ItemResult {
    pub client_id: String,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// The answer to a batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SyncReply {
    pub results: Vec<ItemResult>,
    /// Cases this person may still work: a device wipes the others.
    pub assigned_cases: Vec<i64>,
    pub server_time: String,
    /// The signed-in account (the device's outbox belongs to it from now).
    #[serde(default)]
    pub user_id: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(client_id: &str, seq: i64, change: Change) -> SyncItem {
        SyncItem { client_id: client_id.into(), case_id: 7, seq, written_at: "2026-12-02T01:00:00Z".into(), change }
    }

    fn note(body: &str) -> Change {
        Change::Note { note_kind: "visit".into(), happened_on: "2026-12-01".into(), body: body.into() }
    }

    #[test]
    fn a_good_batch_parses_every_kind() {
        let batch = SyncBatch {
            owner: None,
            device_id: "device-0001".into(),
            items: vec![
                item("note-00001", 1, note("自宅を訪問。畑の話をされた。")),
                item(
                    "conn-00001",
                    2,
                    Change::Connection {
                        label: "いきいき百歳体操".into(),
                        activity_id: Some(3),
                        resource_id: None,
                        tie: "formal".into(),
                        family: "vitality".into(),
                        state: "planned".into(),
                        started_on: String::new(),
                        introduced_by: "佐藤".into(),
                        before_support: false,
                    },
                ),
                item("rate-00001", 3, Change::Rating { stage: "intake".into(), indicator: "connected".into(), rating: 2, note: String::new() }),
                item(
                    "chck-00001",
                    4,
                    Change::Check {
                        stage: "intake".into(),
                        questionnaire_id: "quick".into(),
                        scores: [("body".to_string(), 6.0)].into(),
                        taken_on: "2026-12-01".into(),
                    },
                ),
                item("fld-000001", 5, Change::Field { field: "status".into(), value: "contacting".into(), base_revision: 0 }),
            ],
        };
        let valid = batch.parse().unwrap();
        assert_eq!(valid.items.len(), 5);
        assert_eq!(valid.items[0].change.kind(), "note");
        assert_eq!(valid.items[4].change.kind(), "status");
    }

    #[test]
    fn one_bad_item_refuses_the_batch_and_names_it() {
        let batch = SyncBatch {
            owner: None,
            device_id: "device-0001".into(),
            items: vec![
                item("note-00001", 1, note("ok")),
                item("note-00002", 2, note("  ")),
                item("note-00003", 3, Change::Rating { stage: "later".into(), indicator: "connected".into(), rating: 9, note: String::new() }),
            ],
        };
        let problems = batch.parse().unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert_eq!(problems[0], BatchProblem { item: Some(1), field: "body".into(), problem: Problem::Required });
        assert_eq!(problems[1].field, "stage");
        assert_eq!(problems[2].field, "rating");
        assert!(problems[0].message(Locale::ja).starts_with("2件目の「body」"));
    }

    #[test]
    fn ids_and_sequences_must_be_unique_and_sane() {
        let batch = SyncBatch {
            owner: None,
            device_id: "short".into(),
            items: vec![item("note-00001", 1, note("a")), item("note-00001", 1, note("b")), item("bad id!", 0, note("c"))],
        };
        let fields: Vec<_> = batch.parse().unwrap_err().into_iter().map(|p| (p.item, p.field)).collect();
        assert_eq!(
            fields,
            vec![
                (None, "device_id".to_string()),
                (Some(1), "client_id".to_string()),
                (Some(1), "seq".to_string()),
                (Some(2), "client_id".to_string()),
                (Some(2), "seq".to_string()),
            ]
        );
    }

    #[test]
    fn field_changes_check_the_value_for_that_field() {
        let batch = SyncBatch {
            owner: None,
            device_id: "device-0001".into(),
            items: vec![item("fld-000001", 1, Change::Field { field: "status".into(), value: "finished".into(), base_revision: 0 })],
        };
        assert_eq!(batch.parse().unwrap_err()[0].field, "status");
        let unknown = SyncBatch {
            owner: None,
            device_id: "device-0001".into(),
            items: vec![item("fld-000001", 1, Change::Field { field: "name".into(), value: "x".into(), base_revision: 0 })],
        };
        assert_eq!(unknown.parse().unwrap_err()[0].field, "field");
    }

    #[test]
    fn the_wire_format_is_tagged_json() {
        let json = r#"{"device_id":"device-0001","items":[{"client_id":"note-00001","case_id":7,"seq":1,
            "written_at":"2026-12-02T10:00:00+09:00","change":{"kind":"note","note_kind":"note","happened_on":"2026-12-02","body":"電話で近況を聞いた"}}]}"#;
        let batch: SyncBatch = serde_json::from_str(json).unwrap();
        let valid = batch.parse().unwrap();
        assert_eq!(valid.items[0].written_at, "2026-12-02T01:00:00Z");
        let reply = ItemResult { client_id: "note-00001".into(), outcome: Outcome::Deferred };
        assert_eq!(serde_json::to_string(&reply).unwrap(), r#"{"client_id":"note-00001","outcome":"deferred"}"#);
    }
}
