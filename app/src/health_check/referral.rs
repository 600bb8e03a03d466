//! 「リンクワーカーに相談する」: a self-referral from the self-check. It
//! creates a referral in the link-worker office's intake queue (the casework
//! module builds the workflow). Consent is required, with the exact purpose
//! text shown and stored; the self-check result goes along only if the
//! person ticks that box.
use super::scoring::QuestionnaireResult;
use crate::validation::{Email, FieldError, Phone, PlainText, Problem};
use serde::{Deserialize, Serialize};

/// The purpose the person agrees to, exactly as shown (ja).
pub const CONSENT_PURPOSE_JA: &str = "入力した内容（とチェックを入れた場合は結果）を、みどり野市のリンクワーカー（地域包括支援センター）が、あなたへの連絡と相談支援のためだけに使うことに同意します。ほかの目的には使いません。";
/// The purpose the person agrees to, exactly as shown (en).
pub const CONSENT_PURPOSE_EN: &str = "I agree that Midorino City's link workers (community general support centre) use what I entered (and my result, if I tick that box) only to contact me and support me. It is not used for anything else.";

/// Ways to be contacted.
pub const CONTACT_METHODS: [&str; 4] = ["phone", "email", "visit", "any"];

/// The largest self-check result a self-referral may carry (its JSON).
pub const MAX_RESULT_BYTES: usize = 32 * 1024;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SelfReferralForm {
    pub name: String,
    pub contact: String,
    pub contact_method: String,
    pub contact_time: String,
    pub topic: String,
    pub consent: bool,
    /// Send the self-check result along.
    pub attach: bool,
    /// The result (JSON), filled in by the page from this device.
    pub result_json: String,
    /// Language the consent text was shown in: `ja` or `en`.
    pub lang: String,
}

/// A valid self-referral.
#[derive(Debug, Clone, PartialEq)]
pub struct SelfReferral {
    pub name: PlainText,
    pub contact: PlainText,
    pub contact_method: &'static str,
    pub contact_time: Option<PlainText>,
    pub topic: Option<PlainText>,
    pub consent_purpose: &'static str,
    pub attached: Option<QuestionnaireResult>,
}

impl SelfReferralForm {
    pub fn parse(&self) -> Result<SelfReferral, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut field = |name: &str, p: Problem| errors.push(FieldError::new(name, p));
        let name = PlainText::parse(&self.name, 60, false).map_err(|p| field("name", p)).ok();
        let contact = match self.contact.trim() {
            "" => Err(Problem::Required),
            c if Phone::parse(c).is_ok() || Email::parse(c).is_ok() => PlainText::parse(c, 200, false),
            _ => Err(Problem::Contact),
        }
        .map_err(|p| field("contact", p))
        .ok();
        let method = CONTACT_METHODS.iter().copied().find(|m| *m == self.contact_method.trim()).or_else(|| {
            if self.contact_method.trim().is_empty() {
                Some("any")
            } else {
                field("contact_method", Problem::Unknown(self.contact_method.trim().into()));
                None
            }
        });
        let time = PlainText::parse_optional(&self.contact_time, 100, false).map_err(|p| field("contact_time", p)).ok();
        let topic = PlainText::parse_optional(&self.topic, 1000, true).map_err(|p| field("topic", p)).ok();
        let attached = if self.attach && self.result_json.len() > MAX_RESULT_BYTES {
            // a result is a few kilobytes; nothing bigger is kept
            field("attach", Problem::TooLong { max: MAX_RESULT_BYTES });
            None
        } else if self.attach {
            serde_json::from_str::<QuestionnaireResult>(&self.result_json).map(Some).map_err(|_| field("attach", Problem::Required)).ok()
        } else {
            Some(None)
        };
        if !self.consent {
            field("consent", Problem::Consent);
        }
        let purpose = if self.lang == "en" { CONSENT_PURPOSE_EN } else { CONSENT_PURPOSE_JA };
        match (name, contact, method, time, topic, attached) {
            (Some(name), Some(contact), Some(contact_method), Some(contact_time), Some(topic), Some(attached)) if errors.is_empty() => {
                Ok(SelfReferral { name, contact, contact_method, contact_time, topic, consent_purpose: purpose, attached })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(feature = "ssr")]
/// Store a self-referral; it is in the audit log (actor `anonymous`) with
/// the device it came from.
pub async fn store(db: &crate::db::Db, r: &SelfReferral, device: &str) -> Result<i64, crate::error::AppError> {
    let now = chrono::Utc::now().to_rfc3339();
    let attached = match &r.attached {
        Some(result) => Some(serde_json::to_string(result).map_err(|_| crate::error::AppError::Internal)?),
        None => None,
    };
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO referrals (source, name, contact, contact_method, contact_time, topic, consent_purpose, consented_at, consent_by, attached_result, created_at)
         VALUES ('self', $1, $2, $3, $4, $5, $6, $7, 'self', $8, $7) RETURNING id",
    )
    .bind(r.name.as_str())
    .bind(r.contact.as_str())
    .bind(r.contact_method)
    .bind(r.contact_time.as_ref().map(|t| t.as_str().to_string()))
    .bind(r.topic.as_ref().map(|t| t.as_str().to_string()))
    .bind(r.consent_purpose)
    .bind(&now)
    .bind(attached)
    .fetch_one(&mut *tx)
    .await?;
    let detail = if r.attached.is_some() { "self-referral, with a self-check" } else { "self-referral" };
    crate::audit::record_anonymous(&mut tx, "create", "referral", Some(id), detail, device).await?;
    tx.commit().await?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consent_and_a_way_to_reach_the_person_are_required() {
        let bad = SelfReferralForm { contact: "あとで".into(), contact_method: "fax".into(), ..Default::default() };
        let fields: Vec<_> = bad.parse().unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "contact", "contact_method", "consent"]);
        let ok = SelfReferralForm {
            name: "山田 花子".into(),
            contact: "0796-00-1234".into(),
            contact_method: "phone".into(),
            contact_time: "平日の午前".into(),
            topic: "ひとり暮らしで、話し相手がほしい".into(),
            consent: true,
            ..Default::default()
        };
        let r = ok.parse().unwrap();
        assert_eq!(r.consent_purpose, CONSENT_PURPOSE_JA);
        assert!(r.attached.is_none());
        let attach_garbage = SelfReferralForm { attach: true, result_json: "{".into(), ..ok.clone() };
        assert_eq!(attach_garbage.parse().unwrap_err()[0].field, "attach");
        // the attached result is capped before it is read
        let huge = format!("{{\"x\":\"{}\"}}", "あ".repeat(MAX_RESULT_BYTES / 3 + 1));
        let attach_huge = SelfReferralForm { attach: true, result_json: huge, ..ok };
        let e = attach_huge.parse().unwrap_err();
        assert_eq!((e[0].field.as_str(), &e[0].problem), ("attach", &Problem::TooLong { max: MAX_RESULT_BYTES }));
    }
}
