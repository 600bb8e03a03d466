//! The frame around every page: header with site name and display switches,
//! main content, footer, and the navigation (bottom bar on phones, side bar
//! on tablets ≥ 768 px).
mod header;
mod nav;
pub mod pwa;

pub use header::Header;
pub use nav::{NavBar, NavItem};

use crate::i18n::*;
use crate::preferences::{provide_text_size, TextSizeOnHtml};
use leptos::prelude::*;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let text_size = provide_text_size();
    pwa::mark_hydrated();
    let i18n = use_i18n();
    view! {
        <TextSizeOnHtml size=text_size />
        <a class="skip-link" href="#main">{t!(i18n, common.site.skip_to_content)}</a>
        <div class="frame">
            <Header />
            <NavBar />
            <main id="main" class="content" tabindex="-1">
                {children()}
            </main>
            <footer class="site-footer">
                <p>{t!(i18n, common.site.footer_note)}</p>
                <p class="emergency">{t!(i18n, common.site.footer_emergency)}</p>
                <p><a href="/about">{t!(i18n, common.nav.about)}</a>" ・ "<a href="/open-data">{t!(i18n, dashboard.footer_open_data)}</a></p>
            </footer>
        </div>
    }
}
