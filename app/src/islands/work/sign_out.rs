//! Signing out on a link worker's tablet: the casework kept on the device
//! (the encrypted outbox and the cases kept for offline use) goes with it.
use crate::accounts::{Logout, LogoutEverywhere};
use crate::i18n::*;
use crate::islands::{island, needs, Part};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[island]
pub fn SignOutAndForget() -> impl IntoView {
    needs(Part::Casework);
    let i18n = island_i18n();
    let logout = ServerAction::<Logout>::new();
    let everywhere = ServerAction::<LogoutEverywhere>::new();
    let forget = move |_| leptos::task::spawn_local(crate::casework::sync_client::forget_device());
    view! {
        <div class="button-row">
            <ActionForm action=logout><button type="submit" class="button secondary" data-testid="logout" on:click=forget>{t!(i18n, accounts.logout)}</button></ActionForm>
            <ActionForm action=everywhere><button type="submit" class="button secondary" data-testid="logout-everywhere" on:click=forget>{t!(i18n, accounts.logout_everywhere)}</button></ActionForm>
        </div>
    }
}
