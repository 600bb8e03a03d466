//! What a place on the map looks like: its pictogram (kind or category,
//! never colour alone), its label and popup, its distance from "here".
//! Used by the page's text list (server) and the map island (browser).
use super::points::MapPoint;
use crate::i18n::*;

/// Metres from `from` to the point.
pub fn distance_m(from: (f64, f64), p: &MapPoint) -> u32 {
    match (crate::validation::GeoPoint::new(from.0, from.1), crate::validation::GeoPoint::new(p.lat, p.lon)) {
        (Ok(a), Ok(b)) => a.distance_m(&b).round() as u32,
        _ => 0,
    }
}

/// The marker's pictogram: the resource's kind, or the activity's category.
pub fn glyph(p: &MapPoint) -> &'static str {
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

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A marker's label and popup (pictogram and text, never colour alone);
/// with the distance from `from` when the list is sorted by it.
pub fn marker_html(p: &MapPoint, locale: Locale, from: Option<(f64, f64)>) -> (String, String) {
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
        .map(|f| format!("<p class=\"distance\">{}</p>", escape(&crate::ui::distance_label(locale, distance_m(f, p)))))
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
