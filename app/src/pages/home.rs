//! ホーム: what the portal offers, how to learn about social prescribing,
//! and the town's districts (read from the database, rendered on the server).
use crate::about::ExplainerLinks;
use crate::districts::list_districts;
use crate::i18n::*;
use crate::ui::icons::Icon;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let districts = Resource::new(|| (), |_| list_districts());
    view! {
        <Title text=crate::ui::title_text(Signal::derive(move || t_string!(i18n, common.home.title).to_string())) />
        <section class="hero">
            <h1>{t!(i18n, common.home.hero_title)}</h1>
            <p class="lead">{t!(i18n, common.home.hero_lead)}</p>
        </section>

        <section aria-labelledby="sections-heading">
            <h2 id="sections-heading">{t!(i18n, common.home.sections_heading)}</h2>
            <ul class="card-list features">
                <Feature href="/activities" icon=Icon::Search soon=false
                    title=Signal::derive(move || t_string!(i18n, common.home.activities_title).to_string())
                    body=Signal::derive(move || t_string!(i18n, common.home.activities_body).to_string()) />
                <Feature href="/map" icon=Icon::Map soon=false
                    title=Signal::derive(move || t_string!(i18n, common.home.map_title).to_string())
                    body=Signal::derive(move || t_string!(i18n, common.home.map_body).to_string()) />
                <Feature href="/events" icon=Icon::Calendar soon=false
                    title=Signal::derive(move || t_string!(i18n, common.home.events_title).to_string())
                    body=Signal::derive(move || t_string!(i18n, common.home.events_body).to_string()) />
                <Feature href="/health-check" icon=Icon::Heart soon=false
                    title=Signal::derive(move || t_string!(i18n, common.home.health_title).to_string())
                    body=Signal::derive(move || t_string!(i18n, common.home.health_body).to_string()) />
                <Feature href="/reports" icon=Icon::Report soon=false
                    title=Signal::derive(move || t_string!(i18n, common.home.reports_title).to_string())
                    body=Signal::derive(move || t_string!(i18n, common.home.reports_body).to_string()) />
            </ul>
        </section>

        <section aria-labelledby="learn-heading">
            <h2 id="learn-heading">{t!(i18n, common.home.learn_heading)}</h2>
            <ExplainerLinks />
        </section>

        <section aria-labelledby="districts-heading" class="districts">
            <h2 id="districts-heading">{t!(i18n, common.home.districts_heading)}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let list = districts.await.unwrap_or_default();
                    let count = list.len();
                    view! {
                        <p class="muted">{t!(i18n, common.home.districts_count, count = count)}</p>
                        <ul class="chips" data-testid="district-list">
                            {list
                                .into_iter()
                                .map(|d| view! { <li class="chip">{move || d.name(i18n.get_locale()).to_string()}</li> })
                                .collect_view()}
                        </ul>
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Feature(
    href: &'static str,
    icon: Icon,
    soon: bool,
    title: Signal<String>,
    body: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let inner = view! {
        <span class="feature-icon">{icon.view()}</span>
        <span class="feature-text">
            <strong>{move || title.get()}</strong>
            <span>{move || body.get()}</span>
        </span>
    };
    if soon {
        view! {
            <li class="card feature soon">
                <div class="feature-link" aria-disabled="true">
                    {inner}
                    <span class="badge">{t!(i18n, common.home.coming_soon)}</span>
                </div>
            </li>
        }
        .into_any()
    } else {
        view! {
            <li class="card feature">
                <a class="feature-link" href=href>{inner}</a>
            </li>
        }
        .into_any()
    }
}
