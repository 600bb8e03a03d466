//! The stay-home diary (issue 20, part 2) on SQLite and PostgreSQL: who may
//! read a group (its members and facilitator — nobody else, city staff
//! included), a round passing round the table with a photo (EXIF gone),
//! the next member told by mail once, excusing a member, a page that cannot
//! be saved changing nothing and keeping its text, reporting and hiding,
//! leaving (the pages stay), and the reminder before the due date.
use crate::common::{self, request, sign_in};
use http::StatusCode;
use tsunagu_app::db::Db;

const RESIDENT: &str = "resident@midorino.example.jp";
const WRITER: &str = "writer@midorino.example.jp";
const LINKWORKER: &str = "linkworker@midorino.example.jp";
const STAFF: &str = "staff@midorino.example.jp";

fn enc(s: &str) -> String {
    tsunagu_app::activities::query::encode(s)
}

async fn scalar(db: &Db, sql: &str, bind: i64) -> i64 {
    sqlx::query_scalar(sql).bind(bind).fetch_one(db.pool()).await.unwrap()
}

async fn group_named(db: &Db, name: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM diary_groups WHERE name = $1").bind(name).fetch_one(db.pool()).await.unwrap()
}

/// A page sent as the form sends it (multipart, photos as `photo` parts).
async fn post_page(app: &axum::Router, group: i64, cookie: &str, seat: u32, text: &str, photos: &[Vec<u8>]) -> (StatusCode, String) {
    use tower::ServiceExt;
    let b = "----tsunagu-test-boundary";
    let mut body: Vec<u8> = Vec::new();
    for (name, value) in [("seat", seat.to_string()), ("text", text.to_string()), ("share", "true".to_string())] {
        body.extend(format!("--{b}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes());
    }
    for p in photos {
        body.extend(format!("--{b}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").as_bytes());
        body.extend(p);
        body.extend(b"\r\n");
    }
    // an empty file input, as a browser sends it
    body.extend(format!("--{b}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n\r\n").as_bytes());
    body.extend(format!("--{b}--\r\n").as_bytes());
    let req = http::Request::post(format!("/diary/{group}/write"))
        .header("content-type", format!("multipart/form-data; boundary={b}"))
        .header("host", "127.0.0.1:3000")
        .header("sec-fetch-site", "same-origin")
        .header("cookie", cookie)
        .body(axum::body::Body::from(body))
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let location = res.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
    (status, location)
}

fn mails_to(dir: &tempfile::TempDir, to: &str) -> Vec<String> {
    let mut out = Vec::new();
    for f in std::fs::read_dir(dir.path()).into_iter().flatten().flatten() {
        let text = std::fs::read_to_string(f.path()).unwrap_or_default();
        if text.contains(to) {
            out.push(text);
        }
    }
    out
}

#[tokio::test]
async fn only_the_group_and_its_facilitator_read_a_diary() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let d = &s.db;
        let north = group_named(d, "みどりの交換日記（北山）").await;
        let page_text = "朝の散歩道で、毎日会う猫に名前をつけたい";
        // (who, may read the 北山 group)
        let rows = [
            (RESIDENT, true),
            (WRITER, true),
            (LINKWORKER, true),
            // city staff facilitate the other group only: not this one
            (STAFF, false),
            ("editor@midorino.example.jp", false),
            ("admin@midorino.example.jp", false),
            ("lead@midorino.example.jp", false),
            ("clinic@midorino.example.jp", false),
        ];
        for (who, may) in rows {
            let cookie = sign_in(&s.app, who).await;
            let (status, _, body) = request(&s.app, "/api/diary/group", Some(&format!("id={north}")), Some(&cookie)).await;
            assert_eq!(status.is_success(), may, "{who}: {status} {body}");
            let (_, _, page) = request(&s.app, &format!("/diary/{north}"), None, Some(&cookie)).await;
            assert_eq!(page.contains(page_text), may, "{who} reading the page");
            let (_, _, home) = request(&s.app, "/diary", None, Some(&cookie)).await;
            assert_eq!(home.contains("みどりの交換日記（北山）"), may, "{who}'s list");
        }
        let (status, _, _) = request(&s.app, "/api/diary/group", Some(&format!("id={north}")), None).await;
        assert_eq!(status, 401);
        let (_, _, page) = request(&s.app, &format!("/diary/{north}"), None, None).await;
        assert!(!page.contains(page_text));
        // the demo: the resident's turn in the second round
        let resident = sign_in(&s.app, RESIDENT).await;
        let (_, _, home) = request(&s.app, "/diary", None, Some(&resident)).await;
        assert!(home.contains("data-testid=\"my-turn\""), "{home}");
        let (_, _, page) = request(&s.app, &format!("/diary/{north}"), None, Some(&resident)).await;
        assert!(page.contains("data-testid=\"write-form\"") && page.contains("からだを動かす"), "{page}");
        // a facilitator's tools are the facilitator's: a member cannot seat anyone
        let (status, _, _) = request(&s.app, "/api/diary/seat", Some(&format!("group={north}&email=&paper_name=x")), Some(&resident)).await;
        assert_eq!(status, 403);
        let staff = sign_in(&s.app, STAFF).await;
        let (status, _, _) = request(&s.app, "/api/diary/seat", Some(&format!("group={north}&email=&paper_name=x")), Some(&staff)).await;
        assert_eq!(status, 404, "not theirs: not even told it is there");
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn a_round_passes_round_the_table_with_a_photo() {
    for db in common::all_backends().await {
        let outbox = tempfile::tempdir().unwrap();
        let s = common::site_on(&db.url, &[("TSUNAGU_OUTBOX_DIR", &outbox.path().display().to_string())]).await;
        let d = &s.db;
        let lw = sign_in(&s.app, LINKWORKER).await;
        let resident = sign_in(&s.app, RESIDENT).await;
        let writer = sign_in(&s.app, WRITER).await;
        // a resident cannot start a group
        let (status, _, _) = request(&s.app, "/api/diary/create", Some("name=x"), Some(&resident)).await;
        assert_eq!(status, 403);
        request(&s.app, "/api/diary/create", Some(&format!("name={}", enc("テストの会"))), Some(&lw)).await;
        let group = group_named(d, "テストの会").await;
        // seats: two accounts by mail, one on paper; an unknown address and a fourth refused
        for body in [format!("email={}&paper_name=", enc(RESIDENT)), format!("email={}&paper_name=", enc(WRITER)), format!("email=&paper_name={}", enc("紙の 花子"))] {
            request(&s.app, "/api/diary/seat", Some(&format!("group={group}&{body}")), Some(&lw)).await;
        }
        let (_, headers, _) = request(&s.app, "/api/diary/seat", Some(&format!("group={group}&email=nobody%40example.jp&paper_name=")), Some(&lw)).await;
        assert!(headers.get("location").is_none_or(|l| l.to_str().unwrap().contains("seat=")), "{headers:?}");
        request(&s.app, "/api/diary/seat", Some(&format!("group={group}&email=&paper_name=four")), Some(&lw)).await;
        assert_eq!(scalar(d, "SELECT COUNT(*) FROM diary_members WHERE group_id = $1", group).await, 3);
        // a round with a due date in the past: refused, nothing started
        request(&s.app, "/api/diary/start-round", Some(&format!("group={group}&theme={}&due_on=2000-01-01", enc("星"))), Some(&lw)).await;
        assert_eq!(scalar(d, "SELECT COUNT(*) FROM diary_rounds WHERE group_id = $1", group).await, 0);
        let due = (tsunagu_app::calendar::today_tokyo() + chrono::Days::new(14)).to_string();
        request(&s.app, "/api/diary/start-round", Some(&format!("group={group}&theme={}&due_on={due}", enc("流れ星に願う小さなこと"))), Some(&lw)).await;
        assert_eq!(scalar(d, "SELECT COUNT(*) FROM diary_rounds WHERE group_id = $1", group).await, 1);
        // the first seat is told, once
        assert_eq!(mails_to(&outbox, RESIDENT).len(), 1);
        assert!(mails_to(&outbox, WRITER).is_empty());
        // not the writer's turn yet
        let (_, location) = post_page(&s.app, group, &writer, 2, "先に書きます", &[]).await;
        assert!(location.contains("problem=turn"), "{location}");
        // the resident writes with a photo that carries GPS data
        let photo = tsunagu_app::reports::images::fixtures::with_exif(&tsunagu_app::reports::images::fixtures::jpeg(64, 48), 6);
        let (status, location) = post_page(&s.app, group, &resident, 1, "孫と話す時間が長くなりますように", &[photo]).await;
        assert!(status.is_redirection() && location.contains("written=1"), "{status} {location}");
        let entry: i64 = sqlx::query_scalar("SELECT e.id FROM diary_entries e JOIN diary_rounds r ON r.id = e.round_id WHERE r.group_id = $1 AND e.position = 1").bind(group).fetch_one(d.pool()).await.unwrap();
        let media: i64 = scalar(d, "SELECT media_id FROM diary_photos WHERE entry_id = $1", entry).await;
        let bytes: Vec<u8> = sqlx::query_scalar("SELECT bytes FROM media_variants WHERE media_id = $1 ORDER BY width LIMIT 1").bind(media).fetch_one(d.pool()).await.unwrap();
        assert!(!bytes.windows(8).any(|w| w == b"GPSSECRT"), "the photo's location is gone");
        // the photo: for the group and the facilitator, nobody else
        for (who, may) in [(&writer, true), (&lw, true)] {
            let (status, _, _) = request(&s.app, &format!("/media/{media}/w320.jpg"), None, Some(who)).await;
            assert_eq!(status.is_success(), may, "{status}");
        }
        let staff = sign_in(&s.app, STAFF).await;
        let (status, _, _) = request(&s.app, &format!("/media/{media}/w320.jpg"), None, Some(&staff)).await;
        assert_eq!(status, 404);
        let (status, _, _) = request(&s.app, &format!("/media/{media}/w320.jpg"), None, None).await;
        assert_eq!(status, 404);
        // the writer hears it is their turn; a second page from the resident is refused
        assert_eq!(mails_to(&outbox, WRITER).len(), 1);
        let (_, location) = post_page(&s.app, group, &resident, 1, "もう一度", &[]).await;
        assert!(location.contains("problem=turn"), "{location}");
        let (_, location) = post_page(&s.app, group, &writer, 2, "猫に名前をつけたい", &[]).await;
        assert!(location.contains("written=1"), "{location}");
        // the paper seat: the facilitator types it; a member cannot write for it
        let (status, _) = post_page(&s.app, group, &resident, 3, "なりすまし", &[]).await;
        assert_eq!(status, 403);
        let (_, location) = post_page(&s.app, group, &lw, 3, "畑のトマト", &[]).await;
        assert!(location.contains("written=1"), "{location}");
        assert_eq!(scalar(d, "SELECT COUNT(*) FROM diary_entries e JOIN diary_rounds r ON r.id = e.round_id WHERE r.group_id = $1", group).await, 3);
        // everyone reads everyone's page
        let (_, _, page) = request(&s.app, &format!("/diary/{group}"), None, Some(&resident)).await;
        for text in ["孫と話す時間", "猫に名前", "畑のトマト"] {
            assert!(page.contains(text), "{text}");
        }
        assert!(page.contains("data-testid=\"entry-photo\""));
        // round two starts one seat further on: the writer first; excused, the paper seat is next
        request(&s.app, "/api/diary/start-round", Some(&format!("group={group}&theme={}&due_on={due}", enc("からだを動かす"))), Some(&lw)).await;
        assert_eq!(mails_to(&outbox, WRITER).len(), 2);
        request(&s.app, "/api/diary/skip", Some(&format!("group={group}&position=2")), Some(&lw)).await;
        let (_, _, home) = request(&s.app, "/diary", None, Some(&lw)).await;
        assert!(home.contains("data-testid=\"my-turn\""), "the paper seat's turn shows for the facilitator");
        // the booklet has a page per entry
        let (status, _, booklet) = request(&s.app, &format!("/diary/{group}/booklet"), None, Some(&writer)).await;
        assert_eq!(status, 200);
        assert_eq!(booklet.matches("data-testid=\"booklet-page\"").count(), 3, "{booklet}");
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn a_page_that_cannot_be_saved_changes_nothing_and_keeps_the_text() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let d = &s.db;
        let north = group_named(d, "みどりの交換日記（北山）").await;
        let resident = sign_in(&s.app, RESIDENT).await;
        let before = scalar(d, "SELECT COUNT(*) FROM diary_entries e JOIN diary_rounds r ON r.id = e.round_id WHERE r.group_id = $1", north).await;
        let text = "散歩の途中で見つけたベンチ";
        let (_, location) = post_page(&s.app, north, &resident, 1, text, &[b"not a picture at all".to_vec()]).await;
        assert!(location.contains("problem=photo-1"), "{location}");
        let (_, location) = post_page(&s.app, north, &resident, 1, "   ", &[]).await;
        assert!(location.contains("problem=text"), "{location}");
        let four = vec![tsunagu_app::reports::images::fixtures::jpeg(8, 8); 4];
        let (_, location) = post_page(&s.app, north, &resident, 1, text, &four).await;
        assert!(location.contains("problem=photos"), "{location}");
        assert_eq!(scalar(d, "SELECT COUNT(*) FROM diary_entries e JOIN diary_rounds r ON r.id = e.round_id WHERE r.group_id = $1", north).await, before, "nothing saved");
        let (_, _, page) = request(&s.app, &format!("/diary/{north}?problem=photo-1"), None, Some(&resident)).await;
        assert!(page.contains("data-testid=\"write-problem\""), "{page}");
        assert!(page.contains(text), "the text typed is kept: {page}");
        // saved at last: the draft is gone
        let (_, location) = post_page(&s.app, north, &resident, 1, text, &[]).await;
        assert!(location.contains("written=1"), "{location}");
        assert_eq!(scalar(d, "SELECT COUNT(*) FROM diary_drafts WHERE group_id = $1", north).await, 0);
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn reporting_hiding_and_leaving_keep_the_others_pages() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let d = &s.db;
        let north = group_named(d, "みどりの交換日記（北山）").await;
        let resident = sign_in(&s.app, RESIDENT).await;
        let writer = sign_in(&s.app, WRITER).await;
        let lw = sign_in(&s.app, LINKWORKER).await;
        let theirs: i64 = sqlx::query_scalar(
            "SELECT e.id FROM diary_entries e JOIN diary_rounds r ON r.id = e.round_id WHERE r.group_id = $1 AND r.number = 1 AND e.position = 2",
        )
        .bind(north)
        .fetch_one(d.pool())
        .await
        .unwrap();
        // a member reports the writer's page; the writer cannot report their own
        request(&s.app, "/api/diary/report", Some(&format!("entry={theirs}")), Some(&resident)).await;
        let (status, _, _) = request(&s.app, "/api/diary/report", Some(&format!("entry={theirs}")), Some(&writer)).await;
        assert_eq!(status, 403);
        assert_eq!(scalar(d, "SELECT COUNT(*) FROM diary_flags WHERE entry_id = $1", theirs).await, 1);
        let (_, _, home) = request(&s.app, "/diary", None, Some(&lw)).await;
        assert!(home.contains("data-testid=\"flags\" data-count=\"1\""), "the facilitator sees it: {home}");
        // hidden: members see that it is hidden, not what it says; the facilitator still reads it
        let (status, _, _) = request(&s.app, "/api/diary/hide", Some(&format!("entry={theirs}&hide=true")), Some(&resident)).await;
        assert_eq!(status, 403);
        request(&s.app, "/api/diary/hide", Some(&format!("entry={theirs}&hide=true")), Some(&lw)).await;
        let text = "毎日会う猫に名前をつけたい";
        let (_, _, page) = request(&s.app, &format!("/diary/{north}"), None, Some(&resident)).await;
        assert!(!page.contains(text), "hidden from members");
        let (_, _, page) = request(&s.app, &format!("/diary/{north}"), None, Some(&lw)).await;
        assert!(page.contains(text), "the facilitator reads it");
        request(&s.app, "/api/diary/hide", Some(&format!("entry={theirs}&hide=false")), Some(&lw)).await;
        // the writer leaves: they no longer read it, their pages stay for the others
        request(&s.app, "/api/diary/leave", Some(&format!("group={north}")), Some(&writer)).await;
        let (status, _, _) = request(&s.app, "/api/diary/group", Some(&format!("id={north}")), Some(&writer)).await;
        assert_eq!(status, 404);
        let (_, _, page) = request(&s.app, &format!("/diary/{north}"), None, Some(&resident)).await;
        assert!(page.contains(text), "their page stays");
        assert_eq!(scalar(d, "SELECT COUNT(*) FROM diary_entries e JOIN diary_rounds r ON r.id = e.round_id WHERE r.group_id = $1", north).await, 5);
        // sharing is the writer's own choice
        let (status, _, _) = request(&s.app, "/api/diary/share", Some(&format!("entry={theirs}&share=false")), Some(&resident)).await;
        assert_eq!(status, 403);
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn the_reminder_goes_once_before_the_due_date() {
    for db in common::all_backends().await {
        let outbox = tempfile::tempdir().unwrap();
        let s = common::site_on(&db.url, &[("TSUNAGU_OUTBOX_DIR", &outbox.path().display().to_string())]).await;
        let d = &s.db;
        let north = group_named(d, "みどりの交換日記（北山）").await;
        let due: String = sqlx::query_scalar("SELECT due_on FROM diary_rounds WHERE group_id = $1 AND number = 2").bind(north).fetch_one(d.pool()).await.unwrap();
        let due: chrono::NaiveDate = due.parse().unwrap();
        let mailer = tsunagu_app::accounts::mail::Mailer::outbox(outbox.path().to_path_buf(), "portal@example.jp").unwrap();
        let run = |today| tsunagu_app::diary::notify::run_reminders(d, &mailer, "https://portal.example", today);
        // far from the due date: the turn's mail (not sent by the demo seed), no reminder
        run(due - chrono::Days::new(10)).await.unwrap();
        let first = mails_to(&outbox, RESIDENT).len();
        assert_eq!(first, 1, "the turn mail");
        run(due - chrono::Days::new(10)).await.unwrap();
        assert_eq!(mails_to(&outbox, RESIDENT).len(), 1, "once");
        run(due - chrono::Days::new(2)).await.unwrap();
        run(due - chrono::Days::new(1)).await.unwrap();
        let mails = mails_to(&outbox, RESIDENT);
        assert_eq!(mails.len(), 2, "one reminder");
        assert!(mails.iter().any(|m| m.contains("https://portal.example/diary/")), "{mails:?}");
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn a_shared_page_becomes_a_seed_only_with_its_writers_consent() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let d = &s.db;
        let north = group_named(d, "みどりの交換日記（北山）").await;
        let lw = sign_in(&s.app, LINKWORKER).await;
        let writer = sign_in(&s.app, WRITER).await;
        let entry_at = |position: i64| {
            let pool = d.pool().clone();
            async move {
                sqlx::query_scalar::<_, i64>("SELECT e.id FROM diary_entries e JOIN diary_rounds r ON r.id = e.round_id WHERE r.group_id = $1 AND r.number = 1 AND e.position = $2")
                    .bind(north)
                    .bind(position)
                    .fetch_one(&pool)
                    .await
                    .unwrap()
            }
        };
        let (shared, not_shared) = (entry_at(2).await, entry_at(1).await);
        let suggestions = scalar(d, "SELECT COUNT(*) FROM suggestions WHERE id > $1", 0).await;
        // the page the writer did not share stays in the group
        let (status, _, _) = request(&s.app, "/api/diary/seed", Some(&format!("entry={not_shared}&kind=suggestion")), Some(&lw)).await;
        assert_eq!(status, 403);
        // a member cannot pass pages on; the facilitator can, once
        let (status, _, _) = request(&s.app, "/api/diary/seed", Some(&format!("entry={shared}&kind=suggestion")), Some(&writer)).await;
        assert_eq!(status, 403);
        request(&s.app, "/api/diary/seed", Some(&format!("entry={shared}&kind=suggestion")), Some(&lw)).await;
        request(&s.app, "/api/diary/seed", Some(&format!("entry={shared}&kind=suggestion")), Some(&lw)).await;
        assert_eq!(scalar(d, "SELECT COUNT(*) FROM suggestions WHERE id > $1", 0).await, suggestions + 1);
        let good: String = sqlx::query_scalar("SELECT good FROM suggestions ORDER BY id DESC LIMIT 1").fetch_one(d.pool()).await.unwrap();
        assert!(good.contains("猫に名前") && good.contains("同意"), "{good}");
        // a report draft needs a writer of reports: the link worker is not one
        let (status, _, _) = request(&s.app, "/api/diary/seed", Some(&format!("entry={shared}&kind=report")), Some(&lw)).await;
        assert_eq!(status, 403);
        // withdrawing consent: no further use
        request(&s.app, "/api/diary/share", Some(&format!("entry={shared}&share=false")), Some(&writer)).await;
        let consent: Option<String> = sqlx::query_scalar("SELECT share_consent_at FROM diary_entries WHERE id = $1").bind(shared).fetch_one(d.pool()).await.unwrap();
        assert_eq!(consent, None);
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn a_members_pages_travel_with_their_export_and_a_deleted_account_is_passed() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let d = &s.db;
        let north = group_named(d, "みどりの交換日記（北山）").await;
        let resident = sign_in(&s.app, RESIDENT).await;
        let (_, _, export) = request(&s.app, "/account/export.json", None, Some(&resident)).await;
        let data: serde_json::Value = serde_json::from_str(&export).unwrap();
        let pages = data["diary_pages"].as_array().unwrap();
        assert_eq!(pages.len(), 1, "their own page, not others': {pages:?}");
        assert!(pages[0]["text"].as_str().unwrap().contains("孫と電話"));
        // the resident (whose turn it is) deletes their account: the diary goes on to the next seat
        let body = format!("password={}&confirm={}", enc(tsunagu_app::accounts::session::DEFAULT_DEMO_PASSWORD), enc("削除"));
        let (_, _, text) = request(&s.app, "/api/accounts/delete", Some(&body), Some(&resident)).await;
        assert!(text.contains("Done"), "{text}");
        assert_eq!(scalar(d, "SELECT COUNT(*) FROM diary_members WHERE group_id = $1 AND left_at IS NOT NULL", north).await, 1);
        let turn = tsunagu_app::diary::db::turn(d, north).await.unwrap();
        assert_eq!(turn, None, "round two: the writer and the paper seat wrote, the resident's seat is passed");
        assert_eq!(scalar(d, "SELECT COUNT(*) FROM diary_entries e JOIN diary_rounds r ON r.id = e.round_id WHERE r.group_id = $1", north).await, 5, "the pages stay");
        drop(s);
        db.drop_db().await;
    }
}
