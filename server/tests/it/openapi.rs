//! The machine API's OpenAPI 3.1 document (`/api/openapi.json`, issue 18
//! item 4): it names every machine-facing route the server has (read from
//! the server's own `.route(…)` calls, so a new one cannot be left out), and
//! real answers — successes and refusals, anonymous and signed in, on SQLite
//! and PostgreSQL — have a documented status, content type and a body that
//! validates against the documented schema. The fuller random exploration is
//! the schemathesis bench (end2end/bench/openapi-schemathesis.sh).
use crate::common::{self, sign_in};
use crate::{casework, sweep};
use axum::body::Body;
use http::{Method, Request, StatusCode};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use tower::ServiceExt;

fn document() -> Value {
    serde_json::from_str(tsunagu::openapi::document()).expect("the document is JSON")
}

/// The routes a program (not a page) calls: under `/api/` (the server
/// functions are not axum routes, so not here) and the calendar and news
/// feeds. The catch-all that answers unknown HSDS paths, and the HSDS root's
/// twin with a trailing slash, are not operations of their own.
fn machine_routes() -> BTreeSet<String> {
    sweep::axum_route_paths()
        .into_iter()
        .filter(|p| p.starts_with("/api/") || p.ends_with(".ics") || p.ends_with(".atom"))
        .filter(|p| !p.contains("{*") && p != "/api/hsds/")
        .collect()
}

#[test]
fn the_document_is_openapi_3_1_and_names_every_machine_route() {
    let doc = document();
    assert_eq!(doc["openapi"], "3.1.0");
    let documented: BTreeSet<String> = doc["paths"].as_object().unwrap().keys().cloned().collect();
    let routes = machine_routes();
    let missing: Vec<_> = routes.difference(&documented).collect();
    assert!(missing.is_empty(), "machine routes missing from /api/openapi.json: {missing:?}");
    let invented: Vec<_> = documented.difference(&routes).collect();
    assert!(invented.is_empty(), "documented paths the server does not have: {invented:?}");
    // every operation says what each of its answers is, refusals included
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap_or_else(|| panic!("{method} {path}: no responses"));
            assert!(responses.contains_key("200"), "{method} {path}: no 200");
            for (status, r) in responses {
                assert!(!r["description"].as_str().unwrap_or_default().is_empty(), "{method} {path} {status}: no description");
                if status != "200" {
                    let schema = &r["content"]["application/json"]["schema"]["$ref"];
                    assert_eq!(schema, "#/components/schemas/ErrorBody", "{method} {path} {status}: refusals are ErrorBody");
                }
            }
        }
    }
    // the signed-in routes name the session cookie
    assert_eq!(doc["components"]["securitySchemes"]["session"]["in"], "cookie");
    assert_eq!(doc["components"]["securitySchemes"]["session"]["name"], "tsunagu_session");
}

/// The documented operation for `path` (templates like `/x/{id}` match).
fn operation<'a>(doc: &'a Value, method: &Method, path: &str) -> &'a Value {
    let path = path.split('?').next().unwrap();
    let (_, item) = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(template, _)| {
            let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
            t.len() == p.len() && t.iter().zip(&p).all(|(t, p)| t == p || (t.starts_with('{') && !p.is_empty()))
        })
        .unwrap_or_else(|| panic!("{path} is not documented"));
    &item[method.as_str().to_lowercase()]
}

