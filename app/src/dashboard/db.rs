//! The dashboard's reads: thin SQL that counts and groups in the database
//! (one row per referral at most; connections, ratings and listings come
//! grouped), portable between SQLite and PostgreSQL. Every rule lives in
//! the pure section modules.
use super::attendance::{AttendanceFacts, CheckinCount, Visits};
use super::connections::{ClosedGroup, PlaceCount, Tally};
use super::outcomes::{Change, DimensionSums, RatingChange};
use super::population::{CategoryViews, MonthCount};
use super::referrals::{ReferralFact, Steps};
use super::resources::{CategoryCount, FamilyCount, StaleCount, SuggestionCounts};
use crate::activities::model::Family;
use crate::calendar::{tokyo_date, Period};
use crate::casework::model::{Concern, Indicator};
use crate::casework::referral::{Household, Sex, Source};
use crate::db::{Backend, Db};
use crate::error::AppError;
use crate::i18n::*;
use crate::health_check::questionnaire::Text;
use sqlx::Row;

/// Whose cases count: the whole town (city staff) or one link-work team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Town,
    Team(i64),
}

impl Scope {
    /// The team id bound into the queries (0: every team).
    fn team(self) -> i64 {
        match self {
            Scope::Town => 0,
            Scope::Team(t) => t,
        }
    }
}

/// The cases closed in the period ($1 ≤ closed < $2) of the scope ($3)
/// (`cases.closed_at` is kept by a trigger on the status revisions).
fn closed_cte() -> &'static str {
    "closed AS (
        SELECT c.id, r.district FROM cases c
        JOIN referrals r ON r.id = c.referral_id
        WHERE c.closed_at >= $1 AND c.closed_at < $2 AND c.status = 'closed' AND ($3 = 0 OR c.team_id = $3)
    )"
}

pub async fn districts(db: &Db) -> Result<Vec<(String, Text)>, AppError> {
    Ok(sqlx::query_as::<_, (String, String, String)>("SELECT slug, name_ja, name_en FROM districts ORDER BY sort_order, slug")
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .map(|(slug, ja, en)| (slug, Text::new(ja, en)))
        .collect())
}

/// The team a link worker or lead belongs to.
pub async fn team_of(db: &Db, user_id: i64) -> Result<Option<(i64, String)>, AppError> {
    Ok(sqlx::query_as::<_, (i64, String)>("SELECT t.id, t.name FROM users u JOIN case_teams t ON t.id = u.team_id WHERE u.id = $1")
        .bind(user_id)
        .fetch_optional(db.pool())
        .await?)
}

/// One referral as the database packs it: received, source, sex, birth
/// date, decade, household, district, concerns, then the case's steps
/// (assigned, first contact, in support, closed).
type PackedReferral = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The referrals received in the period (a team sees those it took on).
///
/// The database packs them into one JSON array: its drivers hand rows over
/// one at a time (≈ 17 µs a row with SQLite), which for a year of a busy
/// office (16,000 referrals) cost more than the rest of the dashboard.
pub async fn referrals(db: &Db, period: &Period, scope: Scope) -> Result<Vec<ReferralFact>, AppError> {
    let (from, to) = period.utc_bounds();
    let fields = "r.created_at, r.source, r.sex, r.birth_date, r.age_band, r.household, r.district, r.concerns,
                  c.opened_at, c.contacted_at, c.supporting_at, CASE WHEN c.status = 'closed' THEN c.closed_at END";
    let packed = match db.backend() {
        Backend::Sqlite => format!("json_group_array(json_array({fields}))"),
        Backend::Postgres => format!("COALESCE(json_agg(json_build_array({fields})), '[]')::text"),
    };
    let sql = format!(
        "SELECT {packed} FROM referrals r LEFT JOIN cases c ON c.referral_id = r.id
         WHERE r.created_at >= $1 AND r.created_at < $2 AND ($3 = 0 OR c.team_id = $3)"
    );
    let json: String = sqlx::query_scalar(&sql).bind(&from).bind(&to).bind(scope.team()).fetch_one(db.pool()).await?;
    let rows: Vec<PackedReferral> = serde_json::from_str(&json).map_err(|e| {
        tracing::error!(error = %e, "dashboard: the packed referrals do not read");
        AppError::Internal
    })?;
    let date = |s: &Option<String>| s.as_deref().and_then(tokyo_date);
    let mut out = Vec::with_capacity(rows.len());
    for (created, source, sex, birth_date, decade, household, district, concerns, opened, contacted, supporting, closed) in rows {
        let Some(received) = tokyo_date(&created) else { continue };
        let Some(source) = Source::parse(&source) else { continue };
        let age = match birth_date.and_then(|b| b.parse::<chrono::NaiveDate>().ok()) {
            Some(born) => Some(crate::casework::birth_date::age_on(born, received)),
            None => decade.map(|d| d.clamp(0, 150) as u32),
        };
        out.push(ReferralFact {
            received,
            source,
            sex: sex.as_deref().and_then(Sex::parse),
            age,
            household: household.as_deref().and_then(Household::parse),
            district,
            concerns: concerns.split(',').filter_map(Concern::parse).collect(),
            steps: Steps { assigned: date(&opened), contacted: date(&contacted), supporting: date(&supporting), closed: date(&closed) },
        });
    }
    Ok(out)
}

