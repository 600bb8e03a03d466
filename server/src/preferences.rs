//! `POST /settings`: the header's settings form (language, text size). It
//! works without JavaScript: the server writes the preference cookies and
//! sends the person back to the page they were on, now in the chosen
//! language or size. A value the form never offers changes nothing and gets
//! a 400 that says so in both languages.
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Form, Router};
use serde::Deserialize;
use tsunagu_app::i18n::COOKIE_NAME as LANGUAGE_COOKIE;
use tsunagu_app::preferences::{expire_scoped_copies, preference_cookie, safe_return_path, TextSize, TEXT_SIZE_COOKIE};

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/settings", post(save_settings))
}

#[derive(Debug, Deserialize)]
struct SettingsForm {
    lang: Option<String>,
    size: Option<String>,
    #[serde(default)]
    back: String,
}

/// The two languages the portal speaks, as their cookie values.
fn parse_language(s: &str) -> Option<&'static str> {
    match s {
        "ja" => Some("ja"),
        "en" => Some("en"),
        _ => None,
    }
}

async fn save_settings(Form(form): Form<SettingsForm>) -> Response {
    let back = safe_return_path(&form.back).to_string();
    let mut cookies = Vec::new();
    if let Some(lang) = form.lang.as_deref() {
        let Some(lang) = parse_language(lang) else {
            return refuse("unknown language: choose 日本語 or English", "言語は 日本語 か English を選んでください");
        };
        let path = back.split('?').next().unwrap_or("/");
        cookies.extend(expire_scoped_copies(LANGUAGE_COOKIE, path));
        cookies.push(preference_cookie(LANGUAGE_COOKIE, lang));
    }
    if let Some(size) = form.size.as_deref() {
        let Some(size) = TextSize::parse(size) else {
            return refuse("unknown text size: choose normal, large or xlarge", "文字の大きさは 標準・大・特大 から選んでください");
        };
        cookies.push(preference_cookie(TEXT_SIZE_COOKIE, size.as_str()));
    }
    let mut resp = StatusCode::SEE_OTHER.into_response();
    let h = resp.headers_mut();
    h.insert(header::LOCATION, HeaderValue::from_str(&back).unwrap_or(HeaderValue::from_static("/")));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(&c) {
            h.append(header::SET_COOKIE, v);
        }
    }
    resp
}

fn refuse(en: &str, ja: &str) -> Response {
    (StatusCode::BAD_REQUEST, [(header::CACHE_CONTROL, "no-store")], format!("{ja}\n{en}\n")).into_response()
}
