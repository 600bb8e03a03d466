//! A case as the link worker reads it: the person (from the referral), the
//! single-valued facts with their revisions, the timeline, connections,
//! ratings, quick checks and open conflicts. Every read is audited; a read
//! that cannot be recorded is refused.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub source: String,
    pub institution: Option<String>,
    pub doctor: Option<String>,
    pub name: Option<String>,
    pub sex: Option<String>,
    pub birth_date: Option<String>,
    pub address: Option<String>,
    /// the district's slug, and its names (the case page shows the name)
    pub district: Option<String>,
    #[serde(default)]
    pub district_ja: Option<String>,
    #[serde(default)]
    pub district_en: Option<String>,
    pub phone: Option<String>,
    /// the self-check's contact (phone or e-mail) and how to reach them
    pub contact: Option<String>,
    pub contact_method: Option<String>,
    pub medical_history: Option<String>,
    pub concerns: Vec<String>,
    pub most_pressing: Option<String>,
    pub free_text: Option<String>,
    pub topic: Option<String>,
    pub consent_by: Option<String>,
    pub consented_at: Option<String>,
    pub consent_purpose: Option<String>,
}

impl Person {
    /// The district as a person reads it: its name in `locale` (中央 /
    /// Chuo), the slug only when the district is no longer known.
    pub fn district_label(&self, locale: crate::i18n::Locale) -> Option<String> {
        let name = match locale {
            crate::i18n::Locale::ja => self.district_ja.as_ref(),
            crate::i18n::Locale::en => self.district_en.as_ref(),
        };
        name.or(self.district.as_ref()).cloned()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldValue {
    pub value: String,
    pub revision: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoteRow {
    pub client_id: String,
    pub kind: String,
    pub happened_on: String,
    pub body: String,
    pub author: String,
    pub written_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConnectionRow {
    pub client_id: String,
    pub label: String,
    pub activity_id: Option<i64>,
    pub resource_id: Option<i64>,
    pub tie: String,
    pub family: String,
    pub state: String,
    pub started_on: Option<String>,
    pub introduced_by: Option<String>,
    pub before_support: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatingRow {
    pub client_id: String,
    pub stage: String,
    pub indicator: String,
    pub rating: i64,
    pub note: Option<String>,
    pub written_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckRow {
    pub client_id: String,
    pub stage: String,
    pub questionnaire_id: String,
    pub scores: BTreeMap<String, f64>,
    pub taken_on: String,
}

/// The person's own Positive Health self-check, attached to their
/// self-referral with their consent: shown on the case, and taken over as
/// the intake check when the link worker records it so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OwnCheck {
    pub questionnaire_id: String,
    /// The day it was sent (Asia/Tokyo).
    pub taken_on: String,
    pub scores: BTreeMap<String, f64>,
}

impl OwnCheck {
    /// From the referral's attached result: only a Positive Health check
    /// with at least one dimension scored.
    pub fn from_attached(json: &str, sent_at: &str) -> Option<OwnCheck> {
        use crate::health_check::questionnaire::POSITIVE_HEALTH_DIMENSIONS;
        let result: crate::health_check::scoring::QuestionnaireResult = serde_json::from_str(json).ok()?;
        if !result.questionnaire_id.starts_with("positive-health") {
            return None;
        }
        let scores: BTreeMap<String, f64> = result
            .sections
            .iter()
            .filter(|s| POSITIVE_HEALTH_DIMENSIONS.iter().any(|(id, _, _)| *id == s.section_id))
            .filter_map(|s| s.score.map(|t| (s.section_id.clone(), f64::from(t.tenths()) / 10.0)))
            .collect();
        let sent = chrono::DateTime::parse_from_rfc3339(sent_at).ok()?.with_timezone(&chrono::Utc);
        (!scores.is_empty()).then(|| OwnCheck {
            questionnaire_id: result.questionnaire_id,
            taken_on: crate::calendar::to_tokyo(sent).date().to_string(),
            scores,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictRow {
    pub id: i64,
    pub field: String,
    pub server_value: String,
    pub server_revision: i64,
    pub device_value: String,
    pub created_at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CaseFile {
    pub id: i64,
    pub referral_id: i64,
    pub person: Person,
    pub assigned_to: Option<i64>,
    pub assignee_name: Option<String>,
    pub opened_at: String,
    pub fields: BTreeMap<String, FieldValue>,
    pub notes: Vec<NoteRow>,
    pub connections: Vec<ConnectionRow>,
    pub ratings: Vec<RatingRow>,
    pub checks: Vec<CheckRow>,
    pub conflicts: Vec<ConflictRow>,
    /// The person's own self-check, when they shared it with the referral.
    #[serde(default)]
    pub own_check: Option<OwnCheck>,
}

impl CaseFile {
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map(|f| f.value.as_str()).unwrap_or_default()
    }

    /// Ties the person had when support began.
    pub fn connections_before(&self) -> usize {
        self.connections.iter().filter(|c| c.before_support).count()
    }

    /// Ties active now (■), old and new.
    pub fn connections_now(&self) -> usize {
        self.connections.iter().filter(|c| c.state == "active").count()
    }
}

/// A case the signed-in link worker may work (recorded as a read).
#[server(endpoint = "casework/case")]
pub async fn get_case(id: i64) -> Result<CaseFile, AppError> {
    use crate::accounts::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    let user = session::require(&db, Permission::CaseWork).await?;
    let device = session::request_device();
    ssr::load(&db, &user, id, &device).await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::accounts::CurrentUser;
    use crate::casework::{access, audit, fields};
    use crate::db::Db;
    use sqlx::Row;

    pub async fn load(db: &Db, user: &CurrentUser, case_id: i64, device: &str) -> Result<CaseFile, AppError> {
        let mut conn = db.pool().acquire().await?;
        if let Err(e) = access::check(&mut conn, user, case_id).await {
            if e == AppError::Forbidden {
                // someone opening a case that is not theirs: kept for the admin
                audit::record(&mut conn, user, "refused", "case", Some(case_id), "read", device).await?;
            }
            return Err(e);
        }
        audit::record(&mut conn, user, "read", "case", Some(case_id), "", device).await?;
        let c = sqlx::query(
            "SELECT c.id, c.referral_id, c.assigned_to, c.opened_at, u.display_name AS assignee_name,
                    r.source, r.institution, r.doctor, r.name, r.sex, r.birth_date, r.address, r.district, r.phone,
                    r.contact, r.contact_method, r.medical_history, r.concerns, r.most_pressing, r.free_text, r.topic,
                    r.consent_by, r.consented_at, r.consent_purpose, r.attached_result, r.created_at AS referred_at,
                    d.name_ja AS district_ja, d.name_en AS district_en
             FROM cases c JOIN referrals r ON r.id = c.referral_id LEFT JOIN users u ON u.id = c.assigned_to
             LEFT JOIN districts d ON d.slug = r.district
             WHERE c.id = $1",
        )
        .bind(case_id)
        .fetch_one(&mut *conn)
        .await?;
        let concerns: String = c.try_get("concerns")?;
        let own_check = c
            .try_get::<Option<String>, _>("attached_result")?
            .and_then(|json| OwnCheck::from_attached(&json, &c.try_get::<String, _>("referred_at").unwrap_or_default()));
        let person = Person {
            source: c.try_get("source")?,
            institution: c.try_get("institution")?,
            doctor: c.try_get("doctor")?,
            name: c.try_get("name")?,
            sex: c.try_get("sex")?,
            birth_date: c.try_get("birth_date")?,
            address: c.try_get("address")?,
            district: c.try_get("district")?,
            district_ja: c.try_get("district_ja")?,
            district_en: c.try_get("district_en")?,
            phone: c.try_get("phone")?,
            contact: c.try_get("contact")?,
            contact_method: c.try_get("contact_method")?,
            medical_history: c.try_get("medical_history")?,
            concerns: concerns.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect(),
            most_pressing: c.try_get("most_pressing")?,
            free_text: c.try_get("free_text")?,
            topic: c.try_get("topic")?,
            consent_by: c.try_get("consent_by")?,
            consented_at: c.try_get("consented_at")?,
            consent_purpose: c.try_get("consent_purpose")?,
        };
        let fields = fields::current(&mut conn, case_id)
            .await?
            .into_iter()
            .map(|(k, (value, revision))| (k, FieldValue { value, revision }))
            .collect();
        let notes: Vec<(String, String, String, String, Option<String>, String)> = sqlx::query_as(
            "SELECT n.client_id, n.kind, n.happened_on, n.body, u.display_name, n.written_at
             FROM case_notes n LEFT JOIN users u ON u.id = n.author_id
             WHERE n.case_id = $1 ORDER BY n.happened_on, n.written_at, n.id",
        )
        .bind(case_id)
        .fetch_all(&mut *conn)
        .await?;
        let connections = sqlx::query(
            "SELECT client_id, label, activity_id, resource_id, tie, family, state, started_on, introduced_by, before_support
             FROM case_connections WHERE case_id = $1 ORDER BY id",
        )
        .bind(case_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(ConnectionRow {
                client_id: r.try_get("client_id")?,
                label: r.try_get("label")?,
                activity_id: r.try_get("activity_id")?,
                resource_id: r.try_get("resource_id")?,
                tie: r.try_get("tie")?,
                family: r.try_get("family")?,
                state: r.try_get("state")?,
                started_on: r.try_get("started_on")?,
                introduced_by: r.try_get("introduced_by")?,
                before_support: crate::db::get_bool(r, "before_support")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let ratings: Vec<(String, String, String, i64, Option<String>, String)> = sqlx::query_as(
            "SELECT client_id, stage, indicator, rating, note, written_at FROM case_ratings WHERE case_id = $1 ORDER BY written_at, id",
        )
        .bind(case_id)
        .fetch_all(&mut *conn)
        .await?;
        let checks: Vec<(String, String, String, String, String)> = sqlx::query_as(
            "SELECT client_id, stage, questionnaire_id, scores, taken_on FROM case_checks WHERE case_id = $1 ORDER BY taken_on, id",
        )
        .bind(case_id)
        .fetch_all(&mut *conn)
        .await?;
        let conflicts: Vec<(i64, String, String, i64, String, String)> = sqlx::query_as(
            "SELECT id, field, server_value, server_revision, device_value, created_at FROM case_conflicts
             WHERE case_id = $1 AND resolved_at IS NULL ORDER BY id",
        )
        .bind(case_id)
        .fetch_all(&mut *conn)
        .await?;
        Ok(CaseFile {
            id: c.try_get("id")?,
            referral_id: c.try_get("referral_id")?,
            person,
            assigned_to: c.try_get("assigned_to")?,
            assignee_name: c.try_get("assignee_name")?,
            opened_at: c.try_get("opened_at")?,
            fields,
            notes: notes
                .into_iter()
                .map(|(client_id, kind, happened_on, body, author, written_at)| NoteRow {
                    client_id,
                    kind,
                    happened_on,
                    body,
                    author: author.unwrap_or_default(),
                    written_at,
                })
                .collect(),
            connections,
            ratings: ratings
                .into_iter()
                .map(|(client_id, stage, indicator, rating, note, written_at)| RatingRow { client_id, stage, indicator, rating, note, written_at })
                .collect(),
            checks: checks
                .into_iter()
                .map(|(client_id, stage, questionnaire_id, scores, taken_on)| CheckRow {
                    client_id,
                    stage,
                    questionnaire_id,
                    scores: serde_json::from_str(&scores).unwrap_or_default(),
                    taken_on,
                })
                .collect(),
            conflicts: conflicts
                .into_iter()
                .map(|(id, field, server_value, server_revision, device_value, created_at)| ConflictRow {
                    id,
                    field,
                    server_value,
                    server_revision,
                    device_value,
                    created_at,
                })
                .collect(),
            own_check,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_check_takes_the_scored_dimensions_of_a_positive_health_result() {
        let json = r#"{"questionnaire_id":"positive-health-quick","version":1,"sections":[
            {"section_id":"body","score":72,"answered":1,"total":1},
            {"section_id":"mind","score":null,"answered":0,"total":1}],
            "areas":[],"needs_support":[],"answered":1,"total":6}"#;
        let own = OwnCheck::from_attached(json, "2026-11-30T16:30:00Z").expect("a check");
        assert_eq!(own.scores.len(), 1);
        assert_eq!(own.scores["body"], 7.2);
        assert_eq!(own.taken_on, "2026-12-01", "the day in Tokyo");
        let social = json.replace("positive-health-quick", "social-needs");
        assert!(OwnCheck::from_attached(&social, "2026-11-30T16:30:00Z").is_none());
        assert!(OwnCheck::from_attached("not json", "2026-11-30T16:30:00Z").is_none());
    }
}

#[cfg(test)]
mod person_tests {
    use super::Person;
    use crate::i18n::Locale;

    #[test]
    fn the_district_is_shown_by_its_name_in_the_reader_language() {
        let p = Person {
            district: Some("chuo".into()),
            district_ja: Some("中央".into()),
            district_en: Some("Chuo".into()),
            ..Default::default()
        };
        assert_eq!(p.district_label(Locale::ja).as_deref(), Some("中央"));
        assert_eq!(p.district_label(Locale::en).as_deref(), Some("Chuo"));
        // a case file kept on a tablet by an older version has only the slug
        let old = Person { district: Some("chuo".into()), ..Default::default() };
        assert_eq!(old.district_label(Locale::ja).as_deref(), Some("chuo"));
        assert_eq!(Person::default().district_label(Locale::ja), None);
    }
}
