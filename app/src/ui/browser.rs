//! Thin wrappers over browser APIs that web-sys only exposes as unstable
//! (Web Share, Clipboard) or that only exist in the browser (print). Each is
//! a no-op on the server.

/// Open the system share sheet; `false` when the browser has none.
pub fn share(title: &str, url: &str) -> bool {
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        use wasm_bindgen::JsValue;
        let Some(nav) = web_sys::window().map(|w| w.navigator()) else { return false };
        let Ok(f) = js_sys::Reflect::get(&nav, &JsValue::from_str("share")) else { return false };
        let Ok(f) = wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f) else { return false };
        let data = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&data, &"title".into(), &title.into());
        let _ = js_sys::Reflect::set(&data, &"url".into(), &url.into());
        return f.call1(&nav, &data).is_ok();
    }
    #[allow(unreachable_code)]
    {
        let _ = (title, url);
        false
    }
}

/// Copy `text` to the clipboard; `false` when not possible.
pub fn copy(text: &str) -> bool {
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        use wasm_bindgen::JsValue;
        let Some(nav) = web_sys::window().map(|w| w.navigator()) else { return false };
        let Ok(clip) = js_sys::Reflect::get(&nav, &JsValue::from_str("clipboard")) else { return false };
        if clip.is_undefined() {
            return false;
        }
        let Ok(f) = js_sys::Reflect::get(&clip, &JsValue::from_str("writeText")) else { return false };
        let Ok(f) = wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f) else { return false };
        return f.call1(&clip, &text.into()).is_ok();
    }
    #[allow(unreachable_code)]
    {
        let _ = text;
        false
    }
}

/// The browser's print dialog.
pub fn print() {
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}
