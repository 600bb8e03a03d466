//! Crash and shutdown (issue 18, item 5), on the real binary and both
//! databases: tablets syncing notes, residents signing up for an event and
//! a writer saving reports, as fast as they can, while the server is killed
//! with SIGKILL three times (every acknowledged write is there afterwards,
//! SQLite's integrity check is ok), then stopped with SIGTERM under the same
//! load (no 5xx before the listener closes, exit status 0, nothing
//! acknowledged lost).
use crate::casework::{batch, note, referred_and_assigned};
use crate::common;
use std::collections::HashSet;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tsunagu_app::activities::query::encode as enc;

const BIN: &str = env!("CARGO_BIN_EXE_tsunagu");
const LIMITS: &str = "event-signup=1000000,sign-in-account=100000,sign-in-address=100000";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// One HTTP/1.1 request; the status and body, or `None` when the server
/// did not answer (refused, reset, killed mid-way).
fn http(port: u16, method: &str, path: &str, body: &str, content_type: &str, cookie: Option<&str>) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    let cookie = cookie.map(|c| format!("Cookie: {c}\r\n")).unwrap_or_default();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: application/json\r\nSec-Fetch-Site: same-origin\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n{cookie}Connection: close\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).ok()?;
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text.split(' ').nth(1)?.parse().ok()?;
    let (_, body) = text.split_once("\r\n\r\n")?;
    Some((status, body.to_string()))
}

struct Server {
    child: Child,
    port: u16,
}

fn start(url: &str, site: &std::path::Path) -> Server {
    let port = free_port();
    let child = Command::new(BIN)
        .env("DATABASE_URL", url)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_SITE_ROOT", site)
        .env("RUST_LOG", "warn")
        .env("TSUNAGU_DEMO_SEED", "1")
        .env("TSUNAGU_RATE_LIMITS", LIMITS)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if http(port, "GET", "/healthz", "", "text/plain", None).is_some_and(|(s, _)| s == 200) {
            return Server { child, port };
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the server did not start on {url}");
}

/// What the server acknowledged, and any 5xx it answered.
#[derive(Default)]
struct Acks {
    notes: Vec<String>,
    signups: Vec<String>,
    reports: Vec<i64>,
    server_errors: Vec<String>,
    /// The first few other answers (for the message when no load got through).
    others: Vec<String>,
}

impl Acks {
    fn other(&mut self, what: &str, status: u16, reply: &str) {
        if self.others.len() < 6 {
            self.others.push(format!("{what} {status} {}", &reply[..reply.len().min(300)]));
        }
    }
}

struct Load {
    worker: String,
    writer: String,
    case_id: i64,
    event_id: i64,
}

/// One writer: `call(i)` for i = 1, 2, … until `stop` or the server stops
/// answering; `ack` keeps what an answer acknowledged (false: not one).
fn keep_writing(
    what: &'static str,
    acks: Arc<Mutex<Acks>>,
    stop: Arc<AtomicBool>,
    call: impl Fn(u64) -> Option<(u16, String)> + Send + 'static,
    ack: impl Fn(u64, &str, &mut Acks) -> bool + Send + 'static,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        for i in 1.. {
            if stop.load(Ordering::SeqCst) {
                return;
            }
            let Some((status, reply)) = call(i) else { return };
            let mut acks = acks.lock().unwrap();
            if status >= 500 {
                acks.server_errors.push(format!("{what} {status} {reply}"));
            } else if status != 200 || !ack(i, &reply, &mut acks) {
                acks.other(what, status, &reply);
            }
        }
    })
}

