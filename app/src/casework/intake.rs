//! The intake queue: form ① from a referrer's account or a one-time link,
//! referrals the office typed in from paper or FAX, and self-referrals from
//! the self-check. The office lead reads the queue and assigns each referral
//! to a link worker (see `assign_case`).
use super::referral::ReferralForm;
use crate::error::AppError;
use crate::validation::FieldError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A referral waiting in the queue (only what assigning needs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueEntry {
    pub id: i64,
    pub source: String,
    /// `consented` or `meeting` (no consent: for the support meeting only)
    pub kind: String,
    pub name: Option<String>,
    pub institution: Option<String>,
    pub district: Option<String>,
    pub age: Option<u32>,
    pub concerns: Vec<String>,
    pub most_pressing: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum IntakeReply {
    /// Stored as referral `id`.
    Received(i64),
    Invalid(Vec<FieldError>),
}

/// Who is about to fill in form ①, which decides what the page offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ReferAs {
    /// A referrer's account, with its clinic or pharmacy.
    Referrer { institution: String },
    /// The office, typing in paper, FAX or phone.
    Office,
    /// A one-time link for this institution.
    Link { institution: String },
    /// A link that is used up or expired.
    LinkUsed,
    SignIn,
    Forbidden,
}

#[server(endpoint = "casework/refer-as")]
pub async fn referral_sender(link: Option<String>) -> Result<ReferAs, AppError> {
    use crate::accounts::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    if let Some(token) = link.filter(|l| !l.trim().is_empty()) {
        let institution = ssr::link_institution(&db, &token).await?;
        return Ok(institution.map(|institution| ReferAs::Link { institution }).unwrap_or(ReferAs::LinkUsed));
    }
    Ok(match session::user_from_request(&db).await? {
        None => ReferAs::SignIn,
        Some(u) if u.may(Permission::Refer) => ReferAs::Referrer { institution: ssr::institution_of(&db, u.id).await?.unwrap_or_default() },
        Some(u) if u.may(Permission::CaseWork) => ReferAs::Office,
        Some(_) => ReferAs::Forbidden,
    })
}

/// Form ①'s concern checklist as the city set it (`TSUNAGU_CONCERNS`; all
/// of both cities' concerns when unset). Public: the blank form is too.
#[server(endpoint = "casework/concerns")]
pub async fn concern_checklist() -> Result<Vec<super::model::Concern>, AppError> {
    let public = use_context::<crate::config::PublicConfig>().unwrap_or_default();
    Ok(super::model::checklist(&public.concerns))
}

/// The checklist for a page: the city's, or every concern if it cannot be
/// asked for.
pub async fn city_checklist() -> Vec<super::model::Concern> {
    concern_checklist().await.unwrap_or_else(|_| super::model::Concern::ALL.to_vec())
}

/// A one-time link for a clinic without an account (valid 30 days); the
/// address to hand over. Office lead only.
#[server(endpoint = "casework/referral-link")]
pub async fn create_referral_link(institution: String) -> Result<Result<String, FieldError>, AppError> {
    use crate::accounts::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    let lead = session::require(&db, Permission::LeadCases).await?;
    let institution = match crate::validation::PlainText::parse(&institution, 100, false) {
        Ok(i) => i,
        Err(p) => return Ok(Err(FieldError::new("institution", p))),
    };
    let token = session::new_token()?;
    let now = chrono::Utc::now();
    let mut tx = db.begin_write().await?;
    sqlx::query("INSERT INTO referral_links (token_hash, institution, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(session::token_hash(&token))
        .bind(institution.as_str())
        .bind(lead.id)
        .bind(session::time_text(now))
        .bind(session::time_text(now + chrono::Duration::days(30)))
        .execute(&mut *tx)
        .await?;
    let device = session::request_device();
    crate::casework::audit::record(&mut tx, &lead, "create", "referral_link", None, "", &device).await?;
    tx.commit().await?;
    let base = use_context::<crate::config::PublicConfig>().unwrap_or_default().base_url;
    Ok(Ok(format!("{base}/refer?link={token}")))
}

/// Send form ①: a referrer's account (its institution fills in the form's),
/// the office typing in paper or FAX, or anyone holding a one-time link.
#[server(endpoint = "casework/refer")]
pub async fn submit_referral(form: ReferralForm, link: Option<String>) -> Result<IntakeReply, AppError> {
    use crate::accounts::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    let user = session::user_from_request(&db).await?;
    let device = session::request_device();
    let today = crate::calendar::today_tokyo();
    let mut form = form;
    let link = link.filter(|l| !l.trim().is_empty());
    let by = match (&user, &link) {
        (_, Some(_)) => ssr::By::Link,
        (Some(u), None) if u.may(Permission::Refer) => ssr::By::Referrer(u.clone()),
        (Some(u), None) if u.may(Permission::CaseWork) => ssr::By::Office(u.clone()),
        (Some(_), None) => return Err(AppError::Forbidden),
        (None, None) => return Err(AppError::SignInRequired),
    };
    // a referrer (or a link) refers as its own clinic or pharmacy
    let own = match (&by, &link) {
        (ssr::By::Referrer(u), _) => ssr::institution_of(&db, u.id).await?,
        (ssr::By::Link, Some(token)) => match ssr::link_institution(&db, token).await? {
            Some(i) => Some(i),
            None => return Ok(IntakeReply::Invalid(vec![FieldError::new("link", crate::validation::Problem::NotAllowed)])),
        },
        _ => None,
    };
    if let Some(own) = own {
        if form.institution.trim().is_empty() {
            form.institution = own;
        }
        if !matches!(form.source.as_str(), "clinic" | "pharmacy") {
            form.source = "clinic".into();
        }
    }
    let referral = match form.parse(today) {
        Ok(r) => r,
        Err(errors) => return Ok(IntakeReply::Invalid(errors)),
    };
    let locale = crate::i18n::locale_from_cookie_header(session::request_header("cookie").as_deref());
    match ssr::store(&db, &by, link.as_deref(), &referral, locale, &device).await? {
        Some(id) => Ok(IntakeReply::Received(id)),
        None => Ok(IntakeReply::Invalid(vec![FieldError::new("link", crate::validation::Problem::NotAllowed)])),
    }
}

/// The referrals waiting to be assigned, oldest first (office lead).
#[server(endpoint = "casework/queue")]
pub async fn intake_queue() -> Result<Vec<QueueEntry>, AppError> {
    use crate::accounts::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    let user = session::require(&db, Permission::LeadCases).await?;
    let device = session::request_device();
    ssr::queue(&db, &user, &device).await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::accounts::CurrentUser;
    use crate::casework::audit;
    use crate::casework::model::{CONSENT_TEXT_EN, CONSENT_TEXT_JA};
    use crate::casework::referral::Referral;
    use crate::db::Db;
    use crate::i18n::Locale;
    use sqlx::Row;

    pub enum By {
        Referrer(CurrentUser),
        Office(CurrentUser),
        Link,
    }

    /// The institution of an unused, unexpired one-time link.
    pub async fn link_institution(db: &Db, token: &str) -> Result<Option<String>, AppError> {
        Ok(sqlx::query_scalar(
            "SELECT institution FROM referral_links WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
        )
        .bind(crate::accounts::session::token_hash(token.trim()))
        .bind(crate::accounts::session::now_text())
        .fetch_optional(db.pool())
        .await?)
    }

    pub async fn institution_of(db: &Db, user_id: i64) -> Result<Option<String>, AppError> {
        Ok(sqlx::query_scalar("SELECT institution FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(db.pool())
            .await?
            .flatten())
    }

    /// Store a parsed referral. With a link, the link must be unused and
    /// unexpired (it is used up here); `None` when it is not.
    pub async fn store(
        db: &Db,
        by: &By,
        link: Option<&str>,
        referral: &Referral,
        locale: Locale,
        device: &str,
    ) -> Result<Option<i64>, AppError> {
        let now = crate::accounts::session::now_text();
        let mut tx = db.begin_write().await?;
        // use the link up first, atomically: of two sends with one link, one wins
        let link_institution: Option<String> = match link {
            Some(token) => {
                let row: Option<String> = sqlx::query_scalar(
                    "UPDATE referral_links SET used_at = $1
                     WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING institution",
                )
                .bind(&now)
                .bind(crate::accounts::session::token_hash(token.trim()))
                .fetch_optional(&mut *tx)
                .await?;
                match row {
                    Some(i) => Some(i),
                    None => return Ok(None),
                }
            }
            None => None,
        };
        let (referrer_id, entered_by) = match by {
            By::Referrer(u) => (Some(u.id), Some(u.id)),
            By::Office(u) => (None, Some(u.id)),
            By::Link => (None, None),
        };
        let id: i64 = match referral {
            Referral::Consented(r) => {
                let institution = r.institution.as_ref().map(|t| t.as_str().to_string()).or(link_institution);
                let consent_text = if locale == Locale::en { CONSENT_TEXT_EN } else { CONSENT_TEXT_JA };
                sqlx::query_scalar(
                    "INSERT INTO referrals (source, kind, referrer_id, entered_by, institution, doctor, name, sex, birth_date,
                         address, district, phone, medical_history, concerns, most_pressing, free_text,
                         consent_purpose, consented_at, consent_by, status, created_at, household)
                     VALUES ($1, 'consented', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 'received', $19, $20)
                     RETURNING id",
                )
                .bind(r.source.as_str())
                .bind(referrer_id)
                .bind(entered_by)
                .bind(institution)
                .bind(text(&r.doctor))
                .bind(r.name.as_str())
                .bind(r.sex.as_str())
                .bind(r.birth_date.to_string())
                .bind(text(&r.address))
                .bind(r.district.clone())
                .bind(r.phone.as_ref().map(|p| p.as_str().to_string()))
                .bind(text(&r.medical_history))
                .bind(r.concerns.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(","))
                .bind(r.most_pressing.map(|c| c.as_str().to_string()))
                .bind(text(&r.free_text))
                .bind(consent_text)
                .bind(r.consent_date.to_string())
                .bind(r.consent_by.as_str())
                .bind(&now)
                .bind(r.household.map(|h| h.as_str()))
                .fetch_one(&mut *tx)
                .await?
            }
            Referral::WithoutConsent(m) => {
                sqlx::query_scalar(
                    "INSERT INTO referrals (source, kind, referrer_id, entered_by, institution, age_band, district, concerns, free_text, status, created_at)
                     VALUES ($1, 'meeting', $2, $3, $4, $5, $6, $7, $8, 'meeting', $9) RETURNING id",
                )
                .bind(m.source.as_str())
                .bind(referrer_id)
                .bind(entered_by)
                .bind(link_institution)
                .bind(m.age_band.map(i64::from))
                .bind(m.district.clone())
                .bind(m.concerns.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(","))
                .bind(text(&m.free_text))
                .bind(&now)
                .fetch_one(&mut *tx)
                .await?
            }
        };
        if let Some(token) = link {
            sqlx::query("UPDATE referral_links SET referral_id = $1 WHERE token_hash = $2")
                .bind(id)
                .bind(crate::accounts::session::token_hash(token.trim()))
                .execute(&mut *tx)
                .await?;
        }
        if let By::Referrer(u) | By::Office(u) = by {
            audit::record(&mut tx, u, "create", "referral", Some(id), referral_kind(referral), device).await?;
        }
        tx.commit().await?;
        Ok(Some(id))
    }

    fn referral_kind(r: &Referral) -> &'static str {
        match r {
            Referral::Consented(_) => "consented",
            Referral::WithoutConsent(_) => "meeting",
        }
    }

    fn text(t: &Option<crate::validation::PlainText>) -> Option<String> {
        t.as_ref().map(|t| t.as_str().to_string())
    }

    pub async fn queue(db: &Db, lead: &CurrentUser, device: &str) -> Result<Vec<QueueEntry>, AppError> {
        let today = crate::calendar::today_tokyo();
        let rows = sqlx::query(
            "SELECT id, source, kind, name, institution, district, birth_date, age_band, concerns, most_pressing, created_at
             FROM referrals WHERE status IN ('received', 'meeting') ORDER BY created_at, id",
        )
        .fetch_all(db.pool())
        .await?;
        let entries = rows
            .iter()
            .map(|r| {
                let birth: Option<String> = r.try_get("birth_date")?;
                let band: Option<i64> = r.try_get("age_band")?;
                let age = birth
                    .and_then(|b| chrono::NaiveDate::parse_from_str(&b, "%Y-%m-%d").ok())
                    .map(|b| crate::casework::birth_date::age_on(b, today))
                    .or(band.map(|b| b as u32));
                let concerns: String = r.try_get("concerns")?;
                Ok(QueueEntry {
                    id: r.try_get("id")?,
                    source: r.try_get("source")?,
                    kind: r.try_get("kind")?,
                    name: r.try_get("name")?,
                    institution: r.try_get("institution")?,
                    district: r.try_get("district")?,
                    age,
                    concerns: concerns.split(',').filter(|c| !c.is_empty()).map(str::to_string).collect(),
                    most_pressing: r.try_get("most_pressing")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let mut conn = db.pool().acquire().await?;
        audit::record(&mut conn, lead, "read", "intake", None, &format!("{} waiting", entries.len()), device).await?;
        Ok(entries)
    }
}