/// What the cases closed in the period came to, read from the row the
/// triggers keep beside each case (migration 0014): grouped by district and
/// the number of ties before and at closing, so a few hundred rows stand for
/// ten thousand cases.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClosedFacts {
    pub groups: Vec<ClosedGroup>,
    /// Improved / same / worse per indicator (the latest rating of each
    /// stage counts).
    pub changes: Vec<RatingChange>,
    /// Quick-check sums per dimension of `dimensions` (its keys).
    pub checks: Vec<DimensionSums>,
    /// Where the cases were connected during support, as the database
    /// lists them: read by [`connected_places`].
    pub places: Vec<ConnectedIds>,
}

/// The activities and resources the closed cases of one group were
/// connected to during support: per case (apart by `;`) the ids (apart by
/// `,`), each id once per case (migration 0015).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConnectedIds {
    pub district: Option<String>,
    pub activities: String,
    pub resources: String,
}

pub async fn closed_facts(db: &Db, period: &Period, scope: Scope, dimensions: &[String]) -> Result<ClosedFacts, AppError> {
    let (from, to) = period.utc_bounds();
    let pg = matches!(db.backend(), Backend::Postgres);
    let ties = |p: &str| format!("o.{p}_people + o.{p}_life + o.{p}_vitality");
    let mut cols = vec![format!("{} AS before_ties", ties("before")), format!("{} AS close_ties", ties("close")), "COUNT(*) AS cases".to_string()];
    for p in ["before", "close"] {
        for f in TALLY {
            cols.push(format!("CAST(SUM(o.{p}_{f}) AS BIGINT) AS {p}_{f}"));
        }
    }
    for ind in Indicator::ALL.iter() {
        let k = ind.as_str();
        for (change, op) in [(Change::Improved, ">"), (Change::Same, "="), (Change::Worse, "<")] {
            cols.push(format!("CAST(SUM(CASE WHEN o.review_{k} {op} o.intake_{k} THEN 1 ELSE 0 END) AS BIGINT) AS {k}_{}", change.key()));
        }
    }
    // the quick checks answered at both stages, handed over as text
    // ("intake<TAB>review" per case) and summed below: a JSON lookup per
    // dimension in SQL cost more than the rest of the query
    let (intake, review, concat, tab, newline) = if pg {
        ("o.check_intake::text", "o.check_review::text", "string_agg", "chr(9)", "chr(10)")
    } else {
        ("o.check_intake", "o.check_review", "group_concat", "char(9)", "char(10)")
    };
    cols.push(format!(
        "{concat}(CASE WHEN o.check_intake IS NOT NULL AND o.check_review IS NOT NULL THEN {intake} || {tab} || {review} END, {newline}) AS checks"
    ));
    cols.push(format!("{concat}(o.connected_activities, ';') AS activities, {concat}(o.connected_resources, ';') AS resources"));
    let sql = format!(
        "WITH {} SELECT closed.district, {} FROM closed JOIN case_outcomes o ON o.case_id = closed.id GROUP BY closed.district, {}, {}",
        closed_cte(),
        cols.join(", "),
        ties("before"),
        ties("close")
    );
    let rows = sqlx::query(&sql).bind(&from).bind(&to).bind(scope.team()).fetch_all(db.pool()).await?;
    let mut out = ClosedFacts::default();
    let mut sums: Vec<(Option<String>, CheckSums)> = Vec::new();
    for r in &rows {
        let n = |c: &str| -> Result<u32, sqlx::Error> { Ok(r.try_get::<Option<i64>, _>(c)?.unwrap_or(0).clamp(0, u32::MAX as i64) as u32) };
        let tally = |p: &str| -> Result<Tally, sqlx::Error> {
            Ok(Tally {
                people: n(&format!("{p}_people"))?,
                life: n(&format!("{p}_life"))?,
                vitality: n(&format!("{p}_vitality"))?,
                formal: n(&format!("{p}_formal"))?,
                informal: n(&format!("{p}_informal"))?,
            })
        };
        let district: Option<String> = r.try_get("district")?;
        out.groups.push(ClosedGroup {
            district: district.clone(),
            cases: n("cases")?,
            before_ties: n("before_ties")?,
            close_ties: n("close_ties")?,
            before: tally("before")?,
            at_close: tally("close")?,
        });
        for indicator in Indicator::ALL.iter().copied() {
            for change in Change::ALL {
                let cases = n(&format!("{}_{}", indicator.as_str(), change.key()))?;
                if cases > 0 {
                    out.changes.push(RatingChange { district: district.clone(), indicator, change, cases });
                }
            }
        }
        let (activities, resources): (Option<String>, Option<String>) = (r.try_get("activities")?, r.try_get("resources")?);
        if activities.is_some() || resources.is_some() {
            out.places.push(ConnectedIds { district: district.clone(), activities: activities.unwrap_or_default(), resources: resources.unwrap_or_default() });
        }
        if let Some(checks) = r.try_get::<Option<String>, _>("checks")? {
            let at = match sums.iter().position(|(d, _)| *d == district) {
                Some(at) => at,
                None => {
                    sums.push((district.clone(), CheckSums::new(dimensions.len())));
                    sums.len() - 1
                }
            };
            sums[at].1.add(&checks, dimensions)?;
        }
    }
    for (district, s) in sums {
        for (i, key) in dimensions.iter().enumerate() {
            if s.cases[i] > 0 {
                out.checks.push(DimensionSums { district: district.clone(), key: key.clone(), cases: s.cases[i], before: s.before[i], after: s.after[i] });
            }
        }
    }
    Ok(out)
}

