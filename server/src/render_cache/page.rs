//! A rendered page as the cache keeps it: status, headers and body, cut
//! where the document's script nonce stands, so that every answer from the
//! cache carries a nonce of its own (in the body and in the
//! Content-Security-Policy alike), as a freshly rendered page would.
use axum::body::{Body, Bytes};
use axum::response::Response;
use http::header::{CACHE_CONTROL, CONTENT_LENGTH, CONTENT_SECURITY_POLICY, CONTENT_TYPE, SET_COOKIE};
use http::{HeaderMap, HeaderValue, StatusCode};
use std::time::Instant;

/// The largest page kept (ours are far smaller).
const MAX_PAGE: usize = 2 << 20;

/// The header that says whether an answer came from the cache.
pub const CACHE_HEADER: &str = "x-tsunagu-cache";

pub struct Page {
    headers: HeaderMap,
    /// The policy, cut at the nonce (one piece when there is none).
    policy: Vec<Bytes>,
    /// The body, cut at the nonce: more than one piece when it has one.
    body: Vec<Bytes>,
    pub made: Instant,
}

/// What [`Page::keep`] made of a response.
pub enum Kept {
    Page(Page),
    /// Not a page to keep: the response as it was.
    No(Response),
    /// The body could not be read.
    Broken,
}

impl Page {
    /// Keep `res` if it is an ordinary public page: 200, HTML, no cookie
    /// set, nothing that says private or no-store.
    pub async fn keep(res: Response) -> Kept {
        let h = res.headers();
        let html = h.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"));
        let private = h
            .get_all(CACHE_CONTROL)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.contains("private") || v.contains("no-store") || v.contains("no-cache"));
        if res.status() != StatusCode::OK || !html || private || h.contains_key(SET_COOKIE) {
            return Kept::No(res);
        }
        let (parts, body) = res.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE).await else {
            return Kept::Broken;
        };
        let nonce = tsunagu_app::security::document_nonce(&bytes).map(str::to_string);
        let mut headers = parts.headers;
        headers.remove(CONTENT_LENGTH);
        let policy = headers.remove(CONTENT_SECURITY_POLICY).map(|v| Bytes::copy_from_slice(v.as_bytes())).unwrap_or_default();
        let (policy, body) = match &nonce {
            Some(n) => (cut(&policy, n.as_bytes()), cut(&bytes, n.as_bytes())),
            None => (vec![policy], vec![bytes]),
        };
        Kept::Page(Page { headers, policy, body, made: Instant::now() })
    }

    /// The page's weight in the cache (bytes, roughly).
    pub fn weight(&self) -> u64 {
        let pieces: usize = self.body.iter().chain(&self.policy).map(Bytes::len).sum();
        let headers: usize = self.headers.iter().map(|(k, v)| k.as_str().len() + v.len() + 32).sum();
        (pieces + headers + 256) as u64
    }

    /// The page for one request, with a nonce of its own; `hit` says
    /// whether it came from the cache. The body goes out as its kept pieces
    /// with the nonce between them (written together, never copied into one
    /// buffer).
    pub fn answer(&self, hit: bool) -> Response {
        let nonce = (self.body.len() > 1).then(|| Bytes::from(leptos::nonce::Nonce::new().to_string()));
        let with_nonce = |pieces: &[Bytes]| -> Vec<Bytes> {
            let mut out = Vec::with_capacity(pieces.len() * 2);
            for (i, p) in pieces.iter().enumerate() {
                if i > 0 {
                    out.extend(nonce.clone());
                }
                out.push(p.clone());
            }
            out
        };
        let body = with_nonce(&self.body);
        let length: usize = body.iter().map(Bytes::len).sum();
        let stream = futures_util::stream::iter(body.into_iter().map(Ok::<_, std::convert::Infallible>));
        let mut res = Response::new(Body::from_stream(stream));
        *res.headers_mut() = self.headers.clone();
        let headers = res.headers_mut();
        headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
        let policy: Vec<u8> = with_nonce(&self.policy).concat();
        if !policy.is_empty() {
            if let Ok(v) = HeaderValue::from_bytes(&policy) {
                headers.insert(CONTENT_SECURITY_POLICY, v);
            }
        }
        headers.insert(CACHE_HEADER, HeaderValue::from_static(if hit { "hit" } else { "miss" }));
        res
    }
}

