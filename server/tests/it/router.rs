//! The router end to end in-process (no browser): SSR content, language
//! cookie, 404 and 500 pages, health check, static files.
use crate::common;

use axum::body::Body;
use axum::Router;
use http::{Request, StatusCode};
use tower::ServiceExt;
use tsunagu::config::Config;


async fn site() -> common::Site {
    common::site(&[]).await
}

async fn get(app: &Router, path: &str, headers: &[(&str, &str)]) -> (StatusCode, http::HeaderMap, String) {
    let mut req = Request::get(path);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = app.clone().oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = axum::body::to_bytes(res.into_body(), 10 << 20).await.unwrap();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

/// The `<html …>` start tag.
fn html_tag(html: &str) -> &str {
    let start = html.find("<html").expect("an <html> tag");
    let end = start + html[start..].find('>').unwrap();
    &html[start..=end]
}

#[tokio::test]
async fn home_is_server_rendered_in_japanese_with_districts() {
    let s = site().await;
    let (status, _, html) = get(&s.app, "/", &[("accept-language", "en-US,en")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html_tag(&html).contains(r#"lang="ja""#), "Japanese first, whatever the browser says");
    assert!(html.contains("まちの中に、あなたの居場所を。"));
    assert!(html.contains("奥谷"), "districts from the database");
    assert!(html.contains("/pkg/tsunagu-abc123.css"), "hashed style sheet name");
}

/// What the page's islands need: `None` (no island), else the bundle's name.
fn bundle_loaded(html: &str) -> Option<&'static str> {
    let loaded: Vec<&'static str> = tsunagu_app::islands::bundle::BUNDLES
        .iter()
        .map(|b| b.name)
        .filter(|name| html.contains(&format!("/pkg/tsunagu-abc123-{name}.js")))
        .collect();
    assert!(loaded.len() <= 1, "one bundle a page: {loaded:?}");
    if loaded.is_empty() {
        assert!(!html.contains(r#"type="module""#) && !html.contains("_bg.wasm"), "no island, no WebAssembly");
    }
    loaded.first().copied()
}

#[tokio::test]
async fn a_page_loads_the_bundle_its_islands_need_and_none_without_islands() {
    let s = site().await;
    // a resident's pages: nothing, or a resident's bundle, never one of
    // link workers, writers or staff
    for path in ["/", "/activities", "/activities/1", "/events", "/reports", "/about", "/about/link-worker", "/health-check",
        "/health-check/positive-health-quick", "/health-check/history", "/map", "/login", "/register", "/suggest"] {
        let (status, _, html) = get(&s.app, path, &[]).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let islands = html.contains("<leptos-island");
        let bundle = bundle_loaded(&html);
        assert_eq!(islands, bundle.is_some(), "{path}: islands {islands}, bundle {bundle:?}");
        assert!(!matches!(bundle, Some("casework" | "write" | "staff")), "{path}: a resident never downloads {bundle:?}");
    }
    // pages that read without any island
    for path in ["/", "/about", "/reports"] {
        let (_, _, html) = get(&s.app, path, &[]).await;
        assert_eq!(bundle_loaded(&html), None, "{path} ships no WebAssembly");
    }
    // each page kind its own bundle
    for (path, bundle) in [("/activities", "resident"), ("/health-check/positive-health-quick", "check"),
        ("/health-check/history", "check"), ("/health-check/results/_", "results"), ("/map", "map"), ("/login", "forms"), ("/suggest", "forms")] {
        let (_, _, html) = get(&s.app, path, &[]).await;
        assert_eq!(bundle_loaded(&html), Some(bundle), "{path}");
    }
    // staff, writers and link workers: their own bundle
    let admin = common::sign_in(&s.app, "admin@midorino.example.jp").await;
    for (path, bundle) in [("/staff", "staff"), ("/staff/import", "staff"), ("/casework", "casework"), ("/casework/cases/1", "casework"), ("/write", "write")] {
        let (status, _, html) = get(&s.app, path, &[("cookie", &admin)]).await;
        assert!(status == StatusCode::OK || status == StatusCode::FORBIDDEN, "{path}: {status}");
        if html.contains("<leptos-island") {
            assert_eq!(bundle_loaded(&html), Some(bundle), "{path}");
        }
    }
    let (_, _, html) = get(&s.app, "/staff", &[("cookie", &admin)]).await;
    assert_eq!(bundle_loaded(&html), Some("staff"), "the staff desk is a staff island");
}

#[tokio::test]
async fn language_and_text_size_cookies_shape_the_html() {
    let s = site().await;
    let (_, _, html) = get(&s.app, "/", &[("cookie", "i18n_pref_locale=en; tsunagu_text_size=xlarge")]).await;
    assert!(html_tag(&html).contains(r#"lang="en""#));
    assert!(html.contains("A place for you in your town."));
    assert!(html.contains("Okutani"));
    assert!(html_tag(&html).contains(r#"data-text-size="xlarge""#));
}

#[tokio::test]
async fn the_server_never_writes_the_language_cookie() {
    // Only the settings form's POST /settings writes it (Path=/). A page's Set-Cookie without
    // a Path scoped copies to folders like /health-check and, racing a choice,
    // put Japanese back.
    let s = site().await;
    for (path, cookie) in [("/", ""), ("/health-check/results/_", ""), ("/health-check", "i18n_pref_locale=en"), ("/nope", "")] {
        let (_, headers, html) = get(&s.app, path, &[("cookie", cookie)]).await;
        let written: Vec<_> = headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).filter(|c| c.contains("i18n_pref_locale")).collect();
        assert!(written.is_empty(), "{path}: {written:?}");
        let lang = if cookie.is_empty() { "ja" } else { "en" };
        assert!(html_tag(&html).contains(&format!(r#"lang="{lang}""#)), "{path}");
    }
}

async fn post_settings(app: &Router, body: &str) -> (StatusCode, http::HeaderMap, String) {
    let req = Request::post("/settings")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", "http://localhost")
        .header("host", "localhost")
        .body(Body::from(body.to_string()))
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn set_cookies(headers: &http::HeaderMap) -> Vec<String> {
    headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).map(str::to_string).collect()
}

#[tokio::test]
async fn the_settings_form_writes_the_cookies_and_returns_to_the_page() {
    let s = site().await;
    let (status, headers, _) = post_settings(&s.app, "lang=en&back=%2Fhealth-check%2Fresults%3Fx%3D1").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers["location"], "/health-check/results?x=1");
    let cookies = set_cookies(&headers);
    assert!(cookies.contains(&"i18n_pref_locale=en; Path=/; Max-Age=31536000; SameSite=Lax".to_string()), "{cookies:?}");
    assert!(cookies.contains(&"i18n_pref_locale=; Path=/health-check; Max-Age=0".to_string()), "folder copies expire: {cookies:?}");

    let (status, headers, _) = post_settings(&s.app, "size=xlarge&back=%2Factivities").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers["location"], "/activities");
    assert_eq!(set_cookies(&headers), ["tsunagu_text_size=xlarge; Path=/; Max-Age=31536000; SameSite=Lax"]);

    // never a redirect to another site
    for back in ["https%3A%2F%2Fevil.example%2F", "%2F%2Fevil.example", ""] {
        let (_, headers, _) = post_settings(&s.app, &format!("lang=ja&back={back}")).await;
        assert_eq!(headers["location"], "/", "{back}");
    }
}

#[tokio::test]
async fn a_setting_the_form_never_offers_changes_nothing_and_says_why() {
    let s = site().await;
    for (body, ja) in [("lang=fr&back=%2F", "言語は"), ("size=huge&back=%2F", "文字の大きさは"), ("lang=en&size=huge", "文字の大きさは")] {
        let (status, headers, text) = post_settings(&s.app, body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(set_cookies(&headers).is_empty(), "{body}: nothing written");
        assert!(text.contains(ja), "{body}: {text}");
    }
}

#[tokio::test]
async fn unknown_path_is_a_404_page_in_both_languages() {
    let s = site().await;
    let (status, _, html) = get(&s.app, "/nope", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("ページが見つかりません"));
    let (status, _, html) = get(&s.app, "/nope", &[("cookie", "i18n_pref_locale=en")]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Page not found"));
}

#[tokio::test]
async fn healthz_reports_database_and_build() {
    let s = site().await;
    let (status, headers, body) = get(&s.app, "/healthz", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["cache-control"], "no-store");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["status"], "ok");
    assert_eq!(v["database"], "ok");
    assert_eq!(v["build"], "abc123");
}

#[tokio::test]
async fn static_files_have_the_right_cache_headers() {
    let s = site().await;
    let (status, headers, _) = get(&s.app, "/pkg/tsunagu-abc123.js", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["cache-control"].to_str().unwrap().contains("immutable"));
    let (status, headers, _) = get(&s.app, "/sw.js", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["cache-control"], "no-cache");
    let (status, _, _) = get(&s.app, "/manifest.webmanifest", &[]).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_failing_page_request_gets_the_500_page_in_the_chosen_language() {
    async fn boom() -> &'static str {
        panic!("test panic")
    }
    let app: Router = Router::new()
        .route("/boom", axum::routing::get(boom))
        .layer(axum::middleware::from_fn(tsunagu::error_pages::error_pages));
    let (status, _, html) = get(&app, "/boom", &[("accept", "text/html")]).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(html.contains("エラーが発生しました"));
    let (status, _, html) =
        get(&app, "/boom", &[("accept", "text/html"), ("cookie", "i18n_pref_locale=en")]).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(html.contains("Something went wrong"));
}

#[tokio::test]
async fn missing_client_bundle_is_a_clear_start_error() {
    let db = common::sqlite();
    let url = db.url.clone();
    let config = Config::from_lookup(|k| match k {
        "DATABASE_URL" => Some(url.clone()),
        "LEPTOS_SITE_ROOT" => Some("/nonexistent/site".into()),
        _ => None,
    })
    .unwrap();
    let pool = tsunagu::open_database(&config).await.unwrap();
    let err = tsunagu::router(&config, pool).err().expect("must fail");
    assert!(err.to_string().contains("scripts/build.sh"), "{err}");
}

/// Every response carries the security headers: a page (whose inline
/// scripts the policy allows by this response's nonce, never a fixed one),
/// an API answer, a static file and the 404 page; HSTS only on an https site.
#[tokio::test]
async fn every_response_has_the_security_headers() {
    let s = site().await;
    let mut nonces = Vec::new();
    for path in ["/activities", "/activities", "/healthz", "/api/activities.csv", "/pkg/tsunagu-abc123.js", "/sw.js", "/no-such-page"] {
        let (status, headers, body) = get(&s.app, path, &[("accept", "text/html")]).await;
        assert!(status == StatusCode::OK || status == StatusCode::NOT_FOUND, "{path}: {status}");
        // enforced, and the same for every response: scripts only from us
        // and, on a document, by the nonce its inline scripts carry
        let csp = headers.get("content-security-policy").unwrap_or_else(|| panic!("{path}: no CSP")).to_str().unwrap().to_string();
        assert!(headers.get("content-security-policy-report-only").is_none(), "{path}: nothing staged any more");
        for must in ["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "'wasm-unsafe-eval'", "img-src 'self' data: blob: https://tile.openstreetmap.org"] {
            assert!(csp.contains(must), "{path}: {must} missing from {csp}");
        }
        let script_src = csp.split(';').map(str::trim).find(|d| d.starts_with("script-src")).unwrap();
        assert!(!script_src.contains("unsafe-inline") && !script_src.contains(" * "), "{path}: {script_src}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        assert!(headers["permissions-policy"].to_str().unwrap().contains("geolocation=(self)"), "{path}");
        assert!(headers.get("strict-transport-security").is_none(), "{path}: no HSTS on http");
        if body.contains("<script type=\"module\" nonce=") {
            // the page's inline scripts carry the nonce the policy names
            let nonce = body.split("<script type=\"module\" nonce=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
            assert!(script_src.contains(&format!("'nonce-{nonce}'")), "{path}: {script_src} vs {nonce}");
            nonces.push(nonce);
        }
    }
    assert_eq!(nonces.len(), 2, "both /activities answers were pages with islands");
    assert_ne!(nonces[0], nonces[1], "a fresh nonce per response");

    let https = common::site(&[("TSUNAGU_PUBLIC_URL", "https://tsunagu.example.jp"), ("TSUNAGU_DEMO_SEED", "0")]).await;
    let (_, headers, _) = get(&https.app, "/", &[]).await;
    assert!(headers["strict-transport-security"].to_str().unwrap().starts_with("max-age="));
}
