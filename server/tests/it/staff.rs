//! Staff editing over HTTP (the real router and server functions): sign-in,
//! role checks, a rejected save changes nothing, a good save is recorded,
//! problem reports reach the queue, cross-site writes are refused.
use crate::common;

use axum::body::Body;
use axum::Router;
use http::{Request, StatusCode};
use tower::ServiceExt;


async fn site() -> common::Site {
    common::site(&[]).await
}

async fn post(app: &Router, path: &str, body: &str, cookie: Option<&str>, origin: Option<&str>) -> (StatusCode, http::HeaderMap, String) {
    let mut req = Request::post(path)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .header("host", "127.0.0.1:3000");
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    // a browser on our own pages says so (the CSRF guard wants proof when a
    // session cookie rides along); tests of cross-site posts pass an origin
    match origin {
        Some(o) => req = req.header("origin", o),
        None => req = req.header("sec-fetch-site", "same-origin"),
    }
    let res = app.clone().oneshot(req.body(Body::from(body.to_string())).unwrap()).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
    (status, headers, String::from_utf8_lossy(&bytes).into_owned())
}

fn enc(s: &str) -> String {
    tsunagu_app::activities::query::encode(s)
}

async fn login(app: &Router) -> String {
    let body = format!(
        "email={}&password={}&next=%2Fstaff",
        enc(tsunagu_app::accounts::session::DEMO_STAFF_EMAIL),
        enc(tsunagu_app::accounts::session::DEFAULT_DEMO_PASSWORD)
    );
    let (status, headers, text) = post(app, "/api/accounts/login", &body, None, None).await;
    assert!(status.is_success() || status.is_redirection(), "{status} {text}");
    let cookie = headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("tsunagu_session="))
        .expect("session cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    cookie.split(';').next().unwrap().to_string()
}

fn form_body(id: i64, form: &tsunagu_app::activities::model::ActivityForm) -> String {
    let v = serde_json::to_value(form).unwrap();
    let mut parts = vec![format!("id={id}")];
    for (k, val) in v.as_object().unwrap() {
        match val {
            serde_json::Value::Bool(true) => parts.push(format!("form[{k}]=true")),
            serde_json::Value::Bool(false) => {}
            serde_json::Value::String(s) => parts.push(format!("form[{k}]={}", enc(s))),
            _ => {}
        }
    }
    parts.join("&").replace('[', "%5B").replace(']', "%5D")
}

async fn first_activity(db: &tsunagu_app::db::Db) -> (i64, tsunagu_app::activities::model::ActivityForm) {
    let id: i64 = sqlx::query_scalar("SELECT MIN(id) FROM activities").fetch_one(db.pool()).await.unwrap();
    let data = tsunagu_app::staff::ssr::load(db, id).await.unwrap();
    (id, data.form)
}

#[tokio::test]
async fn wrong_password_gets_no_session() {
    let s = site().await;
    let (status, headers, _) = post(&s.app, "/api/accounts/login", "email=staff%40midorino.example.jp&password=nope&next=", None, None).await;
    assert!(!status.is_success() || headers.get("set-cookie").is_none());
    assert!(headers.get_all("set-cookie").iter().all(|c| !c.to_str().unwrap().starts_with("tsunagu_session=")));
}

#[tokio::test]
async fn staff_actions_need_a_staff_session() {
    let s = site().await;
    let (id, form) = first_activity(&s.db).await;
    for (path, body) in [
        ("/api/staff/overview", String::new()),
        ("/api/staff/load-activity", format!("id={id}")),
        ("/api/staff/save-activity", form_body(id, &form)),
        ("/api/staff/quick-action", format!("id={id}&action=end")),
        ("/api/staff/resolve-report", "id=1&resolution=".to_string()),
    ] {
        let (status, _, text) = post(&s.app, path, &body, None, None).await;
        assert!(!status.is_success(), "{path} without a session: {status}");
        assert!(text.contains("SignInRequired"), "{path}: {text}");
        let (status, _, _) = post(&s.app, path, &body, Some("tsunagu_session=forged"), None).await;
        assert!(!status.is_success(), "{path} with a forged session");
    }
    let status: String = sqlx::query_scalar("SELECT status FROM activities WHERE id = $1").bind(id).fetch_one(s.db.pool()).await.unwrap();
    assert_eq!(status, "active", "nothing changed");
}

