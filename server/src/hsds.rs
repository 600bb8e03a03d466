//! The Open Referral HSDS 3.0 read API under `/api/hsds` (open data: JSON,
//! any origin may read it). The mapping lives in
//! `tsunagu_app::activities::hsds`; this file parses the requests.
//!
//! Query parameters: `page` (from 1, default 1), `per_page` (1–200, default
//! 50), `search`, and on `/services` also `taxonomy_term_id`, `taxonomy_id`,
//! `organization_id` (UUIDs), `modified_after` (RFC 3339, or a date meaning
//! 00:00 Japan time) and `full` (true: fully nested services); on
//! `/taxonomy_terms` `taxonomy_id`, `parent_id` and `top_only`. `format` may
//! only be `json`. Empty values count as absent, unknown parameters are
//! ignored, and a malformed value is a 400 with an English and a Japanese
//! message: `{"error": "...", "error_ja": "...", "parameter": "..."}`.
use crate::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use tower_http::cors::{Any, CorsLayer};
use tsunagu_app::activities::hsds::{self, Paging, ServiceFilter, TermFilter, Uuid};
use tsunagu_app::error::AppError;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/hsds", get(root))
        .route("/api/hsds/", get(root))
        .route("/api/hsds/services", get(services))
        .route("/api/hsds/services/{id}", get(service))
        .route("/api/hsds/organizations", get(organizations))
        .route("/api/hsds/organizations/{id}", get(organization))
        .route("/api/hsds/taxonomies", get(taxonomies))
        .route("/api/hsds/taxonomies/{id}", get(taxonomy))
        .route("/api/hsds/taxonomy_terms", get(taxonomy_terms))
        .route("/api/hsds/taxonomy_terms/{id}", get(taxonomy_term))
        .route("/api/hsds/{*rest}", get(unknown_path))
        .layer(CorsLayer::new().allow_origin(Any).allow_methods([Method::GET, Method::HEAD]))
}

/// An error answer: English and Japanese, as JSON.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    error: String,
    error_ja: String,
    parameter: Option<&'static str>,
}

impl ApiError {
    fn bad(parameter: &'static str, error: String, error_ja: String) -> ApiError {
        ApiError { status: StatusCode::BAD_REQUEST, error, error_ja, parameter: Some(parameter) }
    }

    fn not_found(what: &str, what_ja: &str) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            error: format!("no {what} with this id"),
            error_ja: format!("この ID の{what_ja}はありません"),
            parameter: None,
        }
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> ApiError {
        tracing::warn!(error = %e, "HSDS request failed");
        use tsunagu_app::i18n::Locale;
        ApiError {
            status: StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            error: e.message(Locale::en),
            error_ja: e.message(Locale::ja),
            parameter: None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = crate::reply::ErrorBody { parameter: self.parameter.map(str::to_string), ..crate::reply::ErrorBody::both(self.error, self.error_ja) };
        body.with_status(self.status)
    }
}

type ApiResult<T> = Result<Json<T>, ApiError>;

/// The query string as pairs; a later repetition of a name wins.
struct Params(Vec<(String, String)>);

impl Params {
    fn from(query: Result<Query<Vec<(String, String)>>, QueryRejection>) -> Result<Params, ApiError> {
        let Query(pairs) = query.map_err(|_| ApiError {
            status: StatusCode::BAD_REQUEST,
            error: "the query string is malformed".into(),
            error_ja: "クエリ文字列の形式が正しくありません".into(),
            parameter: None,
        })?;
        let params = Params(pairs);
        match params.get("format") {
            None | Some("json") => Ok(params),
            Some(_) => Err(ApiError::bad(
                "format",
                "format: only json is supported".into(),
                "format: json のみ対応しています".into(),
            )),
        }
    }

