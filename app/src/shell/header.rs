use crate::i18n::*;
use crate::preferences::TextSize;
use leptos::prelude::*;

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="site-header">
            <a class="site-name" href="/">
                <img src="/icons/icon.svg" alt="" width="32" height="32" />
                <span>{t!(i18n, common.site.name)}</span>
            </a>
            <div class="prefs">
                <a class="account-link" href="/account" data-testid="account-link">{t!(i18n, accounts.account_title)}</a>
                <LanguageSwitch />
                <TextSizeSwitch />
            </div>
        </header>
    }
}

/// 日本語 / English. The choice is kept in a cookie by leptos_i18n and
/// `<html lang>` follows it.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    // Each language is named in itself (日本語 / English) in both locales.
    let button = move |locale: Locale, label: &'static str, lang: &'static str| {
        view! {
            <button
                type="button"
                class="seg"
                lang=lang
                data-locale=lang
                aria-pressed=move || (i18n.get_locale() == locale).to_string()
                on:click=move |_| {
                    // The one place the language cookie is written (see
                    // `crate::i18n::chosen_language`).
                    crate::preferences::set_site_cookie(crate::i18n::COOKIE_NAME, lang);
                    i18n.set_locale(locale)
                }
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="switch" role="group" aria-label=move || t_string!(i18n, common.prefs.language).to_string()>
            <span class="switch-label" aria-hidden="true">{t!(i18n, common.prefs.language)}</span>
            {button(Locale::ja, t_string!(i18n, common.prefs.lang_ja), "ja")}
            {button(Locale::en, t_string!(i18n, common.prefs.lang_en), "en")}
        </div>
    }
}

/// 標準 / 大 / 特大: scales the whole UI through the root font size.
#[component]
fn TextSizeSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let size = expect_context::<RwSignal<TextSize>>();
    let label = move |t: TextSize| match t {
        TextSize::Normal => t_string!(i18n, common.prefs.size_normal),
        TextSize::Large => t_string!(i18n, common.prefs.size_large),
        TextSize::XLarge => t_string!(i18n, common.prefs.size_xlarge),
    };
    view! {
        <div class="switch" role="group" aria-label=move || t_string!(i18n, common.prefs.text_size).to_string()>
            <span class="switch-label" aria-hidden="true">{t!(i18n, common.prefs.text_size)}</span>
            {TextSize::ALL
                .into_iter()
                .map(|t| {
                    view! {
                        <button
                            type="button"
                            class=format!("seg size-{}", t.as_str())
                            data-size=t.as_str()
                            aria-pressed=move || (size.get() == t).to_string()
                            on:click=move |_| size.set(t)
                        >
                            {move || label(t)}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
