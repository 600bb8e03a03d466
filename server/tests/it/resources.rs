//! Community resources and residents' suggestions on SQLite and PostgreSQL:
//! staff save resources (bad input changes nothing); drafts stay off the
//! public page; a suggestion (no account) lands in the moderation queue,
//! becomes a resource draft or is rejected with a reason, and its contact is
//! erased once decided; the honeypot and the rate limit keep spam out.
use crate::common;

use common::{request, sign_in};
use http::StatusCode;
use tsunagu_app::activities::query::encode;

fn form(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(k, v)| format!("form%5B{k}%5D={}", encode(v))).collect::<Vec<_>>().join("&")
}

#[tokio::test]
async fn staff_save_resources_and_drafts_stay_private() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let staff = sign_in(&s.app, "staff@midorino.example.jp").await;
        let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM resources").fetch_one(s.db.pool()).await.unwrap();

        // every problem at once, nothing written
        let bad = form(&[("name", ""), ("kind", "castle"), ("latitude", "123"), ("longitude", "134"), ("district", "chuo")]);
        let (status, _, body) = request(&s.app, "/api/staff/save-resource", Some(&bad), Some(&staff)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        let fields: Vec<&str> = v["Invalid"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
        assert!(fields.contains(&"name") && fields.contains(&"kind") && fields.contains(&"latitude"), "{fields:?}");
        // an unknown district is named too
        let unknown = form(&[("name", "喫茶テスト"), ("kind", "cafe"), ("district", "atlantis")]);
        let (_, _, body) = request(&s.app, "/api/staff/save-resource", Some(&unknown), Some(&staff)).await;
        assert!(body.contains("district"), "{body}");
        let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM resources").fetch_one(s.db.pool()).await.unwrap();
        assert_eq!(before, after);

        // a draft: staff see it, residents do not
        let good = form(&[("name", "喫茶テスト"), ("kind", "cafe"), ("district", "chuo"), ("address", "中央1-1"), ("latitude", "35.3"), ("longitude", "134.85"), ("status", "draft")]);
        let (_, _, body) = request(&s.app, "/api/staff/save-resource", Some(&good), Some(&staff)).await;
        let id = serde_json::from_str::<serde_json::Value>(&body).unwrap()["Saved"]["id"].as_i64().unwrap_or_else(|| panic!("{body}"));
        let (status, _, _) = request(&s.app, &format!("/resources/{id}"), None, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _, page) = request(&s.app, &format!("/resources/{id}"), None, Some(&staff)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("喫茶テスト"));
        // published: on the public page with its kind and small map
        let published = form(&[("name", "喫茶テスト"), ("kind", "cafe"), ("district", "chuo"), ("address", "中央1-1"), ("latitude", "35.3"), ("longitude", "134.85"), ("status", "published")]);
        let (_, _, body) = request(&s.app, "/api/staff/save-resource", Some(&format!("id={id}&{published}")), Some(&staff)).await;
        assert!(body.contains("Saved"), "{body}");
        let (status, _, page) = request(&s.app, &format!("/resources/{id}"), None, None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("喫茶テスト") && page.contains("カフェ・喫茶") && page.contains("static-map"), "kind and map on the page");
        let revisions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM resource_revisions WHERE resource_id = $1").bind(id).fetch_one(s.db.pool()).await.unwrap();
        assert_eq!(revisions, 2);
        drop(s);
        db.drop_db().await;
    }
}

fn suggestion(name: &str) -> String {
    form(&[("target", "place"), ("name", name), ("good", "毎朝だれかがいて、あいさつできる"), ("kind", "park"), ("address", "川西橋のたもと"), ("contact", "090-0000-0000")])
}

