//! The security headers on every response: the Content-Security-Policy (with
//! a page's script nonce, handed over by its shell), nosniff, no framing,
//! the referrer and permissions policies, and HSTS on an https site. The
//! rules are `tsunagu_app::security`; this only applies them.
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderName, HeaderValue};
use std::sync::Arc;
use tsunagu_app::security::{first_style, SecurityPolicy, NONCE_HEADER};

/// The offline page the service worker shows (its inline style is allowed by
/// hash, computed from the very file served).
const OFFLINE_HTML: &str = include_str!("../../public/offline.html");

/// The site's policy from its configuration.
pub fn policy(config: &crate::config::Config) -> Arc<SecurityPolicy> {
    let mut styles = vec![tsunagu_app::errors::SERVER_ERROR_STYLE];
    styles.extend(first_style(OFFLINE_HTML));
    Arc::new(SecurityPolicy::new(&config.public_url, &config.tile_url, &styles))
}

pub async fn apply(State(policy): State<Arc<SecurityPolicy>>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    let nonce = headers.remove(NONCE_HEADER);
    let nonce = nonce.as_ref().and_then(|v| v.to_str().ok()).filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric() || "+/=_-".contains(c)));
    if let Ok(csp) = HeaderValue::from_str(&policy.enforced_policy()) {
        headers.insert(http::header::CONTENT_SECURITY_POLICY, csp);
    }
    // report-only matters for documents alone (it protects nothing): on
    // HTML, so that every other response stays small (page-weight budgets)
    let html = headers.get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"));
    if html {
        if let Ok(csp) = HeaderValue::from_str(&policy.content_security_policy(nonce)) {
            headers.insert(http::header::CONTENT_SECURITY_POLICY_REPORT_ONLY, csp);
        }
    }
    for (name, value) in policy.other_headers() {
        headers.insert(HeaderName::from_static(name), HeaderValue::from_static(value));
    }
    res
}
