use crate::i18n::*;
use crate::islands::resident::account_forms::LoginForm;
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// ログイン: for everyone with an account (residents, writers, staff…).
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let next = query.with_untracked(|q| q.get("next").unwrap_or_default());
    let signed_out_all = query.with_untracked(|q| q.get("signed_out").is_some());
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, accounts.login_title).to_string()) />
        {signed_out_all.then(|| view! { <p class="notice" role="status">{t!(i18n, accounts.signed_out_all)}</p> })}
        <LoginForm next=next />
        <ul class="link-list">
            <li><a href="/password/forgot">{t!(i18n, accounts.forgot_link)}</a></li>
            <li><a href="/register">{t!(i18n, accounts.register_link)}</a></li>
        </ul>
        <p class="muted">{t!(i18n, accounts.staff_note)}</p>
    }
}
