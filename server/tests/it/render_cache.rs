//! The render cache (issue 18, item 8) on real databases: residents' pages
//! are rendered once and then served with a nonce of their own; a change to
//! the data a page shows (made here, or by anyone on the same database) is
//! on the next page; a sign-up changes its event's page and leaves the
//! listings kept; signed-in people, personal pages, languages and text sizes
//! never get someone else's page.
use crate::common::{self, request, sign_in};
use tsunagu::render_cache::CACHE_HEADER;

fn cache(headers: &http::HeaderMap) -> Option<&str> {
    headers.get(CACHE_HEADER).and_then(|v| v.to_str().ok())
}

fn nonce(html: &str) -> String {
    tsunagu_app::security::document_nonce(html.as_bytes()).expect("a nonce").to_string()
}

fn sign_up_body(event: i64) -> String {
    format!(
        "event_id={event}&form%5Bname%5D={}&form%5Bcontact%5D=090-1234-5678&form%5Bpeople%5D=2&form%5Bnote%5D=&form%5Bconsent%5D=true&website=",
        tsunagu_app::activities::query::encode("田中")
    )
}

#[tokio::test]
async fn a_page_is_rendered_once_and_every_answer_has_a_nonce_of_its_own() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let (status, h1, first) = request(&s.app, "/activities", None, None).await;
        assert_eq!((status.as_u16(), cache(&h1)), (200, Some("miss")));
        let (_, h2, second) = request(&s.app, "/activities", None, None).await;
        assert_eq!(cache(&h2), Some("hit"));
        let (n1, n2) = (nonce(&first), nonce(&second));
        assert_ne!(n1, n2, "a nonce served twice");
        assert_eq!(second.replace(&n2, &n1), first, "the kept page is the rendered one");
        for (h, n) in [(&h1, &n1), (&h2, &n2)] {
            let csp = h["content-security-policy"].to_str().unwrap();
            assert!(csp.contains(&format!("'nonce-{n}'")), "{csp}");
            assert_eq!(h["x-content-type-options"], "nosniff", "the security headers come with a kept page");
        }
        // another query is another page
        let (_, h3, _) = request(&s.app, "/activities?q=%E4%BD%93%E6%93%8D", None, None).await;
        assert_eq!(cache(&h3), Some("miss"));
        db.drop_db().await;
    }
}

#[tokio::test]
async fn a_change_on_the_database_is_on_the_next_page() {
    for db in common::all_backends().await {
        // (the tests' sites read the revisions for every page)
        let s = common::site_on(&db.url, &[]).await;
        let id: i64 = sqlx::query_scalar("SELECT MIN(id) FROM activities WHERE status = 'active'").fetch_one(s.db.pool()).await.unwrap();
        let path = format!("/activities/{id}");
        request(&s.app, &path, None, None).await;
        let (_, h, _) = request(&s.app, &path, None, None).await;
        assert_eq!(cache(&h), Some("hit"));
        // as another server on the same database, or a background task, would
        sqlx::query("UPDATE activities SET name = $1 WHERE id = $2").bind("かわった名前の教室").bind(id).execute(s.db.pool()).await.unwrap();
        let (_, h, text) = request(&s.app, &path, None, None).await;
        assert_eq!(cache(&h), Some("miss"));
        assert!(text.contains("かわった名前の教室"));
        // the home page shows the districts
        request(&s.app, "/", None, None).await;
        sqlx::query("UPDATE districts SET name_ja = name_ja WHERE id = (SELECT MIN(id) FROM districts)").execute(s.db.pool()).await.unwrap();
        assert_eq!(cache(&request(&s.app, "/", None, None).await.1), Some("miss"));
        db.drop_db().await;
    }
}

