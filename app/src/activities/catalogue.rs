//! The in-memory catalogue every server instance keeps: the search index and
//! the facts the filters need, for all listings. The database stays the
//! source of truth: each write bumps `catalogue_rev` in its transaction, and
//! before answering a query an instance loads the rows changed since the
//! revision it last saw — so it is correct after every edit and import, on
//! SQLite and PostgreSQL, with one or many instances.
//!
//! Sized for a city's worth of listings and more (measured at 100,000, see
//! docs/benchmarks.md): each listing keeps only what the filters test and
//! the list shows, in compact form (district and category labels are held
//! once and referred to by number; the schedules' descriptions are written
//! for the rows of the page, not kept for every listing), and a request
//! never sorts all listings: their order by reading and by last change is
//! kept as a rank, and a page is *selected* (O(n) on integers), then only
//! its rows are sorted.
use super::model::ActivityStatus;
use super::query::{ActivityQuery, DAYS, PER_PAGE, TIMES};
use super::search::index::PreparedDoc;
use super::search::index::HeapUsage;
use super::search::{SearchDoc, SearchIndex};
use super::summary::{ActivityPage, ActivitySummary};
use crate::calendar::{today_tokyo, DayPart, Lang, Recurrence, Schedule};
use crate::db::Db;
use crate::error::AppError;
use crate::validation::GeoPoint;
use chrono::{Datelike, Duration, NaiveDate};
use futures_util::stream::{BoxStream, Peekable};
use futures_util::{StreamExt, TryStreamExt};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

mod packed;
use packed::PackedStrs;

/// A district or a category, held once however many listings name it.
#[derive(Debug)]
struct Label {
    slug: Box<str>,
    ja: Box<str>,
    en: Box<str>,
}

/// Labels by number, and their numbers by slug.
#[derive(Debug, Default)]
struct Labels {
    list: Vec<Label>,
    by_slug: HashMap<Box<str>, u32>,
}

impl Labels {
    /// The number of `slug` (its names updated: a label may be renamed).
    fn intern(&mut self, slug: &str, ja: &str, en: &str) -> u32 {
        if let Some(&i) = self.by_slug.get(slug) {
            let label = &mut self.list[i as usize];
            if *label.ja != *ja || *label.en != *en {
                (label.ja, label.en) = (ja.into(), en.into());
            }
            return i;
        }
        let i = self.list.len() as u32;
        self.list.push(Label { slug: slug.into(), ja: ja.into(), en: en.into() });
        self.by_slug.insert(slug.into(), i);
        i
    }

    fn get(&self, i: u32) -> &Label {
        &self.list[i as usize]
    }
}

/// Facts the filters test and the list shows, per listing: about 100 bytes
/// and two allocations each, for there may be 100,000 of them.
#[derive(Debug)]
struct Entry {
    /// Name, reading, place name, last verified (empty when never), then
    /// each schedule in its compact form (parsed for the rows of a page and
    /// once a day for the dates: a parsed schedule is several times larger).
    texts: PackedStrs,
    district: Option<u32>,
    categories: Box<[u32]>,
    cost_yen: u32,
    flags: u8,
    status: ActivityStatus,
    /// Last change, microseconds since the epoch (what the ranks order by).
    updated: i64,
    point: Option<GeoPoint>,
    /// The next date it takes place (from [`Inner::computed_for`]).
    next_date: Option<NaiveDate>,
    /// Bit i: may take place on weekday i (Monday = 0).
    weekdays: u8,
    /// Bits: morning 1, afternoon 2, evening 4.
    dayparts: u8,
    /// Place in the order by reading (then id), and by last change (newest
    /// first, then id): what the list sorts by, as integers.
    kana_rank: u32,
    updated_rank: u32,
}

const BEGINNERS: u8 = 1;
const DROP_IN: u8 = 2;
const BARRIER_FREE: u8 = 4;
const ONLINE: u8 = 8;

/// Places in [`Entry::texts`].
const TEXT_NAME: usize = 0;
const TEXT_KANA: usize = 1;
const TEXT_LOCATION: usize = 2;
const TEXT_LAST_VERIFIED: usize = 3;
const TEXT_SCHEDULES: usize = 4;

