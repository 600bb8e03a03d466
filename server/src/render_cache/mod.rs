//! The render cache (issue 18, item 8): residents' reading pages, rendered
//! once for everyone who is not signed in and asks for the same page in the
//! same language and text size on the same day, until the data the page
//! shows changes.
//!
//! - Only the pages [`routes::shows`] lists, only for a GET without a
//!   session cookie, and only an answer that is 200 HTML with no cookie set
//!   and nothing private about it. A signed-in person's page, an account,
//!   staff or casework page is never kept or served from here.
//! - The key: path and query, language and text size (the cookies the page
//!   is rendered from), the date in Tokyo, and the revisions of the kinds
//!   of data the page shows ([`tsunagu_app::db::content_revs`], raised by
//!   triggers on every write). A change makes new keys; the old pages are
//!   never served again and fall out as the cache fills. A page is also
//!   rendered again after [`KEEP_FOR`], for what depends on the hour.
//! - One render per key at a time: the others asking meanwhile wait for it.
//! - Each answer carries a fresh script nonce (see [`page`]).
//! - Wraps the whole router, inside compression and outside everything
//!   else: a hit costs no routing, no render, no task of its own and not
//!   the security layer's reading of the document.
mod page;
mod revisions;
pub mod routes;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use http::Method;
use page::{Kept, Page};
pub use page::CACHE_HEADER;
use quick_cache::sync::Cache;
use revisions::Revisions;
use std::sync::Arc;
use std::time::Duration;
use tsunagu_app::db::content_revs::ContentRevs;
use tsunagu_app::db::Db;

/// How long a kept page is served before it is rendered again.
pub const KEEP_FOR: Duration = Duration::from_secs(60);

/// The cache's settings (`TSUNAGU_RENDER_CACHE_MB`,
/// `TSUNAGU_RENDER_CACHE_RECHECK_MS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Bytes of pages kept at most; 0 switches the cache off.
    pub bytes: u64,
    /// How long the data revisions may go unread when this server has
    /// answered no write (what other servers or background tasks changed).
    pub recheck: Duration,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings { bytes: 16 << 20, recheck: Duration::from_millis(250) }
    }
}

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    target: Box<str>,
    lang: &'static str,
    text_size: &'static str,
    day: NaiveDate,
    revs: ContentRevs,
}

#[derive(Clone)]
struct Weight;

impl quick_cache::Weighter<Key, Arc<Page>> for Weight {
    fn weight(&self, key: &Key, page: &Arc<Page>) -> u64 {
        key.target.len() as u64 + page.weight()
    }
}

pub struct RenderCache {
    pages: Cache<Key, Arc<Page>, Weight>,
    revisions: Revisions,
    db: Db,
}

impl RenderCache {
    /// `None` when the settings switch it off.
    pub fn new(settings: Settings, db: Db) -> Option<Arc<RenderCache>> {
        (settings.bytes > 0).then(|| {
            Arc::new(RenderCache {
                pages: Cache::with_weighter((settings.bytes / (48 << 10)).max(16) as usize, settings.bytes, Weight),
                revisions: Revisions::new(settings.recheck),
                db,
            })
        })
    }
}

/// The layer: see the module's documentation.
pub async fn serve(State(cache): State<Option<Arc<RenderCache>>>, req: Request, next: Next) -> Response {
    let Some(cache) = cache else {
        return next.run(req).await;
    };
    match *req.method() {
        Method::GET => {}
        Method::HEAD | Method::OPTIONS => return next.run(req).await,
        _ => {
            // whatever it changed is in the revisions the next page reads
            // (also when the caller hangs up: the request still runs to its end)
            let _written = Written(&cache.revisions);
            return next.run(req).await;
        }
    }
    let Some(shows) = routes::shows(req.uri().path()) else {
        return next.run(req).await;
    };
    let cookies = cookies(&req);
    let cookies = cookies.as_ref();
    if tsunagu_app::preferences::cookie_value(cookies, tsunagu_app::accounts::session::SESSION_COOKIE).is_some() {
        return next.run(req).await;
    }
    let Some(revs) = cache.revisions.current(&cache.db).await else {
        return next.run(req).await;
    };
    let key = Key {
        target: req.uri().path_and_query().map_or("/", |p| p.as_str()).into(),
        lang: match tsunagu_app::i18n::locale_from_cookie_header(Some(cookies)) {
            tsunagu_app::i18n::Locale::en => "en",
            tsunagu_app::i18n::Locale::ja => "ja",
        },
        text_size: tsunagu_app::preferences::cookie_value(cookies, tsunagu_app::preferences::TEXT_SIZE_COOKIE)
            .and_then(tsunagu_app::preferences::TextSize::parse)
            .unwrap_or_default()
            .as_str(),
        day: tsunagu_app::calendar::today_tokyo(),
        revs: revs.only(shows),
    };
    // at most twice round: a page past KEEP_FOR is dropped, then rendered
    for _ in 0..2 {
        match cache.pages.get_value_or_guard_async(&key).await {
            Ok(page) if page.made.elapsed() < KEEP_FOR => return page.answer(true),
            Ok(_) => {
                cache.pages.remove(&key);
            }
            Err(guard) => {
                return match Page::keep(next.run(req).await).await {
                    Kept::Page(page) => {
                        let page = Arc::new(page);
                        let res = page.answer(false);
                        let _ = guard.insert(page);
                        res
                    }
                    // not a page to keep: as it came (the guard goes, and the
                    // next request waiting renders for itself)
                    Kept::No(res) => res,
                    Kept::Broken => http::StatusCode::INTERNAL_SERVER_ERROR.into_response(),
                };
            }
        }
    }
    next.run(req).await
}

/// The request's cookies as the page reads them (every `Cookie:` header).
fn cookies(req: &Request) -> std::borrow::Cow<'_, str> {
    let mut values = req.headers().get_all(http::header::COOKIE).iter().filter_map(|v| v.to_str().ok());
    match (values.next(), values.next()) {
        (None, _) => "".into(),
        (Some(one), None) => one.into(),
        (Some(a), Some(b)) => [a, b].into_iter().chain(values).collect::<Vec<_>>().join("; ").into(),
    }
}

/// Tells the revisions a write was answered, when dropped.
struct Written<'a>(&'a Revisions);

impl Drop for Written<'_> {
    fn drop(&mut self) {
        self.0.written();
    }
}
