use crate::accounts::{Login, LoginReply};
use crate::i18n::*;
use crate::ui::PageHeading;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// ログイン: for everyone with an account (residents, writers, staff…).
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<Login>::new();
    let query = use_query_map();
    let next = query.with_untracked(|q| q.get("next").unwrap_or_default());
    let signed_out_all = query.with_untracked(|q| q.get("signed_out").is_some());
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, accounts.login_title).to_string()) />
        {signed_out_all.then(|| view! { <p class="notice" role="status">{t!(i18n, accounts.signed_out_all)}</p> })}
        <ActionForm action=action attr:class="stack-form" attr:data-testid="login-form">
            <input type="hidden" name="next" value=next />
            <label class="field">
                <span>{t!(i18n, accounts.email)}</span>
                <input type="email" name="email" autocomplete="username" required />
            </label>
            <label class="field">
                <span>{t!(i18n, accounts.password)}</span>
                <input type="password" name="password" autocomplete="current-password" required />
            </label>
            <button type="submit" class="button">{t!(i18n, accounts.login)}</button>
        </ActionForm>
        {move || match action.value().get() {
            Some(Ok(LoginReply::Wrong)) => Some(view! { <p class="error" role="alert" data-testid="login-error">{t!(i18n, accounts.login_failed)}</p> }.into_any()),
            Some(Ok(LoginReply::Locked { minutes })) => Some(view! {
                <p class="error" role="alert" data-testid="login-error">{move || td_string!(i18n.get_locale(), accounts.login_locked, minutes = minutes).to_string()}</p>
            }.into_any()),
            Some(Ok(LoginReply::Unconfirmed)) => Some(view! { <p class="notice" role="alert" data-testid="login-error">{t!(i18n, accounts.login_unconfirmed)}</p> }.into_any()),
            Some(Err(_)) => Some(view! { <p class="error" role="alert">{t!(i18n, common.errors.server_error_body)}</p> }.into_any()),
            _ => None,
        }}
        <ul class="link-list">
            <li><a href="/password/forgot">{t!(i18n, accounts.forgot_link)}</a></li>
            <li><a href="/register">{t!(i18n, accounts.register_link)}</a></li>
        </ul>
        <p class="muted">{t!(i18n, accounts.staff_note)}</p>
    }
}
