//! The map's bounding-box query over 100,000 listings, end to end through
//! the router: `GET /api/map/points?bbox=…` for a city-wide box (clustered on
//! the server), a neighbourhood box (points), and a city-wide box with a
//! category filter. Prints p50/p99 over 300 requests each, after a warm-up.
//!
//! Run: `cargo bench -p tsunagu --bench map_points` (a SQLite file in a temp
//! folder; the 100,000 synthetic listings are made with SQL from the demo
//! town's first listing, at random places over the city's districts).
use std::time::Instant;
use tower::ServiceExt;

const LISTINGS: i64 = 100_000;
const RUNS: usize = 300;

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("site/pkg")).unwrap();
    std::fs::write(dir.path().join("site/BUILD_ID"), "bench\n").unwrap();
    let url = format!("sqlite:{}", dir.path().join("bench.db").display());
    let root = dir.path().join("site").display().to_string();
    let config = tsunagu::config::Config::from_lookup(|k| match k {
        "DATABASE_URL" => Some(url.clone()),
        "LEPTOS_SITE_ROOT" => Some(root.clone()),
        _ => None,
    })
    .unwrap();
    let db = tsunagu::open_database(&config).await.unwrap();
    let started = Instant::now();
    let pool = db.pool();
    let rev: i64 = sqlx::query_scalar("UPDATE catalogue_rev SET rev = rev + 1 WHERE id = 1 RETURNING rev").fetch_one(pool).await.unwrap();
    // one location per listing, spread over the city (the districts' box, a little wider)
    let (s, n, w, e): (f64, f64, f64, f64) =
        sqlx::query_as("SELECT MIN(latitude) - 0.02, MAX(latitude) + 0.02, MIN(longitude) - 0.02, MAX(longitude) + 0.02 FROM districts")
            .fetch_one(pool)
            .await
            .unwrap();
    let sql = format!(
        "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < {LISTINGS})
         INSERT INTO locations (name, address, district_id, latitude, longitude)
         SELECT 'bench ' || i, '', (SELECT MIN(id) FROM districts) + (i % 8),
                {s} + (abs(random()) % 1000000) / 1000000.0 * ({n} - {s}),
                {w} + (abs(random()) % 1000000) / 1000000.0 * ({e} - {w})
         FROM seq"
    );
    sqlx::query(&sql).execute(pool).await.unwrap();
    let first_location: i64 = sqlx::query_scalar("SELECT MIN(id) FROM locations WHERE name LIKE 'bench %'").fetch_one(pool).await.unwrap();
    let template: i64 = sqlx::query_scalar("SELECT MIN(id) FROM activities").fetch_one(pool).await.unwrap();
    let max_before: i64 = sqlx::query_scalar("SELECT MAX(id) FROM activities").fetch_one(pool).await.unwrap();
    let sql = format!(
        "WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < {LISTINGS} - 1)
         INSERT INTO activities (name, kana, description, location_id, cost_yen, beginners_welcome, status, rev, created_at, updated_at)
         SELECT 'ベンチ活動 ' || i, 'べんち', '', {first_location} + i, (i % 3) * 100, i % 2, 'active', {rev}, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
         FROM seq"
    );
    sqlx::query(&sql).execute(pool).await.unwrap();
    sqlx::query(&format!(
        "INSERT INTO activity_categories (activity_id, category_id)
         SELECT a.id, (SELECT MIN(id) FROM categories) + (a.id % 18) FROM activities a WHERE a.id > {max_before}"
    ))
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(&format!(
        "INSERT INTO activity_schedules (activity_id, position, spec)
         SELECT a.id, 0, (SELECT spec FROM activity_schedules WHERE activity_id = {template} ORDER BY position LIMIT 1) FROM activities a WHERE a.id > {max_before}"
    ))
    .execute(pool)
    .await
    .unwrap();
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM activities").fetch_one(pool).await.unwrap();
    println!("{total} listings made in {:.1} s", started.elapsed().as_secs_f64());

    let app = tsunagu::router(&config, db.clone()).unwrap();
    let city = format!("{w:.4},{s:.4},{e:.4},{n:.4}");
    let (cy, cx) = ((s + n) / 2.0, (w + e) / 2.0);
    let hood = format!("{:.4},{:.4},{:.4},{:.4}", cx - 0.01, cy - 0.008, cx + 0.01, cy + 0.008);
    let category: String = sqlx::query_scalar("SELECT slug FROM categories ORDER BY id LIMIT 1").fetch_one(pool).await.unwrap();
    let started = Instant::now();
    let (status, body) = get(&app, &format!("/api/map/points?bbox={city}")).await;
    println!("first query (loads the catalogue): {:.2} s, status {status}, {} bytes", started.elapsed().as_secs_f64(), body.len());
    println!("| query | total | points | clusters | bytes | p50 ms | p99 ms |");
    println!("|---|---|---|---|---|---|---|");
    for (name, path) in [
        ("city-wide box", format!("/api/map/points?bbox={city}")),
        ("neighbourhood box (2 km)", format!("/api/map/points?bbox={hood}")),
        ("city-wide, one category", format!("/api/map/points?bbox={city}&category={category}")),
        ("city-wide, keyword in every name (活動)", format!("/api/map/points?bbox={city}&q=%E6%B4%BB%E5%8B%95")),
    ] {
        for _ in 0..20 {
            get(&app, &path).await;
        }
        let mut ms = Vec::with_capacity(RUNS);
        let mut last = String::new();
        for _ in 0..RUNS {
            let t = Instant::now();
            let (_, body) = get(&app, &path).await;
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
            last = body;
        }
        ms.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let v: serde_json::Value = serde_json::from_str(&last).unwrap();
        println!(
            "| {name} | {} | {} | {} | {} | {:.2} | {:.2} |",
            v["total"],
            v["points"].as_array().unwrap().len(),
            v["clusters"].as_array().unwrap().len(),
            last.len(),
            ms[RUNS / 2],
            ms[RUNS * 99 / 100]
        );
    }
}

async fn get(app: &axum::Router, path: &str) -> (http::StatusCode, String) {
    let req = http::Request::get(path).header("host", "127.0.0.1:3000").body(axum::body::Body::empty()).unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 64 << 20).await.unwrap();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}
