/// jemalloc: it keeps less memory than glibc's allocator once the
/// catalogue has loaded (100,000 listings: glibc's arenas kept ≈ 40 MB of
/// freed load and request buffers that `malloc_trim` could not return), and
/// serves the pages a little faster (docs/benchmarks.md, issue 18 item 9).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options: a background thread returns freed pages to the
/// system five seconds after they were last used (`dirty_decay_ms`; a
/// burst of requests reuses them meanwhile instead of faulting fresh ones
/// in) and at once from there (`muzzy_decay_ms`), so the memory a burst
/// used does not stay with the process.
#[allow(non_upper_case_globals)]
#[export_name = "_rjem_malloc_conf"]
pub static malloc_conf: &[u8; 60] = b"background_thread:true,dirty_decay_ms:5000,muzzy_decay_ms:0\0";

use std::process::ExitCode;
use tracing_subscriber::EnvFilter;
use tsunagu::config::{Config, LogFormat, HELP};

#[tokio::main]
async fn main() -> ExitCode {
    match std::env::args().nth(1).as_deref() {
        Some("-h" | "--help") => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Some("-V" | "--version") => {
            println!("tsunagu {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Some("backup") => return backup(std::env::args().nth(2)).await,
        Some(other) => {
            eprintln!("unknown argument {other:?}\n\n{HELP}");
            return ExitCode::from(2);
        }
        None => {}
    }
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("configuration error: {e}\n(see tsunagu --help)");
            return ExitCode::from(2);
        }
    };
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    match config.log_format {
        LogFormat::Json => tracing_subscriber::fmt().json().with_env_filter(filter).init(),
        LogFormat::Text => tracing_subscriber::fmt().with_env_filter(filter).init(),
    }
    match tsunagu::serve(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("tsunagu: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `tsunagu backup FILE`: a consistent copy of the SQLite database named by
/// DATABASE_URL, taken while the portal may be serving.
async fn backup(file: Option<String>) -> ExitCode {
    let Some(file) = file.filter(|f| !f.trim().is_empty()) else {
        eprintln!("usage: tsunagu backup FILE\n\n{HELP}");
        return ExitCode::from(2);
    };
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("configuration error: {e}\n(see tsunagu --help)");
            return ExitCode::from(2);
        }
    };
    match tsunagu::backup(&config, std::path::Path::new(&file)).await {
        Ok(report) => {
            let rows: i64 = report.rows.values().sum();
            println!("backup written: {} ({} bytes, {} tables, {rows} rows, integrity ok)", report.path.display(), report.bytes, report.rows.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("tsunagu backup: {e}");
            match e {
                tsunagu_app::db::backup::BackupError::Exists(_) | tsunagu_app::db::backup::BackupError::Postgres | tsunagu_app::db::backup::BackupError::NoDatabase(_) => ExitCode::from(2),
                _ => ExitCode::FAILURE,
            }
        }
    }
}
