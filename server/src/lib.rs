//! The axum server of Tsunagu: configuration, database start-up, the Leptos
//! routes, static files of the built site, error pages and health check.
mod account;
mod api_errors;
mod casework;
pub mod config;
pub mod csrf;
mod dashboard;
mod diary;
mod points;
pub mod error_pages;
mod events;
mod health;
mod hsds;
mod import;
mod map;
pub mod openapi;
mod preferences;
pub mod render_cache;
mod reply;
mod reports;
mod run_to_completion;
mod security_headers;
mod site;
mod suggestions;

use axum::extract::FromRef;
use axum::Router;
use config::Config;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::sync::Arc;
use tsunagu_app::activities::catalogue::Catalogue;
use tsunagu_app::config::PublicConfig;
use tsunagu_app::db::{seed, Db};
use tsunagu_app::{shell, App};

/// What every request handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub public: PublicConfig,
    /// In-memory search index and filter facts (refreshed from the database).
    pub catalogue: Arc<Catalogue>,
    /// The self-check questionnaires on offer.
    pub questionnaires: Arc<tsunagu_app::health_check::library::Library>,
    /// The dimension → category table behind the suggestions.
    pub suggestion_rules: Arc<tsunagu_app::health_check::suggest::SuggestionRules>,
    pub points_rules: Arc<tsunagu_app::points::rules::PointsRules>,
    /// Signs check-in codes, members' cards and receipts (its key in the database).
    pub signer: Arc<tsunagu_app::attendance::SignerCell>,
    /// Outgoing mail (SMTP or the outbox folder).
    pub mailer: tsunagu_app::accounts::mail::Mailer,
    /// Which peers may name the client (rate limits).
    pub proxies: tsunagu_app::rate_limit::address::TrustedProxies,
    pub rate_limits: tsunagu_app::rate_limit::RateLimits,
    /// How long sessions may go unused.
    pub idle: tsunagu_app::accounts::session::IdleTimeouts,
    /// Reads of activity pages not yet written (the dashboard's page views).
    pub views: Arc<tsunagu_app::dashboard::page_views::ViewCounter>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(s: &AppState) -> LeptosOptions {
        s.leptos_options.clone()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("{0}")]
    Database(#[from] tsunagu_app::db::DbError),
    #[error("the client bundle is missing ({0}): build it with scripts/build.sh, or set LEPTOS_SITE_ROOT")]
    SiteNotBuilt(String),
    #[error("questionnaire files in TSUNAGU_QUESTIONNAIRE_DIR have problems (問診票ファイルに問題があります):\n{}", .0.join("\n"))]
    Questionnaires(Vec<String>),
    #[error("the suggestion rules (TSUNAGU_SUGGESTION_RULES) have a problem (提案ルールに問題があります): {0}")]
    SuggestionRules(String),
    #[error("the points rules (TSUNAGU_POINTS_RULES) have a problem (ポイントルールに問題があります): {0}")]
    PointsRules(String),
    #[error("mail settings: {0}")]
    Mail(String),
    #[error("cannot listen on {0}: {1}")]
    Bind(std::net::SocketAddr, std::io::Error),
    #[error("the database has demo accounts with the published password ({0}) and this is a public site ({1}): disable them or change their password before serving (公開サイトにデモ用アカウントがあります)")]
    PublishedDemoAccounts(String, String),
    #[error("checking for demo accounts: {0}")]
    DemoCheck(String),
}

/// The city's suggestion rules (or the shipped ones), valid and naming only
/// categories the portal has (the fixed taxonomy of the migrations, see
/// `KNOWN_CATEGORIES`): a typo stops the start with its place in the file,
/// instead of silently suggesting nothing.
pub fn load_suggestion_rules(
    path: Option<&std::path::Path>,
) -> Result<tsunagu_app::health_check::suggest::SuggestionRules, StartError> {
    use tsunagu_app::health_check::suggest::{SuggestionRules, KNOWN_CATEGORIES};
    let rules = match path {
        None => SuggestionRules::builtin(),
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| StartError::SuggestionRules(format!("{}: {e}", p.display())))?;
            SuggestionRules::from_json(&text).map_err(|e| StartError::SuggestionRules(format!("{}: {e}", p.display())))?
        }
    };
    rules.check_categories(&KNOWN_CATEGORIES).map_err(|e| StartError::SuggestionRules(e.to_string()))?;
    Ok(rules)
}

/// The city's points rules (or the shipped ones), valid: a problem stops
/// the start with its place in the file.
pub fn load_points_rules(path: Option<&std::path::Path>) -> Result<tsunagu_app::points::rules::PointsRules, StartError> {
    use tsunagu_app::points::rules::PointsRules;
    match path {
        None => Ok(PointsRules::builtin()),
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| StartError::PointsRules(format!("{}: {e}", p.display())))?;
            PointsRules::from_json(&text).map_err(|e| StartError::PointsRules(format!("{}: {e}", p.display())))
        }
    }
}

