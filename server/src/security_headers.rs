//! The security headers on every response: the Content-Security-Policy (with
//! a page's script nonce, handed over by its shell), nosniff, no framing,
//! the referrer and permissions policies, and HSTS on an https site. The
//! rules are `tsunagu_app::security`; this only applies them. Every value
//! that does not depend on the response is made once, at start.
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderName, HeaderValue};
use std::sync::Arc;
use tsunagu_app::security::{first_style, SecurityPolicy, NONCE_HEADER};

/// The offline page the service worker shows (its inline style is allowed by
/// hash, computed from the very file served).
const OFFLINE_HTML: &str = include_str!("../../public/offline.html");

/// The site's policy and its ready-made header values.
pub struct Headers {
    policy: SecurityPolicy,
    enforced: HeaderValue,
    /// The nonce policy for a document without a nonce.
    strict: HeaderValue,
    others: Vec<(HeaderName, HeaderValue)>,
}

/// The site's headers from its configuration.
pub fn policy(config: &crate::config::Config) -> Arc<Headers> {
    let mut styles = vec![tsunagu_app::errors::SERVER_ERROR_STYLE];
    styles.extend(first_style(OFFLINE_HTML));
    let policy = SecurityPolicy::new(&config.public_url, &config.tile_url, &styles);
    let value = |s: String| HeaderValue::from_str(&s).expect("the policy is plain ASCII");
    Arc::new(Headers {
        enforced: value(policy.enforced_policy()),
        strict: value(policy.content_security_policy(None)),
        others: policy.other_headers().into_iter().map(|(k, v)| (HeaderName::from_static(k), HeaderValue::from_static(v))).collect(),
        policy,
    })
}

pub async fn apply(State(h): State<Arc<Headers>>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    let nonce = headers.remove(NONCE_HEADER);
    let nonce = nonce.as_ref().and_then(|v| v.to_str().ok()).filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric() || "+/=_-".contains(c)));
    headers.insert(http::header::CONTENT_SECURITY_POLICY, h.enforced.clone());
    // report-only matters for documents alone (it protects nothing): on
    // HTML, so that every other response stays small (page-weight budgets)
    let html = headers.get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"));
    if html {
        let strict = match nonce {
            Some(n) => HeaderValue::from_str(&h.policy.content_security_policy(Some(n))).unwrap_or_else(|_| h.strict.clone()),
            None => h.strict.clone(),
        };
        headers.insert(http::header::CONTENT_SECURITY_POLICY_REPORT_ONLY, strict);
    }
    for (name, value) in &h.others {
        headers.insert(name.clone(), value.clone());
    }
    res
}
