//! Revisions of what residents read: one counter per kind of public data,
//! raised by database triggers on every table that kind is read from
//! (migration 0012), so no write path can forget it — a form, the import, a
//! sign-up, a background task, another server on the same database. The
//! render cache keeps an anonymous page only while the counters of the data
//! it shows stay the same.
use super::Db;

/// A kind of public data, and the column of `content_revs` that counts its
/// changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContentKind {
    /// Activities with their organisations, places, schedules, categories
    /// and districts (the catalogue).
    Listings,
    /// Events, their categories and sign-ups (the places left).
    Events,
    /// Community reports, their links to activities and events, photos and
    /// writers' profiles.
    Reports,
    /// The staff-edited about pages.
    Pages,
    /// The map's resources (places that are not activities).
    Resources,
}

impl ContentKind {
    pub const ALL: [ContentKind; 5] = [ContentKind::Listings, ContentKind::Events, ContentKind::Reports, ContentKind::Pages, ContentKind::Resources];

    fn index(self) -> usize {
        self as usize
    }
}

/// The counters at one moment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct ContentRevs([i64; 5]);

impl ContentRevs {
    pub fn get(&self, kind: ContentKind) -> i64 {
        self.0[kind.index()]
    }

    /// Only the counters of `kinds` (the others read as 0): what a page
    /// showing those kinds depends on.
    pub fn only(&self, kinds: &[ContentKind]) -> ContentRevs {
        let mut out = ContentRevs::default();
        for k in kinds {
            out.0[k.index()] = self.get(*k);
        }
        out
    }

    /// The counters as the database has them now.
    pub async fn read(db: &Db) -> Result<ContentRevs, sqlx::Error> {
        let (l, e, r, p, s): (i64, i64, i64, i64, i64) =
            sqlx::query_as("SELECT listings, events, reports, pages, resources FROM content_revs WHERE id = 1")
                .fetch_one(db.pool())
                .await?;
        Ok(ContentRevs([l, e, r, p, s]))
    }

    #[cfg(test)]
    pub fn from_array(a: [i64; 5]) -> ContentRevs {
        ContentRevs(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_keeps_the_kinds_a_page_shows() {
        let all = ContentRevs::from_array([1, 2, 3, 4, 5]);
        let listings = all.only(&[ContentKind::Listings, ContentKind::Resources]);
        assert_eq!(listings.get(ContentKind::Listings), 1);
        assert_eq!(listings.get(ContentKind::Resources), 5);
        assert_eq!(listings.get(ContentKind::Events), 0);
        // a sign-up (events) leaves the listings' page as it was
        let after_signup = ContentRevs::from_array([1, 3, 3, 4, 5]);
        assert_eq!(after_signup.only(&[ContentKind::Listings, ContentKind::Resources]), listings);
        assert_ne!(after_signup.only(&ContentKind::ALL), all.only(&ContentKind::ALL));
    }
}
