//! Demo events for みどり野市: a few one-off events around today (so the
//! agenda is never empty in a demo), one with in-portal sign-up and a small
//! capacity, one cancelled; and a handful of activities listed in the
//! calendar so their sessions appear too.
use super::model::EventForm;
use sqlx::AnyConnection;
use crate::error::AppError;
use chrono::{Days, NaiveDate};

struct Demo {
    days: u64,
    title: &'static str,
    kind: &'static str,
    start: &'static str,
    end: &'static str,
    place: &'static str,
    district: &'static str,
    categories: &'static str,
    description: &'static str,
    fee: &'static str,
    capacity: &'static str,
    apply: &'static str,
    contact: &'static str,
    cancel: Option<&'static str>,
}

const DEMOS: &[Demo] = &[
    Demo { days: 0, title: "こころの健康講座「眠りと気分」", kind: "lecture", start: "18:30", end: "20:00", place: "みどり野市保健センター", district: "chuo", categories: "health", description: "保健師が、よく眠るための工夫と気分が沈んだときの過ごし方をお話しします。質問だけの参加も歓迎です。", fee: "0", capacity: "40", apply: "portal", contact: "", cancel: None },
    Demo { days: 1, title: "フレイル予防教室", kind: "lecture", start: "10:00", end: "11:30", place: "北山公民館", district: "kitayama", categories: "care_prevention,exercise", description: "椅子に座ったままできる体操と、食事の話。動きやすい服装でどうぞ。", fee: "0", capacity: "5", apply: "portal", contact: "", cancel: None },
    Demo { days: 2, title: "介護者のつどい「ひといき」", kind: "consultation", start: "13:30", end: "15:00", place: "社会福祉協議会 相談室", district: "chuo", categories: "peer_support,consultation", description: "家族を介護している方どうしで、お茶を飲みながら話しませんか。介護の相談員も同席します。", fee: "100", capacity: "", apply: "phone", contact: "0796-00-2200", cancel: None },
    Demo { days: 3, title: "親子でつくる木のおもちゃ", kind: "workshop", start: "10:00", end: "12:00", place: "里山交流館", district: "higashihara", categories: "parenting,intergenerational", description: "地元の間伐材で小さなおもちゃを作ります。材料はこちらで用意します。", fee: "300", capacity: "12", apply: "portal", contact: "", cancel: None },
    Demo { days: 4, title: "ボランティア説明会", kind: "other", start: "14:00", end: "15:00", place: "みどり野市役所 3階会議室", district: "chuo", categories: "volunteering", description: "見守り、配食、子ども食堂など、市内のボランティアの始め方を紹介します。", fee: "0", capacity: "", apply: "none", contact: "", cancel: Some("講師の体調不良のため中止します。次回は来月です。") },
    Demo { days: 6, title: "みどり野 秋の地域まつり", kind: "festival", start: "", end: "", place: "中央公園", district: "chuo", categories: "neighbourhood,music", description: "模擬店、郷土芸能、子どもコーナー。地域の活動団体の紹介ブースもあります。", fee: "0", capacity: "", apply: "none", contact: "", cancel: None },
    Demo { days: 9, title: "スマホ相談会", kind: "consultation", start: "13:00", end: "16:00", place: "駅前図書館", district: "ekimae", categories: "learning", description: "LINE や写真の送り方など、学生ボランティアが一人ずつお手伝いします。", fee: "0", capacity: "8", apply: "portal", contact: "", cancel: None },
    Demo { days: 16, title: "認知症サポーター養成講座", kind: "lecture", start: "10:00", end: "11:30", place: "南丘コミュニティセンター", district: "minamioka", categories: "health", description: "認知症の人と家族を地域で支えるための基本を学びます。修了者にはオレンジリングをお渡しします。", fee: "0", capacity: "30", apply: "email", contact: "kenko@midorino.example.jp", cancel: None },
];

/// Insert the demo events relative to `today`, and list some activities'
/// sessions for the next eight weeks. Runs once, inside the demo seed.
pub async fn seed(conn: &mut AnyConnection, today: NaiveDate) -> Result<(), AppError> {
    let districts: Vec<(String, f64, f64)> =
        sqlx::query_as("SELECT slug, latitude, longitude FROM districts").fetch_all(&mut *conn).await?;
    let categories: Vec<String> = sqlx::query_scalar("SELECT slug FROM categories").fetch_all(&mut *conn).await?;
    for (i, d) in DEMOS.iter().enumerate() {
        let date = today + Days::new(d.days);
        // near the district's centre, a little apart from each other
        let place = districts.iter().find(|(slug, _, _)| slug == d.district);
        let offset = (i as f64 - 4.0) * 0.0011;
        let form = EventForm {
            title: d.title.into(),
            kind: d.kind.into(),
            description: d.description.into(),
            categories: d.categories.split(',').filter(|c| categories.iter().any(|k| k == c)).collect::<Vec<_>>().join(","),
            date: date.to_string(),
            all_day: d.start.is_empty(),
            start_time: d.start.into(),
            end_time: d.end.into(),
            location_name: d.place.into(),
            district: place.map(|p| p.0.clone()).unwrap_or_default(),
            latitude: place.map(|p| format!("{:.5}", p.1 + offset)).unwrap_or_default(),
            longitude: place.map(|p| format!("{:.5}", p.2 - offset)).unwrap_or_default(),
            fee_yen: d.fee.into(),
            capacity: d.capacity.into(),
            apply_method: d.apply.into(),
            apply_contact: d.contact.into(),
            organisation: String::new(),
            ..Default::default()
        };
        let id = match super::save_event::save_event_in(conn, None, &form).await? {
            Ok(id) => id,
            Err(errors) => return Err(AppError::Invalid(format!("demo event {}: {errors:?}", d.title))),
        };
        if let Some(reason) = d.cancel {
            let _ = super::save_event::cancel_event_in(conn, id, reason).await?;
        }
    }
    // a few weekly activities appear in the calendar
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT a.id FROM activities a JOIN activity_schedules s ON s.activity_id = a.id
         WHERE a.status = 'active' AND s.spec LIKE 'weekly:%' ORDER BY a.id LIMIT 12",
    )
    .fetch_all(&mut *conn)
    .await?;
    for id in ids {
        super::generate_occurrences::set_calendar_weeks_in(conn, id, 8, today).await?;
    }
    Ok(())
}
