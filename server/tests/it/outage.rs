//! Database outage (issue 18, item 6). PostgreSQL behind a TCP proxy the
//! test controls is cut for 10 s under load: every answer is either served
//! or a clear 503 (typed JSON for scripts and the hydrated client, a page in
//! Japanese or English for people) with `Retry-After`, never a 500; nothing
//! is half-written; the server recovers by itself when the database is back.
//! The same for a SQLite file that turns read-only or whose disk is full.
use crate::casework::{batch, note, referred_and_assigned};
use crate::common;
use http::StatusCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};

/// A TCP proxy in front of PostgreSQL: `cut` drops every connection and
/// refuses new ones (as a dead network or a stopped server would);
/// `restore` lets them through again.
struct Proxy {
    port: u16,
    cut: Arc<AtomicBool>,
    links: Arc<Mutex<Vec<tokio::task::AbortHandle>>>,
}

impl Proxy {
    async fn start(upstream: String) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let (cut, links) = (Arc::new(AtomicBool::new(false)), Arc::new(Mutex::new(Vec::new())));
        let (c, l) = (cut.clone(), links.clone());
        tokio::spawn(async move {
            loop {
                let Ok((mut client, _)) = listener.accept().await else { return };
                if c.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let upstream = upstream.clone();
                let task = tokio::spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(&upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                l.lock().unwrap().push(task.abort_handle());
            }
        });
        Proxy { port, cut, links }
    }

    fn cut(&self) {
        self.cut.store(true, Ordering::SeqCst);
        for link in self.links.lock().unwrap().drain(..) {
            link.abort();
        }
    }

    fn restore(&self) {
        self.cut.store(false, Ordering::SeqCst);
    }
}

/// A request as a browser page load (`text/html`) or a script would make
/// it, in `lang`.
async fn call(app: &axum::Router, path: &str, body: Option<&str>, json: bool, page: bool, cookie: &str) -> (StatusCode, http::HeaderMap, String) {
    use tower::ServiceExt;
    let req = match body {
        Some(_) => http::Request::post(path).header("content-type", if json { "application/json" } else { "application/x-www-form-urlencoded" }),
        None => http::Request::get(path),
    }
    .header("accept", if page { "text/html" } else { "application/json" })
    .header("host", "127.0.0.1:3000")
    .header("sec-fetch-site", "same-origin")
    .header("cookie", cookie);
    let res = app.clone().oneshot(req.body(axum::body::Body::from(body.unwrap_or("").to_string())).unwrap()).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let bytes = axum::body::to_bytes(res.into_body(), 10 << 20).await.unwrap();
    (status, headers, String::from_utf8_lossy(&bytes).into_owned())
}

/// What the load saw.
#[derive(Default)]
struct Seen {
    served: AtomicUsize,
    unavailable: AtomicUsize,
    /// Anything else that is wrong (a 500, a 503 without Retry-After or
    /// without its message).
    wrong: Mutex<Vec<String>>,
}

impl Seen {
    fn check(&self, what: &str, lang: &str, page: bool, (status, headers, body): &(StatusCode, http::HeaderMap, String)) {
        if *status == StatusCode::SERVICE_UNAVAILABLE {
            self.unavailable.fetch_add(1, Ordering::SeqCst);
            let message_ok = if page {
                let title = if lang == "en" { "Temporarily unavailable" } else { "ただいまご利用いただけません" };
                body.contains(title) && body.contains("503")
            } else {
                body.contains("Unavailable") || (body.contains("error_ja") && body.contains("何も変更されていません"))
            };
            if headers.get("retry-after").is_none() || !message_ok {
                self.wrong.lock().unwrap().push(format!("{what} ({lang}): 503 without Retry-After or message: {}", body.chars().take(200).collect::<String>()));
            }
        } else if status.is_server_error() {
            self.wrong.lock().unwrap().push(format!("{what} ({lang}): {status} {}", body.chars().take(200).collect::<String>()));
        } else {
            self.served.fetch_add(1, Ordering::SeqCst);
        }
    }
}

/// Pages, reads and writes, round and round, until `stop`; the client ids
/// of the three-note batches sent.
async fn load(s: Arc<common::Site>, worker: String, case_id: i64, lane: usize, seen: Arc<Seen>, stop: Arc<AtomicBool>) -> Vec<[String; 3]> {
    let mut batches = Vec::new();
    for i in 1.. {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let lang = if i % 2 == 0 { "en" } else { "ja" };
        let cookie = format!("{worker}; i18n_pref_locale={lang}");
        let r = call(&s.app, "/", None, false, true, &cookie).await;
        seen.check("home page", lang, true, &r);
        let r = call(&s.app, "/activities/1", None, false, true, &cookie).await;
        seen.check("activity page", lang, true, &r);
        let r = call(&s.app, "/api/activities/get", Some("id=1"), false, false, &cookie).await;
        seen.check("activities/get", lang, false, &r);
        let ids = [0, 1, 2].map(|k| format!("outage-{lane}-{i:05}-{k}"));
        // notes near their longest (11 KB each), so a full disk shows at once
        let items = ids.iter().zip(1..).map(|(id, seq)| note(id, case_id, seq, &format!("{id} {}", "記録".repeat(1900)))).collect();
        let body = batch(&format!("outage-tablet-{lane}-{i:05}"), items);
        let r = call(&s.app, "/api/casework/sync", Some(&body), true, false, &cookie).await;
        seen.check("casework sync", lang, false, &r);
        batches.push(ids);
        tokio::task::yield_now().await;
    }
    batches
}

