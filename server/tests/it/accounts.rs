//! Accounts over HTTP on SQLite and PostgreSQL: the authorisation matrix
//! (every role × every protected action), registration with address
//! confirmation, single-use and expiring reset links, throttling, invitations,
//! sessions that survive a restart and "sign out everywhere", the CSRF guard,
//! and a resident's export and deletion of their own data.
use crate::common;

use common::{request, session_cookie, sign_in};
use http::StatusCode;
use tsunagu_app::accounts::session::DEMO_ACCOUNTS;
use tsunagu_app::accounts::{Permission, Role};

fn enc(s: &str) -> String {
    tsunagu_app::activities::query::encode(s)
}

/// Each protected action: how to call it, and what it needs.
fn protected() -> Vec<(&'static str, Option<&'static str>, Permission)> {
    use Permission::*;
    vec![
        ("/api/staff/overview", Some(""), ManageListings),
        ("/api/staff/load-activity", Some("id=1"), ManageListings),
        ("/api/staff/quick-action", Some("id=999999&action=bogus"), ManageListings),
        ("/api/staff/organisations", Some(""), ManageListings),
        ("/api/staff/load-organisation", Some("id=1"), ManageListings),
        ("/api/staff/resolve-report", Some("id=999999&resolution="), ManageListings),
        ("/staff/export.csv", None, ManageListings),
        ("/api/staff/events", Some(""), ManageEvents),
        ("/api/staff/load-event", Some("id=1"), ManageEvents),
        ("/api/staff/cancel-event", Some("id=999999&reason=x"), ManageEvents),
        ("/api/staff/activity-calendar-weeks", Some("activity_id=1"), ManageEvents),
        ("/staff/events/1/signups.csv", None, ManageEvents),
        ("/api/accounts/users", Some("q="), ManageUsers),
        ("/api/accounts/set-roles", Some("user_id=999999&roles%5Bresident%5D=true"), ManageUsers),
        ("/api/accounts/set-disabled", Some("user_id=999999&disabled=true"), ManageUsers),
        ("/api/accounts/invitations", Some(""), Invite),
        ("/api/accounts/revoke-invitation", Some("id=none"), Invite),
        ("/api/accounts/overview", Some(""), OwnAccount),
        ("/api/accounts/set-favourite", Some("activity_id=1&favourite=false"), OwnAccount),
        ("/api/accounts/delete-saved-check", Some("id=999999"), OwnAccount),
        ("/api/accounts/cancel-signup", Some("signup_id=999999"), OwnAccount),
        ("/account/export.json", None, OwnAccount),
        ("/api/reports/mine", Some(""), WriteReports),
        ("/api/reports/my-profile", Some(""), WriteReports),
        ("/api/reports/save", Some("id=999999&form%5Btitle%5D=x&version=1"), WriteReports),
        ("/api/reports/queue", Some(""), ReviewReports),
        ("/api/pages/list", Some(""), EditPages),
        ("/api/health-check/city-statistics", Some("filter%5Bfrom%5D="), ViewStatistics),
        ("/api/pages/edit", Some("slug=about"), EditPages),
        ("/api/pages/revision", Some("id=999999"), EditPages),
        ("/api/pages/save", Some("slug=nope&form%5Btitle_ja%5D=x"), EditPages),
        ("/api/staff/resources", Some(""), ManageListings),
        ("/api/staff/load-resource", Some("id=999999"), ManageListings),
        ("/api/staff/save-resource", Some("id=999999&form%5Bname%5D="), ManageListings),
        ("/api/staff/suggestions", Some(""), ManageListings),
        ("/api/staff/decide-suggestion", Some("id=999999&decision=bogus&reason="), ManageListings),
        ("/api/staff/suggestion-activity", Some("id=999999"), ManageListings),
        ("/api/casework/queue", Some(""), LeadCases),
        ("/api/casework/workers", Some(""), LeadCases),
        ("/api/casework/assign", Some("referral_id=999999&worker_id=999999"), LeadCases),
        ("/api/casework/reassign", Some("case_id=999999&worker_id=999999"), LeadCases),
        ("/api/casework/case", Some("id=999999"), CaseWork),
        ("/api/casework/sync", Some(""), CaseWork),
        ("/api/casework/audit", Some(""), ViewAudit),
        ("/api/casework/send-feedback", Some("case_id=999999"), CaseWork),
        ("/api/casework/my-feedback", Some(""), Refer),
        ("/api/casework/cases", Some(""), CaseWork),
        ("/api/casework/referral-link", Some("institution="), LeadCases),
        ("/staff/audit.csv", None, ViewAudit),
        ("/api/dashboard/report", Some("filter%5Bperiod%5D="), ViewDashboard),
        ("/staff/dashboard/referrals.csv", None, ViewDashboard),
        ("/api/staff/rewards", Some(""), ManagePoints),
        ("/api/staff/rewards/add", Some("name_ja=&name_en=&provider=&cost="), ManagePoints),
        ("/api/staff/rewards/active", Some("id=999999&active=false"), ManagePoints),
        ("/api/staff/rewards/redeem-for", Some("who=nobody%40example.jp&reward_id=999999"), ManagePoints),
        ("/api/staff/points/summary", Some("month="), ManagePoints),
        ("/staff/points/summary.csv", None, ManagePoints),
        ("/api/points/offer", Some("reward_id=999999"), OwnAccount),
        ("/api/points/take", Some("reward_id=999999"), OwnAccount),
        ("/api/points/voucher", Some("id=999999"), OwnAccount),
        ("/api/points/cancel", Some("id=999999"), OwnAccount),
        ("/api/diary/create", Some("name="), FacilitateDiaries),
        ("/api/diary/home", Some(""), OwnAccount),
    ]
}

