//! イベント: one-off events and sessions generated from activity schedules;
//! agenda and month calendar, detail pages, iCalendar / Atom feeds, schema.org
//! data and in-portal sign-up with capacity enforced.
pub mod agenda;
pub mod model;
pub mod occurrences;
pub mod query;
pub mod summary;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod feeds;
#[cfg(feature = "ssr")]
pub mod generate_occurrences;
#[cfg(feature = "ssr")]
pub mod save_event;
#[cfg(feature = "ssr")]
pub mod seed;
#[cfg(feature = "ssr")]
pub mod signups;

pub(crate) mod views;


use crate::error::AppError;
use crate::validation::FieldError;
use leptos::prelude::*;
use query::EventQuery;
use serde::{Deserialize, Serialize};
use summary::{EventDetail, EventSummary, EventsPage as EventsPageData};

/// What became of a sign-up attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SignupOutcome {
    /// Places taken; `token` opens the confirmation / cancel page.
    Confirmed { token: String },
    /// Not enough places left (`remaining` may be 0).
    Full { remaining: u32 },
    /// Cancelled, past its deadline, or not taking sign-ups here.
    Closed,
    /// Nothing was written; each problem names its field.
    Invalid(Vec<FieldError>),
    /// Many sign-ups from this address lately: try again in about this many
    /// minutes (a plain form's answer; a script gets a 429).
    Busy { minutes: u32 },
}

/// A resident's own sign-up, as its confirmation page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignupView {
    pub event: EventSummary,
    pub name: String,
    pub people: u32,
    pub cancelled: bool,
    pub can_cancel: bool,
}

/// One line of the organiser's sign-up list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignupRow {
    pub id: i64,
    pub name: String,
    pub contact: String,
    pub people: u32,
    pub note: String,
    pub cancelled: bool,
    pub created_at: String,
}

/// The agenda (today / week / month) or one calendar month.
#[server(endpoint = "events/list")]
pub async fn list_events(query: EventQuery) -> Result<EventsPageData, AppError> {
    let db = expect_context::<crate::db::Db>();
    db::page(&db, &query, crate::calendar::today_tokyo()).await
}

/// One event for its page.
#[server(endpoint = "events/get")]
pub async fn get_event(id: i64) -> Result<EventDetail, AppError> {
    let db = expect_context::<crate::db::Db>();
    let public = expect_context::<crate::config::PublicConfig>();
    let mut detail = db::get(&db, id, &public.base_url).await?;
    detail.map = detail
        .latitude
        .zip(detail.longitude)
        .map(|(lat, lon)| crate::ui::static_map::build(lat, lon, &public.tile_url, &public.tile_attribution));
    Ok(detail)
}

/// Sign up for an event. Without JavaScript the browser is sent on to the
/// confirmation page (or back to the form with the reason).
#[server(endpoint = "events/sign-up")]
pub async fn sign_up(event_id: i64, form: model::SignupForm, website: Option<String>) -> Result<SignupOutcome, AppError> {
    let db = expect_context::<crate::db::Db>();
    // honeypot: people never fill the hidden field
    if website.is_some_and(|w| !w.trim().is_empty()) {
        return Ok(SignupOutcome::Closed);
    }
    // fake bookings from one address cannot fill an event
    if let Some(minutes) = crate::rate_limit::check_form(&db, crate::rate_limit::Limit::EventSignup).await? {
        leptos_axum::redirect(&format!("/events/{event_id}?signup=busy&wait={minutes}#signup"));
        return Ok(SignupOutcome::Busy { minutes });
    }
    let user = crate::accounts::session::user_from_request(&db).await?;
    let outcome = signups::sign_up_as(&db, event_id, &form, user.map(|u| u.id)).await?;
    // a plain HTML form post (no JavaScript) cannot read the reply: send the
    // browser to a page that says what happened
    let html_form = crate::ui::forms::is_html_form();
    match &outcome {
        SignupOutcome::Confirmed { token } => leptos_axum::redirect(&format!("/events/signup/{token}")),
        SignupOutcome::Full { remaining } if html_form => {
            leptos_axum::redirect(&format!("/events/{event_id}?signup=full&left={remaining}#signup"))
        }
        SignupOutcome::Closed if html_form => leptos_axum::redirect(&format!("/events/{event_id}?signup=closed#signup")),
        SignupOutcome::Invalid(errors) if html_form => {
            let fields = errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>().join(",");
            leptos_axum::redirect(&format!("/events/{event_id}?signup=invalid&fields={fields}#signup"))
        }
        _ => {}
    }
    Ok(outcome)
}

/// The sign-up behind a confirmation link.
#[server(endpoint = "events/signup")]
pub async fn get_signup(token: String) -> Result<SignupView, AppError> {
    let db = expect_context::<crate::db::Db>();
    signups::find(&db, &token).await
}

/// Cancel a sign-up through its link.
#[server(endpoint = "events/cancel-signup")]
pub async fn cancel_signup(token: String) -> Result<(), AppError> {
    let db = expect_context::<crate::db::Db>();
    signups::cancel(&db, &token).await?;
    // the confirmation page sends no Referer, so say where to go back to
    if crate::ui::forms::is_html_form() {
        leptos_axum::redirect(&format!("/events/signup/{token}"));
    }
    Ok(())
}

