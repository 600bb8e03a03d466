//! Check-in under a crowd (issue 20): 200 residents, each signed in, check
//! in to the same session at the same moment (POST /api/attendance/check-in,
//! through the whole router: session, CSRF, the code's signature, the
//! session's day, the insert and the points in one write), then all of them
//! again (a second scan of the poster). Prints the latency of each round
//! (p50/p95/p99/max) and checks that every person was counted exactly once
//! and earned their points once.
//!
//! Run: `cargo bench -p tsunagu --bench checkin` (SQLite in a temp folder);
//! with `TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres` also
//! PostgreSQL (a scratch database, dropped after).
use std::time::Instant;
use tower::ServiceExt;

const PEOPLE: usize = 200;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

async fn run(url: &str, site: &std::path::Path) {
    let root = site.display().to_string();
    let config = tsunagu::config::Config::from_lookup(|k| match k {
        "DATABASE_URL" => Some(url.to_string()),
        "LEPTOS_SITE_ROOT" => Some(root.clone()),
        "TSUNAGU_DEMO_SEED" => Some("1".into()),
        _ => None,
    })
    .unwrap();
    let db = tsunagu::open_database(&config).await.unwrap();
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE email = 'resident@midorino.example.jp'").fetch_one(db.pool()).await.unwrap();
    let mut cookies = Vec::new();
    {
        let mut conn = db.pool().acquire().await.unwrap();
        for i in 0..PEOPLE {
            let id = tsunagu_app::accounts::session::upsert_user_hashed(&mut conn, &format!("crowd{i}@example.jp"), &format!("参加者{i}"), &hash, &[tsunagu_app::accounts::Role::Resident]).await.unwrap();
            cookies.push((id, String::new()));
        }
    }
    for c in cookies.iter_mut() {
        let (token, _) = tsunagu_app::accounts::session::create_session(&db, c.0).await.unwrap();
        c.1 = format!("tsunagu_session={token}");
    }
    let today = tsunagu_app::calendar::today_tokyo();
    let event: i64 = sqlx::query_scalar(
        "INSERT INTO events (kind, title, starts_at, ends_at, status, created_at, updated_at) VALUES ('festival', 'ベンチのまつり', $1, $2, 'scheduled', $3, $3) RETURNING id",
    )
    .bind(format!("{today}T10:00:00+09:00"))
    .bind(format!("{today}T16:00:00+09:00"))
    .bind(tsunagu_app::accounts::session::now_text())
    .fetch_one(db.pool())
    .await
    .unwrap();
    let signer = tsunagu_app::attendance::codes::Signer::new(tsunagu_app::db::secrets::key(&db, "checkin").await.unwrap());
    let code = signer.session_code(&tsunagu_app::attendance::session::SessionRef::Event { id: event });
    let app = tsunagu::router(&config, db.clone()).unwrap();
    for round in ["first scan", "second scan (already recorded)"] {
        let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(PEOPLE));
        let tasks: Vec<_> = cookies
            .iter()
            .map(|(_, cookie)| {
                let (app, cookie, code, barrier) = (app.clone(), cookie.clone(), code.clone(), barrier.clone());
                tokio::spawn(async move {
                    let req = http::Request::post("/api/attendance/check-in")
                        .header("content-type", "application/x-www-form-urlencoded")
                        .header("host", "127.0.0.1:3000")
                        .header("origin", "http://127.0.0.1:3000")
                        .header("cookie", cookie)
                        .body(axum::body::Body::from(format!("code={code}")))
                        .unwrap();
                    barrier.wait().await;
                    let t = Instant::now();
                    let res = app.oneshot(req).await.unwrap();
                    let status = res.status();
                    let _ = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
                    (status, t.elapsed().as_secs_f64() * 1000.0)
                })
            })
            .collect();
        let started = Instant::now();
        let mut times = Vec::new();
        for t in tasks {
            let (status, ms) = t.await.unwrap();
            assert!(status.is_success() || status.is_redirection(), "{status}");
            times.push(ms);
        }
        let wall = started.elapsed().as_secs_f64() * 1000.0;
        times.sort_by(|a, b| a.total_cmp(b));
        let counted: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM checkins WHERE event_id = $1").bind(event).fetch_one(db.pool()).await.unwrap();
        let people: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT user_id) FROM checkins WHERE event_id = $1").bind(event).fetch_one(db.pool()).await.unwrap();
        let points: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM points_ledger WHERE session_key = $1").bind(format!("e{event}")).fetch_one(db.pool()).await.unwrap();
        println!(
            "  {round:<32} {PEOPLE} at once: p50 {:>6.1} ms  p95 {:>6.1} ms  p99 {:>6.1} ms  max {:>6.1} ms  (all done in {wall:.0} ms); counted {counted}, people {people}, points entries {points}",
            percentile(&times, 0.5),
            percentile(&times, 0.95),
            percentile(&times, 0.99),
            times[times.len() - 1]
        );
        assert_eq!((counted, people, points), (PEOPLE as i64, PEOPLE as i64, PEOPLE as i64), "every one counted once, none lost");
    }
    db.close().await;
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("pkg")).unwrap();
        std::fs::write(site.join("BUILD_ID"), "bench\n").unwrap();
        println!("SQLite:");
        run(&format!("sqlite:{}", dir.path().join("bench.db").display()), &site).await;
        if let Ok(base) = std::env::var("TEST_POSTGRES_URL") {
            let name = format!("tsunagu_checkin_bench_{}", std::process::id());
            let admin = sqlx::AnyPool::connect(&base).await.unwrap();
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.unwrap();
            let url = format!("{}/{name}", base.rsplit_once('/').unwrap().0);
            println!("PostgreSQL:");
            run(&url, &site).await;
            sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)")).execute(&admin).await.unwrap();
        }
    });
}
