//! Configuration from environment variables, parsed once at start into types
//! that cannot hold invalid values. See `tsunagu --help`.
use std::net::SocketAddr;
use std::path::PathBuf;

pub const HELP: &str = "\
tsunagu — community portal for social prescribing (つなぐ)

USAGE:
    tsunagu [--help] [--version]

Configuration is read from environment variables:
    DATABASE_URL              sqlite:PATH or postgres://USER@HOST:PORT/DB
                              (default: sqlite:data/tsunagu.db)
    LEPTOS_SITE_ADDR          address to listen on (default: 127.0.0.1:3000)
    LEPTOS_SITE_ROOT          folder of the built site: pkg/, sw.js, icons
                              (default: target/site)
    TSUNAGU_PUBLIC_URL        public base URL used in links, feeds and QR codes
                              (default: http://<LEPTOS_SITE_ADDR>)
    TSUNAGU_TILE_URL          map tile URL template with {z} {x} {y}
                              (default: https://tile.openstreetmap.org/{z}/{x}/{y}.png)
    TSUNAGU_TILE_ATTRIBUTION  attribution shown with the tiles
                              (default: © OpenStreetMap contributors)
    TSUNAGU_QUESTIONNAIRE_DIR folder of the city's own questionnaire files (*.json);
                              one with the id of a shipped one replaces it
                              (default: only the shipped questionnaires)
    TSUNAGU_SUGGESTION_RULES  the city's own suggestion-rules file (JSON, the
                              format of app/questionnaires/suggestions.json),
                              checked at start against the categories
                              (default: the shipped rules)
    TSUNAGU_SMTP_URL          send mail through this SMTP server, e.g.
                              smtp://user:pass@mail.example.jp:587?tls=required
                              (default: none — mail is written to the outbox)
    TSUNAGU_OUTBOX_DIR        folder where mail is written as .eml files when no
                              SMTP server is set (default: data/outbox)
    TSUNAGU_MAIL_FROM         sender of the portal's mail
                              (default: つなぐ <no-reply@localhost>)
    TSUNAGU_TRUST_PROXY       1 behind a reverse proxy: take the client address
                              from X-Forwarded-For for sign-in throttling (default: 0)
    TSUNAGU_DEMO_SEED         demo mode: load the demo town, with its demo
                              accounts, into an empty database: 1 or 0
                              (default: 0; scripts/run.sh asks for 1)
    TSUNAGU_DEMO_STAFF_PASSWORD  password of the demo accounts (staff@, admin@,
                              editor@, writer@, linkworker@, lead@, clinic@,
                              resident@ midorino.example.jp) (default: the
                              published midorino-staff, refused when
                              TSUNAGU_PUBLIC_URL is https)
    TSUNAGU_CONCERNS          the concern checklist of form ①: slugs in the order
                              shown, comma-separated, from the union of both
                              cities' lists (default: all 22; `other` is always
                              kept, last)
    TSUNAGU_LOG_FORMAT        text or json (default: text)
    RUST_LOG                  log filter (default: info)
