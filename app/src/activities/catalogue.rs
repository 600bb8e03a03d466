//! The in-memory catalogue every server instance keeps: the search index and
//! the facts the filters need, for all listings. The database stays the
//! source of truth: each write bumps `catalogue_rev` in its transaction, and
//! before answering a query an instance loads the rows changed since the
//! revision it last saw — so it is correct after every edit and import, on
//! SQLite and PostgreSQL, with one or many instances.
use super::model::ActivityStatus;
use super::query::{ActivityQuery, DAYS, PER_PAGE, TIMES};
use super::search::{SearchDoc, SearchIndex};
use super::summary::{ActivityPage, ActivitySummary};
use crate::calendar::{today_tokyo, DayPart, Lang, Recurrence, Schedule};
use crate::db::Db;
use crate::error::AppError;
use crate::validation::GeoPoint;
use chrono::{Datelike, Duration, NaiveDate};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// Facts the filters test, per listing.
#[derive(Debug, Clone)]
struct Entry {
    summary: ActivitySummary,
    district: String,
    categories: Vec<String>,
    schedules: Vec<Schedule>,
    /// Bit i: may take place on weekday i (Monday = 0).
    weekdays: u8,
    /// Bits: morning 1, afternoon 2, evening 4.
    dayparts: u8,
    updated_at: String,
    point: Option<GeoPoint>,
}

#[derive(Default)]
struct Inner {
    rev: i64,
    index: SearchIndex,
    entries: HashMap<i64, Entry>,
    /// Day the `next_date`s were computed for.
    computed_for: Option<NaiveDate>,
}

#[derive(Default)]
pub struct Catalogue {
    inner: RwLock<Inner>,
    refreshing: tokio::sync::Mutex<()>,
}

impl Catalogue {
    pub fn new() -> Arc<Catalogue> {
        Arc::new(Catalogue::default())
    }

