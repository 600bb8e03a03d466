//! The service worker is registered by `/pwa.js` (plain JavaScript, so a page
//! without WebAssembly registers it too).

/// Marks `<html data-hydrated="true">` once the client has taken over, so
/// tests (and CSS, if ever needed) can tell a hydrated page from plain SSR.
pub fn mark_hydrated() {
    #[cfg(all(feature = "hydrate", not(feature = "ssr"), not(feature = "islands")))]
    leptos::prelude::Effect::new(|_| {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = el.set_attribute("data-hydrated", "true");
        }
    });
}

/// Islands mode: marks `<html data-hydrated="true">` once the islands of the
/// page have hydrated (the loader hydrates them right after `hydrate()`
/// returns, in the same task; a zero timeout runs after it).
#[cfg(all(feature = "hydrate", feature = "islands"))]
pub fn mark_hydrated_after_islands() {
    use wasm_bindgen::prelude::*;
    let mark = Closure::once_into_js(|| {
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = el.set_attribute("data-hydrated", "true");
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(mark.unchecked_ref(), 0);
    }
}
