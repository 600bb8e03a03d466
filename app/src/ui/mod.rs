//! Shared UI pieces used by several features.
pub mod access;
pub mod browser;
pub mod forms;
pub mod icons;
pub mod markdown_editor;
pub mod share;
pub mod static_map;

use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

/// The `<title>` text. On the server it is a plain string, read while the
/// page renders: leptos_meta evaluates title closures after rendering, on
/// whatever worker thread the response continues on, where reading a signal
/// panics ("sandboxed-arenas … no Arena is active"). In the browser it
/// follows the signal (language switch).
pub fn title_text(title: Signal<String>) -> leptos::text_prop::TextProp {
    #[cfg(feature = "ssr")]
    {
        title.get_untracked().into()
    }
    #[cfg(not(feature = "ssr"))]
    {
        (move || title.get()).into()
    }
}

/// A distance for people, not engineers: 「約350m」, 「約1.2km」.
pub fn distance_label(locale: Locale, m: u32) -> String {
    if m < 1000 {
        td_string!(locale, activities.distance_m, m = m).to_string()
    } else {
        td_string!(locale, activities.distance_km, km = format!("{:.1}", m as f64 / 1000.0)).to_string()
    }
}

/// Page title (`<h1>` and `<title>`), with an optional lead paragraph.
#[component]
pub fn PageHeading(
    #[prop(into)] title: Signal<String>,
    #[prop(optional, into)] lead: Option<Signal<String>>,
) -> impl IntoView {
    view! {
        <Title text=title_text(title) />
        <header class="page-heading">
            <h1>{move || title.get()}</h1>
            {lead.map(|lead| view! { <p class="lead">{move || lead.get()}</p> })}
        </header>
    }
}

/// A section that a later release fills in: says so plainly and links home.
#[component]
pub fn ComingSoon(#[prop(into)] title: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading title=title />
        <section class="card coming-soon">
            <h2>{t!(i18n, common.placeholder.title)}</h2>
            <p>{t!(i18n, common.placeholder.body)}</p>
            <a class="button" href="/">{t!(i18n, common.placeholder.back_home)}</a>
        </section>
    }
}
