//! The map's bbox route on SQLite and PostgreSQL: the points in a box are the
//! listings the list would show there (same filters), a box too full for a
//! phone comes back as clusters whose counts add up, and a bad box is a 400
//! that says what to fix in the asked language.
use crate::common;

use common::request;
use http::StatusCode;

async fn json(app: &axum::Router, path: &str) -> (StatusCode, serde_json::Value) {
    let (status, _, body) = request(app, path, None, None).await;
    (status, serde_json::from_str(&body).unwrap_or_else(|_| panic!("{path}: {body}")))
}

#[tokio::test]
async fn points_in_a_box_follow_the_list_filters() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let city = "134.0,34.0,136.0,36.0";
        // what the database says is on the map: listings not ended, with a place
        let placed: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM activities a JOIN locations l ON l.id = a.location_id
             WHERE a.status <> 'ended' AND l.latitude BETWEEN 34 AND 36 AND l.longitude BETWEEN 134 AND 136",
        )
        .fetch_one(s.db.pool())
        .await
        .unwrap();
        assert!(placed > 100, "the demo town has placed listings: {placed}");
        let (status, all) = json(&s.app, &format!("/api/map/points?bbox={city}&res=none")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(all["total"].as_i64(), Some(placed));
        assert_eq!(all["points"].as_array().unwrap().len() as i64, placed, "few enough: no clusters");
        let p = &all["points"][0];
        assert!(p["id"].is_i64() && p["name"].is_string() && p["category"].is_string() && p["lat"].is_f64());

        // the list's filters apply
        let salons: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM activities a JOIN locations l ON l.id = a.location_id
             JOIN activity_categories ac ON ac.activity_id = a.id JOIN categories c ON c.id = ac.category_id
             WHERE a.status <> 'ended' AND c.slug = 'salon' AND l.latitude IS NOT NULL",
        )
        .fetch_one(s.db.pool())
        .await
        .unwrap();
        let (_, some) = json(&s.app, &format!("/api/map/points?bbox={city}&category=salon&res=none")).await;
        assert_eq!(some["total"].as_i64(), Some(salons));
        assert!(salons > 0 && salons < placed);

        // a smaller box holds fewer; every point lies inside it
        let (lat, lon) = (p["lat"].as_f64().unwrap(), p["lon"].as_f64().unwrap());
        let small = format!("{},{},{},{}", lon - 0.005, lat - 0.005, lon + 0.005, lat + 0.005);
        let (_, near) = json(&s.app, &format!("/api/map/points?bbox={small}&res=none")).await;
        let n = near["total"].as_i64().unwrap();
        assert!(n >= 1 && n < placed);
        for q in near["points"].as_array().unwrap() {
            assert!((q["lat"].as_f64().unwrap() - lat).abs() <= 0.005 + 1e-9);
        }
        drop(s);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn bad_boxes_are_refused_with_a_message() {
    let s = common::site(&[]).await;
    for (query, ja) in [
        ("", "4つの数"),
        ("bbox=1,2,3", "4つの数"),
        ("bbox=a,b,c,d", "4つの数"),
        ("bbox=134.9,35.3,134.7,35.45", "順番"),
        ("bbox=134.7,35.45,134.9,35.3", "順番"),
        ("bbox=134,91,135,92", "-90〜90"),
        ("bbox=-200,35,135,36", "-180〜180"),
    ] {
        let (status, body) = json(&s.app, &format!("/api/map/points?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert!(body["message"].as_str().unwrap().contains(ja), "{query}: {body}");
    }
    let (_, body) = json(&s.app, "/api/map/points?bbox=134.9,35.3,134.7,35.45&lang=en").await;
    assert!(body["message"].as_str().unwrap().contains("west,south,east,north"), "{body}");
}

#[tokio::test]
async fn other_resources_share_the_map_and_follow_their_filters() {
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let city = "134.0,34.0,136.0,36.0";
        let published: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM resources WHERE status = 'published'").fetch_one(s.db.pool()).await.unwrap();
        assert!(published >= 10, "the demo town has resources: {published}");
        let (_, only) = json(&s.app, &format!("/api/map/points?bbox={city}&res=none")).await;
        let (_, all) = json(&s.app, &format!("/api/map/points?bbox={city}")).await;
        assert_eq!(all["resources"].as_i64(), Some(published));
        // listings with no place are counted, not drawn
        let unplaced: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM activities a JOIN locations l ON l.id = a.location_id WHERE a.status <> 'ended' AND l.latitude IS NULL",
        )
        .fetch_one(s.db.pool())
        .await
        .unwrap();
        assert_eq!(only["unplaced"].as_i64(), Some(unplaced));
        assert_eq!(all["total"].as_i64().unwrap(), only["total"].as_i64().unwrap() + published);
        let res: Vec<&serde_json::Value> = all["points"].as_array().unwrap().iter().filter(|p| p["resource"] == true).collect();
        assert_eq!(res.len() as i64, published, "few enough to be points");
        // one kind; a word; a district
        let (_, temples) = json(&s.app, &format!("/api/map/points?bbox={city}&res=temple&q=%E5%85%89%E6%98%8E")).await;
        assert_eq!(temples["resources"].as_i64(), Some(1), "光明寺: {temples}");
        let (_, okutani) = json(&s.app, &format!("/api/map/points?bbox={city}&district=okutani")).await;
        assert_eq!(okutani["resources"].as_i64(), Some(2), "{okutani}");
        // a draft is not on the map
        sqlx::query("UPDATE resources SET status = 'draft' WHERE kind = 'temple'").execute(s.db.pool()).await.unwrap();
        let (_, after) = json(&s.app, &format!("/api/map/points?bbox={city}")).await;
        assert_eq!(after["resources"].as_i64(), Some(published - 1));
        drop(s);
        db.drop_db().await;
    }
}