/// Whether the server let the call through (its reply may still be
/// NotFound or Invalid: that comes after the permission check).
fn let_through(status: StatusCode, body: &str) -> bool {
    !(status == StatusCode::UNAUTHORIZED
        || status == StatusCode::FORBIDDEN
        || body.contains("SignInRequired")
        || body.contains("\"Forbidden\""))
}

#[tokio::test]
async fn authorisation_matrix_every_role_every_action() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let mut callers: Vec<(String, Vec<Role>, Option<String>)> = vec![("anonymous".into(), vec![], None)];
        for (email, _, role) in DEMO_ACCOUNTS {
            callers.push((email.to_string(), vec![role], Some(sign_in(&s.app, email).await)));
        }
        let mut table = Vec::new();
        for (who, roles, cookie) in &callers {
            for (path, body, permission) in protected() {
                let (status, _, text) = request(&s.app, path, body, cookie.as_deref()).await;
                let through = let_through(status, &text);
                let expected = permission.allows(roles);
                if through != expected {
                    table.push(format!("{who} {path}: got {status} {}, expected {}", text.chars().take(80).collect::<String>(), if expected { "allowed" } else { "denied" }));
                }
                if !expected {
                    let want = if cookie.is_some() { "Forbidden" } else { "SignInRequired" };
                    assert!(
                        text.contains(want) || status == if cookie.is_some() { StatusCode::FORBIDDEN } else { StatusCode::UNAUTHORIZED },
                        "{who} {path}: {status} {text}"
                    );
                }
            }
        }
        assert!(table.is_empty(), "authorisation matrix mismatches:\n{}", table.join("\n"));
        drop(s);
        db.drop_db().await;
    }
}

fn outbox_env(dir: &tempfile::TempDir) -> String {
    dir.path().display().to_string()
}

/// The newest mail's body, and the first link in it with `marker`.
fn newest_link(dir: &tempfile::TempDir, marker: &str) -> String {
    let mut files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let text = std::fs::read_to_string(files.last().expect("a mail in the outbox")).unwrap();
    let start = text.find(marker).unwrap_or_else(|| panic!("no {marker} in {text}"));
    text[start..].split_whitespace().next().unwrap().to_string()
}

fn mails(dir: &tempfile::TempDir) -> usize {
    std::fs::read_dir(dir.path()).map(|d| d.count()).unwrap_or(0)
}

