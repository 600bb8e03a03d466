//! Form ② 支援状況連絡票, the support status report back to the referrer:
//! built from the case at the moment it is sent (agencies involved ■ now /
//! ● planned, disability certificate, care level, care manager, main support
//! and plan, connections before → now), sendable only when the person agreed
//! to the report, and readable afterwards by the referrer's account.
use super::case_file::CaseFile;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One agency or person involved, as form ② lists them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Involved {
    pub label: String,
    /// `active` (■) or `planned` (●)
    pub state: String,
    /// `formal` or `informal`
    pub tie: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackReport {
    pub case_id: i64,
    pub person_name: String,
    pub birth_date: Option<String>,
    pub institution: Option<String>,
    pub doctor: Option<String>,
    pub involved: Vec<Involved>,
    pub disability: String,
    pub care_level: String,
    pub care_manager: String,
    pub main_support: String,
    pub plan: String,
    pub connections_before: usize,
    pub connections_now: usize,
    pub status: String,
}

/// Why form ② cannot go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotSendable {
    /// The person has not agreed to the report being sent.
    NotAgreed,
    /// Nobody to send it to (a self-referral, or one typed in by the office).
    NoReferrer,
}

impl FeedbackReport {
    /// Form ② from the case as it stands.
    pub fn from_case(file: &CaseFile) -> FeedbackReport {
        FeedbackReport {
            case_id: file.id,
            person_name: file.person.name.clone().unwrap_or_default(),
            birth_date: file.person.birth_date.clone(),
            institution: file.person.institution.clone(),
            doctor: file.person.doctor.clone(),
            involved: file
                .connections
                .iter()
                .map(|c| Involved { label: c.label.clone(), state: c.state.clone(), tie: c.tie.clone() })
                .collect(),
            disability: file.field("disability").to_string(),
            care_level: file.field("care_level").to_string(),
            care_manager: file.field("care_manager").to_string(),
            main_support: file.field("main_support").to_string(),
            plan: file.field("plan").to_string(),
            connections_before: file.connections_before(),
            connections_now: file.connections_now(),
            status: file.field("status").to_string(),
        }
    }

    /// Only with the person's agreement ("yes" recorded on the case).
    pub fn sendable(file: &CaseFile) -> Result<FeedbackReport, NotSendable> {
        if file.field("report_agreed") != "yes" {
            return Err(NotSendable::NotAgreed);
        }
        Ok(FeedbackReport::from_case(file))
    }
}

/// A form ② as sent, for the referrer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentFeedback {
    pub id: i64,
    pub sent_at: String,
    pub report: FeedbackReport,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SendReply {
    Sent(i64),
    NotSendable(NotSendable),
}

/// Send form ② for a case to its referrer (a snapshot of the case now).
#[server(endpoint = "casework/send-feedback")]
pub async fn send_feedback(case_id: i64) -> Result<SendReply, AppError> {
    use crate::accounts::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    let user = session::require(&db, Permission::CaseWork).await?;
    ssr::send(&db, &user, case_id, &session::request_device()).await
}

/// The forms ② sent for the signed-in referrer's own referrals, newest first.
#[server(endpoint = "casework/my-feedback")]
pub async fn my_feedback() -> Result<Vec<SentFeedback>, AppError> {
    use crate::accounts::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    let user = session::require(&db, Permission::Refer).await?;
    ssr::for_referrer(&db, &user, &session::request_device()).await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::accounts::CurrentUser;
    use crate::casework::audit;
    use crate::db::Db;

    pub async fn send(db: &Db, user: &CurrentUser, case_id: i64, device: &str) -> Result<SendReply, AppError> {
        let file = crate::casework::case_file::ssr::load(db, user, case_id, device).await?;
        let report = match FeedbackReport::sendable(&file) {
            Ok(r) => r,
            Err(why) => return Ok(SendReply::NotSendable(why)),
        };
        let mut tx = db.begin_write().await?;
        let referrer: Option<i64> =
            sqlx::query_scalar("SELECT r.referrer_id FROM referrals r JOIN cases c ON c.referral_id = r.id WHERE c.id = $1")
                .bind(case_id)
                .fetch_one(&mut *tx)
                .await?;
        if referrer.is_none() {
            return Ok(SendReply::NotSendable(NotSendable::NoReferrer));
        }
        let id: i64 = sqlx::query_scalar("INSERT INTO case_feedback (case_id, content, sent_by, sent_at) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(case_id)
            .bind(serde_json::to_string(&report).map_err(|_| AppError::Internal)?)
            .bind(user.id)
            .bind(crate::accounts::session::now_text())
            .fetch_one(&mut *tx)
            .await?;
        audit::record(&mut tx, user, "send", "case", Some(case_id), "form2", device).await?;
        tx.commit().await?;
        Ok(SendReply::Sent(id))
    }

    pub async fn for_referrer(db: &Db, user: &CurrentUser, device: &str) -> Result<Vec<SentFeedback>, AppError> {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT f.id, f.sent_at, f.content FROM case_feedback f
             JOIN cases c ON c.id = f.case_id JOIN referrals r ON r.id = c.referral_id
             WHERE r.referrer_id = $1 ORDER BY f.sent_at DESC, f.id DESC",
        )
        .bind(user.id)
        .fetch_all(db.pool())
        .await?;
        let mut conn = db.pool().acquire().await?;
        audit::record(&mut conn, user, "read", "feedback", None, &format!("{} reports", rows.len()), device).await?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, sent_at, content)| {
                serde_json::from_str(&content).ok().map(|report| SentFeedback { id, sent_at, report })
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::casework::case_file::{ConnectionRow, FieldValue};

    fn case() -> CaseFile {
        let conn = |label: &str, state: &str, before: bool| ConnectionRow {
            client_id: label.into(),
            label: label.into(),
            activity_id: None,
            resource_id: None,
            tie: "formal".into(),
            family: "life".into(),
            state: state.into(),
            started_on: None,
            introduced_by: None,
            before_support: before,
        };
        CaseFile {
            id: 4,
            referral_id: 2,
            person: crate::casework::case_file::Person { name: Some("みどり 花子".into()), ..Default::default() },
            assigned_to: None,
            assignee_name: None,
            opened_at: String::new(),
            fields: [("care_level".to_string(), FieldValue { value: "support_1".into(), revision: 1 })].into(),
            notes: vec![],
            connections: vec![conn("クリニック", "active", true), conn("社協", "active", false), conn("体操", "planned", false)],
            ratings: vec![],
            checks: vec![],
            conflicts: vec![],
            own_check: None,
        }
    }

    #[test]
    fn only_with_the_persons_agreement() {
        let mut f = case();
        assert_eq!(FeedbackReport::sendable(&f), Err(NotSendable::NotAgreed));
        f.fields.insert("report_agreed".into(), FieldValue { value: "yes".into(), revision: 1 });
        let r = FeedbackReport::sendable(&f).unwrap();
        assert_eq!((r.connections_before, r.connections_now), (1, 2));
        assert_eq!(r.involved.len(), 3);
        assert_eq!(r.care_level, "support_1");
        assert_eq!(r.person_name, "みどり 花子");
    }
}
