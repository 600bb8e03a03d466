use crate::i18n::*;
use crate::ui::ComingSoon;
use leptos::prelude::*;

#[component]
pub fn MapPage() -> impl IntoView {
    let i18n = use_i18n();
    view! { <ComingSoon title=Signal::derive(move || t_string!(i18n, common.nav.map).to_string()) /> }
}
