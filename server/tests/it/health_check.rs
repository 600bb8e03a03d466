//! The self-check over HTTP: the questionnaires on offer (and a city's own
//! file replacing a shipped one), a self-referral stored with its consent
//! text, a refused one writing nothing, and suggestion candidates that carry
//! only public listing facts.
use crate::common;

use axum::body::Body;
use http::{Request, StatusCode};
use tower::ServiceExt;

async fn call(app: &axum::Router, path: &str, body: &str) -> (StatusCode, String) {
    let req = Request::post(path)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .header("host", "127.0.0.1:3000")
        .header("origin", "http://127.0.0.1:3000")
        .body(Body::from(body.to_string()))
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

/// A plain form post from a browser (it asks for a page): the redirect's
/// address.
async fn post_html(app: &axum::Router, path: &str, body: &str) -> Option<String> {
    let req = Request::post(path)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html,application/xhtml+xml")
        .header("host", "127.0.0.1:3000")
        .header("origin", "http://127.0.0.1:3000")
        .body(Body::from(body.to_string()))
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    res.headers().get("location").map(|v| v.to_str().unwrap().to_string())
}

fn enc(s: &str) -> String {
    tsunagu_app::activities::query::encode(s)
}

async fn referrals(db: &tsunagu_app::db::Db) -> Vec<(String, String, Option<String>)> {
    // the demo town's history (「デモ利用者 0001」…) is not the test's
    sqlx::query_as("SELECT name, consent_purpose, attached_result FROM referrals WHERE source = 'self' AND name NOT LIKE 'デモ利用者%' ORDER BY id")
        .fetch_all(db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn questionnaires_are_listed_and_served() {
    let s = common::site(&[]).await;
    let (status, body) = call(&s.app, "/api/health-check/list", "").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let list: serde_json::Value = serde_json::from_str(&body).unwrap();
    let ids: Vec<&str> = list.as_array().unwrap().iter().map(|q| q["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["positive-health-full", "positive-health-quick", "social-needs"]);
    let (status, body) = call(&s.app, "/api/health-check/get", "id=positive-health-quick").await;
    assert_eq!(status, StatusCode::OK);
    let q: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(q["sections"].as_array().unwrap().len(), 6);
    let (status, body) = call(&s.app, "/api/health-check/get", "id=nope").await;
    assert_eq!((status, body.as_str()), (StatusCode::NOT_FOUND, "\"NotFound\""));
}

#[tokio::test]
async fn a_city_file_replaces_a_shipped_questionnaire_and_a_broken_one_stops_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut quick: serde_json::Value =
        serde_json::from_str(include_str!("../../../app/questionnaires/positive-health-quick.json")).unwrap();
    quick["version"] = 9.into();
    quick["title"]["ja"] = "みどり野市版 かんたんチェック".into();
    std::fs::write(dir.path().join("quick.json"), quick.to_string()).unwrap();
    let path = dir.path().display().to_string();
    let s = common::site(&[("TSUNAGU_QUESTIONNAIRE_DIR", &path)]).await;
    let (_, body) = call(&s.app, "/api/health-check/get", "id=positive-health-quick").await;
    assert!(body.contains("みどり野市版"), "{body}");

    std::fs::write(dir.path().join("broken.json"), r#"{"id": "x", "version": 0}"#).unwrap();
    let t = common::sqlite();
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join("BUILD_ID"), "abc123").unwrap();
    let config = tsunagu::config::Config::from_lookup(|k| match k {
        "DATABASE_URL" => Some(t.url.clone()),
        "LEPTOS_SITE_ROOT" => Some(root.path().display().to_string()),
        "TSUNAGU_QUESTIONNAIRE_DIR" => Some(path.clone()),
        _ => None,
    })
    .unwrap();
    let db = tsunagu::open_database(&config).await.unwrap();
    let err = tsunagu::router(&config, db).err().expect("refused").to_string();
    assert!(err.contains("broken.json") && err.contains("TSUNAGU_QUESTIONNAIRE_DIR"), "{err}");
}

#[tokio::test]
async fn self_referrals_need_consent_and_keep_its_text() {
    let s = common::site(&[]).await;
    // no consent, bad contact: refused with the fields named, nothing stored
    let (status, body) = call(&s.app, "/api/health-check/self-referral", "form[name]=A&form[contact]=later").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Invalid") && body.contains("consent") && body.contains("contact"), "{body}");
    assert!(referrals(&s.db).await.is_empty());

    let form = format!(
        "form[name]={}&form[contact]=0796-00-1234&form[contact_method]=phone&form[topic]={}&form[consent]=true&form[lang]=ja",
        enc("山田 花子"),
        enc("話し相手がほしい")
    );
    let (_, body) = call(&s.app, "/api/health-check/self-referral", &form).await;
    assert_eq!(body, "\"Received\"");
    let stored = referrals(&s.db).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].0, "山田 花子");
    assert_eq!(stored[0].1, tsunagu_app::health_check::referral::CONSENT_PURPOSE_JA);
    assert_eq!(stored[0].2, None, "the result goes along only when ticked");
    let logged: (String, String) = sqlx::query_as("SELECT actor, detail FROM audit_log WHERE action = 'create' AND subject = 'referral' ORDER BY id DESC LIMIT 1")
        .fetch_one(s.db.pool())
        .await
        .unwrap();
    assert_eq!(logged, ("anonymous".to_string(), "self-referral".to_string()), "in the audit log, without the name");

    // a bot filling the hidden field is told "received" and nothing is stored
    let (_, body) = call(&s.app, "/api/health-check/self-referral", &format!("{form}&website=http://spam")).await;
    assert_eq!(body, "\"Received\"");
    assert_eq!(referrals(&s.db).await.len(), 1);
}

#[tokio::test]
async fn suggestion_candidates_carry_only_public_facts() {
    let s = common::site(&[]).await;
    let (status, body) = call(&s.app, "/api/health-check/candidates", "district=kitayama").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let list: Vec<serde_json::Value> = serde_json::from_str(&body).unwrap();
    assert!(list.len() >= 18, "some per category: {}", list.len());
    for c in &list {
        let keys: Vec<&String> = c.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["beginners_welcome", "categories", "cost_yen", "distance_m", "id", "name"]);
    }
    assert!(list.iter().all(|c| c["distance_m"].is_u64()), "distances from the district centre");
}

#[tokio::test]
async fn anonymous_statistics_keep_only_scores_band_district_and_month() {
    let s = common::site(&[]).await;
    let ok = "contribution[questionnaire_id]=positive-health-quick&contribution[version]=1&contribution[scores][0][0]=body&contribution[scores][0][1]=70&contribution[age_band]=70-79&contribution[district]=kitayama";
    // the demo town's earlier answers are there already
    let before: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM health_check_stats").fetch_one(s.db.pool()).await.unwrap();
    let (status, body) = call(&s.app, "/api/health-check/contribute", ok).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let rows: Vec<(String, Option<String>, Option<String>, String)> =
        sqlx::query_as("SELECT month, age_band, district, scores FROM health_check_stats WHERE id > $1").bind(before).fetch_all(s.db.pool()).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].0.len(), 7, "YYYY-MM only: {}", rows[0].0);
    assert_eq!((rows[0].1.as_deref(), rows[0].2.as_deref()), (Some("70-79"), Some("kitayama")));
    assert_eq!(rows[0].3, "[[\"body\",70]]");
    // a score over 10, an unknown section, an odd age band: refused, nothing stored
    for bad in [ok.replace("=70&", "=200&"), ok.replace("=body&", "=name&"), ok.replace("70-79", "75")] {
        let (status, _) = call(&s.app, "/api/health-check/contribute", &bad).await;
        assert!(!status.is_success(), "{bad}");
    }
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM health_check_stats WHERE id > $1").bind(before).fetch_one(s.db.pool()).await.unwrap();
    assert_eq!(n, 1);
}

