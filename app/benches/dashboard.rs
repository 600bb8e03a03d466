//! The dashboard's server time over a busy office's history (issue 19):
//! a demo town plus synthetic casework (the demo history generator, scaled
//! up) until the measured fiscal year holds 10,000 or more closed cases;
//! then the whole report (every section, its SQL and its suppression) is
//! built `RUNS` times per view, one at a time, and p50/p95/p99 printed.
//!
//!     cargo bench -p tsunagu-app --features ssr --bench dashboard
//!     TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres cargo bench …   (also PostgreSQL)
//!
//! `DASHBOARD_BENCH_REFERRALS` changes the history's size (default 26,000);
//! `DASHBOARD_BENCH_DB=FILE` keeps the SQLite file and `DASHBOARD_BENCH_KEEP=1`
//! the PostgreSQL database, to look at their plans afterwards.
use std::time::Instant;
use tsunagu_app::calendar::{fiscal_year_of, today_tokyo};
use tsunagu_app::casework::history_seed::{seed_history, HistoryPlan};
use tsunagu_app::dashboard::db::Scope;
use tsunagu_app::dashboard::report::{build_report, DashboardFilter};
use tsunagu_app::dashboard::suppression::Figure;
use tsunagu_app::db::Db;

fn runs() -> usize {
    std::env::var("DASHBOARD_BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(60)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

async fn town(url: &str, referrals: usize) -> Db {
    let db = Db::connect(url).await.expect("connect");
    db.migrate().await.expect("migrate");
    tsunagu_app::db::seed::seed_demo_if_empty(&db).await.expect("seed");
    let started = Instant::now();
    let mut tx = db.begin_write().await.expect("begin");
    let summary = seed_history(&mut tx, today_tokyo(), &HistoryPlan { referrals, rng_seed: 7 }).await.expect("history");
    tx.commit().await.expect("commit");
    println!("  history: {summary:?} in {:.1} s", started.elapsed().as_secs_f64());
    db
}

async fn measure(db: &Db, label: &str, filter: DashboardFilter, scope: Scope) {
    let lib = tsunagu_app::health_check::library::Library::load(None).expect("questionnaires");
    let r = build_report(db, &lib, &filter, scope, None, today_tokyo()).await.expect("report");
    let closed = match r.connections.closed {
        Some(Figure::Count(n)) => n.to_string(),
        other => format!("{other:?}"),
    };
    let mut times = Vec::with_capacity(runs());
    for _ in 0..runs() {
        let t = Instant::now();
        let r = build_report(db, &lib, &filter, scope, None, today_tokyo()).await.expect("report");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(r);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "  {label:<34} closed cases {closed:>6}  p50 {:>6.1} ms  p95 {:>6.1} ms  p99 {:>6.1} ms  max {:>6.1} ms",
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        percentile(&times, 0.99),
        times[times.len() - 1]
    );
}

/// Where the time of one report goes: each read on its own, then the rest.
async fn breakdown(db: &Db, period: &tsunagu_app::calendar::Period) {
    use tsunagu_app::dashboard::db as q;
    let scope = Scope::Town;
    macro_rules! time {
        ($label:expr, $e:expr) => {{
            let t = Instant::now();
            let r = $e.await.expect($label);
            print!("{} {:.1} ms, ", $label, t.elapsed().as_secs_f64() * 1000.0);
            r
        }};
    }
    print!("  reads: ");
    let facts = time!("referrals", q::referrals(db, period, scope));
    let dimensions: Vec<String> = ["body", "mind", "meaning", "quality", "participation", "daily"].map(String::from).to_vec();
    let closed = time!("closed_facts", q::closed_facts(db, period, scope, &dimensions));
    let (activities, kinds) = time!("places", q::connected_places(db, &closed.places));
    time!("listings", q::listings_by_category(db));
    time!("contributions", q::contributions(db, period));
    println!();
    // the rules over what was read (the small-cell rule in each)
    use tsunagu_app::dashboard::breakdown::{protect_split, Districts, View};
    use tsunagu_app::health_check::questionnaire::Text;
    let districts = Districts::new(q::districts(db).await.unwrap());
    let dims: Vec<(String, Text)> = dimensions.iter().map(|d| (d.clone(), Text::new(d.clone(), d.clone()))).collect();
    macro_rules! pure {
        ($label:expr, $e:expr) => {{
            let t = Instant::now();
            std::hint::black_box($e);
            print!("{} {:.1} ms, ", $label, t.elapsed().as_secs_f64() * 1000.0);
        }};
    }
    // the big reads side by side, as the report runs them (the places after
    // the closed cases they are read from)
    print!("  side by side: ");
    for _ in 0..3 {
        let t = Instant::now();
        let closed_and_places = async {
            let closed = q::closed_facts(db, period, scope, &dimensions).await?;
            q::connected_places(db, &closed.places).await
        };
        let _ = tokio::try_join!(q::referrals(db, period, scope), closed_and_places).expect("reads");
        print!("{:.1} ms, ", t.elapsed().as_secs_f64() * 1000.0);
    }
    println!();
    print!("  rules: ");
    let t = Instant::now();
    let concern_split = tsunagu_app::dashboard::referrals::concern_split(&facts, &districts);
    let concerns = protect_split(&concern_split);
    print!("concerns {:.1} ms, ", t.elapsed().as_secs_f64() * 1000.0);
    pure!("referrals", tsunagu_app::dashboard::referrals::referrals(&facts, period, &districts, View::Town, (&concern_split, &concerns)));
    pure!("connections", tsunagu_app::dashboard::connections::connections(&closed.groups, &activities, &kinds, &districts, View::Town));
    pure!("outcomes", tsunagu_app::dashboard::outcomes::outcomes(&closed.changes, &closed.checks, &dims, &districts, View::Town));
    println!();
}

async fn run(url: &str, referrals: usize) {
    let db = town(url, referrals).await;
    let last = fiscal_year_of(today_tokyo()) - 1;
    breakdown(&db, &tsunagu_app::calendar::Period::FiscalYear(last)).await;
    let district: String = sqlx::query_scalar("SELECT slug FROM districts ORDER BY sort_order LIMIT 1").fetch_one(db.pool()).await.unwrap();
    let team: i64 = sqlx::query_scalar("SELECT MIN(id) FROM case_teams").fetch_one(db.pool()).await.unwrap();
    let fy = DashboardFilter { period: format!("fy{last}"), district: String::new() };
    measure(&db, "last fiscal year, town", fy.clone(), Scope::Town).await;
    measure(&db, "last fiscal year, one district", DashboardFilter { district, ..fy.clone() }, Scope::Town).await;
    measure(&db, "last fiscal year, the team", fy, Scope::Team(team)).await;
    measure(&db, "a quarter, town", DashboardFilter { period: format!("fy{last}-q3"), district: String::new() }, Scope::Town).await;
    db.close().await;
}

fn main() {
    let referrals: usize = std::env::var("DASHBOARD_BENCH_REFERRALS").ok().and_then(|v| v.parse().ok()).unwrap_or(26_000);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        // DASHBOARD_BENCH_DB keeps the SQLite file (a new one each run)
        let file = std::env::var("DASHBOARD_BENCH_DB").unwrap_or_else(|_| format!("{}/bench.db", dir.path().display()));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{file}{suffix}"));
        }
        println!("SQLite ({referrals} referrals of history):");
        run(&format!("sqlite:{file}?mode=rwc"), referrals).await;
        if let Ok(admin) = std::env::var("TEST_POSTGRES_URL") {
            let name = format!("tsunagu_dashboard_bench_{}", std::process::id());
            let pool = sqlx::PgPool::connect(&admin).await.unwrap();
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&pool).await.unwrap();
            let url = match admin.rsplit_once('/') {
                Some((base, _)) => format!("{base}/{name}"),
                None => panic!("TEST_POSTGRES_URL needs a database name"),
            };
            println!("PostgreSQL ({referrals} referrals of history):");
            run(&url, referrals).await;
            if std::env::var_os("DASHBOARD_BENCH_KEEP").is_some() {
                println!("  kept: {url}");
            } else {
                sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)")).execute(&pool).await.unwrap();
            }
        }
    });
}