const TALLY: [&str; 5] = ["people", "life", "vitality", "formal", "informal"];

/// The quick-check sums of one district, per dimension (by index).
struct CheckSums {
    cases: Vec<u32>,
    before: Vec<f64>,
    after: Vec<f64>,
}

impl CheckSums {
    fn new(dimensions: usize) -> CheckSums {
        CheckSums { cases: vec![0; dimensions], before: vec![0.0; dimensions], after: vec![0.0; dimensions] }
    }

    /// Adds the cases of `packed`: one line per case, its intake and review
    /// scores (JSON objects) apart by a tab; a dimension counts where both
    /// answered it.
    fn add(&mut self, packed: &str, dimensions: &[String]) -> Result<(), AppError> {
        let (mut intake, mut review) = (vec![None; dimensions.len()], vec![None; dimensions.len()]);
        for line in packed.split('\n') {
            let Some((a, b)) = line.split_once('\t') else { continue };
            read_scores(a, dimensions, &mut intake)?;
            read_scores(b, dimensions, &mut review)?;
            for i in 0..dimensions.len() {
                if let (Some(a), Some(b)) = (intake[i], review[i]) {
                    self.cases[i] += 1;
                    self.before[i] += a;
                    self.after[i] += b;
                }
            }
        }
        Ok(())
    }
}

