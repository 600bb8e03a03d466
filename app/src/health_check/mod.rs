//! ポジティヴヘルス: the self-check (questionnaires as data), scored and
//! charted on the resident's own device. Results stay there unless the
//! person chooses to send something (a self-referral, anonymous statistics).
pub mod chart;
pub mod city_statistics;
pub mod device;
pub mod questionnaire;
pub mod referral;
pub mod result_facts;
pub mod scoring;
pub mod statistics;
pub mod suggest;

#[cfg(feature = "ssr")]
pub mod library;



use crate::error::AppError;
use leptos::prelude::*;
use questionnaire::{Questionnaire, QuestionnaireKind, Text};
use serde::{Deserialize, Serialize};

/// A questionnaire on the start page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionnaireInfo {
    pub id: String,
    pub kind: QuestionnaireKind,
    pub title: Text,
    pub intro: Text,
    pub items: usize,
}

/// The questionnaires on offer (shipped ones, or the city's own).
#[server(endpoint = "health-check/list")]
pub async fn list_questionnaires() -> Result<Vec<QuestionnaireInfo>, AppError> {
    let lib = expect_context::<std::sync::Arc<library::Library>>();
    Ok(lib
        .all()
        .iter()
        .map(|q| QuestionnaireInfo { id: q.id.clone(), kind: q.kind, title: q.title.clone(), intro: q.intro.clone(), items: q.item_count() })
        .collect())
}

/// One questionnaire, to be taken on the device.
#[server(endpoint = "health-check/get")]
pub async fn get_questionnaire(id: String) -> Result<Questionnaire, AppError> {
    let lib = expect_context::<std::sync::Arc<library::Library>>();
    lib.get(&id).cloned().ok_or(AppError::NotFound)
}

/// Public facts of activities near `district` for the suggestions, which
/// are worked out on the device: nothing about the person is sent.
#[server(endpoint = "health-check/candidates")]
pub async fn suggestion_candidates(district: String) -> Result<Vec<suggest::Candidate>, AppError> {
    let db = expect_context::<crate::db::Db>();
    let catalogue = expect_context::<std::sync::Arc<crate::activities::catalogue::Catalogue>>();
    let centre: Option<(f64, f64)> = sqlx::query_as("SELECT latitude, longitude FROM districts WHERE slug = $1")
        .bind(district.trim())
        .fetch_optional(db.pool())
        .await?;
    let near = centre.and_then(|(lat, lon)| crate::validation::GeoPoint::new(lat, lon).ok());
    catalogue.suggestion_candidates(&db, near, 12).await
}

/// The city's suggestion rules (dimension → categories, interest words,
/// reason texts), loaded and checked when the server started.
#[server(endpoint = "health-check/suggestion-rules")]
pub async fn suggestion_rules() -> Result<suggest::SuggestionRules, AppError> {
    Ok((*expect_context::<std::sync::Arc<suggest::SuggestionRules>>()).clone())
}

/// What became of a self-referral.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ReferralReply {
    Received,
    Invalid(Vec<crate::validation::FieldError>),
}

/// What a result page's islands are given: section and area names, the
/// suggestion rules, category names (see [`result_facts`]).
#[server(endpoint = "health-check/result-facts")]
pub async fn result_page_facts() -> Result<result_facts::ResultPageFacts, AppError> {
    let lib = expect_context::<std::sync::Arc<library::Library>>();
    let rules = (*expect_context::<std::sync::Arc<suggest::SuggestionRules>>()).clone();
    let categories = crate::activities::list_categories()
        .await?
        .into_iter()
        .map(|c| (c.slug, Text { ja: c.name_ja, en: c.name_en }))
        .collect();
    Ok(result_facts::ResultPageFacts { labels: result_facts::ResultLabels::of(lib.all()), rules, categories })
}

/// The section and area names of one questionnaire (a result saved to an
/// account names them as the device's result page does); `None` for an id
/// the library does not hold.
#[server(endpoint = "health-check/result-labels")]
pub async fn result_labels(questionnaire_id: String) -> Result<Option<result_facts::QuestionnaireLabels>, AppError> {
    let lib = expect_context::<std::sync::Arc<library::Library>>();
    Ok(lib.get(&questionnaire_id).map(result_facts::QuestionnaireLabels::of))
}

