//! このサイトについて and the explainer pages (社会的処方とは, リンクワーカーとは,
//! コミュニティナースとは). Texts live in `locales/*/explain.json`.
use crate::i18n::*;
use leptos_i18n::I18nContext;
use crate::ui::PageHeading;
use leptos::prelude::*;

/// The explainer pages, for links from the home page and the about page.
pub const EXPLAINERS: [(&str, Explainer); 3] = [
    ("/about/social-prescribing", Explainer::SocialPrescribing),
    ("/about/link-worker", Explainer::LinkWorker),
    ("/about/community-nurse", Explainer::CommunityNurse),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Explainer {
    SocialPrescribing,
    LinkWorker,
    CommunityNurse,
}

impl Explainer {
    pub fn title(self, i18n: I18nContext<Locale>) -> &'static str {
        match self {
            Explainer::SocialPrescribing => t_string!(i18n, explain.social_prescribing.title),
            Explainer::LinkWorker => t_string!(i18n, explain.link_worker.title),
            Explainer::CommunityNurse => t_string!(i18n, explain.community_nurse.title),
        }
    }

    pub fn summary(self, i18n: I18nContext<Locale>) -> &'static str {
        match self {
            Explainer::SocialPrescribing => t_string!(i18n, explain.social_prescribing.summary),
            Explainer::LinkWorker => t_string!(i18n, explain.link_worker.summary),
            Explainer::CommunityNurse => t_string!(i18n, explain.community_nurse.summary),
        }
    }
}

/// Links to the three explainer pages, as cards.
#[component]
pub fn ExplainerLinks() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="card-list">
            {EXPLAINERS
                .into_iter()
                .map(|(href, e)| {
                    view! {
                        <li class="card link-card">
                            <a href=href>
                                <h3>{move || e.title(i18n)}</h3>
                                <p>{move || e.summary(i18n)}</p>
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// One explainer page: title, lead and four sections from `explain.<key>`.
macro_rules! explainer_page {
    ($name:ident, $key:ident) => {
        #[component]
        pub fn $name() -> impl IntoView {
            let i18n = use_i18n();
            view! {
                <article class="prose">
                    <PageHeading
                        title=Signal::derive(move || t_string!(i18n, explain.$key.title).to_string())
                        lead=Signal::derive(move || t_string!(i18n, explain.$key.lead).to_string())
                    />
                    <section><h2>{t!(i18n, explain.$key.s1_heading)}</h2><p>{t!(i18n, explain.$key.s1_body)}</p></section>
                    <section><h2>{t!(i18n, explain.$key.s2_heading)}</h2><p>{t!(i18n, explain.$key.s2_body)}</p></section>
                    <section><h2>{t!(i18n, explain.$key.s3_heading)}</h2><p>{t!(i18n, explain.$key.s3_body)}</p></section>
                    <section><h2>{t!(i18n, explain.$key.s4_heading)}</h2><p>{t!(i18n, explain.$key.s4_body)}</p></section>
                </article>
                <ExplainerLinks />
            }
        }
    };
}

explainer_page!(AboutPage, about);
explainer_page!(SocialPrescribingPage, social_prescribing);
explainer_page!(LinkWorkerPage, link_worker);
explainer_page!(CommunityNursePage, community_nurse);
