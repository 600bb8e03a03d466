//! ヘルスチェック start page: the questionnaires on offer with their length,
//! what happens to the answers, and the way to past results.
use crate::health_check::questionnaire::QuestionnaireKind;
use crate::i18n::*;
use crate::ui::PageHeading;
use leptos::prelude::*;

/// Rough minutes to answer `items` questions on a phone (about 12 s each).
pub fn minutes(items: usize) -> usize {
    (items * 12).div_ceil(60).max(1)
}

#[component]
pub fn HealthCheckPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(|| (), |_| crate::health_check::questionnaires_or_builtin());
    let english = move || i18n.get_locale() == Locale::en;
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, health.title).to_string())
            lead=Signal::derive(move || t_string!(i18n, health.lead).to_string())
        />
        <p class="notice privacy-note">{t!(i18n, health.privacy)}</p>
        <Suspense>
            {move || Suspend::new(async move {
                let mut all = list.await.unwrap_or_default();
                // Positive Health quick first: the two-minute way in
                all.sort_by_key(|q| (q.kind != QuestionnaireKind::PositiveHealth, q.items));
                view! {
                    <ul class="card-list" data-testid="questionnaires">
                        {all.into_iter().map(|q| {
                            let (title, intro) = (q.title.clone(), q.intro.clone());
                            view! {
                                <li class="card result">
                                    <h2 class="result-name">{move || title.pick(english()).to_string()}</h2>
                                    <p>{move || intro.pick(english()).to_string()}</p>
                                    <p class="muted">
                                        {move || td_string!(i18n.get_locale(), health.questions, n = q.items).to_string()}" · "
                                        {move || td_string!(i18n.get_locale(), health.minutes, n = minutes(q.items)).to_string()}
                                    </p>
                                    <a class="button" href=format!("/health-check/{}", q.id) data-testid=format!("start-{}", q.id)>{t!(i18n, health.start)}</a>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
            })}
        </Suspense>
        <p><a class="button secondary" href="/health-check/history">{t!(i18n, health.history)}</a></p>
    }
}
