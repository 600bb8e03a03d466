//! Events on real databases (SQLite, and PostgreSQL when reachable):
//! sign-ups cannot overbook under concurrency, bad input writes nothing,
//! cancelling frees places, activity sessions regenerate idempotently and
//! keep the past; and over HTTP: the agenda, iCalendar (parsed with an
//! iCalendar parser), Atom, the organiser's CSV behind the staff role.
use crate::common;

use axum::body::Body;
use axum::Router;
use chrono::{Days, NaiveDate};
use http::{Request, StatusCode};
use std::collections::HashSet;
use tower::ServiceExt;
use tsunagu_app::calendar::today_tokyo;
use tsunagu_app::db::{seed::seed_demo_if_empty, Db};
use tsunagu_app::events::model::{EventForm, SignupForm};
use tsunagu_app::events::{generate_occurrences, save_event, signups, SignupOutcome};

async fn open(t: &common::TestDb) -> Db {
    let db = Db::connect(&t.url).await.unwrap();
    db.migrate().await.unwrap();
    seed_demo_if_empty(&db).await.unwrap();
    db
}

fn event_form(capacity: &str, days_ahead: u64) -> EventForm {
    EventForm {
        title: "テスト講座".into(),
        kind: "lecture".into(),
        date: (today_tokyo() + Days::new(days_ahead)).to_string(),
        start_time: "10:00".into(),
        end_time: "11:30".into(),
        location_name: "中央公民館".into(),
        district: "chuo".into(),
        capacity: capacity.into(),
        apply_method: "portal".into(),
        ..Default::default()
    }
}

fn person(n: usize, people: u32) -> SignupForm {
    SignupForm {
        name: format!("参加者{n}"),
        contact: format!("0796-00-{:04}", 1000 + n),
        people: people.to_string(),
        consent: true,
        ..Default::default()
    }
}

async fn booked(db: &Db, id: i64) -> (i64, i64) {
    let b: i64 = sqlx::query_scalar("SELECT booked FROM events WHERE id = $1").bind(id).fetch_one(db.pool()).await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT CAST(COALESCE(SUM(people), 0) AS BIGINT) FROM event_signups WHERE event_id = $1 AND status = 'confirmed'")
        .bind(id)
        .fetch_one(db.pool())
        .await
        .unwrap();
    (b, n)
}

#[tokio::test]
async fn twenty_concurrent_sign_ups_for_five_places_exactly_five_succeed() {
    for t in common::all_backends().await {
        let db = open(&t).await;
        let id = save_event::save_event(&db, None, &event_form("5", 3)).await.unwrap().unwrap();
        let tasks: Vec<_> = (0..20)
            .map(|n| {
                let db = db.clone();
                tokio::spawn(async move { signups::sign_up(&db, id, &person(n, 1)).await.unwrap() })
            })
            .collect();
        let mut confirmed = 0;
        let mut full = 0;
        for task in tasks {
            match task.await.unwrap() {
                SignupOutcome::Confirmed { .. } => confirmed += 1,
                SignupOutcome::Full { remaining: 0 } => full += 1,
                other => panic!("unexpected {other:?} on {}", t.url),
            }
        }
        assert_eq!((confirmed, full), (5, 15), "{}", t.url);
        assert_eq!(booked(&db, id).await, (5, 5), "{}", t.url);

        // groups: 2 + 2 fit in 5, the third pair does not (one place left)
        let id = save_event::save_event(&db, None, &event_form("5", 4)).await.unwrap().unwrap();
        let tasks: Vec<_> = (0..6)
            .map(|n| {
                let db = db.clone();
                tokio::spawn(async move { signups::sign_up(&db, id, &person(n, 2)).await.unwrap() })
            })
            .collect();
        let mut outcomes = Vec::new();
        for task in tasks {
            outcomes.push(task.await.unwrap());
        }
        assert_eq!(outcomes.iter().filter(|o| matches!(o, SignupOutcome::Confirmed { .. })).count(), 2);
        assert!(outcomes.iter().all(|o| matches!(o, SignupOutcome::Confirmed { .. } | SignupOutcome::Full { remaining: 1 })));
        assert_eq!(booked(&db, id).await, (4, 4));
        db.close().await;
        t.drop_db().await;
    }
}

