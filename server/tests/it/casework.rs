//! Casework over HTTP on SQLite and PostgreSQL: form ① into the intake
//! queue, assignment, who may read which case (and that every read is in the
//! audit log), and the tablet's sync — idempotent, ordered per case,
//! conflicts kept for a person to decide, bad batches refused whole.
use crate::common;

use common::{request, sign_in};
use http::StatusCode;
use serde_json::{json, Value};
use tsunagu_app::accounts::Role;

const LINK_WORKER: &str = "linkworker@midorino.example.jp";
const LEAD: &str = "lead@midorino.example.jp";
const CLINIC: &str = "clinic@midorino.example.jp";
const ADMIN: &str = "admin@midorino.example.jp";

fn enc(s: &str) -> String {
    tsunagu_app::activities::query::encode(s)
}

/// POST JSON as the tablet does (same-origin, with the session cookie).
async fn post_json(app: &axum::Router, path: &str, body: &str, cookie: &str) -> (StatusCode, Value) {
    use tower::ServiceExt;
    let req = http::Request::post(path)
        .header("content-type", "application/json")
        .header("host", "127.0.0.1:3000")
        .header("sec-fetch-site", "same-origin")
        .header("user-agent", "Mozilla/5.0 (Linux; Android 14; SM-X200) AppleWebKit/537.36 Chrome/126.0 Safari/537.36")
        .header("cookie", cookie)
        .body(axum::body::Body::from(body.to_string()))
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 10 << 20).await.unwrap();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

fn referral_form(name: &str) -> String {
    [
        ("source", "clinic"),
        ("doctor", "鈴木 一郎"),
        ("name", name),
        ("sex", "female"),
        ("birth_date", "S23.5.3"),
        ("address", "みどり野市 北山2-1"),
        ("phone", "0796-00-1111"),
        ("concerns", "low_mood,wants_connection"),
        ("most_pressing", "low_mood"),
        ("free_text", "一人暮らしで外出が減った"),
        ("consent", "self"),
        ("consent_date", "2026-11-20"),
    ]
    .iter()
    .map(|(k, v)| format!("form%5B{k}%5D={}", enc(v)))
    .collect::<Vec<_>>()
    .join("&")
}

async fn count(db: &tsunagu_app::db::Db, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(db.pool()).await.unwrap()
}

async fn user_id(db: &tsunagu_app::db::Db, email: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email).fetch_one(db.pool()).await.unwrap()
}

/// The clinic refers someone and the lead assigns them to the demo link
/// worker; the new case's id.
pub(crate) async fn referred_and_assigned(s: &common::Site, name: &str) -> i64 {
    let clinic = sign_in(&s.app, CLINIC).await;
    let (_, _, text) = request(&s.app, "/api/casework/refer", Some(&referral_form(name)), Some(&clinic)).await;
    let reply: Value = serde_json::from_str(&text).unwrap();
    let referral = reply["Received"].as_i64().unwrap_or_else(|| panic!("referral refused: {text}"));
    let lead = sign_in(&s.app, LEAD).await;
    let worker = user_id(&s.db, LINK_WORKER).await;
    let (_, _, text) =
        request(&s.app, "/api/casework/assign", Some(&format!("referral_id={referral}&worker_id={worker}")), Some(&lead)).await;
    text.trim().parse().unwrap_or_else(|_| panic!("assign failed: {text}"))
}

pub(crate) fn note(client_id: &str, case_id: i64, seq: i64, body: &str) -> Value {
    json!({ "client_id": client_id, "case_id": case_id, "seq": seq, "written_at": "2026-12-02T10:00:00+09:00",
            "change": { "kind": "note", "note_kind": "visit", "happened_on": "2026-12-02", "body": body } })
}

fn field(client_id: &str, case_id: i64, seq: i64, name: &str, value: &str, base: i64) -> Value {
    json!({ "client_id": client_id, "case_id": case_id, "seq": seq, "written_at": "2026-12-02T10:00:00+09:00",
            "change": { "kind": "field", "field": name, "value": value, "base_revision": base } })
}

pub(crate) fn batch(device: &str, items: Vec<Value>) -> String {
    json!({ "device_id": device, "items": items }).to_string()
}

