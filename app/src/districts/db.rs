use super::District;
use crate::db::Db;
use crate::error::AppError;
use sqlx::Row;

pub async fn list(db: &Db) -> Result<Vec<District>, AppError> {
    let rows = sqlx::query(
        "SELECT slug, name_ja, name_en, kana, latitude, longitude FROM districts ORDER BY sort_order, slug",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(District {
                slug: r.try_get("slug")?,
                name_ja: r.try_get("name_ja")?,
                name_en: r.try_get("name_en")?,
                kana: r.try_get("kana")?,
                latitude: r.try_get("latitude")?,
                longitude: r.try_get("longitude")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}
