//! Backup and restore (issue 18, item 7): `tsunagu backup FILE` copies a
//! SQLite database while the portal serves and writes; PostgreSQL goes
//! through `pg_dump` / `pg_restore` as the README says. Each backup is
//! restored into a fresh database and must hold the same rows and give the
//! same exports (activities CSV, HSDS services, events.ics).
use crate::common;
use std::collections::BTreeMap;
use std::process::Command;
use tsunagu_app::db::Db;

const BIN: &str = env!("CARGO_BIN_EXE_tsunagu");

/// The open-data exports a restore must reproduce byte for byte (the
/// calendar's DTSTAMP, the time it was made, aside).
async fn exports(app: &axum::Router) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for path in ["/api/activities.csv", "/api/hsds/services?per_page=200", "/events.ics"] {
        let (status, _, body) = common::request(app, path, None, None).await;
        assert_eq!(status, http::StatusCode::OK, "{path}");
        let body = body.lines().filter(|l| !l.starts_with("DTSTAMP")).collect::<Vec<_>>().join("\n");
        assert!(body.len() > 200, "{path} is nearly empty: {body}");
        out.push((path.to_string(), body));
    }
    out
}

async fn counts(db: &Db) -> BTreeMap<String, i64> {
    db.row_counts().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_backup_taken_while_writing_restores_the_same_data() {
    let t = common::sqlite();
    let url = t.url.clone();
    let s = common::site_on(&url, &[]).await;
    let source = s.db.clone();
    let (rows_before, exports_before) = (counts(&source).await, exports(&s.app).await);

    // a writer that keeps adding problem reports while the backup runs
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (db, stop) = (source.clone(), stop.clone());
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) || n < 20 {
                sqlx::query("INSERT INTO problem_reports (activity_id, kind, note, status, created_at) VALUES (1, 'other', $1, 'open', '2026-12-04T00:00:00Z')")
                    .bind(format!("writer {n}"))
                    .execute(db.pool())
                    .await
                    .unwrap();
                n += 1;
                tokio::task::yield_now().await;
            }
            n
        })
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("nightly/tsunagu-2026-12-04.db");
    let out = {
        let (url, file) = (url.clone(), file.clone());
        tokio::task::spawn_blocking(move || Command::new(BIN).arg("backup").arg(&file).env("DATABASE_URL", &url).env("RUST_LOG", "warn").output().unwrap()).await.unwrap()
    };
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let written = writer.await.unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("integrity ok"), "{said}");
    assert!(!dir.path().join("nightly/tsunagu-2026-12-04.db.partial").exists());

    // restore: the copy is the database of a fresh portal
    let restored = common::site_on(&format!("sqlite:{}", file.display()), &[]).await;
    let (rows_after, copy) = (counts(&source).await, counts(&restored.db).await);
    for (table, n) in &copy {
        if table == "problem_reports" {
            // one snapshot: some of the writer's rows, never a torn one
            let (lo, hi) = (rows_before[table], rows_after[table]);
            assert!((lo..=hi).contains(n), "problem_reports {n} not within {lo}..={hi}");
            assert_eq!(hi - lo, written as i64);
        } else {
            assert_eq!(Some(n), rows_after.get(table), "{table}");
        }
    }
    assert_eq!(copy.keys().collect::<Vec<_>>(), rows_after.keys().collect::<Vec<_>>());
    assert_eq!(exports(&restored.app).await, exports_before);

    // a second backup to the same name is refused, and nothing is touched
    let again = Command::new(BIN).arg("backup").arg(&file).env("DATABASE_URL", &url).output().unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    // no database at that URL: refused, none created
    let missing = dir.path().join("none.db");
    let out = Command::new(BIN).arg("backup").arg(dir.path().join("x.db")).env("DATABASE_URL", format!("sqlite:{}", missing.display())).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!missing.exists() && !dir.path().join("x.db").exists());
}

#[tokio::test]
async fn a_postgres_dump_restores_the_same_data() {
    let Some(source) = common::postgres().await else { return };
    let s = common::site_on(&source.url, &[]).await;
    let (rows, exported) = (counts(&s.db).await, exports(&s.app).await);
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("tsunagu.dump");
    // the README's commands
    let out = Command::new("pg_dump").args(["--format=custom", "--no-owner", "--file"]).arg(&dump).arg(&source.url).output().expect("pg_dump (postgresql-client)");
    assert!(out.status.success(), "pg_dump: {}", String::from_utf8_lossy(&out.stderr));
    let target = common::postgres().await.unwrap();
    let out = Command::new("pg_restore").args(["--no-owner", "--exit-on-error", "--dbname"]).arg(&target.url).arg(&dump).output().unwrap();
    assert!(out.status.success(), "pg_restore: {}", String::from_utf8_lossy(&out.stderr));
    let restored = common::site_on(&target.url, &[]).await;
    assert_eq!(counts(&restored.db).await, rows);
    assert_eq!(exports(&restored.app).await, exported);
    restored.db.close().await;
    s.db.close().await;
    target.drop_db().await;
    source.drop_db().await;
}
