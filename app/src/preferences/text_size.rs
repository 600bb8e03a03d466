use leptos::prelude::*;
use leptos_meta::Html;

/// Cookie that keeps the chosen text size.
pub const TEXT_SIZE_COOKIE: &str = "tsunagu_text_size";

/// Whole-UI text size. All CSS sizes are in `rem`, so the root size scales
/// everything: 100 %, 125 %, 150 %.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextSize {
    #[default]
    Normal,
    Large,
    XLarge,
}

impl TextSize {
    pub const ALL: [TextSize; 3] = [TextSize::Normal, TextSize::Large, TextSize::XLarge];

    pub fn as_str(self) -> &'static str {
        match self {
            TextSize::Normal => "normal",
            TextSize::Large => "large",
            TextSize::XLarge => "xlarge",
        }
    }

    /// Parse a stored value; anything unknown is `None` (caller falls back).
    pub fn parse(s: &str) -> Option<TextSize> {
        TextSize::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// Read the text size from the cookie (same answer on server and client, so
/// hydration matches) and keep it in context. The cookie is written by the
/// server's `POST /settings` (the header's settings form).
pub fn provide_text_size() -> RwSignal<TextSize> {
    let initial = super::current_cookies()
        .as_deref()
        .and_then(|h| super::cookie_value(h, TEXT_SIZE_COOKIE))
        .and_then(TextSize::parse)
        .unwrap_or_default();
    let size = RwSignal::new(initial);
    provide_context(size);
    size
}

/// Puts the chosen size on `<html data-text-size>` (render once, in the layout).
#[component]
pub fn TextSizeOnHtml(size: RwSignal<TextSize>) -> impl IntoView {
    view! { <Html attr:data-text-size=move || size.get().as_str() /> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_known_sizes_only() {
        for t in TextSize::ALL {
            assert_eq!(TextSize::parse(t.as_str()), Some(t));
        }
        assert_eq!(TextSize::parse("huge"), None);
        assert_eq!(TextSize::parse(""), None);
    }
}
