use crate::staff::{load_staff_overview, ResolveReport};
use crate::islands::{island, needs, Part};
use crate::ui::access::Forbidden;
use crate::accounts::Logout;
use crate::activities::problem_reports::ProblemKind;
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The staff menu: open problem reports, and ways into editing.
#[island]
pub fn StaffDesk() -> impl IntoView {
    needs(Part::Staff);
    let i18n = island_i18n();
    let resolve = ServerAction::<ResolveReport>::new();
    let logout = ServerAction::<Logout>::new();
    // loaded once; a resolved report is hidden from the reply (refetching
    // would tear down the ActionForm that is still finishing, which panics)
    let overview = Resource::new(|| (), |_| load_staff_overview());
    let resolved = RwSignal::new(Vec::<i64>::new());
    let pending = StoredValue::new(None::<i64>);
    Effect::new(move |_| {
        if let Some(input) = resolve.input().get() {
            pending.set_value(Some(input.id));
        }
    });
    Effect::new(move |_| {
        if let (Some(Ok(())), Some(id)) = (resolve.value().get(), pending.get_value()) {
            resolved.update(|r| r.push(id));
        }
    });
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match overview.await {
                    Err(e) => view! { <Forbidden error=e /> }.into_any(),
                    Ok(o) => {
                        let name = o.display_name.clone();
                        view! {
                            <p>{move || td_string!(i18n.get_locale(), staff.signed_in_as, name = name.clone()).to_string()}</p>
                            <ActionForm action=logout><button type="submit" class="button secondary">{t!(i18n, staff.logout)}</button></ActionForm>
                            <section>
                                <h2>{t!(i18n, staff.find_title)}</h2>
                                <form method="GET" action="/activities" class="search-row">
                                    <input type="search" name="q" aria-label=move || t_string!(i18n, staff.find_title) />
                                    <button type="submit" class="button">{t!(i18n, activities.search_button)}</button>
                                </form>
                                <p><a class="button secondary" href="/staff/activities/new">{t!(i18n, staff.new_activity)}</a></p>
                                <p><a class="button secondary" href="/staff/events">{t!(i18n, events.staff_title)}</a></p>
                                <p><a class="button secondary" href="/staff/organisations">{t!(i18n, staff.orgs_title)}</a></p>
                                <p><a class="button secondary" href="/staff/resources">{t!(i18n, places.staff_title)}</a></p>
                                <p><a class="button secondary" href="/staff/suggestions">{t!(i18n, places.queue_title)}</a></p>
                                <p><a class="button secondary" href="/staff/import">{t!(i18n, staff.import_link)}</a></p>
                                <p><a class="button secondary" href="/staff/pages">{t!(i18n, pages.list_title)}</a></p>
                                <p><a class="button secondary" href="/staff/statistics">{t!(i18n, health.stats_page_title)}</a></p>
                            </section>
                            <section data-testid="report-queue">
                                <h2>{t!(i18n, staff.reports_title)}</h2>
                                {o.open_reports.is_empty().then(|| view! { <p>{t!(i18n, staff.reports_none)}</p> })}
                                <ul class="results">
                                    {o.open_reports.into_iter().map(|r| view! {
                                        <li class="card result" hidden=move || resolved.with(|ids| ids.contains(&r.id))>
                                            <a href=format!("/staff/activities/{}", r.activity_id)><strong>{r.activity_name.clone()}</strong></a>
                                            <p>{move || kind_label(i18n.get_locale(), r.kind)}": "{r.note.clone()}</p>
                                            <p class="muted">{r.created_at.clone()}</p>
                                            <ActionForm action=resolve>
                                                <input type="hidden" name="id" value=r.id />
                                                <label class="field"><span>{t!(i18n, staff.resolution)}</span><input type="text" name="resolution" /></label>
                                                <button type="submit" class="button secondary">{t!(i18n, staff.resolve)}</button>
                                            </ActionForm>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            </section>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}


fn kind_label(locale: Locale, k: ProblemKind) -> &'static str {
    match k {
        ProblemKind::Time => td_string!(locale, activities.report_time),
        ProblemKind::Place => td_string!(locale, activities.report_place),
        ProblemKind::Contact => td_string!(locale, activities.report_contact),
        ProblemKind::Ended => td_string!(locale, activities.report_ended),
        ProblemKind::Other => td_string!(locale, activities.report_other),
    }
}
