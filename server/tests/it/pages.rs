//! Editable pages over HTTP on SQLite and PostgreSQL: the built-in text until
//! the first save, staff saves that readers see at once (server-rendered),
//! every save kept as a revision, conflicts and bad input that change
//! nothing, hostile Markdown defused, and who may edit.
use crate::common;

use common::{request, sign_in};
use http::StatusCode;

fn enc(s: &str) -> String {
    tsunagu_app::activities::query::encode(s)
}

fn form(title_ja: &str, body_ja: &str, body_en: &str, base: Option<i64>) -> String {
    let mut s = format!(
        "slug=about&form%5Btitle_ja%5D={}&form%5Blead_ja%5D={}&form%5Bbody_ja%5D={}&form%5Btitle_en%5D=About&form%5Blead_en%5D=&form%5Bbody_en%5D={}&form%5Bnote%5D={}",
        enc(title_ja),
        enc("みどり野のサイトです。"),
        enc(body_ja),
        enc(body_en),
        enc("見出しを直した"),
    );
    if let Some(b) = base {
        s.push_str(&format!("&base={b}"));
    }
    s
}

fn revision_of(reply: &str) -> i64 {
    let v: serde_json::Value = serde_json::from_str(reply).unwrap_or_else(|_| panic!("{reply}"));
    v["Saved"]["revision"].as_i64().unwrap_or_else(|| panic!("not saved: {reply}"))
}

async fn count(db: &tsunagu_app::db::Db) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM page_revisions").fetch_one(db.pool()).await.unwrap()
}