impl Entry {
    fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }

    fn name(&self) -> &str {
        self.texts.get(TEXT_NAME)
    }

    fn kana(&self) -> &str {
        self.texts.get(TEXT_KANA)
    }

    fn schedules(&self) -> Vec<Schedule> {
        // stored specs were validated on the way in; skip rather than fail
        self.texts.iter().skip(TEXT_SCHEDULES).filter_map(|spec| Schedule::parse_compact(spec).ok()).collect()
    }
}

#[derive(Default)]
struct Inner {
    rev: i64,
    index: SearchIndex,
    entries: HashMap<i64, Entry>,
    districts: Labels,
    categories: Labels,
    /// Day the `next_date`s were computed for.
    computed_for: Option<NaiveDate>,
}

#[derive(Default)]
pub struct Catalogue {
    inner: RwLock<Inner>,
    refreshing: tokio::sync::Mutex<()>,
}

/// A listing as read from the database, before its labels are interned.
struct Loaded {
    id: i64,
    entry: Entry,
    district: Option<(String, String, String)>,
    categories: Vec<(String, String, String)>,
    doc: SearchDoc,
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

    /// Where the search index's memory goes (for the start-up log).
    pub fn index_heap_usage(&self) -> HeapUsage {
        self.inner.read().map(|i| i.index.heap_usage()).unwrap_or_default()
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
        let today = today_tokyo();
        let fresh = self.inner.read().map_err(|_| AppError::Internal)?.entries.is_empty();
        // the changed rows a batch at a time, as they stream from the
        // database: the search documents (several times the size of what
        // the index keeps of them) never all exist at once, and neither do
        // the rows
        let mut changes = Changes::open(db, since);
        let mut batch = Vec::with_capacity(PREPARE_BATCH);
        loop {
            let next = changes.next(today).await?;
            let end = next.is_none();
            batch.extend(next);
            if batch.len() < PREPARE_BATCH && !end {
                continue;
            }
            let prepared = prepare(&batch);
            let mut inner = self.inner.write().map_err(|_| AppError::Internal)?;
            for (loaded, doc) in batch.drain(..).zip(prepared) {
                let Loaded { id, mut entry, district, categories, .. } = loaded;
                entry.district = district.map(|(slug, ja, en)| inner.districts.intern(&slug, &ja, &en));
                entry.categories = categories.iter().map(|(slug, ja, en)| inner.categories.intern(slug, ja, en)).collect();
                inner.entries.insert(id, entry);
                inner.index.upsert_prepared(doc);
            }
            if end {
                break;
            }
        }
        drop(changes);
        let mut inner = self.inner.write().map_err(|_| AppError::Internal)?;
        if fresh {
            inner.index.shrink_to_fit();
            inner.entries.shrink_to_fit();
            // the rows just read have their dates for today; rows kept from
            // an earlier day are brought up to date by the next query
            inner.computed_for = Some(today);
        }
        rank(&mut inner.entries);
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
        let mut by_category: HashMap<u32, Vec<(i64, &Entry, Option<u32>)>> = HashMap::new();
        for (id, e) in inner.entries.iter().filter(|(_, e)| e.status == ActivityStatus::Active) {
            let distance = near.zip(e.point).map(|(a, b)| a.distance_m(&b).round() as u32);
            for c in e.categories.iter() {
                by_category.entry(*c).or_default().push((*id, e, distance));
            }
        }
        let mut chosen: HashMap<i64, crate::health_check::suggest::Candidate> = HashMap::new();
        for list in by_category.values_mut() {
            let key = |(id, _, d): &(i64, &Entry, Option<u32>)| (d.unwrap_or(u32::MAX), *id);
            if list.len() > per_category {
                list.select_nth_unstable_by_key(per_category, key);
                list.truncate(per_category);
            }
            for (id, e, distance) in list.iter() {
                chosen.entry(*id).or_insert_with(|| crate::health_check::suggest::Candidate {
                    id: *id,
                    name: e.name().to_string(),
                    categories: e.categories.iter().map(|c| inner.categories.get(*c).slug.to_string()).collect(),
                    distance_m: *distance,
                    beginners_welcome: e.has(BEGINNERS),
                    cost_yen: e.cost_yen,
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
        let Some(filter) = Filter::new(&inner, q, today) else {
            return Ok(ActivityPage { total: 0, items: Vec::new(), more: false });
        };
        let words = q.q.trim();
        let nearest = q.sort == "nearest" && position.is_some();
        // (sort key, id, entry, distance): the key is two integers, so
        // choosing a page among 100,000 is cheap
        let row = |id: i64, e: &'_ Entry, score: u32| {
            let distance = position.zip(e.point).map(|(p, ep)| p.distance_m(&ep).round() as u32);
            let key = match q.sort.as_str() {
                "updated" => (e.updated_rank, 0),
                _ if nearest => (distance.unwrap_or(u32::MAX), u32::try_from(id).unwrap_or(u32::MAX)),
                _ => (u32::MAX - score, e.kana_rank),
            };
            (key, id, distance)
        };
        let mut rows: Vec<((u32, u32), i64, Option<u32>)> = if words.is_empty() {
            inner.entries.iter().filter(|(_, e)| filter.matches(e)).map(|(id, e)| row(*id, e, 0)).collect()
        } else {
            inner
                .index
                .search(words)
                .into_iter()
                .filter_map(|h| inner.entries.get(&h.id).filter(|e| filter.matches(e)).map(|e| row(h.id, e, h.score)))
                .collect()
        };
        let total = rows.len();
        let shown = PER_PAGE * q.page_count();
        if total > shown {
            rows.select_nth_unstable_by_key(shown, |r| r.0);
            rows.truncate(shown);
        }
        rows.sort_unstable_by_key(|r| r.0);
        let items = rows.into_iter().map(|(_, id, d)| inner.summary(id, &inner.entries[&id], d)).collect();
        Ok(ActivityPage { total, items, more: total > shown })
    }

    /// The listings matching `q` (keywords and filters, as the list) inside
    /// `bbox`, with `others` (resources already filtered) on the same map:
    /// as compact map points, or as server-made clusters when there are too
    /// many for a phone.
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
        let resources = others.len();
        let Some(filter) = Filter::new(&inner, q, today) else {
            let mut out = crate::map::points::cluster(others, bbox);
            out.resources = resources;
            return Ok(out);
        };
        let words = q.q.trim();
        // one pass: matches in the box, and matches with no place at all
        // (online…), which the page counts so the map and the list agree
        let mut unplaced = 0;
        let mut hits: Vec<(i64, &Entry)> = Vec::new();
        let candidates: Box<dyn Iterator<Item = (i64, &Entry)>> = if words.is_empty() {
            Box::new(inner.entries.iter().map(|(id, e)| (*id, e)))
        } else {
            Box::new(inner.index.search(words).into_iter().filter_map(|h| inner.entries.get(&h.id).map(|e| (h.id, e))))
        };
        for (id, e) in candidates {
            match e.point {
                Some(p) if bbox.contains(p.lat(), p.lon()) => {
                    if filter.matches(e) {
                        hits.push((id, e));
                    }
                }
                None => {
                    if filter.matches(e) {
                        unplaced += 1;
                    }
                }
                Some(_) => {}
            }
        }
        // small items (a whole town's worth is 100,000 of them): what a
        // point shows is written only for the points left alone
        enum Item<'a> {
            Listing(i64, &'a Entry),
            Other(&'a crate::map::points::MapPoint),
        }
        let items: Vec<Item> =
            hits.into_iter().map(|(id, e)| Item::Listing(id, e)).chain(others.iter().map(Item::Other)).collect();
        let pos = |i: &Item| match i {
            Item::Listing(_, e) => e.point.map(|p| (p.lat(), p.lon())).unwrap_or_default(),
            Item::Other(p) => (p.lat, p.lon),
        };
        let point = |i: Item| match i {
            Item::Listing(id, e) => inner.map_point(id, e),
            Item::Other(p) => p.clone(),
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
        if inner.computed_for == Some(today) {
            return Ok(());
        }
        for e in inner.entries.values_mut() {
            let schedules = e.schedules();
            e.next_date = next_date(&schedules, today);
            e.weekdays = weekday_mask(&schedules, today);
        }
        inner.computed_for = Some(today);
        Ok(())
    }
}

impl Inner {
    /// What the list shows of one listing.
    fn summary(&self, id: i64, e: &Entry, distance_m: Option<u32>) -> ActivitySummary {
        let district = e.district.map(|d| self.districts.get(d));
        let schedules = e.schedules();
        let last_verified = e.texts.get(TEXT_LAST_VERIFIED);
        ActivitySummary {
            id,
            name: e.name().to_string(),
            kana: e.kana().to_string(),
            district_ja: district.map(|d| d.ja.to_string()).unwrap_or_default(),
            district_en: district.map(|d| d.en.to_string()).unwrap_or_default(),
            location_name: e.texts.get(TEXT_LOCATION).to_string(),
            categories: e.categories.iter().map(|c| self.categories.get(*c)).map(|c| (c.ja.to_string(), c.en.to_string())).collect(),
            schedule_ja: schedules.iter().map(|s| s.describe(Lang::Ja)).collect(),
            schedule_en: schedules.iter().map(|s| s.describe(Lang::En)).collect(),
            next_date: e.next_date.map(|d| d.to_string()),
            cost_yen: e.cost_yen,
            beginners_welcome: e.has(BEGINNERS),
            drop_in: e.has(DROP_IN),
            barrier_free: e.has(BARRIER_FREE),
            online: e.has(ONLINE),
            status: e.status,
            last_verified: (!last_verified.is_empty()).then(|| last_verified.to_string()),
            distance_m,
        }
    }

    fn map_point(&self, id: i64, e: &Entry) -> crate::map::points::MapPoint {
        let p = e.point.expect("filtered on having a point");
        crate::map::points::MapPoint {
            id,
            lat: p.lat(),
            lon: p.lon(),
            name: e.name().to_string(),
            category: e.categories.first().map(|c| self.categories.get(*c).slug.to_string()).unwrap_or_default(),
            next_date: e.next_date.map(|d| d.to_string()),
            resource: false,
        }
    }
}

/// The list's filters, resolved once per request (slugs to label numbers).
struct Filter {
    category: Option<u32>,
    district: Option<u32>,
    /// Weekday bit, daypart bit.
    day: Option<u8>,
    time: Option<u8>,
    free: bool,
    beginners: bool,
    barrier_free: bool,
    /// Last day of "this week" (today + 6), when asked.
    week_end: Option<NaiveDate>,
}

impl Filter {
    /// `None` when nothing can match (a category or district no listing has).
    fn new(inner: &Inner, q: &ActivityQuery, today: NaiveDate) -> Option<Filter> {
        let label = |labels: &Labels, slug: &str| -> Option<Option<u32>> {
            if slug.is_empty() {
                Some(None)
            } else {
                labels.by_slug.get(slug).map(|i| Some(*i))
            }
        };
        Some(Filter {
            category: label(&inner.categories, &q.category)?,
            district: label(&inner.districts, &q.district)?,
            day: DAYS.iter().position(|d| *d == q.day).map(|i| 1 << i),
            time: TIMES.iter().position(|t| *t == q.time).map(|i| 1 << i),
            free: q.free,
            beginners: q.beginners,
            barrier_free: q.barrier_free,
            week_end: q.this_week.then(|| today + Duration::days(6)),
        })
    }

    fn matches(&self, e: &Entry) -> bool {
        e.status != ActivityStatus::Ended
            && self.category.is_none_or(|c| e.categories.contains(&c))
            && self.district.is_none_or(|d| e.district == Some(d))
            && self.day.is_none_or(|bit| e.weekdays & bit != 0)
            && self.time.is_none_or(|bit| e.dayparts & bit != 0)
            && (!self.free || e.cost_yen == 0)
            && (!self.beginners || e.has(BEGINNERS))
            && (!self.barrier_free || e.has(BARRIER_FREE))
            // the next date is the first one from today: this week has one
            // exactly when it falls within the week
            && self.week_end.is_none_or(|end| e.next_date.is_some_and(|d| d <= end))
    }
}

/// Documents prepared for the index at a time.
/// A prepared document takes about 6 KB (its tokens), so a batch about
/// 12 MB: small beside the index, large enough to share among the cores.
const PREPARE_BATCH: usize = 2_048;

/// The search index's share of the work (normalising and tokenising every
/// field, most of a full load), on every core when there is much of it.
fn prepare(loaded: &[Loaded]) -> Vec<PreparedDoc> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    if loaded.len() < 512 || threads < 2 {
        return loaded.iter().map(|l| PreparedDoc::new(&l.doc)).collect();
    }
    let chunk = loaded.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let parts: Vec<_> = loaded
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|l| PreparedDoc::new(&l.doc)).collect::<Vec<_>>()))
            .collect();
        parts.into_iter().flat_map(|p| p.join().expect("preparing a search document does not panic")).collect()
    })
}

