//! The dashboard's reads: thin SQL that counts and groups in the database
//! (one row per referral at most; connections, ratings and listings come
//! grouped), portable between SQLite and PostgreSQL. Every rule lives in
//! the pure section modules.
use super::connections::{ClosedCase, PlaceCount, Tally};
use super::outcomes::{Change, CheckPair, RatingChange};
use super::population::{CategoryViews, MonthCount};
use super::referrals::{ReferralFact, Steps};
use super::resources::{CategoryCount, FamilyCount, StaleCount, SuggestionCounts};
use crate::activities::model::Family;
use crate::calendar::{tokyo_date, Period};
use crate::casework::model::{Concern, Indicator};
use crate::casework::referral::{Household, Sex, Source};
use crate::db::Db;
use crate::error::AppError;
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

/// The referrals received in the period (a team sees those it took on).
pub async fn referrals(db: &Db, period: &Period, scope: Scope) -> Result<Vec<ReferralFact>, AppError> {
    let (from, to) = period.utc_bounds();
    let sql = "SELECT r.created_at, r.source, r.sex, r.birth_date, r.age_band, r.household, r.district, r.concerns,
                c.opened_at, c.status, c.contacted_at AS contacted, c.supporting_at AS supporting, c.closed_at AS closed
         FROM referrals r
         LEFT JOIN cases c ON c.referral_id = r.id
         WHERE r.created_at >= $1 AND r.created_at < $2 AND ($3 = 0 OR c.team_id = $3)";
    let rows = sqlx::query(sql).bind(&from).bind(&to).bind(scope.team()).fetch_all(db.pool()).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let date = |col: &str| -> Result<Option<chrono::NaiveDate>, sqlx::Error> { Ok(r.try_get::<Option<String>, _>(col)?.as_deref().and_then(tokyo_date)) };
        let Some(received) = date("created_at")? else { continue };
        let Some(source) = Source::parse(&r.try_get::<String, _>("source")?) else { continue };
        let age = match r.try_get::<Option<String>, _>("birth_date")?.and_then(|b| b.parse::<chrono::NaiveDate>().ok()) {
            Some(born) => Some(crate::casework::birth_date::age_on(born, received)),
            None => r.try_get::<Option<i64>, _>("age_band")?.map(|d| d.clamp(0, 150) as u32),
        };
        let closed = r.try_get::<Option<String>, _>("status")?.as_deref() == Some("closed");
        out.push(ReferralFact {
            received,
            source,
            sex: r.try_get::<Option<String>, _>("sex")?.as_deref().and_then(Sex::parse),
            age,
            household: r.try_get::<Option<String>, _>("household")?.as_deref().and_then(Household::parse),
            district: r.try_get("district")?,
            concerns: r.try_get::<String, _>("concerns")?.split(',').filter_map(Concern::parse).collect(),
            steps: Steps {
                assigned: date("opened_at")?,
                contacted: date("contacted")?,
                supporting: date("supporting")?,
                closed: if closed { date("closed")? } else { None },
            },
        });
    }
    Ok(out)
}

/// Cases closed in the period with their ties before support and at
/// closing (before plus the active ones made during support).
pub async fn closed_cases(db: &Db, period: &Period, scope: Scope) -> Result<Vec<ClosedCase>, AppError> {
    let (from, to) = period.utc_bounds();
    let at_close = "(cc.before_support OR cc.state = 'active')";
    let count = |when: &str, cond: &str| format!("SUM(CASE WHEN {when} AND {cond} THEN 1 ELSE 0 END)");
    let mut cols = Vec::new();
    for (prefix, when) in [("b", "cc.before_support"), ("a", at_close)] {
        for f in ["people", "life", "vitality"] {
            cols.push(format!("{} AS {prefix}_{f}", count(when, &format!("cc.family = '{f}'"))));
        }
        for t in ["formal", "informal"] {
            cols.push(format!("{} AS {prefix}_{t}", count(when, &format!("cc.tie = '{t}'"))));
        }
    }
    let sql = format!(
        "WITH {} SELECT closed.id, closed.district, {} FROM closed LEFT JOIN case_connections cc ON cc.case_id = closed.id GROUP BY closed.id, closed.district",
        closed_cte(),
        cols.join(", ")
    );
    let rows = sqlx::query(&sql).bind(&from).bind(&to).bind(scope.team()).fetch_all(db.pool()).await?;
    let n = |r: &sqlx::any::AnyRow, c: &str| -> Result<u32, sqlx::Error> { Ok(r.try_get::<Option<i64>, _>(c)?.unwrap_or(0).max(0) as u32) };
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let tally = |p: &str| -> Result<Tally, sqlx::Error> {
            Ok(Tally {
                people: n(&r, &format!("{p}_people"))?,
                life: n(&r, &format!("{p}_life"))?,
                vitality: n(&r, &format!("{p}_vitality"))?,
                formal: n(&r, &format!("{p}_formal"))?,
                informal: n(&r, &format!("{p}_informal"))?,
            })
        };
        out.push(ClosedCase { district: r.try_get("district")?, before: tally("b")?, at_close: tally("a")? });
    }
    Ok(out)
}

