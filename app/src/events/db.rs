//! Reading events: the agenda / calendar query and one event's detail.
//! Times are stored as Tokyo wall-clock text with a fixed `+09:00` offset, so
//! comparing the text compares the times.
use super::agenda::{month_grid, parse_month, AgendaRange};
use super::model::{ApplyMethod, EventKind, EventStatus};
use super::query::EventQuery;
use super::summary::{effective_status, EventDetail, EventSummary, EventsPage};
use crate::activities::model::Target;
use crate::activities::search::normalize::{matches_all, query_words, searchable_fields};
use crate::calendar::{now_tokyo, DayPart, TimeOfDay, JST};
use crate::db::{get_bool, Db};
use crate::error::AppError;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::{BTreeMap, HashMap};

/// `2026-11-24T10:00:00+09:00`.
pub fn time_to_db(t: NaiveDateTime) -> String {
    format!("{}+09:00", t.format("%Y-%m-%dT%H:%M:%S"))
}

/// Back from the stored text; anything unreadable becomes an error.
pub fn time_from_db(s: &str) -> Result<NaiveDateTime, AppError> {
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&JST).naive_local())
        .map_err(|_| AppError::Internal)
}

/// The columns every event query selects (aliases used by [`summary_from_row`]).
pub const SELECT: &str = "SELECT e.*, l.name AS place, l.address, l.latitude, l.longitude, l.online,
        d.name_ja AS district_ja, d.name_en AS district_en, o.name AS organisation
    FROM events e
    LEFT JOIN locations l ON l.id = e.location_id
    LEFT JOIN districts d ON d.id = l.district_id
    LEFT JOIN organisations o ON o.id = e.organisation_id";

fn opt_u32(v: Option<i64>) -> Option<u32> {
    v.map(|n| n.clamp(0, u32::MAX as i64) as u32)
}

pub fn summary_from_row(r: &AnyRow, categories: Vec<(String, String)>) -> Result<EventSummary, AppError> {
    let capacity = opt_u32(r.try_get("capacity")?);
    let booked = opt_u32(r.try_get("booked")?).unwrap_or(0);
    let stored = EventStatus::parse(&r.try_get::<String, _>("status")?).unwrap_or(EventStatus::Scheduled);
    Ok(EventSummary {
        id: r.try_get("id")?,
        title: r.try_get("title")?,
        kind: EventKind::parse(&r.try_get::<String, _>("kind")?).unwrap_or(EventKind::Other),
        starts: time_from_db(&r.try_get::<String, _>("starts_at")?)?,
        ends: time_from_db(&r.try_get::<String, _>("ends_at")?)?,
        all_day: get_bool(r, "all_day")?,
        place: r.try_get::<Option<String>, _>("place")?.unwrap_or_default(),
        district_ja: r.try_get::<Option<String>, _>("district_ja")?.unwrap_or_default(),
        district_en: r.try_get::<Option<String>, _>("district_en")?.unwrap_or_default(),
        online: get_bool(r, "online").unwrap_or(false),
        fee_yen: opt_u32(r.try_get("fee_yen")?).unwrap_or(0),
        status: effective_status(stored, capacity, booked),
        remaining: capacity.map(|c| c.saturating_sub(booked)),
        apply_method: ApplyMethod::parse(&r.try_get::<String, _>("apply_method")?).unwrap_or(ApplyMethod::None),
        categories,
        activity_id: r.try_get("activity_id")?,
    })
}

/// Category labels of the given events.
pub async fn categories_of(db: &Db, ids: &[i64]) -> Result<HashMap<i64, Vec<(String, String)>>, AppError> {
    let mut map: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let list = chunk.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
        let rows = sqlx::query(&format!(
            "SELECT ec.event_id, c.name_ja, c.name_en FROM event_categories ec
             JOIN categories c ON c.id = ec.category_id
             WHERE ec.event_id IN ({list}) ORDER BY c.sort_order"
        ))
        .fetch_all(db.pool())
        .await?;
        for r in rows {
            map.entry(r.try_get("event_id")?).or_default().push((r.try_get("name_ja")?, r.try_get("name_en")?));
        }
    }
    Ok(map)
}

/// Events overlapping `from..=to` (Tokyo dates) that pass the filters,
/// in start order.
pub async fn find(db: &Db, from: NaiveDate, to: NaiveDate, q: &EventQuery) -> Result<Vec<EventSummary>, AppError> {
    let start = time_to_db(from.and_time(NaiveTime::MIN));
    let end = time_to_db(to.succ_opt().unwrap_or(to).and_time(NaiveTime::MIN));
    let mut sql = format!("{SELECT} WHERE e.starts_at < $1 AND e.ends_at > $2");
    let mut binds: Vec<String> = vec![end, start];
    if !q.category.is_empty() {
        binds.push(q.category.clone());
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM event_categories ec JOIN categories c ON c.id = ec.category_id
               WHERE ec.event_id = e.id AND c.slug = ${})",
            binds.len()
        ));
    }
    if !q.district.is_empty() {
        binds.push(q.district.clone());
        sql.push_str(&format!(" AND d.slug = ${}", binds.len()));
    }
    if q.free {
        sql.push_str(" AND e.fee_yen = 0");
    }
    sql.push_str(" ORDER BY e.starts_at, e.id");
    let mut query = sqlx::query(&sql);
    for b in &binds {
        query = query.bind(b);
    }
    let rows = query.fetch_all(db.pool()).await?;
    let words = query_words(&q.q);
    let part = match q.time.as_str() {
        "morning" => Some(DayPart::Morning),
        "afternoon" => Some(DayPart::Afternoon),
        "evening" => Some(DayPart::Evening),
        _ => None,
    };
    let mut kept = Vec::new();
    for r in &rows {
        if !words.is_empty() {
            let text = searchable_fields(&[
                &r.try_get::<String, _>("title")?,
                &r.try_get::<String, _>("description")?,
                &r.try_get::<Option<String>, _>("place")?.unwrap_or_default(),
                &r.try_get::<Option<String>, _>("organisation")?.unwrap_or_default(),
                &r.try_get::<Option<String>, _>("district_ja")?.unwrap_or_default(),
            ]);
            if !matches_all(&words, &text) {
                continue;
            }
        }
        kept.push(r);
    }
    let ids: Vec<i64> = kept.iter().map(|r| r.try_get("id")).collect::<Result<_, _>>()?;
    let mut cats = categories_of(db, &ids).await?;
    let mut out = Vec::with_capacity(kept.len());
    for r in kept {
        let id: i64 = r.try_get("id")?;
        let s = summary_from_row(r, cats.remove(&id).unwrap_or_default())?;
        if let Some(part) = part {
            let time = TimeOfDay::new(s.starts.time().hour(), s.starts.time().minute()).ok();
            if s.all_day || time.map(DayPart::of) != Some(part) {
                continue;
            }
        }
        out.push(s);
    }
    Ok(out)
}

