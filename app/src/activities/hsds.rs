//! Open Referral HSDS 3.0 over the activities (read only, open data).
//!
//! The mapping (HSDS ← Tsunagu):
//!
//! * `organization` ← an `organisations` row; `service` ← an activity;
//!   `location` / `address` ← the activity's location (city みどり野市,
//!   country JP, the district as `region`); `schedule` ← each schedule via
//!   [`Schedule::to_hsds`] (times carry `+09:00`, `timezone` 9);
//!   `cost_option` ← the fee (free: amount 0, option 無料; currency JPY).
//! * One `taxonomy` (code `tsunagu-categories`) whose terms are the three
//!   families (people, life, vitality) and, below each, its categories
//!   (`code` = slug, `name` Japanese, `description` English). Services link
//!   to their category terms through `attributes`.
//! * Status: active → `active`, paused → `inactive`, ended → `defunct`.
//!   Listings include ended activities (so that a consumer syncing with
//!   `modified_after` learns about the ending), except keyword searches,
//!   which use the portal's own search and find only activities one can join.
//! * Every `id` is a UUID v5 derived from a fixed namespace and the row's
//!   kind and key (`activity:12`, `category:exercise`, …): stable across
//!   requests, restarts and backends, and never reveals anything new.
//!
//! The catalogue is small (hundreds of listings), so a request reads the
//! rows it needs whole, in a handful of queries, and filters in Rust.
use super::catalogue::Catalogue;
use super::model::{ActivityStatus, Family, Target};
use super::query::{ActivityQuery, PER_PAGE};
use super::search::normalize::{matches_all, query_words, searchable_fields};
use crate::calendar::{HsdsSchedule, Lang, Schedule};
use crate::db::{get_bool, Db};
use crate::error::AppError;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::{BTreeMap, HashMap, HashSet};

pub use uuid::Uuid;

/// The HSDS version served.
pub const HSDS_VERSION: &str = "3.0";
/// Where HSDS 3.0 (the profile this API follows: plain HSDS) is described.
pub const PROFILE_URL: &str = "https://github.com/openreferral/specification/tree/3.0";
/// The HSDS 3.0 OpenAPI description this API implements (a read-only subset).
pub const OPENAPI_URL: &str = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json";
/// The code of our one taxonomy (also each term's `taxonomy`).
pub const TAXONOMY_CODE: &str = "tsunagu-categories";
/// The municipality every address is in.
pub const CITY: &str = "みどり野市";
/// ISO 3166-1 alpha-2.
pub const COUNTRY: &str = "JP";
/// Page size when `per_page` is absent, and its largest allowed value.
pub const DEFAULT_PER_PAGE: u64 = 50;
pub const MAX_PER_PAGE: u64 = 200;
/// Japan time as a UTC offset in hours (HSDS `schedule.timezone`).
const TOKYO_UTC_OFFSET: i64 = 9;

/// Namespace of every id this API derives. Never change it: ids are public.
const NAMESPACE: Uuid = Uuid::from_u128(0x5d7c_4a1e_93b2_4f0e_8a61_2c9e_7b34_d158);

/// The stable id of a row: `kind` names the table, `key` the row.
pub fn id(kind: &str, key: impl std::fmt::Display) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("{kind}:{key}").as_bytes())
}

pub fn taxonomy_id() -> Uuid {
    id("taxonomy", TAXONOMY_CODE)
}

// ---------------------------------------------------------------------------
// HSDS objects (field names and shapes as in the HSDS 3.0 schemas)
// ---------------------------------------------------------------------------

/// The paginated envelope of the HSDS API (`#/components/schemas/Page`).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub total_items: u64,
    pub total_pages: u64,
    pub page_number: u64,
    /// Number of entities in this page.
    pub size: u64,
    pub first_page: bool,
    pub last_page: bool,
    pub empty: bool,
    pub contents: Vec<T>,
}

/// Requested page (1-based) and page size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: u64,
    pub per_page: u64,
}

impl Default for Paging {
    fn default() -> Self {
        Paging { page: 1, per_page: DEFAULT_PER_PAGE }
    }
}

impl Paging {
    /// The index range of this page within `total` items.
    fn window(self, total: usize) -> std::ops::Range<usize> {
        let start = (self.page.saturating_sub(1)).saturating_mul(self.per_page).min(total as u64) as usize;
        let end = (start as u64).saturating_add(self.per_page).min(total as u64) as usize;
        start..end
    }

