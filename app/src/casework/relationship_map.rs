//! The relationship map: the person at the centre, formal ties (public
//! bodies, services) on the left and informal ones (family, friends,
//! neighbours, shops) on the right; ■ active ties drawn solid, ● planned
//! ones dashed. Drawn twice: before support and now. Plain SVG from Rust.
use super::case_file::ConnectionRow;
use crate::i18n::*;
use leptos::prelude::*;

const W: f64 = 400.0;
const H: f64 = 300.0;
const R: f64 = 115.0;

/// Where one tie goes on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub label: String,
    pub x: f64,
    pub y: f64,
    pub active: bool,
    pub formal: bool,
}

/// Ties spread on an arc: formal on the left (from top to bottom), informal
/// on the right.
pub fn place(ties: &[&ConnectionRow]) -> Vec<Placed> {
    let (cx, cy) = (W / 2.0, H / 2.0);
    let side = |formal: bool| -> Vec<&ConnectionRow> { ties.iter().copied().filter(|c| (c.tie == "formal") == formal).collect() };
    let mut out = Vec::new();
    for formal in [true, false] {
        let group = side(formal);
        let n = group.len();
        for (i, c) in group.into_iter().enumerate() {
            // from -60° to +60° around the side's axis (left: 180°, right: 0°)
            let t = if n == 1 { 0.5 } else { i as f64 / (n - 1) as f64 };
            let spread = (-60.0 + 120.0 * t).to_radians();
            let axis = if formal { std::f64::consts::PI } else { 0.0 };
            let a = if formal { axis - spread } else { axis + spread };
            out.push(Placed {
                label: c.label.clone(),
                x: cx + R * a.cos(),
                y: cy + R * 0.95 * a.sin(),
                active: c.state == "active",
                formal,
            });
        }
    }
    out
}

fn short(label: &str) -> String {
    let chars: Vec<char> = label.chars().collect();
    if chars.len() <= 9 {
        label.to_string()
    } else {
        format!("{}…", chars[..8].iter().collect::<String>())
    }
}

#[component]
fn Map(ties: Vec<Placed>, title: String, name: String) -> impl IntoView {
    let (cx, cy) = (W / 2.0, H / 2.0);
    view! {
        <figure class="relationship-map">
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=title.clone()>
                <title>{title.clone()}</title>
                <line x1=cx y1="10" x2=cx y2=H - 10.0 class="divider" />
                {ties.iter().map(|p| view! {
                    <line x1=cx y1=cy x2=p.x y2=p.y class=if p.active { "tie active" } else { "tie planned" } />
                }).collect_view()}
                <circle cx=cx cy=cy r="30" class="person" />
                <text x=cx y=cy + 5.0 text-anchor="middle" class="person-label">{short(&name)}</text>
                {ties.into_iter().map(|p| {
                    let anchor = if p.formal { "end" } else { "start" };
                    let dx = if p.formal { -12.0 } else { 12.0 };
                    view! {
                        <g class=if p.formal { "node formal" } else { "node informal" }>
                            <title>{p.label.clone()}</title>
                            <circle cx=p.x cy=p.y r="8" class=if p.active { "dot active" } else { "dot planned" } />
                            <text x=p.x + dx y=p.y + 5.0 text-anchor=anchor>{short(&p.label)}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
            <figcaption>{title}</figcaption>
        </figure>
    }
}

/// Before support (the ties the person already had) and now (all ties).
#[component]
pub fn RelationshipMaps(connections: Vec<ConnectionRow>, name: String) -> impl IntoView {
    let i18n = use_i18n();
    let before: Vec<&ConnectionRow> = connections.iter().filter(|c| c.before_support).collect();
    let now: Vec<&ConnectionRow> = connections.iter().collect();
    let (before, now) = (place(&before), place(&now));
    let name2 = name.clone();
    view! {
        <div class="relationship-maps" data-testid="relationship-maps">
            <p class="map-legend muted">{t!(i18n, casework.map_legend)}</p>
            {move || view! { <Map ties=before.clone() title=t_string!(i18n, casework.map_before).to_string() name=name.clone() /> }}
            {move || view! { <Map ties=now.clone() title=t_string!(i18n, casework.map_now).to_string() name=name2.clone() /> }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tie(label: &str, tie: &str, state: &str) -> ConnectionRow {
        ConnectionRow {
            client_id: label.into(),
            label: label.into(),
            activity_id: None,
            resource_id: None,
            tie: tie.into(),
            family: "people".into(),
            state: state.into(),
            started_on: None,
            introduced_by: None,
            before_support: false,
        }
    }

    #[test]
    fn formal_ties_go_left_and_informal_right() {
        let ties = [tie("市役所", "formal", "active"), tie("娘", "informal", "active"), tie("社協", "formal", "planned")];
        let refs: Vec<&ConnectionRow> = ties.iter().collect();
        let placed = place(&refs);
        assert_eq!(placed.len(), 3);
        for p in &placed {
            assert_eq!(p.formal, p.x < W / 2.0, "{p:?}");
            assert!(p.y > 0.0 && p.y < H);
        }
        assert!(!placed.iter().find(|p| p.label == "社協").unwrap().active);
    }

    #[test]
    fn long_names_are_shortened_for_the_picture() {
        assert_eq!(short("いきいき百歳体操（公民館）"), "いきいき百歳体操…");
        assert_eq!(short("娘"), "娘");
    }
}
