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

/// Save an SVG image as a PNG file: the browser draws it on a canvas at
/// `scale` × its size and downloads the picture as `file_name`. Does nothing
/// on the server or when the browser cannot draw it.
pub fn download_svg_as_png(svg: &str, file_name: &str, scale: f64) {
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let Ok(img) = web_sys::HtmlImageElement::new() else { return };
        let url = format!("data:image/svg+xml;charset=utf-8,{}", js_sys::encode_uri_component(svg));
        let name = file_name.to_string();
        let img2 = img.clone();
        let onload = Closure::once_into_js(move || {
            let (w, h) = ((img2.natural_width() as f64 * scale) as u32, (img2.natural_height() as f64 * scale) as u32);
            let Some(canvas) = document.create_element("canvas").ok().and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok()) else { return };
            canvas.set_width(w.max(1));
            canvas.set_height(h.max(1));
            let Some(ctx) = canvas
                .get_context("2d")
                .ok()
                .flatten()
                .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
            else {
                return;
            };
            ctx.set_fill_style_str("#ffffff");
            ctx.fill_rect(0.0, 0.0, f64::from(w), f64::from(h));
            let _ = ctx.draw_image_with_html_image_element_and_dw_and_dh(&img2, 0.0, 0.0, f64::from(w), f64::from(h));
            let Ok(png) = canvas.to_data_url_with_type("image/png") else { return };
            if let Some(a) = document.create_element("a").ok().and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok()) {
                a.set_href(&png);
                a.set_download(&name);
                if let Some(body) = document.body() {
                    let _ = body.append_child(&a);
                    a.click();
                    let _ = body.remove_child(&a);
                }
            }
        });
        img.set_onload(Some(onload.unchecked_ref()));
        img.set_src(&url);
    }
    #[cfg(not(all(feature = "hydrate", not(feature = "ssr"))))]
    let _ = (svg, file_name, scale);
}

/// Read the file chosen in an `<input type="file">` as text; `done` gets
/// `None` when nothing was chosen or it could not be read.
pub fn read_chosen_file(event: &leptos::ev::Event, done: impl FnOnce(Option<String>) + 'static) {
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let file = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|i| i.files())
            .and_then(|f| f.get(0));
        let (Some(file), Ok(reader)) = (file, web_sys::FileReader::new()) else {
            done(None);
            return;
        };
        let r2 = reader.clone();
        let onload = Closure::once_into_js(move || done(r2.result().ok().and_then(|v| v.as_string())));
        reader.set_onloadend(Some(onload.unchecked_ref()));
        let _ = reader.read_as_text(&file);
    }
    #[cfg(not(all(feature = "hydrate", not(feature = "ssr"))))]
    {
        let _ = event;
        done(None);
    }
}

/// Keep `value` under `key` in this browser (localStorage); `false` when not possible.
pub fn local_set(key: &str, value: &str) -> bool {
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        return web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .is_some_and(|s| s.set_item(key, value).is_ok());
    }
    #[allow(unreachable_code)]
    {
        let _ = (key, value);
        false
    }
}

/// What [`local_set`] kept under `key`.
pub fn local_get(key: &str) -> Option<String> {
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        return web_sys::window().and_then(|w| w.local_storage().ok().flatten()).and_then(|s| s.get_item(key).ok().flatten());
    }
    #[allow(unreachable_code)]
    {
        let _ = key;
        None
    }
}

pub fn local_remove(key: &str) {
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.remove_item(key);
    }
    #[cfg(not(all(feature = "hydrate", not(feature = "ssr"))))]
    let _ = key;
}

/// Whether the browser believes it is online.
pub fn online() -> bool {
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        return web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true);
    }
    #[allow(unreachable_code)]
    true
}

/// POST the file chosen in `input` as multipart field `file` to `url` with
/// XMLHttpRequest (which reports upload progress). `progress` gets 0.0–1.0;
/// `done` gets the HTTP status (0 when the request failed) and the body.
pub fn post_file(
    input: &leptos::prelude::NodeRef<leptos::html::Input>,
    url: &str,
    progress: impl Fn(f64) + 'static,
    done: impl FnOnce(u16, String) + 'static,
) {
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        use leptos::prelude::GetUntracked;
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let file = input.get_untracked().and_then(|el| el.files()).and_then(|f| f.get(0));
        let (Some(file), Ok(form), Ok(xhr)) = (file, web_sys::FormData::new(), web_sys::XmlHttpRequest::new()) else {
            done(0, String::new());
            return;
        };
        if form.append_with_blob_and_filename("file", &file, &file.name()).is_err() || xhr.open("POST", url).is_err() {
            done(0, String::new());
            return;
        }
        let _ = xhr.set_request_header("Accept", "application/json");
        if let Ok(up) = xhr.upload() {
            let on_progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
                if e.length_computable() && e.total() > 0.0 {
                    progress(e.loaded() / e.total());
                }
            });
            up.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
            on_progress.forget();
        }
        when_done(&xhr, done);
        let _ = xhr.send_with_opt_form_data(Some(&form));
    }
    #[cfg(not(all(feature = "hydrate", not(feature = "ssr"))))]
    {
        let _ = (input, url, progress);
        done(0, String::new());
    }
}

