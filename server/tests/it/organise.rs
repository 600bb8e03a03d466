//! The organiser's side of taking part, on SQLite and PostgreSQL: who may
//! run a session's check-in (its organisers and city staff, nobody else),
//! ticking a member on the list, scanning a member's card (a replaced card
//! stops working), and the organiser's volunteer points once per session.
use crate::common::{self, request, sign_in};
use tsunagu_app::attendance::codes::Signer;
use tsunagu_app::attendance::session::SessionRef;
use tsunagu_app::calendar::today_tokyo;
use tsunagu_app::db::Db;

const RESIDENT: &str = "resident@midorino.example.jp";
const WRITER: &str = "writer@midorino.example.jp";
const STAFF: &str = "staff@midorino.example.jp";

async fn user_id(db: &Db, email: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email).fetch_one(db.pool()).await.unwrap()
}

async fn count(db: &Db, sql: &str, a: i64, b: i64) -> i64 {
    sqlx::query_scalar(sql).bind(a).bind(b).fetch_one(db.pool()).await.unwrap()
}

/// The demo resident's first activity (they took part in it before), held today.
async fn members_activity_today(db: &Db) -> (i64, String) {
    let me = user_id(db, RESIDENT).await;
    let id: i64 = sqlx::query_scalar("SELECT MIN(activity_id) FROM checkins WHERE user_id = $1").bind(me).fetch_one(db.pool()).await.unwrap();
    let today = today_tokyo();
    common::activity_session(db, id, today).await;
    (id, SessionRef::Activity { id, on: today }.key())
}

