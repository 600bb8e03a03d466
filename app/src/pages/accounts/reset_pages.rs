use crate::accounts::{FormReply, LinkReply, RequestPasswordReset, ResetPassword};
use crate::i18n::*;
use crate::ui::forms::{FieldProblem, NewPasswordFields};
use crate::ui::PageHeading;
use crate::validation::FieldError;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// パスワードを忘れた方: ask for a reset link by e-mail.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RequestPasswordReset>::new();
    let errors = Signal::derive(move || match action.value().get() {
        Some(Ok(FormReply::Invalid(e))) => e,
        _ => Vec::<FieldError>::new(),
    });
    let sent = move || matches!(action.value().get(), Some(Ok(FormReply::Done)));
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, accounts.forgot_title).to_string())
            lead=Signal::derive(move || t_string!(i18n, accounts.forgot_lead).to_string())
        />
        <div hidden=sent>
            <ActionForm action=action attr:class="stack-form">
                <label class="field">
                    <span>{t!(i18n, accounts.email)}</span>
                    <input type="email" name="email" autocomplete="email" required />
                    <FieldProblem errors=errors name="email" />
                </label>
                <button type="submit" class="button">{t!(i18n, accounts.forgot_button)}</button>
            </ActionForm>
        </div>
        {move || sent().then(|| view! { <p class="notice" role="status" data-testid="forgot-sent">{t!(i18n, accounts.forgot_sent)}</p> })}
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
    let action = ServerAction::<ResetPassword>::new();
    let errors = Signal::derive(move || match action.value().get() {
        Some(Ok(LinkReply::Invalid(e))) => e,
        _ => Vec::<FieldError>::new(),
    });
    let expired = move || matches!(action.value().get(), Some(Ok(LinkReply::LinkExpired)));
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, accounts.reset_title).to_string()) />
        <Suspense>
            {move || {
                let token = token.clone();
                Suspend::new(async move {
                    if !matches!(valid.await, Ok(true)) {
                        return view! { <LinkExpired /> }.into_any();
                    }
                    view! {
                        <div hidden=expired>
                            <ActionForm action=action attr:class="stack-form">
                                <input type="hidden" name="token" value=token />
                                <NewPasswordFields errors=errors />
                                <button type="submit" class="button">{t!(i18n, accounts.reset_button)}</button>
                            </ActionForm>
                        </div>
                        {move || expired().then(|| view! { <LinkExpired /> })}
                    }.into_any()
                })
            }}
        </Suspense>
    }
}

#[component]
pub fn LinkExpired() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="card" data-testid="link-expired">
            <p role="alert">{t!(i18n, accounts.link_expired)}</p>
            <a class="button secondary" href="/password/forgot">{t!(i18n, accounts.forgot_link)}</a>
        </div>
    }
}
