//! 地域活動・つどい情報: the activity model, search, list and detail pages.
pub mod detail;
pub mod import;
pub mod model;
pub mod problem_reports;
pub mod query;
pub mod share;
pub mod search;
pub mod summary;

#[cfg(feature = "ssr")]
pub mod catalogue;
#[cfg(feature = "ssr")]
pub mod hsds;
#[cfg(feature = "ssr")]
pub mod save_activity;
#[cfg(feature = "ssr")]
pub mod seed;

pub(crate) mod views;


use crate::error::AppError;
use detail::ActivityDetail;
use leptos::prelude::*;
use model::Category;
use query::ActivityQuery;
use summary::ActivityPage;

/// Listings matching the query (Japanese-aware keywords + filters).
#[server(endpoint = "activities/search")]
pub async fn search_activities(query: ActivityQuery) -> Result<ActivityPage, AppError> {
    let db = expect_context::<crate::db::Db>();
    let catalogue = expect_context::<std::sync::Arc<catalogue::Catalogue>>();
    catalogue.search(&db, &query).await
}

/// One activity for its detail page.
#[server(endpoint = "activities/get")]
pub async fn get_activity(id: i64) -> Result<ActivityDetail, AppError> {
    let db = expect_context::<crate::db::Db>();
    let public = expect_context::<crate::config::PublicConfig>();
    let mut detail = detail::db::get(&db, id, &public.base_url).await?;
    detail.map = detail
        .latitude
        .zip(detail.longitude)
        .map(|(lat, lon)| crate::ui::static_map::build(lat, lon, &public.tile_url, &public.tile_attribution));
    Ok(detail)
}

/// The category taxonomy, in display order.
#[server(endpoint = "activities/categories")]
pub async fn list_categories() -> Result<Vec<Category>, AppError> {
    use sqlx::Row;
    let db = expect_context::<crate::db::Db>();
    let rows = sqlx::query("SELECT slug, family, name_ja, name_en FROM categories ORDER BY sort_order, slug")
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|r| {
            let family: String = r.try_get("family")?;
            Ok(Category {
                slug: r.try_get("slug")?,
                family: model::Family::parse(&family).unwrap_or(model::Family::Vitality),
                name_ja: r.try_get("name_ja")?,
                name_en: r.try_get("name_en")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}