#[tokio::test]
async fn organisers_run_their_sessions_and_nobody_else_does() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let d = &s.db;
        let (activity, key) = members_activity_today(d).await;
        let (me, writer) = (user_id(d, RESIDENT).await, user_id(d, WRITER).await);
        let staff = sign_in(&s.app, STAFF).await;
        let writer_cookie = sign_in(&s.app, WRITER).await;
        let resident = sign_in(&s.app, RESIDENT).await;
        // not an organiser: no sheet, no ticking
        let (status, _, _) = request(&s.app, "/api/attendance/sheet", Some(&format!("key={key}")), Some(&writer_cookie)).await;
        assert_eq!(status, 403);
        request(&s.app, "/api/attendance/record", Some(&format!("key={key}&user_id={me}")), Some(&writer_cookie)).await;
        assert_eq!(count(d, "SELECT COUNT(*) FROM checkins WHERE user_id = $1 AND recorded_by = $2", me, writer).await, 0);
        // staff name the writer an organiser (by mail address); an unknown address changes nothing
        let (_, headers, _) = request(&s.app, "/api/staff/organisers/set", Some(&format!("activity_id={activity}&email=nobody%40example.jp&remove=false")), Some(&staff)).await;
        assert!(headers.get("location").is_some_and(|l| l.to_str().unwrap().contains("missing")));
        request(&s.app, "/api/staff/organisers/set", Some(&format!("activity_id={activity}&email={}&remove=false", WRITER.replace('@', "%40"))), Some(&staff)).await;
        // a resident is not staff: cannot name organisers
        let (status, _, _) = request(&s.app, "/api/staff/organisers/set", Some(&format!("activity_id={activity}&email={}&remove=false", RESIDENT.replace('@', "%40"))), Some(&resident)).await;
        assert_eq!(status, 403);
        assert_eq!(count(d, "SELECT COUNT(*) FROM activity_organisers WHERE activity_id = $1 AND user_id = $2", activity, me).await, 0);
        // the organiser's sheet: the QR code and the member list with the resident
        let (status, _, page) = request(&s.app, &format!("/organise/session/{key}"), None, Some(&writer_cookie)).await;
        assert_eq!(status, 200);
        assert!(page.contains("<svg") && page.contains("/checkin/") && page.contains("data-testid=\"mark-here\""), "{page}");
        // ticking the member twice: one check-in; the organiser's volunteer points once
        for _ in 0..2 {
            request(&s.app, "/api/attendance/record", Some(&format!("key={key}&user_id={me}")), Some(&writer_cookie)).await;
        }
        assert_eq!(count(d, "SELECT COUNT(*) FROM checkins WHERE user_id = $1 AND recorded_by = $2", me, writer).await, 1);
        let volunteer: Vec<i64> = sqlx::query_scalar("SELECT points FROM points_ledger WHERE user_id = $1 AND reason = 'volunteer'").bind(writer).fetch_all(d.pool()).await.unwrap();
        assert_eq!(volunteer, vec![30]);
        // someone who never took part in the activity cannot be ticked onto it
        let stranger = user_id(d, "clinic@midorino.example.jp").await;
        let (status, _, _) = request(&s.app, "/api/attendance/record", Some(&format!("key={key}&user_id={stranger}")), Some(&writer_cookie)).await;
        assert_eq!(status, 403);
        assert_eq!(count(d, "SELECT COUNT(*) FROM checkins WHERE user_id = $1 AND activity_id = $2", stranger, activity).await, 0);
        // staff may run any session
        let (status, _, _) = request(&s.app, &format!("/organise/session/{key}"), None, Some(&staff)).await;
        assert_eq!(status, 200);
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn a_members_card_checks_them_in_until_it_is_replaced() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let d = &s.db;
        let (activity, key) = members_activity_today(d).await;
        let (me, writer) = (user_id(d, RESIDENT).await, user_id(d, WRITER).await);
        sqlx::query("INSERT INTO activity_organisers (activity_id, user_id, added_at) VALUES ($1, $2, '2026-01-01T00:00:00Z')").bind(activity).bind(writer).execute(d.pool()).await.unwrap();
        let organiser = sign_in(&s.app, WRITER).await;
        // the organiser prints the member's card
        let (status, _, page) = request(&s.app, &format!("/organise/card/{me}"), None, Some(&organiser)).await;
        assert_eq!(status, 200);
        assert!(page.contains("data-testid=\"member-card\"") && page.contains("<svg"), "{page}");
        let signer = Signer::new(tsunagu_app::db::secrets::key(d, "checkin").await.unwrap());
        let card = signer.card_code(me, 1);
        // scanning it on the organiser's tablet offers today's session
        let (_, _, page) = request(&s.app, &format!("/checkin/card/{card}"), None, Some(&organiser)).await;
        assert!(page.contains("data-testid=\"card-record\""), "{page}");
        request(&s.app, "/api/attendance/record-card", Some(&format!("code={card}&key={key}")), Some(&organiser)).await;
        assert_eq!(count(d, "SELECT COUNT(*) FROM checkins WHERE user_id = $1 AND via = 'card' AND recorded_by = $2", me, writer).await, 1);
        let (_, _, page) = request(&s.app, &format!("/checkin/card/{card}"), None, Some(&organiser)).await;
        assert!(page.contains("data-testid=\"card-recorded\""), "{page}");
        // a lost card replaced: the old one no longer works
        request(&s.app, "/api/attendance/reissue-card", Some(&format!("user_id={me}")), Some(&organiser)).await;
        let (_, _, page) = request(&s.app, &format!("/checkin/card/{card}"), None, Some(&organiser)).await;
        assert!(page.contains("data-testid=\"card-unknown\""), "{page}");
        assert!(!page.contains("card-record"));
        // another organiser's tablet (not of this activity) cannot print this member's card
        let other = sign_in(&s.app, "editor@midorino.example.jp").await;
        let (status, _, _) = request(&s.app, "/api/attendance/member-card", Some(&format!("user_id={me}")), Some(&other)).await;
        assert_eq!(status, 403);
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn an_organiser_adds_a_member_by_mail_or_by_name_with_consent() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let d = &s.db;
        let (activity, key) = members_activity_today(d).await;
        let writer = user_id(d, WRITER).await;
        sqlx::query("INSERT INTO activity_organisers (activity_id, user_id, added_at) VALUES ($1, $2, '2026-01-01T00:00:00Z')").bind(activity).bind(writer).execute(d.pool()).await.unwrap();
        let organiser = sign_in(&s.app, WRITER).await;
        let users_before = count(d, "SELECT COUNT(*) FROM users WHERE id > $1 AND id > $2", 0, 0).await;
        let add = |body: String| {
            let (app, cookie) = (s.app.clone(), organiser.clone());
            async move { request(&app, "/api/attendance/add-member", Some(&body), Some(&cookie)).await }
        };
        // someone with an account who never came: found by mail, recorded at this session
        let clinic = user_id(d, "clinic@midorino.example.jp").await;
        let (_, headers, _) = add(format!("key={key}&form%5Bemail%5D={}", "Clinic%40Midorino.example.jp")).await;
        assert!(headers.get("location").is_none_or(|l| l.to_str().unwrap().contains("member=added")), "{headers:?}");
        assert_eq!(count(d, "SELECT COUNT(*) FROM checkins WHERE user_id = $1 AND activity_id = $2", clinic, activity).await, 1);
        // an address without an account, a name without consent, nothing: said, nothing written
        let (_, headers, _) = add(format!("key={key}&form%5Bemail%5D=nobody%40example.jp")).await;
        assert!(headers.get("location").is_none_or(|l| l.to_str().unwrap().contains("member=unknown")), "{headers:?}");
        for body in [format!("key={key}&form%5Bname%5D=%E5%B1%B1%E7%94%B0"), format!("key={key}&form%5Bname%5D=&form%5Bconsent%5D=true")] {
            let (_, headers, _) = add(body).await;
            assert!(headers.get("location").is_none_or(|l| l.to_str().unwrap().contains("invalid=")), "{headers:?}");
        }
        assert_eq!(count(d, "SELECT COUNT(*) FROM users WHERE id > $1 AND id > $2", 0, 0).await, users_before, "nobody made");
        let (_, _, page) = request(&s.app, &format!("/organise/session/{key}?invalid=consent"), None, Some(&organiser)).await;
        assert!(page.contains("data-testid=\"invalid-consent\""), "{page}");
        // someone without a smartphone or mail: by name, with their agreement
        let name = "山田 ハル";
        let (_, headers, _) = add(format!("key={key}&form%5Bname%5D={}&form%5Bconsent%5D=true", tsunagu_app::activities::query::encode(name))).await;
        let (member, email): (i64, String) = sqlx::query_as("SELECT id, email FROM users WHERE display_name = $1").bind(name).fetch_one(d.pool()).await.unwrap();
        assert!(headers.get("location").is_none_or(|l| l.to_str().unwrap() == format!("/organise/card/{member}?new=1")), "{headers:?}");
        assert!(email.ends_with(".invalid"), "no mail reaches a card member: {email}");
        let (by, consent): (Option<i64>, String) = sqlx::query_as("SELECT added_by, consent_at FROM card_members WHERE user_id = $1").bind(member).fetch_one(d.pool()).await.unwrap();
        assert_eq!(by, Some(writer));
        assert!(!consent.is_empty());
        assert_eq!(count(d, "SELECT COUNT(*) FROM checkins WHERE user_id = $1 AND session_key <> '' AND activity_id = $2", member, activity).await, 1);
        // nobody can sign in to it
        let body = format!("email={}&password={}&next=", tsunagu_app::activities::query::encode(&email), tsunagu_app::accounts::session::DEFAULT_DEMO_PASSWORD);
        let (_, headers, _) = request(&s.app, "/api/accounts/login", Some(&body), None).await;
        assert!(common::session_cookie(&headers).is_none(), "a card member cannot sign in");
        // on the list, marked as a card member; the card prints and its scan works next time
        let (_, _, page) = request(&s.app, &format!("/organise/session/{key}"), None, Some(&organiser)).await;
        assert!(page.contains(name) && page.contains("data-testid=\"card-member\""), "{page}");
        let (status, _, page) = request(&s.app, &format!("/organise/card/{member}?new=1"), None, Some(&organiser)).await;
        assert_eq!(status, 200);
        assert!(page.contains("data-testid=\"card-new\"") && page.contains(name) && page.contains("<svg"), "{page}");
        // the card member earned the points of taking part (staff can exchange them at the counter)
        let points = tsunagu_app::points::ledger::balance(d.pool(), member).await.unwrap();
        assert!(points > 0, "{points}");
        // someone who does not run this activity cannot add members
        let other = sign_in(&s.app, "editor@midorino.example.jp").await;
        let (status, _, _) = request(&s.app, "/api/attendance/add-member", Some(&format!("key={key}&form%5Bname%5D=x&form%5Bconsent%5D=true")), Some(&other)).await;
        assert_eq!(status, 403);
        drop(s);
        db.drop_db().await;
    }
}
