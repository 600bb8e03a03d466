use crate::i18n::*;
use crate::islands::resident::account_forms::RegisterForm;
use crate::ui::PageHeading;
use leptos::prelude::*;

/// 新規登録 (residents). Writers and staff are invited instead.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, accounts.register_title).to_string())
            lead=Signal::derive(move || t_string!(i18n, accounts.register_lead).to_string())
        />
        <RegisterForm />
        <p><a href="/login">{t!(i18n, accounts.have_account)}</a></p>
    }
}
