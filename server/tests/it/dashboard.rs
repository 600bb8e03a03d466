//! The city dashboard (issue 19) on SQLite and PostgreSQL: its counts match
//! the rows in the database (counted here with SQL of their own), hidden
//! figures are hidden consistently, a team sees its own cases, the CSV
//! holds the page's figures, the open-data summary is anonymous, and reads
//! of activity pages are counted.
use crate::common::{self, request, sign_in};
use tsunagu_app::calendar::{fiscal_year_of, today_tokyo, Period};
use tsunagu_app::dashboard::report::DashboardReport;
use tsunagu_app::dashboard::suppression::{Figure, MIN_PEOPLE};

const STAFF: &str = "staff@midorino.example.jp";
const LEAD: &str = "lead@midorino.example.jp";

/// A published figure agrees with the true count.
fn agrees(f: Option<Figure>, truth: i64, what: &str) {
    match f {
        Some(Figure::Count(n)) => assert_eq!(i64::from(n), truth, "{what}"),
        Some(Figure::Small) => assert!((1..i64::from(MIN_PEOPLE)).contains(&truth), "{what}: small but {truth}"),
        Some(Figure::Withheld) => assert!(truth >= i64::from(MIN_PEOPLE), "{what}: withheld but {truth}"),
        None => panic!("{what}: not published"),
    }
}

