//! `tsunagu backup FILE`: a consistent copy of a SQLite database taken while
//! the portal serves. SQLite's `VACUUM INTO` reads one snapshot (WAL lets
//! writers go on meanwhile) and writes a compact, self-contained file; the
//! copy is written beside its final name, checked (`PRAGMA
//! integrity_check`) and only then renamed into place, so a FILE that exists
//! is always a whole, sound backup. PostgreSQL is backed up with its own
//! tools (`pg_dump` / `pg_restore`, see the README's Operations section).
use super::{Backend, Db};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0} already exists: give a new file name (既存のファイルは上書きしません)")]
    Exists(PathBuf),
    #[error("there is no database at {0} (check DATABASE_URL) / データベースが見つかりません")]
    NoDatabase(PathBuf),
    #[error("this is a PostgreSQL database: back it up with pg_dump (see the README, Operations) / PostgreSQL は pg_dump でバックアップしてください")]
    Postgres,
    #[error("the copy failed its integrity check: {0}")]
    Integrity(String),
    #[error("{0}: {1}")]
    File(PathBuf, std::io::Error),
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("{0}")]
    Db(#[from] super::DbError),
}

/// What a backup holds: its file, size and the rows of each table.
#[derive(Debug, Clone)]
pub struct BackupReport {
    pub path: PathBuf,
    pub bytes: u64,
    pub rows: BTreeMap<String, i64>,
}

/// Connect to the SQLite database at `url` (which must exist: a backup never
/// creates an empty one) and copy it to `to`.
pub async fn backup_url(url: &str, to: &Path) -> Result<BackupReport, BackupError> {
    match Backend::from_url(url) {
        Some(Backend::Postgres) => return Err(BackupError::Postgres),
        _ => {
            let file = super::sqlite_file_path(url).ok_or(BackupError::NoDatabase(PathBuf::from(url)))?;
            if !Path::new(&file).is_file() {
                return Err(BackupError::NoDatabase(PathBuf::from(file)));
            }
        }
    }
    let db = Db::connect(url).await?;
    let result = backup_sqlite(&db, to).await;
    db.close().await;
    result
}

/// Copy the SQLite database `db` to `to` (which must not exist yet).
pub async fn backup_sqlite(db: &Db, to: &Path) -> Result<BackupReport, BackupError> {
    if db.backend() != Backend::Sqlite {
        return Err(BackupError::Postgres);
    }
    if to.exists() {
        return Err(BackupError::Exists(to.to_path_buf()));
    }
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| BackupError::File(dir.to_path_buf(), e))?;
    }
    let mut partial = to.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let _ = std::fs::remove_file(&partial);
    let text = partial.to_str().ok_or_else(|| BackupError::File(partial.clone(), std::io::Error::other("the path is not UTF-8")))?;
    sqlx::query("VACUUM INTO $1").bind(text).execute(db.pool()).await?;
    let checked = check(text).await;
    let rows = match checked {
        Ok(rows) => rows,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
    };
    std::fs::rename(&partial, to).map_err(|e| BackupError::File(to.to_path_buf(), e))?;
    let bytes = std::fs::metadata(to).map(|m| m.len()).unwrap_or(0);
    Ok(BackupReport { path: to.to_path_buf(), bytes, rows })
}

/// Open the copy read-only: integrity ok, and its row counts.
async fn check(path: &str) -> Result<BTreeMap<String, i64>, BackupError> {
    let copy = Db::open_sqlite_read_only(path).await?;
    let verdict: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(copy.pool()).await?;
    let rows = copy.row_counts().await;
    copy.close().await;
    if verdict != "ok" {
        return Err(BackupError::Integrity(verdict));
    }
    Ok(rows?)
}