/// Number every listing by reading (then id) and by last change (newest
/// first, then id).
fn rank(entries: &mut HashMap<i64, Entry>) {
    let mut order: Vec<(&str, i64)> = entries.iter().map(|(id, e)| (e.kana(), *id)).collect();
    order.sort_unstable();
    let by_kana: Vec<i64> = order.into_iter().map(|(_, id)| id).collect();
    let mut order: Vec<(i64, i64)> = entries.iter().map(|(id, e)| (e.updated, *id)).collect();
    order.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let by_update: Vec<i64> = order.into_iter().map(|(_, id)| id).collect();
    for (rank, id) in by_kana.into_iter().enumerate() {
        if let Some(e) = entries.get_mut(&id) {
            e.kana_rank = rank as u32;
        }
    }
    for (rank, id) in by_update.into_iter().enumerate() {
        if let Some(e) = entries.get_mut(&id) {
            e.updated_rank = rank as u32;
        }
    }
}

fn next_date(schedules: &[Schedule], today: NaiveDate) -> Option<NaiveDate> {
    schedules.iter().filter_map(|s| s.next_dates(today, 1).into_iter().next()).min()
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

/// The listings changed since a revision, with their schedules and
/// categories: three queries read side by side in id order, a listing at a
/// time.
struct Changes<'a> {
    rows: RowStream<'a>,
    schedules: RowStream<'a>,
    categories: RowStream<'a>,
}

