//! The city dashboard's files: a section as CSV for staff (exactly the
//! figures the page shows), the yearly open-data summary (CSV and JSON,
//! anyone), and the daily count of activity page reads.
use crate::AppState;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::sync::Arc;
use tsunagu_app::accounts::{session, Permission};
use tsunagu_app::dashboard::open_data;
use tsunagu_app::dashboard::page_views::{activity_of_path, is_not_a_reader, ViewCounter};
use tsunagu_app::dashboard::report::{build_report, scope_for, DashboardFilter, Section};
use tsunagu_app::dashboard::{db::Scope, sheets};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/dashboard/{file}", get(section_csv))
        .route("/open-data/summary.csv", get(summary_csv))
        .route("/open-data/summary.json", get(summary_json))
}

fn file(body: String, content_type: &'static str, name: &str, cache: &'static str) -> Response {
    let mut resp = body.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    resp
}

/// `GET /staff/dashboard/referrals.csv?period=fy2026&district=kitayama`.
async fn section_csv(State(s): State<AppState>, Path(name): Path<String>, Query(filter): Query<DashboardFilter>, headers: HeaderMap) -> Response {
    let user = match session::require_from_headers(&s.db, &headers, &s.idle, Permission::ViewDashboard).await {
        Ok(u) => u,
        Err(e) => return crate::reply::app_error(e),
    };
    let Some(section) = name.strip_suffix(".csv").and_then(Section::parse) else { return StatusCode::NOT_FOUND.into_response() };
    let locale = tsunagu_app::i18n::locale_from_cookie_header(headers.get(header::COOKIE).and_then(|v| v.to_str().ok()));
    let _ = s.views.flush(&s.db).await;
    let report = async {
        let (scope, team) = scope_for(&s.db, &user).await?;
        build_report(&s.db, &s.questionnaires, &filter, scope, team, tsunagu_app::calendar::today_tokyo()).await
    };
    match report.await {
        Ok(r) => {
            let place = r.district.as_ref().map(|(slug, _)| slug.as_str()).unwrap_or("town");
            let name = format!("tsunagu-dashboard-{}-{}-{place}.csv", section.slug(), r.period.slug());
            file(sheets::section_csv(&r, section, locale), "text/csv; charset=utf-8", &name, "private, no-store")
        }
        Err(e) => crate::reply::app_error(e),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct YearQuery {
    year: String,
}

/// The fiscal year asked for (empty: the last finished one); a year that
/// has not begun or is not a year is refused.
fn fiscal_year(q: &YearQuery) -> Result<(i32, bool), tsunagu_app::error::AppError> {
    let now = tsunagu_app::calendar::fiscal_year_of(tsunagu_app::calendar::today_tokyo());
    let year = match q.year.trim() {
        "" => now - 1,
        y => y.parse::<i32>().ok().filter(|y| (2000..=now).contains(y)).ok_or_else(|| tsunagu_app::error::AppError::Invalid("year".into()))?,
    };
    Ok((year, year == now))
}

async fn summary(s: &AppState, q: &YearQuery) -> Result<open_data::Summary, tsunagu_app::error::AppError> {
    let (year, partial) = fiscal_year(q)?;
    let _ = s.views.flush(&s.db).await;
    let filter = DashboardFilter { period: format!("fy{year}"), district: String::new() };
    let r = build_report(&s.db, &s.questionnaires, &filter, Scope::Town, None, tsunagu_app::calendar::today_tokyo()).await?;
    Ok(open_data::summary(&r, year, partial))
}

/// `GET /open-data/summary.csv?year=2025`.
async fn summary_csv(State(s): State<AppState>, Query(q): Query<YearQuery>) -> Response {
    match summary(&s, &q).await {
        Ok(sum) => file(open_data::summary_csv(&sum), "text/csv; charset=utf-8", &format!("tsunagu-summary-fy{}.csv", sum.fiscal_year), "public, max-age=3600"),
        Err(e) => crate::reply::app_error(e),
    }
}

/// `GET /open-data/summary.json?year=2025`.
async fn summary_json(State(s): State<AppState>, Query(q): Query<YearQuery>) -> Response {
    match summary(&s, &q).await {
        Ok(sum) => {
            let mut resp = axum::Json(&sum).into_response();
            resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
            resp
        }
        Err(e) => crate::reply::app_error(e),
    }
}

/// Counts a successful read of an activity page (see `page_views`).
pub async fn count_views(State(views): State<Arc<ViewCounter>>, req: Request, next: Next) -> Response {
    let h = req.headers();
    let text = |name: &str| h.get(name).and_then(|v| v.to_str().ok());
    let page = (req.method() == http::Method::GET)
        .then(|| activity_of_path(req.uri().path()))
        .flatten()
        .filter(|_| !is_not_a_reader(text("user-agent"), text("sec-purpose").or(text("purpose"))));
    let resp = next.run(req).await;
    if let Some(id) = page {
        if resp.status() == StatusCode::OK {
            views.record(tsunagu_app::calendar::today_tokyo(), id);
        }
    }
    resp
}

/// Writes the counted reads every minute.
pub fn spawn_view_flush(views: Arc<ViewCounter>, db: tsunagu_app::db::Db) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = views.flush(&db).await {
                tracing::warn!(error = %e, "page view counts not written; kept for the next try");
            }
        }
    });
}
