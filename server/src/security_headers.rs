//! The security headers on every response: the Content-Security-Policy (with
//! a document's script nonce, read from the document), nosniff, no framing,
//! the referrer and permissions policies, and HSTS on an https site. The
//! rules are `tsunagu_app::security`; this only applies them. Every value
//! that does not depend on the response is made once, at start.
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderName, HeaderValue};
use std::sync::Arc;
use tsunagu_app::security::{document_nonce, first_style, SecurityPolicy};

/// The offline page the service worker shows (its inline style is allowed by
/// hash, computed from the very file served).
const OFFLINE_HTML: &str = include_str!("../../public/offline.html");

/// The site's policy and its ready-made header values.
pub struct Headers {
    policy: SecurityPolicy,
    /// The policy of every response but a document with inline scripts.
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
        strict: value(policy.content_security_policy(None)),
        others: policy.other_headers().into_iter().map(|(k, v)| (HeaderName::from_static(k), HeaderValue::from_static(v))).collect(),
        policy,
    })
}

/// The largest document read whole for its nonce (ours are far smaller).
const MAX_DOCUMENT: usize = 16 << 20;

pub async fn apply(State(h): State<Arc<Headers>>, req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let html = res.headers().get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"));
    let mut res = if html {
        // a document: its inline scripts run by the nonce they carry, and
        // the policy names exactly that one
        let (mut parts, body) = res.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, MAX_DOCUMENT).await else {
            return http::StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        let csp = match document_nonce(&bytes) {
            Some(n) => HeaderValue::from_str(&h.policy.content_security_policy(Some(n))).unwrap_or_else(|_| h.strict.clone()),
            None => h.strict.clone(),
        };
        parts.headers.insert(http::header::CONTENT_SECURITY_POLICY, csp);
        parts.headers.remove(http::header::CONTENT_LENGTH);
        Response::from_parts(parts, axum::body::Body::from(bytes))
    } else {
        let mut res = res;
        res.headers_mut().insert(http::header::CONTENT_SECURITY_POLICY, h.strict.clone());
        res
    };
    let headers = res.headers_mut();
    for (name, value) in &h.others {
        headers.insert(name.clone(), value.clone());
    }
    res
}
