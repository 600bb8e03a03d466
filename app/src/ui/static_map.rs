//! A small map of one place without JavaScript: the 3 × 3 map tiles around
//! it, positioned with CSS, and a marker. Reading pages stay light and work
//! before (or without) the client bundle; when the tiles cannot load (offline,
//! blocked) the marker, the address and a note still show.
//!
//! The tile URLs are worked out on the server from the configured template
//! (`TSUNAGU_TILE_URL`, `{z}/{x}/{y}`, optional `{s}`), so the page data
//! carries everything the view needs.
use crate::i18n::*;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Zoom level of the small maps (streets and buildings readable).
pub const ZOOM: u32 = 16;
const TILE: i32 = 256;

/// One tile: its URL and where its top-left corner sits, in pixels from the marker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlacedTile {
    pub url: String,
    pub dx: i32,
    pub dy: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaticMap {
    pub tiles: Vec<PlacedTile>,
    pub attribution: String,
    /// A full map of the place on openstreetmap.org.
    pub link: String,
}

/// Web Mercator position of a point at `zoom`, in tile units (x, y).
pub fn tile_position(lat: f64, lon: f64, zoom: u32) -> (f64, f64) {
    let n = f64::from(1u32 << zoom.min(30));
    let lat = lat.clamp(-85.0511, 85.0511).to_radians();
    let x = (lon + 180.0) / 360.0 * n;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0 * n;
    (x, y)
}

/// The tiles around (`lat`, `lon`), from a `{z}/{x}/{y}` URL template.
pub fn build(lat: f64, lon: f64, template: &str, attribution: &str) -> StaticMap {
    let (x, y) = tile_position(lat, lon, ZOOM);
    let (tx, ty) = (x.floor() as i64, y.floor() as i64);
    // the marker's pixel inside its tile
    let (px, py) = (((x - x.floor()) * f64::from(TILE)) as i32, ((y - y.floor()) * f64::from(TILE)) as i32);
    let max = 1i64 << ZOOM;
    let mut tiles = Vec::with_capacity(9);
    for row in -1..=1i64 {
        for col in -1..=1i64 {
            let (cx, cy) = ((tx + col).rem_euclid(max), ty + row);
            if !(0..max).contains(&cy) {
                continue;
            }
            let sub = ["a", "b", "c"][((cx + cy).rem_euclid(3)) as usize];
            let url = template
                .replace("{z}", &ZOOM.to_string())
                .replace("{x}", &cx.to_string())
                .replace("{y}", &cy.to_string())
                .replace("{s}", sub);
            tiles.push(PlacedTile { url, dx: col as i32 * TILE - px, dy: row as i32 * TILE - py });
        }
    }
    StaticMap {
        tiles,
        attribution: attribution.to_string(),
        link: format!("https://www.openstreetmap.org/?mlat={lat:.5}&mlon={lon:.5}#map=17/{lat:.5}/{lon:.5}"),
    }
}

/// The map box. `label` names the place for screen readers.
#[component]
pub fn StaticMapView(map: StaticMap, #[prop(into)] label: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <figure class="static-map" data-testid="static-map">
            <div class="static-map-frame" role="img" aria-label=label>
                <p class="static-map-note">{t!(i18n, common.map.tiles_failed)}</p>
                {map.tiles.into_iter().map(|t| view! {
                    <img class="static-map-tile" src=t.url alt="" width="256" height="256" loading="lazy" decoding="async"
                        referrerpolicy="no-referrer"
                        style=format!("left: calc(50% + {}px); top: calc(50% + {}px)", t.dx, t.dy) />
                }).collect_view()}
                <span class="static-map-marker" aria-hidden="true"></span>
            </div>
            <figcaption>
                <small class="static-map-attribution">{map.attribution}</small>
                " "<a href=map.link rel="noopener" target="_blank">{t!(i18n, common.map.open_large)}</a>
            </figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tile_positions_match_known_values() {
        // Tokyo Station at z16 is tile (58211, 25806)
        let (x, y) = tile_position(35.6812, 139.7671, 16);
        assert_eq!((x.floor() as i64, y.floor() as i64), (58211, 25806));
        let (x, y) = tile_position(0.0, 0.0, 1);
        assert!((x - 1.0).abs() < 1e-9 && (y - 1.0).abs() < 1e-9);
    }

    #[test]
    fn nine_tiles_around_the_marker() {
        let m = build(35.3, 134.85, "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "© OpenStreetMap contributors");
        assert_eq!(m.tiles.len(), 9);
        assert!(m.tiles.iter().all(|t| t.url.starts_with("https://tile.openstreetmap.org/16/")));
        // the centre tile contains the marker: its corner is at most one tile up/left
        let centre = &m.tiles[4];
        assert!((-256..=0).contains(&centre.dx) && (-256..=0).contains(&centre.dy));
        assert_eq!(m.tiles[5].dx - centre.dx, 256);
        assert_eq!(m.tiles[7].dy - centre.dy, 256);
    }
}