#[tokio::test]
async fn staff_edit_a_page_readers_see_it_and_every_save_is_kept() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let staff = sign_in(&s.app, "staff@midorino.example.jp").await;

        // before any save: the built-in text, server-rendered
        let (status, _, html) = request(&s.app, "/about", None, None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("このサイトでできること"), "built-in text shown");
        assert!(!html.contains("data-testid=\"edit-page\""), "no edit link for readers");
        let (_, _, html) = request(&s.app, "/about", None, Some(&staff)).await;
        assert!(html.contains("data-testid=\"edit-page\""), "staff get the edit link");

        // the editor starts from the built-in text as Markdown
        let (_, _, draft) = request(&s.app, "/api/pages/edit", Some("slug=about"), Some(&staff)).await;
        let draft: serde_json::Value = serde_json::from_str(&draft).unwrap();
        assert!(draft["form"]["body_ja"].as_str().unwrap().starts_with("## このサイトでできること"));
        assert!(draft["revision"].is_null() && draft["history"].as_array().unwrap().is_empty());

        // first save
        let body = "## 新しい見出し\n\n**みんな**で作るサイトです。\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>";
        let (_, _, reply) = request(&s.app, "/api/pages/save", Some(&form("みどり野について", body, "## New heading\n\nMade by all.", None)), Some(&staff)).await;
        let first = revision_of(&reply);
        let (_, _, html) = request(&s.app, "/about", None, None).await;
        assert!(html.contains("みどり野について") && html.contains("<h2>新しい見出し</h2>") && html.contains("<strong>みんな</strong>"), "{html}");
        assert!(!html.contains("<script>alert") && !html.contains("onerror") && !html.contains("javascript:alert"), "hostile Markdown defused");
        assert!(!html.contains("このサイトでできること"), "built-in text replaced");
        let (_, _, html) = request(&s.app, "/about", None, Some("i18n_pref_locale=en")).await;
        assert!(html.contains("New heading"), "the English text for English readers");

        // the same text again makes no revision
        let (_, _, reply) = request(&s.app, "/api/pages/save", Some(&form("みどり野について", body, "## New heading\n\nMade by all.", Some(first))), Some(&staff)).await;
        assert!(reply.contains("Unchanged"), "{reply}");
        assert_eq!(count(&s.db).await, 1);

        // a second save, then a stale editor (still on `None`) is a conflict that writes nothing
        let (_, _, reply) = request(&s.app, "/api/pages/save", Some(&form("みどり野について", "## 二つめ\n\n本文", "## Second\n\nText", Some(first))), Some(&staff)).await;
        let second = revision_of(&reply);
        let (_, _, reply) = request(&s.app, "/api/pages/save", Some(&form("古い画面から", "## 古い\n\n本文", "## Old\n\nText", None)), Some(&staff)).await;
        assert!(reply.contains("Conflict") && reply.contains(&format!("\"revision\":{second}")), "{reply}");
        let (_, _, reply) = request(&s.app, "/api/pages/save", Some(&form("古い画面から", "## 古い\n\n本文", "## Old\n\nText", Some(first))), Some(&staff)).await;
        assert!(reply.contains("Conflict"), "{reply}");
        assert_eq!(count(&s.db).await, 2);

        // bad input: named fields, nothing written
        let bad = form("", "", "## ok", Some(second)).replace("form%5Btitle_en%5D=About", "form%5Btitle_en%5D=");
        let (_, _, reply) = request(&s.app, "/api/pages/save", Some(&bad), Some(&staff)).await;
        for field in ["title_ja", "title_en", "body_ja"] {
            assert!(reply.contains(&format!("\"field\":\"{field}\"")), "{field} named in {reply}");
        }
        assert_eq!(count(&s.db).await, 2);
        let (_, _, reply) = request(&s.app, "/api/pages/save", Some(&form("x", "y", "z", Some(second)).replace("slug=about", "slug=admin")), Some(&staff)).await;
        assert!(reply.contains("NotFound"), "unknown page: {reply}");
        assert_eq!(count(&s.db).await, 2);

        // the history, newest first, with who and the note; an old revision can be read back
        let (_, _, draft) = request(&s.app, "/api/pages/edit", Some("slug=about"), Some(&staff)).await;
        let draft: serde_json::Value = serde_json::from_str(&draft).unwrap();
        let ids: Vec<i64> = draft["history"].as_array().unwrap().iter().map(|h| h["id"].as_i64().unwrap()).collect();
        assert_eq!(ids, [second, first]);
        assert_eq!(draft["revision"].as_i64(), Some(second));
        assert_eq!(draft["history"][0]["note"], "見出しを直した");
        assert!(!draft["history"][0]["saved_by"].as_str().unwrap().is_empty());
        let (_, _, old) = request(&s.app, "/api/pages/revision", Some(&format!("id={first}")), Some(&staff)).await;
        assert!(old.contains("新しい見出し"), "{old}");

        // the staff list
        let (_, _, list) = request(&s.app, "/api/pages/list", Some(""), Some(&staff)).await;
        let list: serde_json::Value = serde_json::from_str(&list).unwrap();
        assert_eq!(list.as_array().unwrap().len(), 4);
        assert_eq!(list[0]["revisions"], 2);
        assert!(list[1]["last"].is_null(), "other pages untouched");

        // other explainers still show their built-in text
        let (_, _, html) = request(&s.app, "/about/link-worker", None, None).await;
        assert!(html.contains("人と地域の橋わたし"));
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn only_staff_and_admins_edit_pages() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        for (email, may) in [
            ("admin@midorino.example.jp", true),
            ("editor@midorino.example.jp", false),
            ("writer@midorino.example.jp", false),
            ("resident@midorino.example.jp", false),
            ("linkworker@midorino.example.jp", false),
        ] {
            let cookie = sign_in(&s.app, email).await;
            let (_, _, reply) = request(&s.app, "/api/pages/save", Some(&form("t", "b", "c", None)), Some(&cookie)).await;
            assert_eq!(reply.contains("Saved") || reply.contains("Conflict"), may, "{email}: {reply}");
            if !may {
                assert!(reply.contains("Forbidden"), "{email}: {reply}");
                let (status, _, _) = request(&s.app, "/staff/pages/about", None, Some(&cookie)).await;
                assert_eq!(status, StatusCode::FORBIDDEN, "{email} opens the editor");
            }
        }
        let (status, _, _) = request(&s.app, "/staff/pages", None, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(count(&s.db).await, 1, "only the admin's save");
        drop(s);
        db.drop_db().await;
    }
}
