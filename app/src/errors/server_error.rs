use crate::i18n::*;
use leptos_i18n::Locale as _;

/// The 500 page's own style (inline: the page must not depend on anything
/// else being served). The Content-Security-Policy allows exactly this text
/// by its hash (`crate::security`).
pub const STYLE: &str = r#"body{font-family:system-ui,"Hiragino Sans","Noto Sans JP",sans-serif;font-size:1.125rem;line-height:1.7;margin:0 auto;max-width:40rem;padding:1.5rem;color:#1b1b1b}a{display:inline-block;min-height:3rem;padding:.75rem 1.25rem;background:#1f7a5c;color:#fff;border-radius:.5rem;text-decoration:none}"#;

/// A self-contained 500 page in the request's language. Static HTML (no app
/// state) because it is used exactly when the app itself failed.
pub fn server_error_html(locale: Locale) -> String {
    let lang = locale.as_str();
    let title = td_string!(locale, common.errors.server_error_title);
    let body = td_string!(locale, common.errors.server_error_body);
    let home = td_string!(locale, common.errors.back_home);
    let code = td_string!(locale, common.errors.code);
    format!(
        r#"<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{title} | つなぐ</title><style>{STYLE}</style></head><body><main data-status="500"><h1>{title}</h1><p>{body}</p><p>{code}: 500</p><a href="/">{home}</a></main></body></html>"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_both_languages() {
        assert!(server_error_html(Locale::ja).contains("エラーが発生しました"));
        assert!(server_error_html(Locale::ja).contains(r#"lang="ja""#));
        assert!(server_error_html(Locale::en).contains("Something went wrong"));
    }
}
