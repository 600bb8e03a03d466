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

/// Ask the browser for the current position once; `done` gets
/// `Some((lat, lon))`, or `None` when refused or unavailable. The browser
/// shows its own permission prompt; nothing is stored.
pub fn current_position(done: impl FnOnce(Option<(f64, f64)>) + 'static) {
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        use std::cell::RefCell;
        use std::rc::Rc;
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::{JsCast, JsValue};
        let done: Rc<RefCell<Option<Box<dyn FnOnce(Option<(f64, f64)>)>>>> = Rc::new(RefCell::new(Some(Box::new(done))));
        let finish = {
            let done = done.clone();
            move |v: Option<(f64, f64)>| {
                if let Some(f) = done.borrow_mut().take() {
                    f(v);
                }
            }
        };
        let geo = web_sys::window()
            .map(|w| w.navigator())
            .and_then(|n| js_sys::Reflect::get(&n, &JsValue::from_str("geolocation")).ok())
            .filter(|g| !g.is_undefined());
        let Some(geo) = geo else {
            finish(None);
            return;
        };
        let ok = {
            let finish = finish.clone();
            Closure::once_into_js(move |pos: JsValue| {
                let coords = js_sys::Reflect::get(&pos, &"coords".into()).ok();
                let get = |k: &str| coords.as_ref().and_then(|c| js_sys::Reflect::get(c, &k.into()).ok()).and_then(|v| v.as_f64());
                finish(get("latitude").zip(get("longitude")));
            })
        };
        let err = Closure::once_into_js(move |_e: JsValue| finish(None));
        let call = js_sys::Reflect::get(&geo, &"getCurrentPosition".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let Some(f) = call {
            let _ = f.call2(&geo, &ok, &err);
        }
    }
    #[cfg(not(all(feature = "hydrate", not(feature = "ssr"))))]
    done(None);
}