async fn report(app: &axum::Router, cookie: &str, query: &str) -> DashboardReport {
    let (status, _, text) = request(app, "/api/dashboard/report", Some(query), Some(cookie)).await;
    assert_eq!(status, 200, "{text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// `select` (over `cases c`) for the cases whose status is closed now and
/// whose last closing revision falls in `from..to`, counted from the
/// revisions themselves (not the columns the dashboard reads).
async fn count_closed(db: &tsunagu_app::db::Db, select: &str, from: &str, to: &str) -> i64 {
    let closed_at = "(SELECT MAX(written_at) FROM case_fields f WHERE f.case_id = c.id AND f.field = 'status' AND f.value = 'closed')";
    sqlx::query_scalar(&format!("{select} WHERE c.status = 'closed' AND {closed_at} >= $1 AND {closed_at} < $2"))
        .bind(from)
        .bind(to)
        .fetch_one(db.pool())
        .await
        .unwrap()
}

fn this_year() -> String {
    format!("fy{}", fiscal_year_of(today_tokyo()))
}

#[tokio::test]
async fn the_figures_are_the_rows_counted_and_small_ones_stay_hidden() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let staff = sign_in(&s.app, STAFF).await;
        let period = Period::parse(&this_year()).unwrap();
        let (from, to) = period.utc_bounds();
        let r = report(&s.app, &staff, &format!("filter%5Bperiod%5D={}", this_year())).await;
        assert_eq!(r.period, period);
        // the demo town has history: referrals this year and cases closed
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM referrals WHERE created_at >= $1 AND created_at < $2").bind(&from).bind(&to).fetch_one(s.db.pool()).await.unwrap();
        assert!(total >= 10, "demo referrals this year: {total}");
        agrees(r.referrals.total, total, "referrals");
        let by_source: Vec<(String, i64)> = sqlx::query_as("SELECT source, COUNT(*) FROM referrals WHERE created_at >= $1 AND created_at < $2 GROUP BY source")
            .bind(&from)
            .bind(&to)
            .fetch_all(s.db.pool())
            .await
            .unwrap();
        for item in &r.referrals.by_source.items {
            let truth = by_source.iter().find(|(k, _)| *k == item.key).map_or(0, |(_, n)| *n);
            agrees(Some(item.figure), truth, &format!("source {}", item.key));
        }
        // the months add up to the year
        let shown: u32 = r.referrals.by_month.items.iter().filter_map(|i| i.figure.shown()).sum();
        assert!(i64::from(shown) <= total);
        // closed cases: the last status revision says closed, within the year
        let closed = count_closed(&s.db, "SELECT COUNT(*) FROM cases c", &from, &to).await;
        assert!(closed >= 5, "demo cases closed this year: {closed}");
        agrees(r.connections.closed, closed, "closed cases");
        // connections before support, per closed case, as the mean shows them
        let before = count_closed(&s.db, "SELECT COUNT(*) FROM case_connections cc JOIN cases c ON c.id = cc.case_id AND cc.before_support", &from, &to).await;
        let mean = r.connections.total.as_ref().expect("means shown for five or more closed cases");
        assert!((f64::from(mean.before) - before as f64 / closed as f64).abs() < 0.051, "{} vs {before}/{closed}", mean.before);
        assert!(mean.at_close > mean.before, "support adds connections: {mean:?}");
        // every indicator's parts agree with its rated total where shown
        for o in &r.outcomes.indicators {
            if let (Some(n), Some(a), Some(b), Some(c)) = (o.rated.and_then(Figure::shown), o.improved.shown(), o.same.shown(), o.worse.shown()) {
                assert_eq!(n, a + b + c, "{}", o.key);
            }
        }
        // a district: its total is its rows, and nothing small is shown as a number
        let (district, n): (String, i64) = sqlx::query_as(
            "SELECT district, COUNT(*) AS n FROM referrals WHERE created_at >= $1 AND created_at < $2 AND district IS NOT NULL GROUP BY district ORDER BY n DESC, district LIMIT 1",
        )
        .bind(&from)
        .bind(&to)
        .fetch_one(s.db.pool())
        .await
        .unwrap();
        let d = report(&s.app, &staff, &format!("filter%5Bperiod%5D={}&filter%5Bdistrict%5D={district}", this_year())).await;
        assert_eq!(d.district.as_ref().map(|(slug, _)| slug.as_str()), Some(district.as_str()));
        agrees(d.referrals.total, n, "the district's referrals");
        for line in [&d.referrals.by_source, &d.referrals.by_age, &d.referrals.by_household, &d.referrals.by_concern] {
            assert!(line.items.iter().all(|i| !matches!(i.figure, Figure::Count(1..=4))), "{line:?}");
        }
        // the population side: self-check answers this year
        let (a, b) = period.months().first().zip(period.months().last()).map(|(a, b)| (format!("{:04}-{:02}", a.0, a.1), format!("{:04}-{:02}", b.0, b.1))).unwrap();
        let answers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM health_check_stats WHERE month >= $1 AND month <= $2").bind(a).bind(b).fetch_one(s.db.pool()).await.unwrap();
        agrees(r.population.as_ref().unwrap().contributions.total, answers, "self-check answers");
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn a_team_sees_its_own_cases_and_bad_filters_are_refused() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let staff = sign_in(&s.app, STAFF).await;
        let lead = sign_in(&s.app, LEAD).await;
        let q = format!("filter%5Bperiod%5D={}", this_year());
        let (from, to) = Period::parse(&this_year()).unwrap().utc_bounds();
        // another team's referral, taken on this year
        let now = tsunagu_app::accounts::session::now_text();
        let other: i64 = sqlx::query_scalar("INSERT INTO case_teams (name) VALUES ('東部チーム') RETURNING id").fetch_one(s.db.pool()).await.unwrap();
        for i in 0..6 {
            let rid: i64 = sqlx::query_scalar(
                "INSERT INTO referrals (source, kind, name, sex, birth_date, district, concerns, consent_purpose, consented_at, consent_by, status, created_at, household)
                 VALUES ('commissioner', 'consented', $1, 'male', '1950-01-01', 'okutani', 'money', 'x', '2026-01-01', 'self', 'assigned', $2, 'elderly_with_child') RETURNING id",
            )
            .bind(format!("東部 {i}"))
            .bind(&now)
            .fetch_one(s.db.pool())
            .await
            .unwrap();
            sqlx::query("INSERT INTO cases (referral_id, team_id, status, opened_at, updated_at) VALUES ($1, $2, 'contacting', $3, $3)").bind(rid).bind(other).bind(&now).execute(s.db.pool()).await.unwrap();
        }
        let town = report(&s.app, &staff, &q).await;
        let team = report(&s.app, &lead, &q).await;
        assert_eq!(town.team, None);
        assert_eq!(team.team.as_deref(), Some(tsunagu_app::casework::seed::DEMO_TEAM));
        assert!(team.population.is_none(), "the town's self-check figures are for city staff");
        assert!(team.attendance.is_none(), "and so is taking part");
        let demo_team: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM referrals r JOIN cases c ON c.referral_id = r.id JOIN case_teams t ON t.id = c.team_id WHERE t.name = $1 AND r.created_at >= $2 AND r.created_at < $3",
        )
        .bind(tsunagu_app::casework::seed::DEMO_TEAM)
        .bind(&from)
        .bind(&to)
        .fetch_one(s.db.pool())
        .await
        .unwrap();
        agrees(team.referrals.total, demo_team, "the team's referrals");
        let everyone: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM referrals WHERE created_at >= $1 AND created_at < $2").bind(&from).bind(&to).fetch_one(s.db.pool()).await.unwrap();
        agrees(town.referrals.total, everyone, "the town's referrals");
        assert!(everyone >= demo_team + 6);
        agrees(town.referrals.by_source.figure("commissioner"), sqlx::query_scalar("SELECT COUNT(*) FROM referrals WHERE source = 'commissioner' AND created_at >= $1 AND created_at < $2").bind(&from).bind(&to).fetch_one(s.db.pool()).await.unwrap(), "commissioners");
        // a period that has not begun, nonsense, or a district the town has not: a clear refusal
        for bad in ["filter%5Bperiod%5D=2999-01", "filter%5Bperiod%5D=fy2026-q9", "filter%5Bdistrict%5D=atlantis"] {
            let (status, _, text) = request(&s.app, "/api/dashboard/report", Some(bad), Some(&staff)).await;
            assert!(text.contains("Invalid"), "{bad}: {status} {text}");
        }
        // the page itself says what to fix, in Japanese
        let (status, _, html) = request(&s.app, "/staff/dashboard?period=2999-01", None, Some(&staff)).await;
        assert_eq!(status, 422, "{html}");
        assert!(html.contains("期間が正しくありません"), "{html}");
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn the_csv_holds_the_figures_of_the_page_and_open_data_is_anonymous() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let staff = sign_in(&s.app, STAFF).await;
        let r = report(&s.app, &staff, &format!("filter%5Bperiod%5D={}", this_year())).await;
        let (status, headers, csv) = request(&s.app, &format!("/staff/dashboard/referrals.csv?period={}", this_year()), None, Some(&staff)).await;
        assert_eq!(status, 200, "{csv}");
        assert!(headers["content-type"].to_str().unwrap().starts_with("text/csv"));
        assert!(headers["content-disposition"].to_str().unwrap().contains(&format!("referrals-{}-town.csv", this_year())));
        assert!(csv.starts_with('\u{feff}'), "a BOM for Excel");
        // every source line of the page is a line of the file
        for item in &r.referrals.by_source.items {
            let value = tsunagu_app::dashboard::sheets::figure_text(item.figure, tsunagu_app::i18n::Locale::ja);
            assert!(csv.contains(&format!("{},{value}\r\n", item.label.ja)), "{} {value} in\n{csv}", item.label.ja);
        }
        if r.referrals.by_source.items.iter().any(|i| i.figure == Figure::Small) {
            assert!(csv.contains("5人未満"));
        }
        // the other sections, and refusals
        for section in ["connections", "outcomes", "resources", "population"] {
            let (status, _, text) = request(&s.app, &format!("/staff/dashboard/{section}.csv"), None, Some(&staff)).await;
            assert_eq!(status, 200, "{section}: {text}");
        }
        let (status, _, _) = request(&s.app, "/staff/dashboard/nothing.csv", None, Some(&staff)).await;
        assert_eq!(status, 404);
        let (status, _, _) = request(&s.app, "/staff/dashboard/referrals.csv", None, None).await;
        assert_eq!(status, 401);
        let writer = sign_in(&s.app, "writer@midorino.example.jp").await;
        let (status, _, _) = request(&s.app, "/staff/dashboard/referrals.csv", None, Some(&writer)).await;
        assert_eq!(status, 403);
        let (status, _, text) = request(&s.app, "/staff/dashboard/referrals.csv?period=bogus", None, Some(&staff)).await;
        assert_eq!(status, 422, "{text}");

        // open data: anyone, the whole town, no district, no team, no names
        let year = fiscal_year_of(today_tokyo());
        let (status, headers, json) = request(&s.app, &format!("/open-data/summary.json?year={year}"), None, None).await;
        assert_eq!(status, 200, "{json}");
        assert!(headers["cache-control"].to_str().unwrap().contains("public"));
        let summary: tsunagu_app::dashboard::open_data::Summary = serde_json::from_str(&json).unwrap();
        assert_eq!(summary.fiscal_year, year);
        assert!(summary.partial);
        let total = summary.rows.iter().find(|row| row.measure == "received").unwrap();
        match r.referrals.total {
            Some(Figure::Count(n)) => assert_eq!(total.value, Some(f64::from(n))),
            _ => assert!(total.value.is_none() && total.note.is_some()),
        }
        for row in &summary.rows {
            assert!(row.value.is_some() != row.note.is_some() || row.unit == "mean" && row.note.is_some(), "{row:?}");
            if let (Some(v), "people" | "cases") = (row.value, row.unit.as_str()) {
                assert!(v == 0.0 || v >= f64::from(MIN_PEOPLE), "a small count published: {row:?}");
            }
        }
        let names: Vec<String> = sqlx::query_scalar("SELECT name FROM referrals WHERE name IS NOT NULL").fetch_all(s.db.pool()).await.unwrap();
        assert!(!names.is_empty() && names.iter().all(|n| !json.contains(n.as_str())), "no name in the summary");
        for district in ["kitayama", "okutani", "chuo"] {
            assert!(!json.contains(district), "no district in the summary");
        }
        let (status, _, csv) = request(&s.app, &format!("/open-data/summary.csv?year={year}"), None, None).await;
        assert_eq!(status, 200);
        assert!(csv.starts_with("\u{feff}年度 fiscal_year,"), "{csv}");
        for bad in ["year=1999", "year=abc", &format!("year={}", year + 1)] {
            let (status, _, text) = request(&s.app, &format!("/open-data/summary.json?{bad}"), None, None).await;
            assert_eq!(status, 422, "{bad}: {text}");
        }
        let (status, _, page) = request(&s.app, "/open-data", None, None).await;
        assert_eq!(status, 200);
        assert!(page.contains("5人未満") && page.contains(&format!("/open-data/summary.csv?year={year}")), "{page}");
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn reads_of_activity_pages_are_counted_per_day_without_the_reader() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let staff = sign_in(&s.app, STAFF).await;
        let (id, category): (i64, String) = sqlx::query_as(
            "SELECT a.id, c.name_ja FROM activities a JOIN activity_categories ac ON ac.activity_id = a.id JOIN categories c ON c.id = ac.category_id
             WHERE a.status = 'active' ORDER BY a.id LIMIT 1",
        )
        .fetch_one(s.db.pool())
        .await
        .unwrap();
        let views = |r: &DashboardReport| r.population.as_ref().unwrap().views.iter().find(|(_, t, _)| t.ja == category).map_or(0, |(_, _, n)| *n);
        let q = format!("filter%5Bperiod%5D={}", this_year());
        let before = views(&report(&s.app, &staff, &q).await);
        let today: i64 = sqlx::query_scalar("SELECT CAST(COALESCE(SUM(views), 0) AS BIGINT) FROM activity_views WHERE day = $1").bind(today_tokyo().to_string()).fetch_one(s.db.pool()).await.unwrap();
        for _ in 0..3 {
            let (status, _, _) = request(&s.app, &format!("/activities/{id}"), None, None).await;
            assert_eq!(status, 200);
        }
        // a robot and a page that does not exist are not counted
        use tower::ServiceExt;
        let bot = http::Request::get(format!("/activities/{id}")).header("user-agent", "Mozilla/5.0 (compatible; Googlebot/2.1)").body(axum::body::Body::empty()).unwrap();
        let _ = s.app.clone().oneshot(bot).await.unwrap();
        let (status, _, _) = request(&s.app, "/activities/99999999", None, None).await;
        assert_eq!(status, 404);
        let after = views(&report(&s.app, &staff, &q).await);
        assert_eq!(after, before + 3);
        let row: (i64,) = sqlx::query_as("SELECT CAST(COALESCE(SUM(views), 0) AS BIGINT) FROM activity_views WHERE day = $1").bind(today_tokyo().to_string()).fetch_one(s.db.pool()).await.unwrap();
        assert_eq!(row.0, today + 3);
        // one number per page and day: nothing else about the reader
        let columns: Vec<String> = match s.db.backend() {
            tsunagu_app::db::Backend::Sqlite => sqlx::query_scalar("SELECT name FROM pragma_table_info('activity_views') ORDER BY cid").fetch_all(s.db.pool()).await.unwrap(),
            tsunagu_app::db::Backend::Postgres => sqlx::query_scalar("SELECT CAST(column_name AS TEXT) FROM information_schema.columns WHERE table_name = 'activity_views' ORDER BY ordinal_position").fetch_all(s.db.pool()).await.unwrap(),
        };
        assert_eq!(columns, ["day", "activity_id", "views"]);
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn a_referral_names_a_commissioner_and_a_household() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let lead = sign_in(&s.app, LEAD).await;
        let enc = tsunagu_app::activities::query::encode;
        let form = [
            ("source", "commissioner"),
            ("name", "民生 花子"),
            ("sex", "female"),
            ("household", "elderly_with_child"),
            ("birth_date", "S20.1.1"),
            ("district", "okutani"),
            ("concerns", "withdrawal,care"),
            ("consent", "verbal"),
            ("consent_date", &today_tokyo().to_string()),
        ]
        .iter()
        .map(|(k, v)| format!("form%5B{k}%5D={}", enc(v)))
        .collect::<Vec<_>>()
        .join("&");
        let (_, _, text) = request(&s.app, "/api/casework/refer", Some(&form), Some(&lead)).await;
        let id = serde_json::from_str::<serde_json::Value>(&text).unwrap()["Received"].as_i64().unwrap_or_else(|| panic!("{text}"));
        let row: (String, Option<String>) = sqlx::query_as("SELECT source, household FROM referrals WHERE id = $1").bind(id).fetch_one(s.db.pool()).await.unwrap();
        assert_eq!(row, ("commissioner".into(), Some("elderly_with_child".into())));
        // a household the form does not offer changes nothing and says which field
        let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM referrals").fetch_one(s.db.pool()).await.unwrap();
        let (_, _, text) = request(&s.app, "/api/casework/refer", Some(&form.replace("elderly_with_child", "castle")), Some(&lead)).await;
        assert!(text.contains("Invalid") && text.contains("household"), "{text}");
        let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM referrals").fetch_one(s.db.pool()).await.unwrap();
        assert_eq!(before, after);
        // the database refuses a source it does not know, whatever writes it
        let bad = sqlx::query("INSERT INTO referrals (source, kind, concerns, status, created_at) VALUES ('postman', 'meeting', '', 'meeting', $1)")
            .bind(tsunagu_app::accounts::session::now_text())
            .execute(s.db.pool())
            .await;
        assert!(bad.is_err());
        drop(s);
        db.drop_db().await;
    }
}

