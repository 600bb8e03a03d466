use crate::i18n::*;
use leptos_i18n::Locale as _;

/// The 500 page's own style (inline: the page must not depend on anything
/// else being served). The Content-Security-Policy allows exactly this text
/// by its hash (`crate::security`).
pub const STYLE: &str = r#"body{font-family:system-ui,"Hiragino Sans","Noto Sans JP",sans-serif;font-size:1.125rem;line-height:1.7;margin:0 auto;max-width:40rem;padding:1.5rem;color:#1b1b1b}a{display:inline-block;min-height:3rem;padding:.75rem 1.25rem;background:#1f7a5c;color:#fff;border-radius:.5rem;text-decoration:none}"#;

/// A self-contained 500 page in the request's language. Static HTML (no app
/// state) because it is used exactly when the app itself failed.
pub fn server_error_html(locale: Locale) -> String {
    let title = td_string!(locale, common.errors.server_error_title);
    let body = td_string!(locale, common.errors.server_error_body);
    page(locale, 500, &title.to_string(), &body.to_string())
}

/// The page when the database is out of reach, read-only or full (503):
/// nothing was changed; try again in a little while. Static for the same
/// reason as the 500 page: the app cannot read its data.
pub fn unavailable_html(locale: Locale) -> String {
    let title = td_string!(locale, common.errors.unavailable_title);
    let body = td_string!(locale, common.errors.unavailable);
    page(locale, 503, &title.to_string(), &body.to_string())
}

fn page(locale: Locale, status: u16, title: &str, body: &str) -> String {
    let lang = locale.as_str();
    let home = td_string!(locale, common.errors.back_home);
    let code = td_string!(locale, common.errors.code);
    format!(
        r#"<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{title} | つなぐ</title><style>{STYLE}</style></head><body><main data-status="{status}"><h1>{title}</h1><p>{body}</p><p>{code}: {status}</p><a href="/">{home}</a></main></body></html>"#
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
        assert!(unavailable_html(Locale::ja).contains("何も変更されていません") && unavailable_html(Locale::ja).contains("503"));
        assert!(unavailable_html(Locale::en).contains("Nothing was changed"));
    }
}