/// Closed cases connected during support to each activity, by district.
pub async fn connected_activities(db: &Db, period: &Period, scope: Scope) -> Result<Vec<PlaceCount>, AppError> {
    let (from, to) = period.utc_bounds();
    let sql = format!(
        "WITH {} SELECT a.id, a.name, closed.district, COUNT(DISTINCT closed.id) AS n
         FROM closed JOIN case_connections cc ON cc.case_id = closed.id JOIN activities a ON a.id = cc.activity_id
         WHERE NOT cc.before_support AND cc.state = 'active'
         GROUP BY a.id, a.name, closed.district",
        closed_cte()
    );
    let rows = sqlx::query(&sql).bind(&from).bind(&to).bind(scope.team()).fetch_all(db.pool()).await?;
    rows.iter()
        .map(|r| {
            let name: String = r.try_get("name")?;
            Ok(PlaceCount { key: r.try_get::<i64, _>("id")?.to_string(), label: Text::new(name.clone(), name), district: r.try_get("district")?, cases: r.try_get::<i64, _>("n")?.max(0) as u32 })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(Into::into)
}

/// Closed cases connected during support to each kind of resource.
pub async fn connected_resource_kinds(db: &Db, period: &Period, scope: Scope) -> Result<Vec<PlaceCount>, AppError> {
    use crate::resources::model::ResourceKind;
    let (from, to) = period.utc_bounds();
    let sql = format!(
        "WITH {} SELECT res.kind, closed.district, COUNT(DISTINCT closed.id) AS n
         FROM closed JOIN case_connections cc ON cc.case_id = closed.id JOIN resources res ON res.id = cc.resource_id
         WHERE NOT cc.before_support AND cc.state = 'active'
         GROUP BY res.kind, closed.district",
        closed_cte()
    );
    let rows = sqlx::query(&sql).bind(&from).bind(&to).bind(scope.team()).fetch_all(db.pool()).await?;
    let mut out = Vec::new();
    for r in rows {
        let kind = ResourceKind::parse(&r.try_get::<String, _>("kind")?).unwrap_or(ResourceKind::Other);
        out.push(PlaceCount {
            key: kind.as_str().to_string(),
            label: super::breakdown::both(|l| crate::resources::kind_label(kind, l)),
            district: r.try_get("district")?,
            cases: r.try_get::<i64, _>("n")?.max(0) as u32,
        });
    }
    Ok(out)
}

/// Improved / same / worse per indicator and district (the latest rating of
/// each stage counts).
pub async fn rating_changes(db: &Db, period: &Period, scope: Scope) -> Result<Vec<RatingChange>, AppError> {
    let (from, to) = period.utc_bounds();
    let sql = format!(
        "WITH {}, latest AS (
            SELECT cr.case_id, cr.stage, cr.indicator, cr.rating,
                   ROW_NUMBER() OVER (PARTITION BY cr.case_id, cr.stage, cr.indicator ORDER BY cr.written_at DESC, cr.id DESC) AS rn
            FROM case_ratings cr JOIN closed ON closed.id = cr.case_id
         ), pairs AS (
            -- one row per case and indicator (a self-join of the window
            -- would be quadratic: SQLite does not index a materialised CTE)
            SELECT case_id, indicator,
                   MAX(CASE WHEN stage = 'intake' THEN rating END) AS intake,
                   MAX(CASE WHEN stage = 'review' THEN rating END) AS review
            FROM latest WHERE rn = 1 GROUP BY case_id, indicator
         )
         SELECT closed.district, p.indicator,
                CASE WHEN p.review > p.intake THEN 'improved' WHEN p.review = p.intake THEN 'same' ELSE 'worse' END AS change,
                COUNT(*) AS n
         FROM pairs p JOIN closed ON closed.id = p.case_id
         WHERE p.intake IS NOT NULL AND p.review IS NOT NULL
         GROUP BY closed.district, p.indicator, CASE WHEN p.review > p.intake THEN 'improved' WHEN p.review = p.intake THEN 'same' ELSE 'worse' END",
        closed_cte()
    );
    let rows = sqlx::query(&sql).bind(&from).bind(&to).bind(scope.team()).fetch_all(db.pool()).await?;
    let mut out = Vec::new();
    for r in rows {
        let (Some(indicator), Some(change)) = (Indicator::parse(&r.try_get::<String, _>("indicator")?), Change::parse(&r.try_get::<String, _>("change")?)) else { continue };
        out.push(RatingChange { district: r.try_get("district")?, indicator, change, cases: r.try_get::<i64, _>("n")?.max(0) as u32 });
    }
    Ok(out)
}

/// The latest quick check at intake and at review of each closed case that
/// has both.
pub async fn check_pairs(db: &Db, period: &Period, scope: Scope) -> Result<Vec<CheckPair>, AppError> {
    let (from, to) = period.utc_bounds();
    let sql = format!(
        "WITH {}, latest AS (
            SELECT ch.case_id, ch.stage, ch.scores,
                   ROW_NUMBER() OVER (PARTITION BY ch.case_id, ch.stage ORDER BY ch.taken_on DESC, ch.id DESC) AS rn
            FROM case_checks ch JOIN closed ON closed.id = ch.case_id
         ), pairs AS (
            SELECT case_id,
                   MAX(CASE WHEN stage = 'intake' THEN scores END) AS before_scores,
                   MAX(CASE WHEN stage = 'review' THEN scores END) AS after_scores
            FROM latest WHERE rn = 1 GROUP BY case_id
         )
         SELECT closed.district, p.before_scores, p.after_scores
         FROM pairs p JOIN closed ON closed.id = p.case_id
         WHERE p.before_scores IS NOT NULL AND p.after_scores IS NOT NULL",
        closed_cte()
    );
    let rows = sqlx::query(&sql).bind(&from).bind(&to).bind(scope.team()).fetch_all(db.pool()).await?;
    let parse = |s: String| -> Vec<(String, f32)> {
        serde_json::from_str::<std::collections::BTreeMap<String, f64>>(&s).map(|m| m.into_iter().map(|(k, v)| (k, v as f32)).collect()).unwrap_or_default()
    };
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(CheckPair { district: r.try_get("district")?, before: parse(r.try_get("before_scores")?), after: parse(r.try_get("after_scores")?) });
    }
    Ok(out)
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

fn month_bounds(period: &Period) -> (String, String) {
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
