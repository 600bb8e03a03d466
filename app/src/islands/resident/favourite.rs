//! ☆ お気に入り on a listing's page: asks the server whether the person is
//! signed in and has it, then toggles it.
use crate::i18n::*;
use crate::islands::{island, needs, Part};
use leptos::prelude::*;

/// ☆ お気に入りに追加 / ★ お気に入り (signed in), or a sign-in link.
#[island]
pub fn FavouriteButton(activity_id: i64) -> impl IntoView {
    needs(Part::Resident);
    let i18n = island_i18n();
    let state = LocalResource::new(move || crate::accounts::favourite_state(activity_id));
    let on = RwSignal::new(None::<bool>);
    Effect::new(move |_| {
        if let Some(Ok(s)) = state.get() {
            on.set(s);
        }
    });
    let toggle = Action::new(move |want: &bool| {
        let want = *want;
        async move {
            if let Ok(now) = crate::accounts::set_favourite(activity_id, want).await {
                on.set(Some(now));
            }
        }
    });
    view! {
        <div class="favourite" data-testid="favourite">
            {move || match on.get() {
                None => view! {
                    <a class="button secondary" href=format!("/login?next=/activities/{activity_id}")>
                        "☆ "{t!(i18n, accounts.favourite_sign_in)}
                    </a>
                }.into_any(),
                Some(is_on) => view! {
                    <button type="button" class="button secondary" aria-pressed=is_on.to_string()
                        on:click=move |_| { toggle.dispatch(!is_on); }>
                        {if is_on { "★ " } else { "☆ " }}
                        {move || if is_on { t_string!(i18n, accounts.favourite_on) } else { t_string!(i18n, accounts.favourite_add) }}
                    </button>
                }.into_any(),
            }}
        </div>
    }
}