/// Writers that go on until `stop` (or the server stops answering): two
/// tablets syncing notes, a resident signing up, a writer saving reports.
fn run_load(port: u16, load: &Arc<Load>, round: &str, acks: &Arc<Mutex<Acks>>, stop: &Arc<AtomicBool>) -> Vec<std::thread::JoinHandle<()>> {
    let mut threads = Vec::new();
    for tablet in 0..2 {
        // each tablet of each round is a device of its own, numbering from 1
        let (load, device) = (load.clone(), format!("tablet-{round}-{tablet}"));
        let id = { let round = round.to_string(); move |i: u64| format!("crash-{round}-{tablet}-{i:06}") };
        let note_id = id.clone();
        threads.push(keep_writing(
            "sync",
            acks.clone(),
            stop.clone(),
            move |i| {
                let body = batch(&device, vec![note(&note_id(i), load.case_id, i as i64, &note_id(i))]);
                http(port, "POST", "/api/casework/sync", &body, "application/json", Some(&load.worker))
            },
            move |i, reply, acks| reply.contains("\"applied\"") && { acks.notes.push(id(i)); true },
        ));
    }
    let (signup, name) = (load.clone(), { let round = round.to_string(); move |i: u64| format!("耐久{round}-{i}") });
    let signup_name = name.clone();
    threads.push(keep_writing(
        "sign-up",
        acks.clone(),
        stop.clone(),
        move |i| {
            let body = format!(
                "event_id={}&form%5Bname%5D={}&form%5Bcontact%5D=090-1234-5678&form%5Bpeople%5D=1&form%5Bnote%5D=&form%5Bconsent%5D=true&website=",
                signup.event_id,
                enc(&signup_name(i))
            );
            http(port, "POST", "/api/events/sign-up", &body, "application/x-www-form-urlencoded", None)
        },
        move |i, reply, acks| reply.contains("Confirmed") && { acks.signups.push(name(i)); true },
    ));
    let (writer, round) = (load.clone(), round.to_string());
    threads.push(keep_writing(
        "report",
        acks.clone(),
        stop.clone(),
        move |i| {
            let title = format!("耐久レポート {round}-{i}");
            let body = format!("form%5Btitle%5D={}&form%5Blead%5D={}&form%5Bbody%5D={}&version=0", enc(&title), enc("みんなで作る夕ごはん"), enc("本文です。"));
            http(port, "POST", "/api/reports/save", &body, "application/x-www-form-urlencoded", Some(&writer.writer))
        },
        |_, reply, acks| match serde_json::from_str::<serde_json::Value>(reply).ok().and_then(|v| v["Saved"]["id"].as_i64()) {
            Some(id) => {
                acks.reports.push(id);
                true
            }
            None => false,
        },
    ));
    threads
}

/// Every acknowledged write is in the database; SQLite's file is sound.
async fn check_all_there(url: &str, acks: &Acks) {
    let db = tsunagu_app::db::Db::connect(url).await.unwrap();
    let notes: HashSet<String> = sqlx::query_scalar("SELECT client_id FROM sync_items").fetch_all(db.pool()).await.unwrap().into_iter().collect();
    let bodies: HashSet<String> = sqlx::query_scalar("SELECT body FROM case_notes").fetch_all(db.pool()).await.unwrap().into_iter().collect();
    let lost: Vec<&String> = acks.notes.iter().filter(|n| !notes.contains(*n) || !bodies.contains(*n)).collect();
    assert!(lost.is_empty(), "{url}: {} of {} acknowledged notes lost: {lost:?}", lost.len(), acks.notes.len());
    let names: HashSet<String> = sqlx::query_scalar("SELECT name FROM event_signups").fetch_all(db.pool()).await.unwrap().into_iter().collect();
    let lost: Vec<&String> = acks.signups.iter().filter(|n| !names.contains(*n)).collect();
    assert!(lost.is_empty(), "{url}: acknowledged sign-ups lost: {lost:?}");
    let reports: HashSet<i64> = sqlx::query_scalar("SELECT id FROM reports").fetch_all(db.pool()).await.unwrap().into_iter().collect();
    let lost: Vec<&i64> = acks.reports.iter().filter(|n| !reports.contains(*n)).collect();
    assert!(lost.is_empty(), "{url}: acknowledged report saves lost: {lost:?}");
    if db.backend() == tsunagu_app::db::Backend::Sqlite {
        let verdict: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(db.pool()).await.unwrap();
        assert_eq!(verdict, "ok");
    }
    db.close().await;
}

