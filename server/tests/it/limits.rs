//! Rate limits on every form a stranger can send (issue 17, finding 5):
//! refused with 429, `Retry-After` and the reason in the reader's language,
//! nothing written; counted per address (an IPv6 /64 as one), through the
//! proxies the site trusts; and sign-in attempts counted before their
//! password is checked, per account and address.
use crate::common::{self, session_cookie};
use axum::body::Body;
use http::{Request, StatusCode};
use std::net::SocketAddr;
use tower::ServiceExt;

fn enc(s: &str) -> String {
    tsunagu_app::activities::query::encode(s)
}

/// A form post from `peer` (as the connection's address), as a script
/// (`accept: application/json`) or a plain HTML form.
async fn post_from(app: &axum::Router, peer: &str, path: &str, body: &str, html: bool, extra: &[(&str, &str)]) -> (StatusCode, http::HeaderMap, String) {
    let mut req = Request::post(path)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", if html { "text/html,application/xhtml+xml" } else { "application/json" })
        .header("host", "127.0.0.1:3000")
        .header("origin", "http://127.0.0.1:3000");
    for (k, v) in extra {
        req = req.header(*k, *v);
    }
    let mut req = req.body(Body::from(body.to_string())).unwrap();
    let addr: SocketAddr = if peer.contains(':') { format!("[{peer}]:40000") } else { format!("{peer}:40000") }.parse().unwrap();
    req.extensions_mut().insert(axum::extract::ConnectInfo(addr));
    let res = app.clone().oneshot(req).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
    (status, headers, String::from_utf8_lossy(&bytes).into_owned())
}

async fn count(db: &tsunagu_app::db::Db, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(db.pool()).await.unwrap()
}

/// Every anonymous form, with a limit of 2 per address: the third from one
/// address is refused (429, Retry-After, RateLimited) and writes nothing,
/// while another address still gets through.
#[tokio::test]
async fn every_anonymous_form_is_limited_per_address_and_a_refusal_writes_nothing() {
    let limits = "registration=2,password-reset=2,mails-to-one-address=50,event-signup=2,problem-report=2,self-referral=2,contribution=2,suggestion=2";
    for db in common::all_backends().await {
        let outbox = tempfile::tempdir().unwrap();
        let outbox_dir = outbox.path().display().to_string();
        let s = common::site_on(&db.url, &[("TSUNAGU_RATE_LIMITS", limits), ("TSUNAGU_OUTBOX_DIR", &outbox_dir)]).await;
        let event = common::open_event(&s.db, 10).await;
        let activity: i64 = count(&s.db, "SELECT MIN(id) FROM activities").await;
        let mails = || std::fs::read_dir(outbox.path()).map(|d| d.count()).unwrap_or(0);
        // (what, path, the n-th body, a query that counts what was written)
        type Body = Box<dyn Fn(usize) -> String>;
        let forms: Vec<(&str, &str, Body, &str)> = vec![
            ("registration", "/api/accounts/register", Box::new(|i| format!("form%5Bemail%5D=new{i}%40example.jp&form%5Bdisplay_name%5D=hana&form%5Bpassword%5D=midori-no-sanpo-{i}&form%5Bpassword_again%5D=midori-no-sanpo-{i}&form%5Bagree%5D=true&form%5Bwebsite%5D=")), "SELECT COUNT(*) FROM users"),
            ("password reset", "/api/accounts/forgot", Box::new(|_| "email=writer%40midorino.example.jp".into()), "SELECT COUNT(*) FROM account_tokens"),
            ("event sign-up", "/api/events/sign-up", Box::new(move |i| format!("event_id={event}&form%5Bname%5D={}&form%5Bcontact%5D=090-1234-567{i}&form%5Bpeople%5D=1&form%5Bnote%5D=&form%5Bconsent%5D=true&website=", enc("田中"))), "SELECT COUNT(*) FROM event_signups"),
            ("problem report", "/api/activities/report-problem", Box::new(move |_| format!("activity_id={activity}&kind=time&note=&website=")), "SELECT COUNT(*) FROM problem_reports"),
            ("self-referral", "/api/health-check/self-referral", Box::new(|_| format!("form[name]={}&form[contact]=0796-00-1234&form[consent]=true&form[lang]=ja", enc("山田 花子"))), "SELECT COUNT(*) FROM referrals"),
            ("statistics", "/api/health-check/contribute", Box::new(|_| "contribution[questionnaire_id]=positive-health-quick&contribution[version]=1&contribution[scores][0][0]=body&contribution[scores][0][1]=70&contribution[age_band]=70-79&contribution[district]=kitayama".into()), "SELECT COUNT(*) FROM health_check_stats"),
            ("suggestion", "/api/suggestions/send", Box::new(|i| format!("form[target]=place&form[name]={}&form[good]=x&form[kind]=cafe&form[address]=&form[latitude]=35.3&form[longitude]=134.8&form[contact]=&form[started]=0", enc(&format!("場所{i}")))), "SELECT COUNT(*) FROM suggestions"),
        ];
        for (what, path, body, written) in &forms {
            for i in 0..2 {
                let (status, _, text) = post_from(&s.app, "198.51.100.7", path, &body(i), false, &[]).await;
                assert_eq!(status, StatusCode::OK, "{what} #{i}: {text}");
            }
            let before = count(&s.db, written).await;
            let mails_before = mails();
            let (status, headers, text) = post_from(&s.app, "198.51.100.7", path, &body(2), false, &[]).await;
            assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{what}: {text}");
            let wait: i64 = headers.get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok()).unwrap_or_else(|| panic!("{what}: Retry-After"));
            assert!((1..=24 * 3600).contains(&wait), "{what}: {wait}");
            assert!(text.contains("RateLimited"), "{what}: {text}");
            assert_eq!(count(&s.db, written).await, before, "{what}: a refusal writes nothing");
            assert_eq!(mails(), mails_before, "{what}: and sends nothing");
            // another address is counted on its own
            let (status, _, text) = post_from(&s.app, "203.0.113.20", path, &body(3), false, &[]).await;
            assert_eq!(status, StatusCode::OK, "{what} from elsewhere: {text}");
        }
        drop(s);
        db.drop_db().await;
    }
}

