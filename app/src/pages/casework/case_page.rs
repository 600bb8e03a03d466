//! `/casework/cases/:id`, the link worker's tablet page for one case: the
//! server renders only the frame (no personal data in the HTML, so the
//! service worker may keep it for offline use); the [`CaseWorkspace`] island
//! does the rest.
use crate::islands::work::casework::case_workspace::CaseWorkspace;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CasePage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let vault_days = use_context::<crate::config::PublicConfig>().unwrap_or_default().vault_days;
    view! { <CaseWorkspace id=id vault_days=vault_days /> }
}
