//! Cross-site request forgery guard for every state-changing request (server
//! functions and API routes alike), by the browser's own origin headers
//! (OWASP: "verifying origin with standard headers" + Fetch Metadata):
//!
//! - a POST/PUT/PATCH/DELETE whose `Origin` names another host, whose
//!   `Origin` is `null`, or whose `Sec-Fetch-Site` is `cross-site` or
//!   `same-site` (a sibling subdomain) is refused;
//! - a write that carries the session cookie must also *prove* it came from
//!   our own pages: `Origin` equal to our host or `Sec-Fetch-Site:
//!   same-origin`. Every browser we support sends one of them on a form
//!   post or fetch, so a forged request riding on the cookie has neither.
//!
//! Session cookies are also `HttpOnly; SameSite=Lax`. Requests without the
//! cookie and without the headers (scripts, the spreadsheet uploader in
//! tests) act as nobody, so there is nothing to forge.
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::{Method, StatusCode};

pub async fn same_origin_writes(req: Request, next: Next) -> Response {
    let writes = matches!(*req.method(), Method::POST | Method::PUT | Method::PATCH | Method::DELETE);
    if writes && verdict(&req) == Verdict::Refuse {
        tracing::warn!(path = %req.uri().path(), "cross-site write refused");
        return crate::reply::error(StatusCode::FORBIDDEN, "cross-site request refused", "外部サイトからの送信は受け付けません");
    }
    next.run(req).await
}

#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    Allow,
    Refuse,
}

fn verdict(req: &Request) -> Verdict {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    let fetch_site = header("sec-fetch-site");
    if matches!(fetch_site, Some("cross-site") | Some("same-site")) {
        return Verdict::Refuse;
    }
    let origin_matches = match (header("origin"), header("host")) {
        (Some("null"), _) => return Verdict::Refuse,
        (Some(origin), Some(host)) => {
            let origin_host = origin.split("://").nth(1).unwrap_or(origin);
            if origin_host != host {
                return Verdict::Refuse;
            }
            true
        }
        (Some(_), None) => return Verdict::Refuse,
        (None, _) => false,
    };
    let proven = origin_matches || fetch_site == Some("same-origin");
    if has_session_cookie(req) && !proven {
        return Verdict::Refuse;
    }
    Verdict::Allow
}

fn has_session_cookie(req: &Request) -> bool {
    req.headers()
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|c| tsunagu_app::preferences::cookie_value(c, tsunagu_app::accounts::session::SESSION_COOKIE).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(headers: &[(&str, &str)]) -> Request {
        let mut b = http::Request::post("/api/x").header("host", "portal.example.jp");
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(axum::body::Body::empty()).unwrap()
    }

    #[test]
    fn the_table() {
        use Verdict::*;
        let cookie = ("cookie", "tsunagu_session=abc");
        let cases: &[(&[(&str, &str)], Verdict)] = &[
            (&[], Allow),
            (&[("origin", "https://portal.example.jp")], Allow),
            (&[("origin", "https://evil.example")], Refuse),
            (&[("origin", "null")], Refuse),
            (&[("sec-fetch-site", "cross-site")], Refuse),
            (&[("sec-fetch-site", "same-site")], Refuse),
            (&[cookie], Refuse),
            (&[cookie, ("sec-fetch-site", "none")], Refuse),
            (&[cookie, ("sec-fetch-site", "same-origin")], Allow),
            (&[cookie, ("origin", "https://portal.example.jp")], Allow),
            (&[cookie, ("origin", "https://portal.example.jp.evil.example")], Refuse),
            (&[("cookie", "i18n_pref_locale=en")], Allow),
        ];
        for (headers, want) in cases {
            assert_eq!(&verdict(&req(headers)), want, "{headers:?}");
        }
    }
}
