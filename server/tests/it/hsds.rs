//! The HSDS 3.0 read API (`/api/hsds`) on SQLite and PostgreSQL with the
//! demo town: every response is checked against the official Open Referral
//! schemas in `shared/hsds-3.0` (beside the repository), through the
//! response schemas of the official `openapi.json` and the compiled entity
//! schemas, with formats (uuid, uri, email, date-time) checked too, and no
//! field the schemas do not declare.
use crate::common;

use axum::body::Body;
use axum::Router;
use http::{Request, StatusCode};
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tower::ServiceExt;
use tsunagu::config::Config;
use tsunagu_app::activities::hsds::Uuid;
use tsunagu_app::db::seed::seed_demo_if_empty;
use tsunagu_app::db::Db;

// ---------------------------------------------------------------------------
// The official schemas
// ---------------------------------------------------------------------------

/// Where the schemas are published; `$ref`s name them by these URLs.
const REMOTE: &str = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/";

fn schema_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/hsds-3.0")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e} (shared/ must sit beside the repository)", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// Serves the published schema URLs from `shared/hsds-3.0`; never the network.
struct LocalSchemas(PathBuf);

impl jsonschema::Retrieve for LocalSchemas {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let uri = uri.as_str();
        let name = uri
            .strip_prefix(REMOTE)
            .filter(|n| n.ends_with(".json") && n.chars().all(|c| c.is_ascii_lowercase() || "_/.".contains(c)))
            .filter(|n| !n.contains(".."))
            .ok_or_else(|| format!("not an HSDS 3.0 schema, not fetched: {uri}"))?;
        Ok(read_json(&self.0.join(name)))
    }
}

struct Schemas {
    validators: HashMap<&'static str, jsonschema::Validator>,
    /// Raw compiled schemas, for the undeclared-field check.
    raw: HashMap<&'static str, Value>,
}

/// JSON pointer (in a URI fragment) to a path's 200 response schema.
fn response_schema(path: &str) -> String {
    format!(
        "{REMOTE}openapi.json#/paths/{}/get/responses/200/content/application~1json/schema",
        path.replace('~', "~0").replace('/', "~1")
    )
}

fn schemas() -> &'static Schemas {
    static SCHEMAS: OnceLock<Schemas> = OnceLock::new();
    SCHEMAS.get_or_init(|| {
        let dir = schema_dir();
        let build = |url: String| {
            jsonschema::draft202012::options()
                .with_retriever(LocalSchemas(dir.clone()))
                .should_validate_formats(true)
                .build(&json!({ "$ref": url }))
                .unwrap_or_else(|e| panic!("schema {url}: {e}"))
        };
        let mut validators = HashMap::new();
        // responses as the official API description defines them
        for path in ["/", "/services", "/organizations", "/taxonomies", "/taxonomy_terms"] {
            validators.insert(path, build(response_schema(path)));
        }
        // entities (the `{id}` responses reference exactly these)
        for (key, file) in [
            ("service", "compiled/service.json"),
            ("service_list", "compiled/service_list.json"),
            ("organization", "compiled/organization.json"),
            ("organization_list", "compiled/organization_list.json"),
            ("taxonomy", "taxonomy.json"),
            ("taxonomy_term", "taxonomy_term.json"),
        ] {
            validators.insert(key, build(format!("{REMOTE}{file}")));
        }
        let raw = [
            ("service", "compiled/service.json"),
            ("service_list", "compiled/service_list.json"),
            ("organization", "compiled/organization.json"),
            ("organization_list", "compiled/organization_list.json"),
            ("taxonomy", "taxonomy.json"),
            ("taxonomy_term", "taxonomy_term.json"),
        ]
        .into_iter()
        .map(|(k, f)| (k, read_json(&dir.join(f))))
        .collect();
        Schemas { validators, raw }
    })
}

