//! The bad-input sweep (issue 18, item 2): every server function (from the
//! `#[server]` registry), every axum route (from the router's source, so a
//! new `.route(…)` cannot be forgotten) and every page (from the route
//! list) gets, anonymously and as each demo role: an empty body, bytes that
//! are not UTF-8, missing and extra fields, wrong types, huge strings, deep
//! nesting, absurd numbers and path traversal. Nothing may answer 5xx or
//! panic, nothing may be written, and `/healthz` still answers afterwards.
use crate::common;
use axum::body::Body;
use http::{Method, Request, StatusCode};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use tower::ServiceExt;
use tsunagu_app::activities::query::encode;
use tsunagu_app::db::Db;

/// The demo accounts, one per role.
const ROLES: [&str; 8] = [
    "resident@midorino.example.jp",
    "writer@midorino.example.jp",
    "editor@midorino.example.jp",
    "staff@midorino.example.jp",
    "admin@midorino.example.jp",
    "linkworker@midorino.example.jp",
    "lead@midorino.example.jp",
    "clinic@midorino.example.jp",
];

/// Server functions that take no argument and change something (ending
/// one's own session): no input can be bad, every call is a real one.
const WRITES_WITHOUT_ARGUMENTS: [&str; 2] = ["/api/accounts/logout", "/api/accounts/logout-everywhere"];

/// Tables a refused call may still write to, by design: the count of calls
/// from an address (rate limits), failed sign-ins, and the audit log, which
/// records refused reads of cases.
const WRITTEN_BY_REFUSALS: [&str; 3] = ["rate_limits", "login_failures", "audit_log"];

/// Values no field should accept: path traversal, absurd numbers, a huge
/// string, control characters, markup, a lone surrogate's replacement.
fn bad_values() -> Vec<String> {
    vec![
        "../../../../etc/passwd".into(),
        "..%2F..%2Fetc%2Fpasswd".into(),
        "1e309".into(),
        "99999999999999999999999999999".into(),
        "-9223372036854775809".into(),
        "NaN".into(),
        "-1".into(),
        "\u{0}\u{1}\u{7f}".into(),
        "<script>alert(1)</script>".into(),
        // five times the longest text any field takes (a note: 4,000)
        "あ".repeat(20_000),
    ]
}

/// Values put in place of a path parameter.
const PATH_VALUES: [&str; 7] = ["..%2F..%2Fetc%2Fpasswd", "..", "%00", "99999999999999999999", "-1", "%E3%81%82", "%FF%FE"];

static PANICS: AtomicUsize = AtomicUsize::new(0);

fn count_panics() {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_sweep = std::thread::current().name().is_some_and(|n| n.contains("sweep"));
            if in_sweep {
                PANICS.fetch_add(1, Ordering::SeqCst);
            }
            previous(info);
        }));
    });
}

struct Call {
    method: Method,
    path: String,
    content_type: &'static str,
    body: Vec<u8>,
}

async fn send(app: &axum::Router, call: &Call, cookie: Option<&str>) -> (StatusCode, String) {
    let mut req = Request::builder()
        .method(call.method.clone())
        .uri(&call.path)
        .header("accept", "application/json")
        .header("host", "127.0.0.1:3000")
        .header("sec-fetch-site", "same-origin");
    if !call.body.is_empty() || call.method == Method::POST {
        req = req.header("content-type", call.content_type);
    }
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let res = app.clone().oneshot(req.body(Body::from(call.body.clone())).unwrap()).await.unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 32 << 20).await.unwrap_or_default();
    (status, String::from_utf8_lossy(&bytes[..bytes.len().min(300)]).into_owned())
}

/// How a server function reads its arguments.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Input {
    Form,
    Query,
    Json,
}

fn input_of(method: &Method, path: &str) -> Input {
    if *method == Method::GET {
        Input::Query
    } else if path == "/api/accounts/save-check" {
        Input::Json
    } else {
        Input::Form
    }
}

/// One server-function call with these fields.
fn fn_call(method: &Method, path: &str, input: Input, fields: &[(String, String)]) -> Call {
    let form = || fields.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect::<Vec<_>>().join("&");
    match input {
        Input::Form => Call { method: method.clone(), path: path.into(), content_type: "application/x-www-form-urlencoded", body: form().into_bytes() },
        Input::Query => {
            // an address holds at most 64 KB: the huge string shortened to fit
            let each = 6000 / fields.len().max(1);
            let short: Vec<(String, String)> = fields.iter().map(|(k, v)| (k.clone(), v.chars().take(each).collect())).collect();
            let query = short.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect::<Vec<_>>().join("&");
            Call { method: method.clone(), path: format!("{path}?{query}"), content_type: "application/x-www-form-urlencoded", body: vec![] }
        }
        Input::Json => {
            let map: serde_json::Map<String, serde_json::Value> = fields.iter().map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone()))).collect();
            Call { method: method.clone(), path: path.into(), content_type: "application/json", body: serde_json::to_vec(&map).unwrap() }
        }
    }
}