/// Where a case was connected during support as its outcome row lists it
/// (activity ids, resource ids), checked against its connections.
async fn places_agree(db: &tsunagu_app::db::Db, case: i64) -> (std::collections::BTreeSet<i64>, std::collections::BTreeSet<i64>) {
    use std::collections::BTreeSet;
    let (a, r): (Option<String>, Option<String>) =
        sqlx::query_as("SELECT connected_activities, connected_resources FROM case_outcomes WHERE case_id = $1").bind(case).fetch_one(db.pool()).await.unwrap();
    let list = |l: Option<String>| -> Vec<i64> { l.map(|l| l.split(',').map(|id| id.parse().unwrap()).collect()).unwrap_or_default() };
    let (a, r) = (list(a), list(r));
    let made: Vec<(Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT activity_id, resource_id FROM case_connections WHERE case_id = $1 AND before_support = FALSE AND state = 'active'",
    )
    .bind(case)
    .fetch_all(db.pool())
    .await
    .unwrap();
    let activities: BTreeSet<i64> = made.iter().filter_map(|m| m.0).collect();
    let resources: BTreeSet<i64> = made.iter().filter_map(|m| m.1).collect();
    // each place once per case
    assert_eq!((a.len(), r.len()), (activities.len(), resources.len()), "case {case}");
    assert_eq!((a.into_iter().collect::<BTreeSet<_>>(), r.into_iter().collect::<BTreeSet<_>>()), (activities.clone(), resources.clone()), "case {case}");
    (activities, resources)
}