/// Checks one real answer against the document: its status is documented,
/// its content type too, and a JSON body validates against the schema.
fn conforms(doc: &Value, method: &Method, path: &str, status: StatusCode, content_type: &str, body: &[u8]) {
    let what = format!("{method} {path} → {status}");
    let response = &operation(doc, method, path)["responses"][status.as_str()];
    assert!(response.is_object(), "{what}: status not documented");
    let media = content_type.split(';').next().unwrap().trim();
    let content = &response["content"][media];
    assert!(content.is_object(), "{what}: content type {media} not documented ({})", response["content"]);
    if media != "application/json" {
        return;
    }
    let body: Value = serde_json::from_slice(body).unwrap_or_else(|e| panic!("{what}: not JSON ({e})"));
    // the schema with the document's components beside it, so that its
    // `#/components/schemas/…` references resolve
    let mut schema = content["schema"].clone();
    let schema = match schema.as_object_mut() {
        Some(o) => {
            o.insert("components".into(), doc["components"].clone());
            Value::Object(o.clone())
        }
        None => schema,
    };
    let validator = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{what}: the documented schema does not compile: {e}"));
    let errors: Vec<String> = validator.iter_errors(&body).map(|e| format!("{} at {}", e, e.instance_path())).take(5).collect();
    assert!(errors.is_empty(), "{what}: the body does not match the document: {errors:?}\n{body}");
}

/// A request as a program sends it; the status, content type and body.
async fn call(app: &axum::Router, method: Method, path: &str, content_type: Option<&str>, body: Vec<u8>, cookie: Option<&str>) -> (StatusCode, String, Vec<u8>) {
    let mut req = Request::builder().method(method).uri(path).header("host", "127.0.0.1:3000");
    if let Some(t) = content_type {
        req = req.header("content-type", t);
    }
    if let Some(c) = cookie {
        req = req.header("cookie", c).header("origin", "http://127.0.0.1:3000");
    }
    let res = app.clone().oneshot(req.body(Body::from(body)).unwrap()).await.unwrap();
    let status = res.status();
    let content_type = res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let bytes = axum::body::to_bytes(res.into_body(), 20 << 20).await.unwrap();
    (status, content_type, bytes.to_vec())
}

async fn get(app: &axum::Router, path: &str) -> (StatusCode, String, Vec<u8>) {
    call(app, Method::GET, path, None, Vec::new(), None).await
}

