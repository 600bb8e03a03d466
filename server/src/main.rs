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