/// A plain HTML form is sent back to its page, which says in the reader's
/// language how long to wait.
#[tokio::test]
async fn a_plain_form_refused_for_coming_too_often_says_so_on_its_page() {
    let s = common::site(&[("TSUNAGU_RATE_LIMITS", "event-signup=1,problem-report=1")]).await;
    let event = common::open_event(&s.db, 10).await;
    let signup = format!("event_id={event}&form%5Bname%5D={}&form%5Bcontact%5D=090-1234-5678&form%5Bpeople%5D=1&form%5Bnote%5D=&form%5Bconsent%5D=true&website=", enc("田中"));
    post_from(&s.app, "198.51.100.7", "/api/events/sign-up", &signup, true, &[]).await;
    let (status, headers, _) = post_from(&s.app, "198.51.100.7", "/api/events/sign-up", &signup, true, &[]).await;
    assert_eq!(status, StatusCode::FOUND);
    let location = headers.get("location").unwrap().to_str().unwrap().to_string();
    assert!(location.starts_with(&format!("/events/{event}?signup=busy&wait=")), "{location}");
    for (cookie, words) in [("i18n_pref_locale=ja", "分ほどたってから"), ("i18n_pref_locale=en", "try again in about")] {
        let (_, _, page) = common::request(&s.app, &location, None, Some(cookie)).await;
        assert!(page.contains("data-testid=\"rate-limited\"") && page.contains(words), "{cookie}: {page:.200}");
    }
    let activity: i64 = count(&s.db, "SELECT MIN(id) FROM activities").await;
    let report = format!("activity_id={activity}&kind=time&note=&website=");
    post_from(&s.app, "198.51.100.7", "/api/activities/report-problem", &report, true, &[]).await;
    let (_, headers, _) = post_from(&s.app, "198.51.100.7", "/api/activities/report-problem", &report, true, &[]).await;
    let location = headers.get("location").unwrap().to_str().unwrap().to_string();
    assert!(location.contains("report=busy&wait="), "{location}");
    let (_, _, page) = common::request(&s.app, &location, None, Some("i18n_pref_locale=ja")).await;
    assert!(page.contains("data-testid=\"rate-limited\""), "{page:.200}");
    // the result page's two forms say it the same way
    for query in ["talk=busy&wait=5", "contributed=busy&wait=5"] {
        for (cookie, words) in [("i18n_pref_locale=ja", "5分ほど"), ("i18n_pref_locale=en", "about 5 minutes")] {
            let (_, _, page) = common::request(&s.app, &format!("/health-check/results/r-1_a?{query}"), None, Some(cookie)).await;
            assert!(page.contains("data-testid=\"rate-limited\"") && page.contains(words), "{query} {cookie}");
        }
    }
}

