//! `/staff/organisers`: who organises which activity (city staff).
use crate::attendance::organise::list_organisers;
use crate::i18n::*;
use crate::ui::access::AccessDenied;
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn OrganisersPage() -> impl IntoView {
    let i18n = use_i18n();
    let missing = use_query_map().with_untracked(|q| q.get("missing").is_some());
    let list = Resource::new(|| (), |_| list_organisers());
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, points.organisers_title).to_string())
            lead=Signal::derive(move || t_string!(i18n, points.organisers_lead).to_string())
        />
        {missing.then(|| view! { <p class="error" role="alert" data-testid="no-account">{t!(i18n, points.no_account)}</p> })}
        <Suspense>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <AccessDenied error=e /> }.into_any(),
                    Ok(l) => {
                        let none = l.organisers.is_empty();
                        view! {
                            <form method="post" action="/api/staff/organisers/set" class="card stack">
                                <input type="hidden" name="remove" value="false" />
                                <label>{t!(i18n, points.activity)}
                                    <select name="activity_id" required>
                                        {l.activities.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                                    </select>
                                </label>
                                <label>{t!(i18n, points.email)}<input type="email" name="email" required autocomplete="off" /></label>
                                <button type="submit" class="button" data-testid="add-organiser">{t!(i18n, points.add_organiser)}</button>
                            </form>
                            {none.then(|| view! { <p class="muted">{t!(i18n, points.organisers_none)}</p> })}
                            <ul class="plain-list" data-testid="organisers">
                                {l.organisers.into_iter().map(|(activity, activity_name, _, name, email)| view! {
                                    <li class="member-row">
                                        <span><strong>{activity_name}</strong>" — "{name}" ("{email.clone()}")"</span>
                                        <form method="post" action="/api/staff/organisers/set">
                                            <input type="hidden" name="activity_id" value=activity.to_string() />
                                            <input type="hidden" name="email" value=email />
                                            <input type="hidden" name="remove" value="true" />
                                            <button type="submit" class="button secondary small">{t!(i18n, points.remove)}</button>
                                        </form>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
