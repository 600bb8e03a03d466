//! Community reports over HTTP on SQLite and PostgreSQL: a photo upload that
//! loses its EXIF/GPS, refused uploads with a clear message, the review
//! workflow end to end (changes requested → resubmitted → published), the
//! public list / writer profile / activity page / feed, published text that
//! changes only through a new revision, hostile Markdown defused on the page,
//! and who may do what.
use crate::common;

use common::{request, sign_in};
use http::StatusCode;
use tsunagu_app::reports::images::fixtures;

fn enc(s: &str) -> String {
    tsunagu_app::activities::query::encode(s)
}

async fn upload(app: &axum::Router, cookie: &str, bytes: &[u8]) -> (StatusCode, serde_json::Value) {
    common::upload(app, "/api/reports/media?lang=ja", Some(cookie), bytes).await
}

fn form(title: &str, body: &str, extra: &str) -> String {
    format!("form%5Btitle%5D={}&form%5Blead%5D={}&form%5Bbody%5D={}{extra}", enc(title), enc("みんなで作る夕ごはん"), enc(body))
}

async fn act(app: &axum::Router, cookie: &str, id: i64, action: &str, comment: &str) -> String {
    request(app, "/api/reports/act", Some(&format!("id={id}&action={action}&comment={}", enc(comment))), Some(cookie)).await.2
}