fn multipart(bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "XbOuNdArY";
    let mut body = format!("--{boundary}\r\ncontent-disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\ncontent-type: image/jpeg\r\n\r\n").into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn real_answers_match_the_document() {
    let doc = document();
    for db in common::all_backends().await {
        let s = common::site_on(&db.url, &[]).await;
        let app = &s.app;
        let mut checked = 0;
        let mut expect = |method: Method, path: &str, want: StatusCode, got: (StatusCode, String, Vec<u8>)| {
            let (status, content_type, body) = got;
            assert_eq!(status, want, "{method} {path}: {}", String::from_utf8_lossy(&body));
            conforms(&doc, &method, path, status, &content_type, &body);
            checked += 1;
            body
        };

        // the document itself
        let served = expect(Method::GET, "/api/openapi.json", StatusCode::OK, get(app, "/api/openapi.json").await);
        assert_eq!(serde_json::from_slice::<Value>(&served).unwrap(), doc);

        // HSDS: lists, one of each, and the refusals
        expect(Method::GET, "/api/hsds", StatusCode::OK, get(app, "/api/hsds").await);
        let mut first = std::collections::HashMap::new();
        for list in ["services", "organizations", "taxonomies", "taxonomy_terms"] {
            let path = format!("/api/hsds/{list}?per_page=3");
            let page: Value = serde_json::from_slice(&expect(Method::GET, &path, StatusCode::OK, get(app, &path).await)).unwrap();
            let id = page["contents"][0]["id"].as_str().unwrap_or_else(|| panic!("{list}: empty in the demo town")).to_string();
            first.insert(list, id);
            let one = format!("/api/hsds/{list}/{}", first[list]);
            expect(Method::GET, &one, StatusCode::OK, get(app, &one).await);
            let unknown = format!("/api/hsds/{list}/123e4567-e89b-12d3-a456-426614174000");
            expect(Method::GET, &unknown, StatusCode::NOT_FOUND, get(app, &unknown).await);
            let not_uuid = format!("/api/hsds/{list}/12");
            expect(Method::GET, &not_uuid, StatusCode::BAD_REQUEST, get(app, &not_uuid).await);
            let bad_page = format!("/api/hsds/{list}?page=0");
            expect(Method::GET, &bad_page, StatusCode::BAD_REQUEST, get(app, &bad_page).await);
        }
        for path in [
            "/api/hsds/services?full=true&per_page=5",
            "/api/hsds/services?search=%E4%BD%93%E6%93%8D",
            "/api/hsds/services?modified_after=2020-01-01",
            "/api/hsds/taxonomy_terms?top_only=true",
        ] {
            expect(Method::GET, path, StatusCode::OK, get(app, path).await);
        }
        let services = format!("/api/hsds/services?organization_id={}", first["organizations"]);
        expect(Method::GET, &services, StatusCode::OK, get(app, &services).await);
        expect(Method::GET, "/api/hsds/services?format=xml", StatusCode::BAD_REQUEST, get(app, "/api/hsds/services?format=xml").await);

        // the map: the whole town, a filtered box, a missing and a bad box
        for path in ["/api/map/points?bbox=134.0,35.0,135.5,36.0", "/api/map/points?bbox=134.0,35.0,135.5,36.0&res=none&free=1&lang=en"] {
            expect(Method::GET, path, StatusCode::OK, get(app, path).await);
        }
        for path in ["/api/map/points", "/api/map/points?bbox=1,2,3&lang=en"] {
            expect(Method::GET, path, StatusCode::BAD_REQUEST, get(app, path).await);
        }

        // open data and feeds
        for path in ["/api/activities.csv", "/events.ics", "/events.ics?range=month&free=1", "/events/feed.atom", "/reports/feed.atom"] {
            expect(Method::GET, path, StatusCode::OK, get(app, path).await);
        }
        let event: i64 = sqlx::query_scalar("SELECT MIN(id) FROM events").fetch_one(s.db.pool()).await.unwrap();
        let ics = format!("/events/{event}/calendar.ics");
        expect(Method::GET, &ics, StatusCode::OK, get(app, &ics).await);
        expect(Method::GET, "/events/99999999/calendar.ics", StatusCode::NOT_FOUND, get(app, "/events/99999999/calendar.ics").await);

        // casework sync: anonymous, malformed, invalid, someone else's case, accepted
        let post_json = |body: String, cookie: Option<String>| async move {
            call(app, Method::POST, "/api/casework/sync", Some("application/json"), body.into_bytes(), cookie.as_deref()).await
        };
        let case_id = casework::referred_and_assigned(&s, "オープンAPI 確認").await;
        let worker = sign_in(app, "linkworker@midorino.example.jp").await;
        let writer = sign_in(app, "writer@midorino.example.jp").await;
        let good = casework::batch("tablet-openapi", vec![casework::note("n-openapi-0001", case_id, 1, "訪問しました")]);
        expect(Method::POST, "/api/casework/sync", StatusCode::UNAUTHORIZED, post_json(good.clone(), None).await);
        expect(Method::POST, "/api/casework/sync", StatusCode::FORBIDDEN, post_json(good.clone(), Some(writer.clone())).await);
        expect(Method::POST, "/api/casework/sync", StatusCode::BAD_REQUEST, post_json("{\"device_id\":".into(), Some(worker.clone())).await);
        let invalid = casework::batch("tablet-openapi", vec![json!({ "client_id": "x", "case_id": 0, "seq": 1, "written_at": "yesterday",
            "change": { "kind": "note", "note_kind": "gossip", "happened_on": "2026-13-01", "body": "" } })]);
        let refused = expect(Method::POST, "/api/casework/sync", StatusCode::BAD_REQUEST, post_json(invalid, Some(worker.clone())).await);
        assert!(serde_json::from_slice::<Value>(&refused).unwrap()["problems"].as_array().unwrap().len() >= 4);
        let other = casework::batch("tablet-openapi", vec![casework::note("n-openapi-0002", case_id + 1000, 1, "x")]);
        expect(Method::POST, "/api/casework/sync", StatusCode::FORBIDDEN, post_json(other, Some(worker.clone())).await);
        let reply = expect(Method::POST, "/api/casework/sync", StatusCode::OK, post_json(good.clone(), Some(worker.clone())).await);
        assert_eq!(serde_json::from_slice::<Value>(&reply).unwrap()["results"][0]["outcome"], "applied");
        let replay = expect(Method::POST, "/api/casework/sync", StatusCode::OK, post_json(good, Some(worker.clone())).await);
        assert_eq!(serde_json::from_slice::<Value>(&replay).unwrap()["results"][0]["outcome"], "duplicate");
        let theirs = json!({ "device_id": "tablet-openapi", "owner": 999_999, "items": [] }).to_string();
        expect(Method::POST, "/api/casework/sync", StatusCode::CONFLICT, post_json(theirs, Some(worker.clone())).await);
        let huge = casework::batch("tablet-openapi", vec![casework::note("n-openapi-0003", case_id, 2, &"あ".repeat(1_000_000))]);
        expect(Method::POST, "/api/casework/sync", StatusCode::PAYLOAD_TOO_LARGE, post_json(huge, Some(worker.clone())).await);
        expect(Method::POST, "/api/casework/vault-key", StatusCode::OK, call(app, Method::POST, "/api/casework/vault-key", None, Vec::new(), Some(&worker)).await);
        expect(Method::POST, "/api/casework/vault-key", StatusCode::UNAUTHORIZED, call(app, Method::POST, "/api/casework/vault-key", None, Vec::new(), None).await);

        // photos: a writer's picture, something else, no form at all, nobody
        let photo = tsunagu_app::reports::images::fixtures::jpeg(64, 48);
        let (form, body) = multipart(&photo);
        expect(Method::POST, "/api/reports/media", StatusCode::OK, call(app, Method::POST, "/api/reports/media", Some(&form), body.clone(), Some(&writer)).await);
        expect(Method::POST, "/api/reports/media", StatusCode::UNAUTHORIZED, call(app, Method::POST, "/api/reports/media", Some(&form), body.clone(), None).await);
        let (form_pdf, pdf) = multipart(b"%PDF-1.7 not a photo");
        expect(Method::POST, "/api/reports/media?lang=en", StatusCode::BAD_REQUEST, call(app, Method::POST, "/api/reports/media?lang=en", Some(&form_pdf), pdf.clone(), Some(&writer)).await);
        expect(Method::POST, "/api/reports/media", StatusCode::BAD_REQUEST, call(app, Method::POST, "/api/reports/media", Some("text/plain"), b"hello".to_vec(), Some(&writer)).await);
        expect(Method::POST, "/api/suggestions/photo", StatusCode::OK, call(app, Method::POST, "/api/suggestions/photo", Some(&form), body, None).await);
        expect(Method::POST, "/api/suggestions/photo", StatusCode::BAD_REQUEST, call(app, Method::POST, "/api/suggestions/photo", Some(&form_pdf), pdf, None).await);
        // a signed-in write from another site is refused, as documented
        let (status, content_type, body) = call(app, Method::POST, "/api/casework/vault-key", None, Vec::new(), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{}", String::from_utf8_lossy(&body));
        assert!(content_type.starts_with("application/json"));
        let mut forged = Request::post("/api/casework/vault-key").header("host", "127.0.0.1:3000").header("origin", "https://evil.example").header("cookie", &worker);
        forged = forged.header("content-type", "application/json");
        let res = app.clone().oneshot(forged.body(Body::empty()).unwrap()).await.unwrap();
        let (status, content_type) = (res.status(), res.headers()["content-type"].to_str().unwrap().to_string());
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
        expect(Method::POST, "/api/casework/vault-key", StatusCode::FORBIDDEN, (status, content_type, bytes.to_vec()));

        assert!(checked >= 50, "only {checked} answers checked");
        db.drop_db().await;
    }
}
