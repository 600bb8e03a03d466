//! 地図 (`/map`): the list's search form and URL query, the map (Leaflet,
//! after hydration), and the places in the map's area as a text list —
//! server-rendered, so it reads without JavaScript and serves screen-reader
//! and keyboard users. "この範囲で検索" puts the visible area in the URL
//! (`bbox=`), which filters both the markers and the list.
use crate::map::points::{MapPoint, MapPoints};
use crate::map::{load_map_settings, visible_places, MapSettings};
use crate::activities::query::ActivityQuery;
use crate::pages::activities::SearchForm;
use crate::i18n::*;
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Where the device keeps the last points it showed (for offline use).
const LAST_POINTS: &str = "tsunagu.map.last-points";

#[component]
pub fn MapPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| ActivityQuery::from_pairs(p.into_iter().map(|(k, v)| (k.as_ref(), v)))));
    let bbox_param = Memo::new(move |_| params.with(|p| p.get("bbox")));
    let settings = Resource::new(|| (), |_| load_map_settings());
    // offline, the last points this device saw (with a note saying so)
    let stale = RwSignal::new(false);
    let points = Resource::new(
        move || (query.get(), bbox_param.get()),
        move |(q, b)| async move {
            // the town's box comes from the settings already loaded for the map
            let bbox = match b {
                Some(b) => b,
                None => settings.await?.town_bbox,
            };
            let answer = visible_places(q, bbox).await;
            if answer.is_err() {
                if let Some(last) = crate::ui::browser::local_get(LAST_POINTS).and_then(|j| serde_json::from_str::<MapPoints>(&j).ok()) {
                    stale.try_set(true);
                    return Ok(last);
                }
            }
            stale.try_set(false);
            answer
        },
    );
    // keep the points shown (server-rendered or fetched) for the next time offline
    Effect::new(move |_| {
        if let Some(Ok(m)) = points.get() {
            if !stale.try_get_untracked().unwrap_or(false) {
                if let Ok(j) = serde_json::to_string(&m) {
                    crate::ui::browser::local_set(LAST_POINTS, &j);
                }
            }
        }
    });
    let list_href = move || format!("/activities?{}", query.with(|q| q.to_query_string()));
    view! {
        // try_get: the points' fetcher writes it; on the server the page's
        // owner may be gone when a late read comes (no panic then)
        {move || stale.try_get().unwrap_or(false).then(|| view! { <p class="notice" role="status" data-testid="map-stale">{t!(i18n, places.offline_points)}</p> })}
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, common.map.title).to_string())
            lead=Signal::derive(move || t_string!(i18n, common.map.lead).to_string())
        />
        <SearchForm query=query action="/map" with_resources=true />
        <p class="view-toggle"><a class="button secondary" href=list_href data-testid="as-list">{t!(i18n, common.map.as_list)}</a></p>
        <crate::pages::activities::NearMe query=query action="/map" />
        <div class="map-layout">
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.map.loading)}</p> }>
                {move || Suspend::new(async move {
                    match settings.await {
                        Ok(s) => view! { <MapCanvas settings=s points=points query=query bbox_param=bbox_param /> }.into_any(),
                        Err(_) => view! { <p class="error">{t!(i18n, common.errors.server_error_body)}</p> }.into_any(),
                    }
                })}
            </Suspense>
            <section class="map-list" aria-labelledby="map-list-heading">
                <h2 id="map-list-heading">{t!(i18n, common.map.visible_places)}</h2>
                <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.map.loading)}</p> }>
                    {move || Suspend::new(async move {
                        match points.await {
                            Ok(m) => view! { <PlaceList m=m from=query.with_untracked(|q| q.lat.zip(q.lon)) list_href=list_href() /> }.into_any(),
                            Err(_) => view! { <p class="error">{t!(i18n, common.errors.server_error_body)}</p> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
        </div>
        <p class="suggest-link"><a class="button secondary" href="/suggest" data-testid="to-suggest">{t!(i18n, places.suggest_title)}</a></p>
    }
}

#[component]
fn PlaceList(m: MapPoints, from: Option<(f64, f64)>, list_href: String) -> impl IntoView {
    let i18n = use_i18n();
    let total = m.total;
    let unplaced = m.unplaced;
    let resources = m.resources;
    let clustered = !m.clusters.is_empty();
    let mut points = m.points;
    match from {
        Some(f) => points.sort_by_key(|p| distance_m(f, p)),
        None => points.sort_by(|a, b| a.name.cmp(&b.name)),
    }
    view! {
        <p role="status" data-testid="map-count" data-count=total data-resources=resources>
            {t!(i18n, common.map.count, count = total)}
            {(resources > 0).then(|| view! { " ("{move || td_string!(i18n.get_locale(), places.count_both, a = total - resources, r = resources).to_string()}")" })}
        </p>
        {clustered.then(|| view! { <p class="muted" data-testid="map-clustered">{t!(i18n, common.map.too_many)}</p> })}
        {(unplaced > 0).then(|| view! {
            <p class="muted" data-testid="map-unplaced" data-count=unplaced>
                <a href=list_href>{move || td_string!(i18n.get_locale(), places.unplaced, n = unplaced).to_string()}</a>
            </p>
        })}
        <ul class="plain-list place-list" data-testid="map-places">
            {points.into_iter().map(|p| {
                let d = from.map(|f| distance_m(f, &p));
                let kind = p.resource.then(|| crate::resources::model::ResourceKind::parse(&p.category)).flatten();
                view! {
                    <li data-id=p.id data-kind=if p.resource { "resource" } else { "activity" }>
                        <span aria-hidden="true">{glyph(&p)}" "</span><a href=p.href()>{p.name.clone()}</a>
                        {kind.map(|k| view! { <span class="muted">" · "{move || crate::resources::kind_label(k, i18n.get_locale())}</span> })}
                        {p.next_date.clone().map(|d| view! { <span class="muted">" · "{t!(i18n, common.map.next)}" "{d}</span> })}
                        {d.map(|m| view! { <span class="muted">" · "{move || crate::pages::activities::list_page::distance_label(i18n.get_locale(), m)}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// Metres from `from` to the point.
fn distance_m(from: (f64, f64), p: &MapPoint) -> u32 {
    match (crate::validation::GeoPoint::new(from.0, from.1), crate::validation::GeoPoint::new(p.lat, p.lon)) {
        (Ok(a), Ok(b)) => a.distance_m(&b).round() as u32,
        _ => 0,
    }
}

/// The marker's pictogram: the resource's kind, or the activity's category.
fn glyph(p: &MapPoint) -> &'static str {
    if p.resource {
        return crate::resources::model::ResourceKind::parse(&p.category).unwrap_or(crate::resources::model::ResourceKind::Other).glyph();
    }
    match p.category.as_str() {
        "neighbourhood" => "🏘",
        "shops" => "🛒",
        "intergenerational" => "👪",
        "peer_support" => "🤝",
        "meals" => "🍙",
        "health" => "❤",
        "care_prevention" => "🧘",
        "consultation" => "💬",
        "money_legal" => "⚖",
        "parenting" => "👶",
        "salon" => "☕",
        "exercise" => "🤸",
        "hobbies" => "🎨",
        "learning" => "📚",
        "work" => "🔧",
        "volunteering" => "🙌",
        "farming" => "🌱",
        "music" => "🎵",
        _ => "●",
    }
}

#[component]
fn MapCanvas(
    settings: MapSettings,
    points: Resource<Result<MapPoints, crate::error::AppError>>,
    query: Memo<ActivityQuery>,
    bbox_param: Memo<Option<String>>,
) -> impl IntoView {
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
                // the searched area when the URL has one, else the whole town
                let b = bbox_param.get_untracked().and_then(|b| crate::map::bbox::BBox::parse(&b).ok()).or_else(|| crate::map::bbox::BBox::parse(&settings.town_bbox).ok());
                let Some(b) = b else { return };
                let on_move = wasm_bindgen::closure::Closure::<dyn FnMut(String)>::new(move |bbox: String| moved_to.set(Some(bbox)));
                let on_fail = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || tiles_failed.set(true));
                let h = crate::map::leaflet::make_map(&div, &settings.tile_url, &settings.attribution, settings.tile_cors, b.west(), b.south(), b.east(), b.north(), &on_move, &on_fail);
                on_move.forget();
                on_fail.forget();
                handle.set_value(Some(h));
                ready.set(true);
            });
            crate::map::leaflet::load_leaflet(crate::map::leaflet::BASE, &ready_cb);
            ready_cb.forget();
        });
        // "near me": mark the position and centre there (unless the URL
        // names an area), whenever the position changes
        let here = Memo::new(move |_| query.with(|q| q.lat.zip(q.lon)));
        Effect::new(move |_| {
            if !ready.get() {
                return;
            }
            let label = t_string!(i18n, places.near_from_here).to_string();
            let centre = bbox_param.with_untracked(|b| b.is_none());
            handle.with_value(|h| {
                if let Some(h) = h {
                    match here.get() {
                        Some((lat, lon)) => crate::map::leaflet::show_here(h, lat, lon, &label, centre),
                        None => crate::map::leaflet::clear_here(h),
                    }
                }
            });
        });
        // markers follow the points (and the first load)
        Effect::new(move |_| {
            if !ready.get() {
                return;
            }
            let Some(Ok(m)) = points.get() else { return };
            let locale = i18n.get_locale_untracked();
            let from = query.with_untracked(|q| q.lat.zip(q.lon));
            handle.with_value(|h| {
                if let Some(h) = h {
                    let (pts, cls) = js_points(&m, locale, from);
                    crate::map::leaflet::set_points(h, pts, cls);
                }
            });
            moved_to.set(None);
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (&settings, points, ready, bbox_param);
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

/// A marker's label and popup (pictogram and text, never colour alone);
/// with the distance from `from` when the list is sorted by it.
#[cfg_attr(not(any(feature = "hydrate", test)), allow(dead_code))]
fn marker_html(p: &MapPoint, locale: Locale, from: Option<(f64, f64)>) -> (String, String) {
    let short: String = p.name.chars().take(10).collect();
    let short = if short.chars().count() < p.name.chars().count() { format!("{short}…") } else { short };
    let class = if p.resource { "pin-icon resource" } else { "pin-icon" };
    let label = format!("<span class=\"{class}\" aria-hidden=\"true\">{}</span><span class=\"pin-label\">{}</span>", glyph(p), escape(&short));
    let kind = p
        .resource
        .then(|| crate::resources::model::ResourceKind::parse(&p.category))
        .flatten()
        .map(|k| format!("<p>{}</p>", escape(crate::resources::kind_label(k, locale))))
        .unwrap_or_default();
    let next = p
        .next_date
        .as_ref()
        .map(|d| format!("<p>{} {}</p>", td_string!(locale, common.map.next), escape(d)))
        .unwrap_or_default();
    let distance = from
        .map(|f| format!("<p class=\"distance\">{}</p>", escape(&crate::pages::activities::list_page::distance_label(locale, distance_m(f, p)))))
        .unwrap_or_default();
    let popup = format!(
        "<div class=\"map-popup\" data-id=\"{id}\"><strong>{name}</strong>{kind}{next}{distance}<p><a href=\"{href}\">{details}</a></p></div>",
        id = p.id,
        name = escape(&p.name),
        href = p.href(),
        details = td_string!(locale, common.map.details),
    );
    (label, popup)
}

#[cfg(feature = "hydrate")]
fn js_points(m: &MapPoints, locale: Locale, from: Option<(f64, f64)>) -> (wasm_bindgen::JsValue, wasm_bindgen::JsValue) {
    use js_sys::Array;
    use wasm_bindgen::JsValue;
    let pts = Array::new();
    for p in &m.points {
        let (label, popup) = marker_html(p, locale, from);
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
        let p = MapPoint { id: 7, lat: 35.0, lon: 134.0, name: "<b>北山ふれあいいきいきサロン</b>".into(), category: "salon".into(), next_date: Some("2026-12-03".into()), resource: false };
        let (label, popup) = marker_html(&p, Locale::ja, None);
        assert!(label.contains("&lt;b&gt;北山ふれあい") && label.contains("…<") && !label.contains("<b>"));
        assert!(label.contains("☕"), "the category's pictogram");
        assert!(popup.contains("href=\"/activities/7\"") && popup.contains("次回 2026-12-03") && !popup.contains("<b>"));
        assert!(!popup.contains("distance"));
    }

    #[test]
    fn resources_link_to_their_page_with_kind_and_distance() {
        let p = MapPoint { id: 3, lat: 35.01, lon: 134.0, name: "光明寺".into(), category: "temple".into(), next_date: None, resource: true };
        let (label, popup) = marker_html(&p, Locale::ja, Some((35.0, 134.0)));
        assert!(label.contains("⛩") && label.contains("光明寺"));
        assert!(popup.contains("href=\"/resources/3\"") && popup.contains("お寺・神社"));
        assert!(popup.contains("約1.1km"), "{popup}");
    }
}
