//! 印刷: the one button a printable page needs (the print dialog). The
//! label comes from the server, so the island carries no texts.
use crate::islands::{island, needs, Part};
use leptos::prelude::*;

#[island]
pub fn PrintButton(label: String) -> impl IntoView {
    needs(Part::Resident);
    view! { <button type="button" class="button" data-testid="print" on:click=move |_| crate::ui::browser::print()>{label}</button> }
}
