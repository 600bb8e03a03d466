//! The thin binding to Leaflet 1.9 and Leaflet.markercluster, both served
//! from our own `/vendor/` (copied from npm at build time; no CDN). All the
//! JavaScript there is lives in this one file; the markers' HTML is made in
//! Rust.
use wasm_bindgen::prelude::*;

/// Where `scripts/build.sh` puts the libraries.
pub const BASE: &str = "/vendor/leaflet-1.9.4";

#[wasm_bindgen(inline_js = r#"
// A pin's box is its 32 px pictogram, the place at its bottom centre; the
// label hangs below it outside the box (style/main.css), so the tap target
// the browser and a screen reader see is where the pin is drawn, not a wide
// box beside it over its neighbours (WCAG 2.5.8 target spacing).
const PIN = [32, 32];
const PIN_ANCHOR = [16, 32];

export function load_leaflet(base, ready) {
  if (window.L && window.L.markerClusterGroup) { ready(); return; }
  const css = (href) => {
    if (document.querySelector('link[href="' + href + '"]')) return;
    const l = document.createElement('link'); l.rel = 'stylesheet'; l.href = href; document.head.appendChild(l);
  };
  const js = (src, next) => {
    const s = document.createElement('script'); s.src = src; s.onload = next; document.head.appendChild(s);
  };
  css(base + '/leaflet.css'); css(base + '/MarkerCluster.css'); css(base + '/MarkerCluster.Default.css');
  js(base + '/leaflet.js', () => js(base + '/leaflet.markercluster.js', ready));
}

export function make_map(el, tile_url, attribution, cors, west, south, east, north, on_move, on_tiles_failed) {
  const L = window.L;
  const map = L.map(el, { zoomControl: true, tap: true });
  map.fitBounds([[south, west], [north, east]]);
  // CORS tiles can be kept by the service worker (bounded, see sw.js)
  const tiles = L.tileLayer(tile_url, { attribution: attribution, maxZoom: 19, crossOrigin: cors ? 'anonymous' : false });
  let told = false;
  tiles.on('tileerror', () => { if (!told) { told = true; on_tiles_failed(); } });
  tiles.addTo(map);
  const group = L.markerClusterGroup({ showCoverageOnHover: false, spiderfyOnMaxZoom: true, maxClusterRadius: 50 });
  map.addLayer(group);
  const clusters = L.layerGroup().addTo(map);
  map.on('moveend', () => on_move(map.getBounds().toBBoxString()));
  return { map: map, group: group, clusters: clusters };
}

// points: [[lat, lon, label_html, popup_html], ...]; clusters: [[lat, lon, count, label, bbox], ...]
export function set_points(h, points, clusters) {
  const L = window.L;
  h.group.clearLayers();
  h.clusters.clearLayers();
  const markers = points.map((p) => {
    const icon = L.divIcon({ className: 'map-pin', html: p[2], iconSize: PIN, iconAnchor: PIN_ANCHOR, popupAnchor: [0, -30] });
    return L.marker([p[0], p[1]], { icon: icon, keyboard: true, title: p[4] }).bindPopup(p[3]);
  });
  h.group.addLayers(markers);
  for (const c of clusters) {
    const icon = L.divIcon({ className: 'map-cluster server-cluster', html: '<span>' + c[2] + '</span>', iconSize: [44, 44] });
    const m = L.marker([c[0], c[1]], { icon: icon, keyboard: true, title: c[3] });
    m.on('click', () => {
      const b = c[4].split(',').map(Number);
      h.map.fitBounds([[b[1], b[0]], [b[3], b[2]]]);
    });
    h.clusters.addLayer(m);
  }
}

// "near me": one marker (text, not colour alone) at the position; centre there
export function show_here(h, lat, lon, label, centre) {
  const L = window.L;
  clear_here(h);
  const icon = L.divIcon({ className: 'map-pin here-pin', html: '<span class="pin-icon" aria-hidden="true">📍</span><span class="pin-label"></span>', iconSize: PIN, iconAnchor: PIN_ANCHOR });
  h.here = L.marker([lat, lon], { icon: icon, keyboard: false, title: label, zIndexOffset: 1000 }).addTo(h.map);
  const el = h.here.getElement();
  if (el) el.querySelector('.pin-label').textContent = label;
  if (centre) h.map.setView([lat, lon], 14);
}

export function clear_here(h) {
  if (h.here) { h.map.removeLayer(h.here); h.here = null; }
}

// a map to choose one place: a tap (or click) sets the mark and calls on_pick(lat, lon)
export function make_picker(el, tile_url, attribution, west, south, east, north, on_pick) {
  const L = window.L;
  const map = L.map(el, { zoomControl: true, tap: true });
  map.fitBounds([[south, west], [north, east]]);
  L.tileLayer(tile_url, { attribution: attribution, maxZoom: 19 }).addTo(map);
  const h = { map: map, mark: null };
  map.on('click', (e) => { picker_mark(h, e.latlng.lat, e.latlng.lng); on_pick(e.latlng.lat, e.latlng.lng); });
  return h;
}

function picker_mark(h, lat, lon) {
  const L = window.L;
  if (h.mark) { h.mark.setLatLng([lat, lon]); return; }
  const icon = L.divIcon({ className: 'map-pin pick-pin', html: '<span class="pin-icon" aria-hidden="true">📍</span>', iconSize: PIN, iconAnchor: PIN_ANCHOR });
  h.mark = L.marker([lat, lon], { icon: icon, keyboard: false }).addTo(h.map);
}

export function picker_set(h, lat, lon) {
  picker_mark(h, lat, lon);
  h.map.setView([lat, lon], 16);
}

export function fit(h, west, south, east, north) {
  h.map.fitBounds([[south, west], [north, east]]);
}

// run `f` in a task of its own, after what the browser has queued (the map's
// start is split so that no single task is long on a slow phone)
export function next_task(f) {
  setTimeout(() => f(), 0);
}
"#)]
extern "C" {
    pub fn load_leaflet(base: &str, ready: &Closure<dyn FnMut()>);
    pub fn make_map(
        el: &web_sys::HtmlElement,
        tile_url: &str,
        attribution: &str,
        cors: bool,
        west: f64,
        south: f64,
        east: f64,
        north: f64,
        on_move: &Closure<dyn FnMut(String)>,
        on_tiles_failed: &Closure<dyn FnMut()>,
    ) -> JsValue;
    pub fn set_points(h: &JsValue, points: JsValue, clusters: JsValue);
    pub fn show_here(h: &JsValue, lat: f64, lon: f64, label: &str, centre: bool);
    pub fn clear_here(h: &JsValue);
    pub fn make_picker(
        el: &web_sys::HtmlElement,
        tile_url: &str,
        attribution: &str,
        west: f64,
        south: f64,
        east: f64,
        north: f64,
        on_pick: &Closure<dyn FnMut(f64, f64)>,
    ) -> JsValue;
    pub fn picker_set(h: &JsValue, lat: f64, lon: f64);
    pub fn fit(h: &JsValue, west: f64, south: f64, east: f64, north: f64);
    pub fn next_task(f: &Closure<dyn FnMut()>);
}
