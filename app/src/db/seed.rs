//! Demo data for the fictional town of みどり野市 (Midorino City). Loaded only
//! into an empty database, never over real data, and never twice.
use super::{Db, DbError};
use serde::Deserialize;

const DEMO: &str = "demo";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedOutcome {
    /// The demo data was written.
    Seeded { districts: usize, activities: usize },
    /// The database already had content (demo or real): nothing written.
    SkippedNotEmpty,
}

#[derive(Deserialize)]
struct DistrictSeed {
    slug: String,
    name_ja: String,
    name_en: String,
    kana: String,
    latitude: f64,
    longitude: f64,
}

/// Tables whose content means "this database is in use".
const CONTENT_TABLES: &[&str] = &["seed_runs", "districts", "categories", "organisations", "activities", "events"];

/// Whether no content table has a row.
pub async fn is_empty(db: &Db) -> Result<bool, DbError> {
    for table in CONTENT_TABLES {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(db.pool())
            .await?;
        if n > 0 {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Load the demo town when the database is empty; all in one transaction.
/// The demo accounts get the published default password (tests, local demo).
pub async fn seed_demo_if_empty(db: &Db) -> Result<SeedOutcome, DbError> {
    seed_demo_with_password(db, crate::accounts::session::DEFAULT_DEMO_PASSWORD).await
}

/// [`seed_demo_if_empty`] with the demo accounts' password given.
pub async fn seed_demo_with_password(db: &Db, password: &str) -> Result<SeedOutcome, DbError> {
    if !is_empty(db).await? {
        return Ok(SeedOutcome::SkippedNotEmpty);
    }
    let districts: Vec<DistrictSeed> =
        serde_json::from_str(include_str!("../../seed/districts.json")).expect("valid seed file");
    let mut tx = db.begin_write().await?;
    // The primary key makes a concurrent second seeder fail here and roll back.
    let claimed = sqlx::query("INSERT INTO seed_runs (name, applied_at) VALUES ($1, $2)")
        .bind(DEMO)
        .bind(chrono::Utc::now().to_rfc3339())
        .execute(&mut *tx)
        .await;
    if claimed.is_err() {
        return Ok(SeedOutcome::SkippedNotEmpty);
    }
    for (i, d) in districts.iter().enumerate() {
        sqlx::query(
            "INSERT INTO districts (slug, name_ja, name_en, kana, latitude, longitude, sort_order)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&d.slug)
        .bind(&d.name_ja)
        .bind(&d.name_en)
        .bind(&d.kana)
        .bind(d.latitude)
        .bind(d.longitude)
        .bind(i as i64)
        .execute(&mut *tx)
        .await?;
    }
    let activities = crate::activities::seed::seed_activities(&mut tx)
        .await
        .map_err(|e| DbError::Seed(e.to_string()))?;
    let hash = crate::accounts::session::hash_password(password)
        .await
        .map_err(|e| DbError::Seed(e.to_string()))?;
    for (email, name, role) in crate::accounts::session::DEMO_ACCOUNTS {
        crate::accounts::session::upsert_user_hashed(&mut tx, email, name, &hash, &[role])
            .await
            .map_err(|e| DbError::Seed(e.to_string()))?;
    }
    crate::casework::seed::seed(&mut tx, crate::calendar::today_tokyo())
        .await
        .map_err(|e| DbError::Seed(e.to_string()))?;
    crate::resources::seed::seed(&mut tx).await.map_err(|e| DbError::Seed(e.to_string()))?;
    crate::events::seed::seed(&mut tx, crate::calendar::today_tokyo())
        .await
        .map_err(|e| DbError::Seed(e.to_string()))?;
    crate::casework::history_seed::seed_history(&mut tx, crate::calendar::today_tokyo(), &crate::casework::history_seed::DEMO_HISTORY)
        .await
        .map_err(|e| DbError::Seed(e.to_string()))?;
    crate::dashboard::seed::seed_town_activity(&mut tx, crate::calendar::today_tokyo())
        .await
        .map_err(|e| DbError::Seed(e.to_string()))?;
    crate::attendance::seed::seed(&mut tx, crate::calendar::today_tokyo())
        .await
        .map_err(|e| DbError::Seed(e.to_string()))?;
    crate::diary::seed::seed(&mut tx, crate::calendar::today_tokyo())
        .await
        .map_err(|e| DbError::Seed(e.to_string()))?;
    tx.commit().await?;
    Ok(SeedOutcome::Seeded { districts: districts.len(), activities })
}