    /// The value of `name`, trimmed; empty counts as absent.
    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
    }

    fn integer(&self, name: &'static str, min: u64, max: u64, default: u64) -> Result<u64, ApiError> {
        let Some(v) = self.get(name) else { return Ok(default) };
        match v.parse::<u64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ if max == u64::MAX => Err(ApiError::bad(
                name,
                format!("{name} must be a whole number of at least {min}"),
                format!("{name} は {min} 以上の整数で指定してください"),
            )),
            _ => Err(ApiError::bad(
                name,
                format!("{name} must be a whole number from {min} to {max}"),
                format!("{name} は {min} から {max} までの整数で指定してください"),
            )),
        }
    }

    fn paging(&self) -> Result<Paging, ApiError> {
        Ok(Paging {
            page: self.integer("page", 1, u64::MAX, 1)?,
            per_page: self.integer("per_page", 1, hsds::MAX_PER_PAGE, hsds::DEFAULT_PER_PAGE)?,
        })
    }

    fn uuid(&self, name: &'static str) -> Result<Option<Uuid>, ApiError> {
        self.get(name)
            .map(|v| {
                Uuid::try_parse(v).map_err(|_| {
                    ApiError::bad(
                        name,
                        format!("{name} must be a UUID such as 123e4567-e89b-12d3-a456-426614174000"),
                        format!("{name} は UUID（例: 123e4567-e89b-12d3-a456-426614174000）で指定してください"),
                    )
                })
            })
            .transpose()
    }

    fn boolean(&self, name: &'static str) -> Result<bool, ApiError> {
        match self.get(name) {
            None | Some("false") | Some("0") => Ok(false),
            Some("true") | Some("1") => Ok(true),
            Some(_) => Err(ApiError::bad(
                name,
                format!("{name} must be true or false"),
                format!("{name} は true か false で指定してください"),
            )),
        }
    }

    fn datetime(&self, name: &'static str) -> Result<Option<DateTime<Utc>>, ApiError> {
        self.get(name)
            .map(|v| {
                parse_instant(v).ok_or_else(|| {
                    ApiError::bad(
                        name,
                        format!("{name} must be an RFC 3339 date-time (2025-04-01T09:00:00+09:00) or a date (2025-04-01)"),
                        format!("{name} は RFC 3339 形式の日時（2025-04-01T09:00:00+09:00）か日付（2025-04-01）で指定してください"),
                    )
                })
            })
            .transpose()
    }

    fn search(&self) -> Option<String> {
        self.get("search").map(str::to_string)
    }
}

/// RFC 3339, or a date (its start in Japan). An unencoded `+` of the offset
/// arrives as a space; that is accepted too.
fn parse_instant(v: &str) -> Option<DateTime<Utc>> {
    let plus = match v.len().checked_sub(6) {
        Some(i) if v.is_char_boundary(i) && v[i..].starts_with(' ') => format!("{}+{}", &v[..i], &v[i + 1..]),
        _ => v.to_string(),
    };
    if let Ok(t) = DateTime::parse_from_rfc3339(&plus) {
        return Some(t.with_timezone(&Utc));
    }
    let date = NaiveDate::parse_from_str(v, "%Y-%m-%d").ok()?;
    let start = date.and_hms_opt(0, 0, 0)?.and_local_timezone(tsunagu_app::calendar::JST).single()?;
    Some(start.with_timezone(&Utc))
}

fn path_uuid(id: &str) -> Result<Uuid, ApiError> {
    Uuid::try_parse(id).map_err(|_| {
        ApiError::bad("id", "the id must be a UUID".into(), "ID は UUID で指定してください".into())
    })
}

/// Where this API's standard is described.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct Root {
    version: &'static str,
    profile: &'static str,
    openapi_url: &'static str,
}

#[utoipa::path(get, path = "/api/hsds", tag = "hsds",
    summary = "The HSDS version and profile served",
    responses((status = 200, description = "The version, profile and the standard's own OpenAPI description", body = Root)))]
pub(crate) async fn root() -> Json<Root> {
    Json(Root { version: hsds::HSDS_VERSION, profile: hsds::PROFILE_URL, openapi_url: hsds::OPENAPI_URL })
}

/// The refusals of a list (in `/api/openapi.json`).
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub(crate) enum ListRefusals {
    /// A parameter is malformed (named in `parameter`)
    #[response(status = 400)]
    Malformed(crate::reply::ErrorBody),
}

