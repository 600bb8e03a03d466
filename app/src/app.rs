//! The HTML shell (server only) and the router shared by server and client.
use crate::i18n::*;
use crate::pages::{about, accounts, activities, casework, dashboard, diary, events, health_check, home, map, points, reports, resources, staff, suggestions};
use crate::{errors, shell::Layout};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Meta, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The document around the app. `output_name` carries the build id, so the
/// script, wasm and CSS URLs change with every build (cache-safe).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let css = format!("/{}/{}.css", options.site_pkg_dir, options.output_name);
    // islands mode: the islands rendered below say which bundle this page loads
    let page_bundle = crate::islands::bundle::PageBundle::default();
    provide_context(page_bundle.clone());
    #[cfg(feature = "islands")]
    let (scripts_in_head, scripts_at_end) = (
        view! { <crate::islands::bundle::IslandsMode /> }.into_any(),
        view! { <crate::islands::bundle::IslandScripts options=options.clone() page=page_bundle /> }.into_any(),
    );
    #[cfg(not(feature = "islands"))]
    let (scripts_in_head, scripts_at_end) = (view! { <HydrationScripts options=options.clone() /> }.into_any(), ().into_any());
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
                <meta name="theme-color" content="#1f7a5c" />
                <link rel="stylesheet" href=css />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="icon" href="/icons/favicon-32.png" />
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png" />
                <script src="/pwa.js" defer></script>
                {scripts_in_head}
                <MetaTags />
            </head>
            <body>
                <App />
                {scripts_at_end}
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nContextProvider enable_cookie=false ssr_lang_header_getter=crate::i18n::chosen_language()>
            <HeadTags />
            <Router>
                <Layout>
                    <Routes fallback=errors::NotFoundPage>
                        <Route path=path!("") view=home::HomePage ssr=SsrMode::Async />
                        <Route path=path!("activities") view=activities::ActivitiesPage ssr=SsrMode::Async />
                        <Route path=path!("activities/:id") view=activities::ActivityDetailPage ssr=SsrMode::Async />
                        <Route path=path!("map") view=map::MapPage ssr=SsrMode::Async />
                        <Route path=path!("resources/:id") view=resources::ResourceDetailPage ssr=SsrMode::Async />
                        <Route path=path!("suggest") view=suggestions::SuggestPage ssr=SsrMode::Async />
                        <Route path=path!("staff/resources") view=resources::ResourcesStaffPage ssr=SsrMode::Async />
                        <Route path=path!("staff/resources/new") view=resources::EditResourcePage ssr=SsrMode::Async />
                        <Route path=path!("staff/resources/:id") view=resources::EditResourcePage ssr=SsrMode::Async />
                        <Route path=path!("staff/suggestions") view=suggestions::SuggestionQueuePage ssr=SsrMode::Async />
                        <Route path=path!("events") view=events::EventsPage ssr=SsrMode::Async />
                        <Route path=path!("events/:id") view=events::EventDetailPage ssr=SsrMode::Async />
                        <Route path=path!("events/signup/:token") view=events::SignupPage ssr=SsrMode::Async />
                        <Route path=path!("health-check") view=health_check::HealthCheckPage ssr=SsrMode::Async />
                        <Route path=path!("health-check/history") view=health_check::HistoryPage ssr=SsrMode::Async />
                        <Route path=path!("health-check/results/:rid") view=health_check::ResultPage ssr=SsrMode::Async />
                        <Route path=path!("health-check/:id") view=health_check::TakeCheckPage ssr=SsrMode::Async />
                        <Route path=path!("login") view=accounts::LoginPage ssr=SsrMode::Async />
                        <Route path=path!("register") view=accounts::RegisterPage ssr=SsrMode::Async />
                        <Route path=path!("account") view=accounts::AccountPage ssr=SsrMode::Async />
                        <Route path=path!("diary") view=diary::DiaryHomePage ssr=SsrMode::Async />
                        <Route path=path!("diary/:id") view=diary::GroupPage ssr=SsrMode::Async />
                        <Route path=path!("diary/:id/booklet") view=diary::BookletPage ssr=SsrMode::Async />
                        <Route path=path!("points") view=points::PointsPage ssr=SsrMode::Async />
                        <Route path=path!("points/rewards/:id") view=points::RewardOfferPage ssr=SsrMode::Async />
                        <Route path=path!("points/voucher/:id") view=points::VoucherPage ssr=SsrMode::Async />
                        <Route path=path!("points/code") view=points::ShopCheckPage ssr=SsrMode::Async />
                        <Route path=path!("points/code/:code") view=points::ShopCheckPage ssr=SsrMode::Async />
                        <Route path=path!("staff/rewards") view=points::StaffRewardsPage ssr=SsrMode::Async />
                        <Route path=path!("checkin/:code") view=points::CheckinPage ssr=SsrMode::Async />
                        <Route path=path!("checkin/card/:code") view=points::CardScanPage ssr=SsrMode::Async />
                        <Route path=path!("organise") view=points::OrganisePage ssr=SsrMode::Async />
                        <Route path=path!("organise/session/:key") view=points::SessionSheetPage ssr=SsrMode::Async />
                        <Route path=path!("organise/session/:key/poster") view=points::PosterPage ssr=SsrMode::Async />
                        <Route path=path!("organise/card/:user") view=points::MemberCardPage ssr=SsrMode::Async />
                        <Route path=path!("staff/organisers") view=points::OrganisersPage ssr=SsrMode::Async />
                        <Route path=path!("account/deleted") view=accounts::AccountDeletedPage ssr=SsrMode::Async />
                        <Route path=path!("account/confirm/:token") view=accounts::ConfirmEmailPage ssr=SsrMode::Async />
                        <Route path=path!("account/checks/:id") view=accounts::SavedCheckPage ssr=SsrMode::Async />
                        <Route path=path!("password/forgot") view=accounts::ForgotPasswordPage ssr=SsrMode::Async />
                        <Route path=path!("password/reset/:token") view=accounts::ResetPasswordPage ssr=SsrMode::Async />
                        <Route path=path!("invite/:token") view=accounts::AcceptInvitationPage ssr=SsrMode::Async />
                        <Route path=path!("staff/users") view=accounts::UsersPage ssr=SsrMode::Async />
                        <Route path=path!("reports") view=reports::ReportsPage ssr=SsrMode::Async />
                        <Route path=path!("reports/:id") view=reports::ReportPage ssr=SsrMode::Async />
                        <Route path=path!("writers") view=reports::WriterPage ssr=SsrMode::Async />
                        <Route path=path!("writers/:slug") view=reports::WriterPage ssr=SsrMode::Async />
                        <Route path=path!("write") view=reports::WriteListPage ssr=SsrMode::Async />
                        <Route path=path!("write/:id") view=reports::WritePage ssr=SsrMode::Async />
                        <Route path=path!("staff/reports") view=reports::ReviewQueuePage ssr=SsrMode::Async />
                        <Route path=path!("staff/reports/:id") view=reports::ReviewPage ssr=SsrMode::Async />
                        <Route path=path!("staff") view=staff::StaffPage ssr=SsrMode::Async />
                        <Route path=path!("staff/import") view=staff::ImportPage ssr=SsrMode::Async />
                        <Route path=path!("staff/organisations") view=staff::OrganisationsPage ssr=SsrMode::Async />
                        <Route path=path!("staff/organisations/new") view=staff::EditOrganisationPage ssr=SsrMode::Async />
                        <Route path=path!("staff/organisations/:id") view=staff::EditOrganisationPage ssr=SsrMode::Async />
                        <Route path=path!("staff/events") view=staff::StaffEventsPage ssr=SsrMode::Async />
                        <Route path=path!("staff/events/new") view=staff::NewEventPage ssr=SsrMode::Async />
                        <Route path=path!("staff/events/:id") view=staff::EditEventPage ssr=SsrMode::Async />
                        <Route path=path!("staff/activities/new") view=staff::NewActivityPage ssr=SsrMode::Async />
                        <Route path=path!("staff/activities/:id") view=staff::EditActivityPage ssr=SsrMode::Async />
                        <Route path=path!("about") view=about::AboutPage ssr=SsrMode::Async />
                        <Route path=path!("about/social-prescribing") view=about::SocialPrescribingPage ssr=SsrMode::Async />
                        <Route path=path!("about/link-worker") view=about::LinkWorkerPage ssr=SsrMode::Async />
                        <Route path=path!("about/community-nurse") view=about::CommunityNursePage ssr=SsrMode::Async />
                        <Route path=path!("staff/statistics") view=health_check::StatisticsPage ssr=SsrMode::Async />
                        <Route path=path!("staff/dashboard") view=dashboard::DashboardPage ssr=SsrMode::Async />
                        <Route path=path!("open-data") view=dashboard::OpenDataPage ssr=SsrMode::Async />
                        <Route path=path!("staff/pages") view=about::PagesListPage ssr=SsrMode::Async />
                        <Route path=path!("staff/pages/:slug") view=about::EditPagePage ssr=SsrMode::Async />
                        <Route path=path!("refer") view=casework::ReferPage ssr=SsrMode::Async />
                        <Route path=path!("refer/feedback") view=casework::FeedbackPage ssr=SsrMode::Async />
                        <Route path=path!("refer/print") view=casework::BlankForm1Page ssr=SsrMode::Async />
                        <Route path=path!("casework/cases/:id/form1") view=casework::FilledForm1Page ssr=SsrMode::Async />
                        <Route path=path!("casework") view=casework::CasesPage ssr=SsrMode::Async />
                        <Route path=path!("casework/intake") view=casework::IntakePage ssr=SsrMode::Async />
                        <Route path=path!("casework/cases/:id") view=casework::CasePage ssr=SsrMode::Async />
                        <Route path=path!("staff/audit") view=casework::AuditPage ssr=SsrMode::Async />
                    </Routes>
                </Layout>
            </Router>
        </I18nContextProvider>
    }
}

/// Language-dependent head tags: page title suffix and description.
#[component]
fn HeadTags() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Meta name="description" content=crate::ui::title_text(Signal::derive(move || t_string!(i18n, common.site.tagline).to_string())) />
        <Title formatter=title_formatter(Signal::derive(move || t_string!(i18n, common.site.short_name).to_string())) />
    }
}

/// `page | site`; on the server with the site name read while rendering (see
/// [`crate::ui::title_text`] for why no signal is read later).
fn title_formatter(site: Signal<String>) -> leptos_meta::Formatter {
    #[cfg(feature = "ssr")]
    let site = {
        let name = site.get_untracked();
        move || name.clone()
    };
    #[cfg(not(feature = "ssr"))]
    let site = move || site.get();
    leptos_meta::Formatter::from(move |page: String| {
        let site = site();
        if page.is_empty() { site } else { format!("{page} | {site}") }
    })
}
