//! The HTTP security headers every response carries (issue 17, finding 4):
//! which origins may run scripts, show images, be fetched from, frame us;
//! what the browser may sniff, send as a referrer, or let a page use. The
//! server's middleware (`server/src/security_headers.rs`) applies them; a
//! page's shell hands it the nonce of the page's inline scripts through
//! [`NONCE_HEADER`], which never leaves the server.
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// Internal response header: the nonce Leptos put on this page's inline
/// scripts (the islands loader and its state). The middleware takes it off.
pub const NONCE_HEADER: &str = "x-tsunagu-script-nonce";

/// The site's policy, from its configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityPolicy {
    /// `scheme://host[:port]` of the map tiles, when not our own.
    tile_origin: Option<String>,
    /// The public URL is https: browsers are told to use nothing else.
    https: bool,
    /// `'sha256-…'` sources of the inline styles we ship (the 500 page, the
    /// offline page).
    style_hashes: Vec<String>,
}

impl SecurityPolicy {
    /// `public_url` and `tile_url` as configured; `inline_styles` are the
    /// exact texts of the `<style>` elements we serve.
    pub fn new(public_url: &str, tile_url: &str, inline_styles: &[&str]) -> Self {
        let own = origin_of(public_url);
        let tile_origin = origin_of(tile_url).filter(|t| Some(t) != own.as_ref());
        SecurityPolicy {
            tile_origin,
            https: public_url.starts_with("https://"),
            style_hashes: inline_styles.iter().map(|s| style_hash(s)).collect(),
        }
    }

    /// The Content-Security-Policy: scripts only from our origin (with the
    /// page's nonce for its inline loader, and WebAssembly), images from us
    /// and the tile server, no plugins, no framing, no `<base>` elsewhere,
    /// forms only to us.
    pub fn content_security_policy(&self, nonce: Option<&str>) -> String {
        let nonce = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
        self.policy(&format!("'self'{nonce} 'wasm-unsafe-eval'"))
    }

    /// The policy enforced for now: the same, except that inline scripts
    /// are not refused (`'unsafe-inline'`). The nonce policy above is sent
    /// beside it as `Content-Security-Policy-Report-Only`, so every page
    /// reports what it would refuse (the Playwright sweep fails on any
    /// report) while an offline page kept by the service worker was once
    /// seen carrying a policy without its nonce (issue 17, under study).
    pub fn enforced_policy(&self) -> String {
        self.policy("'self' 'unsafe-inline' 'wasm-unsafe-eval'")
    }

    fn policy(&self, script_src: &str) -> String {
        let tiles = self.tile_origin.as_deref().map(|t| format!(" {t}")).unwrap_or_default();
        let styles: String = self.style_hashes.iter().map(|h| format!(" {h}")).collect();
        format!(
            "default-src 'self'; \
             script-src {script_src}; \
             style-src 'self'{styles}; \
             style-src-attr 'unsafe-inline'; \
             img-src 'self' data: blob:{tiles}; \
             connect-src 'self'{tiles}; \
             font-src 'self'; \
             manifest-src 'self'; \
             worker-src 'self'; \
             frame-src 'none'; \
             frame-ancestors 'none'; \
             object-src 'none'; \
             base-uri 'self'; \
             form-action 'self'"
        )
    }

    /// Every header but the CSP, as (name, value).
    pub fn other_headers(&self) -> Vec<(&'static str, &'static str)> {
        let mut h = vec![
            ("x-content-type-options", "nosniff"),
            ("x-frame-options", "DENY"),
            // paths can say what someone searched for or which case they opened
            ("referrer-policy", "same-origin"),
            ("permissions-policy", "geolocation=(self), camera=(self), microphone=(), payment=(), usb=()"),
        ];
        if self.https {
            h.push(("strict-transport-security", "max-age=31536000; includeSubDomains"));
        }
        h
    }
}

/// `scheme://host[:port]` of an absolute http(s) URL (a tile template's
/// `{z}` placeholders are after the host, so they do not matter).
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme, "http" | "https") {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty() && !host.contains(['@', ' ', '{', '}'])).then(|| format!("{scheme}://{host}"))
}

/// The CSP source allowing exactly this `<style>` text.
pub fn style_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
}

/// The text of the first `<style>` element of an HTML document.
pub fn first_style(html: &str) -> Option<&str> {
    let start = html.find("<style>")? + "<style>".len();
    let end = start + html[start..].find("</style>")?;
    Some(&html[start..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directive<'a>(csp: &'a str, name: &str) -> &'a str {
        csp.split(';').map(str::trim).find(|d| d.split(' ').next() == Some(name)).unwrap_or_else(|| panic!("{name} in {csp}"))
    }

    #[test]
    fn scripts_only_from_us_and_the_page_nonce() {
        let p = SecurityPolicy::new("https://tsunagu.example.jp", "https://tile.openstreetmap.org/{z}/{x}/{y}.png", &["a{b:c}"]);
        let csp = p.content_security_policy(Some("abc123"));
        assert_eq!(directive(&csp, "script-src"), "script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'");
        assert!(!csp.contains("unsafe-inline'; script") && !directive(&csp, "script-src").contains("unsafe-inline"));
        assert_eq!(directive(&csp, "img-src"), "img-src 'self' data: blob: https://tile.openstreetmap.org");
        assert_eq!(directive(&csp, "frame-ancestors"), "frame-ancestors 'none'");
        assert_eq!(directive(&csp, "object-src"), "object-src 'none'");
        assert_eq!(directive(&csp, "base-uri"), "base-uri 'self'");
        assert!(directive(&csp, "style-src").contains(&style_hash("a{b:c}")));
        let without = p.content_security_policy(None);
        assert_eq!(directive(&without, "script-src"), "script-src 'self' 'wasm-unsafe-eval'");
        assert!(p.other_headers().iter().any(|(k, _)| *k == "strict-transport-security"));
    }

    #[test]
    fn no_hsts_on_http_and_our_own_tiles_need_no_entry() {
        let p = SecurityPolicy::new("http://127.0.0.1:3000", "http://127.0.0.1:3000/tiles/{z}/{x}/{y}.png", &[]);
        assert!(!p.other_headers().iter().any(|(k, _)| *k == "strict-transport-security"));
        assert_eq!(directive(&p.content_security_policy(None), "img-src"), "img-src 'self' data: blob:");
    }

    #[test]
    fn origins_of_urls() {
        assert_eq!(origin_of("https://tile.example.jp:8443/{z}/{x}/{y}.png").as_deref(), Some("https://tile.example.jp:8443"));
        assert_eq!(origin_of("javascript:alert(1)"), None);
        assert_eq!(origin_of("https://{s}.tile.example/{z}"), None);
    }

    #[test]
    fn the_hash_of_a_style_is_what_browsers_compute() {
        // echo -n 'body{color:red}' | openssl dgst -sha256 -binary | base64
        assert_eq!(style_hash("body{color:red}"), "'sha256-FcQqt3aNlV7AZnGV4zkQRVeCeJOxbMPnQSx258L803E='");
        assert_eq!(first_style("<head><style>x{}</style></head>"), Some("x{}"));
    }
}
