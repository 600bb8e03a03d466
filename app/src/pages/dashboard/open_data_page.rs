//! `/open-data`: the yearly summary the city may publish, explained in
//! plain words (what is counted, what is left out and why), with the files
//! for each fiscal year.
use crate::calendar::{fiscal_year_of, today_tokyo};
use crate::dashboard::suppression::MIN_PEOPLE;
use crate::i18n::*;
use crate::ui::PageHeading;
use leptos::prelude::*;

#[component]
pub fn OpenDataPage() -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let now = fiscal_year_of(today_tokyo());
    let years: Vec<i32> = (0..3).map(|i| now - i).collect();
    let n = MIN_PEOPLE.to_string();
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, dashboard.open_title).to_string())
            lead=Signal::derive(move || t_string!(i18n, dashboard.open_lead).to_string())
        />
        <section class="card prose" data-testid="open-data-explainer">
            <h2>{t!(i18n, dashboard.open_what_h)}</h2>
            <p>{t!(i18n, dashboard.open_what)}</p>
            <ul>
                <li>{t!(i18n, dashboard.open_what_referrals)}</li>
                <li>{t!(i18n, dashboard.open_what_connections)}</li>
                <li>{t!(i18n, dashboard.open_what_outcomes)}</li>
                <li>{t!(i18n, dashboard.open_what_resources)}</li>
                <li>{t!(i18n, dashboard.open_what_population)}</li>
            </ul>
            <h2>{t!(i18n, dashboard.open_privacy_h)}</h2>
            <p>{td_string!(l, dashboard.open_privacy_small, n = n.clone()).to_string()}</p>
            <p>{t!(i18n, dashboard.open_privacy_withheld)}</p>
            <p>{t!(i18n, dashboard.open_privacy_never)}</p>
            <h2>{t!(i18n, dashboard.open_files_h)}</h2>
            <p>{t!(i18n, dashboard.open_files)}</p>
            <ul class="plain-list open-data-files" data-testid="open-data-files">
                {years.into_iter().map(|y| {
                    let partial = y == now;
                    view! {
                        <li>
                            <strong>{td_string!(l, dashboard.open_year, year = y.to_string()).to_string()}</strong>
                            {partial.then(|| view! { " "<span class="badge">{t!(i18n, dashboard.open_partial)}</span> })}
                            " "<a href=format!("/open-data/summary.csv?year={y}") download>"CSV"</a>
                            " "<a href=format!("/open-data/summary.json?year={y}")>"JSON"</a>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <h2>{t!(i18n, dashboard.open_columns_h)}</h2>
            <p>{t!(i18n, dashboard.open_columns)}</p>
        </section>
    }
}