/// A quick check's scores (`{"body": 6, …}`) into `out`, by the index of
/// each key in `dimensions` (other keys skipped, nothing allocated).
fn read_scores(json: &str, dimensions: &[String], out: &mut [Option<f64>]) -> Result<(), AppError> {
    use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
    struct Key<'a>(&'a [String]);
    impl<'de> DeserializeSeed<'de> for Key<'_> {
        type Value = Option<usize>;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<usize>, D::Error> {
            d.deserialize_str(self)
        }
    }
    impl Visitor<'_> for Key<'_> {
        type Value = Option<usize>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a dimension's key")
        }
        fn visit_str<E>(self, key: &str) -> Result<Option<usize>, E> {
            Ok(self.0.iter().position(|d| d == key))
        }
    }
    struct Scores<'a>(&'a [String], &'a mut [Option<f64>]);
    impl<'de> Visitor<'de> for Scores<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("quick-check scores")
        }
        fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<(), M::Error> {
            while let Some(at) = map.next_key_seed(Key(self.0))? {
                match at {
                    Some(i) => self.1[i] = map.next_value::<Option<f64>>()?,
                    None => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
            Ok(())
        }
    }
    out.fill(None);
    let mut de = serde_json::Deserializer::from_str(json);
    de.deserialize_map(Scores(dimensions, out)).map_err(|e| {
        tracing::error!(error = %e, "dashboard: a quick check's scores do not read");
        AppError::Internal
    })
}

/// Closed cases connected during support to each activity and to each kind
/// of resource, by district: counted from the lists [`closed_facts`] read,
/// with the names and kinds of the places they name.
pub async fn connected_places(db: &Db, places: &[ConnectedIds]) -> Result<(Vec<PlaceCount>, Vec<PlaceCount>), AppError> {
    use crate::resources::model::ResourceKind;
    use std::collections::{BTreeMap, BTreeSet};
    let ids = |list: &str| -> Vec<i64> { list.split([';', ',']).filter_map(|id| id.parse().ok()).collect() };
    let activity_ids: BTreeSet<i64> = places.iter().flat_map(|p| ids(&p.activities)).collect();
    let resource_ids: BTreeSet<i64> = places.iter().flat_map(|p| ids(&p.resources)).collect();
    let (names, kinds) = tokio::try_join!(
        crate::db::text_by_id(db, "SELECT id, name FROM activities", activity_ids),
        crate::db::text_by_id(db, "SELECT id, kind FROM resources", resource_ids)
    )?;
    let kinds: BTreeMap<i64, ResourceKind> = kinds
        .into_iter()
        .map(|(id, kind)| (id, ResourceKind::parse(&kind).unwrap_or(ResourceKind::Other)))
        .collect();
    // cases per (district, activity) and (district, kind): a case counts once
    // for a kind however many of its resources are of that kind
    let mut by_activity: BTreeMap<(Option<&str>, i64), u32> = BTreeMap::new();
    let mut by_kind: BTreeMap<(Option<&str>, &'static str), u32> = BTreeMap::new();
    for group in places {
        let district = group.district.as_deref();
        for case in group.activities.split(';') {
            for id in case.split(',').filter_map(|id| id.parse::<i64>().ok()).filter(|id| names.contains_key(id)) {
                *by_activity.entry((district, id)).or_default() += 1;
            }
        }
        for case in group.resources.split(';') {
            let mut seen: Vec<ResourceKind> = Vec::new();
            for kind in case.split(',').filter_map(|id| id.parse::<i64>().ok()).filter_map(|id| kinds.get(&id).copied()) {
                if !seen.contains(&kind) {
                    seen.push(kind);
                    *by_kind.entry((district, kind.as_str())).or_default() += 1;
                }
            }
        }
    }
    let activities = by_activity
        .into_iter()
        .map(|((district, id), cases)| {
            let name = &names[&id];
            PlaceCount { key: id.to_string(), label: Text::new(name.clone(), name.clone()), district: district.map(String::from), cases }
        })
        .collect();
    let kinds = by_kind
        .into_iter()
        .map(|((district, key), cases)| {
            let kind = ResourceKind::parse(key).unwrap_or(ResourceKind::Other);
            PlaceCount { key: key.to_string(), label: super::breakdown::both(|l| crate::resources::kind_label(kind, l)), district: district.map(String::from), cases }
        })
        .collect();
    Ok((activities, kinds))
}

const LISTING_PLACE: &str = "FROM activities a JOIN locations l ON l.id = a.location_id LEFT JOIN districts d ON d.id = l.district_id";

pub async fn listings_by_family(db: &Db) -> Result<Vec<FamilyCount>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT d.slug, c.family, COUNT(DISTINCT a.id) AS n {LISTING_PLACE}
         JOIN activity_categories ac ON ac.activity_id = a.id JOIN categories c ON c.id = ac.category_id
         WHERE a.status = 'active' GROUP BY d.slug, c.family"
    ))
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::new();
    for r in rows {
        let Some(family) = Family::parse(&r.try_get::<String, _>("family")?) else { continue };
        out.push(FamilyCount { district: r.try_get("slug")?, family, listings: r.try_get::<i64, _>("n")?.max(0) as u32 });
    }
    Ok(out)
}