/// The top-level argument names of a server function, learnt from its own
/// 400 answers ("missing field `x`") to ever fuller bodies. Only incomplete
/// bodies are sent, so nothing can run.
async fn discover_fields(app: &axum::Router, method: &Method, path: &str) -> Vec<String> {
    let input = input_of(method, path);
    let mut fields: Vec<String> = Vec::new();
    for _ in 0..24 {
        let body: Vec<(String, String)> = fields.iter().map(|f| (f.clone(), "1".to_string())).collect();
        let (status, text) = send(app, &fn_call(method, path, input, &body), None).await;
        let Ok(tsunagu_app::error::AppError::Malformed { field: Some(name), .. }) = serde_json::from_str(&text) else { break };
        if status != StatusCode::BAD_REQUEST {
            break;
        }
        if fields.contains(&name) {
            break;
        }
        fields.push(name);
    }
    fields
}

/// Every bad call of one server function.
fn server_fn_calls(method: &Method, path: &str, fields: &[String]) -> Vec<Call> {
    let input = input_of(method, path);
    let mut calls = vec![
        // nothing at all, and bytes that are not UTF-8
        fn_call(method, path, input, &[]),
        Call { method: method.clone(), path: path.into(), content_type: "application/x-www-form-urlencoded", body: vec![0xff, 0xfe, b'=', 0xc3, 0x28] },
        // another encoding than the function reads
        Call { method: method.clone(), path: path.into(), content_type: "application/json", body: b"{\"id\": 1".to_vec() },
        // deep nesting, as a form and as JSON
        Call { method: method.clone(), path: path.into(), content_type: "application/x-www-form-urlencoded", body: format!("a{}=1", "[a]".repeat(2000)).into_bytes() },
        Call { method: method.clone(), path: path.into(), content_type: "application/json", body: format!("{}{}", "[".repeat(2_000), "]".repeat(2_000)).into_bytes() },
    ];
    if *method == Method::GET {
        calls.push(Call { method: method.clone(), path: format!("{path}?%FF%FE=%C3%28&{}", "a[".repeat(500)), content_type: "", body: vec![] });
    }
    for value in bad_values() {
        // every field bad at once, with one extra field; the value also
        // carries a NUL, which no field of any type accepts, so the call is
        // bad even where the value alone would be fine text (an
        // institution's name may well read "-1")
        let poisoned = format!("{value}\u{0}");
        let mut all: Vec<(String, String)> = fields.iter().map(|f| (f.clone(), poisoned.clone())).collect();
        all.push(("zz_extra".into(), value.clone()));
        calls.push(fn_call(method, path, input, &all));
        // the raw value in every field but the first, which is missing
        if fields.len() > 1 {
            let rest: Vec<(String, String)> = fields[1..].iter().map(|f| (f.clone(), value.clone())).collect();
            calls.push(fn_call(method, path, input, &rest));
        }
    }
    calls
}

/// The routes the server's own modules add (`.route("/path", …)`), read from
/// its source (every file, in folders too).
pub(crate) fn axum_route_paths() -> BTreeSet<String> {
    fn scan(dir: &std::path::Path, paths: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                scan(&path, paths);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for part in text.split(".route(\"").skip(1) {
                if let Some(end) = part.find('"') {
                    paths.insert(part[..end].to_string());
                }
            }
        }
    }
    let mut paths = BTreeSet::new();
    scan(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut paths);
    assert!(paths.len() >= 25, "the route scan found too few routes: {paths:?}");
    paths
}

