use super::Login;
use crate::i18n::*;
use crate::ui::PageHeading;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<Login>::new();
    let next = use_query_map().with_untracked(|q| q.get("next").unwrap_or_default());
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, staff.login_title).to_string()) />
        <ActionForm action=action attr:class="stack-form">
            <input type="hidden" name="next" value=next />
            <label class="field">
                <span>{t!(i18n, staff.email)}</span>
                <input type="email" name="email" autocomplete="username" required />
            </label>
            <label class="field">
                <span>{t!(i18n, staff.password)}</span>
                <input type="password" name="password" autocomplete="current-password" required />
            </label>
            <button type="submit" class="button">{t!(i18n, staff.login)}</button>
        </ActionForm>
        {move || matches!(action.value().get(), Some(Err(_))).then(|| view! {
            <p class="error" role="alert">{t!(i18n, staff.login_failed)}</p>
        })}
    }
}
