//! Events for other programs: iCalendar (one event, or a filtered list),
//! an Atom feed of newly added events, schema.org `Event` JSON-LD.
use super::db::{categories_of, time_from_db, SELECT};
use super::model::EventStatus;
use super::query::EventQuery;
use super::summary::EventDetail;
use crate::db::Db;
use crate::error::AppError;
use crate::feeds::atom::{write_atom, AtomEntry, AtomFeed};
use crate::feeds::ical::{write_calendar, IcalCalendar, IcalEvent, IcalStatus};
use chrono::{DateTime, Utc};
use sqlx::Row;

/// The host part of the base URL, for globally unique UIDs.
fn host(base_url: &str) -> &str {
    base_url.split("://").nth(1).unwrap_or(base_url).split(['/', ':']).next().unwrap_or("tsunagu")
}

/// Stable UID of an event: it never changes when the event is edited.
pub fn uid(id: i64, base_url: &str) -> String {
    format!("event-{id}@{}", host(base_url))
}

fn utc(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc))
}

fn ical_status(s: EventStatus) -> IcalStatus {
    match s {
        EventStatus::Cancelled => IcalStatus::Cancelled,
        // a full event still takes place
        EventStatus::Scheduled | EventStatus::Full => IcalStatus::Confirmed,
    }
}

/// The iCalendar form of one event.
pub fn ical_event(d: &EventDetail, sequence: i64, updated_at: &str, base_url: &str) -> IcalEvent {
    let s = &d.summary;
    let location = [s.place.as_str(), d.address.as_str()].iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join(" ");
    let mut description = d.description.clone();
    if let Some(reason) = &d.cancel_reason {
        description = format!("【中止】{reason}\n\n{description}");
    }
    let updated = utc(updated_at).unwrap_or_else(Utc::now);
    IcalEvent {
        uid: uid(s.id, base_url),
        sequence: sequence.clamp(0, u32::MAX as i64) as u32,
        dtstamp: updated,
        last_modified: Some(updated),
        created: None,
        starts: s.starts,
        ends: s.ends,
        all_day: s.all_day,
        summary: if s.status == EventStatus::Cancelled { format!("【中止】{}", s.title) } else { s.title.clone() },
        description: description.trim().to_string(),
        location: (!location.is_empty()).then_some(location),
        geo: d.latitude.zip(d.longitude),
        url: Some(d.share_url.clone()),
        status: ical_status(s.status),
        categories: s.categories.iter().map(|(ja, _)| ja.clone()).collect(),
        organizer: d.organisation.clone(),
    }
}

/// One event as an `.ics` file.
pub async fn event_ics(db: &Db, id: i64, base_url: &str) -> Result<String, AppError> {
    let detail = super::db::get(db, id, base_url).await?;
    let row = sqlx::query("SELECT sequence, updated_at FROM events WHERE id = $1").bind(id).fetch_one(db.pool()).await?;
    let ev = ical_event(&detail, row.try_get("sequence")?, &row.try_get::<String, _>("updated_at")?, base_url);
    Ok(write_calendar(&IcalCalendar { name: detail.summary.title.clone(), description: None, events: vec![ev] }))
}

/// The events passing the filters from 30 days ago to 180 days ahead, as
/// one calendar a phone can subscribe to.
pub async fn list_ics(db: &Db, q: &EventQuery, base_url: &str, calendar_name: &str) -> Result<String, AppError> {
    let today = crate::calendar::today_tokyo();
    let from = today - chrono::Days::new(30);
    let to = today + chrono::Days::new(180);
    let found = super::db::find(db, from, to, q).await?;
    let ids: Vec<i64> = found.iter().map(|e| e.id).collect();
    let mut events = Vec::with_capacity(ids.len());
    let mut cats = categories_of(db, &ids).await?;
    for chunk in ids.chunks(500) {
        let list = chunk.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
        let rows = sqlx::query(&format!("{SELECT} WHERE e.id IN ({list}) ORDER BY e.starts_at, e.id")).fetch_all(db.pool()).await?;
        for r in rows {
            let id: i64 = r.try_get("id")?;
            let detail = super::db::detail_from_row(&r, cats.remove(&id).unwrap_or_default(), base_url)?;
            events.push(ical_event(&detail, r.try_get("sequence")?, &r.try_get::<String, _>("updated_at")?, base_url));
        }
    }
    Ok(write_calendar(&IcalCalendar { name: calendar_name.to_string(), description: None, events }))
}

