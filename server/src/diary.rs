//! The stay-home diary's page form and its hourly task:
//!
//! - `POST /diary/{group}/write` — a plain multipart form (no JavaScript
//!   needed): `seat`, `text`, `share` (`true` when ticked) and up to three
//!   `photo` files. Saved with its photos, or not at all: a problem sends
//!   the writer back to the form, which says what to fix and keeps the text.
//! - every hour: turn mails not sent yet, and reminders of rounds due soon.
use crate::AppState;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use std::time::Duration;
use tsunagu_app::accounts::Permission;
use tsunagu_app::diary::write_entry::{ssr as write, PageProblem, Written};
use tsunagu_app::diary::{self, EntryText};
use tsunagu_app::reports::images;

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/diary/{group}/write",
        post(write_page).layer(DefaultBodyLimit::max(diary::MAX_PHOTOS * images::MAX_BYTES + 256 * 1024)),
    )
}

fn see_other(to: &str) -> Response {
    let mut resp = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    resp
}

/// What the form sent.
#[derive(Default)]
struct Sent {
    seat: Option<u32>,
    text: String,
    share: bool,
    photos: Vec<axum::body::Bytes>,
}

async fn read_form(mut m: Multipart) -> Result<Sent, StatusCode> {
    let mut sent = Sent::default();
    while let Some(field) = m.next_field().await.map_err(|e| e.status())? {
        let name = field.name().unwrap_or_default().to_string();
        let empty_file = field.file_name().is_some_and(str::is_empty);
        let bytes = field.bytes().await.map_err(|e| e.status())?;
        match name.as_str() {
            "seat" => sent.seat = std::str::from_utf8(&bytes).ok().and_then(|s| s.trim().parse().ok()),
            "text" => sent.text = String::from_utf8_lossy(&bytes).into_owned(),
            "share" => sent.share = &bytes[..] == b"true",
            // a file input left empty sends a part with no name and no bytes
            "photo" if !bytes.is_empty() && !empty_file => sent.photos.push(bytes),
            _ => {}
        }
    }
    Ok(sent)
}

async fn write_page(State(s): State<AppState>, Path(group): Path<i64>, req: Request) -> Response {
    let user = match crate::reply::allowed(&s, req.headers(), Permission::OwnAccount).await {
        Ok(u) => u,
        Err(resp) => return resp,
    };
    let back = |problem: Option<PageProblem>| match problem {
        Some(p) => see_other(&format!("/diary/{group}?problem={}#write", p.slug())),
        None => see_other(&format!("/diary/{group}?written=1#write")),
    };
    let standing = match diary::access::standing(&s.db, user.id, group).await {
        Ok(Some(st)) => st,
        Ok(None) => return crate::reply::app_error(tsunagu_app::error::AppError::NotFound),
        Err(e) => return crate::reply::app_error(e),
    };
    let multipart = match Multipart::from_request(req, &s).await {
        Ok(m) => m,
        Err(_) => return StatusCode::BAD_REQUEST.into_response(),
    };
    let sent = match read_form(multipart).await {
        Ok(sent) => sent,
        Err(StatusCode::PAYLOAD_TOO_LARGE) => return back(Some(PageProblem::TooManyPhotos)),
        Err(status) => return status.into_response(),
    };
    let Some(seat) = sent.seat else { return StatusCode::BAD_REQUEST.into_response() };
    match write::may_write_for(&s.db, group, standing, seat).await {
        Ok(true) => {}
        Ok(false) => return crate::reply::forbidden(),
        Err(e) => return crate::reply::app_error(e),
    }
    // a problem: said on the form, the text kept as a draft, nothing saved
    let keep = |problem: PageProblem| {
        let (db, text) = (s.db.clone(), sent.text.clone());
        async move {
            match write::keep_draft(&db, group, user.id, seat, &text).await {
                Ok(()) => back(Some(problem)),
                Err(e) => crate::reply::app_error(e),
            }
        }
    };
    let Ok(text) = EntryText::parse(&sent.text) else { return keep(PageProblem::Text).await };
    if sent.photos.len() > diary::MAX_PHOTOS {
        return keep(PageProblem::TooManyPhotos).await;
    }
    let mut photos = Vec::new();
    for (i, bytes) in sent.photos.iter().enumerate() {
        let bytes = bytes.clone();
        match tokio::task::spawn_blocking(move || images::process(&bytes, &images::WIDTHS)).await {
            Ok(Ok(p)) => photos.push(p),
            Ok(Err(_)) => return keep(PageProblem::Photo { n: i + 1 }).await,
            Err(_) => return crate::reply::internal(),
        }
    }
    let page = write::Page { seat, text, photos, share: sent.share };
    match write::write(&s.db, user.id, group, page).await {
        Ok(Written::Saved { .. }) => {
            let base = s.public.base_url.clone();
            let _ = diary::notify::turn_came(&s.db, &s.mailer, &base, group).await;
            back(None)
        }
        Ok(Written::NotYourTurn) => see_other(&format!("/diary/{group}?problem=turn#write")),
        Err(e) => crate::reply::app_error(e),
    }
}

/// Turn mails not sent yet and reminders of rounds due soon: every hour,
/// the first a few minutes after the start (a restart loop sends nothing
/// twice either way: each mail is claimed once).
pub fn spawn_reminders(db: tsunagu_app::db::Db, mailer: tsunagu_app::accounts::mail::Mailer, base: String) {
    tokio::spawn(async move {
        let first = tokio::time::Instant::now() + Duration::from_secs(5 * 60);
        let mut tick = tokio::time::interval_at(first, Duration::from_secs(3600));
        loop {
            tick.tick().await;
            match diary::notify::run_reminders(&db, &mailer, &base, tsunagu_app::calendar::today_tokyo()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(mails = n, "diary turns and reminders sent"),
                Err(e) => tracing::warn!(error = %e, "the diary's reminders could not run; trying again in an hour"),
            }
        }
    });
}