/// Each case's outcome row, as the triggers keep it.
async fn outcome_row(db: &tsunagu_app::db::Db, case: i64) -> (i64, i64, i64, Option<i64>, Option<i64>, Option<String>) {
    let pg = matches!(db.backend(), tsunagu_app::db::Backend::Postgres);
    let check = if pg { "check_intake::text" } else { "check_intake" };
    sqlx::query_as(&format!(
        "SELECT before_people, close_people + close_life + close_vitality, close_informal, intake_connected, review_connected, {check} FROM case_outcomes WHERE case_id = $1"
    ))
    .bind(case)
    .fetch_one(db.pool())
    .await
    .unwrap()
}

/// The same figures counted from the case's own rows (the latest rating of
/// a stage by written time, then id; the latest check by its date, then id).
async fn outcome_counted(db: &tsunagu_app::db::Db, case: i64) -> (i64, i64, i64, Option<i64>, Option<i64>, Option<serde_json::Value>) {
    let conns: Vec<(i64, String, String, String)> =
        sqlx::query_as("SELECT CASE WHEN before_support THEN 1 ELSE 0 END, state, family, tie FROM case_connections WHERE case_id = $1").bind(case).fetch_all(db.pool()).await.unwrap();
    let at_close = |c: &&(i64, String, String, String)| c.0 == 1 || c.1 == "active";
    let ratings: Vec<(String, String, i64, String, i64)> =
        sqlx::query_as("SELECT stage, indicator, rating, written_at, id FROM case_ratings WHERE case_id = $1").bind(case).fetch_all(db.pool()).await.unwrap();
    let latest = |stage: &str| {
        ratings.iter().filter(|r| r.0 == stage && r.1 == "connected").max_by(|a, b| (&a.3, a.4).cmp(&(&b.3, b.4))).map(|r| r.2)
    };
    let checks: Vec<(String, String, String, i64)> =
        sqlx::query_as("SELECT stage, scores, taken_on, id FROM case_checks WHERE case_id = $1").bind(case).fetch_all(db.pool()).await.unwrap();
    let check = checks.iter().filter(|c| c.0 == "intake").max_by(|a, b| (&a.2, a.3).cmp(&(&b.2, b.3))).map(|c| serde_json::from_str(&c.1).unwrap());
    (
        conns.iter().filter(|c| c.0 == 1 && c.2 == "people").count() as i64,
        conns.iter().filter(at_close).count() as i64,
        conns.iter().filter(at_close).filter(|c| c.3 == "informal").count() as i64,
        latest("intake"),
        latest("review"),
        check,
    )
}

