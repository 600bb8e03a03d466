//! ☆ お気に入り on a listing's page: asks the server whether the person is
//! signed in and has it, then toggles it. It posts to the two server
//! functions itself (`ui::browser::post_form`) instead of calling them
//! through the server-function client, which would be a fifth of the
//! resident bundle (docs/benchmarks.md, issue 16, step 4).
use crate::accounts::{FavouriteState, SetFavourite};
use crate::i18n::*;
use crate::islands::{island, needs, Part};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// ☆ お気に入りに追加 / ★ お気に入り (signed in), or a sign-in link.
#[island]
pub fn FavouriteButton(activity_id: i64) -> impl IntoView {
    needs(Part::Resident);
    let i18n = island_i18n();
    // None: not known yet, or nobody signed in (the sign-in link)
    let on = RwSignal::new(None::<bool>);
    let id = activity_id.to_string();
    // answers are JSON: `null` (signed out), `true` or `false`
    let state_of = |status: u16, body: &str| if (200..300).contains(&status) { serde_json::from_str::<Option<bool>>(body).ok().flatten() } else { None };
    {
        let id = id.clone();
        Effect::new(move |_| {
            crate::ui::browser::post_form(FavouriteState::PATH, &[("activity_id", &id)], 15_000, move |status, body| {
                on.set(state_of(status, &body));
            });
        });
    }
    let toggle = move |want: bool| {
        let want_text = want.to_string();
        crate::ui::browser::post_form(SetFavourite::PATH, &[("activity_id", &id), ("favourite", &want_text)], 15_000, move |status, body| {
            // on a failure the button keeps what it showed
            if let Some(now) = state_of(status, &body) {
                on.set(Some(now));
            }
        });
    };
    view! {
        <div class="favourite" data-testid="favourite">
            {move || match on.get() {
                None => view! {
                    <a class="button secondary" href=format!("/login?next=/activities/{activity_id}")>
                        "☆ "{t!(i18n, accounts.favourite_sign_in)}
                    </a>
                }.into_any(),
                Some(is_on) => {
                    let toggle = toggle.clone();
                    view! {
                        <button type="button" class="button secondary" aria-pressed=is_on.to_string()
                            on:click=move |_| toggle(!is_on)>
                            {if is_on { "★ " } else { "☆ " }}
                            {move || if is_on { t_string!(i18n, accounts.favourite_on) } else { t_string!(i18n, accounts.favourite_add) }}
                        </button>
                    }.into_any()
                }
            }}
        </div>
    }
}
