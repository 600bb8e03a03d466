//! 共有 / リンクをコピー / 印刷: the buttons that need the browser (the share
//! sheet, the clipboard, the print dialog). The QR code and the LINE link
//! around them are plain HTML from the server.
use crate::i18n::*;
use crate::islands::{island, needs, Part};
use leptos::prelude::*;

#[island]
pub fn ShareButtons(title: String, url: String) -> impl IntoView {
    needs(Part::Resident);
    let i18n = island_i18n();
    let copied = RwSignal::new(false);
    let (t2, u2, u3) = (title.clone(), url.clone(), url);
    view! {
        <button type="button" class="button secondary" on:click=move |_| {
            if !crate::ui::browser::share(&t2, &u2) {
                copied.set(crate::ui::browser::copy(&u2));
            }
        }>{t!(i18n, activities.share)}</button>
        <button type="button" class="button secondary" on:click=move |_| copied.set(crate::ui::browser::copy(&u3))>
            {move || if copied.get() { t_string!(i18n, activities.copied) } else { t_string!(i18n, activities.copy_link) }}
        </button>
        <button type="button" class="button secondary" on:click=move |_| crate::ui::browser::print()>{t!(i18n, activities.print)}</button>
    }
}