/// `bytes` cut at every `sep`.
fn cut(bytes: &Bytes, sep: &[u8]) -> Vec<Bytes> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut at = 0;
    while let Some(i) = find(&bytes[at..], sep) {
        let i = at + i;
        out.push(bytes.slice(start..i));
        start = i + sep.len();
        at = start;
    }
    out.push(bytes.slice(start..));
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::response::IntoResponse;

    fn page(body: &str, csp: &str) -> Response {
        let mut res = (StatusCode::OK, body.to_string()).into_response();
        res.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
        res.headers_mut().insert(CONTENT_SECURITY_POLICY, HeaderValue::from_str(csp).unwrap());
        res
    }

    async fn text(res: Response) -> String {
        String::from_utf8(axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap().to_vec()).unwrap()
    }

    const NONCE: &str = "AbCdEfGhIjKlMnOpQrStUv";

    #[tokio::test]
    async fn every_answer_has_a_nonce_of_its_own_in_body_and_policy() {
        let body = format!("<html><script nonce=\"{NONCE}\">a()</script><p>x</p><script nonce=\"{NONCE}\">b()</script></html>");
        let Kept::Page(p) = Page::keep(page(&body, &format!("script-src 'nonce-{NONCE}'"))).await else { panic!("not kept") };
        let mut seen = std::collections::HashSet::new();
        for _ in 0..3 {
            let res = p.answer(true);
            assert_eq!(res.headers()[CACHE_HEADER], "hit");
            let csp = res.headers()[CONTENT_SECURITY_POLICY].to_str().unwrap().to_string();
            let html = text(res).await;
            let n = tsunagu_app::security::document_nonce(html.as_bytes()).unwrap().to_string();
            assert_ne!(n, NONCE);
            assert_eq!(csp, format!("script-src 'nonce-{n}'"));
            assert_eq!(html.matches(&n).count(), 2);
            assert_eq!(html.replace(&n, NONCE), body);
            assert!(seen.insert(n), "a nonce used twice");
        }
    }

    #[tokio::test]
    async fn a_page_without_scripts_is_kept_as_it_is() {
        let Kept::Page(p) = Page::keep(page("<p>plain</p>", "default-src 'self'")).await else { panic!("not kept") };
        let res = p.answer(false);
        assert_eq!(res.headers()[CACHE_HEADER], "miss");
        assert_eq!(res.headers()[CONTENT_SECURITY_POLICY], "default-src 'self'");
        assert_eq!(text(res).await, "<p>plain</p>");
    }

    #[tokio::test]
    async fn private_errors_cookies_and_other_types_are_not_kept() {
        let mut with_cookie = page("<p>x</p>", "a");
        with_cookie.headers_mut().insert(SET_COOKIE, HeaderValue::from_static("tsunagu_lang=en; Path=/"));
        let mut private = page("<p>x</p>", "a");
        private.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
        let mut missing = page("<p>x</p>", "a");
        *missing.status_mut() = StatusCode::NOT_FOUND;
        let mut json = page("{}", "a");
        json.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        for res in [with_cookie, private, missing, json] {
            assert!(matches!(Page::keep(res).await, Kept::No(_)));
        }
    }

    #[test]
    fn cutting_at_every_occurrence() {
        let b = Bytes::from_static(b"aXXbXXc");
        assert_eq!(cut(&b, b"XX"), vec![Bytes::from_static(b"a"), Bytes::from_static(b"b"), Bytes::from_static(b"c")]);
        assert_eq!(cut(&Bytes::from_static(b"XX"), b"XX"), vec![Bytes::new(), Bytes::new()]);
        assert_eq!(cut(&Bytes::from_static(b"abc"), b"XX"), vec![Bytes::from_static(b"abc")]);
    }
}