    /// Number of listings held (all statuses).
    pub fn len(&self) -> usize {
        self.inner.read().map(|i| i.entries.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Load what changed since the last refresh (everything the first time).
    pub async fn refresh(&self, db: &Db) -> Result<(), AppError> {
        let db_rev: i64 = sqlx::query_scalar("SELECT rev FROM catalogue_rev WHERE id = 1")
            .fetch_one(db.pool())
            .await?;
        if self.inner.read().map_err(|_| AppError::Internal)?.rev >= db_rev {
            return Ok(());
        }
        let _guard = self.refreshing.lock().await;
        let since = self.inner.read().map_err(|_| AppError::Internal)?.rev;
        if since >= db_rev {
            return Ok(());
        }
        let changed = load_changed(db, since).await?;
        let today = today_tokyo();
        let mut inner = self.inner.write().map_err(|_| AppError::Internal)?;
        for (entry, doc) in changed {
            inner.index.upsert(&doc);
            let mut entry = entry;
            entry.summary.next_date = next_date(&entry.schedules, today);
            inner.entries.insert(entry.summary.id, entry);
        }
        inner.rev = inner.rev.max(db_rev);
        Ok(())
    }

    /// Public facts of active listings for the self-check's suggestions,
    /// which are worked out on the resident's device: per category the
    /// `per_category` nearest to `near` (or the first by id), so asking
    /// reveals nothing about the person's answers.
    pub async fn suggestion_candidates(
        &self,
        db: &Db,
        near: Option<GeoPoint>,
        per_category: usize,
    ) -> Result<Vec<crate::health_check::suggest::Candidate>, AppError> {
        self.refresh(db).await?;
        let inner = self.inner.read().map_err(|_| AppError::Internal)?;
        let mut by_category: HashMap<&str, Vec<(&Entry, Option<u32>)>> = HashMap::new();
        for e in inner.entries.values().filter(|e| e.summary.status == ActivityStatus::Active) {
            let distance = near.zip(e.point).map(|(a, b)| a.distance_m(&b).round() as u32);
            for c in &e.categories {
                by_category.entry(c.as_str()).or_default().push((e, distance));
            }
        }
        let mut chosen: HashMap<i64, crate::health_check::suggest::Candidate> = HashMap::new();
        for list in by_category.values_mut() {
            list.sort_by_key(|(e, d)| (d.unwrap_or(u32::MAX), e.summary.id));
            for (e, distance) in list.iter().take(per_category) {
                chosen.entry(e.summary.id).or_insert_with(|| crate::health_check::suggest::Candidate {
                    id: e.summary.id,
                    name: e.summary.name.clone(),
                    categories: e.categories.clone(),
                    distance_m: *distance,
                    beginners_welcome: e.summary.beginners_welcome,
                    cost_yen: e.summary.cost_yen,
                });
            }
        }
        let mut out: Vec<_> = chosen.into_values().collect();
        out.sort_by_key(|c| c.id);
        Ok(out)
    }

    /// One page (or `pages` pages) of listings matching `q`.
    pub async fn search(&self, db: &Db, q: &ActivityQuery) -> Result<ActivityPage, AppError> {
        self.refresh(db).await?;
        let today = today_tokyo();
        self.recompute_dates_if_new_day(today)?;
        let inner = self.inner.read().map_err(|_| AppError::Internal)?;
        let position = match (q.lat, q.lon) {
            (Some(lat), Some(lon)) => GeoPoint::new(lat, lon).ok(),
            _ => None,
        };
        let words = q.q.trim();
        let scored: Vec<(i64, u32)> = if words.is_empty() {
            inner.entries.keys().map(|id| (*id, 0)).collect()
        } else {
            inner.index.search(words).into_iter().map(|h| (h.id, h.score)).collect()
        };
        let week_end = today + Duration::days(6);
        let mut rows: Vec<(&Entry, u32, Option<u32>)> = scored
            .into_iter()
            .filter_map(|(id, score)| inner.entries.get(&id).map(|e| (e, score)))
            .filter(|(e, _)| matches(e, q, today, week_end))
            .map(|(e, score)| {
                let d = position.zip(e.point).map(|(p, ep)| p.distance_m(&ep).round() as u32);
                (e, score, d)
            })
            .collect();
        match q.sort.as_str() {
            "updated" => rows.sort_by(|a, b| b.0.updated_at.cmp(&a.0.updated_at).then(a.0.summary.id.cmp(&b.0.summary.id))),
            "nearest" if position.is_some() => rows.sort_by(|a, b| {
                a.2.unwrap_or(u32::MAX).cmp(&b.2.unwrap_or(u32::MAX)).then(a.0.summary.id.cmp(&b.0.summary.id))
            }),
            _ => rows.sort_by(|a, b| {
                b.1.cmp(&a.1)
                    .then_with(|| a.0.summary.kana.cmp(&b.0.summary.kana))
                    .then(a.0.summary.id.cmp(&b.0.summary.id))
            }),
        }
        let total = rows.len();
        let shown = PER_PAGE * q.page_count();
        let items = rows
            .into_iter()
            .take(shown)
            .map(|(e, _, d)| {
                let mut s = e.summary.clone();
                s.distance_m = d;
                s
            })
            .collect();
        Ok(ActivityPage { total, items, more: total > shown })
    }

    /// Every listing matching `q` (keywords and filters, as the list) that
    /// has a place inside `bbox`: as compact map points, or as server-made
    /// clusters when there are too many for a phone.
    /// The listings matching `q` inside `bbox`, with `others` (resources
    /// already filtered) on the same map, clustered together when many.
    pub async fn map_points(
        &self,
        db: &Db,
        q: &ActivityQuery,
        bbox: &crate::map::bbox::BBox,
        others: Vec<crate::map::points::MapPoint>,
    ) -> Result<crate::map::points::MapPoints, AppError> {
        self.refresh(db).await?;
        let today = today_tokyo();
        self.recompute_dates_if_new_day(today)?;
        let inner = self.inner.read().map_err(|_| AppError::Internal)?;
        let week_end = today + Duration::days(6);
        let words = q.q.trim();
        // one pass: matches in the box, and matches with no place at all
        // (online…), which the page counts so the map and the list agree
        let mut unplaced = 0;
        let mut hits: Vec<&Entry> = Vec::new();
        let candidates: Box<dyn Iterator<Item = &Entry>> = if words.is_empty() {
            Box::new(inner.entries.values())
        } else {
            Box::new(inner.index.search(words).into_iter().filter_map(|h| inner.entries.get(&h.id)))
        };
        for e in candidates {
            match e.point {
                Some(p) if bbox.contains(p.lat(), p.lon()) => {
                    if matches(e, q, today, week_end) {
                        hits.push(e);
                    }
                }
                None => {
                    if matches(e, q, today, week_end) {
                        unplaced += 1;
                    }
                }
                Some(_) => {}
            }
        }
        enum Item<'a> {
            Listing(&'a Entry),
            Other(crate::map::points::MapPoint),
        }
        let resources = others.len();
        let items: Vec<Item> = hits.into_iter().map(Item::Listing).chain(others.into_iter().map(Item::Other)).collect();
        let pos = |i: &Item| match i {
            Item::Listing(e) => e.point.map(|p| (p.lat(), p.lon())).unwrap_or_default(),
            Item::Other(p) => (p.lat, p.lon),
        };
        let point = |i: Item| match i {
            Item::Listing(e) => map_point(e),
            Item::Other(p) => p,
        };
        let mut out = crate::map::points::cluster_by(items, pos, point, bbox);
        out.resources = resources;
        out.unplaced = unplaced;
        Ok(out)
    }

    fn recompute_dates_if_new_day(&self, today: NaiveDate) -> Result<(), AppError> {
        if self.inner.read().map_err(|_| AppError::Internal)?.computed_for == Some(today) {
            return Ok(());
        }
        let mut inner = self.inner.write().map_err(|_| AppError::Internal)?;
        for e in inner.entries.values_mut() {
            e.summary.next_date = next_date(&e.schedules, today);
        }
        inner.computed_for = Some(today);
        Ok(())
    }
}

fn map_point(e: &Entry) -> crate::map::points::MapPoint {
    let p = e.point.expect("filtered on having a point");
    crate::map::points::MapPoint {
        id: e.summary.id,
        lat: p.lat(),
        lon: p.lon(),
        name: e.summary.name.clone(),
        category: e.categories.first().cloned().unwrap_or_default(),
        next_date: e.summary.next_date.clone(),
        resource: false,
    }
}

fn next_date(schedules: &[Schedule], today: NaiveDate) -> Option<String> {
    schedules
        .iter()
        .filter_map(|s| s.next_dates(today, 1).into_iter().next())
        .min()
        .map(|d| d.to_string())
}

fn matches(e: &Entry, q: &ActivityQuery, today: NaiveDate, week_end: NaiveDate) -> bool {
    if e.summary.status == ActivityStatus::Ended {
        return false;
    }
    if !q.category.is_empty() && !e.categories.iter().any(|c| *c == q.category) {
        return false;
    }
    if !q.district.is_empty() && e.district != q.district {
        return false;
    }
    if let Some(i) = DAYS.iter().position(|d| *d == q.day) {
        if e.weekdays & (1 << i) == 0 {
            return false;
        }
    }
    if let Some(i) = TIMES.iter().position(|t| *t == q.time) {
        if e.dayparts & (1 << i) == 0 {
            return false;
        }
    }
    if q.free && e.summary.cost_yen > 0 {
        return false;
    }
    if q.beginners && !e.summary.beginners_welcome {
        return false;
    }
    if q.barrier_free && !e.summary.barrier_free {
        return false;
    }
    if q.this_week && !e.schedules.iter().any(|s| !s.occurrences(today, week_end).is_empty()) {
        return false;
    }
    true
}

fn weekday_mask(schedules: &[Schedule], today: NaiveDate) -> u8 {
    let mut mask = 0u8;
    for s in schedules {
        match &s.recurrence {
            Recurrence::Weekly { days } | Recurrence::MonthlyByWeekday { days, .. } => {
                for d in days {
                    mask |= 1 << d.num_days_from_monday();
                }
            }
            Recurrence::MonthlyByDate { .. } => {
                for d in s.occurrences(today, today + Duration::days(62)) {
                    mask |= 1 << d.weekday().num_days_from_monday();
                }
            }
            Recurrence::Irregular { .. } => {}
        }
    }
    mask
}

fn daypart_mask(schedules: &[Schedule]) -> u8 {
    let mut mask = 0u8;
    for s in schedules {
        if let Some(t) = s.time {
            for (i, part) in [DayPart::Morning, DayPart::Afternoon, DayPart::Evening].into_iter().enumerate() {
                if t.overlaps(part) {
                    mask |= 1 << i;
                }
            }
        }
    }
    mask
}

async fn load_changed(db: &Db, since: i64) -> Result<Vec<(Entry, SearchDoc)>, AppError> {
    let rows = sqlx::query(
        "SELECT a.id, a.name, a.kana, a.description, a.cost_yen, a.beginners_welcome, a.drop_in,
                a.barrier_free, a.status, a.last_verified, a.updated_at,
                l.name AS location_name, l.latitude, l.longitude, l.online,
                d.slug AS district_slug, d.name_ja AS district_ja, d.name_en AS district_en,
                o.name AS organisation
         FROM activities a
         JOIN locations l ON l.id = a.location_id
         LEFT JOIN districts d ON d.id = l.district_id
         LEFT JOIN organisations o ON o.id = a.organisation_id
         WHERE a.rev > $1",
    )
    .bind(since)
    .fetch_all(db.pool())
    .await?;
    let mut categories: HashMap<i64, Vec<(String, String, String)>> = HashMap::new();
    for r in sqlx::query(
        "SELECT ac.activity_id, c.slug, c.name_ja, c.name_en
         FROM activity_categories ac
         JOIN categories c ON c.id = ac.category_id
         JOIN activities a ON a.id = ac.activity_id
         WHERE a.rev > $1
         ORDER BY ac.activity_id, c.sort_order, c.slug",
    )
    .bind(since)
    .fetch_all(db.pool())
    .await?
    {
        categories.entry(r.try_get("activity_id")?).or_default().push((
            r.try_get("slug")?,
            r.try_get("name_ja")?,
            r.try_get("name_en")?,
        ));
    }
    let mut schedules: HashMap<i64, Vec<Schedule>> = HashMap::new();
    for r in sqlx::query(
        "SELECT s.activity_id, s.spec FROM activity_schedules s
         JOIN activities a ON a.id = s.activity_id
         WHERE a.rev > $1 ORDER BY s.activity_id, s.position",
    )
    .bind(since)
    .fetch_all(db.pool())
    .await?
    {
        let spec: String = r.try_get("spec")?;
        // stored specs were validated on the way in; skip rather than fail
        if let Ok(s) = Schedule::parse_compact(&spec) {
            schedules.entry(r.try_get("activity_id")?).or_default().push(s);
        }
    }
    let today = today_tokyo();
    rows.iter()
        .map(|r| entry_from_row(r, &mut categories, &mut schedules, today))
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(AppError::from)
}

fn entry_from_row(
    r: &AnyRow,
    categories: &mut HashMap<i64, Vec<(String, String, String)>>,
    schedules: &mut HashMap<i64, Vec<Schedule>>,
    today: NaiveDate,
) -> Result<(Entry, SearchDoc), sqlx::Error> {
    let id: i64 = r.try_get("id")?;
    let cats = categories.remove(&id).unwrap_or_default();
    let scheds = schedules.remove(&id).unwrap_or_default();
    let name: String = r.try_get("name")?;
    let kana: String = r.try_get("kana")?;
    let district_ja: Option<String> = r.try_get("district_ja")?;
    let district_en: Option<String> = r.try_get("district_en")?;
    let lat: Option<f64> = r.try_get("latitude")?;
    let lon: Option<f64> = r.try_get("longitude")?;
    let status: String = r.try_get("status")?;
    let cost: i64 = r.try_get("cost_yen")?;
    let doc = SearchDoc {
        id,
        name: name.clone(),
        reading: kana.clone(),
        organisation: r.try_get::<Option<String>, _>("organisation")?.unwrap_or_default(),
        district: format!("{} {}", district_ja.clone().unwrap_or_default(), district_en.clone().unwrap_or_default()),
        categories: cats.iter().map(|(_, ja, en)| format!("{ja} {en}")).collect::<Vec<_>>().join(" "),
        description: r.try_get("description")?,
    };
    let summary = ActivitySummary {
        id,
        name,
        kana,
        district_ja: district_ja.unwrap_or_default(),
        district_en: district_en.unwrap_or_default(),
        location_name: r.try_get("location_name")?,
        categories: cats.iter().map(|(_, ja, en)| (ja.clone(), en.clone())).collect(),
        schedule_ja: scheds.iter().map(|s| s.describe(Lang::Ja)).collect(),
        schedule_en: scheds.iter().map(|s| s.describe(Lang::En)).collect(),
        next_date: None,
        cost_yen: cost.max(0) as u32,
        beginners_welcome: crate::db::get_bool(r, "beginners_welcome")?,
        drop_in: crate::db::get_bool(r, "drop_in")?,
        barrier_free: crate::db::get_bool(r, "barrier_free")?,
        online: crate::db::get_bool(r, "online")?,
        status: ActivityStatus::parse(&status).unwrap_or(ActivityStatus::Active),
        last_verified: r.try_get("last_verified")?,
        distance_m: None,
    };
    let entry = Entry {
        district: r.try_get::<Option<String>, _>("district_slug")?.unwrap_or_default(),
        categories: cats.into_iter().map(|(slug, _, _)| slug).collect(),
        weekdays: weekday_mask(&scheds, today),
        dayparts: daypart_mask(&scheds),
        schedules: scheds,
        updated_at: r.try_get("updated_at")?,
        point: lat.zip(lon).and_then(|(a, b)| GeoPoint::new(a, b).ok()),
        summary,
    };
    Ok((entry, doc))
}
