//! The real binary: `--help`, start-up on a fresh SQLite file, `/healthz`,
//! and a graceful stop on SIGTERM (exit status 0).
use crate::common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_tsunagu");

#[test]
fn help_lists_every_setting() {
    let out = Command::new(BIN).arg("--help").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for var in [
        "DATABASE_URL",
        "LEPTOS_SITE_ADDR",
        "LEPTOS_SITE_ROOT",
        "TSUNAGU_PUBLIC_URL",
        "TSUNAGU_TILE_URL",
        "RUST_LOG",
    ] {
        assert!(text.contains(var), "--help mentions {var}");
    }
}

#[test]
fn bad_configuration_exits_with_a_clear_message() {
    let out = Command::new(BIN).env("DATABASE_URL", "mysql://x/y").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("DATABASE_URL"));
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn get(port: u16, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").ok()?;
    let mut buf = String::new();
    s.read_to_string(&mut buf).ok()?;
    Some(buf)
}

#[test]
fn starts_migrates_seeds_serves_and_stops_on_sigterm() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("BUILD_ID"), "proc1").unwrap();
    let db = common::sqlite();
    let port = free_port();
    let mut child = Command::new(BIN)
        .env("DATABASE_URL", &db.url)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_SITE_ROOT", site.path())
        .env("RUST_LOG", "warn")
        .env("TSUNAGU_DEMO_SEED", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // wait (generously) until it answers; this checks readiness, not speed
    let deadline = Instant::now() + Duration::from_secs(60);
    let health = loop {
        if let Some(r) = get(port, "/healthz") {
            break r;
        }
        assert!(Instant::now() < deadline, "server did not come up");
        assert!(child.try_wait().unwrap().is_none(), "server exited early");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.contains(r#""build":"proc1""#));
    let home = get(port, "/").unwrap();
    assert!(home.contains("奥谷"), "seeded districts rendered");

    let status = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status().unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    let exit = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "server did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(exit.success(), "graceful stop exits 0, got {exit:?}");
}

/// Demo mode with the published password on an https site: refused before
/// anything is written.
#[test]
fn demo_mode_on_a_public_site_without_its_own_password_does_not_start() {
    let db = common::sqlite();
    let out = Command::new(BIN)
        .env("DATABASE_URL", &db.url)
        .env("TSUNAGU_PUBLIC_URL", "https://tsunagu.example.jp")
        .env("TSUNAGU_DEMO_SEED", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("TSUNAGU_DEMO_STAFF_PASSWORD"));
}

/// A database that already has demo accounts with the published password
/// (a demo that became the real site) is not served on an https address.
#[test]
fn a_public_site_refuses_demo_accounts_with_the_published_password() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("BUILD_ID"), "proc2").unwrap();
    let db = common::sqlite();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let d = tsunagu_app::db::Db::connect(&db.url).await.unwrap();
        d.migrate().await.unwrap();
        tsunagu_app::db::seed::seed_demo_if_empty(&d).await.unwrap();
        d.close().await;
    });
    let out = Command::new(BIN)
        .env("DATABASE_URL", &db.url)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{}", free_port()))
        .env("LEPTOS_SITE_ROOT", site.path())
        .env("TSUNAGU_PUBLIC_URL", "https://tsunagu.example.jp")
        .env("RUST_LOG", "off")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("admin@midorino.example.jp") && err.contains("published password"), "{err}");
}