type RowStream<'a> = std::pin::Pin<Box<Peekable<BoxStream<'a, Result<AnyRow, sqlx::Error>>>>>;

impl<'a> Changes<'a> {
    fn open(db: &'a Db, since: i64) -> Self {
        let stream = |sql: &'static str| -> RowStream<'a> { Box::pin(sqlx::query(sql).bind(since).fetch(db.pool()).peekable()) };
        Changes {
            rows: stream(
                "SELECT a.id, a.name, a.kana, a.description, a.cost_yen, a.beginners_welcome, a.drop_in,
                        a.barrier_free, a.status, a.last_verified, a.updated_at,
                        l.name AS location_name, l.latitude, l.longitude, l.online,
                        d.slug AS district_slug, d.name_ja AS district_ja, d.name_en AS district_en,
                        o.name AS organisation
                 FROM activities a
                 JOIN locations l ON l.id = a.location_id
                 LEFT JOIN districts d ON d.id = l.district_id
                 LEFT JOIN organisations o ON o.id = a.organisation_id
                 WHERE a.rev > $1
                 ORDER BY a.id",
            ),
            schedules: stream(
                "SELECT s.activity_id, s.spec FROM activity_schedules s
                 JOIN activities a ON a.id = s.activity_id
                 WHERE a.rev > $1 ORDER BY s.activity_id, s.position",
            ),
            categories: stream(
                "SELECT ac.activity_id, c.slug, c.name_ja, c.name_en
                 FROM activity_categories ac
                 JOIN categories c ON c.id = ac.category_id
                 JOIN activities a ON a.id = ac.activity_id
                 WHERE a.rev > $1
                 ORDER BY ac.activity_id, c.sort_order, c.slug",
            ),
        }
    }

