//! The map of `/map` (Leaflet, loaded from our own site once the island
//! runs). The server sends the places with the page — the same ones its
//! text list shows — so the map needs no request of its own; "この範囲で検索"
//! loads the page for the visible area (`bbox=` in the URL).
//!
//! Offline, the service worker answers with the last copy of the page it
//! kept; when that copy was made for another search than the address bar's,
//! the map says it shows the last places this device saw.
use crate::activities::query::ActivityQuery;
use crate::i18n::*;
use crate::islands::{island, needs, Part};
use crate::map::points::MapPoints;
use crate::map::MapSettings;
use leptos::prelude::*;

/// The page address a set of points was made for: what the island compares
/// with the address bar to tell a stale copy.
pub fn map_address(query: &ActivityQuery, bbox: Option<&str>) -> String {
    format!("{} bbox={}", query.to_query_string(), bbox.unwrap_or(""))
}

/// The same, read from an address bar's `/map?…`.
pub fn map_address_of(path_and_query: &str) -> String {
    let qs = path_and_query.split_once('?').map(|(_, q)| q).unwrap_or("");
    let pairs: Vec<(String, String)> = crate::activities::query::parse_query_string(qs);
    let query = ActivityQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let bbox = pairs.iter().find(|(k, _)| k == "bbox").map(|(_, v)| v.as_str());
    map_address(&query, bbox)
}

#[island]
pub fn MapView(settings: MapSettings, points: MapPoints, query: ActivityQuery, bbox: Option<String>) -> impl IntoView {
    needs(Part::Map);
    let i18n = island_i18n();
    let el = NodeRef::<leptos::html::Div>::new();
    let tiles_failed = RwSignal::new(false);
    let moved_to = RwSignal::new(None::<String>);
    let ready = RwSignal::new(false);
    let stale = RwSignal::new(false);
    let rendered_for = map_address(&query, bbox.as_deref());
    let search_here = {
        let query = query.clone();
        move |_| {
            if let Some(b) = moved_to.get_untracked() {
                let qs = query.to_query_string();
                let sep = if qs.is_empty() { "" } else { "&" };
                crate::ui::browser::go_to(&format!("/map?{qs}{sep}bbox={b}"));
            }
        }
    };
    #[cfg(feature = "hydrate")]
    {
        // a kept copy made for another search: say so (after hydration: the
        // server's HTML has no note)
        Effect::new(move |_| {
            if let Some(here) = crate::ui::browser::current_path_and_query() {
                stale.set(map_address_of(&here) != rendered_for);
            }
        });
        let handle = StoredValue::new_local(None::<wasm_bindgen::JsValue>);
        Effect::new(move |_| {
            let Some(div) = el.get() else { return };
            if handle.with_value(|h| h.is_some()) {
                return;
            }
            let (settings, points, query, bbox) = (settings.clone(), points.clone(), query.clone(), bbox.clone());
            let ready_cb = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
                // the searched area when the URL has one, else the whole town
                let b = bbox.as_deref().and_then(|b| crate::map::bbox::BBox::parse(b).ok()).or_else(|| crate::map::bbox::BBox::parse(&settings.town_bbox).ok());
                let Some(b) = b else { return };
                let on_move = wasm_bindgen::closure::Closure::<dyn FnMut(String)>::new(move |bbox: String| moved_to.set(Some(bbox)));
                let on_fail = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || tiles_failed.set(true));
                let h = crate::map::leaflet::make_map(&div, &settings.tile_url, &settings.attribution, settings.tile_cors, b.west(), b.south(), b.east(), b.north(), &on_move, &on_fail);
                on_move.forget();
                on_fail.forget();
                handle.set_value(Some(h));
                // the pins in a task of their own: the map's start and the
                // pins each stay short on a slow phone (Lighthouse's total
                // blocking time on /map, docs/benchmarks.md)
                let (points, query, bbox) = (points.clone(), query.clone(), bbox.clone());
                let pins = wasm_bindgen::closure::Closure::<dyn FnMut()>::once(move || {
                    let Some(h) = handle.get_value() else { return };
                    let locale = i18n.get_locale_untracked();
                    let from = query.lat.zip(query.lon);
                    let (pts, cls) = js_points(&points, locale, from);
                    crate::map::leaflet::set_points(&h, pts, cls);
                    // "near me": mark the position, and centre there unless the
                    // URL names an area
                    if let Some((lat, lon)) = from {
                        let label = td_string!(locale, places.near_from_here).to_string();
                        crate::map::leaflet::show_here(&h, lat, lon, &label, bbox.is_none());
                    }
                    moved_to.set(None);
                    ready.set(true);
                });
                crate::map::leaflet::next_task(&pins);
                pins.forget();
            });
            crate::map::leaflet::load_leaflet(crate::map::leaflet::BASE, &ready_cb);
            ready_cb.forget();
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (&settings, &points, &rendered_for);
    view! {
        {move || stale.get().then(|| view! { <p class="notice" role="status" data-testid="map-stale">{t!(i18n, places.offline_points)}</p> })}
        <div class="map-wrap">
            <div class="map-canvas" node_ref=el data-testid="map" data-ready=move || ready.get().to_string() role="region"
                aria-label=move || t_string!(i18n, common.map.title)>
                <noscript><p class="map-noscript">{t!(i18n, common.map.no_script)}</p></noscript>
            </div>
            {move || tiles_failed.get().then(|| view! { <p class="notice tiles-note" role="status" data-testid="tiles-failed">{t!(i18n, common.map.tiles_failed)}</p> })}
            {move || moved_to.get().is_some().then(|| view! {
                <button type="button" class="button search-here" data-testid="search-here" on:click=search_here.clone()>{t!(i18n, common.map.search_here)}</button>
            })}
        </div>
    }
}

#[cfg(feature = "hydrate")]
fn js_points(m: &MapPoints, locale: Locale, from: Option<(f64, f64)>) -> (wasm_bindgen::JsValue, wasm_bindgen::JsValue) {
    use js_sys::Array;
    use wasm_bindgen::JsValue;
    let pts = Array::new();
    for p in &m.points {
        let (label, popup) = crate::map::markers::marker_html(p, locale, from);
        let a = Array::new();
        a.push(&JsValue::from_f64(p.lat));
        a.push(&JsValue::from_f64(p.lon));
        a.push(&JsValue::from_str(&label));
        a.push(&JsValue::from_str(&popup));
        a.push(&JsValue::from_str(&p.name));
        pts.push(&a);
    }
    let cls = Array::new();
    for c in &m.clusters {
        let a = Array::new();
        a.push(&JsValue::from_f64(c.lat));
        a.push(&JsValue::from_f64(c.lon));
        a.push(&JsValue::from_f64(c.count as f64));
        a.push(&JsValue::from_str(&td_string!(locale, common.map.cluster, count = c.count).to_string()));
        a.push(&JsValue::from_str(&c.bbox));
        cls.push(&a);
    }
    (pts.into(), cls.into())
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_is_stale_only_for_another_search() {
        let q = ActivityQuery::from_pairs([("category", "salon")]);
        let rendered = map_address(&q, None);
        assert_eq!(map_address_of("/map?category=salon"), rendered);
        assert_ne!(map_address_of("/map?category=salon&district=kitayama"), rendered);
        assert_ne!(map_address_of("/map?category=salon&bbox=134.7,35.3,134.9,35.5"), rendered);
        assert_eq!(map_address_of("/map"), map_address(&ActivityQuery::default(), None));
    }
}
