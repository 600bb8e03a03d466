//! Activity search on SQLite and PostgreSQL: Japanese-aware keywords,
//! filters, and an index that stays right after edits (also for a second
//! server instance with its own in-memory catalogue).
use crate::common;

use tsunagu_app::activities::catalogue::Catalogue;
use tsunagu_app::activities::model::ActivityForm;
use tsunagu_app::activities::query::ActivityQuery;
use tsunagu_app::activities::save_activity::{save_activity, Saved};
use tsunagu_app::activities::seed::demo_forms;
use tsunagu_app::db::seed::seed_demo_if_empty;
use tsunagu_app::db::Db;

async fn seeded(url: &str) -> Db {
    let db = Db::connect(url).await.unwrap();
    db.migrate().await.unwrap();
    seed_demo_if_empty(&db).await.unwrap();
    db
}

fn q(text: &str) -> ActivityQuery {
    ActivityQuery { q: text.into(), pages: 50, ..Default::default() }
}

#[test]
fn every_demo_activity_is_valid() {
    let forms = demo_forms();
    assert!(forms.len() >= 170, "{} demo activities", forms.len());
    for f in &forms {
        assert!(f.parse().is_ok(), "{}: {:?}", f.external_id, f.parse().err());
    }
}

#[tokio::test]
async fn japanese_search_and_filters_on_every_backend() {
    for t in common::all_backends().await {
        let db = seeded(&t.url).await;
        let cat = Catalogue::new();

        // reading search: hiragana finds the katakana/kanji name
        let page = cat.search(&db, &q("たいそう")).await.unwrap();
        assert!(page.items.iter().any(|s| s.name.contains("ラジオ体操")), "{}: たいそう", t.url);
        // two-character kanji words
        let page = cat.search(&db, &q("体操")).await.unwrap();
        assert!(page.total >= 3);
        // name matches rank above matches elsewhere (category, description)
        assert!(page.items[0].name.contains("体操"), "{}", page.items[0].name);
        let page = cat.search(&db, &q("囲碁")).await.unwrap();
        assert!(page.total >= 1, "囲碁");
        // half-width katakana query
        let page = cat.search(&db, &q("ｻﾛﾝ")).await.unwrap();
        assert!(page.items.iter().any(|s| s.name.contains("サロン")));

        // filters combine
        let all = cat.search(&db, &ActivityQuery { pages: 50, ..Default::default() }).await.unwrap();
        let kitayama = ActivityQuery { district: "kitayama".into(), pages: 50, ..Default::default() };
        let page = cat.search(&db, &kitayama).await.unwrap();
        assert!(page.total > 0 && page.total < all.total);
        assert!(page.items.iter().all(|s| s.district_ja == "北山"));
        let free_kitayama = ActivityQuery { free: true, ..kitayama.clone() };
        let page2 = cat.search(&db, &free_kitayama).await.unwrap();
        assert!(page2.total <= page.total);
        assert!(page2.items.iter().all(|s| s.cost_yen == 0 && s.district_ja == "北山"));
        let morning = ActivityQuery { time: "morning".into(), day: "wed".into(), pages: 50, ..Default::default() };
        let page = cat.search(&db, &morning).await.unwrap();
        assert!(page.total < all.total);
        // ended listings never show
        assert!(all.items.iter().all(|s| s.status != tsunagu_app::activities::model::ActivityStatus::Ended));
        assert!(all.total >= 150);

        db.close().await;
        t.drop_db().await;
    }
}

#[tokio::test]
async fn the_index_follows_edits_on_every_instance() {
    for t in common::all_backends().await {
        let db = seeded(&t.url).await;
        let instance_a = Catalogue::new();
        let instance_b = Catalogue::new();
        assert_eq!(instance_a.search(&db, &q("どんぐり将棋道場")).await.unwrap().total, 0);
        instance_b.search(&db, &q("x")).await.unwrap();

        let mut form: ActivityForm = demo_forms().into_iter().next().unwrap();
        let ext = form.external_id.clone();
        form.name = "どんぐり将棋道場".into();
        form.kana = "どんぐりしょうぎどうじょう".into();
        let input = form.parse().unwrap();
        let mut conn = db.pool().acquire().await.unwrap();
        let saved = save_activity(&mut conn, None, &input, "test").await.unwrap().unwrap();
        assert!(matches!(saved, Saved::Updated(_)), "matched by external id {ext}");
        // saving the same content again changes nothing
        let again = save_activity(&mut conn, None, &input, "test").await.unwrap().unwrap();
        assert!(matches!(again, Saved::Unchanged(_)));
        drop(conn);

        for instance in [&instance_a, &instance_b] {
            let page = instance.search(&db, &q("どんぐり")).await.unwrap();
            assert_eq!(page.total, 1, "{}", t.url);
            assert_eq!(page.items[0].name, "どんぐり将棋道場");
            let page = instance.search(&db, &q("しょうぎ")).await.unwrap();
            assert!(page.items.iter().any(|s| s.name == "どんぐり将棋道場"));
        }
        db.close().await;
        t.drop_db().await;
    }
}

#[tokio::test]
async fn unknown_references_are_reported_and_nothing_is_written() {
    let t = common::sqlite();
    let db = seeded(&t.url).await;
    let mut form = demo_forms().into_iter().next().unwrap();
    form.external_id = "NEW-1".into();
    form.categories = "no_such_category".into();
    form.district = "atlantis".into();
    let input = form.parse().unwrap();
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM activities").fetch_one(db.pool()).await.unwrap();
    let mut conn = db.pool().acquire().await.unwrap();
    let errors = save_activity(&mut conn, None, &input, "test").await.unwrap().unwrap_err();
    let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
    assert!(fields.contains(&"categories") && fields.contains(&"district"), "{fields:?}");
    drop(conn);
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM activities").fetch_one(db.pool()).await.unwrap();
    assert_eq!(before, after);
}


#[tokio::test]
async fn an_activity_without_coordinates_saves_on_every_backend() {
    for t in common::all_backends().await {
        let db = seeded(&t.url).await;
        let mut form = demo_forms().into_iter().next().unwrap();
        form.external_id = "NO-POS-1".into();
        form.latitude.clear();
        form.longitude.clear();
        form.online = true;
        let input = form.parse().unwrap();
        let mut conn = db.pool().acquire().await.unwrap();
        let saved = save_activity(&mut conn, None, &input, "test").await.unwrap().unwrap();
        assert!(matches!(saved, Saved::Created(_)), "{}", t.url);
        // and updating it (still without a position) works too
        let mut input2 = input.clone();
        input2.cost_yen = 100;
        let again = save_activity(&mut conn, None, &input2, "test").await.unwrap().unwrap();
        assert!(matches!(again, Saved::Updated(_)), "{}", t.url);
        drop(conn);
        db.close().await;
        t.drop_db().await;
    }
}