/// `path` with each `{param}` replaced by `value`.
fn fill(path: &str, value: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').map_or(rest.len(), |e| start + e + 1);
        out.push_str(value);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Bad calls of a route (`with_posts`) or a page: each parameter replaced
/// by traversal and absurd values, a query of garbage, and (routes) a POST
/// of garbage. A page, rendered whole each time, gets the three values
/// that reach different code (a traversal, a number too large, bytes that
/// are not UTF-8) and one query of garbage.
fn route_calls(path: &str, with_posts: bool) -> Vec<Call> {
    let mut calls = Vec::new();
    let values: &[&str] = if with_posts { &PATH_VALUES } else { &["..%2F..%2Fetc%2Fpasswd", "99999999999999999999", "%FF%FE"] };
    let targets: Vec<String> = if path.contains('{') { values.iter().map(|v| fill(path, v)).collect() } else { vec![path.to_string()] };
    let huge = "%E3%81%82".repeat(5_000);
    for (i, target) in targets.into_iter().enumerate() {
        let query = format!("{target}?q={huge}&page=-1&district=..%2F..&bbox=1e309,NaN,a,&lat=99999999999999999999&from=9999-99-99&%FF=%FE");
        calls.push(Call { method: Method::GET, path: target.clone(), content_type: "", body: vec![] });
        if with_posts || i == 0 {
            calls.push(Call { method: Method::GET, path: query, content_type: "", body: vec![] });
        }
        if with_posts {
            calls.push(Call { method: Method::POST, path: target.clone(), content_type: "application/x-www-form-urlencoded", body: vec![0xff, 0xfe] });
            calls.push(Call { method: Method::POST, path: target.clone(), content_type: "application/json", body: format!("{}{}", "[".repeat(2_000), "]".repeat(2_000)).into_bytes() });
            calls.push(Call { method: Method::POST, path: target.clone(), content_type: "multipart/form-data; boundary=XX", body: b"--XX\r\ncontent-disposition: form-data; name=\"file\"; filename=\"../../a.jpg\"\r\n\r\n\xff\xd8\xff garbage\r\n--XX--\r\n".to_vec() });
            calls.push(Call { method: Method::POST, path: target.clone(), content_type: "multipart/form-data", body: b"no boundary".to_vec() });
        }
    }
    calls
}

/// Row counts of every table but the ones refusals may write.
async fn row_counts(db: &Db) -> BTreeMap<String, i64> {
    let mut counts = db.row_counts().await.unwrap();
    counts.retain(|t, _| !WRITTEN_BY_REFUSALS.contains(&t.as_str()));
    counts
}

fn db_kind(url: &str) -> &'static str {
    if url.starts_with("sqlite") { "SQLite" } else { "PostgreSQL" }
}

async fn sweep_on(url: &str, roles: &[&str]) {
    let limits = "registration=100000,password-reset=100000,mails-to-one-address=100000,event-signup=100000,problem-report=100000,self-referral=100000,contribution=100000,suggestion=100000,suggestion-photo=100000,sign-in-account=100000,sign-in-address=100000";
    let s = common::site_on(url, &[("TSUNAGU_RATE_LIMITS", limits)]).await;
    let mut cookies: Vec<(&str, Option<String>)> = vec![("anonymous", None)];
    for email in roles {
        cookies.push((email, Some(common::sign_in(&s.app, email).await)));
    }
    let server_fns: BTreeSet<(String, Method)> = leptos::server_fn::axum::server_fn_paths().map(|(p, m)| (p.to_string(), m)).collect();
    assert!(server_fns.len() >= 100, "the registry lists {} server functions", server_fns.len());
    let mut calls = Vec::new();
    for (path, method) in server_fns.iter().filter(|(p, _)| !WRITES_WITHOUT_ARGUMENTS.contains(&p.as_str())) {
        let fields = discover_fields(&s.app, method, path).await;
        if path == "/api/activities/report-problem" {
            assert_eq!(fields, ["activity_id", "kind", "note", "website"], "field discovery");
        }
        calls.extend(server_fn_calls(method, path, &fields));
    }
    for path in axum_route_paths() {
        calls.extend(route_calls(&path, true));
    }
    for path in tsunagu::page_paths() {
        calls.extend(route_calls(&path, false));
    }
    let before = row_counts(&s.db).await;
    let mut failures = Vec::new();
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    for (who, cookie) in &cookies {
        for call in &calls {
            let (status, text) = send(&s.app, call, cookie.as_deref()).await;
            *statuses.entry(status.as_u16()).or_default() += 1;
            if status.is_server_error() {
                failures.push(format!("{who}: {} {} ({} bytes) → {status} {text}", call.method, &call.path[..call.path.len().min(120)], call.body.len()));
            }
        }
        let after = row_counts(&s.db).await;
        let written: Vec<String> = before.iter().filter(|(t, n)| after.get(*t) != Some(n)).map(|(t, n)| format!("{t}: {n} → {:?}", after.get(t))).collect();
        assert!(written.is_empty(), "{url}: bad input as {who} wrote rows: {written:?}");
    }
    eprintln!("sweep on {}: {} calls × {} callers, answers by status {statuses:?}", db_kind(url), calls.len(), cookies.len());
    assert!(failures.is_empty(), "{url}: {} of {} calls answered 5xx:\n{}", failures.len(), calls.len() * cookies.len(), failures.join("\n"));
    assert_eq!(PANICS.load(Ordering::SeqCst), 0, "a handler panicked during the sweep");
    let (status, _, _) = common::request(&s.app, "/healthz", None, None).await;
    assert_eq!(status, StatusCode::OK);
}

#[test]
fn bad_input_to_every_endpoint_is_refused_without_5xx_or_writes() {
    count_panics();
    // a thread of its own, named, so the panic count sees only the sweep
    std::thread::Builder::new()
        .name("sweep".into())
        .stack_size(16 << 20)
        .spawn(|| {
            tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
                for t in common::all_backends().await {
                    sweep_on(&t.url.clone(), &ROLES).await;
                    t.drop_db().await;
                }
            })
        })
        .unwrap()
        .join()
        .unwrap_or_else(|_| panic!("the sweep failed (see above)"));
}