    /// The next changed listing, or `None` after the last.
    async fn next(&mut self, today: NaiveDate) -> Result<Option<Loaded>, AppError> {
        let Some(row) = self.rows.as_mut().try_next().await? else {
            return Ok(None);
        };
        let id: i64 = row.try_get("id")?;
        let mut specs = Vec::new();
        for r in rows_of(&mut self.schedules, id).await? {
            specs.push(r.try_get::<String, _>("spec")?);
        }
        let mut categories = Vec::new();
        for r in rows_of(&mut self.categories, id).await? {
            categories.push((r.try_get("slug")?, r.try_get("name_ja")?, r.try_get("name_en")?));
        }
        Ok(Some(loaded_from_row(&row, categories, specs, today)?))
    }
}

/// The rows of `stream` (ordered by `activity_id`) that belong to listing
/// `id`, skipping any before it.
async fn rows_of(stream: &mut RowStream<'_>, id: i64) -> Result<Vec<AnyRow>, sqlx::Error> {
    let mut rows = Vec::new();
    loop {
        let owner = match stream.as_mut().peek().await {
            None => break,
            Some(Ok(row)) => row.try_get::<i64, _>("activity_id")?,
            // the error itself comes out of the stream's next item
            Some(Err(_)) => i64::MIN,
        };
        if owner > id {
            break;
        }
        match stream.as_mut().try_next().await? {
            Some(row) if owner == id => rows.push(row),
            _ => {}
        }
    }
    Ok(rows)
}

