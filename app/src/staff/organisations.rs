//! Staff keep the organisations (主催団体) current: list, create, edit. A
//! change re-indexes that organisation's activities (their search text
//! includes its name) and is recorded with who/when.
use super::SaveReply;
use crate::error::AppError;
use crate::validation::{Email, FieldError, Phone, PlainText, Problem, WebUrl};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Raw form values.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrganisationForm {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub phone: String,
    pub email: String,
    pub url: String,
}

/// A valid organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganisationInput {
    pub slug: Option<String>,
    pub name: PlainText,
    pub description: Option<PlainText>,
    pub phone: Option<Phone>,
    pub email: Option<Email>,
    pub url: Option<WebUrl>,
}

impl OrganisationForm {
    pub fn parse(&self) -> Result<OrganisationInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut take = |field: &str, r: Result<(), Problem>| {
            if let Err(p) = r {
                errors.push(FieldError::new(field, p));
            }
        };
        let slug = self.slug.trim();
        take("slug", if slug.is_empty() || (slug.len() <= 40 && slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')) {
            Ok(())
        } else {
            Err(Problem::Unknown(slug.to_string()))
        });
        let name = PlainText::parse(&self.name, 100, false);
        take("name", name.as_ref().map(|_| ()).map_err(Clone::clone));
        let description = PlainText::parse_optional(&self.description, 1000, true);
        take("description", description.as_ref().map(|_| ()).map_err(Clone::clone));
        let phone = non_blank(&self.phone).map(Phone::parse).transpose();
        take("phone", phone.as_ref().map(|_| ()).map_err(Clone::clone));
        let email = non_blank(&self.email).map(Email::parse).transpose();
        take("email", email.as_ref().map(|_| ()).map_err(Clone::clone));
        let url = non_blank(&self.url).map(WebUrl::parse).transpose();
        take("url", url.as_ref().map(|_| ()).map_err(Clone::clone));
        if !errors.is_empty() {
            return Err(errors);
        }
        match (name, description, phone, email, url) {
            (Ok(name), Ok(description), Ok(phone), Ok(email), Ok(url)) => Ok(OrganisationInput {
                slug: (!slug.is_empty()).then(|| slug.to_string()),
                name,
                description,
                phone,
                email,
                url,
            }),
            _ => Err(vec![FieldError::new("form", Problem::Required)]),
        }
    }
}

fn non_blank(s: &str) -> Option<&str> {
    (!s.trim().is_empty()).then_some(s)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganisationRow {
    pub id: i64,
    pub slug: Option<String>,
    pub name: String,
    pub activities: i64,
}

#[server(endpoint = "staff/organisations")]
pub async fn list_organisations() -> Result<Vec<OrganisationRow>, AppError> {
    use sqlx::Row;
    let db = expect_context::<crate::db::Db>();
    crate::accounts::session::require(&db, crate::accounts::Permission::ManageListings).await?;
    let rows = sqlx::query(
        "SELECT o.id, o.slug, o.name, (SELECT COUNT(*) FROM activities a WHERE a.organisation_id = o.id) AS n
         FROM organisations o ORDER BY o.name",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| Ok(OrganisationRow { id: r.try_get("id")?, slug: r.try_get("slug")?, name: r.try_get("name")?, activities: r.try_get("n")? }))
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

#[server(endpoint = "staff/load-organisation")]
pub async fn load_organisation(id: i64) -> Result<OrganisationForm, AppError> {
    use sqlx::Row;
    let db = expect_context::<crate::db::Db>();
    crate::accounts::session::require(&db, crate::accounts::Permission::ManageListings).await?;
    let r = sqlx::query("SELECT slug, name, description, phone, email, url FROM organisations WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    let s = |c: &str| r.try_get::<Option<String>, _>(c).map(Option::unwrap_or_default);
    Ok(OrganisationForm { slug: s("slug")?, name: s("name")?, description: s("description")?, phone: s("phone")?, email: s("email")?, url: s("url")? })
}

/// Create (`id` = None) or update an organisation. Invalid input changes nothing.
#[server(endpoint = "staff/save-organisation")]
pub async fn save_organisation(id: Option<i64>, form: OrganisationForm) -> Result<SaveReply, AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::ManageListings).await?;
    let input = match form.parse() {
        Ok(i) => i,
        Err(e) => return Ok(SaveReply::Invalid(e)),
    };
    ssr::save(&db, id, &input, &user.display_name).await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::OrganisationInput;
    use crate::db::Db;
    use crate::error::AppError;
    use crate::staff::SaveReply;
    use crate::validation::{FieldError, Problem};

    pub async fn save(db: &Db, id: Option<i64>, input: &OrganisationInput, actor: &str) -> Result<SaveReply, AppError> {
        let mut tx = db.begin_write().await?;
        if let Some(slug) = &input.slug {
            let clash: Option<i64> = sqlx::query_scalar("SELECT id FROM organisations WHERE slug = $1")
                .bind(slug)
                .fetch_optional(&mut *tx)
                .await?;
            if clash.is_some_and(|c| Some(c) != id) {
                return Ok(SaveReply::Invalid(vec![FieldError::new("slug", Problem::Duplicate(slug.clone()))]));
            }
        }
        let now = chrono::Utc::now().to_rfc3339();
        let text = |t: &Option<crate::validation::PlainText>| t.as_ref().map(|t| t.as_str().to_string());
        let sql = match id {
            Some(_) => "UPDATE organisations SET slug = $1, name = $2, description = $3, phone = $4, email = $5, url = $6, updated_at = $7 WHERE id = $8 RETURNING id",
            None => "INSERT INTO organisations (slug, name, description, phone, email, url, updated_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
        };
        let mut q = sqlx::query_scalar::<_, i64>(sql)
            .bind(input.slug.clone())
            .bind(input.name.as_str())
            .bind(text(&input.description).unwrap_or_default())
            .bind(input.phone.as_ref().map(|p| p.as_str().to_string()))
            .bind(input.email.as_ref().map(|p| p.as_str().to_string()))
            .bind(input.url.as_ref().map(|p| p.as_str().to_string()))
            .bind(&now);
        if let Some(id) = id {
            q = q.bind(id);
        }
        let Some(org_id) = q.fetch_optional(&mut *tx).await? else {
            return Err(AppError::NotFound);
        };
        // its activities carry the name in their search text: re-index them
        let rev: i64 = sqlx::query_scalar("UPDATE catalogue_rev SET rev = rev + 1 WHERE id = 1 RETURNING rev")
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query("UPDATE activities SET rev = $1 WHERE organisation_id = $2")
            .bind(rev)
            .bind(org_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO organisation_revisions (organisation_id, changed_by, changed_at, summary, snapshot) VALUES ($1, $2, $3, $4, $5)")
            .bind(org_id)
            .bind(actor)
            .bind(&now)
            .bind(if id.is_some() { "updated" } else { "created" })
            .bind(serde_json::to_string(input).map_err(|_| AppError::Internal)?)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(SaveReply::Saved { id: org_id })
    }
}
