//! Event feeds and the organiser's export (pages are Leptos routes):
//!
//! - `GET /events.ics?category=…&district=…&q=…&time=…&free=1` — the filtered
//!   events (30 days back, 180 ahead) as one subscribable iCalendar
//! - `GET /events/{id}/calendar.ics` — one event (download)
//! - `GET /events/feed.atom` — newly added events
//! - `GET /staff/events/{id}/signups.csv` — who signed up (staff only)
//!
//! Also keeps activity sessions in the calendar: at start-up and every six
//! hours the horizon of every listed activity moves forward (idempotent).
use crate::reply::{allowed, csv_response};
use tsunagu_app::accounts::Permission;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::time::Duration;
use tsunagu_app::db::Db;
use tsunagu_app::error::AppError;
use tsunagu_app::events::{feeds, generate_occurrences, query::EventQuery, signups};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/events.ics", get(list_ics))
        .route("/events/{id}/calendar.ics", get(event_ics))
        .route("/events/feed.atom", get(atom))
        .route("/staff/events/{id}/signups.csv", get(signups_csv))
}

fn typed(body: String, content_type: &'static str, download: Option<String>) -> Response {
    let mut resp = body.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    if let Some(name) = download.and_then(|n| HeaderValue::from_str(&format!("attachment; filename=\"{n}\"")).ok()) {
        h.insert(header::CONTENT_DISPOSITION, name);
    }
    resp
}

fn failed(e: AppError) -> Response {
    match e {
        AppError::NotFound => crate::reply::error(StatusCode::NOT_FOUND, "no such event", "このイベントはありません"),
        e => crate::reply::app_error(e),
    }
}

/// The filters of the event feeds (as on `/events`; an unknown value is ignored).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub(crate) struct EventFeedParams {
    /// `today`, `week` or `month`.
    range: Option<String>,
    /// A month, `YYYY-MM`.
    month: Option<String>,
    /// A day, `YYYY-MM-DD`.
    day: Option<String>,
    /// Keywords.
    q: Option<String>,
    /// A category slug.
    category: Option<String>,
    /// A district slug.
    district: Option<String>,
    /// `morning`, `afternoon` or `evening`.
    time: Option<String>,
    /// `1`: free of charge only.
    free: Option<String>,
}

#[utoipa::path(get, path = "/events.ics", tag = "events",
    summary = "Upcoming events as an iCalendar feed (Asia/Tokyo)",
    params(EventFeedParams),
    responses(
        (status = 200, description = "The events", content_type = "text/calendar", body = String),
        crate::reply::Unavailable,
    ))]
pub(crate) async fn list_ics(State(s): State<AppState>, Query(pairs): Query<Vec<(String, String)>>) -> Response {
    let q = EventQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))).filters();
    match feeds::list_ics(&s.db, &q, &s.public.base_url, "みどり野市 イベント | つなぐ").await {
        Ok(body) => typed(body, "text/calendar; charset=utf-8", None),
        Err(e) => failed(e),
    }
}

#[utoipa::path(get, path = "/events/{id}/calendar.ics", tag = "events",
    summary = "One event as iCalendar, to add to a phone's calendar",
    params(("id" = String, Path, description = "The event's number")),
    responses(
        (status = 200, description = "The event", content_type = "text/calendar", body = String),
        (status = 404, description = "No such event", body = crate::reply::ErrorBody),
        crate::reply::Unavailable,
    ))]
pub(crate) async fn event_ics(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<i64>() else { return failed(AppError::NotFound) };
    match feeds::event_ics(&s.db, id, &s.public.base_url).await {
        Ok(body) => typed(body, "text/calendar; charset=utf-8", Some(format!("event-{id}.ics"))),
        Err(e) => failed(e),
    }
}

#[utoipa::path(get, path = "/events/feed.atom", tag = "events",
    summary = "Newly listed events as an Atom feed",
    responses(
        (status = 200, description = "The feed", content_type = "application/atom+xml", body = String),
        crate::reply::Unavailable,
    ))]
pub(crate) async fn atom(State(s): State<AppState>) -> Response {
    match feeds::atom(&s.db, &s.public.base_url, "みどり野市 イベント | つなぐ").await {
        Ok(body) => typed(body, "application/atom+xml; charset=utf-8", None),
        Err(e) => failed(e),
    }
}

async fn signups_csv(State(s): State<AppState>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    if let Err(refused) = allowed(&s, &headers, Permission::ManageEvents).await {
        return refused;
    }
    let Ok(id) = id.parse::<i64>() else { return failed(AppError::NotFound) };
    match signups::list(&s.db, id).await.and_then(|rows| signups::to_csv(&rows)) {
        Ok(body) => csv_response(body, &format!("signups-event-{id}.csv"), false),
        Err(e) => failed(e),
    }
}

/// Move every listed activity's calendar horizon forward, now and every six hours.
pub fn spawn_occurrence_sync(db: Db) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(6 * 3600));
        loop {
            tick.tick().await;
            match generate_occurrences::sync_all(&db, tsunagu_app::calendar::today_tokyo()).await {
                Ok(r) => tracing::info!(inserted = r.inserted, updated = r.updated, deleted = r.deleted, cancelled = r.cancelled, "activity sessions synced to the event calendar"),
                Err(e) => tracing::warn!(error = %e, "syncing activity sessions failed; retrying later"),
            }
        }
    });
}