fn loaded_from_row(
    r: &AnyRow,
    cats: Vec<(String, String, String)>,
    specs: Vec<String>,
    today: NaiveDate,
) -> Result<Loaded, sqlx::Error> {
    let id: i64 = r.try_get("id")?;
    // stored specs were validated on the way in; skip rather than fail
    let (specs, scheds): (Vec<String>, Vec<Schedule>) =
        specs.into_iter().filter_map(|spec| Schedule::parse_compact(&spec).ok().map(|s| (spec, s))).unzip();
    let name: String = r.try_get("name")?;
    let kana: String = r.try_get("kana")?;
    let district_slug: Option<String> = r.try_get("district_slug")?;
    let district_ja: Option<String> = r.try_get("district_ja")?;
    let district_en: Option<String> = r.try_get("district_en")?;
    let lat: Option<f64> = r.try_get("latitude")?;
    let lon: Option<f64> = r.try_get("longitude")?;
    let status: String = r.try_get("status")?;
    let cost: i64 = r.try_get("cost_yen")?;
    let location_name: String = r.try_get("location_name")?;
    let last_verified: Option<String> = r.try_get("last_verified")?;
    let updated_at: String = r.try_get("updated_at")?;
    let texts = PackedStrs::new(
        [name.as_str(), kana.as_str(), location_name.as_str(), last_verified.as_deref().unwrap_or_default()]
            .into_iter()
            .chain(specs.iter().map(String::as_str)),
    );
    let doc = SearchDoc {
        id,
        name,
        reading: kana,
        organisation: r.try_get::<Option<String>, _>("organisation")?.unwrap_or_default(),
        district: format!("{} {}", district_ja.as_deref().unwrap_or_default(), district_en.as_deref().unwrap_or_default()),
        categories: cats.iter().map(|(_, ja, en)| format!("{ja} {en}")).collect::<Vec<_>>().join(" "),
        description: r.try_get("description")?,
    };
    let flag = |name: &str, bit: u8| crate::db::get_bool(r, name).map(|b| if b { bit } else { 0 });
    let entry = Entry {
        texts,
        district: None,
        categories: Box::new([]),
        next_date: next_date(&scheds, today),
        weekdays: weekday_mask(&scheds, today),
        dayparts: daypart_mask(&scheds),
        cost_yen: cost.max(0) as u32,
        flags: flag("beginners_welcome", BEGINNERS)? | flag("drop_in", DROP_IN)? | flag("barrier_free", BARRIER_FREE)? | flag("online", ONLINE)?,
        status: ActivityStatus::parse(&status).unwrap_or(ActivityStatus::Active),
        updated: chrono::DateTime::parse_from_rfc3339(&updated_at).map_or(0, |t| t.timestamp_micros()),
        point: lat.zip(lon).and_then(|(a, b)| GeoPoint::new(a, b).ok()),
        kana_rank: 0,
        updated_rank: 0,
    };
    let district = match (district_slug, district_ja, district_en) {
        (Some(slug), ja, en) => Some((slug, ja.unwrap_or_default(), en.unwrap_or_default())),
        _ => None,
    };
    Ok(Loaded { id, entry, district, categories: cats, doc })
}
