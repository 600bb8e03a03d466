//! Databases for tests: a fresh SQLite file, and a fresh PostgreSQL database
//! (created and dropped per test) when PostgreSQL is reachable.
#![allow(dead_code)]
use sqlx::any::AnyPoolOptions;
use sqlx::Executor;
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct TestDb {
    pub url: String,
    cleanup: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

pub fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("test.db").display());
    TestDb { url, cleanup: None, _dir: Some(dir) }
}

/// `TEST_POSTGRES_URL` (set by scripts/test.sh when PostgreSQL answers).
/// Without it the PostgreSQL tests are skipped, except under CI where that
/// is an error.
pub fn postgres_admin_url() -> Option<String> {
    match std::env::var("TEST_POSTGRES_URL") {
        Ok(u) if !u.is_empty() => Some(u),
        _ if std::env::var("CI").is_ok() => panic!("CI is set but TEST_POSTGRES_URL is not"),
        _ => {
            eprintln!("TEST_POSTGRES_URL unset: skipping the PostgreSQL half");
            None
        }
    }
}

pub async fn postgres() -> Option<TestDb> {
    sqlx::any::install_default_drivers();
    let admin = postgres_admin_url()?;
    let name = format!(
        "tsunagu_test_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    );
    let pool = AnyPoolOptions::new().max_connections(1).connect(&admin).await.expect("connect to PostgreSQL");
    pool.execute(format!("DROP DATABASE IF EXISTS {name}").as_str()).await.unwrap();
    pool.execute(format!("CREATE DATABASE {name}").as_str()).await.unwrap();
    pool.close().await;
    let (base, _) = admin.rsplit_once('/').expect("URL with a database name");
    Some(TestDb { url: format!("{base}/{name}"), cleanup: Some((admin, name)), _dir: None })
}

impl TestDb {
    /// Drop the PostgreSQL database (call at the end of the test).
    pub async fn drop_db(mut self) {
        if let Some((admin, name)) = self.cleanup.take() {
            let pool = AnyPoolOptions::new().max_connections(1).connect(&admin).await.unwrap();
            let _ = pool
                .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
                .await;
            pool.close().await;
        }
    }
}

/// Every database the suite runs against: SQLite, then PostgreSQL if present.
pub async fn all_backends() -> Vec<TestDb> {
    let mut v = vec![sqlite()];
    if let Some(pg) = postgres().await {
        v.push(pg);
    }
    v
}

/// The real router on a database, with a stand-in built site (BUILD_ID
/// `abc123`, a bundle file, service worker and manifest) in a temp folder.
pub struct Site {
    pub app: axum::Router,
    pub db: tsunagu_app::db::Db,
    /// The stand-in site root (LEPTOS_SITE_ROOT).
    pub dir: tempfile::TempDir,
    _db: Option<TestDb>,
}

/// [`Site`] on `url`, with extra configuration variables.
pub async fn site_on(url: &str, env: &[(&str, &str)]) -> Site {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("pkg")).unwrap();
    std::fs::write(dir.path().join("BUILD_ID"), "abc123\n").unwrap();
    std::fs::write(dir.path().join("pkg/tsunagu-abc123.js"), "export default 1;").unwrap();
    std::fs::write(dir.path().join("sw.js"), "// sw").unwrap();
    std::fs::write(dir.path().join("manifest.webmanifest"), "{}").unwrap();
    let root = dir.path().display().to_string();
    let (url, env): (String, Vec<(String, String)>) = (url.to_string(), env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect());
    let config = tsunagu::config::Config::from_lookup(|k| match k {
        "DATABASE_URL" => Some(url.clone()),
        "LEPTOS_SITE_ROOT" => Some(root.clone()),
        // the tests' town: demo mode unless a test says otherwise
        "TSUNAGU_DEMO_SEED" => Some(env.iter().find(|(name, _)| name == k).map_or_else(|| "1".to_string(), |(_, v)| v.clone())),
        // the tests change rows behind the server's back (as another server
        // would): the render cache reads the data revisions for every page
        "TSUNAGU_RENDER_CACHE_RECHECK_MS" => Some(env.iter().find(|(name, _)| name == k).map_or_else(|| "0".to_string(), |(_, v)| v.clone())),
        // mail goes to the site's own folder unless a test reads it elsewhere
        // (never into the repository's data/outbox)
        "TSUNAGU_OUTBOX_DIR" => Some(env.iter().find(|(name, _)| name == k).map_or_else(|| format!("{root}/outbox"), |(_, v)| v.clone())),
        _ => env.iter().find(|(name, _)| name == k).map(|(_, v)| v.clone()),
    })
    .unwrap();
    let db = tsunagu::open_database(&config).await.unwrap();
    let app = tsunagu::router(&config, db.clone()).unwrap();
    Site { app, db, dir, _db: None }
}