#[tokio::test]
async fn an_invalid_save_changes_nothing_and_a_valid_one_is_recorded() {
    let s = site().await;
    let cookie = login(&s.app).await;
    let (id, form) = first_activity(&s.db).await;
    let revisions = |db: tsunagu_app::db::Db| async move {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM activity_revisions WHERE activity_id = $1")
            .bind(id)
            .fetch_one(db.pool())
            .await
            .unwrap()
    };
    let before = revisions(s.db.clone()).await;

    let mut bad = form.clone();
    bad.name = "名前を変えたい".into();
    bad.schedules = "weekly:MO 25:00-26:00".into();
    let (status, _, text) = post(&s.app, "/api/staff/save-activity", &form_body(id, &bad), Some(&cookie), None).await;
    assert!(status.is_success(), "{status} {text}");
    assert!(text.contains("Invalid") && text.contains("schedules"), "{text}");
    let name: String = sqlx::query_scalar("SELECT name FROM activities WHERE id = $1").bind(id).fetch_one(s.db.pool()).await.unwrap();
    assert_eq!(name, form.name, "rejected save changed nothing");
    assert_eq!(revisions(s.db.clone()).await, before);

    let mut good = form.clone();
    good.name = "ラジオ体操の会（改）".into();
    let (status, _, text) = post(&s.app, "/api/staff/save-activity", &form_body(id, &good), Some(&cookie), None).await;
    assert!(status.is_success() && text.contains("Saved"), "{status} {text}");
    let name: String = sqlx::query_scalar("SELECT name FROM activities WHERE id = $1").bind(id).fetch_one(s.db.pool()).await.unwrap();
    assert_eq!(name, "ラジオ体操の会（改）");
    assert_eq!(revisions(s.db.clone()).await, before + 1);
    let who: String = sqlx::query_scalar("SELECT changed_by FROM activity_revisions WHERE activity_id = $1 ORDER BY id DESC LIMIT 1")
        .bind(id)
        .fetch_one(s.db.pool())
        .await
        .unwrap();
    assert!(who.contains("デモ"), "who changed it: {who}");

    // quick action: mark verified today
    let (status, _, text) = post(&s.app, "/api/staff/quick-action", &format!("id={id}&action=verified"), Some(&cookie), None).await;
    assert!(status.is_success() && text.contains("Saved"), "{text}");
    let verified: String = sqlx::query_scalar("SELECT last_verified FROM activities WHERE id = $1").bind(id).fetch_one(s.db.pool()).await.unwrap();
    assert_eq!(verified, tsunagu_app::calendar::today_tokyo().to_string());
}

#[tokio::test]
async fn problem_reports_reach_the_queue_and_can_be_resolved() {
    let s = site().await;
    let (id, _) = first_activity(&s.db).await;
    let (status, _, text) = post(&s.app, "/api/activities/report-problem", &format!("activity_id={id}&kind=time&note={}&website=", enc("時間が変わりました")), None, None).await;
    assert!(status.is_success(), "{status} {text}");
    // the honeypot: accepted, not stored
    post(&s.app, "/api/activities/report-problem", &format!("activity_id={id}&kind=time&note=spam&website=http%3A%2F%2Fspam"), None, None).await;
    let (status, _, _) = post(&s.app, "/api/activities/report-problem", &format!("activity_id={id}&kind=weird&note=&website="), None, None).await;
    assert!(!status.is_success(), "unknown kind refused");

    let reports = tsunagu_app::staff::ssr::open_reports(&s.db).await.unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].note, "時間が変わりました");

    let cookie = login(&s.app).await;
    let (status, _, _) = post(&s.app, "/api/staff/resolve-report", &format!("id={}&resolution={}", reports[0].id, enc("修正済み")), Some(&cookie), None).await;
    assert!(status.is_success());
    assert!(tsunagu_app::staff::ssr::open_reports(&s.db).await.unwrap().is_empty());
}