#[tokio::test]
async fn each_case_outcome_row_follows_every_write() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let d = &s.db;
        let agree = |case: i64, row: (i64, i64, i64, Option<i64>, Option<i64>, Option<String>), counted: (i64, i64, i64, Option<i64>, Option<i64>, Option<serde_json::Value>)| {
            let json = row.5.as_deref().map(|t| serde_json::from_str::<serde_json::Value>(t).unwrap());
            assert_eq!((row.0, row.1, row.2, row.3, row.4, json), counted, "case {case}");
        };
        // the demo history (written by the seed, kept by the triggers)
        let cases: Vec<i64> = sqlx::query_scalar("SELECT id FROM cases ORDER BY id").fetch_all(d.pool()).await.unwrap();
        assert!(cases.len() > 40);
        for &c in &cases {
            agree(c, outcome_row(d, c).await, outcome_counted(d, c).await);
            places_agree(d, c).await;
        }
        let with_places: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM case_outcomes WHERE connected_activities IS NOT NULL").fetch_one(d.pool()).await.unwrap();
        assert!(with_places > 5, "the demo history connects cases to activities");
        let case = sqlx::query_scalar::<_, i64>("SELECT case_id FROM case_ratings WHERE stage = 'review' AND indicator = 'connected' ORDER BY case_id LIMIT 1")
            .fetch_one(d.pool())
            .await
            .unwrap();
        let exec = |sql: &'static str, binds: Vec<String>| async move {
            let mut q = sqlx::query(sql).bind(case);
            for b in binds {
                q = q.bind(b);
            }
            q.execute(d.pool()).await.unwrap();
        };
        let ins_rating = "INSERT INTO case_ratings (case_id, client_id, stage, indicator, rating, written_at, created_at) VALUES ($1, $2, 'review', 'connected', CAST($3 AS BIGINT), $4, $4)";
        // a device's rating written long ago arrives late: the newer one still counts
        exec(ins_rating, vec!["late".into(), "1".into(), "2001-01-01T00:00:00Z".into()]).await;
        let before = outcome_row(d, case).await;
        assert_ne!(before.4, Some(1));
        // a new rating replaces it
        exec(ins_rating, vec!["new".into(), "5".into(), "2099-01-01T00:00:00Z".into()]).await;
        assert_eq!(outcome_row(d, case).await.4, Some(5));
        exec("DELETE FROM case_ratings WHERE case_id = $1 AND client_id = $2", vec!["new".into()]).await;
        assert_eq!(outcome_row(d, case).await.4, before.4);
        // a planned connection made active counts at closing; removed, it no longer does
        // (to an activity and a resource: where the case was connected follows too)
        let activity: i64 = sqlx::query_scalar("SELECT MAX(id) FROM activities").fetch_one(d.pool()).await.unwrap();
        let resource: i64 = sqlx::query_scalar("SELECT MAX(id) FROM resources").fetch_one(d.pool()).await.unwrap();
        exec(
            "INSERT INTO case_connections (case_id, client_id, label, tie, family, state, before_support, activity_id, resource_id, written_at, created_at) VALUES ($1, $2, 'test', 'informal', 'people', 'planned', FALSE, CAST($3 AS BIGINT), CAST($4 AS BIGINT), $5, $5)",
            vec!["conn".into(), activity.to_string(), resource.to_string(), "2026-01-01T00:00:00Z".into()],
        )
        .await;
        assert_eq!(outcome_row(d, case).await.1, before.1);
        let (activities, resources) = places_agree(d, case).await;
        assert!(!activities.contains(&activity) && !resources.contains(&resource), "a planned connection is not a place the case was connected to");
        exec("UPDATE case_connections SET state = 'active' WHERE case_id = $1 AND client_id = $2", vec!["conn".into()]).await;
        assert_eq!((outcome_row(d, case).await.1, outcome_row(d, case).await.2), (before.1 + 1, before.2 + 1));
        let (activities, resources) = places_agree(d, case).await;
        assert!(activities.contains(&activity) && resources.contains(&resource));
        exec("DELETE FROM case_connections WHERE case_id = $1 AND client_id = $2", vec!["conn".into()]).await;
        assert_eq!(outcome_row(d, case).await.1, before.1);
        places_agree(d, case).await;
        // a later quick check at intake becomes the one counted
        exec(
            "INSERT INTO case_checks (case_id, client_id, stage, questionnaire_id, scores, taken_on, written_at, created_at) VALUES ($1, $2, 'intake', 'quick', $3, '2099-01-01', $4, $4)",
            vec!["check".into(), r#"{"body":1.0}"#.into(), "2099-01-01T00:00:00Z".into()],
        )
        .await;
        agree(case, outcome_row(d, case).await, outcome_counted(d, case).await);
        assert!(outcome_row(d, case).await.5.unwrap().contains("body"));
        // a new case starts with an empty row
        let referral: i64 = sqlx::query_scalar("SELECT id FROM referrals WHERE id NOT IN (SELECT referral_id FROM cases) ORDER BY id LIMIT 1").fetch_one(d.pool()).await.unwrap();
        let new_case: i64 = sqlx::query_scalar("INSERT INTO cases (referral_id, status, opened_at, updated_at) VALUES ($1, 'received', $2, $2) RETURNING id")
            .bind(referral)
            .bind("2026-01-01T00:00:00Z")
            .fetch_one(d.pool())
            .await
            .unwrap();
        assert_eq!(outcome_row(d, new_case).await, (0, 0, 0, None, None, None));
        drop(s);
        db.drop_db().await;
    }
}