#[tokio::test]
async fn a_city_rules_file_replaces_the_shipped_suggestions_and_a_bad_one_stops_the_start() {
    // the shipped table, as the device fetches it
    let s = common::site(&[]).await;
    let (status, body) = call(&s.app, "/api/health-check/suggestion-rules", "").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let shipped: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(shipped["dimensions"].as_array().unwrap().len(), 6);
    // the categories the rules may name are the ones the database has
    let mut slugs: Vec<String> = sqlx::query_scalar("SELECT slug FROM categories").fetch_all(s.db.pool()).await.unwrap();
    slugs.sort();
    let mut known: Vec<String> = tsunagu_app::health_check::suggest::KNOWN_CATEGORIES.iter().map(|c| c.to_string()).collect();
    known.sort();
    assert_eq!(slugs, known);
    drop(s);

    // the city's own file: a higher threshold
    let dir = tempfile::tempdir().unwrap();
    let mut mine = shipped.clone();
    mine["low_threshold"] = serde_json::json!(7.0);
    let path = dir.path().join("rules.json");
    std::fs::write(&path, mine.to_string()).unwrap();
    let s = common::site(&[("TSUNAGU_SUGGESTION_RULES", &path.display().to_string())]).await;
    let (_, body) = call(&s.app, "/api/health-check/suggestion-rules", "").await;
    let served: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(served["low_threshold"], 7.0);
    drop(s);

    // a category the portal does not have, and broken JSON: named with their place
    let mut typo = shipped.clone();
    typo["dimensions"][0]["categories"][0] = serde_json::json!("salonn");
    std::fs::write(&path, typo.to_string()).unwrap();
    let err = tsunagu::load_suggestion_rules(Some(&path)).err().expect("refused").to_string();
    assert!(err.contains("salonn") && err.contains("dimensions[0]") && err.contains("提案ルール"), "{err}");
    std::fs::write(&path, "{\n  \"version\": 1,\n  \"low_threshold\": ,\n}").unwrap();
    let err = tsunagu::load_suggestion_rules(Some(&path)).err().expect("refused").to_string();
    assert!(err.contains("rules.json") && err.contains("3 行目"), "{err}");
    assert!(tsunagu::load_suggestion_rules(Some(&dir.path().join("missing.json"))).is_err());
}

