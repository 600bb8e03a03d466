//! The HTML shell (server only) and the router shared by server and client.
use crate::i18n::*;
use crate::{about, errors, health_check, home, map, events, activities, shell::Layout};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The document around the app. `output_name` carries the build id, so the
/// script, wasm and CSS URLs change with every build (cache-safe).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
                <HydrationScripts options=options.clone() />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let css = use_context::<LeptosOptions>()
        .map(|o| format!("/{}/{}.css", o.site_pkg_dir, o.output_name))
        .unwrap_or_else(|| "/pkg/tsunagu.css".into());
    view! {
        <I18nContextProvider ssr_lang_header_getter=crate::i18n::japanese_unless_chosen()>
            <Stylesheet id="app-css" href=css />
            <Meta name="theme-color" content="#1f7a5c" />
            <Meta name="description" content=move || t_string!(use_i18n(), common.site.tagline).to_string() />
            <Link rel="manifest" href="/manifest.webmanifest" />
            <Link rel="icon" href="/icons/favicon-32.png" />
            <Link rel="apple-touch-icon" href="/icons/apple-touch-icon.png" />
            <Title formatter=|page: String| {
                if page.is_empty() { "つなぐ".to_string() } else { format!("{page} | つなぐ") }
            } />
            <Router>
                <Layout>
                    <Routes fallback=errors::NotFoundPage>
                        <Route path=path!("") view=home::HomePage ssr=SsrMode::Async />
                        <Route path=path!("activities") view=activities::ActivitiesPage />
                        <Route path=path!("map") view=map::MapPage />
                        <Route path=path!("events") view=events::EventsPage />
                        <Route path=path!("health-check") view=health_check::HealthCheckPage />
                        <Route path=path!("about") view=about::AboutPage />
                        <Route path=path!("about/social-prescribing") view=about::SocialPrescribingPage />
                        <Route path=path!("about/link-worker") view=about::LinkWorkerPage />
                        <Route path=path!("about/community-nurse") view=about::CommunityNursePage />
                    </Routes>
                </Layout>
            </Router>
        </I18nContextProvider>
    }
}