pub async fn listings_by_category(db: &Db) -> Result<Vec<CategoryCount>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT d.slug AS district, c.slug AS category, COUNT(DISTINCT a.id) AS n {LISTING_PLACE}
         JOIN activity_categories ac ON ac.activity_id = a.id JOIN categories c ON c.id = ac.category_id
         WHERE a.status = 'active' GROUP BY d.slug, c.slug"
    ))
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| Ok(CategoryCount { district: r.try_get("district")?, category: r.try_get("category")?, listings: r.try_get::<i64, _>("n")?.max(0) as u32 }))
        .collect::<Result<_, sqlx::Error>>()
        .map_err(Into::into)
}

/// Active listings per district, and those last verified before `cutoff`
/// (`YYYY-MM-DD`) or never.
pub async fn stale_listings(db: &Db, cutoff: chrono::NaiveDate) -> Result<Vec<StaleCount>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT d.slug, COUNT(*) AS n, SUM(CASE WHEN a.last_verified IS NULL OR a.last_verified = '' OR a.last_verified < $1 THEN 1 ELSE 0 END) AS stale
         {LISTING_PLACE} WHERE a.status = 'active' GROUP BY d.slug"
    ))
    .bind(cutoff.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(StaleCount {
                district: r.try_get("slug")?,
                listings: r.try_get::<i64, _>("n")?.max(0) as u32,
                stale: r.try_get::<Option<i64>, _>("stale")?.unwrap_or(0).max(0) as u32,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(Into::into)
}

pub async fn suggestions(db: &Db, period: &Period) -> Result<SuggestionCounts, AppError> {
    let (from, to) = period.utc_bounds();
    let rows: Vec<(String, i64)> = sqlx::query_as("SELECT status, COUNT(*) FROM suggestions WHERE created_at >= $1 AND created_at < $2 GROUP BY status")
        .bind(&from)
        .bind(&to)
        .fetch_all(db.pool())
        .await?;
    let mut s = SuggestionCounts::default();
    for (status, n) in rows {
        let n = n.max(0) as u32;
        s.received += n;
        match status.as_str() {
            "accepted" => s.accepted += n,
            "rejected" => s.rejected += n,
            _ => s.pending += n,
        }
    }
    Ok(s)
}

/// The period's first and last month (`2026-04`, `2027-03`).
pub fn month_bounds(period: &Period) -> (String, String) {
    let months = period.months();
    let f = |(y, m): (i32, u32)| format!("{y:04}-{m:02}");
    (months.first().copied().map(f).unwrap_or_default(), months.last().copied().map(f).unwrap_or_default())
}

/// Anonymous self-check contributions per month and district.
pub async fn contributions(db: &Db, period: &Period) -> Result<Vec<MonthCount>, AppError> {
    let (from, to) = month_bounds(period);
    let rows: Vec<(String, Option<String>, i64)> =
        sqlx::query_as("SELECT month, district, COUNT(*) FROM health_check_stats WHERE month >= $1 AND month <= $2 GROUP BY month, district")
            .bind(&from)
            .bind(&to)
            .fetch_all(db.pool())
            .await?;
    Ok(rows.into_iter().map(|(month, district, n)| MonthCount { month, district, n: n.max(0) as u32 }).collect())
}

/// Events held (begun by now, not cancelled) and the people signed up to
/// them, per month and district of the event's place.
pub async fn events(db: &Db, period: &Period) -> Result<(Vec<MonthCount>, Vec<MonthCount>), AppError> {
    let (a, b) = period.dates();
    let t = |d: chrono::NaiveDate| format!("{d}T00:00:00+09:00");
    let now = crate::events::db::time_to_db(crate::calendar::now_tokyo());
    let rows = sqlx::query(
        "SELECT e.starts_at, d.slug,
                (SELECT CAST(COALESCE(SUM(s.people), 0) AS BIGINT) FROM event_signups s WHERE s.event_id = e.id AND s.status = 'confirmed') AS people
         FROM events e LEFT JOIN locations l ON l.id = e.location_id LEFT JOIN districts d ON d.id = l.district_id
         WHERE e.status <> 'cancelled' AND e.starts_at >= $1 AND e.starts_at < $2 AND e.starts_at < $3",
    )
    .bind(t(a))
    .bind(t(b))
    .bind(now)
    .fetch_all(db.pool())
    .await?;
    let (mut held, mut people) = (Vec::new(), Vec::new());
    for r in rows {
        let starts: String = r.try_get("starts_at")?;
        let month = starts.get(..7).unwrap_or_default().to_string();
        let district: Option<String> = r.try_get("slug")?;
        held.push(MonthCount { month: month.clone(), district: district.clone(), n: 1 });
        let n = r.try_get::<i64, _>("people")?.max(0) as u32;
        if n > 0 {
            people.push(MonthCount { month, district, n });
        }
    }
    Ok((held, people))
}

/// Activity page views per category and district over the period's days.
pub async fn views(db: &Db, period: &Period) -> Result<Vec<CategoryViews>, AppError> {
    let (a, b) = period.dates();
    let rows = sqlx::query(
        "SELECT c.slug AS category, c.name_ja, c.name_en, d.slug AS district, CAST(SUM(v.views) AS BIGINT) AS n
         FROM activity_views v JOIN activities a ON a.id = v.activity_id
         JOIN locations l ON l.id = a.location_id LEFT JOIN districts d ON d.id = l.district_id
         JOIN activity_categories ac ON ac.activity_id = a.id JOIN categories c ON c.id = ac.category_id
         WHERE v.day >= $1 AND v.day < $2
         GROUP BY c.slug, c.name_ja, c.name_en, d.slug",
    )
    .bind(a.to_string())
    .bind(b.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(CategoryViews {
                category: r.try_get("category")?,
                label: Text::new(r.try_get::<String, _>("name_ja")?, r.try_get::<String, _>("name_en")?),
                district: r.try_get("district")?,
                views: r.try_get::<Option<i64>, _>("n")?.unwrap_or(0).max(0) as u64,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(Into::into)
}

/// Taking part in the period (issue 20): check-ins per category and
/// district (where the activity meets; `event` for events of their own),
/// per activity, and per person with an account (their check-ins and the
/// district they took part in most).
pub async fn attendance(db: &Db, period: &Period) -> Result<AttendanceFacts, AppError> {
    let (from, to) = period.dates();
    let (from, to) = (from.to_string(), to.to_string());
    // `a`: the activity or the event checked in to, and where it meets
    let place = "LEFT JOIN locations l ON l.id = a.location_id LEFT JOIN districts d ON d.id = l.district_id";
    let in_period = "c.held_on >= $1 AND c.held_on < $2";
    let sql_categories = format!(
        "SELECT cat.slug, cat.name_ja, cat.name_en, d.slug, COUNT(*) FROM checkins c
         JOIN activities a ON a.id = c.activity_id JOIN activity_categories ac ON ac.activity_id = a.id JOIN categories cat ON cat.id = ac.category_id {place}
         WHERE {in_period} GROUP BY cat.slug, cat.name_ja, cat.name_en, d.slug"
    );
    let sql_events = format!("SELECT d.slug, COUNT(*) FROM checkins c JOIN events a ON a.id = c.event_id {place} WHERE {in_period} GROUP BY d.slug");
    let sql_activities = format!("SELECT a.id, a.name, d.slug, COUNT(*) FROM checkins c JOIN activities a ON a.id = c.activity_id {place} WHERE {in_period} GROUP BY a.id, a.name, d.slug");
    let sql_people = format!(
        "SELECT c.user_id, d.slug, COUNT(*) FROM checkins c JOIN activities a ON a.id = c.activity_id {place}
         WHERE c.user_id IS NOT NULL AND {in_period} GROUP BY c.user_id, d.slug
         UNION ALL
         SELECT c.user_id, d.slug, COUNT(*) FROM checkins c JOIN events a ON a.id = c.event_id {place}
         WHERE c.user_id IS NOT NULL AND {in_period} GROUP BY c.user_id, d.slug"
    );
    let (categories, events, activities, people) = tokio::try_join!(
        sqlx::query_as::<_, (String, String, String, Option<String>, i64)>(&sql_categories).bind(&from).bind(&to).fetch_all(db.pool()),
        sqlx::query_as::<_, (Option<String>, i64)>(&sql_events).bind(&from).bind(&to).fetch_all(db.pool()),
        sqlx::query_as::<_, (i64, String, Option<String>, i64)>(&sql_activities).bind(&from).bind(&to).fetch_all(db.pool()),
        sqlx::query_as::<_, (i64, Option<String>, i64)>(&sql_people).bind(&from).bind(&to).fetch_all(db.pool()),
    )?;
    let n = |v: i64| v.clamp(0, u32::MAX as i64) as u32;
    let mut facts = AttendanceFacts::default();
    for (key, ja, en, district, count) in categories {
        facts.by_category.push(CheckinCount { key, label: Text::new(ja, en), district, n: n(count) });
    }
    for (district, count) in events {
        facts.by_category.push(CheckinCount { key: "event".into(), label: super::breakdown::both(|l| td_string!(l, dashboard.events_own)), district, n: n(count) });
    }
    for (id, name, district, count) in activities {
        facts.by_activity.push(CheckinCount { key: id.to_string(), label: Text::new(name.clone(), name), district, n: n(count) });
    }
    // per person: every check-in, counted in the district they came to most
    let mut by_person: std::collections::BTreeMap<i64, Vec<(Option<String>, u32)>> = Default::default();
    for (user, district, count) in people {
        let places = by_person.entry(user).or_default();
        match places.iter_mut().find(|p| p.0 == district) {
            Some(p) => p.1 += n(count),
            None => places.push((district, n(count))),
        }
    }
    for places in by_person.into_values() {
        let times = places.iter().map(|p| p.1).sum();
        let district = places.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0))).and_then(|p| p.0);
        facts.people.push(Visits { district, times });
    }
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quick_checks_count_where_both_stages_answered() {
        let dims = vec!["body".to_string(), "mind".to_string(), "meaning".to_string()];
        let mut s = CheckSums::new(dims.len());
        // body at both (twice), mind only at intake, meaning null at review; an unknown key and an escaped one skipped
        let packed = "{\"body\":4,\"mind\":5,\"meaning\":6,\"other\":[1,{\"x\":2}]}\t{\"body\":6.5,\"meaning\":null,\"b\\u006fdy2\":1}\n{\"body\":3}\t{\"body\":7}";
        s.add(packed, &dims).unwrap();
        assert_eq!(s.cases, vec![2, 0, 0]);
        assert_eq!((s.before[0], s.after[0]), (7.0, 13.5));
        // a key written with escapes still names its dimension
        let mut out = vec![None; 3];
        read_scores("{\"m\\u0069nd\": 2}", &dims, &mut out).unwrap();
        assert_eq!(out, vec![None, Some(2.0), None]);
        // PostgreSQL's text form of JSONB has spaces
        read_scores("{\"body\": 1, \"mind\": 2.5}", &dims, &mut out).unwrap();
        assert_eq!(out, vec![Some(1.0), Some(2.5), None]);
        assert!(read_scores("{\"body\": \"x\"}", &dims, &mut out).is_err());
    }
}