/// One IPv6 /64 is one household: its addresses share the count. Behind a
/// trusted proxy the right-most hop counts, not what the client wrote first.
#[tokio::test]
async fn ipv6_neighbours_share_a_count_and_a_forged_forwarded_for_changes_nothing() {
    let s = common::site(&[("TSUNAGU_RATE_LIMITS", "problem-report=2")]).await;
    let activity: i64 = count(&s.db, "SELECT MIN(id) FROM activities").await;
    let report = format!("activity_id={activity}&kind=time&note=&website=");
    let path = "/api/activities/report-problem";
    assert_eq!(post_from(&s.app, "2001:db8:5:6::1", path, &report, false, &[]).await.0, StatusCode::OK);
    assert_eq!(post_from(&s.app, "2001:db8:5:6:aaaa::2", path, &report, false, &[]).await.0, StatusCode::OK);
    assert_eq!(post_from(&s.app, "2001:db8:5:6:ffff::3", path, &report, false, &[]).await.0, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(post_from(&s.app, "2001:db8:5:7::1", path, &report, false, &[]).await.0, StatusCode::OK, "the next /64");

    let s = common::site(&[("TSUNAGU_RATE_LIMITS", "problem-report=2"), ("TSUNAGU_TRUST_PROXY", "1")]).await;
    let proxy = "10.0.0.2";
    for i in 0..2 {
        let forged = format!("192.0.2.{i}, 198.51.100.7");
        let (status, _, _) = post_from(&s.app, proxy, path, &report, false, &[("x-forwarded-for", &forged)]).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, _, _) = post_from(&s.app, proxy, path, &report, false, &[("x-forwarded-for", "192.0.2.99, 198.51.100.7")]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "a new first entry is a new lie, not a new client");
    let (status, _, _) = post_from(&s.app, proxy, path, &report, false, &[("x-forwarded-for", "198.51.100.8")]).await;
    assert_eq!(status, StatusCode::OK);
}

fn login_body(email: &str, password: &str) -> String {
    format!("email={}&password={}&next=", enc(email), enc(password))
}

/// Twenty wrong passwords at once from one address: no more than five are
/// checked (each attempt is written down before it is counted).
#[tokio::test]
async fn parallel_sign_ins_check_no_more_passwords_than_the_limit() {
    use tsunagu_app::accounts::throttle::ACCOUNT_LIMIT;
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let email = "writer@midorino.example.jp";
        let body = login_body(email, "wrong-one");
        let attempts = (0..20).map(|_| post_from(&s.app, "198.51.100.7", "/api/accounts/login", &body, false, &[]));
        let replies = futures_util::future::join_all(attempts).await;
        let wrong = replies.iter().filter(|(_, _, t)| t.contains("Wrong")).count();
        let locked = replies.iter().filter(|(_, _, t)| t.contains("Locked")).count();
        assert!(wrong <= ACCOUNT_LIMIT, "{wrong} passwords checked");
        assert_eq!(wrong + locked, 20);
        drop(s);
        db.drop_db().await;
    }
}

/// Wrong passwords typed for a member of staff from elsewhere do not lock
/// them out; the holder is told by mail, once.
#[tokio::test]
async fn strangers_cannot_lock_an_account_and_its_holder_hears_of_their_tries() {
    use tsunagu_app::accounts::throttle::{ACCOUNT_LIMIT, ALERT_AT};
    let outbox = tempfile::tempdir().unwrap();
    let outbox_dir = outbox.path().display().to_string();
    let s = common::site(&[("TSUNAGU_OUTBOX_DIR", &outbox_dir)]).await;
    let email = "staff@midorino.example.jp";
    let right = login_body(email, tsunagu_app::accounts::session::DEFAULT_DEMO_PASSWORD);
    // one stranger: locked out after the limit, even with the right password
    for _ in 0..ACCOUNT_LIMIT {
        let (_, _, text) = post_from(&s.app, "198.51.100.66", "/api/accounts/login", &login_body(email, "guess"), false, &[]).await;
        assert!(text.contains("Wrong"), "{text}");
    }
    let (_, headers, text) = post_from(&s.app, "198.51.100.66", "/api/accounts/login", &right, false, &[]).await;
    assert!(text.contains("Locked") && session_cookie(&headers).is_none(), "{text}");
    // more strangers elsewhere, until the account has seen ALERT_AT and more
    for i in 0..(ALERT_AT + 3) {
        post_from(&s.app, &format!("203.0.113.{}", 10 + i), "/api/accounts/login", &login_body(email, "guess"), false, &[]).await;
    }
    // the holder, at the office, signs in as always
    let (_, headers, text) = post_from(&s.app, "192.0.2.50", "/api/accounts/login", &right, false, &[]).await;
    assert!(session_cookie(&headers).is_some(), "{text}");
    let alerts: Vec<String> = std::fs::read_dir(outbox.path())
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .filter(|m| m.contains("staff@midorino.example.jp") && m.contains("/password/forgot"))
        .collect();
    assert_eq!(alerts.len(), 1, "one mail, however many tries");
}