/// Change the address bar to `path` without loading it (history.replaceState).
pub fn replace_url(path: &str) {
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path));
    }
    #[cfg(not(all(feature = "hydrate", not(feature = "ssr"))))]
    let _ = path;
}

/// Call `done(status, body)` once when `xhr` finishes: status 0 when the
/// network failed or timed out.
#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
fn when_done(xhr: &web_sys::XmlHttpRequest, done: impl FnOnce(u16, String) + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    // one of load / error / timeout fires; the others are dropped unused
    let done = std::rc::Rc::new(std::cell::RefCell::new(Some(done)));
    let (d1, d2, x1) = (done.clone(), done, xhr.clone());
    let on_load = Closure::<dyn FnMut()>::new(move || {
        if let Some(f) = d1.borrow_mut().take() {
            f(x1.status().unwrap_or(0), x1.response_text().ok().flatten().unwrap_or_default());
        }
    });
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();
    let on_error = Closure::<dyn FnMut()>::new(move || {
        if let Some(f) = d2.borrow_mut().take() {
            f(0, String::new());
        }
    });
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    xhr.set_ontimeout(Some(on_error.as_ref().unchecked_ref()));
    xhr.set_onabort(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
}

/// POST `body` as JSON to `url` (same origin, with the session cookie);
/// `done(status, body)` once, status 0 when the network failed.
pub fn post_json(url: &str, body: &str, timeout_ms: u32, done: impl FnOnce(u16, String) + 'static) {
    post(url, "application/json", body, timeout_ms, done);
}

/// POST `fields` form-encoded to `url` (same origin, with the session
/// cookie), the way a server function's default encoding takes them;
/// `done(status, body)` once, status 0 when the network failed. For a small
/// island that calls one server function: the server-function client would
/// bring its own encoder, decoder and futures into the bundle.
pub fn post_form(url: &str, fields: &[(&str, &str)], timeout_ms: u32, done: impl FnOnce(u16, String) + 'static) {
    let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
    post(url, "application/x-www-form-urlencoded", &body, timeout_ms, done);
}

/// POST `body` of `content_type` to `url`, asking for JSON back.
fn post(url: &str, content_type: &str, body: &str, timeout_ms: u32, done: impl FnOnce(u16, String) + 'static) {
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        let Ok(xhr) = web_sys::XmlHttpRequest::new() else {
            done(0, String::new());
            return;
        };
        if xhr.open("POST", url).is_err() {
            done(0, String::new());
            return;
        }
        let _ = xhr.set_request_header("Content-Type", content_type);
        let _ = xhr.set_request_header("Accept", "application/json");
        xhr.set_timeout(timeout_ms);
        when_done(&xhr, done);
        if xhr.send_with_opt_str(Some(body)).is_err() {
            // `done` is called by the error handler
        }
    }
    #[cfg(not(all(feature = "hydrate", not(feature = "ssr"))))]
    {
        let _ = (url, content_type, body, timeout_ms);
        done(0, String::new());
    }
}

/// Load `url` as a new page (islands have no client-side router: the next
/// page comes from the server, quick from the service worker's cache).
pub fn go_to(url: &str) {
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign(url);
    }
    #[cfg(not(all(feature = "hydrate", not(feature = "ssr"))))]
    let _ = url;
}

/// The page's language as the server rendered it (`<html lang>`); `None`
/// on the server.
pub fn page_language() -> Option<String> {
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        web_sys::window()?.document()?.document_element()?.get_attribute("lang")
    }
    #[cfg(not(all(feature = "hydrate", not(feature = "ssr"))))]
    None
}

/// The address bar's path (`/health-check/results/17`); `None` on the server.
pub fn current_path() -> Option<String> {
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        web_sys::window()?.location().pathname().ok()
    }
    #[cfg(not(all(feature = "hydrate", not(feature = "ssr"))))]
    None
}

/// The address bar's path and query (`/map?category=salon`); `None` on the
/// server.
pub fn current_path_and_query() -> Option<String> {
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        let l = web_sys::window()?.location();
        Some(format!("{}{}", l.pathname().ok()?, l.search().ok()?))
    }
    #[cfg(not(all(feature = "hydrate", not(feature = "ssr"))))]
    None
}