/// The refusals of one item by id (in `/api/openapi.json`).
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub(crate) enum ItemRefusals {
    /// The id is not a UUID
    #[response(status = 400)]
    NotAnId(crate::reply::ErrorBody),
    /// Nothing has this id
    #[response(status = 404)]
    NotFound(crate::reply::ErrorBody),
}

/// Query parameters of every HSDS list (documentation of [`Params`]).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub(crate) struct ListParams {
    /// Page number, from 1.
    #[param(minimum = 1, default = 1)]
    page: Option<u64>,
    /// Items per page.
    #[param(minimum = 1, maximum = 200, default = 50)]
    per_page: Option<u64>,
    /// Keywords (Japanese-aware: kana, width and separators do not matter).
    search: Option<String>,
    /// Only `json`.
    #[param(pattern = "^json$")]
    format: Option<String>,
}

/// The filters of `GET /api/hsds/services`.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub(crate) struct ServiceParams {
    /// A category term (its services) or a family term (any of its categories).
    taxonomy_term_id: Option<Uuid>,
    /// Services with any term of this taxonomy.
    taxonomy_id: Option<Uuid>,
    organization_id: Option<Uuid>,
    /// Changed on or after: RFC 3339 (`2025-04-01T09:00:00+09:00`) or a date (`2025-04-01`, from 00:00 Japan time).
    modified_after: Option<String>,
    /// `true`: fully nested services (organization, locations, schedules…).
    full: Option<bool>,
}

/// The filters of `GET /api/hsds/taxonomy_terms`.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub(crate) struct TermParams {
    taxonomy_id: Option<Uuid>,
    /// The terms below this one.
    parent_id: Option<Uuid>,
    /// `true`: only the top-level terms (the three families).
    top_only: Option<bool>,
}

#[utoipa::path(get, path = "/api/hsds/services", tag = "hsds",
    summary = "Activities as HSDS services, a page at a time",
    params(ListParams, ServiceParams),
    responses(
        (status = 200, description = "A page of services", body = hsds::Page<hsds::Service>),
        ListRefusals,
        crate::reply::Unavailable,
    ))]
pub(crate) async fn services(
    State(state): State<AppState>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult<hsds::Page<hsds::Service>> {
    let p = Params::from(query)?;
    let filter = ServiceFilter {
        search: p.search(),
        taxonomy_term_id: p.uuid("taxonomy_term_id")?,
        taxonomy_id: p.uuid("taxonomy_id")?,
        organization_id: p.uuid("organization_id")?,
        modified_after: p.datetime("modified_after")?,
    };
    let (paging, full) = (p.paging()?, p.boolean("full")?);
    Ok(Json(hsds::list_services(&state.db, &state.catalogue, &filter, paging, full).await?))
}

#[utoipa::path(get, path = "/api/hsds/services/{id}", tag = "hsds",
    summary = "One activity as a fully nested HSDS service",
    params(("id" = Uuid, Path, description = "The service's id")),
    responses(
        (status = 200, description = "The service", body = hsds::Service),
        ItemRefusals,
        crate::reply::Unavailable,
    ))]
pub(crate) async fn service(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<hsds::Service> {
    let id = path_uuid(&id)?;
    let found = hsds::get_service(&state.db, id).await?;
    found.map(Json).ok_or_else(|| ApiError::not_found("service", "サービス（活動）"))
}

#[utoipa::path(get, path = "/api/hsds/organizations", tag = "hsds",
    summary = "The organisations running activities",
    params(ListParams),
    responses(
        (status = 200, description = "A page of organizations", body = hsds::Page<hsds::Organization>),
        ListRefusals,
        crate::reply::Unavailable,
    ))]
pub(crate) async fn organizations(
    State(state): State<AppState>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult<hsds::Page<hsds::Organization>> {
    let p = Params::from(query)?;
    let paging = p.paging()?;
    Ok(Json(hsds::list_organizations(&state.db, p.search().as_deref(), paging).await?))
}

#[utoipa::path(get, path = "/api/hsds/organizations/{id}", tag = "hsds",
    summary = "One organisation with its services",
    params(("id" = Uuid, Path, description = "The organization's id")),
    responses(
        (status = 200, description = "The organization", body = hsds::Organization),
        ItemRefusals,
        crate::reply::Unavailable,
    ))]
