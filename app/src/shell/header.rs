use crate::i18n::*;
use crate::preferences::TextSize;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// Site name, マイページ and one compact settings control, so that on a
/// phone the page's own content starts right below a single header row.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="site-header">
            <a class="site-name" href="/">
                <img src="/icons/icon.svg" alt="" width="32" height="32" />
                <span>{t!(i18n, common.site.name)}</span>
            </a>
            <a class="account-link" href="/account" data-testid="account-link">{t!(i18n, accounts.account_title)}</a>
            <Settings />
        </header>
    }
}

/// 文字・言語: a disclosure with the language and text-size choices. Each
/// choice is a submit button of one form posted to `/settings`, which writes
/// the cookie and sends the person back here, so it works without
/// JavaScript (and the server renders the next page in the new setting).
#[component]
fn Settings() -> impl IntoView {
    let i18n = use_i18n();
    let size = expect_context::<RwSignal<TextSize>>();
    let location = use_location();
    // the page to come back to, with its query (e.g. a search)
    let back = move || {
        let path = location.pathname.get();
        let query = location.search.get();
        let query = query.trim_start_matches('?');
        if query.is_empty() { path } else { format!("{path}?{query}") }
    };
    let size_label = move |t: TextSize| match t {
        TextSize::Normal => t_string!(i18n, common.prefs.size_normal),
        TextSize::Large => t_string!(i18n, common.prefs.size_large),
        TextSize::XLarge => t_string!(i18n, common.prefs.size_xlarge),
    };
    // Each language is named in itself (日本語 / English) in both locales.
    let language = move |locale: Locale, label: &'static str, lang: &'static str| {
        view! {
            <button
                type="submit"
                name="lang"
                value=lang
                class="seg"
                lang=lang
                data-locale=lang
                aria-pressed=move || (i18n.get_locale() == locale).to_string()
            >
                {label}
            </button>
        }
    };
    view! {
        <details class="settings" data-testid="settings">
            <summary>
                <span class="settings-icon" aria-hidden="true">"Aa"</span>
                <span>{t!(i18n, common.prefs.settings)}</span>
            </summary>
            <form class="settings-panel" method="post" action="/settings">
                <input type="hidden" name="back" value=back />
                <fieldset class="switch">
                    <legend class="switch-label">{t!(i18n, common.prefs.language)}</legend>
                    {language(Locale::ja, t_string!(i18n, common.prefs.lang_ja), "ja")}
                    {language(Locale::en, t_string!(i18n, common.prefs.lang_en), "en")}
                </fieldset>
                <fieldset class="switch">
                    <legend class="switch-label">{t!(i18n, common.prefs.text_size)}</legend>
                    {TextSize::ALL
                        .into_iter()
                        .map(|t| {
                            view! {
                                <button
                                    type="submit"
                                    name="size"
                                    value=t.as_str()
                                    class=format!("seg size-{}", t.as_str())
                                    data-size=t.as_str()
                                    aria-pressed=move || (size.get() == t).to_string()
                                >
                                    {move || size_label(t)}
                                </button>
                            }
                        })
                        .collect_view()}
                </fieldset>
            </form>
        </details>
    }
}