/// Fields of `instance` that `schema` does not declare (the HSDS schemas
/// allow extra fields; we want none).
fn undeclared(schema: &Value, instance: &Value, at: &str, out: &mut Vec<String>) {
    match instance {
        Value::Object(map) => {
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                for (k, v) in map {
                    match props.get(k) {
                        Some(s) => undeclared(s, v, &format!("{at}/{k}"), out),
                        None => out.push(format!("{at}/{k}")),
                    }
                }
            }
        }
        Value::Array(items) => {
            if let Some(s) = schema.get("items") {
                for (i, v) in items.iter().enumerate() {
                    undeclared(s, v, &format!("{at}/{i}"), out);
                }
            }
        }
        _ => {}
    }
}

/// Valid against `key`'s schema (and, for entities, nothing undeclared).
fn assert_valid(key: &str, instance: &Value, what: &str) {
    let s = schemas();
    let errors: Vec<String> = s.validators[key]
        .iter_errors(instance)
        .take(10)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what} is not a valid HSDS {key}:\n{}", errors.join("\n"));
    if let Some(raw) = s.raw.get(key) {
        let mut extra = Vec::new();
        undeclared(raw, instance, "", &mut extra);
        assert!(extra.is_empty(), "{what}: fields HSDS {key} does not declare: {extra:?}");
    }
}

/// A page: valid per the API description, every item valid as `item`, and
/// the envelope complete and consistent.
fn assert_page(path: &str, item: &str, page: &Value, what: &str) {
    assert_valid(path, page, what);
    for field in ["total_items", "total_pages", "page_number", "size"] {
        assert!(page[field].is_u64(), "{what}: {field}");
    }
    for field in ["first_page", "last_page", "empty"] {
        assert!(page[field].is_boolean(), "{what}: {field}");
    }
    let contents = page["contents"].as_array().unwrap_or_else(|| panic!("{what}: contents"));
    assert_eq!(page["size"].as_u64().unwrap() as usize, contents.len(), "{what}: size");
    assert_eq!(page["empty"].as_bool().unwrap(), contents.is_empty(), "{what}: empty");
    for (i, c) in contents.iter().enumerate() {
        assert_valid(item, c, &format!("{what} item {i}"));
    }
}

// ---------------------------------------------------------------------------
// The site
// ---------------------------------------------------------------------------


/// The router on `url`'s database, seeded with the demo town.
async fn site(url: &str) -> common::Site {
    let s = common::site_on(url, &[("TSUNAGU_DEMO_SEED", "0")]).await;
    seed_demo_if_empty(&s.db).await.unwrap();
    s
}

struct Reply {
    status: StatusCode,
    headers: http::HeaderMap,
    body: Value,
}

async fn get(app: &Router, path: &str) -> Reply {
    let res = app.clone().oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), 64 << 20).await.unwrap();
    let body = serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {}", String::from_utf8_lossy(&bytes)));
    assert!(
        headers.get("content-type").is_some_and(|v| v.to_str().unwrap().starts_with("application/json")),
        "{path}: content-type {:?}",
        headers.get("content-type")
    );
    assert_eq!(headers.get("access-control-allow-origin").map(|v| v.to_str().unwrap()), Some("*"), "{path}: CORS");
    Reply { status, headers, body }
}

/// A 200 answer's body.
async fn ok(app: &Router, path: &str) -> Value {
    let r = get(app, path).await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
    r.body
}

/// Every item of a paged list, following the pages.
async fn all_pages(app: &Router, path: &str, item: &str, per_page: u64) -> Vec<Value> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let mut items = Vec::new();
    for page in 1.. {
        let url = format!("{path}{sep}page={page}&per_page={per_page}");
        let body = ok(app, &url).await;
        let list = path.split('?').next().unwrap().trim_start_matches("/api/hsds");
        assert_page(list, item, &body, &url);
        assert_eq!(body["page_number"], page);
        items.extend(body["contents"].as_array().unwrap().iter().cloned());
        if body["last_page"] == true {
            assert_eq!(body["total_items"].as_u64().unwrap() as usize, items.len(), "{path}");
            break;
        }
    }
    items
}

