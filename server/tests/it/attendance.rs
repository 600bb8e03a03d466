//! Taking part (issue 20, part 1) on SQLite and PostgreSQL: checking in by a
//! session's code (the QR code's URL) records a person once per session —
//! also when the same check-in arrives many times at once — and earns the
//! city's points within their caps; a code from another session day or
//! another portal does nothing; a device without an account keeps a
//! receipt that its owner's account claims; the ledger refuses changes.
use crate::common::{self, request, sign_in};
use tsunagu_app::attendance::codes::Signer;
use tsunagu_app::attendance::session::SessionRef;
use tsunagu_app::calendar::today_tokyo;
use tsunagu_app::db::Db;

const RESIDENT: &str = "resident@midorino.example.jp";

async fn signer(db: &Db) -> Signer {
    Signer::new(tsunagu_app::db::secrets::key(db, "checkin").await.unwrap())
}

async fn user_id(db: &Db, email: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email).fetch_one(db.pool()).await.unwrap()
}

/// An activity held today.
async fn activity_today(db: &Db, nth: i64) -> i64 {
    let id: i64 = sqlx::query_scalar("SELECT id FROM activities WHERE status = 'active' ORDER BY id LIMIT 1 OFFSET $1").bind(nth).fetch_one(db.pool()).await.unwrap();
    common::activity_session(db, id, today_tokyo()).await;
    id
}

/// An event of its own today.
async fn event_today(db: &Db, title: &str) -> i64 {
    let today = today_tokyo().to_string();
    sqlx::query_scalar(
        "INSERT INTO events (kind, title, starts_at, ends_at, status, created_at, updated_at) VALUES ('lecture', $1, $2, $3, 'scheduled', $4, $4) RETURNING id",
    )
    .bind(title)
    .bind(format!("{today}T13:00:00+09:00"))
    .bind(format!("{today}T15:00:00+09:00"))
    .bind(tsunagu_app::accounts::session::now_text())
    .fetch_one(db.pool())
    .await
    .unwrap()
}

async fn post_check_in(app: &axum::Router, code: &str, cookie: Option<&str>) -> (http::StatusCode, http::HeaderMap) {
    let (status, headers, _) = request(app, "/api/attendance/check-in", Some(&format!("code={}", tsunagu_app::activities::query::encode(code))), cookie).await;
    (status, headers)
}

/// The person's ledger entries written today (the demo seed's history is older).
async fn ledger(db: &Db, user: i64) -> Vec<(String, i64)> {
    sqlx::query_as("SELECT reason, points FROM points_ledger WHERE user_id = $1 AND earned_on = $2 ORDER BY id")
        .bind(user)
        .bind(today_tokyo().to_string())
        .fetch_all(db.pool())
        .await
        .unwrap()
}

async fn balance(db: &Db, user: i64) -> i64 {
    tsunagu_app::points::ledger::balance(db.pool(), user).await.unwrap()
}

async fn count(db: &Db, sql: &str, bind: i64) -> i64 {
    sqlx::query_scalar(sql).bind(bind).fetch_one(db.pool()).await.unwrap()
}