/// Connect, migrate and (on an empty database) seed the demo town.
pub async fn open_database(config: &Config) -> Result<Db, StartError> {
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    if config.demo_seed {
        let password = config.demo_password.as_deref().unwrap_or(tsunagu_app::accounts::session::DEFAULT_DEMO_PASSWORD);
        match seed::seed_demo_with_password(&db, password).await? {
            seed::SeedOutcome::Seeded { districts, activities } => {
                tracing::info!(districts, activities, "demo town loaded into the empty database")
            }
            seed::SeedOutcome::SkippedNotEmpty => tracing::debug!("database has data; no demo seed"),
        }
    }
    check_demo_accounts(config, &db).await?;
    Ok(db)
}

/// Says loudly when the database has demo accounts (whoever read the README
/// can try them), and refuses a public (https) site whose demo accounts
/// still have the published password, however they got there.
async fn check_demo_accounts(config: &Config, db: &Db) -> Result<(), StartError> {
    let (present, published) = tsunagu_app::accounts::session::demo_accounts_present(db)
        .await
        .map_err(|e| StartError::DemoCheck(e.to_string()))?;
    if present.is_empty() {
        return Ok(());
    }
    let list = present.join(", ");
    if published && config.public_url.starts_with("https://") {
        return Err(StartError::PublishedDemoAccounts(list, config.public_url.clone()));
    }
    let password = if published { "the published demo password" } else { "their own password" };
    tracing::warn!(accounts = %list, "DEMO ACCOUNTS ARE ACTIVE with {password}: for a demo only (デモ用アカウントが有効です)");
    eprintln!(
        "\n  ⚠ DEMO MODE — demo accounts are active ({} accounts, {password}): {list}\n    デモ用アカウントが有効です。本番では使わないでください。\n",
        present.len()
    );
    Ok(())
}

/// The id of the built client bundle (written by scripts/build.sh).
pub fn read_build_id(site_root: &std::path::Path) -> Result<String, StartError> {
    let path = site_root.join("BUILD_ID");
    let id = std::fs::read_to_string(&path)
        .map_err(|_| StartError::SiteNotBuilt(path.display().to_string()))?;
    let id = id.trim().to_string();
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(StartError::SiteNotBuilt(path.display().to_string()));
    }
    Ok(id)
}

/// Build the whole router for `config` on an opened database.
pub fn router(config: &Config, db: Db) -> Result<Router, StartError> {
    let catalogue = Catalogue::new();
    {
        // warm the search index in the background before the first search
        let (catalogue, db) = (catalogue.clone(), db.clone());
        tokio::spawn(async move {
            if let Err(e) = catalogue.refresh(&db).await {
                tracing::warn!(error = %e, "catalogue warm-up failed; it loads on first use");
            }
        });
    }
    router_with(config, db, catalogue)
}

/// [`router`] around a catalogue the caller has loaded (or will).
pub fn router_with(config: &Config, db: Db, catalogue: Arc<Catalogue>) -> Result<Router, StartError> {
    router_counting(config, db, catalogue, Arc::default())
}