fn ids(items: &[Value]) -> Vec<String> {
    items.iter().map(|i| i["id"].as_str().unwrap().to_string()).collect()
}

fn find<'a>(items: &'a [Value], name_part: &str) -> &'a Value {
    items.iter().find(|i| i["name"].as_str().unwrap().contains(name_part)).unwrap_or_else(|| panic!("{name_part}"))
}

async fn activity_count(db: &Db) -> usize {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM activities").fetch_one(db.pool()).await.unwrap();
    n as usize
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[tokio::test]
async fn every_endpoint_answers_valid_hsds() {
    let mut service_ids_per_backend = Vec::new();
    for t in common::all_backends().await {
        let s = site(&t.url).await;
        let app = &s.app;

        // root
        for path in ["/api/hsds", "/api/hsds/"] {
            let root = ok(app, path).await;
            assert_valid("/", &root, path);
            assert_eq!(root["version"], "3.0");
            assert!(root["profile"].as_str().unwrap().starts_with("https://"));
            assert!(root["openapi_url"].as_str().unwrap().ends_with("openapi.json"));
        }

        // services: every page, then every service in full
        let services = all_pages(app, "/api/hsds/services", "service_list", 50).await;
        assert_eq!(services.len(), activity_count(&s.db).await, "ended activities are listed too");
        let statuses: HashSet<&str> = services.iter().map(|s| s["status"].as_str().unwrap()).collect();
        assert_eq!(statuses, HashSet::from(["active", "inactive", "defunct"]));
        let mut nested_terms = HashMap::new();
        for item in &services {
            let path = format!("/api/hsds/services/{}", item["id"].as_str().unwrap());
            let full = ok(app, &path).await;
            assert_valid("service", &full, &path);
            for key in ["id", "name", "status", "last_modified", "organization_id", "alternate_name"] {
                assert_eq!(full[key], item[key], "{path}: {key} as in the list");
            }
            for a in full["attributes"].as_array().unwrap() {
                assert_eq!(a["link_id"], full["id"]);
                assert_eq!(a["taxonomy_term_id"], a["taxonomy_term"]["id"]);
                nested_terms.insert(a["taxonomy_term_id"].as_str().unwrap().to_string(), a["taxonomy_term"].clone());
            }
        }
        // full=true lists nest everything
        let page = ok(app, "/api/hsds/services?full=true&per_page=20&page=2").await;
        assert_page("/services", "service", &page, "full services");
        assert!(page["contents"][0]["service_at_locations"].is_array());

        // one service in detail: ラジオ体操の会 (free, daily, 中央公園)
        let radio = find(&services, "ラジオ体操の会 (中央公園)");
        let full = ok(app, &format!("/api/hsds/services/{}", radio["id"].as_str().unwrap())).await;
        assert_eq!(full["alternate_name"], "らじおたいそうのかい ちゅうおうこうえん");
        assert_eq!(full["status"], "active");
        assert_eq!(full["assured_date"], "2025-04-22");
        assert_eq!(full["fees_description"], "無料");
        assert_eq!(full["cost_options"][0]["amount"], 0);
        assert_eq!(full["cost_options"][0]["option"], "無料");
        assert_eq!(full["cost_options"][0]["currency"], "JPY");
        assert_eq!(full["phones"][0]["number"], "0796-00-1070");
        let sched = &full["schedules"][0];
        assert_eq!(sched["freq"], "WEEKLY");
        assert_eq!(sched["byday"], "MO,TU,WE,TH,FR,SA,SU");
        assert_eq!(sched["opens_at"], "06:30+09:00");
        assert_eq!(sched["closes_at"], "06:45+09:00");
        assert_eq!(sched["timezone"], 9);
        assert_eq!(sched["service_id"], full["id"]);
        let sal = &full["service_at_locations"][0];
        assert_eq!(sal["location_id"], sal["location"]["id"]);
        let location = &sal["location"];
        assert_eq!(location["name"], "中央公園 芝生広場");
        assert_eq!(location["location_type"], "physical");
        assert_eq!(location["latitude"], 35.3043);
        assert_eq!(location["longitude"], 134.8537);
        let address = &location["addresses"][0];
        assert_eq!(address["address_1"], "中央町6");
        assert_eq!(address["city"], "みどり野市");
        assert_eq!(address["region"], "中央");
        assert_eq!(address["country"], "JP");
        assert_eq!(address["address_type"], "physical");
        assert_eq!(address["postal_code"], "");
        assert_eq!(full["organization"]["id"], full["organization_id"]);
        assert!(full["organization"]["name"].as_str().unwrap().contains("老人クラブ"), "{}", full["organization"]);
        let codes: HashSet<&str> =
            full["attributes"].as_array().unwrap().iter().map(|a| a["taxonomy_term"]["code"].as_str().unwrap()).collect();
        assert_eq!(codes, HashSet::from(["exercise", "neighbourhood"]));
        // a paid one
        let paid = services.iter().find(|s| s["fees_description"].as_str().unwrap().contains('円')).unwrap();
        let full = ok(app, &format!("/api/hsds/services/{}", paid["id"].as_str().unwrap())).await;
        assert!(full["cost_options"][0]["amount"].as_u64().unwrap() > 0);
        assert_eq!(full["cost_options"][0]["currency"], "JPY");

        // organizations: every page, then each with its services
        let organizations = all_pages(app, "/api/hsds/organizations", "organization_list", 7).await;
        assert!(organizations.len() >= 5);
        let mut services_via_orgs = 0;
        for o in &organizations {
            let path = format!("/api/hsds/organizations/{}", o["id"].as_str().unwrap());
            let full = ok(app, &path).await;
            assert_valid("organization", &full, &path);
            assert_eq!(full["name"], o["name"]);
            for sv in full["services"].as_array().into_iter().flatten() {
                assert_eq!(sv["organization_id"], full["id"]);
                services_via_orgs += 1;
            }
        }
        let with_org = services.iter().filter(|s| s.get("organization_id").is_some()).count();
        assert_eq!(services_via_orgs, with_org);
        let searched = ok(app, "/api/hsds/organizations?search=社会福祉協議会").await;
        assert_page("/organizations", "organization_list", &searched, "organization search");
        assert_eq!(searched["total_items"], 1);

        // the taxonomy and its terms
        let taxonomies = ok(app, "/api/hsds/taxonomies").await;
        assert_page("/taxonomies", "taxonomy", &taxonomies, "taxonomies");
        assert_eq!(taxonomies["total_items"], 1);
        let taxonomy_id = taxonomies["contents"][0]["id"].as_str().unwrap().to_string();
        let taxonomy = ok(app, &format!("/api/hsds/taxonomies/{taxonomy_id}")).await;
        assert_valid("taxonomy", &taxonomy, "taxonomy");
        let terms = all_pages(app, "/api/hsds/taxonomy_terms", "taxonomy_term", 10).await;
        let families: Vec<&Value> = terms.iter().filter(|t| t.get("parent_id").is_none()).collect();
        assert_eq!(families.iter().map(|f| f["code"].as_str().unwrap()).collect::<Vec<_>>(), ["people", "life", "vitality"]);
        let family_ids: HashSet<&str> = families.iter().map(|f| f["id"].as_str().unwrap()).collect();
        let categories: Vec<&Value> = terms.iter().filter(|t| t.get("parent_id").is_some()).collect();
        assert_eq!(categories.len(), 18);
        for c in &categories {
            assert!(family_ids.contains(c["parent_id"].as_str().unwrap()));
            assert_eq!(c["taxonomy_id"], taxonomy_id.as_str());
            let path = format!("/api/hsds/taxonomy_terms/{}", c["id"].as_str().unwrap());
            let term = ok(app, &path).await;
            assert_valid("taxonomy_term", &term, &path);
            assert_eq!(&term, *c);
        }
        let exercise = categories.iter().find(|c| c["code"] == "exercise").unwrap();
        assert_eq!(exercise["name"], "運動・体操");
        assert_eq!(exercise["description"], "Exercise & gymnastics");
        // the terms nested in services are the listed terms
        for (id, term) in &nested_terms {
            assert_eq!(terms.iter().find(|t| t["id"] == id.as_str()), Some(term), "{id}");
        }
        let vitality = families.iter().find(|f| f["code"] == "vitality").unwrap()["id"].as_str().unwrap();
        let children = ok(app, &format!("/api/hsds/taxonomy_terms?parent_id={vitality}")).await;
        assert_page("/taxonomy_terms", "taxonomy_term", &children, "children");
        assert_eq!(children["total_items"], 8);
        let top = ok(app, "/api/hsds/taxonomy_terms?top_only=true").await;
        assert_eq!(top["total_items"], 3);

        service_ids_per_backend.push(ids(&services));
        s.db.close().await;
        t.drop_db().await;
    }
    // the same data gets the same ids on every backend
    if let [sqlite, postgres] = service_ids_per_backend.as_slice() {
        assert_eq!(sqlite, postgres);
    }
}

#[tokio::test]
async fn search_filters_pagination_and_stable_ids() {
    for t in common::all_backends().await {
        let s = site(&t.url).await;
        let app = &s.app;
        let total = activity_count(&s.db).await as u64;

        // the envelope
        let first = ok(app, "/api/hsds/services").await;
        assert_page("/services", "service_list", &first, "default page");
        let expected_pages = total.div_ceil(50);
        assert_eq!(first["total_items"], total);
        assert_eq!(first["total_pages"], expected_pages);
        assert_eq!(first["page_number"], 1);
        assert_eq!(first["size"], 50);
        assert_eq!((first["first_page"].as_bool(), first["last_page"].as_bool()), (Some(true), Some(false)));
        let last = ok(app, &format!("/api/hsds/services?page={expected_pages}")).await;
        assert_eq!(last["size"], total - 50 * (expected_pages - 1));
        assert_eq!((last["first_page"].as_bool(), last["last_page"].as_bool()), (Some(false), Some(true)));
        let beyond = ok(app, &format!("/api/hsds/services?page={}", expected_pages + 1)).await;
        assert_page("/services", "service_list", &beyond, "beyond the end");
        assert_eq!((beyond["size"].as_u64(), beyond["empty"].as_bool()), (Some(0), Some(true)));
        assert_eq!(beyond["total_items"], total);
        let big = ok(app, "/api/hsds/services?per_page=200").await;
        assert_eq!((big["size"].as_u64(), big["total_pages"].as_u64()), (Some(total.min(200)), Some(total.div_ceil(200))));
        let small = ok(app, "/api/hsds/services?per_page=7&page=3").await;
        assert_eq!(small["size"], 7);
        assert_eq!(small["total_pages"], total.div_ceil(7));
        let big_ids = ids(big["contents"].as_array().unwrap());
        assert_eq!(ids(small["contents"].as_array().unwrap()), big_ids[14..21], "pages are windows of one order");

        // ids are stable between calls (and a fresh router)
        let again = ok(app, "/api/hsds/services?per_page=200").await;
        assert_eq!(ids(again["contents"].as_array().unwrap()), big_ids);
        let other = tsunagu::router(
            &Config::from_lookup(|k| match k {
                "DATABASE_URL" => Some(t.url.clone()),
                "LEPTOS_SITE_ROOT" => Some(s.dir.path().display().to_string()),
                _ => None,
            })
            .unwrap(),
            s.db.clone(),
        )
        .unwrap();
        let terms_a = ok(app, "/api/hsds/taxonomy_terms").await;
        let terms_b = ok(&other, "/api/hsds/taxonomy_terms").await;
        assert_eq!(terms_a, terms_b);
        assert_eq!(ok(&other, "/api/hsds/services?per_page=200").await["contents"], big["contents"]);

        // Japanese-aware search: hiragana finds ラジオ体操
        let found = ok(app, "/api/hsds/services?search=%E3%81%9F%E3%81%84%E3%81%9D%E3%81%86").await; // たいそう
        assert_page("/services", "service_list", &found, "search たいそう");
        let names: Vec<&str> = found["contents"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
        assert!(names.iter().any(|n| n.contains("ラジオ体操")), "{names:?}");
        assert!((found["total_items"].as_u64().unwrap()) < total);
        let none = ok(app, "/api/hsds/services?search=zzzzqqq").await;
        assert_page("/services", "service_list", &none, "search without hits");
        assert_eq!((none["total_items"].as_u64(), none["total_pages"].as_u64(), none["empty"].as_bool()), (Some(0), Some(0), Some(true)));

        // taxonomy terms: a category, then its whole family
        let terms = ok(app, "/api/hsds/taxonomy_terms?per_page=200").await;
        let term = |code: &str| {
            terms["contents"].as_array().unwrap().iter().find(|t| t["code"] == code).unwrap()["id"].as_str().unwrap().to_string()
        };
        let exercise = ok(app, &format!("/api/hsds/services?taxonomy_term_id={}&per_page=200", term("exercise"))).await;
        assert_page("/services", "service_list", &exercise, "exercise");
        let n_exercise = exercise["total_items"].as_u64().unwrap();
        assert!(n_exercise > 0 && n_exercise < total);
        for item in exercise["contents"].as_array().unwrap() {
            let full = ok(app, &format!("/api/hsds/services/{}", item["id"].as_str().unwrap())).await;
            assert!(full["attributes"].as_array().unwrap().iter().any(|a| a["taxonomy_term"]["code"] == "exercise"));
        }
        let vitality = ok(app, &format!("/api/hsds/services?taxonomy_term_id={}", term("vitality"))).await;
        assert!(vitality["total_items"].as_u64().unwrap() > n_exercise);
        let both = ok(app, &format!("/api/hsds/services?taxonomy_term_id={}&search=%E4%BD%93%E6%93%8D", term("exercise"))).await; // 体操
        assert!(both["total_items"].as_u64().unwrap() >= 1 && both["total_items"].as_u64().unwrap() <= n_exercise);
        let unknown = ok(app, &format!("/api/hsds/services?taxonomy_term_id={}", Uuid::nil())).await;
        assert_eq!(unknown["total_items"], 0);
        let taxonomy_id = ok(app, "/api/hsds/taxonomies").await["contents"][0]["id"].as_str().unwrap().to_string();
        let in_taxonomy = ok(app, &format!("/api/hsds/services?taxonomy_id={taxonomy_id}")).await;
        assert_eq!(in_taxonomy["total_items"], total, "every activity has a category");

        // organization filter
        let orgs = ok(app, "/api/hsds/organizations?per_page=200").await;
        let shakyo = orgs["contents"].as_array().unwrap().iter().find(|o| o["name"] == "みどり野市社会福祉協議会").unwrap();
        let by_org = ok(app, &format!("/api/hsds/services?organization_id={}&per_page=200", shakyo["id"].as_str().unwrap())).await;
        assert!(by_org["total_items"].as_u64().unwrap() >= 1);
        assert!(by_org["contents"].as_array().unwrap().iter().all(|s| s["organization_id"] == shakyo["id"]));

        // modified_after: only what changed since
        let everything = ok(app, "/api/hsds/services?modified_after=2000-01-01").await;
        assert_eq!(everything["total_items"], total);
        let later = ok(app, "/api/hsds/services?modified_after=2999-01-01T00:00:00Z").await;
        assert_eq!(later["total_items"], 0);
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        let since = chrono::Utc::now();
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        let mut form = tsunagu_app::activities::seed::demo_forms().into_iter().nth(1).unwrap();
        form.description = "説明を更新しました。".into();
        let input = form.parse().unwrap();
        let mut conn = s.db.pool().acquire().await.unwrap();
        tsunagu_app::activities::save_activity::save_activity(&mut conn, None, &input, "test").await.unwrap().unwrap();
        drop(conn);
        let since_param = since.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let changed = ok(app, &format!("/api/hsds/services?modified_after={since_param}")).await;
        assert_page("/services", "service_list", &changed, "modified_after");
        assert_eq!(changed["total_items"], 1, "{}", changed);
        let item = &changed["contents"][0];
        assert_eq!(item["name"], form.name.as_str());
        assert_eq!(item["description"], "説明を更新しました。");
        assert!(item["last_modified"].as_str().unwrap() >= since_param.as_str());
        // an offset in Japan time, with the `+` left unencoded (a space)
        let tokyo = since.with_timezone(&tsunagu_app::calendar::JST).to_rfc3339_opts(chrono::SecondsFormat::Millis, false);
        let changed = ok(app, &format!("/api/hsds/services?modified_after={}", tokyo.replace('+', "%2B"))).await;
        assert_eq!(changed["total_items"], 1);
        let changed = ok(app, &format!("/api/hsds/services?modified_after={tokyo}")).await;
        assert_eq!(changed["total_items"], 1, "unencoded +");

        s.db.close().await;
        t.drop_db().await;
    }
}

#[tokio::test]
async fn bad_requests_get_json_errors_in_english_and_japanese() {
    for t in common::all_backends().await {
        let s = site(&t.url).await;
        let app = &s.app;
        for (path, parameter) in [
            ("/api/hsds/services?page=0", "page"),
            ("/api/hsds/services?page=abc", "page"),
            ("/api/hsds/services?page=-1", "page"),
            ("/api/hsds/services?per_page=abc", "per_page"),
            ("/api/hsds/services?per_page=0", "per_page"),
            ("/api/hsds/services?per_page=201", "per_page"),
            ("/api/hsds/services?modified_after=yesterday", "modified_after"),
            ("/api/hsds/services?modified_after=2025-04-01T09:00", "modified_after"),
            ("/api/hsds/services?taxonomy_term_id=exercise", "taxonomy_term_id"),
            ("/api/hsds/services?taxonomy_id=tsunagu-categories", "taxonomy_id"),
            ("/api/hsds/services?organization_id=12", "organization_id"),
            ("/api/hsds/services?full=maybe", "full"),
            ("/api/hsds/services?format=ndjson", "format"),
            ("/api/hsds/organizations?per_page=1000", "per_page"),
            ("/api/hsds/taxonomies?page=x", "page"),
            ("/api/hsds/taxonomy_terms?parent_id=people", "parent_id"),
            ("/api/hsds/services/12", "id"),
            ("/api/hsds/organizations/not-a-uuid", "id"),
        ] {
            let r = get(app, path).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}: {}", r.body);
            assert_eq!(r.body["parameter"], parameter, "{path}");
            let en = r.body["error"].as_str().unwrap();
            let ja = r.body["error_ja"].as_str().unwrap();
            assert!(en.contains(parameter) || parameter == "id", "{path}: {en}");
            assert!(en.is_ascii(), "{path}: English: {en}");
            assert!(ja.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)), "{path}: Japanese: {ja}");
        }
        for path in [
            format!("/api/hsds/services/{}", Uuid::nil()),
            format!("/api/hsds/organizations/{}", Uuid::nil()),
            format!("/api/hsds/taxonomies/{}", Uuid::nil()),
            format!("/api/hsds/taxonomy_terms/{}", Uuid::nil()),
            "/api/hsds/nothing-here".to_string(),
            "/api/hsds/services/x/y".to_string(),
        ] {
            let r = get(app, &path).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {}", r.body);
            assert!(r.body["error"].is_string() && r.body["error_ja"].is_string(), "{path}");
        }
        // empty values count as absent; unknown parameters are ignored
        let r = get(app, "/api/hsds/services?page=&per_page=&search=&modified_after=&unknown=1").await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.body["page_number"], 1);
        assert!(r.headers.get("content-type").is_some());
        // a browser's preflight from any origin is answered
        let res = app
            .clone()
            .oneshot(
                Request::options("/api/hsds/services")
                    .header("origin", "https://example.org")
                    .header("access-control-request-method", "GET")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert!(res.status().is_success(), "{}", res.status());
        assert_eq!(res.headers()["access-control-allow-origin"], "*");
        s.db.close().await;
        t.drop_db().await;
    }
}

