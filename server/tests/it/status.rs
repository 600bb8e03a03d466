//! Every server function answers with the status its outcome means (issue
//! 18, item 1): the caller's mistakes are 4xx, an unreachable database 503,
//! and the body is still the typed error the hydrated client decodes.
use crate::common;
use axum::body::Body;
use http::{Request, StatusCode};
use tower::ServiceExt;
use tsunagu_app::error::AppError;

/// POST `body` (bytes) to a server function, as a script would (no
/// cookie unless given; `accept-language` when given).
async fn post(app: &axum::Router, path: &str, body: impl Into<Body>, cookie: Option<&str>, lang: Option<&str>) -> (StatusCode, http::HeaderMap, String) {
    let mut req = Request::post(path)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .header("host", "127.0.0.1:3000")
        .header("sec-fetch-site", "same-origin");
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    if let Some(l) = lang {
        req = req.header("accept-language", l);
    }
    let res = app.clone().oneshot(req.body(body.into()).unwrap()).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
    (status, headers, String::from_utf8_lossy(&bytes).into_owned())
}

fn typed(body: &str) -> AppError {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not a typed error ({e}): {body}"))
}

#[tokio::test]
async fn the_callers_mistakes_are_4xx_with_the_typed_error() {
    let s = common::site(&[]).await;
    // 400: a missing argument, named, in the caller's language
    let (status, _, body) = post(&s.app, "/api/activities/get", "", None, None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let AppError::Malformed { field, message } = typed(&body) else { panic!("{body}") };
    assert_eq!(field.as_deref(), Some("id"));
    assert!(message.contains("「id」"), "{message}");
    let (_, _, body) = post(&s.app, "/api/activities/get", "", Some("i18n_pref_locale=en"), None).await;
    assert!(matches!(typed(&body), AppError::Malformed { message, .. } if message.contains("\"id\" is missing")), "{body}");
    let (_, _, body) = post(&s.app, "/api/activities/get", "", None, Some("en-GB,en;q=0.8")).await;
    assert!(matches!(typed(&body), AppError::Malformed { message, .. } if message.starts_with("The field")), "{body}");
    // 400: the wrong type, and bytes that are not UTF-8
    let (status, _, body) = post(&s.app, "/api/activities/get", "id=abc", None, None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, _, body) = post(&s.app, "/api/activities/get", vec![b'i', b'd', b'=', 0xff, 0xfe], None, None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    // 401 and 403
    let (status, _, body) = post(&s.app, "/api/casework/queue", "", None, None).await;
    assert_eq!((status, typed(&body)), (StatusCode::UNAUTHORIZED, AppError::SignInRequired));
    let resident = common::sign_in(&s.app, "resident@midorino.example.jp").await;
    let (status, _, body) = post(&s.app, "/api/casework/queue", "", Some(&resident), None).await;
    assert_eq!((status, typed(&body)), (StatusCode::FORBIDDEN, AppError::Forbidden));
    // 404
    let (status, _, body) = post(&s.app, "/api/activities/get", "id=987654321", None, None).await;
    assert_eq!((status, typed(&body)), (StatusCode::NOT_FOUND, AppError::NotFound));
    // 422: read, but not acceptable
    let staff = common::sign_in(&s.app, "staff@midorino.example.jp").await;
    let long = "あ".repeat(600);
    let (status, _, body) = post(&s.app, "/api/staff/resolve-report", format!("id=1&resolution={long}"), Some(&staff), None).await;
    assert_eq!((status, typed(&body)), (StatusCode::UNPROCESSABLE_ENTITY, AppError::Invalid("resolution".into())));
    // 413: more than a server function reads
    let huge = format!("id=1&resolution={}", "x".repeat(3 << 20));
    let (status, _, body) = post(&s.app, "/api/staff/resolve-report", huge, Some(&staff), None).await;
    assert_eq!((status, typed(&body)), (StatusCode::PAYLOAD_TOO_LARGE, AppError::TooLarge));
    // none of these is cached
    let (_, headers, _) = post(&s.app, "/api/activities/get", "id=987654321", None, None).await;
    assert!(headers.get("retry-after").is_none());
}

#[tokio::test]
async fn a_refusal_for_coming_too_often_is_429_with_retry_after() {
    let s = common::site(&[("TSUNAGU_RATE_LIMITS", "problem-report=1")]).await;
    let body = "activity_id=1&kind=ended&note=&website=";
    let (status, _, text) = post(&s.app, "/api/activities/report-problem", body, None, None).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let (status, headers, text) = post(&s.app, "/api/activities/report-problem", body, None, None).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{text}");
    let AppError::RateLimited { minutes } = typed(&text) else { panic!("{text}") };
    assert_eq!(headers["retry-after"].to_str().unwrap(), (minutes * 60).to_string());
}

#[tokio::test]
async fn an_unreachable_database_is_503_with_retry_after_on_every_backend() {
    for t in common::all_backends().await {
        let s = common::site_on(&t.url, &[]).await;
        s.db.close().await;
        let (status, headers, body) = post(&s.app, "/api/activities/get", "id=1", None, None).await;
        assert_eq!((status, typed(&body)), (StatusCode::SERVICE_UNAVAILABLE, AppError::Unavailable), "{}", t.url);
        assert_eq!(headers["retry-after"], tsunagu_app::error::UNAVAILABLE_RETRY_SECONDS.to_string().as_str());
        assert_eq!(headers["cache-control"], "no-store");
        t.drop_db().await;
    }
}
