//! The HTTP security headers every response carries (issue 17, finding 4):
//! which origins may run scripts, show images, be fetched from, frame us;
//! what the browser may sniff, send as a referrer, or let a page use. The
//! server's middleware (`server/src/security_headers.rs`) applies them,
//! reading each document's script nonce from the document itself
//! ([`document_nonce`]), so the policy and the page can never disagree.
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// The nonce Leptos put on a document's inline scripts (the islands loader
/// and its state): the `nonce` attribute of the first `<script>` element
/// that has one. Page text cannot fake it: it is escaped (`&lt;script`), and
/// report bodies are sanitised without scripts.
pub fn document_nonce(html: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(html).ok()?;
    let mut rest = text;
    while let Some(at) = rest.find("<script") {
        let tag = &rest[at..];
        let end = tag.find('>')?;
        if let Some(n) = tag[..end].find(" nonce=\"") {
            let value = tag[n + 8..end].split('"').next()?;
            let fine = (16..=128).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_alphanumeric() || b"+/=_-".contains(&b));
            return fine.then_some(value);
        }
        rest = &tag[end..];
    }
    None
}

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
    fn a_documents_nonce_is_read_from_its_first_script_with_one() {
        let page = r#"<head><script src="/pwa.js" defer></script><title>&lt;script nonce="fake0000000000000"&gt;</title><script type="module" nonce="AbC-123_xyz456789">import</script></head><script nonce="second00000000000">"#;
        assert_eq!(document_nonce(page.as_bytes()), Some("AbC-123_xyz456789"));
        assert_eq!(document_nonce(b"<p>no scripts</p>"), None);
        assert_eq!(document_nonce(br#"<script nonce="short">"#), None, "not one Leptos makes");
        assert_eq!(document_nonce(br#"<script nonce="bad'quote00000000000">"#), None);
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
