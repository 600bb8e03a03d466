//! The share section of a listing or an event: share sheet / copy link /
//! LINE, and the QR code + print button for flyers.
use crate::i18n::*;
use crate::islands::resident::share::ShareButtons;
use leptos::prelude::*;

#[component]
pub fn ShareBox(title: String, url: String, qr_svg: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="share" aria-labelledby="share-heading">
            <h2 id="share-heading">{t!(i18n, activities.share)}</h2>
            <div class="contact-actions no-print">
                <ShareButtons title=title url=url.clone() />
                <a class="button secondary" href=crate::activities::share::line_share_url(&url) rel="noopener" target="_blank">{t!(i18n, activities.line)}</a>
            </div>
            <figure class="qr" data-testid="qr">
                <div class="qr-code" inner_html=qr_svg></div>
                <figcaption>{t!(i18n, activities.qr_caption)}<br /><span class="url">{url.clone()}</span></figcaption>
            </figure>
        </section>
    }
}