";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub database_url: String,
    pub site_addr: SocketAddr,
    pub site_root: PathBuf,
    pub public_url: String,
    pub tile_url: String,
    pub tile_attribution: String,
    pub questionnaire_dir: Option<PathBuf>,
    /// The city's own suggestion rules (else the shipped table).
    pub suggestion_rules: Option<PathBuf>,
    pub smtp_url: Option<String>,
    pub outbox_dir: PathBuf,
    pub mail_from: String,
    pub demo_seed: bool,
    /// The demo accounts' password when set (else the published default).
    pub demo_password: Option<String>,
    pub log_format: LogFormat,
    /// Form ①'s concern checklist, in the order shown.
    pub concerns: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("DATABASE_URL must start with sqlite: or postgres:// (got {0:?})")]
    DatabaseUrl(String),
    #[error("LEPTOS_SITE_ADDR must be an address like 127.0.0.1:3000 (got {0:?})")]
    SiteAddr(String),
    #[error("TSUNAGU_PUBLIC_URL must start with http:// or https:// (got {0:?})")]
    PublicUrl(String),
    #[error("TSUNAGU_TILE_URL must contain {{z}}, {{x}} and {{y}} (got {0:?})")]
    TileUrl(String),
    #[error("{0} must be 1 or 0 (got {1:?})")]
    Flag(&'static str, String),
    #[error("TSUNAGU_SMTP_URL must start with smtp:// or smtps:// (got {0:?})")]
    SmtpUrl(String),
    #[error("TSUNAGU_MAIL_FROM must be a mail address such as つなぐ <no-reply@example.jp> (got {0:?})")]
    MailFrom(String),
    #[error("TSUNAGU_LOG_FORMAT must be text or json (got {0:?})")]
    LogFormat(String),
    #[error("TSUNAGU_CONCERNS: {0:?} is not a concern of form ① (known: {1})")]
    Concern(String, String),
    #[error("demo mode (TSUNAGU_DEMO_SEED=1) on a public site ({0}) needs its own TSUNAGU_DEMO_STAFF_PASSWORD: the default one is published in the README (公開サイトのデモには独自のパスワードが必要です)")]
    DemoOnPublicSite(String),
}

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|k| std::env::var(k).ok())
    }

    /// Parse from any key → value lookup (the environment, or a map in tests).
    /// Empty values count as unset.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let get = |k: &str| get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());

        let database_url = get("DATABASE_URL").unwrap_or_else(|| "sqlite:data/tsunagu.db".into());
        if tsunagu_app::db::Backend::from_url(&database_url).is_none() {
            return Err(ConfigError::DatabaseUrl(database_url));
        }
        let addr = get("LEPTOS_SITE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into());
        let site_addr: SocketAddr = addr.parse().map_err(|_| ConfigError::SiteAddr(addr))?;
        let site_root = PathBuf::from(get("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()));
        let public_url = get("TSUNAGU_PUBLIC_URL").unwrap_or_else(|| format!("http://{site_addr}"));
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(ConfigError::PublicUrl(public_url));
        }
        let public_url = public_url.trim_end_matches('/').to_string();
        let tile_url = get("TSUNAGU_TILE_URL")
            .unwrap_or_else(|| "https://tile.openstreetmap.org/{z}/{x}/{y}.png".into());
        if !["{z}", "{x}", "{y}"].iter().all(|p| tile_url.contains(p)) {
            return Err(ConfigError::TileUrl(tile_url));
        }
        let tile_attribution = get("TSUNAGU_TILE_ATTRIBUTION")
            .unwrap_or_else(|| "© OpenStreetMap contributors".into());
        let demo_seed = match get("TSUNAGU_DEMO_SEED").as_deref() {
            Some("1") | Some("true") => true,
            None | Some("0") | Some("false") => false,
            Some(other) => return Err(ConfigError::Flag("TSUNAGU_DEMO_SEED", other.into())),
        };
        let demo_password = get("TSUNAGU_DEMO_STAFF_PASSWORD");
        let published = demo_password.as_deref().is_none_or(|p| p == tsunagu_app::accounts::session::DEFAULT_DEMO_PASSWORD);
        if demo_seed && public_url.starts_with("https://") && published {
            return Err(ConfigError::DemoOnPublicSite(public_url));
        }
        let log_format = match get("TSUNAGU_LOG_FORMAT").as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => return Err(ConfigError::LogFormat(other.into())),
        };
        let smtp_url = get("TSUNAGU_SMTP_URL");
        if let Some(u) = &smtp_url {
            if !(u.starts_with("smtp://") || u.starts_with("smtps://")) {
                return Err(ConfigError::SmtpUrl(u.clone()));
            }
        }
        let mail_from = get("TSUNAGU_MAIL_FROM").unwrap_or_else(|| "つなぐ <no-reply@localhost>".into());
        if !mail_from.contains('@') {
            return Err(ConfigError::MailFrom(mail_from));
        }
        let concerns = match get("TSUNAGU_CONCERNS") {
            None => Vec::new(),
            Some(list) => tsunagu_app::casework::model::parse_checklist(&list).map_err(|bad| {
                let known = tsunagu_app::casework::model::Concern::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(",");
                ConfigError::Concern(bad, known)
            })?,
        };
        Ok(Config {
            concerns,
            database_url,
            site_addr,
            site_root,
            public_url,
            tile_url,
            tile_attribution,
            questionnaire_dir: get("TSUNAGU_QUESTIONNAIRE_DIR").map(PathBuf::from),
            suggestion_rules: get("TSUNAGU_SUGGESTION_RULES").map(PathBuf::from),
            smtp_url,
            outbox_dir: PathBuf::from(get("TSUNAGU_OUTBOX_DIR").unwrap_or_else(|| "data/outbox".into())),
            mail_from,
            demo_seed,
            demo_password,
            log_format,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> =
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_serve_sqlite_on_localhost() {
        let c = parse(&[]).unwrap();
        assert_eq!(c.database_url, "sqlite:data/tsunagu.db");
        assert_eq!(c.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.site_root, PathBuf::from("target/site"));
        assert_eq!(c.public_url, "http://127.0.0.1:3000");
        assert!(c.tile_url.contains("openstreetmap"));
        assert!(!c.demo_seed, "no demo accounts unless demo mode is asked for");
        assert_eq!(c.demo_password, None);
        assert_eq!(c.log_format, LogFormat::Text);
    }

    #[test]
    fn reads_every_variable() {
        let c = parse(&[
            ("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tsunagu"),
            ("LEPTOS_SITE_ADDR", "0.0.0.0:8080"),
            ("LEPTOS_SITE_ROOT", "/srv/site"),
            ("TSUNAGU_PUBLIC_URL", "https://tsunagu.example.jp/"),
            ("TSUNAGU_TILE_URL", "https://tiles.example.jp/{z}/{x}/{y}.png"),
            ("TSUNAGU_TILE_ATTRIBUTION", "© City"),
            ("TSUNAGU_DEMO_SEED", "0"),
            ("TSUNAGU_LOG_FORMAT", "json"),
            ("TSUNAGU_CONCERNS", "money, care,withdrawal"),
        ])
        .unwrap();
        assert_eq!(c.concerns, ["money", "care", "withdrawal", "other"]);
        assert_eq!(c.database_url, "postgres://postgres@127.0.0.1:5432/tsunagu");
        assert_eq!(c.site_addr.port(), 8080);
        assert_eq!(c.site_root, PathBuf::from("/srv/site"));
        assert_eq!(c.public_url, "https://tsunagu.example.jp", "trailing slash removed");
        assert_eq!(c.tile_attribution, "© City");
        assert!(!c.demo_seed);
        assert_eq!(c.log_format, LogFormat::Json);
    }

    #[test]
    fn demo_mode_on_a_public_site_needs_its_own_password() {
        let public = ("TSUNAGU_PUBLIC_URL", "https://tsunagu.example.jp");
        let err = parse(&[public, ("TSUNAGU_DEMO_SEED", "1")]).unwrap_err();
        assert!(matches!(err, ConfigError::DemoOnPublicSite(_)), "{err}");
        assert!(err.to_string().contains("TSUNAGU_DEMO_STAFF_PASSWORD"));
        let err = parse(&[public, ("TSUNAGU_DEMO_SEED", "1"), ("TSUNAGU_DEMO_STAFF_PASSWORD", "midorino-staff")]).unwrap_err();
        assert!(matches!(err, ConfigError::DemoOnPublicSite(_)), "the published one is no password");
        let c = parse(&[public, ("TSUNAGU_DEMO_SEED", "1"), ("TSUNAGU_DEMO_STAFF_PASSWORD", "kX9-town-demo")]).unwrap();
        assert!(c.demo_seed && c.demo_password.as_deref() == Some("kX9-town-demo"));
        // a public site without demo mode, and a local demo, start as before
        assert!(!parse(&[public]).unwrap().demo_seed);
        assert!(parse(&[("TSUNAGU_DEMO_SEED", "1")]).unwrap().demo_seed);
    }

    #[test]
    fn empty_values_count_as_unset() {
        let c = parse(&[("DATABASE_URL", "  "), ("LEPTOS_SITE_ADDR", "")]).unwrap();
        assert_eq!(c.database_url, "sqlite:data/tsunagu.db");
    }

    #[test]
    fn rejects_bad_values_with_the_variable_name() {
        let cases: &[(&str, &str, &str)] = &[
            ("DATABASE_URL", "mysql://x/y", "DATABASE_URL"),
            ("LEPTOS_SITE_ADDR", "localhost", "LEPTOS_SITE_ADDR"),
            ("LEPTOS_SITE_ADDR", "127.0.0.1:99999", "LEPTOS_SITE_ADDR"),
            ("TSUNAGU_PUBLIC_URL", "tsunagu.example.jp", "TSUNAGU_PUBLIC_URL"),
            ("TSUNAGU_TILE_URL", "https://t/{z}/{x}.png", "TSUNAGU_TILE_URL"),
            ("TSUNAGU_DEMO_SEED", "yes", "TSUNAGU_DEMO_SEED"),
            ("TSUNAGU_CONCERNS", "money,pets", "TSUNAGU_CONCERNS"),
            ("TSUNAGU_LOG_FORMAT", "xml", "TSUNAGU_LOG_FORMAT"),
        ];
        for (k, v, name) in cases {
            let err = parse(&[(k, v)]).unwrap_err();
            assert!(err.to_string().contains(name), "{k}={v}: {err}");
        }
    }
}
