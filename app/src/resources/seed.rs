//! Demo resources for みどり野市 (with the rest of the demo town).
use super::model::ResourceForm;
use crate::error::AppError;
use serde::Deserialize;

#[derive(Deserialize)]
struct Seed {
    name: String,
    kind: String,
    district: String,
    address: String,
    lat: f64,
    lon: f64,
    #[serde(default)]
    hours: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    description: String,
}

pub async fn seed(conn: &mut sqlx::AnyConnection) -> Result<usize, AppError> {
    let seeds: Vec<Seed> = serde_json::from_str(include_str!("../../seed/resources.json")).map_err(|_| AppError::Internal)?;
    for s in &seeds {
        let form = ResourceForm {
            name: s.name.clone(),
            kind: s.kind.clone(),
            description: s.description.clone(),
            opening_hours: s.hours.clone(),
            address: s.address.clone(),
            district: s.district.clone(),
            latitude: s.lat.to_string(),
            longitude: s.lon.to_string(),
            phone: s.phone.clone(),
            url: s.url.clone(),
            status: "published".into(),
        };
        let input = form.parse().map_err(|e| AppError::Invalid(format!("{}: {e:?}", s.name)))?;
        super::db::save(conn, None, &input, "seed").await?.map_err(|e| AppError::Invalid(format!("{}: {e:?}", s.name)))?;
    }
    Ok(seeds.len())
}
