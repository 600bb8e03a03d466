//! 「おすすめを教える」: residents (no account needed) tell the office about a
//! place or an activity worth knowing — the "seeds" (タネ) of Nabari's map.
//! Suggestions wait in the staff moderation queue: accepted, a place becomes
//! a resource draft and an activity opens the new-activity form filled in;
//! rejected, it keeps the reason. A hidden honeypot field and a per-address
//! rate limit keep spam out; the optional contact is erased once decided.
pub mod model;
#[cfg(feature = "ssr")]
pub mod db;


use crate::activities::model::ActivityForm;
use crate::error::AppError;
use crate::validation::FieldError;
use leptos::prelude::*;
use model::SuggestionForm;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SendReply {
    Sent,
    /// Nothing was stored; each problem names its field.
    Invalid(Vec<FieldError>),
}

/// One suggestion in the staff queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuedSuggestion {
    pub id: i64,
    pub target: String,
    pub name: String,
    pub good: String,
    pub kind: String,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub photo_id: Option<i64>,
    pub contact: String,
    pub status: String,
    pub reason: String,
    pub resource_id: Option<i64>,
    pub created_at: String,
    pub decided_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum DecideReply {
    /// Accepted as a place: the draft resource to complete.
    ResourceDraft { id: i64 },
    /// Accepted as an activity: the new-activity form, filled in from it.
    ActivityDraft { suggestion: i64 },
    Rejected,
    /// A rejection needs its reason; or the decision was not understood.
    Invalid(Vec<FieldError>),
}

#[server(endpoint = "suggestions/send")]
pub async fn send_suggestion(form: SuggestionForm) -> Result<SendReply, AppError> {
    let db = expect_context::<crate::db::Db>();
    let input = match form.parse() {
        Ok(i) => i,
        Err(e) => return Ok(SendReply::Invalid(e)),
    };
    crate::rate_limit::check_request(&db, crate::rate_limit::Limit::Suggestion).await?;
    if !form.looks_human() {
        // a bot: say thanks, keep nothing
        return Ok(SendReply::Sent);
    }
    db::insert(&db, &input).await?;
    Ok(SendReply::Sent)
}

/// Waiting suggestions (oldest first), then the latest decided ones.
#[server(endpoint = "staff/suggestions")]
pub async fn suggestion_queue() -> Result<Vec<QueuedSuggestion>, AppError> {
    let db = expect_context::<crate::db::Db>();
    crate::accounts::session::require(&db, crate::accounts::Permission::ManageListings).await?;
    db::queue(&db).await
}

/// `decision`: `place` (→ resource draft), `activity` (→ activity form) or
/// `reject` (with `reason`).
#[server(endpoint = "staff/decide-suggestion")]
pub async fn decide_suggestion(id: i64, decision: String, reason: String) -> Result<DecideReply, AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::ManageListings).await?;
    db::decide(&db, id, decision.trim(), reason.trim(), &user.display_name).await
}

/// The new-activity form filled in from an accepted suggestion.
#[server(endpoint = "staff/suggestion-activity")]
pub async fn suggestion_activity_form(id: i64) -> Result<ActivityForm, AppError> {
    let db = expect_context::<crate::db::Db>();
    crate::accounts::session::require(&db, crate::accounts::Permission::ManageListings).await?;
    let s = db::get(&db, id).await?;
    Ok(ActivityForm {
        name: s.name.clone(),
        description: s.good.clone(),
        location_name: s.name,
        address: s.address,
        latitude: s.latitude.map(|v| v.to_string()).unwrap_or_default(),
        longitude: s.longitude.map(|v| v.to_string()).unwrap_or_default(),
        status: "paused".into(),
        ..Default::default()
    })
}
