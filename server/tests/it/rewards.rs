//! Rewards and redemption (issue 20) on SQLite and PostgreSQL: taking a
//! reward spends its points under the person's lock (many taps at once
//! cannot overdraw); the shop checks a code (the reward, never the person)
//! and hands it over once; a cancel gives the points back once; staff keep
//! the reward list (bad input changes nothing) and exchange at the counter
//! by mail address or member card; the monthly summary names nobody and
//! hides small lines.
use crate::common::{self, request, sign_in};
use tsunagu_app::attendance::codes::Signer;
use tsunagu_app::db::Db;

const RESIDENT: &str = "resident@midorino.example.jp";
const WRITER: &str = "writer@midorino.example.jp";
const STAFF: &str = "staff@midorino.example.jp";

fn enc(s: &str) -> String {
    tsunagu_app::activities::query::encode(s)
}

async fn user_id(db: &Db, email: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email).fetch_one(db.pool()).await.unwrap()
}

async fn balance(db: &Db, user: i64) -> i64 {
    tsunagu_app::points::ledger::balance(db.pool(), user).await.unwrap()
}

async fn scalar(db: &Db, sql: &str, bind: i64) -> i64 {
    sqlx::query_scalar(sql).bind(bind).fetch_one(db.pool()).await.unwrap()
}

/// A reward of the city's, added as staff would (its id).
async fn reward(app: &axum::Router, db: &Db, staff: &str, name: &str, cost: i64) -> i64 {
    let body = format!("name_ja={}&name_en=&provider={}&cost={cost}", enc(name), enc("道の駅みどりの"));
    let (status, _, text) = request(app, "/api/staff/rewards/add", Some(&body), Some(staff)).await;
    assert!(status.is_success() || status.is_redirection(), "{status} {text}");
    sqlx::query_scalar("SELECT id FROM rewards WHERE name_ja = $1").bind(name).fetch_one(db.pool()).await.unwrap()
}

/// The person's vouchers (id, code, status), oldest first.
async fn vouchers(db: &Db, user: i64) -> Vec<(i64, String, String)> {
    sqlx::query_as("SELECT id, code, status FROM redemptions WHERE user_id = $1 ORDER BY id").bind(user).fetch_all(db.pool()).await.unwrap()
}