use chrono::Timelike;

/// The agenda (today / this week / this month) or a calendar month.
pub async fn page(db: &Db, q: &EventQuery, today: NaiveDate) -> Result<EventsPage, AppError> {
    if q.is_calendar() {
        let (year, month) = parse_month(&q.month).unwrap_or((today.year(), today.month()));
        let grid = month_grid(year, month, today);
        let first = grid.weeks.first().map(|w| w[0].date).unwrap_or(today);
        let last = grid.weeks.last().map(|w| w[6].date).unwrap_or(today);
        let all = find(db, first, last, q).await?;
        let mut counts: BTreeMap<NaiveDate, u32> = BTreeMap::new();
        for e in &all {
            for d in e.days().filter(|d| (first..=last).contains(d)) {
                *counts.entry(d).or_default() += 1;
            }
        }
        let day = q.day.filter(|d| (first..=last).contains(d));
        let items = match day {
            Some(day) => all.into_iter().filter(|e| e.days().any(|d| d == day)).collect(),
            None => Vec::new(),
        };
        let (from, to) = day.map(|d| (d, d)).unwrap_or((first, last));
        return Ok(EventsPage { today, from, to, items, grid: Some(grid), day_counts: counts.into_iter().collect() });
    }
    let range = AgendaRange::parse(&q.range).unwrap_or(AgendaRange::Today);
    let (from, to) = super::agenda::span(range, today);
    let now = now_tokyo();
    // today's list leaves out what has already finished
    let items = find(db, from, to, q).await?.into_iter().filter(|e| e.ends > now).collect();
    Ok(EventsPage { today, from, to, items, grid: None, day_counts: Vec::new() })
}

use chrono::Datelike;

/// The detail of an event row (selected with [`SELECT`]), without the
/// page-only extras (QR code, JSON-LD, Google link).
pub fn detail_from_row(r: &AnyRow, categories: Vec<(String, String)>, base_url: &str) -> Result<EventDetail, AppError> {
    let summary = summary_from_row(r, categories)?;
    let capacity = opt_u32(r.try_get("capacity")?);
    let booked = opt_u32(r.try_get("booked")?).unwrap_or(0);
    let deadline = r.try_get::<Option<String>, _>("apply_deadline")?.map(|d| time_from_db(&d)).transpose()?;
    let signup_open = summary.apply_method == ApplyMethod::Portal
        && summary.status == EventStatus::Scheduled
        && now_tokyo() < deadline.unwrap_or(summary.starts);
    let text = |c: &str| -> Result<Option<String>, AppError> { Ok(r.try_get::<Option<String>, _>(c)?.filter(|s| !s.is_empty())) };
    Ok(EventDetail {
        share_url: format!("{base_url}/events/{}", summary.id),
        description: r.try_get("description")?,
        address: r.try_get::<Option<String>, _>("address")?.unwrap_or_default(),
        latitude: r.try_get("latitude")?,
        longitude: r.try_get("longitude")?,
        online_url: text("online_url")?,
        organisation: text("organisation")?,
        fee_note: text("fee_note")?,
        capacity,
        booked,
        targets: r.try_get::<String, _>("targets")?.split(',').filter_map(Target::parse).collect(),
        target_note: text("target_note")?,
        bring: text("bring")?,
        apply_contact: text("apply_contact")?,
        apply_deadline: deadline,
        signup_open,
        cancel_reason: text("cancel_reason")?,
        photos: r.try_get::<String, _>("photos")?.split_whitespace().map(str::to_string).collect(),
        qr_svg: String::new(),
        json_ld: String::new(),
        google_calendar_url: String::new(),
        map: None,
        summary,
    })
}

/// One event with everything its page shows.
pub async fn get(db: &Db, id: i64, base_url: &str) -> Result<EventDetail, AppError> {
    let r = sqlx::query(&format!("{SELECT} WHERE e.id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    let categories = categories_of(db, &[id]).await?.remove(&id).unwrap_or_default();
    let mut detail = detail_from_row(&r, categories, base_url)?;
    detail.qr_svg = crate::activities::share::ssr::qr_svg(&detail.share_url);
    let ical = super::feeds::ical_event(&detail, r.try_get("sequence")?, &r.try_get::<String, _>("updated_at")?, base_url);
    detail.google_calendar_url = crate::feeds::ical::google_calendar_url(&ical);
    detail.json_ld = super::feeds::json_ld(&detail);
    Ok(detail)
}