/// 「リンクワーカーに相談する」: store a self-referral for the office.
/// The result page posts it as a plain form (with `back`, the result's
/// address): the answer is that page again with `?talk=sent`, or
/// `?talk=invalid&fields=…` naming what to fix.
#[server(endpoint = "health-check/self-referral")]
pub async fn self_referral(
    form: referral::SelfReferralForm,
    website: Option<String>,
    back: Option<String>,
) -> Result<ReferralReply, AppError> {
    let db = expect_context::<crate::db::Db>();
    use crate::rate_limit::{check_form, Limit};
    if let Some(minutes) = check_form(&db, Limit::SelfReferral).await? {
        leptos_axum::redirect(&result_facts::back_to_result(back.as_deref(), &format!("talk=busy&wait={minutes}"), "talk"));
        return Ok(ReferralReply::Invalid(Vec::new()));
    }
    let reply = if website.is_some_and(|w| !w.trim().is_empty()) {
        ReferralReply::Received // honeypot: say nothing to the bot
    } else {
        match form.parse() {
            Ok(r) => {
                referral::store(&db, &r, &crate::accounts::session::request_device()).await?;
                ReferralReply::Received
            }
            Err(errors) => ReferralReply::Invalid(errors),
        }
    };
    if crate::ui::forms::is_html_form() {
        let query = match &reply {
            ReferralReply::Received => "talk=sent".to_string(),
            ReferralReply::Invalid(errors) => {
                format!("talk=invalid&fields={}", errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>().join(","))
            }
        };
        leptos_axum::redirect(&result_facts::back_to_result(back.as_deref(), &query, "talk"));
    }
    Ok(reply)
}

/// [`get_questionnaire`], falling back to the copy built into the app when
/// the server cannot be reached (the check works offline).
pub async fn questionnaire_or_builtin(id: String) -> Result<Questionnaire, AppError> {
    match get_questionnaire(id.clone()).await {
        Ok(q) => Ok(q),
        Err(AppError::NotFound) => Err(AppError::NotFound),
        Err(e) => questionnaire::builtin().into_iter().find(|q| q.id == id).ok_or(e),
    }
}

/// [`list_questionnaires`], falling back to the built-in ones offline.
pub async fn questionnaires_or_builtin() -> Result<Vec<QuestionnaireInfo>, AppError> {
    match list_questionnaires().await {
        Ok(list) => Ok(list),
        Err(_) => Ok(questionnaire::builtin()
            .iter()
            .map(|q| QuestionnaireInfo { id: q.id.clone(), kind: q.kind, title: q.title.clone(), intro: q.intro.clone(), items: q.item_count() })
            .collect()),
    }
}

/// Store an anonymous contribution to the city's statistics (opt-in).
/// The result page posts it as a plain form (with `back`): the answer is
/// that page again with `?contributed=1`, or `?contributed=failed` (nothing
/// stored).
#[server(endpoint = "health-check/contribute")]
pub async fn contribute(contribution: statistics::Contribution, back: Option<String>) -> Result<(), AppError> {
    let db = expect_context::<crate::db::Db>();
    let lib = expect_context::<std::sync::Arc<library::Library>>();
    use crate::rate_limit::{check_form, Limit};
    if let Some(minutes) = check_form(&db, Limit::Contribution).await? {
        leptos_axum::redirect(&result_facts::back_to_result(back.as_deref(), &format!("contributed=busy&wait={minutes}"), "contribute"));
        return Ok(());
    }
    let stored = match contribution.check(lib.get(&contribution.questionnaire_id)) {
        Ok(()) => statistics::store(&db, &contribution).await,
        Err(p) => Err(AppError::Invalid(format!("{p:?}"))),
    };
    if crate::ui::forms::is_html_form() {
        let query = if stored.is_ok() { "contributed=1" } else { "contributed=failed" };
        leptos_axum::redirect(&result_facts::back_to_result(back.as_deref(), query, "contribute"));
        return Ok(());
    }
    stored
}