#[tokio::test]
async fn a_report_goes_from_draft_to_published_and_changes_only_by_revision() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let writer = sign_in(&s.app, "writer@midorino.example.jp").await;
        let editor = sign_in(&s.app, "editor@midorino.example.jp").await;
        let resident = sign_in(&s.app, "resident@midorino.example.jp").await;

        // a photo straight from a phone: GPS in its EXIF
        let photo = fixtures::with_exif(&fixtures::jpeg(1600, 1200), 1);
        let (status, json) = upload(&s.app, &writer, &photo).await;
        assert_eq!(status, StatusCode::OK, "{json}");
        let media = json["id"].as_i64().unwrap();
        let stored: Vec<Vec<u8>> = sqlx::query_scalar("SELECT bytes FROM media_variants WHERE media_id = $1").bind(media).fetch_all(s.db.pool()).await.unwrap();
        assert_eq!(stored.len(), 3, "320, 640 and 1280 wide");
        assert!(stored.iter().all(|b| !b.windows(4).any(|w| w == b"Exif") && !b.windows(8).any(|w| w == b"GPSSECRT")));
        assert!(media >= 1 << 32, "a drawn id, not the next number: {media}");
        // a picture of nothing published yet: its uploader only
        let picture = format!("/media/{media}/w640.jpg");
        let (status, headers, _) = request(&s.app, &picture, None, Some(&writer)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["cache-control"], "private, no-store");
        for who in [None, Some(resident.as_str()), Some(editor.as_str())] {
            let (status, _, _) = request(&s.app, &picture, None, who).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{who:?}");
        }
        // not a picture / too large / not a writer
        let (status, json) = upload(&s.app, &writer, b"%PDF-1.7 not a photo").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(json["message"].as_str().unwrap().contains("画像ではありません"), "{json}");
        let (status, json) = upload(&s.app, &writer, &vec![0xFFu8; 15 * 1024 * 1024 + 10]).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{json}");
        let (status, _) = upload(&s.app, &resident, &photo).await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // the draft, with hostile Markdown in it
        let activity: i64 = sqlx::query_scalar("SELECT MIN(id) FROM activities").fetch_one(s.db.pool()).await.unwrap();
        let body = format!("はじめての**こども食堂**。\n\n<script>alert('x')</script><img src=x onerror=alert(2)>\n\n[危ない](javascript:alert(3))\n\n![](/media/{media}/w1280.jpg)");
        let extra = format!("&form%5Bcover_id%5D={media}&form%5Btags%5D={}&form%5Bactivity_ids%5D={activity}&version=0", enc("子育て、食堂"));
        let (_, _, text) = request(&s.app, "/api/reports/save", Some(&form("", "", &extra)), Some(&resident)).await;
        assert!(text.contains("Forbidden"), "residents do not write reports: {text}");
        // another site's image would learn who reads: named back to the writer
        let tracked = format!("{body}\n\n![](https://tracker.example/pixel.gif)");
        let (_, _, text) = request(&s.app, "/api/reports/save", Some(&form("こども食堂の一日", &tracked, &extra)), Some(&writer)).await;
        assert!(text.contains("ForeignImage") && text.contains("tracker.example"), "{text}");
        let (_, _, text) = request(&s.app, "/api/reports/save", Some(&form("こども食堂の一日", &body, &extra)), Some(&writer)).await;
        let saved: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{text}"));
        let id = saved["Saved"]["id"].as_i64().unwrap();
        assert_eq!(saved["Saved"]["version"], 1);
        // an older copy (another device) does not overwrite a newer one
        let (_, _, text) = request(&s.app, "/api/reports/save", Some(&format!("id={id}&{}", form("古い内容", "古い", "&version=0"))), Some(&writer)).await;
        assert!(text.contains("Conflict"), "{text}");

        // editors may not publish what was not submitted
        assert!(act(&s.app, &editor, id, "publish", "").await.contains("NotNow"));
        assert!(act(&s.app, &writer, id, "submit", "").await.contains("Submitted"));
        // the reviewers see a submitted draft's pictures; the public still not
        assert_eq!(request(&s.app, &picture, None, Some(&editor)).await.0, StatusCode::OK);
        assert_eq!(request(&s.app, &picture, None, None).await.0, StatusCode::NOT_FOUND);
        assert!(act(&s.app, &writer, id, "publish", "").await.contains("Forbidden"), "writers do not publish");
        assert!(act(&s.app, &editor, id, "request_changes", "").await.contains("CommentNeeded"));
        assert!(act(&s.app, &editor, id, "request_changes", "写真に説明をつけてください").await.contains("ChangesRequested"));
        let (_, _, copy) = request(&s.app, "/api/reports/working-copy", Some(&format!("id={id}")), Some(&writer)).await;
        assert!(copy.contains("写真に説明をつけてください"), "the writer sees the comment: {copy}");
        let (_, _, copy) = request(&s.app, "/api/reports/working-copy", Some(&format!("id={id}")), Some(&resident)).await;
        assert!(copy.contains("Forbidden"));
        let fixed = body.replace("![]", "![配膳のようす]");
        let (_, _, text) = request(&s.app, "/api/reports/save", Some(&format!("id={id}&{}", form("こども食堂の一日", &fixed, &extra.replace("version=0", "version=1")))), Some(&writer)).await;
        assert!(text.contains("Saved"), "{text}");
        assert!(act(&s.app, &writer, id, "submit", "").await.contains("Submitted"));
        assert!(act(&s.app, &editor, id, "publish", "").await.contains("Published"));
        let (status, headers, _) = request(&s.app, &picture, None, None).await;
        assert_eq!(status, StatusCode::OK, "published: anyone");
        assert!(headers["cache-control"].to_str().unwrap().starts_with("public"));

        // public: list, page (sanitised), writer profile, activity page, feed
        let (_, _, list) = request(&s.app, "/api/reports/list", Some("query%5Btag%5D="), None).await;
        assert!(list.contains("こども食堂の一日"), "{list}");
        let (status, _, html) = request(&s.app, &format!("/reports/{id}"), None, None).await;
        assert_eq!(status, StatusCode::OK);
        let body_html = &html[html.find("report-body").unwrap()..];
        let body_html = &body_html[..body_html.find("</div>").unwrap()];
        assert!(body_html.contains("<strong>こども食堂</strong>") && body_html.contains("配膳のようす"));
        assert!(!body_html.contains("alert(") && !body_html.contains("onerror") && !body_html.contains("javascript:"), "{body_html}");
        assert!(html.contains("property=\"og:title\"") && html.contains(&format!("/media/{media}/w1280.jpg")));
        let (_, _, writers) = request(&s.app, "/api/reports/writers", Some(""), None).await;
        let slug = serde_json::from_str::<serde_json::Value>(&writers).unwrap()[0]["slug"].as_str().unwrap().to_string();
        let (_, _, page) = request(&s.app, &format!("/writers/{slug}"), None, None).await;
        assert!(page.contains("こども食堂の一日"), "on the writer's profile");
        let (_, _, page) = request(&s.app, &format!("/activities/{activity}"), None, None).await;
        assert!(page.contains("こども食堂の一日"), "on the linked activity's page");
        let (_, headers, feed) = request(&s.app, "/reports/feed.atom", None, None).await;
        assert!(headers["content-type"].to_str().unwrap().starts_with("application/atom+xml"));
        assert!(roxmltree::Document::parse(&feed).unwrap().descendants().any(|n| n.text() == Some("こども食堂の一日")));

        // editing a published report makes a new working copy; the public text stays until published again
        let (_, _, text) = request(&s.app, "/api/reports/save", Some(&format!("id={id}&{}", form("こども食堂の一日（追記）", &fixed, &extra.replace("version=0", "version=2")))), Some(&writer)).await;
        assert!(text.contains("Saved"), "{text}");
        let (_, _, page) = request(&s.app, &format!("/api/reports/get"), Some(&format!("id={id}")), None).await;
        assert!(!page.contains("追記") && page.contains("\"revision\":1"), "{page}");
        act(&s.app, &writer, id, "submit", "").await;
        act(&s.app, &editor, id, "publish", "").await;
        let (_, _, page) = request(&s.app, &format!("/api/reports/get"), Some(&format!("id={id}")), None).await;
        assert!(page.contains("追記") && page.contains("\"revision\":2"), "{page}");
        let revisions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM report_revisions WHERE report_id = $1").bind(id).fetch_one(s.db.pool()).await.unwrap();
        assert_eq!(revisions, 2);
        // unpublished: gone from the public
        assert!(act(&s.app, &editor, id, "unpublish", "").await.contains("Unpublished"));
        let (status, _, _) = request(&s.app, &format!("/reports/{id}"), None, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(request(&s.app, &picture, None, None).await.0, StatusCode::NOT_FOUND, "and so are its pictures");
        drop(s);
        db.drop_db().await;
    }
}
