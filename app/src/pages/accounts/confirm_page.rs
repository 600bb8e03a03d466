use crate::accounts::ConfirmEmail;
use crate::i18n::*;
use crate::ui::PageHeading;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The page the confirmation mail links to: one button confirms and signs in.
#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let action = ServerAction::<ConfirmEmail>::new();
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, accounts.confirm_title).to_string()) />
        <ActionForm action=action attr:class="stack-form">
            <input type="hidden" name="token" value=token />
            <button type="submit" class="button" data-testid="confirm-button">{t!(i18n, accounts.confirm_button)}</button>
        </ActionForm>
        {move || matches!(action.value().get(), Some(Ok(false))).then(|| view! {
            <p class="error" role="alert" data-testid="confirm-expired">{t!(i18n, accounts.link_expired)}</p>
        })}
    }
}
