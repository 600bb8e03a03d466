//! The data revisions as this server last read them. Reading them is one
//! small query; it is done again when this server has answered a write
//! since the last reading (so a change made here is seen by the very next
//! request), and otherwise at most every `recheck` (what other servers on
//! the same database, or background tasks, changed).
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::RwLock;
use std::time::{Duration, Instant};
use tsunagu_app::db::content_revs::ContentRevs;
use tsunagu_app::db::Db;

pub struct Revisions {
    last: RwLock<Reading>,
    /// Writes this server has answered (bumped after each one).
    writes: AtomicU64,
    /// One reading at a time.
    reading: tokio::sync::Mutex<()>,
    recheck: Duration,
}

#[derive(Clone, Copy)]
struct Reading {
    revs: ContentRevs,
    at: Option<Instant>,
    /// `writes` when this reading started: every write answered before
    /// then is in it.
    writes_seen: u64,
}

/// What a request should do about the revisions it has.
#[derive(Debug, PartialEq, Eq)]
enum Need {
    /// The last reading will do.
    Nothing,
    /// Only time has passed: one request reads again, the others go on
    /// with the last reading (a page kept under older revisions is only
    /// ever dropped sooner, never shown staler).
    Recheck,
    /// A write was answered here since: read before going on.
    Read,
}

fn need(reading: &Reading, writes: u64, now: Instant, recheck: Duration) -> Need {
    if reading.writes_seen < writes {
        return Need::Read;
    }
    match reading.at {
        Some(at) if now.saturating_duration_since(at) < recheck => Need::Nothing,
        // recheck 0: every page reads them (exact, for tests)
        Some(_) if recheck.is_zero() => Need::Read,
        Some(_) => Need::Recheck,
        None => Need::Read,
    }
}

impl Revisions {
    pub fn new(recheck: Duration) -> Revisions {
        Revisions {
            last: RwLock::new(Reading { revs: ContentRevs::default(), at: None, writes_seen: 0 }),
            writes: AtomicU64::new(0),
            reading: tokio::sync::Mutex::new(()),
            recheck,
        }
    }

    /// This server answered a request that may have written.
    pub fn written(&self) {
        self.writes.fetch_add(1, Ordering::AcqRel);
    }

    /// The revisions to key a page by, or `None` when the database cannot
    /// say (then nothing is kept or served from the cache).
    pub async fn current(&self, db: &Db) -> Option<ContentRevs> {
        let last = self.last()?;
        match need(&last, self.writes.load(Ordering::Acquire), Instant::now(), self.recheck) {
            Need::Nothing => Some(last.revs),
            Need::Recheck => match self.reading.try_lock() {
                Ok(_one) => self.read(db).await,
                Err(_) => Some(last.revs),
            },
            Need::Read => {
                let _one = self.reading.lock().await;
                // a reading that started after our write may have finished
                // while we waited
                let last = self.last()?;
                if need(&last, self.writes.load(Ordering::Acquire), Instant::now(), self.recheck) == Need::Nothing {
                    return Some(last.revs);
                }
                self.read(db).await
            }
        }
    }

    fn last(&self) -> Option<Reading> {
        self.last.read().ok().map(|r| *r)
    }

    async fn read(&self, db: &Db) -> Option<ContentRevs> {
        let writes = self.writes.load(Ordering::Acquire);
        let at = Instant::now();
        let revs = match ContentRevs::read(db).await {
            Ok(r) => r,
            Err(e) => {
                tracing::debug!(error = %e, "data revisions unreadable; pages are rendered for each request");
                return None;
            }
        };
        if let Ok(mut last) = self.last.write() {
            *last = Reading { revs, at: Some(at), writes_seen: writes };
        }
        Some(revs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(at: Option<Instant>, writes_seen: u64) -> Reading {
        Reading { revs: ContentRevs::default(), at, writes_seen }
    }

    #[test]
    fn a_write_answered_here_is_read_before_the_next_page() {
        let now = Instant::now();
        let fresh = reading(Some(now), 3);
        assert_eq!(need(&fresh, 3, now, Duration::from_secs(60)), Need::Nothing);
        assert_eq!(need(&fresh, 4, now, Duration::from_secs(60)), Need::Read);
    }

    #[test]
    fn time_alone_asks_one_request_to_look_again() {
        let then = Instant::now();
        let later = then + Duration::from_millis(300);
        assert_eq!(need(&reading(Some(then), 0), 0, later, Duration::from_millis(250)), Need::Recheck);
        assert_eq!(need(&reading(Some(then), 0), 0, later, Duration::from_millis(500)), Need::Nothing);
        // recheck 0: every page reads them itself
        assert_eq!(need(&reading(Some(then), 0), 0, then, Duration::ZERO), Need::Read);
    }

    #[test]
    fn nothing_read_yet_means_read() {
        assert_eq!(need(&reading(None, 0), 0, Instant::now(), Duration::from_secs(1)), Need::Read);
    }
}
