use crate::i18n::*;
use crate::ui::access::AccessDenied;
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// A result saved to the account: the chart and scores, rendered on the server.
#[component]
pub fn SavedCheckPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_params_map().with_untracked(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let saved = Resource::new(move || (), move |_| crate::accounts::saved_checks::get_saved_check(id));
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, accounts.saved_check_title).to_string()) />
        <Suspense>
            {move || Suspend::new(async move {
                match saved.await {
                    Err(e) => view! { <AccessDenied error=e /> }.into_any(),
                    Ok(r) => view! {
                        <p class="muted">{r.taken_at.replace('T', " ")}</p>
                        <crate::islands::resident::check_result::SavedResultView result=r />
                        <p><a class="button secondary" href="/account">{t!(i18n, accounts.back_to_account)}</a></p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