/// Where closed cases were connected, counted from the lists kept beside
/// each case, equals the count over every connection (the query it
/// replaced), for the whole town and for a team.
#[tokio::test]
async fn connected_places_count_each_case_once_per_place() {
    use std::collections::BTreeMap;
    use tsunagu_app::dashboard::db::{closed_facts, connected_places, Scope};
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let d = &s.db;
        // a case connected twice to one activity and to two resources of one kind counts once for each
        let twice: (i64, i64) = sqlx::query_as(
            "SELECT cc.case_id, cc.activity_id FROM case_connections cc JOIN cases c ON c.id = cc.case_id
             WHERE c.status = 'closed' AND cc.activity_id IS NOT NULL AND NOT cc.before_support AND cc.state = 'active' ORDER BY cc.id LIMIT 1",
        )
        .fetch_one(d.pool())
        .await
        .unwrap();
        let (r1, r2): (i64, i64) = sqlx::query_as("SELECT a.id, b.id FROM resources a JOIN resources b ON b.kind = a.kind AND b.id > a.id ORDER BY a.id LIMIT 1").fetch_one(d.pool()).await.unwrap();
        for (client, activity, resource) in [("again", Some(twice.1), Some(r1)), ("kind", None, Some(r2))] {
            sqlx::query(
                "INSERT INTO case_connections (case_id, client_id, label, tie, family, state, before_support, activity_id, resource_id, written_at, created_at)
                 VALUES ($1, $2, 'test', 'informal', 'people', 'active', FALSE, $3, $4, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
            )
            .bind(twice.0)
            .bind(client)
            .bind(activity)
            .bind(resource)
            .execute(d.pool())
            .await
            .unwrap();
        }
        let team: i64 = sqlx::query_scalar("SELECT team_id FROM cases WHERE id = $1").bind(twice.0).fetch_one(d.pool()).await.unwrap();
        let this = fiscal_year_of(today_tokyo());
        for period in [Period::FiscalYear(this - 1), Period::FiscalYear(this)] {
            for scope in [Scope::Town, Scope::Team(team)] {
                let closed = closed_facts(d, &period, scope, &[]).await.unwrap();
                let (activities, kinds) = connected_places(d, &closed.places).await.unwrap();
                let (from, to) = period.utc_bounds();
                let counted = |place: &'static str| {
                    let sql = format!(
                        "SELECT {place}, r.district, COUNT(DISTINCT c.id) FROM cases c JOIN referrals r ON r.id = c.referral_id
                         JOIN case_connections cc ON cc.case_id = c.id {join}
                         WHERE c.closed_at >= $1 AND c.closed_at < $2 AND c.status = 'closed' AND ($3 = 0 OR c.team_id = $3)
                           AND NOT cc.before_support AND cc.state = 'active' GROUP BY {place}, r.district",
                        join = if place == "res.kind" { "JOIN resources res ON res.id = cc.resource_id" } else { "JOIN activities a ON a.id = cc.activity_id" }
                    );
                    let (from, to) = (from.clone(), to.clone());
                    async move {
                        let rows: Vec<(String, Option<String>, i64)> =
                            sqlx::query_as(&sql).bind(from).bind(to).bind(match scope { Scope::Town => 0, Scope::Team(t) => t }).fetch_all(d.pool()).await.unwrap();
                        rows.into_iter().map(|(k, district, n)| ((k, district), n as u32)).collect::<BTreeMap<_, _>>()
                    }
                };
                let mine = |list: &[tsunagu_app::dashboard::connections::PlaceCount]| list.iter().map(|p| ((p.key.clone(), p.district.clone()), p.cases)).collect::<BTreeMap<_, _>>();
                let truth = counted("CAST(a.id AS TEXT)").await;
                assert!(period != Period::FiscalYear(this - 1) || scope != Scope::Town || !truth.is_empty(), "the demo history has connected places");
                assert_eq!(mine(&activities), truth, "{period:?} {scope:?}");
                assert_eq!(mine(&kinds), counted("res.kind").await, "{period:?} {scope:?}");
            }
        }
        drop(s);
        db.drop_db().await;
    }
}

