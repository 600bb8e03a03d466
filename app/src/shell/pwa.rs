//! Registers the service worker (`/sw.js`) once the page has hydrated.
pub fn register_service_worker() {
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    leptos::prelude::Effect::new(|_| {
        let Some(window) = web_sys::window() else { return };
        let navigator = window.navigator();
        if js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
            let _ = navigator.service_worker().register("/sw.js");
        }
    });
}

/// Marks `<html data-hydrated="true">` once the client has taken over, so
/// tests (and CSS, if ever needed) can tell a hydrated page from plain SSR.
pub fn mark_hydrated() {
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    leptos::prelude::Effect::new(|_| {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = el.set_attribute("data-hydrated", "true");
        }
    });
}
