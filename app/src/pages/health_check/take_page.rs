//! Taking a check on a phone: the questionnaire from the server, the flow in
//! the [`CheckFlow`] island.
use crate::i18n::*;
use crate::islands::resident::check_flow::CheckFlow;
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn TakeCheckPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let q = Resource::new(id, crate::health_check::questionnaire_or_builtin);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match q.await {
                    Ok(q) => {
                        let i18n = use_i18n();
                        let title = q.title.clone();
                        view! {
                            <PageHeading title=Signal::derive(move || title.pick(i18n.get_locale() == Locale::en).to_string()) />
                            <CheckFlow q=q />
                        }.into_any()
                    }
                    Err(_) => view! { <crate::errors::NotFoundPage /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