#[tokio::test]
async fn a_redemption_cannot_overdraw_even_many_at_once() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let d = &s.db;
        let me = user_id(d, RESIDENT).await;
        let staff = sign_in(&s.app, STAFF).await;
        let cookie = sign_in(&s.app, RESIDENT).await;
        let before = balance(d, me).await;
        assert!(before >= 100, "the demo resident has points: {before}");
        let cost = before / 3 + 1; // two fit, a third does not
        let id = reward(&s.app, d, &staff, "テスト特典", cost).await;
        // the confirmation page says what is left
        let (status, _, page) = request(&s.app, &format!("/points/rewards/{id}"), None, Some(&cookie)).await;
        assert_eq!(status, 200);
        assert!(page.contains("data-testid=\"take-reward\"") && page.contains(&format!(">{}<", before - cost)) || page.contains(&(before - cost).to_string()), "{page}");
        // eight taps at once
        let body = format!("reward_id={id}");
        let posts: Vec<_> = (0..8).map(|_| request(&s.app, "/api/points/take", Some(&body), Some(&cookie))).collect();
        for (status, _, text) in futures_util::future::join_all(posts).await {
            assert!(status.is_success() || status.is_redirection(), "{status} {text}");
        }
        let taken = vouchers(d, me).await;
        assert_eq!(taken.len(), 2, "two fit in the balance: {taken:?}");
        assert_eq!(balance(d, me).await, before - 2 * cost);
        assert!(balance(d, me).await >= 0);
        let redeem_entries = scalar(d, "SELECT COUNT(*) FROM points_ledger WHERE user_id = $1 AND reason = 'redeem'", me).await;
        assert_eq!(redeem_entries, 2, "one entry per voucher");
        // one more: refused, nothing written, the page says there are not enough
        request(&s.app, "/api/points/take", Some(&format!("reward_id={id}")), Some(&cookie)).await;
        assert_eq!(vouchers(d, me).await.len(), 2);
        let (_, _, page) = request(&s.app, &format!("/points/rewards/{id}?short=1"), None, Some(&cookie)).await;
        assert!(page.contains("data-testid=\"offer-short\"") && !page.contains("data-testid=\"take-reward\""), "{page}");
        // the points page lists the vouchers and the reward
        let (_, _, page) = request(&s.app, "/points", None, Some(&cookie)).await;
        assert!(page.contains("data-testid=\"vouchers\"") && page.contains("テスト特典"), "{page}");
        // signed out: nothing taken
        let (status, _, _) = request(&s.app, "/api/points/take", Some(&format!("reward_id={id}")), None).await;
        assert_eq!(status, 401);
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn the_shop_hands_over_once_and_a_cancel_refunds_once() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let d = &s.db;
        let me = user_id(d, RESIDENT).await;
        let staff = sign_in(&s.app, STAFF).await;
        let cookie = sign_in(&s.app, RESIDENT).await;
        let writer = sign_in(&s.app, WRITER).await;
        let id = reward(&s.app, d, &staff, "入浴券テスト", 10).await;
        let before = balance(d, me).await;
        for _ in 0..2 {
            request(&s.app, "/api/points/take", Some(&format!("reward_id={id}")), Some(&cookie)).await;
        }
        let v = vouchers(d, me).await;
        assert_eq!(v.len(), 2);
        let (first, code, _) = v[0].clone();
        let shown = format!("{}-{}", &code[..4], &code[4..]);
        // the holder's voucher shows the code; another resident cannot open it
        let (status, _, page) = request(&s.app, &format!("/points/voucher/{first}"), None, Some(&cookie)).await;
        assert_eq!(status, 200);
        assert!(page.contains(&shown) && page.contains("<svg"), "the code and its QR code: {page}");
        let (_, _, page) = request(&s.app, &format!("/points/voucher/{first}"), None, Some(&writer)).await;
        assert!(!page.contains(&shown), "not someone else's voucher: {page}");
        let (status, _, _) = request(&s.app, "/api/points/cancel", Some(&format!("id={first}")), Some(&writer)).await;
        assert_eq!(status, 404);
        // the shop (no account) checks the code: the reward, never the person
        let (status, _, page) = request(&s.app, &format!("/points/code/{}", shown.to_lowercase()), None, None).await;
        assert_eq!(status, 200);
        assert!(page.contains("入浴券テスト") && page.contains("data-testid=\"hand-over\""), "{page}");
        let name: String = sqlx::query_scalar("SELECT display_name FROM users WHERE id = $1").bind(me).fetch_one(d.pool()).await.unwrap();
        for private in [RESIDENT, name.as_str()] {
            assert!(!page.contains(private), "the shop sees no person ({private})");
        }
        let (_, _, page) = request(&s.app, "/points/code/ZZZZ-ZZZZ", None, None).await;
        assert!(page.contains("data-testid=\"shop-unknown\""), "{page}");
        // handed over twice at once: once
        let body = format!("code={shown}");
        let posts: Vec<_> = (0..4).map(|_| request(&s.app, "/api/points/hand-over", Some(&body), None)).collect();
        futures_util::future::join_all(posts).await;
        assert_eq!(vouchers(d, me).await[0].2, "handed_over");
        let (_, _, page) = request(&s.app, &format!("/points/code/{shown}"), None, None).await;
        assert!(page.contains("data-status=\"handed_over\"") && !page.contains("data-testid=\"hand-over\""), "{page}");
        // a used voucher cannot be cancelled: no refund
        request(&s.app, "/api/points/cancel", Some(&format!("id={first}")), Some(&cookie)).await;
        assert_eq!(vouchers(d, me).await[0].2, "handed_over");
        // the second is cancelled, many times at once: one refund
        let second = v[1].0;
        let body = format!("id={second}");
        let posts: Vec<_> = (0..6).map(|_| request(&s.app, "/api/points/cancel", Some(&body), Some(&cookie))).collect();
        futures_util::future::join_all(posts).await;
        assert_eq!(vouchers(d, me).await[1].2, "cancelled");
        assert_eq!(scalar(d, "SELECT COUNT(*) FROM points_ledger WHERE user_id = $1 AND reason = 'refund'", me).await, 1);
        assert_eq!(balance(d, me).await, before - 10, "one used, one given back");
        // a cancelled voucher is not handed over
        let code2: String = vouchers(d, me).await[1].1.clone();
        request(&s.app, "/api/points/hand-over", Some(&format!("code={code2}")), None).await;
        assert_eq!(vouchers(d, me).await[1].2, "cancelled");
        let (_, _, page) = request(&s.app, &format!("/points/code/{code2}"), None, None).await;
        assert!(page.contains("data-status=\"cancelled\""), "{page}");
        // the ledger still refuses changes to these entries
        let changed = sqlx::query("UPDATE points_ledger SET points = 1 WHERE reason = 'redeem'").execute(d.pool()).await;
        assert!(changed.is_err(), "append-only");
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn staff_keep_the_list_and_exchange_at_the_counter() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let d = &s.db;
        let me = user_id(d, RESIDENT).await;
        let staff_id = user_id(d, STAFF).await;
        let staff = sign_in(&s.app, STAFF).await;
        let cookie = sign_in(&s.app, RESIDENT).await;
        let rewards_before = scalar(d, "SELECT COUNT(*) FROM rewards WHERE id > $1", 0).await;
        // bad input: said, nothing added
        for body in ["name_ja=&name_en=&provider=x&cost=10", "name_ja=x&name_en=&provider=x&cost=0", "name_ja=x&name_en=&provider=&cost=abc"] {
            let (status, headers, _) = request(&s.app, "/api/staff/rewards/add", Some(body), Some(&staff)).await;
            assert!(status.is_success() || status.is_redirection(), "{status}");
            if let Some(loc) = headers.get("location") {
                assert!(loc.to_str().unwrap().contains("invalid="), "{loc:?}");
            }
        }
        assert_eq!(scalar(d, "SELECT COUNT(*) FROM rewards WHERE id > $1", 0).await, rewards_before);
        let (_, _, page) = request(&s.app, "/staff/rewards?invalid=cost", None, Some(&staff)).await;
        assert!(page.contains("data-testid=\"invalid-cost\""), "{page}");
        // residents cannot open the staff page
        let (_, _, page) = request(&s.app, "/staff/rewards", None, Some(&cookie)).await;
        assert!(!page.contains("data-testid=\"staff-rewards\""), "{page}");
        let id = reward(&s.app, d, &staff, "窓口特典", 20).await;
        let (_, _, page) = request(&s.app, "/staff/rewards", None, Some(&staff)).await;
        assert!(page.contains("窓口特典") && page.contains("data-testid=\"staff-rewards\""), "{page}");
        // stopped: not offered, not taken
        request(&s.app, "/api/staff/rewards/active", Some(&format!("id={id}&active=false")), Some(&staff)).await;
        let (_, _, page) = request(&s.app, "/points", None, Some(&cookie)).await;
        assert!(!page.contains("窓口特典"), "a stopped reward is not on offer");
        request(&s.app, "/api/points/take", Some(&format!("reward_id={id}")), Some(&cookie)).await;
        assert!(vouchers(d, me).await.is_empty());
        request(&s.app, "/api/staff/rewards/active", Some(&format!("id={id}&active=true")), Some(&staff)).await;
        // at the counter by mail address
        let before = balance(d, me).await;
        request(&s.app, "/api/staff/rewards/redeem-for", Some(&format!("who={}&reward_id={id}", enc(" Resident@Midorino.example.jp "))), Some(&staff)).await;
        let v = vouchers(d, me).await;
        assert_eq!(v.len(), 1);
        assert_eq!(balance(d, me).await, before - 20);
        let by: Option<i64> = sqlx::query_scalar("SELECT issued_by FROM redemptions WHERE id = $1").bind(v[0].0).fetch_one(d.pool()).await.unwrap();
        assert_eq!(by, Some(staff_id));
        // staff see whose voucher it is (to print it for them)
        let (_, _, page) = request(&s.app, &format!("/points/voucher/{}", v[0].0), None, Some(&staff)).await;
        assert!(page.contains("data-testid=\"voucher-code\""), "{page}");
        // by member card: the current card's code, also as the scanned address
        let signer = Signer::new(tsunagu_app::db::secrets::key(d, "checkin").await.unwrap());
        sqlx::query("INSERT INTO member_cards (user_id, serial, issued_at) VALUES ($1, 3, $2)").bind(me).bind("2026-12-01T00:00:00Z").execute(d.pool()).await.unwrap();
        let card = signer.card_code(me, 3);
        request(&s.app, "/api/staff/rewards/redeem-for", Some(&format!("who={}&reward_id={id}", enc(&format!("https://x.example/checkin/card/{card}")))), Some(&staff)).await;
        assert_eq!(vouchers(d, me).await.len(), 2);
        // an old card, an unknown address: nobody, nothing taken
        for who in [signer.card_code(me, 2), "nobody@example.jp".to_string()] {
            let (_, headers, _) = request(&s.app, "/api/staff/rewards/redeem-for", Some(&format!("who={}&reward_id={id}", enc(&who))), Some(&staff)).await;
            if let Some(loc) = headers.get("location") {
                assert!(loc.to_str().unwrap().contains("who=unknown"), "{loc:?}");
            }
        }
        assert_eq!(vouchers(d, me).await.len(), 2);
        // staff cancel at the counter: refunded
        request(&s.app, "/api/points/cancel", Some(&format!("id={}", v[0].0)), Some(&staff)).await;
        assert_eq!(vouchers(d, me).await[0].2, "cancelled");
        assert_eq!(balance(d, me).await, before - 20);
        // the latest exchanges name the reward and the holder for staff
        let (_, _, page) = request(&s.app, "/staff/rewards", None, Some(&staff)).await;
        assert!(page.contains("data-testid=\"recent-redemptions\"") && page.contains("窓口特典"), "{page}");
        // the export carries the vouchers
        let (_, _, export) = request(&s.app, "/account/export.json", None, Some(&cookie)).await;
        assert!(export.contains("\"redemptions\"") && export.contains("窓口特典"), "{export}");
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn the_monthly_summary_names_nobody_and_hides_small_lines() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let d = &s.db;
        let staff = sign_in(&s.app, STAFF).await;
        let cookie = sign_in(&s.app, RESIDENT).await;
        let id = reward(&s.app, d, &staff, "集計特典", 5).await;
        request(&s.app, "/api/points/take", Some(&format!("reward_id={id}")), Some(&cookie)).await;
        // six more people earn points today (self-checks written as the app does)
        let today = tsunagu_app::calendar::today_tokyo();
        let month = format!("{}", today.format("%Y-%m"));
        for n in 0..6 {
            let user: i64 = sqlx::query_scalar(
                "INSERT INTO users (email, display_name, password_hash, created_at) VALUES ($1, $2, 'x', '2026-01-01T00:00:00Z') RETURNING id",
            )
            .bind(format!("p{n}@example.jp"))
            .bind(format!("参加者{n}"))
            .fetch_one(d.pool())
            .await
            .unwrap();
            sqlx::query("INSERT INTO points_ledger (user_id, points, reason, earned_on, created_at) VALUES ($1, 5, 'self_check', $2, '2026-01-01T00:00:00Z')")
                .bind(user)
                .bind(today.to_string())
                .execute(d.pool())
                .await
                .unwrap();
        }
        let (status, headers, csv) = request(&s.app, &format!("/staff/points/summary.csv?month={month}"), None, Some(&staff)).await;
        assert_eq!(status, 200, "{csv}");
        assert!(headers.get("content-type").unwrap().to_str().unwrap().starts_with("text/csv"));
        assert!(csv.starts_with('\u{feff}'), "a BOM for spreadsheets");
        // self-checks: six people, shown with their entries and points
        let line = csv.lines().find(|l| l.starts_with("セルフチェック")).unwrap_or_else(|| panic!("{csv}"));
        assert_eq!(line, "セルフチェック,6,30,6", "{csv}");
        // the one person's exchange: 「5人未満」, no figures
        let line = csv.lines().find(|l| l.starts_with("集計特典")).unwrap_or_else(|| panic!("{csv}"));
        assert!(line.contains("5人未満") && line.contains('—'), "{line}");
        for private in [RESIDENT, "参加者0", "p0@example.jp"] {
            assert!(!csv.contains(private), "nobody is named ({private})");
        }
        // the page shows the same tables
        let (_, _, page) = request(&s.app, &format!("/staff/rewards?month={month}"), None, Some(&staff)).await;
        assert!(page.contains("data-testid=\"summary-table\"") && page.contains("5人未満"), "{page}");
        // a month not yet come, or not a month: refused
        for bad in ["2999-01", "2026-13", "x"] {
            let (status, _, _) = request(&s.app, &format!("/staff/points/summary.csv?month={bad}"), None, Some(&staff)).await;
            assert_eq!(status, 422, "{bad}");
        }
        // residents: no
        let (status, _, _) = request(&s.app, "/staff/points/summary.csv", None, Some(&cookie)).await;
        assert_eq!(status, 403);
        drop(s);
        db.drop_db().await;
    }
}
