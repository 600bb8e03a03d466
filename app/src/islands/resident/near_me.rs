//! 「現在地を使う」: the one part of 近くを探す that needs the browser (its
//! position, after its own permission prompt). Choosing a district's centre
//! beside it is a plain form and works without JavaScript.
use crate::activities::query::ActivityQuery;
use crate::i18n::*;
use crate::islands::{island, needs, Part};
use leptos::prelude::*;

/// The button appears once the island runs (without JavaScript it could do
/// nothing); a refusal or a phone without GPS gets a message pointing to the
/// district choice.
#[island]
pub fn NearMeButton(query: ActivityQuery, action: String) -> impl IntoView {
    needs(Part::Resident);
    let i18n = island_i18n();
    let failed = RwSignal::new(false);
    let running = RwSignal::new(false);
    Effect::new(move |_| running.set(true));
    let ask = move |_| {
        let (q, action) = (query.clone(), action.clone());
        failed.set(false);
        crate::ui::browser::current_position(move |pos| match pos {
            Some((lat, lon)) => {
                let next = ActivityQuery { lat: Some(lat), lon: Some(lon), sort: "nearest".into(), pages: 1, ..q };
                crate::ui::browser::go_to(&format!("{action}?{}", next.to_query_string()));
            }
            None => failed.set(true),
        });
    };
    view! {
        <Show when=move || running.get()>
            <p><button type="button" class="button secondary" data-testid="near-me" on:click=ask.clone()>{t!(i18n, places.near_allow)}</button></p>
        </Show>
        {move || failed.get().then(|| view! { <p class="error" role="alert">{t!(i18n, places.near_failed)}</p> })}
    }
}