fn outcomes(reply: &Value) -> Vec<String> {
    reply["results"].as_array().unwrap().iter().map(|r| r["outcome"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn a_referral_becomes_a_case_only_its_workers_read_and_every_read_is_audited() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        // bad form ①: every problem named, nothing stored
        let clinic = sign_in(&s.app, CLINIC).await;
        let before = count(&s.db, "SELECT COUNT(*) FROM referrals").await;
        let (_, _, text) =
            request(&s.app, "/api/casework/refer", Some("form%5Bsource%5D=clinic&form%5Bconsent%5D=self"), Some(&clinic)).await;
        assert!(text.contains("Invalid") && text.contains("name") && text.contains("birth_date"), "{text}");
        assert_eq!(count(&s.db, "SELECT COUNT(*) FROM referrals").await, before);

        // the referrer's institution comes from the account
        let case_id = referred_and_assigned(&s, "川口 トメ").await;
        let institution: String = sqlx::query_scalar("SELECT r.institution FROM referrals r JOIN cases c ON c.referral_id = r.id WHERE c.id = $1")
            .bind(case_id)
            .fetch_one(s.db.pool())
            .await
            .unwrap();
        assert_eq!(institution, tsunagu_app::casework::seed::DEMO_CLINIC);

        // the assigned link worker reads it; the read is in the log with the device
        let worker = sign_in(&s.app, LINK_WORKER).await;
        let (_, _, text) = request(&s.app, "/api/casework/case", Some(&format!("id={case_id}")), Some(&worker)).await;
        let file: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{text}"));
        assert_eq!(file["person"]["name"], "川口 トメ");
        assert_eq!(file["fields"]["status"]["value"], "received");
        let reads = count(&s.db, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'read' AND subject = 'case' AND subject_id = {case_id}")).await;
        assert_eq!(reads, 1);

        // another link worker (not assigned), a lead of another team, staff: refused, nothing read
        let mut conn = s.db.pool().acquire().await.unwrap();
        let other_team: i64 = sqlx::query_scalar("INSERT INTO case_teams (name) VALUES ('東部チーム') RETURNING id").fetch_one(&mut *conn).await.unwrap();
        let pw = tsunagu_app::accounts::session::DEFAULT_DEMO_PASSWORD.to_string();
        let other = tsunagu_app::accounts::session::upsert_user(&mut conn, "lw2@midorino.example.jp", "LW2", &pw, &[Role::LinkWorker]).await.unwrap();
        let far_lead = tsunagu_app::accounts::session::upsert_user(&mut conn, "lead2@midorino.example.jp", "Lead2", &pw, &[Role::CaseLead]).await.unwrap();
        sqlx::query("UPDATE users SET team_id = $1 WHERE id = $2").bind(other_team).bind(far_lead).execute(&mut *conn).await.unwrap();
        let home_team: i64 = sqlx::query_scalar("SELECT team_id FROM users WHERE email = $1").bind(LINK_WORKER).fetch_one(&mut *conn).await.unwrap();
        sqlx::query("UPDATE users SET team_id = $1 WHERE id = $2").bind(home_team).bind(other).execute(&mut *conn).await.unwrap();
        drop(conn);
        for who in ["lw2@midorino.example.jp", "lead2@midorino.example.jp", "staff@midorino.example.jp", ADMIN] {
            let cookie = sign_in(&s.app, who).await;
            let (_, _, text) = request(&s.app, "/api/casework/case", Some(&format!("id={case_id}")), Some(&cookie)).await;
            assert!(text.contains("Forbidden"), "{who}: {text}");
            assert!(!text.contains("川口"), "{who} saw the name");
        }
        // each refusal to a link worker or lead is in the log, as a refusal
        let refused = format!("SELECT COUNT(*) FROM audit_log WHERE action = 'refused' AND subject = 'case' AND subject_id = {case_id}");
        assert!(count(&s.db, &refused).await >= 2, "lw2 and lead2 were refused");
        let refused_by: Vec<String> = sqlx::query_scalar(&format!("SELECT actor FROM audit_log WHERE action = 'refused' AND subject_id = {case_id}"))
            .fetch_all(s.db.pool())
            .await
            .unwrap();
        assert!(refused_by.iter().any(|a| a == "lw2@midorino.example.jp") && refused_by.iter().any(|a| a == "lead2@midorino.example.jp"), "{refused_by:?}");
        // the lead of the same team reads the team's case
        let lead = sign_in(&s.app, LEAD).await;
        let (_, _, text) = request(&s.app, "/api/casework/case", Some(&format!("id={case_id}")), Some(&lead)).await;
        assert!(text.contains("川口 トメ"), "{text}");
        assert_eq!(count(&s.db, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'read' AND subject_id = {case_id}")).await, 2);

        // handing the case to the other link worker moves who may read it
        let (_, _, text) = request(&s.app, "/api/casework/reassign", Some(&format!("case_id={case_id}&worker_id={other}")), Some(&lead)).await;
        assert!(!text.contains("Forbidden") && !text.contains("Invalid"), "{text}");
        let (_, _, text) = request(&s.app, "/api/casework/case", Some(&format!("id={case_id}")), Some(&worker)).await;
        assert!(text.contains("Forbidden"), "{text}");
        // a lead cannot assign to someone outside the team
        let (_, _, text) =
            request(&s.app, "/api/casework/reassign", Some(&format!("case_id={case_id}&worker_id={far_lead}")), Some(&lead)).await;
        assert!(text.contains("Invalid"), "{text}");

        // the admin sees and exports the log: who, what, device; never the person's name
        let admin = sign_in(&s.app, ADMIN).await;
        let (status, headers, csv) = request(&s.app, "/staff/audit.csv", None, Some(&admin)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(headers["content-type"].to_str().unwrap().starts_with("text/csv"));
        assert!(csv.contains(LINK_WORKER) && csv.contains(LEAD) && csv.contains("read") && csv.contains("assign"), "{csv}");
        assert!(!csv.contains("川口"), "the log holds no personal values");
        let (_, _, text) = request(&s.app, "/api/casework/audit", Some(&format!("case_id={case_id}")), Some(&admin)).await;
        let entries: Value = serde_json::from_str(&text).unwrap();
        assert!(entries.as_array().unwrap().iter().all(|e| e["subject_id"] == case_id), "{text}");
        // reading the log is itself logged
        let views = count(&s.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'read' AND subject = 'audit' AND actor = 'admin@midorino.example.jp'").await;
        assert_eq!(views, 1);
        // and so is a change of someone's roles
        let (_, _, text) = request(&s.app, "/api/accounts/set-roles", Some(&format!("user_id={other}&roles%5Bcase_lead%5D=true")), Some(&admin)).await;
        assert!(text.contains("Done"), "{text}");
        let detail: String = sqlx::query_scalar(&format!("SELECT detail FROM audit_log WHERE action = 'roles' AND subject = 'user' AND subject_id = {other}"))
            .fetch_one(s.db.pool())
            .await
            .unwrap();
        assert_eq!(detail, "link_worker → case_lead");

        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn a_referral_without_consent_keeps_nothing_that_identifies() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let worker = sign_in(&s.app, LINK_WORKER).await;
        // the office types in a FAX: without consent a name is refused, not dropped
        let body = "form%5Bsource%5D=office&form%5Bconsent%5D=none&form%5Bname%5D=x&form%5Bconcerns%5D=money";
        let (_, _, text) = request(&s.app, "/api/casework/refer", Some(body), Some(&worker)).await;
        assert!(text.contains("Invalid") && text.contains("name"), "{text}");
        let body = "form%5Bsource%5D=office&form%5Bconsent%5D=none&form%5Bbirth_date%5D=S15.3.1&form%5Bconcerns%5D=money&form%5Bdistrict%5D=kitayama";
        let (_, _, text) = request(&s.app, "/api/casework/refer", Some(body), Some(&worker)).await;
        let id = serde_json::from_str::<Value>(&text).unwrap()["Received"].as_i64().unwrap_or_else(|| panic!("{text}"));
        let row: (String, Option<String>, Option<String>, Option<i64>) =
            sqlx::query_as("SELECT kind, name, birth_date, age_band FROM referrals WHERE id = $1").bind(id).fetch_one(s.db.pool()).await.unwrap();
        assert_eq!(row, ("meeting".into(), None, None, Some(80)));
        // it cannot become a case
        let lead = sign_in(&s.app, LEAD).await;
        let w = user_id(&s.db, LINK_WORKER).await;
        let (_, _, text) = request(&s.app, "/api/casework/assign", Some(&format!("referral_id={id}&worker_id={w}")), Some(&lead)).await;
        assert!(text.contains("Invalid") || text.contains("NotFound"), "{text}");
        // residents cannot send form ①; nobody can without signing in or a link
        let resident = sign_in(&s.app, "resident@midorino.example.jp").await;
        let (_, _, text) = request(&s.app, "/api/casework/refer", Some(&referral_form("x")), Some(&resident)).await;
        assert!(text.contains("Forbidden"), "{text}");
        let (_, _, text) = request(&s.app, "/api/casework/refer", Some(&referral_form("x")), None).await;
        assert!(text.contains("SignInRequired"), "{text}");
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn sync_is_idempotent_and_ordered_per_case() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let case_id = referred_and_assigned(&s, "大西 ミツ").await;
        let worker = sign_in(&s.app, LINK_WORKER).await;
        let first = batch("tablet-aaaa", vec![note("n-aaaa-0001", case_id, 1, "訪問1"), note("n-aaaa-0002", case_id, 2, "訪問2")]);
        let (status, reply) = post_json(&s.app, "/api/casework/sync", &first, &worker).await;
        assert_eq!(status, StatusCode::OK, "{reply}");
        assert_eq!(outcomes(&reply), ["applied", "applied"]);
        assert!(reply["assigned_cases"].as_array().unwrap().contains(&json!(case_id)));
        // the same batch again (the reply was lost): nothing twice
        let (_, reply) = post_json(&s.app, "/api/casework/sync", &first, &worker).await;
        assert_eq!(outcomes(&reply), ["duplicate", "duplicate"]);
        let notes = format!("SELECT COUNT(*) FROM case_notes WHERE case_id = {case_id}");
        assert_eq!(count(&s.db, &notes).await, 2);

        // item 4 arrives before item 3: it waits, unwritten
        let (_, reply) = post_json(&s.app, "/api/casework/sync", &batch("tablet-aaaa", vec![note("n-aaaa-0004", case_id, 4, "4")]), &worker).await;
        assert_eq!(outcomes(&reply), ["deferred"]);
        assert_eq!(count(&s.db, &notes).await, 2);
        // 3 arrives, then 4 again: both written, in order
        let (_, reply) = post_json(&s.app, "/api/casework/sync", &batch("tablet-aaaa", vec![note("n-aaaa-0003", case_id, 3, "3")]), &worker).await;
        assert_eq!(outcomes(&reply), ["applied"]);
        let (_, reply) = post_json(&s.app, "/api/casework/sync", &batch("tablet-aaaa", vec![note("n-aaaa-0004", case_id, 4, "4")]), &worker).await;
        assert_eq!(outcomes(&reply), ["applied"]);
        // within one batch the order sent does not matter
        let shuffled = batch("tablet-aaaa", vec![note("n-aaaa-0006", case_id, 6, "6"), note("n-aaaa-0005", case_id, 5, "5")]);
        let (_, reply) = post_json(&s.app, "/api/casework/sync", &shuffled, &worker).await;
        assert_eq!(outcomes(&reply), ["applied", "applied"]);
        assert_eq!(count(&s.db, &notes).await, 6);
        // a second device has its own sequence
        let (_, reply) = post_json(&s.app, "/api/casework/sync", &batch("tablet-bbbb", vec![note("n-bbbb-0001", case_id, 1, "b")]), &worker).await;
        assert_eq!(outcomes(&reply), ["applied"]);

        // every write is in the audit log with kinds, not values
        let detail: String = sqlx::query_scalar(&format!(
            "SELECT detail FROM audit_log WHERE action = 'write' AND subject_id = {case_id} ORDER BY id LIMIT 1"
        ))
        .fetch_one(s.db.pool())
        .await
        .unwrap();
        assert_eq!(detail, "note×2");
        let devices: String = sqlx::query_scalar("SELECT device FROM audit_log WHERE action = 'write' LIMIT 1").fetch_one(s.db.pool()).await.unwrap();
        assert!(devices.contains("Android"), "{devices}");
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn two_devices_changing_one_field_make_a_conflict_not_an_overwrite() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let case_id = referred_and_assigned(&s, "森 サダ").await;
        let worker = sign_in(&s.app, LINK_WORKER).await;
        let lead = sign_in(&s.app, LEAD).await;
        // the worker's tablet: two changes in a row from revision 0 — its own, no conflict
        let (_, reply) = post_json(
            &s.app,
            "/api/casework/sync",
            &batch("tablet-aaaa", vec![field("f-aaaa-0001", case_id, 1, "status", "contacting", 0), field("f-aaaa-0002", case_id, 2, "status", "assessing", 0)]),
            &worker,
        )
        .await;
        assert_eq!(outcomes(&reply), ["applied", "applied"]);
        // the lead's laptop also saw revision 0 and chose another status
        let (_, reply) = post_json(&s.app, "/api/casework/sync", &batch("laptop-cccc", vec![field("f-cccc-0001", case_id, 1, "status", "connecting", 0)]), &lead).await;
        assert_eq!(outcomes(&reply), ["conflict"]);
        let r = &reply["results"][0];
        assert_eq!((r["server_value"].as_str(), r["device_value"].as_str()), (Some("assessing"), Some("connecting")));
        // nothing overwritten; the case shows both values
        let (_, _, text) = request(&s.app, "/api/casework/case", Some(&format!("id={case_id}")), Some(&worker)).await;
        let file: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(file["fields"]["status"], json!({ "value": "assessing", "revision": 2 }));
        assert_eq!(file["conflicts"][0]["device_value"], "connecting");
        // a replay of the conflicting item answers the same conflict again
        let (_, reply) = post_json(&s.app, "/api/casework/sync", &batch("laptop-cccc", vec![field("f-cccc-0001", case_id, 1, "status", "connecting", 0)]), &lead).await;
        assert_eq!(outcomes(&reply), ["conflict"]);
        assert_eq!(count(&s.db, "SELECT COUNT(*) FROM case_conflicts").await, 1);
        // the same item id sent by someone else is no replay: refused whole,
        // learning nothing of the lead's conflict
        let (status, reply) = post_json(&s.app, "/api/casework/sync", &batch("tablet-aaaa", vec![field("f-cccc-0001", case_id, 3, "status", "closed", 2)]), &worker).await;
        assert_eq!((status, reply["problems"][0]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("client_id")), "{reply}");
        assert!(!reply.to_string().contains("connecting"), "{reply}");
        // the lead chooses, now knowing revision 2: applied, conflict settled
        let (_, reply) = post_json(&s.app, "/api/casework/sync", &batch("laptop-cccc", vec![field("f-cccc-0002", case_id, 2, "status", "connecting", 2)]), &lead).await;
        assert_eq!(outcomes(&reply), ["applied"]);
        let (_, _, text) = request(&s.app, "/api/casework/case", Some(&format!("id={case_id}")), Some(&worker)).await;
        let file: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(file["fields"]["status"]["value"], "connecting");
        assert_eq!(file["conflicts"], json!([]));
        let status: String = sqlx::query_scalar("SELECT status FROM cases WHERE id = $1").bind(case_id).fetch_one(s.db.pool()).await.unwrap();
        assert_eq!(status, "connecting", "the list's status follows the field");
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn bad_batches_are_refused_whole_with_a_clear_message() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let case_id = referred_and_assigned(&s, "岡 キヨ").await;
        let worker = sign_in(&s.app, LINK_WORKER).await;
        let written = || async {
            count(&s.db, &format!("SELECT COUNT(*) FROM case_notes WHERE case_id = {case_id}")).await
                + count(&s.db, "SELECT COUNT(*) FROM sync_items").await
                + count(&s.db, "SELECT COUNT(*) FROM case_connections WHERE client_id NOT LIKE 'demo-%'").await
        };
        // one good note and one empty one: neither is written
        let bad = batch("tablet-aaaa", vec![note("n-aaaa-0001", case_id, 1, "ok"), note("n-aaaa-0002", case_id, 2, "  ")]);
        let (status, reply) = post_json(&s.app, "/api/casework/sync", &bad, &worker).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(reply["error"], "invalid");
        assert_eq!(reply["problems"][0]["item"], 1);
        assert!(reply["problems"][0]["message"].as_str().unwrap().starts_with("2件目"), "{reply}");
        assert!(reply["message"].as_str().unwrap().contains("何も保存していません"));
        assert_eq!(written().await, 0);
        // not JSON at all
        let (status, reply) = post_json(&s.app, "/api/casework/sync", "{\"device_id\": ", &worker).await;
        assert_eq!((status, reply["error"].as_str()), (StatusCode::BAD_REQUEST, Some("malformed")));
        // a connection to a listing that does not exist
        let conn = json!({ "client_id": "c-aaaa-0002", "case_id": case_id, "seq": 2, "written_at": "2026-12-02T01:00:00Z",
            "change": { "kind": "connection", "label": "?", "activity_id": 999999, "tie": "formal", "family": "life", "state": "planned" } });
        let (status, reply) = post_json(&s.app, "/api/casework/sync", &batch("tablet-aaaa", vec![note("n-aaaa-0001", case_id, 1, "ok"), conn]), &worker).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{reply}");
        assert_eq!(reply["problems"][0]["field"], "activity_id");
        assert_eq!(written().await, 0);
        // a case that is not theirs (and one that does not exist)
        let (status, reply) = post_json(
            &s.app,
            "/api/casework/sync",
            &batch("tablet-aaaa", vec![note("n-aaaa-0001", case_id, 1, "ok"), note("n-aaaa-0003", 999999, 1, "x")]),
            &worker,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(reply["problems"][0]["case_id"], 999999);
        assert_eq!(written().await, 0);
        // in English when the person reads English
        let (status, reply) = post_json(&s.app, "/api/casework/sync", &bad, &format!("{worker}; i18n_pref_locale=en")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(reply["problems"][0]["message"].as_str().unwrap().starts_with("item 2"), "{reply}");
        // and a good one goes through, connection and rating included
        let good = vec![
            note("n-aaaa-0001", case_id, 1, "ok"),
            json!({ "client_id": "c-aaaa-0002", "case_id": case_id, "seq": 2, "written_at": "2026-12-02T01:00:00Z",
                "change": { "kind": "connection", "label": "いきいき百歳体操", "activity_id": 1, "tie": "formal", "family": "vitality", "state": "planned" } }),
            json!({ "client_id": "r-aaaa-0003", "case_id": case_id, "seq": 3, "written_at": "2026-12-02T01:00:00Z",
                "change": { "kind": "rating", "stage": "intake", "indicator": "connected", "rating": 2 } }),
        ];
        let (status, reply) = post_json(&s.app, "/api/casework/sync", &batch("tablet-aaaa", good), &worker).await;
        assert_eq!(status, StatusCode::OK, "{reply}");
        assert_eq!(outcomes(&reply), ["applied", "applied", "applied"]);
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn form_two_goes_back_to_the_referrer_only_with_agreement() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let case_id = referred_and_assigned(&s, "北川 ヨシ").await;
        let worker = sign_in(&s.app, LINK_WORKER).await;
        let (_, _, text) = request(&s.app, "/api/casework/send-feedback", Some(&format!("case_id={case_id}")), Some(&worker)).await;
        assert!(text.contains("NotAgreed"), "{text}");
        let items = vec![
            field("f-aaaa-0001", case_id, 1, "report_agreed", "yes", 0),
            field("f-aaaa-0002", case_id, 2, "care_level", "support_2", 0),
            field("f-aaaa-0003", case_id, 3, "main_support", "公民館の体操へ同行", 0),
            json!({ "client_id": "c-aaaa-0004", "case_id": case_id, "seq": 4, "written_at": "2026-12-02T01:00:00Z",
                "change": { "kind": "connection", "label": "みどり野市社会福祉協議会", "tie": "formal", "family": "life", "state": "active" } }),
        ];
        let (status, reply) = post_json(&s.app, "/api/casework/sync", &batch("tablet-aaaa", items), &worker).await;
        assert_eq!(status, StatusCode::OK, "{reply}");
        let (_, _, text) = request(&s.app, "/api/casework/send-feedback", Some(&format!("case_id={case_id}")), Some(&worker)).await;
        assert!(text.contains("Sent"), "{text}");

        // the clinic reads it; a resident cannot; another referrer sees nothing of it
        let clinic = sign_in(&s.app, CLINIC).await;
        let (_, _, text) = request(&s.app, "/api/casework/my-feedback", Some(""), Some(&clinic)).await;
        let sent: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{text}"));
        let report = &sent[0]["report"];
        assert_eq!(report["person_name"], "北川 ヨシ");
        assert_eq!(report["care_level"], "support_2");
        assert_eq!(report["connections_now"], 1);
        assert_eq!(report["involved"][0]["label"], "みどり野市社会福祉協議会");
        let mut conn = s.db.pool().acquire().await.unwrap();
        let pw = tsunagu_app::accounts::session::DEFAULT_DEMO_PASSWORD.to_string();
        tsunagu_app::accounts::session::upsert_user(&mut conn, "pharmacy@midorino.example.jp", "Pharmacy", &pw, &[Role::Referrer]).await.unwrap();
        drop(conn);
        let other = sign_in(&s.app, "pharmacy@midorino.example.jp").await;
        let (_, _, text) = request(&s.app, "/api/casework/my-feedback", Some(""), Some(&other)).await;
        assert_eq!(text.trim(), "[]");
        let sends = count(&s.db, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'send' AND subject_id = {case_id}")).await;
        assert_eq!(sends, 1);
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn a_one_time_link_lets_a_clinic_without_an_account_refer_once() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let lead = sign_in(&s.app, LEAD).await;
        let (_, _, text) = request(&s.app, "/api/casework/referral-link", Some(&format!("institution={}", enc("北山診療所"))), Some(&lead)).await;
        let path = serde_json::from_str::<Value>(&text).unwrap()["Ok"].as_str().unwrap_or_else(|| panic!("{text}")).to_string();
        let token = path.split("link=").nth(1).unwrap().to_string();
        let body = format!("{}&link={token}", referral_form("今井 トキ"));
        let (_, _, text) = request(&s.app, "/api/casework/refer", Some(&body), None).await;
        let id = serde_json::from_str::<Value>(&text).unwrap()["Received"].as_i64().unwrap_or_else(|| panic!("{text}"));
        let institution: Option<String> = sqlx::query_scalar("SELECT institution FROM referrals WHERE id = $1").bind(id).fetch_one(s.db.pool()).await.unwrap();
        assert_eq!(institution.as_deref(), Some("北山診療所"));
        // used up
        let (_, _, text) = request(&s.app, "/api/casework/refer", Some(&body), None).await;
        assert!(text.contains("link"), "{text}");
        let (_, _, text) = request(&s.app, "/api/casework/refer-as", Some(&format!("link={token}")), None).await;
        assert!(text.contains("LinkUsed"), "{text}");
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn pages_with_personal_data_are_never_stored_and_the_case_frame_holds_none() {
    let s = common::site(&[]).await;
    let worker = sign_in(&s.app, LINK_WORKER).await;
    let case_id: i64 = sqlx::query_scalar("SELECT MIN(id) FROM cases").fetch_one(s.db.pool()).await.unwrap();
    let (status, headers, html) = request(&s.app, "/casework", None, Some(&worker)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["cache-control"], "private, no-store");
    assert!(html.contains("山本 ハナ"), "the list is rendered on the server");
    let (status, headers, html) = request(&s.app, &format!("/casework/cases/{case_id}"), None, Some(&worker)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["cache-control"], "private, no-cache");
    assert!(!html.contains("山本"), "the frame carries no personal data");
    let (_, headers, _) = request(&s.app, &format!("/casework/cases/{case_id}/form1"), None, Some(&worker)).await;
    assert_eq!(headers["cache-control"], "private, no-store");
    let (_, headers, _) = request(&s.app, "/activities", None, None).await;
    assert!(headers.get("cache-control").is_none());
}

#[tokio::test]
async fn a_device_learns_its_owner_and_never_sends_edits_under_another_account() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let case_id = referred_and_assigned(&s, "森 サチ").await;
        let worker = sign_in(&s.app, LINK_WORKER).await;
        let worker_id = user_id(&s.db, LINK_WORKER).await;
        // an empty batch says who is signed in and which cases they hold
        let hello = json!({ "device_id": "tablet-cccc", "items": [] }).to_string();
        let (status, reply) = post_json(&s.app, "/api/casework/sync", &hello, &worker).await;
        assert_eq!(status, StatusCode::OK, "{reply}");
        assert_eq!(reply["user_id"], worker_id);
        assert!(reply["results"].as_array().unwrap().is_empty());
        assert!(reply["assigned_cases"].as_array().unwrap().contains(&json!(case_id)));

        // the lead may work the team's cases, but not send the worker's edits as their own
        let notes = format!("SELECT COUNT(*) FROM case_notes WHERE case_id = {case_id}");
        let owned = json!({ "device_id": "tablet-cccc", "owner": worker_id, "items": [note("n-cccc-0001", case_id, 1, "訪問")] }).to_string();
        let lead = sign_in(&s.app, LEAD).await;
        let (status, reply) = post_json(&s.app, "/api/casework/sync", &owned, &lead).await;
        assert_eq!(status, StatusCode::CONFLICT, "{reply}");
        assert_eq!(reply["error"], "other_account");
        assert!(reply["message"].as_str().unwrap().contains("別のアカウント"), "{reply}");
        assert_eq!(count(&s.db, &notes).await, 0);
        // signed in as their owner, they go
        let (status, reply) = post_json(&s.app, "/api/casework/sync", &owned, &worker).await;
        assert_eq!(status, StatusCode::OK, "{reply}");
        assert_eq!(outcomes(&reply), ["applied"]);
        assert_eq!(count(&s.db, &notes).await, 1);
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn connections_name_listings_found_in_the_directory() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let case_id = referred_and_assigned(&s, "北 ヨシ").await;
        let worker = sign_in(&s.app, LINK_WORKER).await;
        let find = |words: &str| format!("words={}", enc(words));
        let (_, _, text) = request(&s.app, "/api/casework/directory", Some(&find("ひだまり")), Some(&worker)).await;
        let hits: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{text}"));
        let cafe = hits.as_array().unwrap().iter().find(|h| h["name"] == "喫茶ひだまり").unwrap_or_else(|| panic!("{text}"));
        assert!(cafe["resource_id"].as_i64().is_some() && cafe["activity_id"].is_null());
        assert_eq!((cafe["tie"].as_str(), cafe["family"].as_str()), (Some("informal"), Some("vitality")));
        let (_, _, text) = request(&s.app, "/api/casework/directory", Some(&find("薬局")), Some(&worker)).await;
        assert!(text.contains("\"tie\":\"formal\"") && text.contains("\"family\":\"life\""), "a pharmacy is a formal tie for life: {text}");
        let (_, _, text) = request(&s.app, "/api/casework/directory", Some(&find("たいそう")), Some(&worker)).await;
        let hits: Value = serde_json::from_str(&text).unwrap();
        let activity = hits.as_array().unwrap().iter().find(|h| h["activity_id"].is_i64()).unwrap_or_else(|| panic!("kana finds 体操: {text}"));
        // nobody else searches through casework
        for who in ["resident@midorino.example.jp", "staff@midorino.example.jp"] {
            let cookie = sign_in(&s.app, who).await;
            let (_, _, text) = request(&s.app, "/api/casework/directory", Some(&find("ひだまり")), Some(&cookie)).await;
            assert!(text.contains("Forbidden"), "{who}: {text}");
        }

        // a connection naming the listing keeps its id
        let connection = json!({ "client_id": "c-dddd-0001", "case_id": case_id, "seq": 1, "written_at": "2026-12-02T10:00:00+09:00",
            "change": { "kind": "connection", "label": activity["name"], "activity_id": activity["activity_id"], "resource_id": null,
                        "tie": "informal", "family": activity["family"], "state": "planned", "started_on": "", "introduced_by": "", "before_support": false } });
        let (status, reply) = post_json(&s.app, "/api/casework/sync", &batch("tablet-dddd", vec![connection]), &worker).await;
        assert_eq!(status, StatusCode::OK, "{reply}");
        let (_, _, text) = request(&s.app, "/api/casework/case", Some(&format!("id={case_id}")), Some(&worker)).await;
        let file: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(file["connections"][0]["activity_id"], activity["activity_id"], "{text}");
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn the_persons_own_self_check_comes_with_their_self_referral() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let result = json!({ "questionnaire_id": "positive-health-quick", "version": 1,
            "sections": [{ "section_id": "body", "score": 60, "answered": 1, "total": 1 }, { "section_id": "participation", "score": 25, "answered": 1, "total": 1 }],
            "areas": [], "needs_support": [], "answered": 2, "total": 6 });
        let form = format!(
            "form[name]={}&form[contact]=0796-00-1234&form[contact_method]=phone&form[topic]={}&form[consent]=true&form[attach]=true&form[result_json]={}&form[lang]=ja",
            enc("松井 ハル"),
            enc("人と話したい"),
            enc(&result.to_string())
        );
        let (_, _, text) = request(&s.app, "/api/health-check/self-referral", Some(&form), None).await;
        assert_eq!(text, "\"Received\"");
        let referral: i64 = sqlx::query_scalar("SELECT id FROM referrals WHERE name = '松井 ハル'").fetch_one(s.db.pool()).await.unwrap();
        let lead = sign_in(&s.app, LEAD).await;
        let worker_id = user_id(&s.db, LINK_WORKER).await;
        let (_, _, text) = request(&s.app, "/api/casework/assign", Some(&format!("referral_id={referral}&worker_id={worker_id}")), Some(&lead)).await;
        let case_id: i64 = text.trim().parse().unwrap_or_else(|_| panic!("{text}"));
        let worker = sign_in(&s.app, LINK_WORKER).await;
        let (_, _, text) = request(&s.app, "/api/casework/case", Some(&format!("id={case_id}")), Some(&worker)).await;
        let file: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(file["own_check"]["questionnaire_id"], "positive-health-quick", "{text}");
        assert_eq!(file["own_check"]["scores"], json!({ "body": 6.0, "participation": 2.5 }));
        // the case from a clinic has none
        let other = referred_and_assigned(&s, "谷 イネ").await;
        let (_, _, text) = request(&s.app, "/api/casework/case", Some(&format!("id={other}")), Some(&worker)).await;
        assert!(serde_json::from_str::<Value>(&text).unwrap()["own_check"].is_null());
        drop(s);
        db.drop_db().await;
    }
}
