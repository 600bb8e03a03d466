//! Migrations and the demo seed, on SQLite and PostgreSQL.
use crate::common;

use sqlx::Row;
use tsunagu_app::db::seed::{seed_demo_if_empty, SeedOutcome};
use tsunagu_app::db::Db;

async fn count(db: &Db, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn migrations_apply_from_empty_on_every_backend() {
    for t in common::all_backends().await {
        let db = Db::connect(&t.url).await.unwrap();
        db.migrate().await.unwrap();
        // applying again is a no-op
        db.migrate().await.unwrap();
        let applied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success = TRUE")
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert!(applied >= 1, "{}: migrations recorded", t.url);
        assert_eq!(count(&db, "districts").await, 0);
        db.close().await;
        t.drop_db().await;
    }
}

#[tokio::test]
async fn sqlite_connections_have_foreign_keys_wal_and_busy_timeout() {
    let t = common::sqlite();
    let db = Db::connect(&t.url).await.unwrap();
    let mut conn = db.pool().acquire().await.unwrap();
    let fk: i64 = sqlx::query("PRAGMA foreign_keys").fetch_one(&mut *conn).await.unwrap().try_get(0).unwrap();
    let mode: String = sqlx::query("PRAGMA journal_mode").fetch_one(&mut *conn).await.unwrap().try_get(0).unwrap();
    let busy: i64 = sqlx::query("PRAGMA busy_timeout").fetch_one(&mut *conn).await.unwrap().try_get(0).unwrap();
    assert_eq!(fk, 1);
    assert_eq!(mode.to_lowercase(), "wal");
    assert_eq!(busy, 5000);
}

#[tokio::test]
async fn seed_runs_once_and_never_duplicates() {
    for t in common::all_backends().await {
        let db = Db::connect(&t.url).await.unwrap();
        db.migrate().await.unwrap();
        let first = seed_demo_if_empty(&db).await.unwrap();
        assert!(matches!(first, SeedOutcome::Seeded { districts: 8, activities } if activities >= 170), "{first:?}");
        let activities = count(&db, "activities").await;
        assert_eq!(seed_demo_if_empty(&db).await.unwrap(), SeedOutcome::SkippedNotEmpty);
        assert_eq!(count(&db, "districts").await, 8, "{}", t.url);
        assert_eq!(count(&db, "seed_runs").await, 1);
        assert_eq!(count(&db, "activities").await, activities, "no duplicate activities");
        let names = tsunagu_app::districts::db::list(&db).await.unwrap();
        assert_eq!(names.first().map(|d| d.name_ja.as_str()), Some("中央"));
        db.close().await;
        t.drop_db().await;
    }
}

#[tokio::test]
async fn seed_is_never_loaded_over_real_data() {
    for t in common::all_backends().await {
        let db = Db::connect(&t.url).await.unwrap();
        db.migrate().await.unwrap();
        sqlx::query(
            "INSERT INTO districts (slug, name_ja, name_en, kana, latitude, longitude, sort_order)
             VALUES ('real', '本町', 'Honmachi', 'ほんまち', 35.0, 135.0, 0)",
        )
        .execute(db.pool())
        .await
        .unwrap();
        assert_eq!(seed_demo_if_empty(&db).await.unwrap(), SeedOutcome::SkippedNotEmpty);
        assert_eq!(count(&db, "districts").await, 1);
        db.close().await;
        t.drop_db().await;
    }
}

#[tokio::test]
async fn concurrent_seeders_load_the_demo_once() {
    for t in common::all_backends().await {
        let a = Db::connect(&t.url).await.unwrap();
        a.migrate().await.unwrap();
        let b = Db::connect(&t.url).await.unwrap();
        let (ra, rb) = tokio::join!(seed_demo_if_empty(&a), seed_demo_if_empty(&b));
        let seeded = [ra, rb]
            .into_iter()
            .filter(|r| matches!(r, Ok(SeedOutcome::Seeded { .. })))
            .count();
        assert!(seeded <= 1, "{}: seeded twice", t.url);
        assert_eq!(count(&a, "districts").await, 8);
        a.close().await;
        b.close().await;
        t.drop_db().await;
    }
}

/// Power loss, not only a crash of the process: SQLite syncs its WAL at
/// every commit (`synchronous = FULL`), so an acknowledged write is on the
/// disk (README, Operations).
#[tokio::test]
async fn sqlite_syncs_every_commit() {
    let t = common::sqlite();
    let db = tsunagu_app::db::Db::connect(&t.url).await.unwrap();
    for _ in 0..3 {
        let mut conn = db.pool().acquire().await.unwrap();
        let level: i64 = sqlx::query_scalar("PRAGMA synchronous").fetch_one(&mut *conn).await.unwrap();
        assert_eq!(level, 2, "FULL");
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&mut *conn).await.unwrap();
        assert_eq!(mode, "wal");
    }
    db.close().await;
}