#[tokio::test]
async fn register_confirm_sign_in_and_no_address_enumeration() {
    for db in common::all_backends().await {
        let outbox = tempfile::tempdir().unwrap();
        let s = common::site_on(&db.url, &[("TSUNAGU_OUTBOX_DIR", &outbox_env(&outbox))]).await;
        let form = |email: &str, pw: &str| {
            format!(
                "form%5Bemail%5D={}&form%5Bdisplay_name%5D={}&form%5Bpassword%5D={pw}&form%5Bpassword_again%5D={pw}&form%5Bagree%5D=true",
                enc(email),
                enc("はな")
            )
        };
        // bad input: every field named, nothing written, no mail
        let (_, _, text) = request(&s.app, "/api/accounts/register", Some("form%5Bemail%5D=nope&form%5Bpassword%5D=short"), None).await;
        assert!(text.contains("Invalid") && text.contains("email") && text.contains("agree"), "{text}");
        assert_eq!(mails(&outbox), 0);

        let (_, _, text) = request(&s.app, "/api/accounts/register", Some(&form("Hana@Example.jp", "midori-no-sanpo")), None).await;
        assert!(text.contains("Done"), "{text}");
        let link = newest_link(&outbox, "http://127.0.0.1:3000/account/confirm/");
        // not confirmed yet: sign-in sends a fresh link instead of a session
        let body = format!("email={}&password=midori-no-sanpo&next=", enc("hana@example.jp"));
        let (_, headers, text) = request(&s.app, "/api/accounts/login", Some(&body), None).await;
        assert!(text.contains("Unconfirmed") && session_cookie(&headers).is_none(), "{text}");
        assert_eq!(mails(&outbox), 2);
        let old_token = link.rsplit('/').next().unwrap().to_string();
        let (_, _, text) = request(&s.app, "/api/accounts/confirm", Some(&format!("token={old_token}")), None).await;
        assert!(text.contains("false"), "the first link was replaced by the newer one: {text}");
        let token = newest_link(&outbox, "/account/confirm/").rsplit('/').next().unwrap().to_string();
        let (_, headers, _) = request(&s.app, "/api/accounts/confirm", Some(&format!("token={token}")), None).await;
        let cookie = session_cookie(&headers).expect("confirming signs in");
        let (_, _, me) = request(&s.app, "/api/accounts/me", Some(""), Some(&cookie)).await;
        assert!(me.contains("hana@example.jp") && me.contains("Resident"), "{me}");
        let (_, headers, _) = request(&s.app, "/api/accounts/login", Some(&body), None).await;
        assert!(session_cookie(&headers).is_some());

        // the same address again: the same answer, a different mail, no second account
        let (_, _, text) = request(&s.app, "/api/accounts/register", Some(&form("hana@example.jp", "another-passphrase")), None).await;
        assert!(text.contains("Done"), "{text}");
        assert!(newest_link(&outbox, "/password/forgot").contains("/password/forgot"));
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = 'hana@example.jp'").fetch_one(s.db.pool()).await.unwrap();
        assert_eq!(n, 1);
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn reset_links_work_once_and_expire() {
    for db in common::all_backends().await {
        let outbox = tempfile::tempdir().unwrap();
        let s = common::site_on(&db.url, &[("TSUNAGU_OUTBOX_DIR", &outbox_env(&outbox))]).await;
        let email = "resident@midorino.example.jp";
        let other_device = sign_in(&s.app, email).await;
        // unknown addresses get the same answer and no mail
        let (_, _, text) = request(&s.app, "/api/accounts/forgot", Some("email=nobody%40example.jp"), None).await;
        assert!(text.contains("Done"));
        assert_eq!(mails(&outbox), 0);
        let (_, _, text) = request(&s.app, "/api/accounts/forgot", Some(&format!("email={}", enc(email))), None).await;
        assert!(text.contains("Done"));
        let token = newest_link(&outbox, "/password/reset/").rsplit('/').next().unwrap().to_string();
        let reset = |pw: &str| format!("token={token}&password={pw}&password_again={pw}");
        // a weak password is refused and the link still works
        let (_, _, text) = request(&s.app, "/api/accounts/reset", Some(&reset("short")), None).await;
        assert!(text.contains("Invalid") && text.contains("PasswordLength"), "{text}");
        let (_, headers, text) = request(&s.app, "/api/accounts/reset", Some(&reset("a-brand-new-passphrase")), None).await;
        assert!(text.contains("Done"), "{text}");
        assert!(session_cookie(&headers).is_some(), "signed in on this device");
        // other devices are signed out; the link does not work twice
        let (_, _, me) = request(&s.app, "/api/accounts/me", Some(""), Some(&other_device)).await;
        assert_eq!(me.trim(), "null", "{me}");
        let (_, _, text) = request(&s.app, "/api/accounts/reset", Some(&reset("yet-another-passphrase")), None).await;
        assert!(text.contains("LinkExpired"), "{text}");
        // an expired link is refused
        request(&s.app, "/api/accounts/forgot", Some(&format!("email={}", enc(email))), None).await;
        let token2 = newest_link(&outbox, "/password/reset/").rsplit('/').next().unwrap().to_string();
        sqlx::query("UPDATE account_tokens SET expires_at = '2000-01-01T00:00:00Z' WHERE purpose = 'reset' AND used_at IS NULL")
            .execute(s.db.pool())
            .await
            .unwrap();
        let (_, _, text) = request(&s.app, "/api/accounts/reset-valid", Some(&format!("token={token2}")), None).await;
        assert_eq!(text.trim(), "false");
        let (_, _, text) = request(&s.app, "/api/accounts/reset", Some(&format!("token={token2}&password=zz-new-passphrase&password_again=zz-new-passphrase")), None).await;
        assert!(text.contains("LinkExpired"), "{text}");
        let body = format!("email={}&password=a-brand-new-passphrase&next=", enc(email));
        let (_, headers, _) = request(&s.app, "/api/accounts/login", Some(&body), None).await;
        assert!(session_cookie(&headers).is_some(), "the password set by the used link holds");
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn repeated_failures_lock_the_account_even_for_the_right_password() {
    let s = common::site(&[]).await;
    let email = "writer@midorino.example.jp";
    for _ in 0..tsunagu_app::accounts::throttle::ACCOUNT_LIMIT {
        let (_, _, text) = request(&s.app, "/api/accounts/login", Some(&format!("email={}&password=wrong-one&next=", enc(email))), None).await;
        assert!(text.contains("Wrong"), "{text}");
    }
    let right = format!("email={}&password={}&next=", enc(email), enc(tsunagu_app::accounts::session::DEFAULT_DEMO_PASSWORD));
    let (_, headers, text) = request(&s.app, "/api/accounts/login", Some(&right), None).await;
    assert!(text.contains("Locked") && session_cookie(&headers).is_none(), "{text}");
    // another account from the same address is not locked by these
    sign_in(&s.app, "editor@midorino.example.jp").await;
    // once the window has passed, the right password works again
    sqlx::query("UPDATE login_failures SET failed_at = '2000-01-01T00:00:00Z'").execute(s.db.pool()).await.unwrap();
    let (_, headers, _) = request(&s.app, "/api/accounts/login", Some(&right), None).await;
    assert!(session_cookie(&headers).is_some());
}

#[tokio::test]
async fn invitations_grant_only_what_the_inviter_may_and_work_once() {
    for db in common::all_backends().await {
        let outbox = tempfile::tempdir().unwrap();
        let s = common::site_on(&db.url, &[("TSUNAGU_OUTBOX_DIR", &outbox_env(&outbox))]).await;
        let editor = sign_in(&s.app, "editor@midorino.example.jp").await;
        let (_, _, text) = request(&s.app, "/api/accounts/invite", Some("form%5Bemail%5D=new-staff%40example.jp&form%5Broles%5D%5Bstaff%5D=true"), Some(&editor)).await;
        assert!(text.contains("Invalid") && text.contains("NotAllowed"), "{text}");
        assert_eq!(mails(&outbox), 0);
        let (_, _, text) = request(&s.app, "/api/accounts/invite", Some("form%5Bemail%5D=resident%40midorino.example.jp&form%5Broles%5D%5Bwriter%5D=true"), Some(&editor)).await;
        assert!(text.contains("AlreadyRegistered"), "{text}");
        let (_, _, text) = request(&s.app, "/api/accounts/invite", Some("form%5Bemail%5D=Kenta%40example.jp&form%5Broles%5D%5Bwriter%5D=true"), Some(&editor)).await;
        assert!(text.contains("Sent"), "{text}");
        let token = newest_link(&outbox, "/invite/").rsplit('/').next().unwrap().to_string();
        let (_, _, list) = request(&s.app, "/api/accounts/invitations", Some(""), Some(&editor)).await;
        assert!(list.contains("kenta@example.jp"), "{list}");
        let (_, _, info) = request(&s.app, "/api/accounts/invitation", Some(&format!("token={token}")), None).await;
        assert!(info.contains("Writer"), "{info}");
        let accept = format!("token={token}&display_name={}&password=ink-and-paper-2026&password_again=ink-and-paper-2026", enc("けんた"));
        let (_, headers, text) = request(&s.app, "/api/accounts/accept-invitation", Some(&accept), None).await;
        assert!(text.contains("Done"), "{text}");
        let writer = session_cookie(&headers).unwrap();
        let (_, _, me) = request(&s.app, "/api/accounts/me", Some(""), Some(&writer)).await;
        assert!(me.contains("\"Writer\"") && !me.contains("Staff"), "{me}");
        let (_, _, text) = request(&s.app, "/api/accounts/accept-invitation", Some(&accept), None).await;
        assert!(text.contains("LinkExpired"), "single use: {text}");
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn sessions_survive_a_restart_and_sign_out_everywhere_ends_them_all() {
    let t = common::sqlite();
    let first = common::site_on(&t.url, &[]).await;
    let phone = sign_in(&first.app, "resident@midorino.example.jp").await;
    let tablet = sign_in(&first.app, "resident@midorino.example.jp").await;
    drop(first);
    // a new server process on the same database (or a second instance)
    let second = common::site_on(&t.url, &[]).await;
    let (_, _, me) = request(&second.app, "/api/accounts/me", Some(""), Some(&phone)).await;
    assert!(me.contains("resident@midorino.example.jp"), "{me}");
    let (_, _, overview) = request(&second.app, "/api/accounts/overview", Some(""), Some(&phone)).await;
    assert!(overview.contains("\"current\":true"), "{overview}");
    let (status, _, _) = request(&second.app, "/api/accounts/logout-everywhere", Some(""), Some(&phone)).await;
    assert!(status.is_success() || status.is_redirection());
    for c in [&phone, &tablet] {
        let (_, _, me) = request(&second.app, "/api/accounts/me", Some(""), Some(c)).await;
        assert_eq!(me.trim(), "null");
    }
}

#[tokio::test]
async fn a_write_riding_on_the_session_cookie_needs_same_origin_proof() {
    use tower::ServiceExt;
    let s = common::site(&[]).await;
    let cookie = sign_in(&s.app, "resident@midorino.example.jp").await;
    let forged = |extra: Option<(&str, &str)>| {
        let mut r = http::Request::post("/api/accounts/set-favourite")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("host", "127.0.0.1:3000")
            .header("cookie", &cookie);
        if let Some((k, v)) = extra {
            r = r.header(k, v);
        }
        r.body(axum::body::Body::from("activity_id=1&favourite=true")).unwrap()
    };
    for extra in [None, Some(("origin", "https://evil.example")), Some(("sec-fetch-site", "cross-site")), Some(("origin", "null"))] {
        let res = s.app.clone().oneshot(forged(extra)).await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{extra:?}");
    }
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM favourites").fetch_one(s.db.pool()).await.unwrap();
    assert_eq!(n, 0, "nothing written");
    let res = s.app.clone().oneshot(forged(Some(("origin", "http://127.0.0.1:3000")))).await.unwrap();
    assert!(res.status().is_success());
}

#[tokio::test]
async fn a_resident_exports_and_deletes_their_data() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let email = "resident@midorino.example.jp";
        let cookie = sign_in(&s.app, email).await;
        let activity: i64 = sqlx::query_scalar("SELECT MIN(id) FROM activities").fetch_one(s.db.pool()).await.unwrap();
        let (_, _, text) = request(&s.app, "/api/accounts/set-favourite", Some(&format!("activity_id={activity}&favourite=true")), Some(&cookie)).await;
        assert_eq!(text.trim(), "true");
        // a sign-up made while signed in
        // one still taking sign-ups now (the demo's events are relative to today)
        let now = tsunagu_app::events::db::time_to_db(tsunagu_app::calendar::now_tokyo());
        let event: i64 = sqlx::query_scalar(
            "SELECT MIN(id) FROM events WHERE apply_method = 'portal' AND status = 'scheduled' AND capacity > booked
               AND starts_at > $1 AND (apply_deadline IS NULL OR apply_deadline > $1)",
        )
        .bind(&now)
        .fetch_one(s.db.pool())
        .await
        .unwrap();
        let signup = format!(
            "event_id={event}&form%5Bname%5D={}&form%5Bcontact%5D=090-1234-5678&form%5Bpeople%5D=1&form%5Bnote%5D=&form%5Bconsent%5D=true&website=",
            enc("田中")
        );
        let (_, _, text) = request(&s.app, "/api/events/sign-up", Some(&signup), Some(&cookie)).await;
        assert!(text.contains("Confirmed"), "{text}");
        let booked_before: i64 = sqlx::query_scalar("SELECT booked FROM events WHERE id = $1").bind(event).fetch_one(s.db.pool()).await.unwrap();

        let (status, headers, json) = request(&s.app, "/account/export.json", None, Some(&cookie)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(headers["content-disposition"].to_str().unwrap().contains("attachment"));
        assert_eq!(headers["cache-control"], "private, no-store");
        let data: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(data["account"]["email"], email);
        assert_eq!(data["favourites"][0]["activity_id"], activity);
        assert_eq!(data["event_signups"][0]["event_id"], event);
        assert!(data["points"]["balance"].as_i64().unwrap() > 0 && !data["points"]["ledger"].as_array().unwrap().is_empty(), "the points ledger travels with the export");

        // a wrong password or missing confirmation word deletes nothing
        let (_, _, text) = request(&s.app, "/api/accounts/delete", Some("password=nope&confirm=x"), Some(&cookie)).await;
        assert!(text.contains("PasswordWrong") && text.contains("ConfirmText"), "{text}");
        let body = format!("password={}&confirm={}", enc(tsunagu_app::accounts::session::DEFAULT_DEMO_PASSWORD), enc("削除"));
        let (_, _, text) = request(&s.app, "/api/accounts/delete", Some(&body), Some(&cookie)).await;
        assert!(text.contains("Done"), "{text}");
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = $1").bind(email).fetch_one(s.db.pool()).await.unwrap();
        assert_eq!(left, 0);
        let favs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM favourites").fetch_one(s.db.pool()).await.unwrap();
        assert_eq!(favs, 0);
        let (name, status): (String, String) = sqlx::query_as("SELECT name, status FROM event_signups WHERE event_id = $1").bind(event).fetch_one(s.db.pool()).await.unwrap();
        assert_eq!((name.as_str(), status.as_str()), ("(deleted)", "cancelled"), "future sign-up cancelled and blanked");
        let booked_after: i64 = sqlx::query_scalar("SELECT booked FROM events WHERE id = $1").bind(event).fetch_one(s.db.pool()).await.unwrap();
        assert_eq!(booked_after, booked_before - 1, "the place goes back on offer");
        let (_, _, me) = request(&s.app, "/api/accounts/me", Some(""), Some(&cookie)).await;
        assert_eq!(me.trim(), "null");
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn save_to_my_account_keeps_one_copy_and_refuses_made_up_results() {
    use tower::ServiceExt;
    use tsunagu_app::health_check::device::SavedResult;
    use tsunagu_app::health_check::scoring::{score, AnswerValue};
    let s = common::site(&[]).await;
    let lib = tsunagu_app::health_check::library::Library::load(None).unwrap();
    let q = lib.get("positive-health-quick").unwrap();
    let answers = q.sections.iter().flat_map(|s| s.items.iter()).map(|i| (i.id.clone(), AnswerValue::Scale(6))).collect();
    let result = SavedResult {
        id: "1764000000000".into(),
        questionnaire_id: q.id.clone(),
        title: q.title.clone(),
        taken_at: "2026-11-24T10:05".into(),
        result: score(q, &answers).unwrap(),
        note: "散歩を続けたい".into(),
    };
    let save = |r: &SavedResult, cookie: Option<&str>| {
        let mut req = http::Request::post("/api/accounts/save-check")
            .header("content-type", "application/json")
            .header("host", "127.0.0.1:3000")
            .header("sec-fetch-site", "same-origin");
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.body(axum::body::Body::from(serde_json::json!({ "result": r }).to_string())).unwrap()
    };
    let body_of = |res: http::Response<axum::body::Body>| async move {
        String::from_utf8(axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap().to_vec()).unwrap()
    };
    let res = s.app.clone().oneshot(save(&result, None)).await.unwrap();
    assert!(body_of(res).await.contains("SignInRequired"), "results are never stored without an account");
    let cookie = sign_in(&s.app, "resident@midorino.example.jp").await;
    for _ in 0..2 {
        let res = s.app.clone().oneshot(save(&result, Some(&cookie))).await.unwrap();
        assert!(res.status().is_success());
    }
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM saved_checks").fetch_one(s.db.pool()).await.unwrap();
    assert_eq!(n, 1, "saving the same result twice keeps one copy");
    let points: Vec<(String, i64)> = sqlx::query_as("SELECT reason, points FROM points_ledger WHERE reason = 'self_check'").fetch_all(s.db.pool()).await.unwrap();
    assert_eq!(points, vec![("self_check".to_string(), 5)], "a self-check earns its points once");
    let mut forged = result.clone();
    forged.id = "x2".into();
    forged.result.sections.pop();
    let res = s.app.clone().oneshot(save(&forged, Some(&cookie))).await.unwrap();
    assert!(body_of(res).await.contains("Invalid"));
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM saved_checks").fetch_one(s.db.pool()).await.unwrap();
    assert_eq!(n, 1);
    let (_, _, overview) = request(&s.app, "/api/accounts/overview", Some(""), Some(&cookie)).await;
    let id: i64 = serde_json::from_str::<serde_json::Value>(&overview).unwrap()["saved_checks"][0]["id"].as_i64().unwrap();
    // the saved result's page is server-rendered with the chart, for its owner only
    let (status, _, html) = request(&s.app, &format!("/account/checks/{id}"), None, Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<svg") && html.contains("散歩を続けたい"), "chart and note");
    assert!(html.contains("こころの調子") && html.contains("生きがい"), "the scores name their dimensions");
    let other = sign_in(&s.app, "writer@midorino.example.jp").await;
    let (status, _, _) = request(&s.app, &format!("/account/checks/{id}"), None, Some(&other)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // the result page's plain form: the browser is sent back to the result,
    // the query saying what happened
    let post_form = |body: String, cookie: Option<&str>| {
        let mut req = http::Request::post("/api/accounts/save-device-result")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "text/html,application/xhtml+xml")
            .header("host", "127.0.0.1:3000")
            .header("sec-fetch-site", "same-origin");
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.body(axum::body::Body::from(body)).unwrap()
    };
    let location = |res: &http::Response<axum::body::Body>| res.headers().get("location").map(|v| v.to_str().unwrap().to_string());
    let mut again = result.clone();
    again.id = "1764000000999".into();
    let form = |r: &SavedResult, back: &str| {
        format!("result_json={}&back={}", tsunagu_app::activities::query::encode(&serde_json::to_string(r).unwrap()), tsunagu_app::activities::query::encode(back))
    };
    let back = "/health-check/results/1764000000999";
    let res = s.app.clone().oneshot(post_form(form(&again, back), None)).await.unwrap();
    assert_eq!(location(&res).as_deref(), Some("/health-check/results/1764000000999?saved=login#save-account"), "signed out: sign in first");
    let res = s.app.clone().oneshot(post_form(form(&forged, back), Some(&cookie))).await.unwrap();
    assert_eq!(location(&res).as_deref(), Some("/health-check/results/1764000000999?saved=failed#save-account"));
    let res = s.app.clone().oneshot(post_form("result_json=%7Bnot%20json&back=/health-check/results/1".into(), Some(&cookie))).await.unwrap();
    assert_eq!(location(&res).as_deref(), Some("/health-check/results/1?saved=failed#save-account"));
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM saved_checks").fetch_one(s.db.pool()).await.unwrap();
    assert_eq!(n, 1, "nothing kept from a refused form");
    let res = s.app.clone().oneshot(post_form(form(&again, "https://evil.example/"), Some(&cookie))).await.unwrap();
    assert_eq!(location(&res).as_deref(), Some("/health-check?saved=1"), "never back to another site");
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM saved_checks").fetch_one(s.db.pool()).await.unwrap();
    assert_eq!(n, 2);
}

/// The binary's default is safe: without demo mode an empty database gets no
/// account at all (and no demo town); demo mode with its own password gives
/// the demo accounts that password, not the published one.
#[tokio::test]
async fn no_demo_accounts_unless_demo_mode_is_asked_for() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[("TSUNAGU_DEMO_SEED", "0")]).await;
        let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(s.db.pool()).await.unwrap();
        assert_eq!(users, 0, "{}", db.url);
        let (present, _) = tsunagu_app::accounts::session::demo_accounts_present(&s.db).await.unwrap();
        assert!(present.is_empty());
        let login = format!("email={}&password={}&next=", enc(DEMO_ACCOUNTS[1].0), enc(tsunagu_app::accounts::session::DEFAULT_DEMO_PASSWORD));
        let (_, headers, text) = request(&s.app, "/api/accounts/login", Some(&login), None).await;
        assert!(session_cookie(&headers).is_none(), "no demo sign-in: {text}");
        s.db.close().await;
        db.drop_db().await;
    }
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[("TSUNAGU_DEMO_SEED", "1"), ("TSUNAGU_DEMO_STAFF_PASSWORD", "kX9-town-demo")]).await;
        let (present, published) = tsunagu_app::accounts::session::demo_accounts_present(&s.db).await.unwrap();
        assert_eq!(present.len(), DEMO_ACCOUNTS.len(), "{}", db.url);
        assert!(!published, "{}: the demo accounts have the configured password", db.url);
        s.db.close().await;
        db.drop_db().await;
    }
}

#[tokio::test]
async fn sessions_left_unused_end_sooner_for_casework_than_for_residents() {
    let s = common::site(&[]).await;
    let worker = sign_in(&s.app, "linkworker@midorino.example.jp").await;
    let resident = sign_in(&s.app, "resident@midorino.example.jp").await;
    let who = |cookie: String| {
        let app = s.app.clone();
        async move { request(&app, "/api/accounts/me", Some(""), Some(&cookie)).await.2 }
    };
    let ago = |hours: i64| tsunagu_app::accounts::session::time_text(chrono::Utc::now() - chrono::Duration::hours(hours));
    let set_seen = |email: &'static str, at: String| {
        let db = s.db.clone();
        async move {
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE user_id = (SELECT id FROM users WHERE email = $2)")
                .bind(at)
                .bind(email)
                .execute(db.pool())
                .await
                .unwrap();
        }
    };
    // a link worker's tablet untouched for 11 hours is still signed in; 13, not
    set_seen("linkworker@midorino.example.jp", ago(11)).await;
    assert!(who(worker.clone()).await.contains("linkworker@"));
    set_seen("linkworker@midorino.example.jp", ago(13)).await;
    assert_eq!(who(worker.clone()).await, "null");
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = 'linkworker@midorino.example.jp')")
        .fetch_one(s.db.pool())
        .await
        .unwrap();
    assert_eq!(left, 0, "the idle session is gone, not just refused");
    // a resident's phone after two idle weeks still is
    set_seen("resident@midorino.example.jp", ago(24 * 14)).await;
    assert!(who(resident.clone()).await.contains("resident@"));
    // and the site may shorten it
    let s2 = common::site(&[("TSUNAGU_IDLE_HOURS_RESIDENT", "24")]).await;
    let resident = sign_in(&s2.app, "resident@midorino.example.jp").await;
    sqlx::query("UPDATE sessions SET last_seen_at = $1").bind(ago(25)).execute(s2.db.pool()).await.unwrap();
    assert_eq!(request(&s2.app, "/api/accounts/me", Some(""), Some(&resident)).await.2, "null");
}

#[tokio::test]
async fn an_invitation_dies_with_its_senders_account_or_role() {
    let outbox = tempfile::tempdir().unwrap();
    let s = common::site(&[("TSUNAGU_OUTBOX_DIR", &outbox_env(&outbox))]).await;
    let editor = sign_in(&s.app, "editor@midorino.example.jp").await;
    let invite = |email: &str| format!("form%5Bemail%5D={}&form%5Broles%5D%5Bwriter%5D=true", enc(email));
    let newest_token = || newest_link(&outbox, "/invite/").rsplit('/').next().unwrap().to_string();
    let accept = |token: &str| format!("token={token}&display_name={}&password=ink-and-paper-2026&password_again=ink-and-paper-2026", enc("けんた"));
    // the editor loses the editor role: their invitation no longer holds
    request(&s.app, "/api/accounts/invite", Some(&invite("kenta@example.jp")), Some(&editor)).await;
    let first = newest_token();
    sqlx::query("UPDATE users SET roles = 'resident' WHERE email = 'editor@midorino.example.jp'").execute(s.db.pool()).await.unwrap();
    let (_, _, info) = request(&s.app, "/api/accounts/invitation", Some(&format!("token={first}")), None).await;
    assert_eq!(info, "null");
    let (_, _, text) = request(&s.app, "/api/accounts/accept-invitation", Some(&accept(&first)), None).await;
    assert!(text.contains("LinkExpired"), "{text}");
    // given back the role, then disabled: the same
    sqlx::query("UPDATE users SET roles = 'editor' WHERE email = 'editor@midorino.example.jp'").execute(s.db.pool()).await.unwrap();
    let editor = sign_in(&s.app, "editor@midorino.example.jp").await;
    request(&s.app, "/api/accounts/invite", Some(&invite("mika@example.jp")), Some(&editor)).await;
    let second = newest_token();
    sqlx::query("UPDATE users SET disabled_at = '2026-12-01T00:00:00Z' WHERE email = 'editor@midorino.example.jp'").execute(s.db.pool()).await.unwrap();
    let (_, _, text) = request(&s.app, "/api/accounts/accept-invitation", Some(&accept(&second)), None).await;
    assert!(text.contains("LinkExpired"), "{text}");
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email IN ('kenta@example.jp', 'mika@example.jp')").fetch_one(s.db.pool()).await.unwrap();
    assert_eq!(n, 0);
}
