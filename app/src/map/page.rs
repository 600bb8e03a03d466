//! 地図 (`/map`): the list's search form and URL query, the map (Leaflet,
//! after hydration), and the places in the map's area as a text list —
//! server-rendered, so it reads without JavaScript and serves screen-reader
//! and keyboard users. "この範囲で検索" puts the visible area in the URL
//! (`bbox=`), which filters both the markers and the list.
use super::points::{MapPoint, MapPoints};
use super::{load_map_settings, visible_places, MapSettings};
use crate::activities::query::ActivityQuery;
use crate::activities::SearchForm;
use crate::i18n::*;
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MapPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| ActivityQuery::from_pairs(p.into_iter().map(|(k, v)| (k.as_ref(), v)))));
    let bbox_param = Memo::new(move |_| params.with(|p| p.get("bbox")));
    let settings = Resource::new(|| (), |_| load_map_settings());
    let points = Resource::new(
        move || (query.get(), bbox_param.get()),
        move |(q, b)| async move {
            // the town's box comes from the settings already loaded for the map
            let bbox = match b {
                Some(b) => b,
                None => settings.await?.town_bbox,
            };
            visible_places(q, bbox).await
        },
    );
    let list_href = move || format!("/activities?{}", query.with(|q| q.to_query_string()));
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, common.map.title).to_string())
            lead=Signal::derive(move || t_string!(i18n, common.map.lead).to_string())
        />
        <SearchForm query=query action="/map" />
        <p class="view-toggle"><a class="button secondary" href=list_href data-testid="as-list">{t!(i18n, common.map.as_list)}</a></p>
        <div class="map-layout">
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.map.loading)}</p> }>
                {move || Suspend::new(async move {
                    match settings.await {
                        Ok(s) => view! { <MapCanvas settings=s points=points query=query /> }.into_any(),
                        Err(_) => view! { <p class="error">{t!(i18n, common.errors.server_error_body)}</p> }.into_any(),
                    }
                })}
            </Suspense>
            <section class="map-list" aria-labelledby="map-list-heading">
                <h2 id="map-list-heading">{t!(i18n, common.map.visible_places)}</h2>
                <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.map.loading)}</p> }>
                    {move || Suspend::new(async move {
                        match points.await {
                            Ok(m) => view! { <PlaceList m=m /> }.into_any(),
                            Err(_) => view! { <p class="error">{t!(i18n, common.errors.server_error_body)}</p> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
        </div>
    }
}

#[component]
fn PlaceList(m: MapPoints) -> impl IntoView {
    let i18n = use_i18n();
    let total = m.total;
    let clustered = !m.clusters.is_empty();
    let mut points = m.points;
    points.sort_by(|a, b| a.name.cmp(&b.name));
    view! {
        <p role="status" data-testid="map-count" data-count=total>{t!(i18n, common.map.count, count = total)}</p>
        {clustered.then(|| view! { <p class="muted" data-testid="map-clustered">{t!(i18n, common.map.too_many)}</p> })}
        <ul class="plain-list place-list" data-testid="map-places">
            {points.into_iter().map(|p| view! {
                <li data-id=p.id><a href=format!("/activities/{}", p.id)>{p.name.clone()}</a>
                    {p.next_date.clone().map(|d| view! { <span class="muted">" · "{t!(i18n, common.map.next)}" "{d}</span> })}</li>
            }).collect_view()}
        </ul>
    }
}

#[component]
fn MapCanvas(settings: MapSettings, points: Resource<Result<MapPoints, crate::error::AppError>>, query: Memo<ActivityQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let el = NodeRef::<leptos::html::Div>::new();
    let tiles_failed = RwSignal::new(false);
    let moved_to = RwSignal::new(None::<String>);
    let ready = RwSignal::new(false);
    let navigate = leptos_router::hooks::use_navigate();
    let search_here = move |_| {
        if let Some(b) = moved_to.get_untracked() {
            let qs = query.with_untracked(|q| q.to_query_string());
            let sep = if qs.is_empty() { "" } else { "&" };
            navigate(&format!("/map?{qs}{sep}bbox={b}"), Default::default());
            moved_to.set(None);
        }
    };
    #[cfg(feature = "hydrate")]
    {
        let handle = StoredValue::new_local(None::<wasm_bindgen::JsValue>);
        let settings = settings.clone();
        Effect::new(move |_| {
            let Some(div) = el.get() else { return };
            if handle.with_value(|h| h.is_some()) {
                return;
            }
            let settings = settings.clone();
            let ready_cb = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
                let b = super::bbox::BBox::parse(&settings.town_bbox).ok();
                let Some(b) = b else { return };
                let on_move = wasm_bindgen::closure::Closure::<dyn FnMut(String)>::new(move |bbox: String| moved_to.set(Some(bbox)));
                let on_fail = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || tiles_failed.set(true));
                let h = super::leaflet::make_map(&div, &settings.tile_url, &settings.attribution, b.west(), b.south(), b.east(), b.north(), &on_move, &on_fail);
                on_move.forget();
                on_fail.forget();
                handle.set_value(Some(h));
                ready.set(true);
            });
            super::leaflet::load_leaflet(super::leaflet::BASE, &ready_cb);
            ready_cb.forget();
        });
        // markers follow the points (and the first load)
        Effect::new(move |_| {
            if !ready.get() {
                return;
            }
            let Some(Ok(m)) = points.get() else { return };
            let locale = i18n.get_locale_untracked();
            handle.with_value(|h| {
                if let Some(h) = h {
                    let (pts, cls) = js_points(&m, locale);
                    super::leaflet::set_points(h, pts, cls);
                }
            });
            moved_to.set(None);
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (&settings, points, ready);
    view! {
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

#[cfg_attr(not(any(feature = "hydrate", test)), allow(dead_code))]
fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A marker's label and popup (text, never colour alone).
#[cfg_attr(not(any(feature = "hydrate", test)), allow(dead_code))]
fn marker_html(p: &MapPoint, locale: Locale) -> (String, String) {
    let short: String = p.name.chars().take(10).collect();
    let short = if short.chars().count() < p.name.chars().count() { format!("{short}…") } else { short };
    let label = format!("<span class=\"pin-dot\" aria-hidden=\"true\"></span><span class=\"pin-label\">{}</span>", escape(&short));
    let next = p
        .next_date
        .as_ref()
        .map(|d| format!("<p>{} {}</p>", td_string!(locale, common.map.next), escape(d)))
        .unwrap_or_default();
    let popup = format!(
        "<div class=\"map-popup\" data-id=\"{id}\"><strong>{name}</strong>{next}<p><a href=\"/activities/{id}\">{details}</a></p></div>",
        id = p.id,
        name = escape(&p.name),
        details = td_string!(locale, common.map.details),
    );
    (label, popup)
}

#[cfg(feature = "hydrate")]
fn js_points(m: &MapPoints, locale: Locale) -> (wasm_bindgen::JsValue, wasm_bindgen::JsValue) {
    use js_sys::Array;
    use wasm_bindgen::JsValue;
    let pts = Array::new();
    for p in &m.points {
        let (label, popup) = marker_html(p, locale);
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
    fn marker_texts_are_escaped_and_labelled() {
        let p = MapPoint { id: 7, lat: 35.0, lon: 134.0, name: "<b>北山ふれあいいきいきサロン</b>".into(), category: "salon".into(), next_date: Some("2026-12-03".into()) };
        let (label, popup) = marker_html(&p, Locale::ja);
        assert!(label.contains("&lt;b&gt;北山ふれあい") && label.contains("…<") && !label.contains("<b>"));
        assert!(popup.contains("href=\"/activities/7\"") && popup.contains("次回 2026-12-03") && !popup.contains("<b>"));
    }
}