/// Each batch is all there or not there at all.
async fn nothing_half_written(db: &tsunagu_app::db::Db, batches: &[[String; 3]]) -> usize {
    let mut whole = 0;
    for ids in batches {
        let mut n = 0;
        for id in ids {
            n += sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM sync_items WHERE client_id = $1").bind(id).fetch_one(db.pool()).await.unwrap();
        }
        assert!(n == 0 || n == 3, "batch {ids:?} half-written: {n} of 3");
        whole += usize::from(n == 3);
    }
    whole
}

/// Run the load on four lanes while `outage` is on, then `recover`, and
/// wait until a write goes through again; the batches sent.
async fn through_an_outage(s: &Arc<common::Site>, outage: impl std::future::Future<Output = ()>, recover: impl FnOnce(), seen: &Arc<Seen>) -> Vec<[String; 3]> {
    let case_id = referred_and_assigned(s, "停電 テスト").await;
    let worker = common::sign_in(&s.app, "linkworker@midorino.example.jp").await;
    let stop = Arc::new(AtomicBool::new(false));
    let lanes: Vec<_> = (0..4).map(|lane| tokio::spawn(load(s.clone(), worker.clone(), case_id, lane, seen.clone(), stop.clone()))).collect();
    outage.await;
    recover();
    stop.store(true, Ordering::SeqCst);
    let mut batches = Vec::new();
    for lane in lanes {
        batches.extend(lane.await.unwrap());
    }
    // the server finds its way back by itself
    let started = Instant::now();
    loop {
        let ids = ["after-outage-0001".to_string()];
        let body = batch(&format!("after-outage-{:08}", started.elapsed().as_millis()), vec![note(&ids[0], case_id, 1, "戻りました")]);
        let (status, _, reply) = call(&s.app, "/api/casework/sync", Some(&body), true, false, &worker).await;
        if status == StatusCode::OK {
            assert!(reply.contains("applied") || reply.contains("duplicate"), "{reply}");
            break;
        }
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{reply}");
        assert!(started.elapsed() < Duration::from_secs(60), "the server did not recover within a minute");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (status, _, _) = call(&s.app, "/healthz", None, false, false, "").await;
    assert_eq!(status, StatusCode::OK);
    batches
}

fn assert_seen(what: &str, seen: &Seen) {
    let wrong = seen.wrong.lock().unwrap();
    assert!(wrong.is_empty(), "{what}: {} wrong answers:\n{}", wrong.len(), wrong.join("\n"));
    assert!(seen.unavailable.load(Ordering::SeqCst) > 0, "{what}: the outage was never seen (all {} served)", seen.served.load(Ordering::SeqCst));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_cut_for_ten_seconds_under_load_answers_503_and_recovers() {
    let Some(t) = common::postgres().await else { return };
    let proxy = Proxy::start("127.0.0.1:5432".into()).await;
    let (_, rest) = t.url.split_once("@").unwrap();
    let (_, db_name) = rest.split_once('/').unwrap();
    let proxied = format!("postgres://postgres@127.0.0.1:{}/{db_name}", proxy.port);
    let s = Arc::new(common::site_on(&proxied, &[]).await);
    let seen = Arc::new(Seen::default());
    let outage = async {
        tokio::time::sleep(Duration::from_millis(500)).await;
        proxy.cut();
        tokio::time::sleep(Duration::from_secs(10)).await;
    };
    let batches = through_an_outage(&s, outage, || proxy.restore(), &seen).await;
    assert_seen("PostgreSQL cut", &seen);
    let whole = nothing_half_written(&s.db, &batches).await;
    assert!(whole > 0 && whole < batches.len(), "some batches before the cut, none during: {whole} of {}", batches.len());
    s.db.close().await;
    drop(s);
    t.drop_db().await;
}

/// Every connection of the pool gets `pragma` (the pool holds at most 8).
async fn on_every_connection(db: &tsunagu_app::db::Db, pragma: &str) {
    let mut held = Vec::new();
    for _ in 0..8 {
        let mut conn = db.pool().acquire().await.unwrap();
        sqlx::query(pragma).execute(&mut *conn).await.unwrap();
        held.push(conn);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_file_that_turns_read_only_or_fills_its_disk_answers_503_and_recovers() {
    for (what, on, off) in [
        // the file turns read-only (a remount, a full backup volume's snapshot)
        ("read-only", "PRAGMA query_only = ON", "PRAGMA query_only = OFF"),
        // no room for one more page: SQLite's "database or disk is full"
        ("disk full", "PRAGMA max_page_count = 1", "PRAGMA max_page_count = 1073741823"),
    ] {
        let t = common::sqlite();
        let s = Arc::new(common::site_on(&t.url, &[]).await);
        let seen = Arc::new(Seen::default());
        let db = s.db.clone();
        let outage = async {
            tokio::time::sleep(Duration::from_millis(300)).await;
            on_every_connection(&db, on).await;
            tokio::time::sleep(Duration::from_secs(3)).await;
        };
        let restore_db = s.db.clone();
        let restore = move || {
            tokio::task::block_in_place(|| tokio::runtime::Handle::current().block_on(on_every_connection(&restore_db, off)));
        };
        let batches = through_an_outage(&s, outage, restore, &seen).await;
        assert_seen(what, &seen);
        nothing_half_written(&s.db, &batches).await;
        let verdict: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(s.db.pool()).await.unwrap();
        assert_eq!(verdict, "ok", "{what}");
        s.db.close().await;
    }
}
