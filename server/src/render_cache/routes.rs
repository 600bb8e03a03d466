//! Which pages the render cache may keep, and what data each one shows.
//! Only residents' reading pages are here; anything not listed (accounts,
//! staff, writers' desks, casework, forms, a person's self-check results)
//! is always rendered for its request. A page that starts showing another
//! kind of data must name it here, or it would be kept past that data's
//! changes (for at most a minute, [`super::KEEP_FOR`]).
use tsunagu_app::db::content_revs::ContentKind::{self, *};

/// The kinds of data the page at `path` shows, when it may be kept.
pub fn shows(path: &str) -> Option<&'static [ContentKind]> {
    const LISTINGS: &[ContentKind] = &[Listings, Resources];
    const ACTIVITY: &[ContentKind] = &[Listings, Reports];
    const EVENTS: &[ContentKind] = &[Events, Listings];
    const REPORTS: &[ContentKind] = &[Reports, Listings, Events];
    const RESOURCE: &[ContentKind] = &[Resources, Listings];
    // (every request asks: the segments are looked at, not collected)
    let mut segments = path.strip_prefix('/')?.splitn(3, '/');
    Some(match (segments.next()?, segments.next(), segments.next()) {
        // the home page: the districts, and links to the about pages
        ("", None, None) => &[Listings, Pages],
        ("activities" | "map", None, None) => LISTINGS,
        ("activities", Some(id), None) if is_id(id) => ACTIVITY,
        ("resources", Some(id), None) if is_id(id) => RESOURCE,
        ("events", None, None) => EVENTS,
        ("events", Some(id), None) if is_id(id) => EVENTS,
        ("reports", None, None) => REPORTS,
        ("reports", Some(id), None) if is_id(id) => REPORTS,
        ("writers", None, None) => &[Reports],
        ("writers", Some(slug), None) if is_slug(slug) => &[Reports],
        ("about", None, None) => &[Pages],
        ("about", Some(slug), None) if is_slug(slug) => &[Pages],
        // the questionnaires come from files read at start
        ("health-check", None, None) => &[],
        ("health-check", Some(id), None) if is_slug(id) && !matches!(id, "history" | "results") => &[],
        _ => return None,
    })
}

fn is_id(s: &str) -> bool {
    (1..=18).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_slug(s: &str) -> bool {
    (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn residents_reading_pages_are_kept() {
        assert_eq!(shows("/"), Some(&[Listings, Pages][..]));
        assert_eq!(shows("/activities"), Some(&[Listings, Resources][..]));
        assert_eq!(shows("/activities/12"), Some(&[Listings, Reports][..]));
        assert_eq!(shows("/events/3"), Some(&[Events, Listings][..]));
        assert_eq!(shows("/about/link-worker"), Some(&[Pages][..]));
        assert_eq!(shows("/health-check"), Some(&[][..]));
        assert_eq!(shows("/health-check/positive-health"), Some(&[][..]));
    }

    #[test]
    fn personal_and_working_pages_are_never_kept() {
        for path in [
            "/account",
            "/account/checks/2",
            "/login",
            "/register",
            "/staff",
            "/staff/import",
            "/write",
            "/write/4",
            "/casework",
            "/casework/cases/3",
            "/refer",
            "/events/signup/abcDEF123",
            "/health-check/history",
            "/health-check/results/7",
            "/suggest",
            "/password/forgot",
            "/api/map/points",
            "/events.ics",
        ] {
            assert_eq!(shows(path), None, "{path}");
        }
    }

    #[test]
    fn odd_paths_are_not_kept() {
        for path in ["", "activities", "/activities/", "/activities/12/", "/activities/x", "/activities/../account", "/activities/%31", "/about/A", "//activities"] {
            assert_eq!(shows(path), None, "{path}");
        }
    }
}
