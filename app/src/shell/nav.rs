use crate::i18n::*;
use crate::ui::icons::Icon;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The five destinations of the bottom navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NavItem {
    Home,
    Search,
    Map,
    Events,
    HealthCheck,
}

impl NavItem {
    pub const ALL: [NavItem; 5] = [
        NavItem::Home,
        NavItem::Search,
        NavItem::Map,
        NavItem::Events,
        NavItem::HealthCheck,
    ];

    pub fn href(self) -> &'static str {
        match self {
            NavItem::Home => "/",
            NavItem::Search => "/activities",
            NavItem::Map => "/map",
            NavItem::Events => "/events",
            NavItem::HealthCheck => "/health-check",
        }
    }

    fn icon(self) -> Icon {
        match self {
            NavItem::Home => Icon::Home,
            NavItem::Search => Icon::Search,
            NavItem::Map => Icon::Map,
            NavItem::Events => Icon::Calendar,
            NavItem::HealthCheck => Icon::Heart,
        }
    }

    /// Whether `path` belongs to this section.
    pub fn is_current(self, path: &str) -> bool {
        match self {
            NavItem::Home => path == "/",
            other => {
                let href = other.href();
                path == href || path.starts_with(&format!("{href}/"))
            }
        }
    }
}

#[component]
pub fn NavBar() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let label = move |item: NavItem| match item {
        NavItem::Home => t_string!(i18n, common.nav.home),
        NavItem::Search => t_string!(i18n, common.nav.search),
        NavItem::Map => t_string!(i18n, common.nav.map),
        NavItem::Events => t_string!(i18n, common.nav.events),
        NavItem::HealthCheck => t_string!(i18n, common.nav.health),
    };
    view! {
        <nav class="nav" aria-label=move || t_string!(i18n, common.nav.label).to_string()>
            <ul>
                {NavItem::ALL
                    .into_iter()
                    .map(|item| {
                        let current = move || item.is_current(&location.pathname.get());
                        view! {
                            <li>
                                <a
                                    href=item.href()
                                    aria-current=move || current().then_some("page")
                                >
                                    {item.icon().view()}
                                    <span>{move || label(item)}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <a class="nav-learn" href="/about/social-prescribing">{t!(i18n, common.nav.learn)}</a>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn current_section_matches_prefix_not_substring() {
        assert!(NavItem::Home.is_current("/"));
        assert!(!NavItem::Home.is_current("/map"));
        assert!(NavItem::Map.is_current("/map"));
        assert!(NavItem::Search.is_current("/activities/12"));
        assert!(!NavItem::Map.is_current("/mapping"));
    }
}