    fn envelope<T>(self, total: usize, contents: Vec<T>) -> Page<T> {
        let total_pages = (total as u64).div_ceil(self.per_page.max(1));
        Page {
            total_items: total as u64,
            total_pages,
            page_number: self.page,
            size: contents.len() as u64,
            first_page: self.page == 1,
            last_page: self.page >= total_pages,
            empty: contents.is_empty(),
            contents,
        }
    }

    /// This page of `items` (all of them, already filtered and ordered).
    fn page<T>(self, mut items: Vec<T>) -> Page<T> {
        let total = items.len();
        let range = self.window(total);
        items.truncate(range.end);
        let contents = items.split_off(range.start);
        self.envelope(total, contents)
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Service {
    pub id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<Uuid>,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternate_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `active`, `inactive` (paused) or `defunct` (ended).
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fees_description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligibility_description: Option<String>,
    /// Date of the last check (`YYYY-MM-DD`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assured_date: Option<String>,
    /// Latest change of the activity or its organisation (UTC, milliseconds).
    pub last_modified: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<Phone>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub schedules: Vec<ServiceSchedule>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub service_at_locations: Vec<ServiceAtLocation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(no_recursion)]
    pub organization: Option<Organization>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cost_options: Vec<CostOption>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Organization {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<Phone>,
    /// Only in `/organizations/{id}`: its services (one-to-one fields).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(no_recursion)]
    pub services: Vec<Service>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Phone {
    pub id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<Uuid>,
    pub number: String,
    /// RFC 6350 type: always `voice`.
    #[serde(rename = "type")]
    pub kind: &'static str,
}

/// A schedule of a service: the mapping of [`Schedule::to_hsds`] plus ids.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ServiceSchedule {
    pub id: Uuid,
    pub service_id: Uuid,
    /// UTC offset (hours) of every time given: 9 (Japan).
    pub timezone: i64,
    #[serde(flatten)]
    pub schedule: HsdsSchedule,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ServiceAtLocation {
    pub id: Uuid,
    pub service_id: Uuid,
    pub location_id: Uuid,
    pub location: Location,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Location {
    pub id: Uuid,
    /// `physical`, or `virtual` for online activities.
    pub location_type: &'static str,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transportation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<Address>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub accessibility: Vec<Accessibility>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Address {
    pub id: Uuid,
    pub location_id: Uuid,
    /// The address without the city name.
    pub address_1: String,
    pub city: &'static str,
    /// The district (地区), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Required by HSDS; our data has no prefecture, so it is empty.
    pub state_province: String,
    /// Required by HSDS; our data has no postal codes, so it is empty.
    pub postal_code: String,
    pub country: &'static str,
    /// `physical`; `postal` for the contact address of an online activity.
    pub address_type: &'static str,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Accessibility {
    pub id: Uuid,
    pub location_id: Uuid,
    /// Japanese.
    pub description: &'static str,
    /// English.
    pub details: &'static str,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CostOption {
    pub id: Uuid,
    pub service_id: Uuid,
    pub option: &'static str,
    pub currency: &'static str,
    pub amount: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_description: Option<String>,
}

/// Links a service to a taxonomy term.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Attribute {
    pub id: Uuid,
    pub link_id: Uuid,
    pub link_entity: &'static str,
    pub taxonomy_term_id: Uuid,
    pub taxonomy_term: TaxonomyTerm,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Taxonomy {
    pub id: Uuid,
    pub name: &'static str,
    pub description: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TaxonomyTerm {
    pub id: Uuid,
    /// The category (or family) slug.
    pub code: String,
    /// Japanese.
    pub name: String,
    /// English.
    pub description: String,
    /// The family term of a category; absent for the families.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<Uuid>,
    pub taxonomy: &'static str,
    pub taxonomy_id: Uuid,
    /// Language of `name`.
    pub language: &'static str,
}

// ---------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------

/// Filters of `GET /services` (all optional, combined with AND).
#[derive(Debug, Clone, Default)]
pub struct ServiceFilter {
    /// Keywords for the portal's Japanese-aware search.
    pub search: Option<String>,
    /// A category term (its services) or a family term (any of its categories).
    pub taxonomy_term_id: Option<Uuid>,
    /// Services with any term of this taxonomy.
    pub taxonomy_id: Option<Uuid>,
    pub organization_id: Option<Uuid>,
    /// Changed on or after this instant (see [`Service::last_modified`]).
    pub modified_after: Option<DateTime<Utc>>,
}

/// `GET /services`: one page of matching services, in relevance order for
/// a search and by creation otherwise. `full` nests everything (as
/// `/services/{id}` does) instead of the one-to-one fields.
pub async fn list_services(
    db: &Db,
    catalogue: &Catalogue,
    filter: &ServiceFilter,
    paging: Paging,
    full: bool,
) -> Result<Page<Service>, AppError> {
    let snap = Snapshot::load(db, None, full).await?;
    let mut order: Vec<&ActivityRow> = match filter.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(words) => {
            let by_id: HashMap<i64, &ActivityRow> = snap.activities.iter().map(|a| (a.id, a)).collect();
            let query = ActivityQuery {
                q: words.chars().take(100).collect(),
                pages: snap.activities.len() / PER_PAGE + 1,
                ..Default::default()
            };
            let found = catalogue.search(db, &query).await?;
            found.items.iter().filter_map(|s| by_id.get(&s.id).copied()).collect()
        }
        None => snap.activities.iter().collect(),
    };
    if let Some(term) = filter.taxonomy_term_id {
        let slugs = snap.term_slugs(term);
        order.retain(|a| snap.categories_of(a.id).any(|c| slugs.contains(c.slug.as_str())));
    }
    if let Some(taxonomy) = filter.taxonomy_id {
        let ours = taxonomy == taxonomy_id();
        order.retain(|a| ours && snap.categories_of(a.id).next().is_some());
    }
    if let Some(org) = filter.organization_id {
        order.retain(|a| a.organisation_id.is_some_and(|o| id("organisation", o) == org));
    }
    if let Some(after) = filter.modified_after {
        order.retain(|a| snap.last_modified(a) >= after);
    }
    let total = order.len();
    let range = paging.window(total);
    let detail = if full { Detail::Full } else { Detail::List };
    let contents = order[range].iter().map(|a| snap.service(a, detail)).collect();
    Ok(paging.envelope(total, contents))
}

/// `GET /services/{id}`: the fully nested service.
pub async fn get_service(db: &Db, service_id: Uuid) -> Result<Option<Service>, AppError> {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM activities ORDER BY id").fetch_all(db.pool()).await?;
    let Some(activity) = ids.into_iter().find(|i| id("activity", i) == service_id) else {
        return Ok(None);
    };
    let snap = Snapshot::load(db, Some(activity), true).await?;
    Ok(snap.activities.first().map(|a| snap.service(a, Detail::Full)))
}

/// `GET /organizations`: one-to-one fields, optionally matching `search`.
pub async fn list_organizations(db: &Db, search: Option<&str>, paging: Paging) -> Result<Page<Organization>, AppError> {
    let snap = Snapshot::load(db, None, false).await?;
    let words = search_words(search);
    let items = snap
        .organisations
        .values()
        .filter(|o| matches_words(&words, &[&o.name, &o.description]))
        .map(|o| snap.organization(o, false, false))
        .collect();
    Ok(paging.page(items))
}

/// `GET /organizations/{id}`: with its phones and its services.
pub async fn get_organization(db: &Db, organization_id: Uuid) -> Result<Option<Organization>, AppError> {
    let snap = Snapshot::load(db, None, false).await?;
    Ok(snap
        .organisations
        .values()
        .find(|o| id("organisation", o.id) == organization_id)
        .map(|o| snap.organization(o, true, true)))
}

/// Our one taxonomy.
pub fn taxonomy() -> Taxonomy {
    Taxonomy {
        id: taxonomy_id(),
        name: "つなぐ 地域活動の分類",
        description: "Categories of local activities in the Tsunagu social-prescribing portal, in three families: \
                      people (connection), life (everyday support) and vitality (purpose and activity).",
        version: "1",
    }
}

/// `GET /taxonomies`.
pub fn list_taxonomies(search: Option<&str>, paging: Paging) -> Page<Taxonomy> {
    let words = search_words(search);
    let t = taxonomy();
    let items = if matches_words(&words, &[t.name, t.description, TAXONOMY_CODE]) { vec![t] } else { vec![] };
    paging.page(items)
}

/// Filters of `GET /taxonomy_terms`.
#[derive(Debug, Clone, Default)]
pub struct TermFilter {
    pub search: Option<String>,
    pub taxonomy_id: Option<Uuid>,
    pub parent_id: Option<Uuid>,
    /// Only terms without a parent (the families).
    pub top_only: bool,
}

/// `GET /taxonomy_terms`: each family followed by its categories.
pub async fn list_taxonomy_terms(db: &Db, filter: &TermFilter, paging: Paging) -> Result<Page<TaxonomyTerm>, AppError> {
    let categories = load_categories(db).await?;
    let words = search_words(filter.search.as_deref());
    let items = all_terms(&categories)
        .into_iter()
        .filter(|t| filter.taxonomy_id.is_none_or(|x| x == t.taxonomy_id))
        .filter(|t| filter.parent_id.is_none_or(|p| t.parent_id == Some(p)))
        .filter(|t| !filter.top_only || t.parent_id.is_none())
        .filter(|t| matches_words(&words, &[&t.name, &t.description, &t.code]))
        .collect();
    Ok(paging.page(items))
}

/// `GET /taxonomy_terms/{id}`.
pub async fn get_taxonomy_term(db: &Db, term_id: Uuid) -> Result<Option<TaxonomyTerm>, AppError> {
    let categories = load_categories(db).await?;
    Ok(all_terms(&categories).into_iter().find(|t| t.id == term_id))
}

// ---------------------------------------------------------------------------
// Rows and the mapping
// ---------------------------------------------------------------------------

struct ActivityRow {
    id: i64,
    name: String,
    kana: String,
    description: String,
    organisation_id: Option<i64>,
    targets: String,
    cost_yen: i64,
    cost_note: Option<String>,
    barrier_free: bool,
    accessible_toilet: bool,
    parking: bool,
    access_note: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    url: Option<String>,
    status: ActivityStatus,
    last_verified: Option<String>,
    updated_at: DateTime<Utc>,
    location_id: i64,
    location_name: String,
    address: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
    online: bool,
    district_ja: Option<String>,
}

struct OrgRow {
    id: i64,
    name: String,
    description: String,
    phone: Option<String>,
    email: Option<String>,
    url: Option<String>,
    updated_at: DateTime<Utc>,
}

struct CategoryRow {
    slug: String,
    family: Family,
    name_ja: String,
    name_en: String,
}

/// The rows one request needs.
struct Snapshot {
    /// By id.
    activities: Vec<ActivityRow>,
    organisations: BTreeMap<i64, OrgRow>,
    /// In taxonomy order.
    categories: Vec<CategoryRow>,
    /// Activity id → indexes into `categories`.
    activity_categories: HashMap<i64, Vec<usize>>,
    /// Activity id → (position, schedule); only when asked for.
    schedules: HashMap<i64, Vec<(i64, Schedule)>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Detail {
    /// One-to-one fields and the organisation's (as `/services` lists them).
    List,
    /// One-to-one fields only (inside an organisation).
    InOrganization,
    /// Everything (`/services/{id}`).
    Full,
}

fn timestamp(r: &AnyRow, column: &str) -> Result<DateTime<Utc>, sqlx::Error> {
    let text: String = r.try_get(column)?;
    Ok(DateTime::parse_from_rfc3339(&text).map(|t| t.with_timezone(&Utc)).unwrap_or_else(|_| {
        tracing::warn!(column, "unparseable timestamp; using the epoch");
        DateTime::UNIX_EPOCH
    }))
}

/// Rows of `sql`, whose `$1` (if any) is `only`.
async fn fetch(db: &Db, sql: &str, only: Option<i64>) -> Result<Vec<AnyRow>, sqlx::Error> {
    let query = sqlx::query(sql);
    let query = match only {
        Some(id) => query.bind(id),
        None => query,
    };
    query.fetch_all(db.pool()).await
}

async fn load_categories(db: &Db) -> Result<Vec<CategoryRow>, AppError> {
    let rows = sqlx::query("SELECT slug, family, name_ja, name_en FROM categories ORDER BY sort_order, slug")
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|r| {
            let family: String = r.try_get("family")?;
            Ok(CategoryRow {
                slug: r.try_get("slug")?,
                family: Family::parse(&family).unwrap_or(Family::Vitality),
                name_ja: r.try_get("name_ja")?,
                name_en: r.try_get("name_en")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

impl Snapshot {
    /// All activities, or only `only`; their schedules if `with_schedules`.
    async fn load(db: &Db, only: Option<i64>, with_schedules: bool) -> Result<Snapshot, AppError> {
        let (where_a, where_ac, where_s) = match only {
            Some(_) => ("WHERE a.id = $1", "WHERE ac.activity_id = $1", "WHERE activity_id = $1"),
            None => ("", "", ""),
        };
        let sql = format!(
            "SELECT a.id, a.name, a.kana, a.description, a.organisation_id, a.targets, a.cost_yen, a.cost_note,
                    a.barrier_free, a.accessible_toilet, a.parking, a.access_note, a.phone, a.email, a.url,
                    a.status, a.last_verified, a.updated_at,
                    l.id AS location_id, l.name AS location_name, l.address, l.latitude, l.longitude, l.online,
                    d.name_ja AS district_ja
             FROM activities a
             JOIN locations l ON l.id = a.location_id
             LEFT JOIN districts d ON d.id = l.district_id
             {where_a} ORDER BY a.id"
        );
        let rows = fetch(db, &sql, only).await?;
        let activities = rows
            .iter()
            .map(|r| {
                let status: String = r.try_get("status")?;
                Ok(ActivityRow {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    kana: r.try_get("kana")?,
                    description: r.try_get("description")?,
                    organisation_id: r.try_get("organisation_id")?,
                    targets: r.try_get("targets")?,
                    cost_yen: r.try_get("cost_yen")?,
                    cost_note: r.try_get("cost_note")?,
                    barrier_free: get_bool(r, "barrier_free")?,
                    accessible_toilet: get_bool(r, "accessible_toilet")?,
                    parking: get_bool(r, "parking")?,
                    access_note: r.try_get("access_note")?,
                    phone: r.try_get("phone")?,
                    email: r.try_get("email")?,
                    url: r.try_get("url")?,
                    status: ActivityStatus::parse(&status).unwrap_or(ActivityStatus::Active),
                    last_verified: r.try_get("last_verified")?,
                    updated_at: timestamp(r, "updated_at")?,
                    location_id: r.try_get("location_id")?,
                    location_name: r.try_get("location_name")?,
                    address: r.try_get("address")?,
                    latitude: r.try_get("latitude")?,
                    longitude: r.try_get("longitude")?,
                    online: get_bool(r, "online")?,
                    district_ja: r.try_get("district_ja")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;

        let organisations = sqlx::query(
            "SELECT id, name, description, phone, email, url, updated_at FROM organisations ORDER BY id",
        )
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|r| {
            let o = OrgRow {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                description: r.try_get("description")?,
                phone: r.try_get("phone")?,
                email: r.try_get("email")?,
                url: r.try_get("url")?,
                updated_at: timestamp(r, "updated_at")?,
            };
            Ok((o.id, o))
        })
        .collect::<Result<BTreeMap<_, _>, sqlx::Error>>()?;

        let categories = load_categories(db).await?;
        let index: HashMap<&str, usize> = categories.iter().enumerate().map(|(i, c)| (c.slug.as_str(), i)).collect();
        let sql = format!(
            "SELECT ac.activity_id, c.slug FROM activity_categories ac JOIN categories c ON c.id = ac.category_id
             {where_ac} ORDER BY ac.activity_id, c.sort_order, c.slug"
        );
        let mut activity_categories: HashMap<i64, Vec<usize>> = HashMap::new();
        for r in fetch(db, &sql, only).await? {
            let slug: String = r.try_get("slug")?;
            if let Some(i) = index.get(slug.as_str()) {
                activity_categories.entry(r.try_get("activity_id")?).or_default().push(*i);
            }
        }

        let mut schedules: HashMap<i64, Vec<(i64, Schedule)>> = HashMap::new();
        if with_schedules {
            let sql = format!(
                "SELECT activity_id, position, spec FROM activity_schedules {where_s} ORDER BY activity_id, position"
            );
            for r in fetch(db, &sql, only).await? {
                let spec: String = r.try_get("spec")?;
                // stored specs were validated on the way in; skip rather than fail
                if let Ok(s) = Schedule::parse_compact(&spec) {
                    schedules.entry(r.try_get("activity_id")?).or_default().push((r.try_get("position")?, s));
                }
            }
        }
        Ok(Snapshot { activities, organisations, categories, activity_categories, schedules })
    }

    fn categories_of(&self, activity: i64) -> impl Iterator<Item = &CategoryRow> {
        self.activity_categories.get(&activity).into_iter().flatten().map(|i| &self.categories[*i])
    }

    /// Category slugs a term stands for: itself, or all of a family's.
    fn term_slugs(&self, term: Uuid) -> HashSet<&str> {
        let family = Family::ALL.iter().find(|f| family_term_id(**f) == term);
        self.categories
            .iter()
            .filter(|c| match family {
                Some(f) => c.family == *f,
                None => id("category", &c.slug) == term,
            })
            .map(|c| c.slug.as_str())
            .collect()
    }

    fn last_modified(&self, a: &ActivityRow) -> DateTime<Utc> {
        let org = a.organisation_id.and_then(|o| self.organisations.get(&o)).map(|o| o.updated_at);
        org.map_or(a.updated_at, |o| o.max(a.updated_at))
    }

    /// One-to-one fields; with `phones` its phones, with `services` its
    /// services (one-to-one fields).
    fn organization(&self, o: &OrgRow, phones: bool, services: bool) -> Organization {
        let org_id = id("organisation", o.id);
        let phones = o
            .phone
            .iter()
            .filter(|p| phones && !p.trim().is_empty())
            .map(|p| Phone {
                id: id("phone", format!("organisation:{}", o.id)),
                service_id: None,
                organization_id: Some(org_id),
                number: p.clone(),
                kind: "voice",
            })
            .collect();
        let services = self
            .activities
            .iter()
            .filter(|a| services && a.organisation_id == Some(o.id))
            .map(|a| self.service(a, Detail::InOrganization))
            .collect();
        Organization {
            id: org_id,
            name: o.name.clone(),
            description: o.description.clone(),
            email: o.email.clone().filter(|e| is_email(e)),
            website: o.url.clone().filter(|u| is_web_url(u)),
            phones,
            services,
        }
    }

    fn service(&self, a: &ActivityRow, detail: Detail) -> Service {
        let service_id = id("activity", a.id);
        let organisation = a.organisation_id.and_then(|o| self.organisations.get(&o));
        let full = detail == Detail::Full;
        let mut s = Service {
            id: service_id,
            organization_id: organisation.map(|o| id("organisation", o.id)),
            name: a.name.clone(),
            alternate_name: non_empty(&a.kana),
            description: non_empty(&a.description),
            url: a.url.clone().filter(|u| is_web_url(u)),
            email: a.email.clone().filter(|e| is_email(e)),
            status: match a.status {
                ActivityStatus::Active => "active",
                ActivityStatus::Paused => "inactive",
                ActivityStatus::Ended => "defunct",
            },
            fees_description: Some(fees_description(a.cost_yen, a.cost_note.as_deref())),
            eligibility_description: eligibility(&a.targets),
            assured_date: a.last_verified.clone().filter(|d| !d.is_empty()),
            last_modified: self.last_modified(a).to_rfc3339_opts(SecondsFormat::Millis, true),
            phones: Vec::new(),
            schedules: Vec::new(),
            service_at_locations: Vec::new(),
            organization: match detail {
                Detail::InOrganization => None,
                Detail::List => organisation.map(|o| self.organization(o, false, false)),
                Detail::Full => organisation.map(|o| self.organization(o, true, false)),
            },
            cost_options: Vec::new(),
            attributes: Vec::new(),
        };
        if !full {
            return s;
        }
        s.phones = a
            .phone
            .iter()
            .filter(|p| !p.trim().is_empty())
            .map(|p| Phone {
                id: id("phone", format!("activity:{}", a.id)),
                service_id: Some(service_id),
                organization_id: None,
                number: p.clone(),
                kind: "voice",
            })
            .collect();
        s.schedules = self
            .schedules
            .get(&a.id)
            .into_iter()
            .flatten()
            .map(|(position, schedule)| {
                let mut hsds = schedule.to_hsds(Lang::Ja);
                for time in [&mut hsds.opens_at, &mut hsds.closes_at].into_iter().flatten() {
                    time.push_str("+09:00");
                }
                ServiceSchedule {
                    id: id("schedule", format!("{}:{position}", a.id)),
                    service_id,
                    timezone: TOKYO_UTC_OFFSET,
                    schedule: hsds,
                }
            })
            .collect();
        s.service_at_locations = vec![ServiceAtLocation {
            id: id("service_at_location", a.id),
            service_id,
            location_id: id("location", a.location_id),
            location: location(a),
        }];
        s.cost_options = vec![CostOption {
            id: id("cost_option", a.id),
            service_id,
            option: if a.cost_yen <= 0 { "無料" } else { "参加費" },
            currency: "JPY",
            amount: a.cost_yen.max(0) as u64,
            amount_description: a.cost_note.clone().filter(|n| !n.trim().is_empty()),
        }];
        s.attributes = self
            .categories_of(a.id)
            .map(|c| {
                let term = category_term(c);
                Attribute {
                    id: id("attribute", format!("{}:{}", a.id, c.slug)),
                    link_id: service_id,
                    link_entity: "service",
                    taxonomy_term_id: term.id,
                    taxonomy_term: term,
                }
            })
            .collect();
        s
    }
}

fn location(a: &ActivityRow) -> Location {
    let location_id = id("location", a.location_id);
    let address = a.address.trim();
    let address_1 = address.strip_prefix(CITY).unwrap_or(address).trim();
    let addresses = if address_1.is_empty() {
        Vec::new()
    } else {
        vec![Address {
            id: id("address", a.location_id),
            location_id,
            address_1: address_1.to_string(),
            city: CITY,
            region: a.district_ja.clone().filter(|d| !d.is_empty()),
            state_province: String::new(),
            postal_code: String::new(),
            country: COUNTRY,
            address_type: if a.online { "postal" } else { "physical" },
        }]
    };
    let flags = [
        (a.barrier_free, "barrier_free", "段差なし・車いす可", "Step-free, wheelchair accessible"),
        (a.accessible_toilet, "toilet", "多目的トイレあり", "Accessible toilet"),
        (a.parking, "parking", "駐車場あり", "Parking"),
    ];
    let accessibility = flags
        .iter()
        .filter(|(on, ..)| *on)
        .map(|(_, key, ja, en)| Accessibility {
            id: id("accessibility", format!("{}:{key}", a.location_id)),
            location_id,
            description: ja,
            details: en,
        })
        .collect();
    Location {
        id: location_id,
        location_type: if a.online { "virtual" } else { "physical" },
        name: a.location_name.clone(),
        transportation: a.access_note.clone().filter(|n| !n.trim().is_empty()),
        latitude: a.latitude,
        longitude: a.longitude,
        addresses,
        accessibility,
    }
}

fn family_term_id(f: Family) -> Uuid {
    id("family", f.as_str())
}

/// Japanese and English names of the families (the app has no labels for them).
fn family_names(f: Family) -> (&'static str, &'static str) {
    match f {
        Family::People => ("ひととのつながり", "People: connection with others"),
        Family::Life => ("暮らしの支え", "Life: everyday support"),
        Family::Vitality => ("生きがい・元気", "Vitality: purpose and activity"),
    }
}

fn family_term(f: Family) -> TaxonomyTerm {
    let (ja, en) = family_names(f);
    TaxonomyTerm {
        id: family_term_id(f),
        code: f.as_str().to_string(),
        name: ja.to_string(),
        description: en.to_string(),
        parent_id: None,
        taxonomy: TAXONOMY_CODE,
        taxonomy_id: taxonomy_id(),
        language: "ja",
    }
}

fn category_term(c: &CategoryRow) -> TaxonomyTerm {
    TaxonomyTerm {
        id: id("category", &c.slug),
        code: c.slug.clone(),
        name: c.name_ja.clone(),
        description: c.name_en.clone(),
        parent_id: Some(family_term_id(c.family)),
        taxonomy: TAXONOMY_CODE,
        taxonomy_id: taxonomy_id(),
        language: "ja",
    }
}

/// Each family, then its categories in display order.
fn all_terms(categories: &[CategoryRow]) -> Vec<TaxonomyTerm> {
    Family::ALL
        .iter()
        .flat_map(|f| {
            std::iter::once(family_term(*f))
                .chain(categories.iter().filter(move |c| c.family == *f).map(category_term))
        })
        .collect()
}

/// 無料 / 1,500円, with the note in brackets.
fn fees_description(cost_yen: i64, note: Option<&str>) -> String {
    let amount = if cost_yen <= 0 {
        "無料".to_string()
    } else {
        let digits = cost_yen.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        format!("{grouped}円")
    };
    match note.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => format!("{amount}（{n}）"),
        None => amount,
    }
}

/// Who the activity is for, in Japanese (labels as on the detail page).
fn eligibility(targets: &str) -> Option<String> {
    let labels: Vec<&str> = targets
        .split(',')
        .filter_map(Target::parse)
        .map(|t| match t {
            Target::Everyone => "どなたでも",
            Target::Seniors => "高齢の方",
            Target::Parents => "子育て中の方",
            Target::Children => "子ども",
            Target::Youth => "若者",
            Target::Adults => "大人",
            Target::Disabilities => "障がいのある方",
            Target::Carers => "介護している方",
        })
        .collect();
    (!labels.is_empty()).then(|| labels.join("、"))
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn is_web_url(u: &str) -> bool {
    (u.starts_with("https://") || u.starts_with("http://")) && !u.contains(char::is_whitespace)
}

fn is_email(e: &str) -> bool {
    e.split_once('@').is_some_and(|(l, d)| !l.is_empty() && d.contains('.')) && !e.contains(char::is_whitespace)
}

fn search_words(search: Option<&str>) -> Vec<String> {
    search.map(query_words).unwrap_or_default()
}

/// Every word occurs in one of the fields (normalised, as the portal's search).
fn matches_words(words: &[String], fields: &[&str]) -> bool {
    if words.is_empty() {
        return true;
    }
    matches_all(words, &searchable_fields(fields))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_uuids() {
        assert_eq!(id("activity", 1), id("activity", 1));
        assert_ne!(id("activity", 1), id("organisation", 1));
        assert_eq!(id("activity", 1).get_version_num(), 5);
        // the namespace is public: a fixed id must never change
        assert_eq!(id("taxonomy", TAXONOMY_CODE).to_string(), taxonomy_id().to_string());
    }

    #[test]
    fn paging_windows_and_envelopes() {
        let p = Paging { page: 2, per_page: 3 };
        let page = p.page((1..=7).collect::<Vec<_>>());
        assert_eq!(page.contents, vec![4, 5, 6]);
        assert_eq!((page.total_items, page.total_pages, page.size), (7, 3, 3));
        assert!(!page.first_page && !page.last_page && !page.empty);
        let page = Paging { page: 3, per_page: 3 }.page((1..=7).collect::<Vec<_>>());
        assert_eq!(page.contents, vec![7]);
        assert!(page.last_page);
        let page = Paging { page: 9, per_page: 3 }.page((1..=7).collect::<Vec<_>>());
        assert!(page.empty && page.last_page && page.contents.is_empty());
        let page = Paging::default().page(Vec::<u8>::new());
        assert_eq!((page.total_pages, page.first_page, page.last_page, page.empty), (0, true, true, true));
    }

    #[test]
    fn fees_and_eligibility_read_naturally() {
        assert_eq!(fees_description(0, None), "無料");
        assert_eq!(fees_description(0, Some("材料費は実費")), "無料（材料費は実費）");
        assert_eq!(fees_description(1500, None), "1,500円");
        assert_eq!(fees_description(100, Some(" お茶代として ")), "100円（お茶代として）");
        assert_eq!(fees_description(123456, None), "123,456円");
        assert_eq!(eligibility("seniors,carers").as_deref(), Some("高齢の方、介護している方"));
        assert_eq!(eligibility(""), None);
    }

    #[test]
    fn words_match_like_the_portal_search() {
        let w = search_words(Some("ｻﾛﾝ  中央"));
        assert!(matches_words(&w, &["中央ふれあいサロン"]));
        assert!(!matches_words(&w, &["北山サロン"]));
        assert!(matches_words(&[], &["anything"]));
    }
}
