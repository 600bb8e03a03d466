//! `/staff/users`: accounts and invitations (the [`UserAdmin`] island).
use crate::i18n::*;
use crate::islands::work::staff::users::UserAdmin;
use crate::ui::PageHeading;
use leptos::prelude::*;

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, accounts.users_title).to_string()) />
        <UserAdmin />
    }
}