#[tokio::test]
async fn suggestions_go_through_the_queue() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        // bad input: told what to fix, nothing stored
        let bad = form(&[("name", ""), ("good", ""), ("address", "")]);
        let (status, _, body) = request(&s.app, "/api/suggestions/send", Some(&bad), None).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(body.contains("Invalid") && body.contains("\"name\"") && body.contains("\"good\"") && body.contains("\"address\""), "{body}");
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM suggestions").fetch_one(s.db.pool()).await.unwrap();
        assert_eq!(n, 0);

        // a resident (no account) sends two; a bot fills the hidden field
        for name in ["川沿いのベンチ", "古本カフェ"] {
            let (_, _, body) = request(&s.app, "/api/suggestions/send", Some(&suggestion(name)), None).await;
            assert_eq!(body, "\"Sent\"");
        }
        let bot = format!("{}&form%5Bwebsite%5D=http%3A%2F%2Fspam", suggestion("SPAM"));
        let (_, _, body) = request(&s.app, "/api/suggestions/send", Some(&bot), None).await;
        assert_eq!(body, "\"Sent\"", "the bot is not told");
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM suggestions").fetch_one(s.db.pool()).await.unwrap();
        assert_eq!(n, 2, "the bot's was not kept");

        // the queue is staff only
        let (_, _, body) = request(&s.app, "/api/staff/suggestions", Some(""), None).await;
        assert!(body.contains("SignInRequired"), "{body}");
        let staff = sign_in(&s.app, "staff@midorino.example.jp").await;
        let (_, _, body) = request(&s.app, "/api/staff/suggestions", Some(""), Some(&staff)).await;
        let queue: Vec<serde_json::Value> = serde_json::from_str(&body).unwrap();
        assert_eq!(queue.len(), 2);
        assert_eq!(queue[0]["contact"], "090-0000-0000");
        let (first, second) = (queue[0]["id"].as_i64().unwrap(), queue[1]["id"].as_i64().unwrap());

        // a rejection needs its reason
        let (_, _, body) = request(&s.app, "/api/staff/decide-suggestion", Some(&format!("id={second}&decision=reject&reason=")), Some(&staff)).await;
        assert!(body.contains("Invalid") && body.contains("reason"), "{body}");
        let (_, _, body) = request(&s.app, "/api/staff/decide-suggestion", Some(&format!("id={second}&decision=reject&reason={}", encode("店舗の営業が確認できませんでした"))), Some(&staff)).await;
        assert_eq!(body, "\"Rejected\"");
        // accepted as a place: a resource draft, not yet on the map
        let (_, _, body) = request(&s.app, "/api/staff/decide-suggestion", Some(&format!("id={first}&decision=place&reason=")), Some(&staff)).await;
        let rid = serde_json::from_str::<serde_json::Value>(&body).unwrap()["ResourceDraft"]["id"].as_i64().unwrap_or_else(|| panic!("{body}"));
        let (status, kind): (String, String) = sqlx::query_as("SELECT status, kind FROM resources WHERE id = $1").bind(rid).fetch_one(s.db.pool()).await.unwrap();
        assert_eq!((status.as_str(), kind.as_str()), ("draft", "park"));
        // decided twice: refused; contacts erased
        let (_, _, body) = request(&s.app, "/api/staff/decide-suggestion", Some(&format!("id={first}&decision=place&reason=")), Some(&staff)).await;
        assert!(body.contains("Invalid"), "{body}");
        let contacts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM suggestions WHERE contact <> ''").fetch_one(s.db.pool()).await.unwrap();
        assert_eq!(contacts, 0);
        let (_, _, body) = request(&s.app, "/api/staff/suggestions", Some(""), Some(&staff)).await;
        assert!(body.contains("店舗の営業が確認できませんでした") && body.contains("\"accepted\""), "{body}");
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn an_accepted_activity_fills_the_new_activity_form() {
    let s = common::site(&[]).await;
    let f = form(&[("target", "activity"), ("name", "朝の川べり散歩"), ("good", "誰でも参加できる"), ("latitude", "35.30"), ("longitude", "134.82")]);
    let (_, _, body) = request(&s.app, "/api/suggestions/send", Some(&f), None).await;
    assert_eq!(body, "\"Sent\"");
    let id: i64 = sqlx::query_scalar("SELECT id FROM suggestions").fetch_one(s.db.pool()).await.unwrap();
    let staff = sign_in(&s.app, "staff@midorino.example.jp").await;
    let (_, _, body) = request(&s.app, "/api/staff/decide-suggestion", Some(&format!("id={id}&decision=activity&reason=")), Some(&staff)).await;
    assert!(body.contains("ActivityDraft"), "{body}");
    let (_, _, body) = request(&s.app, "/api/staff/suggestion-activity", Some(&format!("id={id}")), Some(&staff)).await;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["name"], "朝の川べり散歩");
    assert_eq!(v["latitude"], "35.3");
    let (status, _, page) = request(&s.app, &format!("/staff/activities/new?suggestion={id}"), None, Some(&staff)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("朝の川べり散歩"), "the form is filled in");
}