#[tokio::test]
async fn staff_read_the_contributions_in_figures_and_small_groups_stay_hidden() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let send = |score: u8, district: &str, band: &str| {
            format!("contribution[questionnaire_id]=positive-health-quick&contribution[version]=1&contribution[scores][0][0]=body&contribution[scores][0][1]={score}&contribution[scores][1][0]=mind&contribution[scores][1][1]=80&contribution[age_band]={band}&contribution[district]={district}")
        };
        for score in [40, 50, 60, 70, 80, 90] {
            let (status, body) = call(&s.app, "/api/health-check/contribute", &send(score, "kitayama", "70-79")).await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        for _ in 0..2 {
            call(&s.app, "/api/health-check/contribute", &send(10, "okutani", "80-")).await;
        }
        let staff = common::sign_in(&s.app, "staff@midorino.example.jp").await;
        let (status, _, body) = common::request(&s.app, "/api/health-check/city-statistics", Some("filter[questionnaire_id]=positive-health-quick"), Some(&staff)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["total"], 8);
        let body_stat = &v["overall"][0];
        assert_eq!(body_stat["n"], 8);
        assert!((body_stat["mean"].as_f64().unwrap() - 5.1).abs() < 0.01, "{body_stat}");
        let district = |slug: &str| v["by_district"].as_array().unwrap().iter().find(|g| g["key"] == slug).unwrap().clone();
        assert_eq!(district("kitayama")["n"], 6);
        assert!((district("kitayama")["sections"][0]["mean"].as_f64().unwrap() - 6.5).abs() < 0.01);
        assert!(district("okutani")["n"].is_null() && district("okutani")["sections"][0]["mean"].is_null(), "two people: hidden");
        // a month span with nothing in it, and a malformed month
        let (_, _, body) = common::request(&s.app, "/api/health-check/city-statistics", Some("filter[from]=2001-01&filter[to]=2001-12"), Some(&staff)).await;
        assert!(body.contains("\"total\":0"), "{body}");
        let (_, _, body) = common::request(&s.app, "/api/health-check/city-statistics", Some("filter[from]=2001-13"), Some(&staff)).await;
        assert!(body.contains("Invalid"), "{body}");
        // the page, server-rendered
        let (status, _, html) = common::request(&s.app, "/staff/statistics?q=positive-health-quick", None, Some(&staff)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("data-testid=\"stats-total\">8<") && html.contains("<svg"), "{}", &html[..html.len().min(400)]);
        // residents may not
        let resident = common::sign_in(&s.app, "resident@midorino.example.jp").await;
        let (status, _, _) = common::request(&s.app, "/staff/statistics", None, Some(&resident)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn the_result_pages_plain_forms_are_answered_with_the_result_page() {
    let s = common::site(&[]).await;
    let back = "&back=/health-check/results/1764000000000";
    // a self-referral: the fields to fix, then received
    let loc = post_html(&s.app, "/api/health-check/self-referral", &format!("form[name]=A&form[contact]=later{back}")).await;
    assert_eq!(loc.as_deref(), Some("/health-check/results/1764000000000?talk=invalid&fields=contact,consent#talk"));
    assert!(referrals(&s.db).await.is_empty());
    let form = format!("form[name]={}&form[contact]=0796-00-1234&form[consent]=true&form[lang]=ja&form[result_json]=%7B%7D", enc("山田 花子"));
    let loc = post_html(&s.app, "/api/health-check/self-referral", &format!("{form}{back}")).await;
    assert_eq!(loc.as_deref(), Some("/health-check/results/1764000000000?talk=sent#talk"));
    assert_eq!(referrals(&s.db).await.len(), 1);
    // never sent on to another site
    let loc = post_html(&s.app, "/api/health-check/self-referral", &format!("{form}&back=//evil.example/")).await;
    assert_eq!(loc.as_deref(), Some("/health-check?talk=sent"));

    // a contribution: stored, or refused with nothing stored (beside the demo town's)
    let before: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM health_check_stats").fetch_one(s.db.pool()).await.unwrap();
    let ok = "contribution[questionnaire_id]=positive-health-quick&contribution[version]=1&contribution[scores][0][0]=body&contribution[scores][0][1]=70&contribution[age_band]=&contribution[district]=";
    let loc = post_html(&s.app, "/api/health-check/contribute", &format!("{ok}{back}")).await;
    assert_eq!(loc.as_deref(), Some("/health-check/results/1764000000000?contributed=1#contribute"));
    let loc = post_html(&s.app, "/api/health-check/contribute", &format!("{}{back}", ok.replace("=70&", "=200&"))).await;
    assert_eq!(loc.as_deref(), Some("/health-check/results/1764000000000?contributed=failed#contribute"));
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM health_check_stats WHERE id > $1").bind(before).fetch_one(s.db.pool()).await.unwrap();
    assert_eq!(n, 1);

    // the result page draws what the query says, in place of the form
    let page = |q: &'static str| {
        let app = s.app.clone();
        async move {
            let req = Request::get(format!("/health-check/results/1764000000000?{q}")).header("host", "127.0.0.1:3000").body(Body::empty()).unwrap();
            let res = app.oneshot(req).await.unwrap();
            String::from_utf8(axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap().to_vec()).unwrap()
        }
    };
    let html = page("talk=sent").await;
    assert!(html.contains("data-testid=\"talk-done\"") && !html.contains("name=\"form[name]\""), "received, no second form");
    let html = page("talk=invalid&fields=contact").await;
    assert!(html.contains("field-error") && html.contains("name=\"form[name]\""));
    assert!(page("contributed=1").await.contains("data-testid=\"contribute-done\""));
    let html = page("saved=login").await;
    assert!(html.contains("/login?next=/health-check/results/1764000000000"), "sign-in offered, back to this result");
    // the names the islands need come with the page: no questionnaire is fetched
    let html = page("").await;
    assert!(html.contains("人とのつながり") && html.contains("participation"), "section names in the props");
}
