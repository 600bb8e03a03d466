//! The points programme's file: the anonymous monthly summary as CSV for
//! city staff (exactly the tables `/staff/rewards` shows).
use crate::AppState;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tsunagu_app::accounts::Permission;
use tsunagu_app::points::summary::{self, SummaryMonth};

pub fn routes() -> Router<AppState> {
    Router::new().route("/staff/points/summary.csv", get(summary_csv))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct MonthQuery {
    month: String,
}

/// `GET /staff/points/summary.csv?month=2026-11` (empty: this month).
async fn summary_csv(State(s): State<AppState>, Query(q): Query<MonthQuery>, headers: HeaderMap) -> Response {
    if let Err(resp) = crate::reply::allowed(&s, &headers, Permission::ManagePoints).await {
        return resp;
    }
    let today = tsunagu_app::calendar::today_tokyo();
    let month = match q.month.trim() {
        "" => SummaryMonth::of(today),
        m => match SummaryMonth::parse(m, today) {
            Some(m) => m,
            None => return crate::reply::app_error(tsunagu_app::error::AppError::Invalid("month".into())),
        },
    };
    let locale = tsunagu_app::i18n::locale_from_cookie_header(headers.get(header::COOKIE).and_then(|v| v.to_str().ok()));
    match summary::db::monthly(&s.db, month, today).await {
        Ok(sum) => {
            let mut resp = summary::summary_csv(&sum, locale).into_response();
            let h = resp.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
            if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"tsunagu-points-{}.csv\"", month.slug())) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
            resp
        }
        Err(e) => crate::reply::app_error(e),
    }
}
