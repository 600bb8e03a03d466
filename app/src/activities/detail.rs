//! Everything the detail page shows of one activity.
use super::model::{ActivityStatus, Target};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityDetail {
    pub id: i64,
    pub name: String,
    pub kana: String,
    pub description: String,
    pub organisation: Option<String>,
    pub categories: Vec<(String, String)>,
    pub targets: Vec<Target>,
    pub cost_yen: u32,
    pub cost_note: Option<String>,
    pub capacity: Option<u32>,
    pub beginners_welcome: bool,
    pub drop_in: bool,
    pub barrier_free: bool,
    pub accessible_toilet: bool,
    pub parking: bool,
    pub access_note: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub url: Option<String>,
    /// Photo URLs.
    pub photos: Vec<String>,
    pub status: ActivityStatus,
    pub last_verified: Option<String>,
    pub location_name: String,
    pub address: String,
    pub district_ja: String,
    pub district_en: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub online: bool,
    pub schedule_ja: Vec<String>,
    pub schedule_en: Vec<String>,
    /// Next three dates, described (ja, en).
    pub next_dates: Vec<(String, String)>,
    /// Public URL of this page.
    pub share_url: String,
    /// QR code of `share_url` (SVG, made on the server).
    pub qr_svg: String,
    /// schema.org JSON-LD, safe inside `<script>`.
    pub json_ld: String,
    /// Small map of the place.
    pub map: Option<crate::ui::static_map::StaticMap>,
}

#[cfg(feature = "ssr")]
pub mod db {
    use super::ActivityDetail;
    use crate::activities::model::{ActivityStatus, Target};
    use crate::calendar::schedule::describe_date;
    use crate::calendar::{today_tokyo, Lang, Schedule};
    use crate::db::Db;
    use crate::error::AppError;
    use sqlx::Row;

    pub async fn get(db: &Db, id: i64, base_url: &str) -> Result<ActivityDetail, AppError> {
        let r = sqlx::query(
            "SELECT a.*, l.name AS location_name, l.address, l.latitude, l.longitude, l.online,
                    d.name_ja AS district_ja, d.name_en AS district_en, o.name AS organisation
             FROM activities a
             JOIN locations l ON l.id = a.location_id
             LEFT JOIN districts d ON d.id = l.district_id
             LEFT JOIN organisations o ON o.id = a.organisation_id
             WHERE a.id = $1",
        )
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
        let categories = sqlx::query(
            "SELECT c.name_ja, c.name_en FROM activity_categories ac JOIN categories c ON c.id = ac.category_id
             WHERE ac.activity_id = $1 ORDER BY c.sort_order",
        )
        .bind(id)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|r| Ok((r.try_get("name_ja")?, r.try_get("name_en")?)))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let specs: Vec<String> =
            sqlx::query_scalar("SELECT spec FROM activity_schedules WHERE activity_id = $1 ORDER BY position")
                .bind(id)
                .fetch_all(db.pool())
                .await?;
        let schedules: Vec<Schedule> = specs.iter().filter_map(|s| Schedule::parse_compact(s).ok()).collect();
        let today = today_tokyo();
        let mut dates: Vec<_> = schedules.iter().flat_map(|s| s.next_dates(today, 3)).collect();
        dates.sort();
        dates.dedup();
        dates.truncate(3);
        let status: String = r.try_get("status")?;
        let targets: String = r.try_get("targets")?;
        let opt_u32 = |v: Option<i64>| v.map(|n| n.max(0) as u32);
        let share_url = format!("{base_url}/activities/{id}");
        let mut detail = ActivityDetail {
            id,
            name: r.try_get("name")?,
            kana: r.try_get("kana")?,
            description: r.try_get("description")?,
            organisation: r.try_get("organisation")?,
            categories,
            targets: targets.split(',').filter_map(Target::parse).collect(),
            cost_yen: r.try_get::<i64, _>("cost_yen")?.max(0) as u32,
            cost_note: r.try_get("cost_note")?,
            capacity: opt_u32(r.try_get("capacity")?),
            beginners_welcome: crate::db::get_bool(&r, "beginners_welcome")?,
            drop_in: crate::db::get_bool(&r, "drop_in")?,
            barrier_free: crate::db::get_bool(&r, "barrier_free")?,
            accessible_toilet: crate::db::get_bool(&r, "accessible_toilet")?,
            parking: crate::db::get_bool(&r, "parking")?,
            access_note: r.try_get("access_note")?,
            phone: r.try_get("phone")?,
            email: r.try_get("email")?,
            url: r.try_get("url")?,
            photos: r
                .try_get::<String, _>("photos")?
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
            status: ActivityStatus::parse(&status).unwrap_or(ActivityStatus::Active),
            last_verified: r.try_get("last_verified")?,
            location_name: r.try_get("location_name")?,
            address: r.try_get("address")?,
            district_ja: r.try_get::<Option<String>, _>("district_ja")?.unwrap_or_default(),
            district_en: r.try_get::<Option<String>, _>("district_en")?.unwrap_or_default(),
            latitude: r.try_get("latitude")?,
            longitude: r.try_get("longitude")?,
            online: crate::db::get_bool(&r, "online")?,
            schedule_ja: schedules.iter().map(|s| s.describe(Lang::Ja)).collect(),
            schedule_en: schedules.iter().map(|s| s.describe(Lang::En)).collect(),
            next_dates: dates.iter().map(|d| (describe_date(*d, Lang::Ja), describe_date(*d, Lang::En))).collect(),
            qr_svg: crate::activities::share::ssr::qr_svg(&share_url),
            share_url,
            json_ld: String::new(),
            map: None,
        };
        detail.json_ld = crate::activities::share::ssr::json_ld(&detail, &detail.share_url, &schedules);
        Ok(detail)
    }
}
