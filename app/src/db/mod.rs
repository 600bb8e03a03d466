//! One data-access layer for both backends: sqlx's `Any` driver with portable
//! SQL (`$1` placeholders work on SQLite and PostgreSQL). Each backend has its
//! own migration folder (`migrations/sqlite`, `migrations/postgres`).
pub mod backup;
pub mod content_revs;
pub mod secrets;
pub mod seed;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend a `DATABASE_URL` names, or `None` for anything else.
    pub fn from_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("unsupported database URL (use sqlite:… or postgres://…)")]
    UnsupportedUrl,
    #[error("cannot create the database directory {0}: {1}")]
    Directory(String, std::io::Error),
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("demo seed failed: {0}")]
    Seed(String),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// A connection pool plus the backend it talks to.
#[derive(Debug, Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Db {
    /// Connect; for SQLite the file (and its folder) is created if missing and
    /// every connection gets WAL, foreign keys and a busy timeout.
    pub async fn connect(url: &str) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url).ok_or(DbError::UnsupportedUrl)?;
        let mut url = url.to_string();
        let mut pool = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(10));
        match backend {
            Backend::Sqlite => {
                if let Some(path) = sqlite_file_path(&url) {
                    if let Some(dir) = std::path::Path::new(&path).parent() {
                        if !dir.as_os_str().is_empty() {
                            std::fs::create_dir_all(dir).map_err(|e| {
                                DbError::Directory(dir.display().to_string(), e)
                            })?;
                        }
                    }
                    if !url.contains("mode=") {
                        url.push_str(if url.contains('?') { "&mode=rwc" } else { "?mode=rwc" });
                    }
                }
                pool = pool.max_connections(8).after_connect(|conn, _meta| {
                    Box::pin(async move {
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA busy_timeout = 5000").await?;
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        // FULL, not NORMAL: with WAL, NORMAL survives a crash
                        // of the process but a power loss or kernel panic may
                        // drop the last commits, which were already
                        // acknowledged (a tablet then deletes its copy of the
                        // note). FULL syncs the WAL at every commit, so what
                        // was acknowledged is on the disk (README, Operations).
                        conn.execute("PRAGMA synchronous = FULL").await?;
                        Ok(())
                    })
                });
            }
            Backend::Postgres => {
                pool = pool.max_connections(16);
            }
        }
        // A connection still marked as inside a transaction when it is lent
        // again is closed instead: SQLite ends a transaction by itself when
        // the disk is full or an I/O fails, so the ROLLBACK sqlx sends when
        // the transaction is dropped fails and sqlx keeps counting it as
        // open, and every later BEGIN on that connection would fail ("non-zero
        // transaction depth"): the server would never recover.
        pool = pool.before_acquire(|conn, _meta| {
            Box::pin(async move {
                use sqlx::TransactionManager as _;
                Ok(<sqlx::Any as sqlx::Database>::TransactionManager::get_transaction_depth(conn) == 0)
            })
        });
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = pool.connect_with(options).await?;
        Ok(Db { pool, backend })
    }

    /// The number of rows of every table (migrations' own included).
    pub async fn row_counts(&self) -> Result<BTreeMap<String, i64>, sqlx::Error> {
        let tables: Vec<String> = match self.backend {
            Backend::Sqlite => sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").fetch_all(self.pool()).await?,
            Backend::Postgres => {
                sqlx::query_scalar("SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1")
                    .fetch_all(self.pool())
                    .await?
            }
        };
        let mut counts = BTreeMap::new();
        for t in tables {
            // names come from the catalogue, quoted all the same
            let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{}\"", t.replace('"', "\"\""))).fetch_one(self.pool()).await?;
            counts.insert(t, n);
        }
        Ok(counts)
    }

    /// A SQLite file opened read-only, as it is (no pragmas that would
    /// write): for checking a backup.
    pub async fn open_sqlite_read_only(path: &str) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let options = AnyConnectOptions::from_str(&format!("sqlite:{path}?mode=ro"))?;
        let pool = AnyPoolOptions::new().max_connections(1).connect_with(options).await?;
        Ok(Db { pool, backend: Backend::Sqlite })
    }

    /// Apply all pending migrations of this backend.
    ///
    /// SQLite runs them on one connection with foreign keys off, the way
    /// SQLite's own procedure for changing a table asks (a CHECK constraint
    /// can only change by rebuilding the table, and a table others point at
    /// cannot be dropped and renamed back with foreign keys on; they cannot
    /// be switched inside the transaction a migration runs in). Afterwards
    /// every reference must still hold, or the start stops.
    pub async fn migrate(&self) -> Result<(), DbError> {
        match self.backend {
            Backend::Sqlite => {
                let mut conn = self.pool.acquire().await?;
                conn.execute("PRAGMA foreign_keys = OFF").await?;
                let ran = SQLITE_MIGRATIONS.run(&mut *conn).await;
                let broken: Result<Vec<sqlx::any::AnyRow>, sqlx::Error> = sqlx::query("PRAGMA foreign_key_check").fetch_all(&mut *conn).await;
                conn.execute("PRAGMA foreign_keys = ON").await?;
                ran?;
                let broken = broken?;
                if !broken.is_empty() {
                    return Err(DbError::Migrate(sqlx::migrate::MigrateError::Execute(sqlx::Error::Protocol(format!(
                        "{} rows point at rows that are missing after the migrations (PRAGMA foreign_key_check)",
                        broken.len()
                    )))));
                }
            }
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }

    /// A transaction that will write. On SQLite it starts with `BEGIN
    /// IMMEDIATE`, taking the write lock up front (waiting up to the busy
    /// timeout): a deferred transaction that reads first and writes later
    /// fails at once with "database is locked" when another writer got in
    /// between. PostgreSQL needs nothing special.
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Cheap liveness check for `/healthz`.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A boolean column: PostgreSQL `BOOLEAN`, SQLite `INTEGER` 0/1 (sqlx's Any
/// driver cannot decode SQLite's BOOLEAN affinity).
pub fn get_bool(row: &sqlx::any::AnyRow, column: &str) -> Result<bool, sqlx::Error> {
    use sqlx::Row;
    row.try_get::<bool, _>(column)
        .or_else(|_| row.try_get::<i64, _>(column).map(|v| v != 0))
}

/// Ids as an SQL list (`1,2,3`) for `IN (…)`: they are numbers, written as
/// such (no placeholder per id, no text from outside). Never empty: an empty
/// list reads as `NULL`, which matches nothing.
pub fn in_list(ids: impl IntoIterator<Item = i64>) -> String {
    let list = ids.into_iter().map(|id| id.to_string()).collect::<Vec<_>>().join(",");
    if list.is_empty() {
        "NULL".to_string()
    } else {
        list
    }
}

/// A text column by id for the rows with these ids: `select` reads the id
/// and the column (`SELECT id, name FROM activities`); no ids, no query.
pub async fn text_by_id(db: &Db, select: &str, ids: impl IntoIterator<Item = i64>) -> Result<BTreeMap<i64, String>, sqlx::Error> {
    let list = in_list(ids);
    if list == "NULL" {
        return Ok(BTreeMap::new());
    }
    Ok(sqlx::query_as::<_, (i64, String)>(&format!("{select} WHERE id IN ({list})")).fetch_all(db.pool()).await?.into_iter().collect())
}

/// The file path of a `sqlite:` URL, or `None` for in-memory databases.
pub fn sqlite_file_path(url: &str) -> Option<String> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_from_url() {
        assert_eq!(Backend::from_url("sqlite:data/x.db"), Some(Backend::Sqlite));
        assert_eq!(Backend::from_url("postgres://h/db"), Some(Backend::Postgres));
        assert_eq!(Backend::from_url("postgresql://h/db"), Some(Backend::Postgres));
        assert_eq!(Backend::from_url("mysql://h/db"), None);
    }

    #[test]
    fn sqlite_paths() {
        assert_eq!(sqlite_file_path("sqlite:data/t.db").as_deref(), Some("data/t.db"));
        assert_eq!(sqlite_file_path("sqlite://data/t.db?mode=rwc").as_deref(), Some("data/t.db"));
        assert_eq!(sqlite_file_path("sqlite::memory:"), None);
    }
}