/// An upcoming demo event that takes sign-ups on the portal and has more
/// than `places` places left (the demo's events are relative to today).
#[allow(dead_code)]
pub async fn open_event(db: &tsunagu_app::db::Db, places: i64) -> i64 {
    let now = tsunagu_app::events::db::time_to_db(tsunagu_app::calendar::now_tokyo());
    sqlx::query_scalar(
        "SELECT MIN(id) FROM events WHERE apply_method = 'portal' AND status = 'scheduled' AND capacity > booked + $2
           AND starts_at > $1 AND (apply_deadline IS NULL OR apply_deadline > $1)",
    )
    .bind(&now)
    .bind(places)
    .fetch_one(db.pool())
    .await
    .unwrap()
}

/// [`Site`] on a fresh SQLite file with the demo town.
pub async fn site(env: &[(&str, &str)]) -> Site {
    let t = sqlite();
    let mut s = site_on(&t.url, env).await;
    s._db = Some(t);
    s
}

/// A browser-like request to the router: form-encoded POST when `body` is
/// `Some`, else GET; with the session `cookie` if given, and the same-origin
/// proof a browser sends from our own pages.
pub async fn request(app: &axum::Router, path: &str, body: Option<&str>, cookie: Option<&str>) -> (http::StatusCode, http::HeaderMap, String) {
    use tower::ServiceExt;
    let mut req = match body {
        Some(_) => http::Request::post(path).header("content-type", "application/x-www-form-urlencoded"),
        None => http::Request::get(path),
    }
    .header("accept", "application/json")
    .header("host", "127.0.0.1:3000")
    .header("sec-fetch-site", "same-origin");
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let res = app.clone().oneshot(req.body(axum::body::Body::from(body.unwrap_or("").to_string())).unwrap()).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let bytes = axum::body::to_bytes(res.into_body(), 10 << 20).await.unwrap();
    (status, headers, String::from_utf8_lossy(&bytes).into_owned())
}

/// The `tsunagu_session=…` pair from a response's Set-Cookie headers.
pub fn session_cookie(headers: &http::HeaderMap) -> Option<String> {
    headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("tsunagu_session=") && !c.starts_with("tsunagu_session=;"))
        .map(|c| c.split(';').next().unwrap().to_string())
}

/// Sign in as `email` with the demo password; the session cookie pair.
pub async fn sign_in(app: &axum::Router, email: &str) -> String {
    let enc = tsunagu_app::activities::query::encode;
    let body = format!("email={}&password={}&next=", enc(email), enc(tsunagu_app::accounts::session::DEFAULT_DEMO_PASSWORD));
    let (status, headers, text) = request(app, "/api/accounts/login", Some(&body), None).await;
    session_cookie(&headers).unwrap_or_else(|| panic!("no session for {email}: {status} {text}"))
}

/// POST `bytes` as the multipart field `file` (a photo) to `path`; the
/// status and the JSON answer.
#[allow(dead_code)]
pub async fn upload(app: &axum::Router, path: &str, cookie: Option<&str>, bytes: &[u8]) -> (http::StatusCode, serde_json::Value) {
    use tower::ServiceExt;
    let boundary = "XbOuNdArY";
    let mut body = format!("--{boundary}\r\ncontent-disposition: form-data; name=\"file\"; filename=\"IMG_0001.jpg\"\r\ncontent-type: image/jpeg\r\n\r\n").into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut req = http::Request::post(path)
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .header("host", "127.0.0.1:3000")
        .header("origin", "http://127.0.0.1:3000");
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let res = app.clone().oneshot(req.body(axum::body::Body::from(body)).unwrap()).await.unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
    (status, serde_json::from_slice(&bytes).unwrap_or_default())
}

/// The calendar's entry for an activity's session on `on`, held (made
/// here, or the one the server's own occurrence sync made meanwhile),
/// marked customised so that the sync leaves it alone.
#[allow(dead_code)]
pub async fn activity_session(db: &tsunagu_app::db::Db, activity: i64, on: chrono::NaiveDate) {
    let made = sqlx::query(
        "INSERT INTO events (activity_id, occurrence_date, customised, kind, title, starts_at, ends_at, status, created_at, updated_at)
         VALUES ($1, $2, TRUE, 'session', 'session', $3, $4, 'scheduled', $5, $5)",
    )
    .bind(activity)
    .bind(on.to_string())
    .bind(format!("{on}T10:00:00+09:00"))
    .bind(format!("{on}T12:00:00+09:00"))
    .bind(tsunagu_app::accounts::session::now_text())
    .execute(db.pool())
    .await;
    if made.is_err() {
        // already in the calendar: make sure it is held (and that the
        // server's occurrence sync, which runs at its start, leaves it be)
        sqlx::query("UPDATE events SET status = 'scheduled', customised = TRUE WHERE activity_id = $1 AND occurrence_date = $2").bind(activity).bind(on.to_string()).execute(db.pool()).await.unwrap();
    }
}