#[tokio::test]
async fn a_check_in_counts_once_and_earns_points_within_the_caps() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let d = &s.db;
        let signer = signer(d).await;
        let me = user_id(d, RESIDENT).await;
        let cookie = sign_in(&s.app, RESIDENT).await;
        let (seeded, visits) = (balance(d, me).await, count(d, "SELECT COUNT(*) FROM checkins WHERE user_id = $1", me).await);
        let activity = activity_today(d, 5).await;
        let name: String = sqlx::query_scalar("SELECT name FROM activities WHERE id = $1").bind(activity).fetch_one(d.pool()).await.unwrap();
        let code = signer.session_code(&SessionRef::Activity { id: activity, on: today_tokyo() });
        // the page shows the session and one button
        let (status, _, page) = request(&s.app, &format!("/checkin/{code}"), None, Some(&cookie)).await;
        assert_eq!(status, 200);
        assert!(page.contains(&name) && page.contains("data-testid=\"checkin-button\""), "{page}");
        assert!(page.contains("data-testid=\"checkin-privacy\""), "what is recorded is said before the button");
        // the same check-in sent eight times at once: one row, one set of points
        let posts: Vec<_> = (0..8).map(|_| post_check_in(&s.app, &code, Some(&cookie))).collect();
        for (status, _) in futures_util::future::join_all(posts).await {
            assert!(status.is_success() || status.is_redirection(), "{status}");
        }
        assert_eq!(count(d, "SELECT COUNT(*) FROM checkins WHERE user_id = $1", me).await, visits + 1);
        assert_eq!(ledger(d, me).await, vec![("attend_activity".to_string(), 10), ("first_visit".to_string(), 20)]);
        let (_, _, page) = request(&s.app, &format!("/checkin/{code}"), None, Some(&cookie)).await;
        assert!(page.contains("data-testid=\"checkin-done\"") && page.contains(&name), "{page}");
        assert!(page.contains("data-testid=\"points-earned\"") && page.contains(">30<"), "taking part and a first visit: {page}");
        // two events the same day: the day's cap (20) leaves nothing for a third
        for title in ["講演会A", "講演会B", "講演会C"] {
            let e = event_today(d, title).await;
            post_check_in(&s.app, &signer.session_code(&SessionRef::Event { id: e }), Some(&cookie)).await;
        }
        assert_eq!(count(d, "SELECT COUNT(*) FROM checkins WHERE user_id = $1", me).await, visits + 4, "every one recorded");
        let events: Vec<i64> = ledger(d, me).await.into_iter().filter(|(r, _)| r == "attend_event").map(|(_, p)| p).collect();
        assert_eq!(events, vec![10, 10], "the third is over the day's cap");
        // the points page
        let (status, _, page) = request(&s.app, "/points", None, Some(&cookie)).await;
        assert_eq!(status, 200);
        assert_eq!(balance(d, me).await, seeded + 50);
        assert!(page.contains("data-testid=\"points-balance\"") && page.contains(&format!(">{}<", seeded + 50)), "{page}");
        assert!(page.contains("data-badge=\"first_step\"") && page.contains(&name), "{page}");
        let (_, _, page) = request(&s.app, "/points", None, None).await;
        assert!(!page.contains("points-balance"), "signed out: no points");
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn another_days_or_portals_code_records_nothing() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let d = &s.db;
        let signer = signer(d).await;
        let cookie = sign_in(&s.app, RESIDENT).await;
        let me = user_id(d, RESIDENT).await;
        let activity = activity_today(d, 6).await;
        let visits = count(d, "SELECT COUNT(*) FROM checkins WHERE user_id = $1", me).await;
        let last_week = today_tokyo() - chrono::Days::new(7);
        common::activity_session(d, activity, last_week).await;
        // a photo of last week's poster
        let old = signer.session_code(&SessionRef::Activity { id: activity, on: last_week });
        let (_, _, page) = request(&s.app, &format!("/checkin/{old}"), None, Some(&cookie)).await;
        assert!(page.contains("data-testid=\"checkin-closed\"") && !page.contains("checkin-button"), "{page}");
        post_check_in(&s.app, &old, Some(&cookie)).await;
        // another portal's code, and today's code changed by hand
        let foreign = Signer::new(b"another portal".to_vec()).session_code(&SessionRef::Activity { id: activity, on: today_tokyo() });
        let today = signer.session_code(&SessionRef::Activity { id: activity, on: today_tokyo() });
        let forged = today.replacen(&format!("a{activity}-"), &format!("a{}-", activity + 1), 1);
        for bad in [&foreign, &forged] {
            let (_, _, page) = request(&s.app, &format!("/checkin/{bad}"), None, Some(&cookie)).await;
            assert!(page.contains("data-testid=\"checkin-unknown\""), "{page}");
            let (status, _) = post_check_in(&s.app, bad, Some(&cookie)).await;
            assert_eq!(status, 404);
        }
        // a cancelled session
        sqlx::query("UPDATE events SET status = 'cancelled' WHERE activity_id = $1 AND occurrence_date = $2").bind(activity).bind(today_tokyo().to_string()).execute(d.pool()).await.unwrap();
        post_check_in(&s.app, &today, Some(&cookie)).await;
        assert_eq!(count(d, "SELECT COUNT(*) FROM checkins WHERE user_id = $1", me).await, visits);
        assert!(ledger(d, me).await.is_empty());
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn a_devices_check_in_becomes_its_owners_points() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let d = &s.db;
        let signer = signer(d).await;
        let me = user_id(d, RESIDENT).await;
        let activity = activity_today(d, 7).await;
        let seeded = balance(d, me).await;
        let code = signer.session_code(&SessionRef::Activity { id: activity, on: today_tokyo() });
        // no account: recorded without a person, a receipt in the device's cookie
        let (_, headers) = post_check_in(&s.app, &code, None).await;
        let receipt = headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("tsunagu_checkins="))
            .map(|c| c.split(';').next().unwrap().to_string())
            .expect("a receipt");
        assert_eq!(count(d, "SELECT COUNT(*) FROM checkins WHERE user_id IS NULL AND activity_id = $1", activity).await, 1);
        let (_, _, page) = request(&s.app, &format!("/checkin/{code}"), None, Some(&receipt)).await;
        assert!(page.contains("data-testid=\"checkin-on-device\""), "{page}");
        // again from the same device: still one
        post_check_in(&s.app, &code, Some(&receipt)).await;
        assert_eq!(count(d, "SELECT COUNT(*) FROM checkins WHERE activity_id = $1", activity).await, 1);
        // a forged receipt is ignored
        let forged = receipt.replace(".", ".x");
        let (_, _, page) = request(&s.app, &format!("/checkin/{code}"), None, Some(&forged)).await;
        assert!(!page.contains("checkin-on-device"));
        // signed in on that device, the points page claims it
        let session = sign_in(&s.app, RESIDENT).await;
        let both = format!("{session}; {receipt}");
        let (_, headers, page) = request(&s.app, "/points", None, Some(&both)).await;
        assert!(page.contains(&format!(">{}<", seeded + 30)), "{page}");
        assert!(headers.get_all("set-cookie").iter().any(|v| v.to_str().unwrap().starts_with("tsunagu_checkins=;")), "the receipts are spent");
        assert_eq!(count(d, "SELECT COUNT(*) FROM checkins WHERE user_id = $1 AND claimed_at IS NOT NULL", me).await, 1);
        // the same receipt a second time earns nothing more
        request(&s.app, "/points", None, Some(&both)).await;
        assert_eq!(ledger(d, me).await.len(), 2);
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn the_ledger_is_append_only_and_outlives_an_account() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let d = &s.db;
        let signer = signer(d).await;
        let cookie = sign_in(&s.app, RESIDENT).await;
        let me = user_id(d, RESIDENT).await;
        let e = event_today(d, "講演会").await;
        post_check_in(&s.app, &signer.session_code(&SessionRef::Event { id: e }), Some(&cookie)).await;
        assert_eq!(ledger(d, me).await, vec![("attend_event".to_string(), 10)]);
        for sql in ["UPDATE points_ledger SET points = 1000 WHERE user_id = $1", "UPDATE points_ledger SET user_id = user_id + 1 WHERE user_id = $1", "DELETE FROM points_ledger WHERE user_id = $1"] {
            assert!(sqlx::query(sql).bind(me).execute(d.pool()).await.is_err(), "{sql}");
        }
        assert_eq!(ledger(d, me).await, vec![("attend_event".to_string(), 10)]);
        // the account deleted: its entries and check-ins stay, without the person
        let entries = count(d, "SELECT COUNT(*) FROM points_ledger WHERE points > $1", 0).await;
        sqlx::query("DELETE FROM users WHERE id = $1").bind(me).execute(d.pool()).await.unwrap();
        assert_eq!(count(d, "SELECT COUNT(*) FROM points_ledger WHERE user_id IS NULL AND points > $1", 0).await, entries);
        assert_eq!(count(d, "SELECT COUNT(*) FROM checkins WHERE user_id IS NULL AND event_id = $1", e).await, 1);
        drop(s);
        db.drop_db().await;
    }
}