#[tokio::test]
async fn the_same_sign_up_sent_twice_takes_its_places_once() {
    for t in common::all_backends().await {
        let db = open(&t).await;
        let id = save_event::save_event(&db, None, &event_form("5", 3)).await.unwrap().unwrap();
        // a double tap: one after the other
        let SignupOutcome::Confirmed { token: first } = signups::sign_up(&db, id, &person(7, 2)).await.unwrap() else { panic!() };
        let SignupOutcome::Confirmed { token: second } = signups::sign_up(&db, id, &person(7, 2)).await.unwrap() else { panic!() };
        assert_eq!(booked(&db, id).await, (2, 2), "{}", t.url);
        assert!(signups::find(&db, &first).await.is_err(), "the dropped answer's link no longer works");
        assert!(!signups::find(&db, &second).await.unwrap().cancelled);
        // and at the same moment
        let tasks: Vec<_> = (0..2)
            .map(|_| {
                let db = db.clone();
                tokio::spawn(async move { signups::sign_up(&db, id, &person(8, 1)).await.unwrap() })
            })
            .collect();
        for task in tasks {
            assert!(matches!(task.await.unwrap(), SignupOutcome::Confirmed { .. }));
        }
        assert_eq!(booked(&db, id).await, (3, 3), "{}", t.url);
        // another person, or another number of people, is another sign-up
        assert!(matches!(signups::sign_up(&db, id, &person(9, 1)).await.unwrap(), SignupOutcome::Confirmed { .. }));
        assert!(matches!(signups::sign_up(&db, id, &person(7, 1)).await.unwrap(), SignupOutcome::Confirmed { .. }));
        assert_eq!(booked(&db, id).await, (5, 5), "{}", t.url);
        // full now; the same form again is still the first sign-up, not "full"
        assert!(matches!(signups::sign_up(&db, id, &person(9, 1)).await.unwrap(), SignupOutcome::Confirmed { .. }));
        assert_eq!(signups::sign_up(&db, id, &person(10, 1)).await.unwrap(), SignupOutcome::Full { remaining: 0 });
        assert_eq!(booked(&db, id).await, (5, 5), "{}", t.url);
        db.close().await;
        t.drop_db().await;
    }
}

