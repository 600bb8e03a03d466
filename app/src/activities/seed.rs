//! Demo listings of みどり野市: categories, organisations and 170+ activities
//! from `app/seed/*.json`, saved through the same path as staff edits.
use super::model::{ActivityForm, Family};
use super::save_activity::save_activity;
use crate::error::AppError;
use serde::Deserialize;
use sqlx::AnyConnection;

#[derive(Deserialize)]
struct CategorySeed {
    slug: String,
    family: String,
    name_ja: String,
    name_en: String,
}

#[derive(Deserialize)]
struct OrganisationSeed {
    slug: String,
    name: String,
    description: String,
    phone: Option<String>,
    email: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize)]
struct LocationSeed {
    name: String,
    address: String,
    district: String,
    latitude: f64,
    longitude: f64,
    online: bool,
}

#[derive(Deserialize)]
struct ActivitySeed {
    external_id: String,
    name: String,
    kana: String,
    description: String,
    organisation: String,
    categories: Vec<String>,
    targets: Vec<String>,
    cost_yen: u32,
    cost_note: Option<String>,
    capacity: Option<u32>,
    beginners_welcome: bool,
    drop_in: bool,
    barrier_free: bool,
    accessible_toilet: bool,
    parking: bool,
    access_note: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    url: Option<String>,
    status: String,
    last_verified: String,
    location: LocationSeed,
    schedules: Vec<String>,
}

impl ActivitySeed {
    fn form(&self) -> ActivityForm {
        let s = |o: &Option<String>| o.clone().unwrap_or_default();
        ActivityForm {
            external_id: self.external_id.clone(),
            name: self.name.clone(),
            kana: self.kana.clone(),
            description: self.description.clone(),
            organisation: self.organisation.clone(),
            categories: self.categories.join(","),
            targets: self.targets.join(","),
            cost_yen: self.cost_yen.to_string(),
            cost_note: s(&self.cost_note),
            capacity: self.capacity.map(|c| c.to_string()).unwrap_or_default(),
            beginners_welcome: self.beginners_welcome,
            drop_in: self.drop_in,
            barrier_free: self.barrier_free,
            accessible_toilet: self.accessible_toilet,
            parking: self.parking,
            access_note: s(&self.access_note),
            phone: s(&self.phone),
            email: s(&self.email),
            url: s(&self.url),
            photos: String::new(),
            status: self.status.clone(),
            last_verified: self.last_verified.clone(),
            location_name: self.location.name.clone(),
            address: self.location.address.clone(),
            district: self.location.district.clone(),
            latitude: self.location.latitude.to_string(),
            longitude: self.location.longitude.to_string(),
            online: self.location.online,
            schedules: self.schedules.join("\n"),
        }
    }
}

/// The demo activities as forms (tests use these too).
pub fn demo_forms() -> Vec<ActivityForm> {
    let seeds: Vec<ActivitySeed> =
        serde_json::from_str(include_str!("../../seed/activities.json")).expect("valid activities seed");
    seeds.iter().map(ActivitySeed::form).collect()
}

/// Write the demo taxonomy, organisations and activities. Returns the number
/// of activities. Called inside the demo seed's transaction.
pub async fn seed_activities(conn: &mut AnyConnection) -> Result<usize, AppError> {
    let categories: Vec<CategorySeed> =
        serde_json::from_str(include_str!("../../seed/categories.json")).expect("valid categories seed");
    for (i, c) in categories.iter().enumerate() {
        let family = Family::parse(&c.family).expect("known family in seed");
        sqlx::query("INSERT INTO categories (slug, family, name_ja, name_en, sort_order) VALUES ($1, $2, $3, $4, $5)")
            .bind(&c.slug)
            .bind(family.as_str())
            .bind(&c.name_ja)
            .bind(&c.name_en)
            .bind(i as i64)
            .execute(&mut *conn)
            .await?;
    }
    let organisations: Vec<OrganisationSeed> =
        serde_json::from_str(include_str!("../../seed/organisations.json")).expect("valid organisations seed");
    let now = chrono::Utc::now().to_rfc3339();
    for o in &organisations {
        sqlx::query("INSERT INTO organisations (slug, name, description, phone, email, url, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)")
            .bind(&o.slug)
            .bind(&o.name)
            .bind(&o.description)
            .bind(&o.phone)
            .bind(&o.email)
            .bind(&o.url)
            .bind(&now)
            .execute(&mut *conn)
            .await?;
    }
    let forms = demo_forms();
    for form in &forms {
        let input = form.parse().map_err(|e| {
            tracing::error!(external_id = %form.external_id, errors = ?e, "invalid demo activity");
            AppError::Internal
        })?;
        save_activity(conn, None, &input, "demo-seed").await?.map_err(|e| {
            tracing::error!(external_id = %form.external_id, errors = ?e, "unresolved demo activity");
            AppError::Internal
        })?;
    }
    Ok(forms.len())
}
