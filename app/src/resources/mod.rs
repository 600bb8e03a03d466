//! 地域資源: places beside the activities — shops, clinics, pharmacies,
//! cafés, temples, parks, public offices, consultation desks… — on the same
//! location model. Residents find them on the map and on their own page;
//! staff keep them (and turn residents' suggestions into drafts).
pub mod model;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod seed;


use crate::error::AppError;
use crate::i18n::*;
use crate::staff::SaveReply;
use leptos::prelude::*;
use model::{ResourceForm, ResourceKind, ResourceStatus};
use serde::{Deserialize, Serialize};

/// A resource's status in the reader's language.
pub fn status_label(locale: Locale, s: crate::resources::model::ResourceStatus) -> &'static str {
    match s {
        crate::resources::model::ResourceStatus::Draft => td_string!(locale, places.status_draft),
        crate::resources::model::ResourceStatus::Published => td_string!(locale, places.status_published),
        crate::resources::model::ResourceStatus::Closed => td_string!(locale, places.status_closed),
    }
}

/// The kind's name in `locale` (also used for search).
pub fn kind_label(kind: ResourceKind, locale: Locale) -> &'static str {
    match kind {
        ResourceKind::Shop => td_string!(locale, places.kind_shop),
        ResourceKind::Cafe => td_string!(locale, places.kind_cafe),
        ResourceKind::Clinic => td_string!(locale, places.kind_clinic),
        ResourceKind::Pharmacy => td_string!(locale, places.kind_pharmacy),
        ResourceKind::Temple => td_string!(locale, places.kind_temple),
        ResourceKind::Park => td_string!(locale, places.kind_park),
        ResourceKind::PublicOffice => td_string!(locale, places.kind_public_office),
        ResourceKind::Consultation => td_string!(locale, places.kind_consultation),
        ResourceKind::Farm => td_string!(locale, places.kind_farm),
        ResourceKind::Workspace => td_string!(locale, places.kind_workspace),
        ResourceKind::Other => td_string!(locale, places.kind_other),
    }
}

/// A resource for its page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceDetail {
    pub id: i64,
    pub name: String,
    pub kind: ResourceKind,
    pub description: String,
    pub opening_hours: String,
    pub phone: Option<String>,
    pub url: Option<String>,
    pub status: ResourceStatus,
    pub photo_id: Option<i64>,
    pub updated_at: String,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub district: String,
    pub district_ja: String,
    pub district_en: String,
    pub map: Option<crate::ui::static_map::StaticMap>,
}

/// One line of the staff list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceRow {
    pub id: i64,
    pub name: String,
    pub kind: ResourceKind,
    pub status: ResourceStatus,
    pub district_ja: String,
    pub district_en: String,
}

/// A published resource (drafts and closed ones only for staff).
#[server(endpoint = "resources/get")]
pub async fn get_resource(id: i64) -> Result<ResourceDetail, AppError> {
    let db = expect_context::<crate::db::Db>();
    let public = expect_context::<crate::config::PublicConfig>();
    let mut d = db::get(&db, id).await?;
    if d.status != ResourceStatus::Published {
        crate::accounts::session::require(&db, crate::accounts::Permission::ManageListings).await.map_err(|_| AppError::NotFound)?;
    }
    d.map = d.latitude.zip(d.longitude).map(|(lat, lon)| crate::ui::static_map::build(lat, lon, &public.tile_url, &public.tile_attribution));
    Ok(d)
}

#[server(endpoint = "staff/resources")]
pub async fn list_resources() -> Result<Vec<ResourceRow>, AppError> {
    let db = expect_context::<crate::db::Db>();
    crate::accounts::session::require(&db, crate::accounts::Permission::ManageListings).await?;
    db::staff_list(&db).await
}

#[server(endpoint = "staff/load-resource")]
pub async fn load_resource(id: i64) -> Result<ResourceForm, AppError> {
    let db = expect_context::<crate::db::Db>();
    crate::accounts::session::require(&db, crate::accounts::Permission::ManageListings).await?;
    db::load_form(&db, id).await
}

/// Create (`id` = None) or update a resource. Invalid input changes nothing.
#[server(endpoint = "staff/save-resource")]
pub async fn save_resource(id: Option<i64>, form: ResourceForm) -> Result<SaveReply, AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::ManageListings).await?;
    let input = match form.parse() {
        Ok(i) => i,
        Err(e) => return Ok(SaveReply::Invalid(e)),
    };
    let mut tx = db.begin_write().await?;
    match db::save(&mut tx, id, &input, &user.display_name).await? {
        Ok(id) => {
            tx.commit().await?;
            Ok(SaveReply::Saved { id })
        }
        Err(e) => Ok(SaveReply::Invalid(e)),
    }
}