#[tokio::test]
async fn bad_sign_ups_write_nothing_and_cancelling_frees_the_place() {
    for t in common::all_backends().await {
        let db = open(&t).await;
        let id = save_event::save_event(&db, None, &event_form("1", 3)).await.unwrap().unwrap();
        let bad = SignupForm { name: "".into(), contact: "どこか".into(), consent: false, ..Default::default() };
        match signups::sign_up(&db, id, &bad).await.unwrap() {
            SignupOutcome::Invalid(errors) => {
                let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
                assert_eq!(fields, ["name", "contact", "consent"]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(booked(&db, id).await, (0, 0));

        let SignupOutcome::Confirmed { token } = signups::sign_up(&db, id, &person(1, 1)).await.unwrap() else { panic!() };
        assert_eq!(signups::sign_up(&db, id, &person(2, 1)).await.unwrap(), SignupOutcome::Full { remaining: 0 });
        let view = signups::find(&db, &token).await.unwrap();
        assert!(view.can_cancel && !view.cancelled);
        signups::cancel(&db, &token).await.unwrap();
        signups::cancel(&db, &token).await.unwrap(); // twice is harmless
        assert_eq!(booked(&db, id).await, (0, 0));
        assert!(signups::find(&db, &token).await.unwrap().cancelled);
        assert!(matches!(signups::sign_up(&db, id, &person(3, 1)).await.unwrap(), SignupOutcome::Confirmed { .. }));

        // capacity cannot go below the places taken; nothing changes
        let mut smaller = event_form("0", 3);
        smaller.title = "変更".into();
        let errors = save_event::save_event(&db, Some(id), &smaller).await.unwrap().unwrap_err();
        assert_eq!(errors[0].field, "capacity");
        let title: String = sqlx::query_scalar("SELECT title FROM events WHERE id = $1").bind(id).fetch_one(db.pool()).await.unwrap();
        assert_eq!(title, "テスト講座");

        // cancelled events and past deadlines take no sign-ups
        save_event::cancel_event(&db, id, "雨天のため").await.unwrap().unwrap();
        assert_eq!(signups::sign_up(&db, id, &person(4, 1)).await.unwrap(), SignupOutcome::Closed);
        let mut closed = event_form("", 3);
        closed.apply_deadline = today_tokyo().pred_opt().unwrap().to_string();
        let late = save_event::save_event(&db, None, &closed).await.unwrap().unwrap();
        assert_eq!(signups::sign_up(&db, late, &person(5, 1)).await.unwrap(), SignupOutcome::Closed);
        db.close().await;
        t.drop_db().await;
    }
}

async fn occurrence_dates(db: &Db, activity: i64) -> Vec<(NaiveDate, String)> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT occurrence_date, status FROM events WHERE activity_id = $1 ORDER BY occurrence_date")
        .bind(activity)
        .fetch_all(db.pool())
        .await
        .unwrap();
    rows.into_iter().map(|(d, s)| (NaiveDate::parse_from_str(&d, "%Y-%m-%d").unwrap(), s)).collect()
}

#[tokio::test]
async fn activity_sessions_regenerate_idempotently_and_keep_the_past() {
    use chrono::Datelike;
    for t in common::all_backends().await {
        let db = open(&t).await;
        let today = NaiveDate::from_ymd_opt(2030, 6, 3).unwrap(); // a Monday
        let activity: i64 = sqlx::query_scalar("INSERT INTO activities (name, location_id, rev, created_at, updated_at)
                SELECT 'テストの会', location_id, 1, 'x', 'x' FROM activities LIMIT 1 RETURNING id")
            .fetch_one(db.pool())
            .await
            .unwrap();
        sqlx::query("INSERT INTO activity_schedules (activity_id, position, spec) VALUES ($1, 0, 'weekly:TU 10:00-11:00')")
            .bind(activity)
            .execute(db.pool())
            .await
            .unwrap();
        let first = generate_occurrences::set_calendar_weeks(&db, activity, 4, today).await.unwrap();
        assert_eq!(first.inserted, 4);
        let dates = occurrence_dates(&db, activity).await;
        assert!(dates.iter().all(|(d, _)| d.weekday() == chrono::Weekday::Tue));

        // again: nothing changes
        let again = generate_occurrences::sync_activity(&db, activity, today).await.unwrap();
        assert_eq!(again, generate_occurrences::SyncReport::default());
        assert_eq!(occurrence_dates(&db, activity).await, dates);

        // a week later, after moving to Thursdays: the past Tuesday stays,
        // future ones move, one with a sign-up is cancelled (people were told)
        let later = today + Days::new(7);
        let (with_signup, _) = dates[2];
        let ev: i64 = sqlx::query_scalar("SELECT id FROM events WHERE activity_id = $1 AND occurrence_date = $2")
            .bind(activity)
            .bind(with_signup.to_string())
            .fetch_one(db.pool())
            .await
            .unwrap();
        sqlx::query("UPDATE events SET apply_method = 'portal' WHERE id = $1").bind(ev).execute(db.pool()).await.unwrap();
        sqlx::query("INSERT INTO event_signups (event_id, name, contact, people, token_hash, created_at) VALUES ($1, 'a', '0796-00-0000', 1, 'h', 'x')")
            .bind(ev)
            .execute(db.pool())
            .await
            .unwrap();
        sqlx::query("UPDATE activity_schedules SET spec = 'weekly:TH 10:00-11:00' WHERE activity_id = $1").bind(activity).execute(db.pool()).await.unwrap();
        generate_occurrences::sync_activity(&db, activity, later).await.unwrap();
        let after = occurrence_dates(&db, activity).await;
        assert!(after.contains(&(dates[0].0, "scheduled".into())), "past kept: {after:?}");
        assert!(after.contains(&(with_signup, "cancelled".into())), "signed-up session cancelled: {after:?}");
        let future: Vec<_> = after.iter().filter(|(d, s)| *d >= later && s == "scheduled").collect();
        assert!(!future.is_empty() && future.iter().all(|(d, _)| d.weekday() == chrono::Weekday::Thu), "{after:?}");
        let unique: HashSet<_> = after.iter().map(|(d, _)| *d).collect();
        assert_eq!(unique.len(), after.len(), "no date twice");
        let settled = generate_occurrences::sync_activity(&db, activity, later).await.unwrap();
        assert_eq!(settled, generate_occurrences::SyncReport::default());

        // off the calendar: future sessions go, the past stays
        generate_occurrences::set_calendar_weeks(&db, activity, 0, later).await.unwrap();
        let left = occurrence_dates(&db, activity).await;
        assert!(left.iter().all(|(d, s)| *d < later || s == "cancelled"), "{left:?}");
        db.close().await;
        t.drop_db().await;
    }
}

// ---- over HTTP ---------------------------------------------------------


async fn site() -> common::Site {
    // a public site: demo mode there needs its own password
    common::site(&[("TSUNAGU_PUBLIC_URL", "https://tsunagu.example.jp"), ("TSUNAGU_DEMO_STAFF_PASSWORD", "events-test-demo")]).await
}

async fn get(app: &Router, path: &str) -> (StatusCode, http::HeaderMap, String) {
    let res = app.clone().oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let body = axum::body::to_bytes(res.into_body(), 10 << 20).await.unwrap();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn prop(props: &[ical::property::Property], name: &str) -> Option<ical::property::Property> {
    props.iter().find(|p| p.name == name).cloned()
}

#[tokio::test]
async fn icalendar_feeds_parse_and_carry_the_right_fields() {
    let s = site().await;
    let (status, headers, body) = get(&s.app, "/events.ics").await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-type"].to_str().unwrap().starts_with("text/calendar"));
    assert!(body.contains("\r\n"), "CRLF line endings");
    let cal = ical::IcalParser::new(std::io::BufReader::new(body.as_bytes())).next().unwrap().unwrap();
    assert_eq!(cal.timezones.len(), 1);
    assert_eq!(prop(&cal.timezones[0].properties, "TZID").unwrap().value.as_deref(), Some("Asia/Tokyo"));
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM events WHERE starts_at >= $1")
        .bind(format!("{}T00:00:00+09:00", today_tokyo() - Days::new(30)))
        .fetch_all(s.db.pool())
        .await
        .unwrap();
    assert_eq!(cal.events.len(), ids.len());
    let uids: HashSet<String> = cal.events.iter().map(|e| prop(&e.properties, "UID").unwrap().value.unwrap()).collect();
    assert_eq!(uids.len(), cal.events.len(), "UIDs unique");
    assert!(uids.iter().all(|u| u.starts_with("event-") && u.ends_with("@tsunagu.example.jp")));
    for e in &cal.events {
        let start = prop(&e.properties, "DTSTART").unwrap();
        let params = start.params.clone().unwrap_or_default();
        let timed = params.iter().any(|(k, v)| k == "TZID" && v == &vec!["Asia/Tokyo".to_string()]);
        let all_day = params.iter().any(|(k, v)| k == "VALUE" && v == &vec!["DATE".to_string()]);
        assert!(timed || all_day, "{start:?}");
        assert!(prop(&e.properties, "DTSTAMP").unwrap().value.unwrap().ends_with('Z'));
    }
    // the seeded cancelled event says so
    let cancelled: Vec<_> = cal.events.iter().filter(|e| prop(&e.properties, "STATUS").and_then(|p| p.value).as_deref() == Some("CANCELLED")).collect();
    assert_eq!(cancelled.len(), 1);

    // filtered (keyword + category): UIDs are the same as in the full feed
    let (_, _, body) = get(&s.app, "/events.ics?category=volunteering&q=%E8%AA%AC%E6%98%8E%E4%BC%9A").await;
    let filtered = ical::IcalParser::new(std::io::BufReader::new(body.as_bytes())).next().unwrap().unwrap();
    assert_eq!(filtered.events.len(), 1);
    assert!(uids.contains(&prop(&filtered.events[0].properties, "UID").unwrap().value.unwrap()));

    // one event as a download
    let (status, headers, body) = get(&s.app, "/events/1/calendar.ics").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-disposition"], "attachment; filename=\"event-1.ics\"");
    let one = ical::IcalParser::new(std::io::BufReader::new(body.as_bytes())).next().unwrap().unwrap();
    assert_eq!(one.events.len(), 1);
    assert_eq!(prop(&one.events[0].properties, "URL").unwrap().value.as_deref(), Some("https://tsunagu.example.jp/events/1"));
    assert_eq!(get(&s.app, "/events/99999/calendar.ics").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn pages_atom_and_the_organisers_csv() {
    let s = site().await;
    let (status, _, html) = get(&s.app, "/events?range=week").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("フレイル予防教室"), "seeded one-off events are listed");
    let (status, _, html) = get(&s.app, "/events/1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("application/ld+json") && html.contains("\"@type\":\"Event\""));
    assert!(html.contains("calendar.google.com/calendar/render"));
    assert_eq!(get(&s.app, "/events/99999").await.0, StatusCode::NOT_FOUND);

    let (status, headers, atom) = get(&s.app, "/events/feed.atom").await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-type"].to_str().unwrap().starts_with("application/atom+xml"));
    let doc = roxmltree::Document::parse(&atom).unwrap();
    let entries = doc.descendants().filter(|n| n.has_tag_name(("http://www.w3.org/2005/Atom", "entry"))).count();
    let one_offs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE activity_id IS NULL").fetch_one(s.db.pool()).await.unwrap();
    assert_eq!(entries as i64, one_offs);

    // who signed up is for staff only
    assert_eq!(get(&s.app, "/staff/events/1/signups.csv").await.0, StatusCode::UNAUTHORIZED);
}
