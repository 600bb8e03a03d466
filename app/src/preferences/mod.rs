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

/// A preference cookie for a year, site-wide (`Set-Cookie` value). Written
/// only by the server's `POST /settings` (the header's settings form works
/// without JavaScript).
pub fn preference_cookie(name: &str, value: &str) -> String {
    format!("{name}={value}; Path=/; Max-Age=31536000; SameSite=Lax")
}

/// `Set-Cookie` values that expire every copy of cookie `name` scoped to a
/// folder of `path` (older versions let the server write the language cookie
/// without a `Path`; such a copy would shadow the site-wide one there).
pub fn expire_scoped_copies(name: &str, path: &str) -> Vec<String> {
    scoped_paths(path).into_iter().map(|scope| format!("{name}=; Path={scope}; Max-Age=0")).collect()
}

/// The folder paths below `/` that a cookie could have been scoped to on
/// `path`: `/a/b/c` → `/a`, `/a/b`, `/a/b/c`.
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

/// Where the settings form sends the person back to: a path on this site
/// (`/…`, not `//host` or `/\host`), else the home page. Never an absolute
/// URL, so the form cannot be used to redirect elsewhere.
pub fn safe_return_path(back: &str) -> &str {
    let on_site = back.starts_with('/') && !back.starts_with("//") && !back.starts_with("/\\") && !back.contains(['\r', '\n']);
    if on_site { back } else { "/" }
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
    fn expiring_scoped_copies_names_each_folder() {
        assert_eq!(
            expire_scoped_copies("i18n_pref_locale", "/health-check/results"),
            ["i18n_pref_locale=; Path=/health-check; Max-Age=0", "i18n_pref_locale=; Path=/health-check/results; Max-Age=0"]
        );
        assert_eq!(preference_cookie("tsunagu_text_size", "large"), "tsunagu_text_size=large; Path=/; Max-Age=31536000; SameSite=Lax");
    }

    #[test]
    fn only_paths_on_this_site_are_returned_to() {
        assert_eq!(safe_return_path("/activities?q=%E4%BD%93%E6%93%8D"), "/activities?q=%E4%BD%93%E6%93%8D");
        assert_eq!(safe_return_path("/"), "/");
        for bad in ["", "https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "/a\r\nSet-Cookie: x=1"] {
            assert_eq!(safe_return_path(bad), "/", "{bad:?}");
        }
    }

    #[test]
    fn finds_cookie_among_others() {
        let h = "a=1; tsunagu_text_size=large;b=2";
        assert_eq!(cookie_value(h, "tsunagu_text_size"), Some("large"));
        assert_eq!(cookie_value(h, "b"), Some("2"));
        assert_eq!(cookie_value(h, "missing"), None);
    }
}