/// The town, a case for the link worker and an event with room for all.
async fn prepare(url: &str) -> Arc<Load> {
    let s = common::site_on(url, &[]).await;
    let case_id = referred_and_assigned(&s, "耐久 テスト").await;
    let worker = common::sign_in(&s.app, "linkworker@midorino.example.jp").await;
    let writer = common::sign_in(&s.app, "writer@midorino.example.jp").await;
    let now = tsunagu_app::events::db::time_to_db(tsunagu_app::calendar::now_tokyo());
    let event_id: i64 = sqlx::query_scalar(
        "SELECT MIN(id) FROM events WHERE apply_method = 'portal' AND status = 'scheduled' AND starts_at > $1 AND (apply_deadline IS NULL OR apply_deadline > $1)",
    )
    .bind(&now)
    .fetch_one(s.db.pool())
    .await
    .unwrap();
    sqlx::query("UPDATE events SET capacity = 1000000 WHERE id = $1").bind(event_id).execute(s.db.pool()).await.unwrap();
    s.db.close().await;
    Arc::new(Load { worker, writer, case_id, event_id })
}

fn site_root() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("BUILD_ID"), "crash1").unwrap();
    site
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

/// Start the server on `url`, put it under load until `ready` says so,
/// then `end` it (kill or terminate) and wait for the writers; its exit.
fn under_load(url: &str, site: &std::path::Path, load: &Arc<Load>, round: &str, acks: &Arc<Mutex<Acks>>, ready: impl Fn(&Acks, Duration) -> bool, end: impl FnOnce(&mut Child)) -> std::process::ExitStatus {
    let mut server = start(url, site);
    let stop = Arc::new(AtomicBool::new(false));
    let threads = run_load(server.port, load, round, acks, &stop);
    let started = Instant::now();
    while !ready(&acks.lock().unwrap(), started.elapsed()) {
        std::thread::sleep(Duration::from_millis(20));
        assert!(started.elapsed() < Duration::from_secs(120), "no load reached the server: {:?}", acks.lock().unwrap().others);
    }
    end(&mut server.child);
    let exit = server.child.wait().unwrap();
    stop.store(true, Ordering::SeqCst);
    for th in threads {
        th.join().unwrap();
    }
    exit
}

#[test]
fn acknowledged_writes_survive_kill_9_three_times() {
    let rt = runtime();
    for t in rt.block_on(common::all_backends()) {
        let (load, site) = (rt.block_on(prepare(&t.url)), site_root());
        let acks = Arc::new(Mutex::new(Acks::default()));
        for (round, after_ms) in ["a", "bb", "ccc"].into_iter().zip([700u64, 1300, 400]) {
            // let the load build up; then SIGKILL, whatever is in flight
            let ready = |a: &Acks, t: Duration| t >= Duration::from_millis(after_ms) && a.notes.len() >= 10;
            under_load(&t.url, site.path(), &load, round, &acks, ready, |child| child.kill().unwrap());
        }
        let acks = acks.lock().unwrap();
        assert!(acks.server_errors.is_empty(), "{:?}", acks.server_errors);
        assert!(!acks.signups.is_empty() && !acks.reports.is_empty(), "every kind of write was acknowledged at least once");
        rt.block_on(check_all_there(&t.url, &acks));
        eprintln!("kill -9 ×3 on {}: {} notes, {} sign-ups, {} report saves acknowledged, none lost", t.url, acks.notes.len(), acks.signups.len(), acks.reports.len());
        rt.block_on(t.drop_db());
    }
}

#[test]
fn sigterm_under_write_load_finishes_what_it_started() {
    let rt = runtime();
    for t in rt.block_on(common::all_backends()) {
        let (load, site) = (rt.block_on(prepare(&t.url)), site_root());
        let acks = Arc::new(Mutex::new(Acks::default()));
        let term = |child: &mut Child| assert!(Command::new("kill").arg("-TERM").arg(child.id().to_string()).status().unwrap().success());
        let exit = under_load(&t.url, site.path(), &load, "term", &acks, |a, _| a.notes.len() >= 20, term);
        assert!(exit.success(), "a graceful stop exits 0: {exit:?}");
        let acks = acks.lock().unwrap();
        assert!(acks.server_errors.is_empty(), "5xx while stopping: {:?}", acks.server_errors);
        rt.block_on(check_all_there(&t.url, &acks));
        rt.block_on(t.drop_db());
    }
}