pub(crate) async fn organization(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<hsds::Organization> {
    let id = path_uuid(&id)?;
    let found = hsds::get_organization(&state.db, id).await?;
    found.map(Json).ok_or_else(|| ApiError::not_found("organization", "団体"))
}

#[utoipa::path(get, path = "/api/hsds/taxonomies", tag = "hsds",
    summary = "The one taxonomy (the portal's categories)",
    params(ListParams),
    responses(
        (status = 200, description = "A page of taxonomies", body = hsds::Page<hsds::Taxonomy>),
        ListRefusals,
        crate::reply::Unavailable,
    ))]
pub(crate) async fn taxonomies(
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult<hsds::Page<hsds::Taxonomy>> {
    let p = Params::from(query)?;
    Ok(Json(hsds::list_taxonomies(p.search().as_deref(), p.paging()?)))
}

#[utoipa::path(get, path = "/api/hsds/taxonomies/{id}", tag = "hsds",
    summary = "The taxonomy",
    params(("id" = Uuid, Path, description = "The taxonomy's id")),
    responses(
        (status = 200, description = "The taxonomy", body = hsds::Taxonomy),
        ItemRefusals,
        crate::reply::Unavailable,
    ))]
pub(crate) async fn taxonomy(Path(id): Path<String>) -> ApiResult<hsds::Taxonomy> {
    let id = path_uuid(&id)?;
    let t = hsds::taxonomy();
    if t.id == id {
        Ok(Json(t))
    } else {
        Err(ApiError::not_found("taxonomy", "分類体系"))
    }
}

#[utoipa::path(get, path = "/api/hsds/taxonomy_terms", tag = "hsds",
    summary = "The category families and categories",
    params(ListParams, TermParams),
    responses(
        (status = 200, description = "A page of taxonomy terms", body = hsds::Page<hsds::TaxonomyTerm>),
        ListRefusals,
        crate::reply::Unavailable,
    ))]
pub(crate) async fn taxonomy_terms(
    State(state): State<AppState>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult<hsds::Page<hsds::TaxonomyTerm>> {
    let p = Params::from(query)?;
    let filter = TermFilter {
        search: p.search(),
        taxonomy_id: p.uuid("taxonomy_id")?,
        parent_id: p.uuid("parent_id")?,
        top_only: p.boolean("top_only")?,
    };
    let paging = p.paging()?;
    Ok(Json(hsds::list_taxonomy_terms(&state.db, &filter, paging).await?))
}

#[utoipa::path(get, path = "/api/hsds/taxonomy_terms/{id}", tag = "hsds",
    summary = "One category family or category",
    params(("id" = Uuid, Path, description = "The term's id")),
    responses(
        (status = 200, description = "The taxonomy term", body = hsds::TaxonomyTerm),
        ItemRefusals,
        crate::reply::Unavailable,
    ))]
pub(crate) async fn taxonomy_term(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<hsds::TaxonomyTerm> {
    let id = path_uuid(&id)?;
    let found = hsds::get_taxonomy_term(&state.db, id).await?;
    found.map(Json).ok_or_else(|| ApiError::not_found("taxonomy term", "分類"))
}

async fn unknown_path() -> ApiError {
    ApiError {
        status: StatusCode::NOT_FOUND,
        error: "no such HSDS endpoint".into(),
        error_ja: "この HSDS の URL はありません".into(),
        parameter: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_in_rfc3339_or_as_japanese_dates() {
        let t = parse_instant("2025-04-01T09:00:00+09:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2025-04-01T00:00:00+00:00");
        assert_eq!(parse_instant("2025-04-01T09:00:00 09:00"), Some(t), "unencoded +");
        assert_eq!(parse_instant("2025-04-01T00:00:00Z"), Some(t));
        assert_eq!(parse_instant("2025-04-01").unwrap().to_rfc3339(), "2025-03-31T15:00:00+00:00");
        for bad in ["yesterday", "2025-13-01", "2025-04-01T09:00", "1700000000", "２０２５"] {
            assert_eq!(parse_instant(bad), None, "{bad}");
        }
    }
}
