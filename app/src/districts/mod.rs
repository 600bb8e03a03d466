//! Districts (地区) of the town: the unit residents search and filter by.
#[cfg(feature = "ssr")]
pub mod db;

use crate::error::AppError;
use crate::i18n::Locale;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct District {
    pub slug: String,
    pub name_ja: String,
    pub name_en: String,
    /// Reading in hiragana, for sorting and search.
    pub kana: String,
    /// The district's centre: "near me" without the browser's position.
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
}

impl District {
    pub fn name(&self, locale: Locale) -> &str {
        match locale {
            Locale::ja => &self.name_ja,
            Locale::en => &self.name_en,
        }
    }
}

/// All districts in display order.
#[server(endpoint = "districts")]
pub async fn list_districts() -> Result<Vec<District>, AppError> {
    let db = expect_context::<crate::db::Db>();
    db::list(&db).await
}
