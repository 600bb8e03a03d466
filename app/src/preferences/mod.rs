//! Display preferences kept in cookies so the server renders the page the way
//! the person left it: text size (標準 / 大 / 特大) and the language (read in
//! `crate::i18n`, written by the header's switch).
mod text_size;

pub use text_size::{provide_text_size, TextSize, TextSizeOnHtml, TEXT_SIZE_COOKIE};

/// Value of cookie `name` in a `Cookie:` header value.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name).then_some(v)
    })
}

/// The request's `Cookie:` header (server) or `document.cookie` (browser).
pub fn current_cookies() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::use_context;
        let parts = use_context::<http::request::Parts>()?;
        let values: Vec<&str> = parts
            .headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        Some(values.join("; "))
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        use wasm_bindgen::JsCast;
        let doc = web_sys::window()?.document()?;
        doc.dyn_into::<web_sys::HtmlDocument>().ok()?.cookie().ok()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        None
    }
}

/// Persist a site-wide preference cookie and expire any copy of it scoped to
/// the current page's folders (older versions let the server write the
/// language cookie without a `Path`; such a copy would shadow this one there).
pub fn set_site_cookie(name: &str, value: &str) {
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        use wasm_bindgen::JsCast;
        let window = web_sys::window();
        let path = window.as_ref().and_then(|w| w.location().pathname().ok()).unwrap_or_default();
        if let Some(doc) = window.and_then(|w| w.document()) {
            if let Ok(doc) = doc.dyn_into::<web_sys::HtmlDocument>() {
                for scope in scoped_paths(&path) {
                    let _ = doc.set_cookie(&format!("{name}=; path={scope}; max-age=0"));
                }
            }
        }
    }
    set_cookie(name, value);
}

/// The folder paths below `/` that a cookie could have been scoped to on
/// `path`: `/a/b/c` → `/a`, `/a/b`, `/a/b/c`.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn scoped_paths(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut acc = String::new();
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        acc.push('/');
        acc.push_str(seg);
        out.push(acc.clone());
    }
    out
}

/// Persist a preference cookie for a year (browser only; no-op on the server).
pub fn set_cookie(name: &str, value: &str) {
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        use wasm_bindgen::JsCast;
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Ok(doc) = doc.dyn_into::<web_sys::HtmlDocument>() {
                let _ = doc.set_cookie(&format!(
                    "{name}={value}; path=/; max-age=31536000; samesite=lax"
                ));
            }
        }
    }
    #[cfg(not(all(feature = "hydrate", not(feature = "ssr"))))]
    {
        let _ = (name, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scoped_paths_are_every_folder_below_the_root() {
        assert_eq!(scoped_paths("/health-check/results/3"), ["/health-check", "/health-check/results", "/health-check/results/3"]);
        assert!(scoped_paths("/").is_empty());
    }

    #[test]
    fn finds_cookie_among_others() {
        let h = "a=1; tsunagu_text_size=large;b=2";
        assert_eq!(cookie_value(h, "tsunagu_text_size"), Some("large"));
        assert_eq!(cookie_value(h, "b"), Some("2"));
        assert_eq!(cookie_value(h, "missing"), None);
    }
}
