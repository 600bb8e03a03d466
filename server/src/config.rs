//! Configuration from environment variables, parsed once at start into types
//! that cannot hold invalid values. See `tsunagu --help`.
use std::net::SocketAddr;
use std::path::PathBuf;

pub const HELP: &str = "\
tsunagu — community portal for social prescribing (つなぐ)

USAGE:
    tsunagu [--help] [--version]   serve the portal
    tsunagu backup FILE            copy the SQLite database to FILE while the
                                   portal serves (consistent, checked; FILE must
                                   not exist). PostgreSQL: use pg_dump.

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
    TSUNAGU_POINTS_RULES      the city's own points rules (JSON, the format of
                              app/rules/points.json: points per action, caps,
                              badges), checked at start (default: the shipped rules)
    TSUNAGU_SMTP_URL          send mail through this SMTP server, e.g.
                              smtp://user:pass@mail.example.jp:587?tls=required
                              (default: none — mail is written to the outbox)
    TSUNAGU_OUTBOX_DIR        folder where mail is written as .eml files when no
                              SMTP server is set (default: data/outbox)
    TSUNAGU_MAIL_FROM         sender of the portal's mail
                              (default: つなぐ <no-reply@localhost>)
    TSUNAGU_TRUST_PROXY       behind a reverse proxy: 1 (one proxy, any address) or
                              its networks (10.0.0.0/8,::1); the client address is
                              the right-most X-Forwarded-For hop that is not a
                              trusted proxy (default: 0, the peer is the client)
    TSUNAGU_IDLE_HOURS_RESIDENT  hours a resident's session may go unused (default 720)
    TSUNAGU_IDLE_HOURS_CASEWORK  hours a session of anyone who works with cases may
                              go unused (default 12)
    TSUNAGU_VAULT_DAYS        days a tablet's casework vault may go unopened before it
                              wipes itself (default 14; 0: never)
    TSUNAGU_RENDER_CACHE_MB   memory for residents' pages rendered once and served to
                              everyone not signed in (default 16; 0: off)
    TSUNAGU_RENDER_CACHE_RECHECK_MS  how long the data revisions may go unread
                              when this server answered no write (default 250):
                              the most another server's change takes to show
    TSUNAGU_RATE_LIMITS       per-address limits other than the defaults, as
                              scope=count pairs (registration=5,event-signup=10,…;
                              see the README)
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
    /// The city's own points rules (else the shipped file).
    pub points_rules: Option<PathBuf>,
    pub smtp_url: Option<String>,
    pub outbox_dir: PathBuf,
    pub mail_from: String,
    pub demo_seed: bool,
    /// The demo accounts' password when set (else the published default).
    pub demo_password: Option<String>,
    pub log_format: LogFormat,
    /// Form ①'s concern checklist, in the order shown.
    pub concerns: Vec<String>,
    /// Which peers may name the client in `X-Forwarded-For`.
    pub trusted_proxies: tsunagu_app::rate_limit::address::TrustedProxies,
    /// How many of each anonymous form one address may send.
    pub rate_limits: tsunagu_app::rate_limit::RateLimits,
    /// How long sessions may go unused.
    pub idle: tsunagu_app::accounts::session::IdleTimeouts,
    /// Days a tablet's vault may go unopened.
    pub vault_days: u32,
    /// The render cache's size and how often it rereads the data revisions.
    pub render_cache: crate::render_cache::Settings,
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
    #[error("TSUNAGU_TRUST_PROXY must be 0, 1 or a list of addresses and networks such as 10.0.0.0/8,::1 ({0:?} is none of them)")]
    TrustProxy(String),
    #[error("TSUNAGU_RATE_LIMITS must be scope=count pairs such as registration=5,event-signup=10 ({0:?} is not; scopes: {1})")]
    RateLimits(String, String),
    #[error("{0} must be a number of days, 0 for no limit (got {1:?})")]
    Days(&'static str, String),
    #[error("{0} must be a whole number from 0 to {1} (got {2:?})")]
    Number(&'static str, u64, String),
    #[error("{0} must be a number of hours above 0 (got {1:?})")]
    Hours(&'static str, String),
    #[error("TSUNAGU_SUGGESTION_LIMIT must be a number above 0 (got {0:?})")]
    SuggestionLimit(String),
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
        let trusted_proxies = tsunagu_app::rate_limit::address::TrustedProxies::parse(&get("TSUNAGU_TRUST_PROXY").unwrap_or_default())
            .map_err(ConfigError::TrustProxy)?;
        let mut rate_limits = tsunagu_app::rate_limit::RateLimits::parse(&get("TSUNAGU_RATE_LIMITS").unwrap_or_default()).map_err(|bad| {
            let scopes = tsunagu_app::rate_limit::Limit::ALL.iter().map(|l| l.scope()).collect::<Vec<_>>().join(", ");
            ConfigError::RateLimits(bad, scopes)
        })?;
        if let Some(n) = get("TSUNAGU_SUGGESTION_LIMIT") {
            // the older setting for suggestions and their photos
            let n: u32 = n.parse().ok().filter(|n| *n > 0).ok_or(ConfigError::SuggestionLimit(n))?;
            rate_limits = rate_limits.with(tsunagu_app::rate_limit::Limit::Suggestion, n).with(tsunagu_app::rate_limit::Limit::SuggestionPhoto, n);
        }
        let hours = |name: &'static str, default: chrono::Duration| -> Result<chrono::Duration, ConfigError> {
            match get(name) {
                None => Ok(default),
                Some(v) => v.parse::<i64>().ok().filter(|h| (1..=24 * 366).contains(h)).map(chrono::Duration::hours).ok_or(ConfigError::Hours(name, v)),
            }
        };
        let defaults = tsunagu_app::accounts::session::IdleTimeouts::default();
        let idle = tsunagu_app::accounts::session::IdleTimeouts {
            resident: hours("TSUNAGU_IDLE_HOURS_RESIDENT", defaults.resident)?,
            casework: hours("TSUNAGU_IDLE_HOURS_CASEWORK", defaults.casework)?,
        };
        let vault_days = match get("TSUNAGU_VAULT_DAYS") {
            None => tsunagu_app::config::DEFAULT_VAULT_DAYS,
            Some(v) => v.parse::<u32>().ok().filter(|d| *d <= 3650).ok_or(ConfigError::Days("TSUNAGU_VAULT_DAYS", v))?,
        };
        let number = |name: &'static str, max: u64, default: u64| -> Result<u64, ConfigError> {
            match get(name) {
                None => Ok(default),
                Some(v) => v.parse::<u64>().ok().filter(|n| *n <= max).ok_or(ConfigError::Number(name, max, v)),
            }
        };
        let defaults = crate::render_cache::Settings::default();
        let render_cache = crate::render_cache::Settings {
            bytes: number("TSUNAGU_RENDER_CACHE_MB", 4096, defaults.bytes >> 20)? << 20,
            recheck: std::time::Duration::from_millis(number("TSUNAGU_RENDER_CACHE_RECHECK_MS", 3_600_000, defaults.recheck.as_millis() as u64)?),
        };
        Ok(Config {
            render_cache,
            vault_days,
            idle,
            trusted_proxies,
            rate_limits,
            concerns,
            database_url,
            site_addr,
            site_root,
            public_url,
            tile_url,
            tile_attribution,
            questionnaire_dir: get("TSUNAGU_QUESTIONNAIRE_DIR").map(PathBuf::from),
            suggestion_rules: get("TSUNAGU_SUGGESTION_RULES").map(PathBuf::from),
            points_rules: get("TSUNAGU_POINTS_RULES").map(PathBuf::from),
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
        assert_eq!(c.trusted_proxies, tsunagu_app::rate_limit::address::TrustedProxies::None);
        assert_eq!(c.rate_limits, tsunagu_app::rate_limit::RateLimits::default());
        assert_eq!(c.render_cache, crate::render_cache::Settings { bytes: 16 << 20, recheck: std::time::Duration::from_millis(250) });
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
            ("TSUNAGU_TRUST_PROXY", "10.0.0.0/8, ::1"),
            ("TSUNAGU_RATE_LIMITS", "registration=20,event-signup=50"),
            ("TSUNAGU_SUGGESTION_LIMIT", "30"),
            ("TSUNAGU_IDLE_HOURS_RESIDENT", "48"),
            ("TSUNAGU_IDLE_HOURS_CASEWORK", "1"),
            ("TSUNAGU_VAULT_DAYS", "3"),
            ("TSUNAGU_RENDER_CACHE_MB", "64"),
            ("TSUNAGU_RENDER_CACHE_RECHECK_MS", "1000"),
        ])
        .unwrap();
        assert_eq!(c.render_cache.bytes, 64 << 20);
        assert_eq!(c.render_cache.recheck, std::time::Duration::from_secs(1));
        use tsunagu_app::rate_limit::{address::TrustedProxies, Limit};
        assert!(matches!(&c.trusted_proxies, TrustedProxies::Networks(n) if n.len() == 2));
        assert_eq!(c.rate_limits.max(Limit::Registration), 20);
        assert_eq!(c.rate_limits.max(Limit::EventSignup), 50);
        assert_eq!(c.rate_limits.max(Limit::SuggestionPhoto), 30);
        assert_eq!(c.rate_limits.max(Limit::SelfReferral), Limit::SelfReferral.default_max());
        assert_eq!((c.idle.resident.num_hours(), c.idle.casework.num_hours()), (48, 1));
        assert_eq!(c.vault_days, 3);
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
            ("TSUNAGU_TRUST_PROXY", "yes", "TSUNAGU_TRUST_PROXY"),
            ("TSUNAGU_RATE_LIMITS", "sign-ups=5", "TSUNAGU_RATE_LIMITS"),
            ("TSUNAGU_SUGGESTION_LIMIT", "many", "TSUNAGU_SUGGESTION_LIMIT"),
            ("TSUNAGU_IDLE_HOURS_CASEWORK", "0", "TSUNAGU_IDLE_HOURS_CASEWORK"),
            ("TSUNAGU_IDLE_HOURS_RESIDENT", "a month", "TSUNAGU_IDLE_HOURS_RESIDENT"),
            ("TSUNAGU_VAULT_DAYS", "-1", "TSUNAGU_VAULT_DAYS"),
            ("TSUNAGU_RENDER_CACHE_MB", "lots", "TSUNAGU_RENDER_CACHE_MB"),
            ("TSUNAGU_RENDER_CACHE_MB", "100000", "TSUNAGU_RENDER_CACHE_MB"),
            ("TSUNAGU_RENDER_CACHE_RECHECK_MS", "-5", "TSUNAGU_RENDER_CACHE_RECHECK_MS"),
        ];
        for (k, v, name) in cases {
            let err = parse(&[(k, v)]).unwrap_err();
            assert!(err.to_string().contains(name), "{k}={v}: {err}");
        }
    }
}
