//! Inline SVG icons (decorative: every icon sits beside a text label).
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Icon {
    Home,
    Search,
    Map,
    Calendar,
    Heart,
    Report,
    Info,
}

impl Icon {
    fn path(self) -> &'static str {
        match self {
            Icon::Home => "M3 11 12 3l9 8v10a1 1 0 0 1-1 1h-5v-7H9v7H4a1 1 0 0 1-1-1z",
            Icon::Search => "M10.5 3a7.5 7.5 0 0 1 5.9 12.1l4.8 4.8-1.4 1.4-4.8-4.8A7.5 7.5 0 1 1 10.5 3zm0 2a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11z",
            Icon::Map => "M12 2a7 7 0 0 1 7 7c0 5-7 13-7 13S5 14 5 9a7 7 0 0 1 7-7zm0 4.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5z",
            Icon::Calendar => "M7 2h2v2h6V2h2v2h3a1 1 0 0 1 1 1v16a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1h3zm-2 8v10h14V10zm2 2h4v4H7z",
            Icon::Heart => "M12 21s-8-5.3-8-11a4.8 4.8 0 0 1 8-3.5A4.8 4.8 0 0 1 20 10c0 5.7-8 11-8 11z",
            Icon::Report => "M5 3h10l4 4v14H5zm2 6v2h10V9zm0 4v2h10v-2zm0 4v2h7v-2z",
            Icon::Info => "M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20zm-1 8v8h2v-8zm0-4v2h2V6z",
        }
    }

    pub fn view(self) -> impl IntoView {
        view! {
            <svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
                <path d=self.path() fill="currentColor" />
            </svg>
        }
    }
}