#[tokio::test]
async fn cross_site_writes_are_refused() {
    let s = site().await;
    let cookie = login(&s.app).await;
    let (id, _) = first_activity(&s.db).await;
    let (status, _, _) = post(&s.app, "/api/staff/quick-action", &format!("id={id}&action=end"), Some(&cookie), Some("https://evil.example")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let status_now: String = sqlx::query_scalar("SELECT status FROM activities WHERE id = $1").bind(id).fetch_one(s.db.pool()).await.unwrap();
    assert_eq!(status_now, "active");
    let (status, _, _) = post(&s.app, "/api/staff/quick-action", &format!("id={id}&action=verified"), Some(&cookie), Some("http://127.0.0.1:3000")).await;
    assert!(status.is_success(), "same origin allowed");
}

#[tokio::test]
async fn organisations_are_edited_by_staff_only_and_reindexed() {
    use tsunagu_app::activities::catalogue::Catalogue;
    use tsunagu_app::activities::query::ActivityQuery;
    let s = site().await;
    let org: (i64, String) = {
        use sqlx::Row;
        let r = sqlx::query("SELECT o.id, o.slug FROM organisations o WHERE EXISTS (SELECT 1 FROM activities a WHERE a.organisation_id = o.id AND a.status = 'active') ORDER BY o.id LIMIT 1")
            .fetch_one(s.db.pool())
            .await
            .unwrap();
        (r.try_get("id").unwrap(), r.try_get("slug").unwrap())
    };
    let body = |name: &str, email: &str| {
        format!("id={}&form%5Bslug%5D={}&form%5Bname%5D={}&form%5Bemail%5D={}", org.0, enc(&org.1), enc(name), enc(email))
    };
    let (status, _, text) = post(&s.app, "/api/staff/save-organisation", &body("どんぐりの森協議会", ""), None, None).await;
    assert!(!status.is_success() && text.contains("SignInRequired"));

    let cookie = login(&s.app).await;
    let cat = Catalogue::new();
    let q = ActivityQuery { q: "どんぐりの森協議会".into(), pages: 10, ..Default::default() };
    assert_eq!(cat.search(&s.db, &q).await.unwrap().total, 0);

    let (_, _, text) = post(&s.app, "/api/staff/save-organisation", &body("どんぐりの森協議会", "not-an-email"), Some(&cookie), None).await;
    assert!(text.contains("Invalid") && text.contains("email"), "{text}");
    let name: String = sqlx::query_scalar("SELECT name FROM organisations WHERE id = $1").bind(org.0).fetch_one(s.db.pool()).await.unwrap();
    assert_ne!(name, "どんぐりの森協議会", "rejected save changed nothing");

    let (_, _, text) = post(&s.app, "/api/staff/save-organisation", &body("どんぐりの森協議会", "himawari@example.jp"), Some(&cookie), None).await;
    assert!(text.contains("Saved"), "{text}");
    assert!(cat.search(&s.db, &q).await.unwrap().total >= 1, "activities found by the new organisation name");
    let revisions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisation_revisions WHERE organisation_id = $1")
        .bind(org.0)
        .fetch_one(s.db.pool())
        .await
        .unwrap();
    assert_eq!(revisions, 1);
}

#[tokio::test]
async fn listings_created_without_an_id_get_one_and_round_trip() {
    let s = site().await;
    let (_, mut form) = first_activity(&s.db).await;
    form.external_id.clear();
    form.name = "新しい集まり".into();
    let input = form.parse().unwrap();
    let reply = tsunagu_app::staff::ssr::save(&s.db, None, &input, "test").await.unwrap();
    let tsunagu_app::staff::SaveReply::Saved { id } = reply else { panic!("{reply:?}") };
    let ext: Option<String> = sqlx::query_scalar("SELECT external_id FROM activities WHERE id = $1").bind(id).fetch_one(s.db.pool()).await.unwrap();
    assert!(ext.as_deref().is_some_and(|e| e.starts_with("TSU-")), "{ext:?}");
    let loaded = tsunagu_app::staff::ssr::load(&s.db, id).await.unwrap();
    assert_eq!(Some(loaded.form.external_id), ext, "the form shows it too");
}