/// Taking part (issue 20) in the dashboard: check-ins per category, the
/// most attended activities and coming back agree with the rows, small
/// counts hidden, and the section has its CSV.
#[tokio::test]
async fn taking_part_is_counted_by_category_activity_and_coming_back() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let d = &s.db;
        let staff = sign_in(&s.app, STAFF).await;
        // twelve more people take part in the demo resident's first activity, twice each
        let activity: i64 = sqlx::query_scalar("SELECT MIN(activity_id) FROM checkins").fetch_one(d.pool()).await.unwrap();
        let hash: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE email = 'resident@midorino.example.jp'").fetch_one(d.pool()).await.unwrap();
        let today = today_tokyo();
        for i in 0..12 {
            let mut conn = d.pool().acquire().await.unwrap();
            let user = tsunagu_app::accounts::session::upsert_user_hashed(&mut conn, &format!("p{i}@example.jp"), "p", &hash, &[tsunagu_app::accounts::Role::Resident]).await.unwrap();
            for days in [1u64, 8] {
                let on = today - chrono::Days::new(days);
                sqlx::query("INSERT INTO checkins (session_key, activity_id, held_on, user_id, via, created_at) VALUES ($1, $2, $3, $4, 'code', '2026-01-01T00:00:00Z')")
                    .bind(format!("a{activity}-{}", on.format("%Y%m%d")))
                    .bind(activity)
                    .bind(on.to_string())
                    .bind(user)
                    .execute(&mut *conn)
                    .await
                    .unwrap();
            }
        }
        let period = Period::parse(&this_year()).unwrap();
        let (from, to) = period.dates();
        let r = report(&s.app, &staff, &format!("filter%5Bperiod%5D={}", this_year())).await;
        let a = r.attendance.expect("city staff see taking part");
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT cat.slug, COUNT(*) FROM checkins c JOIN activity_categories ac ON ac.activity_id = c.activity_id JOIN categories cat ON cat.id = ac.category_id
             WHERE c.held_on >= $1 AND c.held_on < $2 GROUP BY cat.slug",
        )
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(d.pool())
        .await
        .unwrap();
        assert!(!rows.is_empty());
        for (slug, n) in rows {
            agrees(a.by_category.figure(&slug), n, &slug);
        }
        let top: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM checkins WHERE activity_id = $1 AND held_on >= $2 AND held_on < $3")
            .bind(activity)
            .bind(from.to_string())
            .bind(to.to_string())
            .fetch_one(d.pool())
            .await
            .unwrap();
        assert_eq!(a.top_activities.items[0].key, activity.to_string());
        agrees(a.top_activities.figure(&activity.to_string()), top, "the most attended activity");
        // twelve came twice (if both days fall in this fiscal year); the demo resident more often
        let twice = if from <= today - chrono::Days::new(8) { 12 } else { 0 };
        if twice > 0 {
            agrees(a.repeat.figure("two_three"), twice, "two or three times");
        }
        let (status, headers, csv) = request(&s.app, &format!("/staff/dashboard/attendance.csv?period={}", this_year()), None, Some(&staff)).await;
        assert_eq!(status, 200, "{csv}");
        assert!(headers["content-type"].to_str().unwrap().contains("text/csv"));
        assert!(csv.contains("参加の多い活動") && csv.contains("くり返し参加"), "{csv}");
        drop(s);
        db.drop_db().await;
    }
}