/// [`router_with`] counting activity page reads into `views` (the caller
/// writes what is left at shutdown).
fn router_counting(config: &Config, db: Db, catalogue: Arc<Catalogue>, views: Arc<tsunagu_app::dashboard::page_views::ViewCounter>) -> Result<Router, StartError> {
    let build_id = read_build_id(&config.site_root)?;
    let leptos_options = LeptosOptions::builder()
        .output_name(format!("tsunagu-{build_id}"))
        .site_root(config.site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.site_addr)
        .build();
    let public = PublicConfig {
        base_url: config.public_url.clone(),
        tile_url: config.tile_url.clone(),
        tile_attribution: config.tile_attribution.clone(),
        build_id,
        concerns: config.concerns.clone(),
        vault_days: config.vault_days,
    };
    let questionnaires = Arc::new(
        tsunagu_app::health_check::library::Library::load(config.questionnaire_dir.as_deref())
            .map_err(StartError::Questionnaires)?,
    );
    let suggestion_rules = Arc::new(load_suggestion_rules(config.suggestion_rules.as_deref())?);
    let points_rules = Arc::new(load_points_rules(config.points_rules.as_deref())?);
    let signer: Arc<tsunagu_app::attendance::SignerCell> = Arc::default();
    let mailer = match &config.smtp_url {
        Some(url) => tsunagu_app::accounts::mail::Mailer::smtp(url, &config.mail_from),
        None => tsunagu_app::accounts::mail::Mailer::outbox(config.outbox_dir.clone(), &config.mail_from),
    }
    .map_err(StartError::Mail)?;
    events::spawn_occurrence_sync(db.clone());
    diary::spawn_reminders(db.clone(), mailer.clone(), public.base_url.clone());
    let render_cache = render_cache::RenderCache::new(config.render_cache, db.clone());
    dashboard::spawn_view_flush(views.clone(), db.clone());
    let state = AppState {
        leptos_options: leptos_options.clone(),
        db,
        public,
        catalogue,
        questionnaires,
        suggestion_rules,
        points_rules,
        signer,
        mailer,
        proxies: config.trusted_proxies.clone(),
        rate_limits: config.rate_limits.clone(),
        idle: config.idle,
        views: views.clone(),
    };
    let routes = route_list();
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.db.clone());
            provide_context(state.public.clone());
            provide_context(state.catalogue.clone());
            provide_context(state.questionnaires.clone());
            provide_context(state.suggestion_rules.clone());
            provide_context(state.points_rules.clone());
            provide_context(state.signer.clone());
            provide_context(state.mailer.clone());
            provide_context(state.proxies.clone());
            provide_context(state.rate_limits.clone());
            provide_context(state.idle);
            provide_context(state.views.clone());
        }
    };
    let shell_fn = {
        let options = leptos_options.clone();
        move || shell(options.clone())
    };
    let routed = Router::new()
        .merge(health::routes())
        .merge(hsds::routes())
        .merge(openapi::routes())
        .merge(import::routes())
        .merge(events::routes())
        .merge(account::routes())
        .merge(reports::routes())
        .merge(map::routes())
        .merge(suggestions::routes())
        .merge(casework::routes())
        .merge(dashboard::routes())
        .merge(points::routes())
        .merge(diary::routes())
        .merge(preferences::routes())
        .merge(site::routes(&config.site_root))
        .leptos_routes_with_context(&state, routes, context.clone(), shell_fn)
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell))
        .layer(axum::middleware::from_fn(site::private_pages))
        .layer(axum::middleware::from_fn(api_errors::status_from_error))
        .layer(axum::middleware::from_fn(csrf::same_origin_writes))
        .layer(axum::middleware::from_fn(error_pages::error_pages))
        .layer(axum::middleware::from_fn_with_state(security_headers::policy(config), security_headers::apply))
        .layer(axum::middleware::from_fn(run_to_completion::run_to_completion))
        .with_state(state);
    // around the whole site, once per request (the layers above wrap each
    // route): a page the render cache answers needs no routing at all
    let app = Router::new()
        .fallback_service(routed)
        .layer(axum::middleware::from_fn_with_state(render_cache, render_cache::serve))
        .layer(axum::middleware::from_fn_with_state(views, dashboard::count_views))
        .layer(site::compression())
        .layer(
            tower_http::trace::TraceLayer::new_for_http().make_span_with(
                // Path only: query strings may carry what a person searched for.
                |req: &http::Request<axum::body::Body>| {
                    tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
                },
            ),
        );
    Ok(app)
}

/// `tsunagu backup FILE`: connect (no migrations, no seed) and copy the
/// SQLite database to FILE; see [`tsunagu_app::db::backup`].
pub async fn backup(config: &Config, to: &std::path::Path) -> Result<tsunagu_app::db::backup::BackupReport, tsunagu_app::db::backup::BackupError> {
    tsunagu_app::db::backup::backup_url(&config.database_url, to).await
}

/// Serve until SIGTERM or Ctrl-C, then finish in-flight requests and close
/// the database.
pub async fn serve(config: Config) -> Result<(), StartError> {
    let db = open_database(&config).await?;
    // the listings are in memory before the port opens: the first request
    // after "listening" is answered as fast as any (with 100,000 listings
    // the load takes seconds; a proxy or orchestrator waits for the port)
    let catalogue = Catalogue::new();
    let started = std::time::Instant::now();
    match catalogue.refresh(&db).await {
        Ok(()) => {
            let index = catalogue.index_heap_usage();
            tracing::info!(
                listings = catalogue.len(),
                index_mib = index.total() >> 20,
                postings = index.postings,
                postings_mib = (index.posting_lists + index.posting_table) >> 20,
                tokens = index.tokens,
                text_mib = index.text >> 20,
                seconds = format!("{:.2}", started.elapsed().as_secs_f64()),
                "catalogue loaded"
            )
        }
        Err(e) => tracing::warn!(error = %e, "catalogue not loaded; it loads on first use"),
    }
    let views: Arc<tsunagu_app::dashboard::page_views::ViewCounter> = Arc::default();
    let app = router_counting(&config, db.clone(), catalogue, views.clone())?;
    let listener = tokio::net::TcpListener::bind(config.site_addr)
        .await
        .map_err(|e| StartError::Bind(config.site_addr, e))?;
    tracing::info!(addr = %config.site_addr, backend = ?db.backend(), "listening");
    axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| StartError::Bind(config.site_addr, e))?;
    if let Err(e) = views.flush(&db).await {
        tracing::warn!(error = %e, "page view counts of the last minute not written");
    }
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutdown signal received; finishing open requests");
}

/// The paths of the app's pages, as the router serves them (`{id}` for a
/// parameter): the bad-input sweep in the tests walks every one.
pub fn page_paths() -> Vec<String> {
    route_list().iter().map(|r| r.path().to_string()).collect()
}

/// The app's routes, walked once per process. `generate_route_list` sets a
/// process-wide flag while it runs that parks every resource first polled
/// meanwhile, on any thread, for good (leptos issue #4773): a second router
/// built while the first serves a page (the integration tests build one per
/// test, in parallel) could leave that page's response pending forever. The
/// routes do not depend on the configuration, so one walk serves every router.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}
