use crate::i18n::*;
use crate::islands::resident::account_forms::ConfirmForm;
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The page the confirmation mail links to: one button confirms and signs in.
#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, accounts.confirm_title).to_string()) />
        <ConfirmForm token=token />
    }
}