#[tokio::test]
async fn one_address_cannot_flood_the_queue() {
    let s = common::site(&[]).await;
    let limit = tsunagu_app::rate_limit::Limit::Suggestion.default_max() as usize;
    let mut replies = Vec::new();
    for i in 0..limit + 2 {
        let (status, _, body) = request(&s.app, "/api/suggestions/send", Some(&suggestion(&format!("場所{i}"))), None).await;
        replies.push((status, body));
    }
    assert_eq!(replies.iter().filter(|r| r.1 == "\"Sent\"").count(), limit, "{replies:?}");
    assert_eq!(replies.iter().filter(|r| r.0 == StatusCode::TOO_MANY_REQUESTS && r.1.contains("RateLimited")).count(), 2, "{replies:?}");
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM suggestions").fetch_one(s.db.pool()).await.unwrap();
    assert_eq!(n as usize, limit);
}

async fn upload_photo(app: &axum::Router, bytes: &[u8]) -> (StatusCode, serde_json::Value) {
    common::upload(app, "/api/suggestions/photo?lang=ja", None, bytes).await
}

#[tokio::test]
async fn a_suggestion_photo_is_cleaned_and_follows_it_to_the_draft() {
    use tsunagu_app::reports::images::fixtures;
    let s = common::site(&[]).await;
    // not a picture: told so, nothing stored
    let (status, v) = upload_photo(&s.app, b"hello").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
    // a photo with GPS in its EXIF: stored without it, no owner
    let (status, v) = upload_photo(&s.app, &fixtures::with_exif(&fixtures::jpeg(800, 600), 1)).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let photo = v["id"].as_i64().unwrap();
    let stored: Vec<Vec<u8>> = sqlx::query_scalar("SELECT bytes FROM media_variants WHERE media_id = $1").bind(photo).fetch_all(s.db.pool()).await.unwrap();
    assert!(!stored.is_empty() && stored.iter().all(|b| !b.windows(8).any(|w| w == b"GPSSECRT")));
    // sent with the suggestion; accepted, the draft shows it
    let f = format!("{}&form%5Bphoto_id%5D={photo}", suggestion("写真つきの場所"));
    let (_, _, body) = request(&s.app, "/api/suggestions/send", Some(&f), None).await;
    assert_eq!(body, "\"Sent\"");
    let id: i64 = sqlx::query_scalar("SELECT id FROM suggestions WHERE photo_id = $1").bind(photo).fetch_one(s.db.pool()).await.unwrap();
    let staff = sign_in(&s.app, "staff@midorino.example.jp").await;
    // a pending suggestion's photo is for staff only
    let picture = format!("/media/{photo}/w400.jpg");
    assert_eq!(request(&s.app, &picture, None, None).await.0, StatusCode::NOT_FOUND);
    let resident = sign_in(&s.app, "resident@midorino.example.jp").await;
    assert_eq!(request(&s.app, &picture, None, Some(&resident)).await.0, StatusCode::NOT_FOUND);
    assert_eq!(request(&s.app, &picture, None, Some(&staff)).await.0, StatusCode::OK);
    let (_, _, body) = request(&s.app, "/api/staff/decide-suggestion", Some(&format!("id={id}&decision=place&reason=")), Some(&staff)).await;
    let rid = serde_json::from_str::<serde_json::Value>(&body).unwrap()["ResourceDraft"]["id"].as_i64().unwrap();
    let (_, _, page) = request(&s.app, &format!("/resources/{rid}"), None, Some(&staff)).await;
    assert!(page.contains(&format!("/media/{photo}/")), "the draft shows the photo");
    assert_eq!(request(&s.app, &picture, None, None).await.0, StatusCode::NOT_FOUND, "a draft place's photo is not public yet");
    // a writer's photo (with an owner) cannot be claimed by a suggestion
    let owned: i64 = sqlx::query_scalar("UPDATE media SET owner_id = (SELECT MIN(id) FROM users) WHERE id = $1 RETURNING id").bind(photo).fetch_one(s.db.pool()).await.unwrap();
    let f = format!("{}&form%5Bphoto_id%5D={owned}", suggestion("人の写真を使う"));
    request(&s.app, "/api/suggestions/send", Some(&f), None).await;
    let attached: Option<i64> = sqlx::query_scalar("SELECT photo_id FROM suggestions WHERE name = '人の写真を使う'").fetch_one(s.db.pool()).await.unwrap();
    assert_eq!(attached, None);
}