/// Atom feed of the 50 most recently added events (one-off events only:
/// generated sessions of weekly activities would drown them).
pub async fn atom(db: &Db, base_url: &str, title: &str) -> Result<String, AppError> {
    let rows = sqlx::query(&format!("{SELECT} WHERE e.activity_id IS NULL ORDER BY e.created_at DESC, e.id DESC LIMIT 50"))
        .fetch_all(db.pool())
        .await?;
    let mut entries = Vec::with_capacity(rows.len());
    let mut newest: Option<DateTime<Utc>> = None;
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let created = utc(&r.try_get::<String, _>("created_at")?).unwrap_or_else(Utc::now);
        let updated = utc(&r.try_get::<String, _>("updated_at")?).unwrap_or(created);
        newest = newest.max(Some(updated));
        let starts = time_from_db(&r.try_get::<String, _>("starts_at")?)?;
        let title: String = r.try_get("title")?;
        let place = r.try_get::<Option<String>, _>("place")?.unwrap_or_default();
        let when = crate::calendar::describe_date(starts.date(), crate::calendar::Lang::Ja);
        let description: String = r.try_get("description")?;
        entries.push(AtomEntry {
            id: format!("{base_url}/events/{id}"),
            title,
            url: format!("{base_url}/events/{id}"),
            updated,
            published: Some(created),
            summary: Some(format!("{when} {} {place}\n{description}", starts.format("%H:%M")).trim().to_string()),
            content_html: None,
            categories: Vec::new(),
            author_name: r.try_get::<Option<String>, _>("organisation")?,
        });
    }
    Ok(write_atom(&AtomFeed {
        id: format!("{base_url}/events/feed.atom"),
        title: title.to_string(),
        subtitle: None,
        self_url: format!("{base_url}/events/feed.atom"),
        alternate_url: format!("{base_url}/events"),
        updated: newest.unwrap_or_else(Utc::now),
        author_name: title.to_string(),
        lang: "ja".into(),
        entries,
    }))
}

/// schema.org `Event`, safe inside `<script>`.
pub fn json_ld(d: &EventDetail) -> String {
    let s = &d.summary;
    let offset = |t: chrono::NaiveDateTime| super::db::time_to_db(t);
    let status = match s.status {
        EventStatus::Cancelled => "https://schema.org/EventCancelled",
        EventStatus::Scheduled | EventStatus::Full => "https://schema.org/EventScheduled",
    };
    let mut place = serde_json::json!({
        "@type": "Place",
        "name": s.place,
        "address": { "@type": "PostalAddress", "streetAddress": d.address, "addressCountry": "JP" },
    });
    if let (Some(lat), Some(lon)) = (d.latitude, d.longitude) {
        place["geo"] = serde_json::json!({ "@type": "GeoCoordinates", "latitude": lat, "longitude": lon });
    }
    let location = match &d.online_url {
        Some(url) if s.online => serde_json::json!([place, { "@type": "VirtualLocation", "url": url }]),
        _ => place,
    };
    let availability = match s.status {
        EventStatus::Scheduled => "https://schema.org/InStock",
        EventStatus::Full => "https://schema.org/SoldOut",
        EventStatus::Cancelled => "https://schema.org/Discontinued",
    };
    let mut v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": s.title,
        "description": d.description,
        "url": d.share_url,
        "inLanguage": "ja",
        "startDate": offset(s.starts),
        "endDate": offset(s.ends),
        "eventStatus": status,
        "eventAttendanceMode": if s.online { "https://schema.org/OnlineEventAttendanceMode" } else { "https://schema.org/OfflineEventAttendanceMode" },
        "location": location,
        "isAccessibleForFree": s.fee_yen == 0,
        "offers": { "@type": "Offer", "price": s.fee_yen, "priceCurrency": "JPY", "url": d.share_url, "availability": availability },
    });
    if let Some(c) = d.capacity {
        v["maximumAttendeeCapacity"] = serde_json::json!(c);
        v["remainingAttendeeCapacity"] = serde_json::json!(c.saturating_sub(d.booked));
    }
    if let Some(o) = &d.organisation {
        v["organizer"] = serde_json::json!({ "@type": "Organization", "name": o });
    }
    if !d.photos.is_empty() {
        v["image"] = serde_json::json!(d.photos);
    }
    crate::feeds::json_ld::script_json(&v)
}