#[tokio::test]
async fn a_sign_up_changes_its_events_page_and_leaves_the_listings_kept() {
    for db in common::all_backends().await {
        // revisions read only after a write answered here (or once an hour)
        let s = common::site_on(&db.url, &[("TSUNAGU_RENDER_CACHE_RECHECK_MS", "3600000")]).await;
        let event = common::open_event(&s.db, 2).await;
        let page = format!("/events/{event}");
        let (_, _, before) = request(&s.app, &page, None, None).await;
        request(&s.app, "/activities", None, None).await;
        assert_eq!(cache(&request(&s.app, &page, None, None).await.1), Some("hit"));
        let (_, _, text) = request(&s.app, "/api/events/sign-up", Some(&sign_up_body(event)), None).await;
        assert!(text.contains("Confirmed"), "{text}");
        let (_, h, after) = request(&s.app, &page, None, None).await;
        assert_eq!(cache(&h), Some("miss"), "the sign-up's event page is rendered again");
        assert_ne!(after.replace(&nonce(&after), ""), before.replace(&nonce(&before), ""), "the places left changed");
        assert_eq!(cache(&request(&s.app, "/activities", None, None).await.1), Some("hit"), "the listings did not change");
        // a change by someone else is seen when the revisions are next read
        // (here: an hour, or the next write answered here)
        sqlx::query("UPDATE activities SET name = name || '!' WHERE id = (SELECT MIN(id) FROM activities)").execute(s.db.pool()).await.unwrap();
        assert_eq!(cache(&request(&s.app, "/activities", None, None).await.1), Some("hit"));
        request(&s.app, "/api/events/sign-up", Some(&sign_up_body(event)), None).await;
        assert_eq!(cache(&request(&s.app, "/activities", None, None).await.1), Some("miss"));
        db.drop_db().await;
    }
}

#[tokio::test]
async fn signed_in_people_and_personal_pages_never_meet_the_cache() {
    let s = common::site(&[]).await;
    // an anonymous page is kept…
    request(&s.app, "/activities", None, None).await;
    assert_eq!(cache(&request(&s.app, "/activities", None, None).await.1), Some("hit"));
    // …and never given to someone signed in, whose page is their own
    let cookie = sign_in(&s.app, "resident@midorino.example.jp").await;
    for path in ["/activities", "/", "/events", "/account", "/health-check/history"] {
        let (_, h, _) = request(&s.app, path, None, Some(&cookie)).await;
        assert_eq!(cache(&h), None, "{path} signed in");
    }
    // personal and working pages are not kept for anyone
    for path in ["/login", "/register", "/account", "/casework", "/staff", "/suggest", "/password/forgot"] {
        request(&s.app, path, None, None).await;
        let (_, h, _) = request(&s.app, path, None, None).await;
        assert_eq!(cache(&h), None, "{path}");
    }
    // a missing listing is not kept either
    let (status, h, _) = request(&s.app, "/activities/999999", None, None).await;
    assert_eq!((status.as_u16(), cache(&h)), (404, None));
}

#[tokio::test]
async fn each_language_and_text_size_has_its_own_page() {
    let s = common::site(&[]).await;
    let (_, _, ja) = request(&s.app, "/events", None, None).await;
    let (_, h, en) = request(&s.app, "/events", None, Some("i18n_pref_locale=en")).await;
    assert_eq!(cache(&h), Some("miss"));
    assert!(ja.contains(" lang=\"ja\"") && en.contains(" lang=\"en\""));
    let (_, h, large) = request(&s.app, "/events", None, Some("i18n_pref_locale=en; tsunagu_text_size=large")).await;
    assert_eq!(cache(&h), Some("miss"));
    assert_ne!(large.replace(&nonce(&large), ""), en.replace(&nonce(&en), ""));
    let (_, h, again) = request(&s.app, "/events", None, Some("tsunagu_text_size=large; i18n_pref_locale=en")).await;
    assert_eq!(cache(&h), Some("hit"));
    assert!(again.contains(" lang=\"en\""));
}

#[tokio::test]
async fn the_cache_can_be_switched_off() {
    let s = common::site(&[("TSUNAGU_RENDER_CACHE_MB", "0")]).await;
    for _ in 0..2 {
        let (status, h, _) = request(&s.app, "/activities", None, None).await;
        assert_eq!((status.as_u16(), cache(&h)), (200, None));
    }
}