/// The checks above are not vacuous: broken documents fail.
#[test]
fn the_official_schemas_really_check() {
    let v = &schemas().validators;
    let nil = Uuid::nil().to_string();
    let service = |extra: Value| {
        let mut s = json!({"id": nil, "name": "n", "status": "active"});
        s.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        s
    };
    assert!(v["service"].is_valid(&service(json!({}))));
    assert!(!v["service"].is_valid(&json!({"id": "12", "name": "n", "status": "active"})), "uuid format");
    assert!(!v["service"].is_valid(&service(json!({"status": "open"}))), "status enum");
    assert!(!v["service"].is_valid(&service(json!({"last_modified": "yesterday"}))), "date-time format");
    assert!(!v["service"].is_valid(&service(json!({"email": "nobody"}))), "email format");
    assert!(!v["service"].is_valid(&service(json!({"url": "no url"}))), "uri format");
    assert!(!v["service"].is_valid(&service(json!({"schedules": [{"id": nil, "freq": "DAILY"}]}))), "nested");
    assert!(!v["service"].is_valid(&service(json!({"cost_options": [{"id": nil, "amount": "0"}]}))), "nested type");
    let address = json!({"id": nil, "address_1": "a", "city": "c", "postal_code": "", "country": "JP", "address_type": "physical"});
    let located = |address: Value| {
        service(json!({"service_at_locations": [{"id": nil, "location": {"id": nil, "location_type": "physical", "addresses": [address]}}]}))
    };
    assert!(!v["service"].is_valid(&located(address.clone())), "state_province is required");
    let mut complete = address;
    complete["state_province"] = json!("");
    assert!(v["service"].is_valid(&located(complete)));
    let page = |contents: Value| json!({"total_items": 1, "total_pages": 1, "page_number": 1, "size": 1,
        "first_page": true, "last_page": true, "empty": false, "contents": contents});
    assert!(v["/services"].is_valid(&page(json!([service(json!({}))]))));
    assert!(!v["/services"].is_valid(&page(json!([{"id": nil, "status": "active"}]))), "item without name");
    let mut bad_envelope = page(json!([]));
    bad_envelope["total_items"] = json!("1");
    assert!(!v["/services"].is_valid(&bad_envelope), "Page via allOf");
    assert!(!v["/organizations"].is_valid(&page(json!([{"id": nil, "name": "n"}]))), "organization needs description");
    assert!(!v["taxonomy_term"].is_valid(&json!({"id": nil, "name": "n"})), "relative $ref files load");
    assert!(!v["/taxonomy_terms"].is_valid(&page(json!([{"id": nil, "name": "n", "description": "d", "parent_id": "p"}]))));
    assert!(!v["/"].is_valid(&json!({"version": "3.0", "profile": "not a uri"})));
    let mut extra = Vec::new();
    undeclared(&schemas().raw["service"], &service(json!({"colour": "red", "phones": [{"id": nil, "number": "1", "x": 1}]})), "", &mut extra);
    assert_eq!(extra, ["/colour", "/phones/0/x"]);
}
