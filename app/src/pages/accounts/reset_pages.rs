use crate::i18n::*;
use crate::islands::resident::account_forms::{ForgotForm, LinkExpired, ResetForm};
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// パスワードを忘れた方: ask for a reset link by e-mail.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, accounts.forgot_title).to_string())
            lead=Signal::derive(move || t_string!(i18n, accounts.forgot_lead).to_string())
        />
        <ForgotForm />
    }
}

/// The page the reset mail links to: choose a new password.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let valid = Resource::new(move || (), {
        let token = token.clone();
        move |_| crate::accounts::reset_link_valid(token.clone())
    });
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, accounts.reset_title).to_string()) />
        <Suspense>
            {move || {
                let token = token.clone();
                Suspend::new(async move {
                    if !matches!(valid.await, Ok(true)) {
                        return view! { <LinkExpired /> }.into_any();
                    }
                    view! { <ResetForm token=token /> }.into_any()
                })
            }}
        </Suspense>
    }
}
