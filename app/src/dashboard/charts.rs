//! Charts drawn on the server as SVG (no script, prints on A4): bars for
//! breakdowns, columns for months, paired bars for before/after, stacked
//! bars for improved/same/worse. Every chart has a title and a text
//! description for screen readers, and its numbers are in the table under
//! it. A hidden figure draws no bar: its label says 「5人未満」 or 「秘匿」.
use super::breakdown::Line;
use super::connections::MeanPair;
use super::outcomes::IndicatorOutcome;
use super::sheets::{figure_text, pick};
use super::suppression::Figure;
use crate::health_check::chart::escape_xml;
use crate::i18n::*;
use std::fmt::Write;

const WIDTH: f64 = 640.0;
const LABEL_W: f64 = 250.0;
const VALUE_W: f64 = 80.0;
const ROW_H: f64 = 30.0;
const BAR_H: f64 = 18.0;

fn open(height: f64, title: &str, desc: &str) -> String {
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" class="dash-chart" font-size="13" font-family="sans-serif"><title>{}</title><desc>{}</desc>"#,
        escape_xml(title),
        escape_xml(desc)
    )
}

/// The colour of a bar class (CSS may restyle it, e.g. for print).
fn colour(class: &str) -> &'static str {
    match class {
        "dash-bar" | "dash-improved" => "#1f7a5c",
        "dash-bar-before" | "dash-same" => "#9aa5a0",
        "dash-worse" => "#c0622b",
        _ => "#fff",
    }
}

/// Cuts a label to what fits beside the bars (the table has it whole).
fn fit(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        format!("{}…", label.chars().take(max - 1).collect::<String>())
    }
}

/// Horizontal bars, one per item of a line (the total is not drawn).
pub fn bars(line: &Line, title: &str, l: Locale) -> String {
    let max = line.items.iter().filter_map(|i| i.figure.shown()).max().unwrap_or(0).max(1) as f64;
    let height = ROW_H * line.items.len().max(1) as f64 + 8.0;
    let mut svg = open(height, title, &describe(line, l));
    let span = WIDTH - LABEL_W - VALUE_W;
    for (i, item) in line.items.iter().enumerate() {
        let y = 4.0 + i as f64 * ROW_H;
        let _ = write!(svg, r#"<text x="{}" y="{}" text-anchor="end" class="dash-label">{}</text>"#, LABEL_W - 8.0, y + BAR_H - 4.0, escape_xml(&fit(&pick(&item.label, l), 16)));
        match item.figure {
            Figure::Count(n) => {
                let w = (n as f64 / max * span).max(if n > 0 { 2.0 } else { 0.0 });
                let _ = write!(svg, r#"<rect x="{LABEL_W}" y="{y}" width="{w:.1}" height="{BAR_H}" class="dash-bar" fill="rgb(31,122,92)"/>"#);
                let _ = write!(svg, r#"<text x="{:.1}" y="{}" class="dash-value">{n}</text>"#, LABEL_W + w + 6.0, y + BAR_H - 4.0);
            }
            hidden => {
                let _ = write!(svg, r#"<text x="{}" y="{}" class="dash-hidden" fill="rgb(154,74,0)">{}</text>"#, LABEL_W + 4.0, y + BAR_H - 4.0, escape_xml(&figure_text(hidden, l)));
            }
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Vertical columns for the months of a period.
pub fn columns(line: &Line, title: &str, l: Locale) -> String {
    let n = line.items.len().max(1);
    let max = line.items.iter().filter_map(|i| i.figure.shown()).max().unwrap_or(0).max(1) as f64;
    let (top, plot) = (24.0, 150.0);
    let height = top + plot + 40.0;
    let mut svg = open(height, title, &describe(line, l));
    let slot = (WIDTH - 20.0) / n as f64;
    let w = (slot * 0.6).min(40.0);
    for (i, item) in line.items.iter().enumerate() {
        let x = 10.0 + i as f64 * slot + (slot - w) / 2.0;
        let base = top + plot;
        // 「2026年11月」 → 「11月」, "Nov 2026" → "Nov"
        let full = pick(&item.label, l);
        let short = if l == Locale::en { full.split(' ').next().unwrap_or_default().to_string() } else { full.split('年').nth(1).unwrap_or(&full).to_string() };
        let _ = write!(svg, r#"<text x="{:.1}" y="{}" text-anchor="middle" class="dash-label">{}</text>"#, x + w / 2.0, base + 18.0, escape_xml(&short));
        match item.figure {
            Figure::Count(v) => {
                let h = v as f64 / max * plot;
                let _ = write!(svg, r#"<rect x="{x:.1}" y="{:.1}" width="{w:.1}" height="{h:.1}" class="dash-bar" fill="rgb(31,122,92)"/>"#, base - h);
                let _ = write!(svg, r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" class="dash-value">{v}</text>"#, x + w / 2.0, base - h - 5.0);
            }
            _ => {
                let _ = write!(svg, r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" class="dash-hidden" fill="rgb(154,74,0)">*</text>"#, x + w / 2.0, base - 5.0);
            }
        }
    }
    let _ = write!(svg, r#"<line x1="6" y1="{0}" x2="{1}" y2="{0}" class="dash-axis" stroke="rgb(213,220,216)"/>"#, top + plot, WIDTH - 6.0);
    svg.push_str("</svg>");
    svg
}

/// Paired bars: before support (grey) and at closing (green).
pub fn before_after(means: &[MeanPair], title: &str, l: Locale) -> String {
    let max = means.iter().map(|m| m.before.max(m.at_close)).fold(1.0f32, f32::max) as f64;
    let row = 2.0 * BAR_H + 14.0;
    let height = row * means.len().max(1) as f64 + 30.0;
    let desc = means.iter().map(|m| format!("{}: {:.1} → {:.1}", pick(&m.label, l), m.before, m.at_close)).collect::<Vec<_>>().join("; ");
    let mut svg = open(height, title, &desc);
    let span = WIDTH - LABEL_W - VALUE_W;
    for (i, m) in means.iter().enumerate() {
        let y = 4.0 + i as f64 * row;
        let _ = write!(svg, r#"<text x="{}" y="{}" text-anchor="end" class="dash-label">{}</text>"#, LABEL_W - 8.0, y + BAR_H + 4.0, escape_xml(&fit(&pick(&m.label, l), 16)));
        for (k, (v, class)) in [(m.before, "dash-bar-before"), (m.at_close, "dash-bar")].into_iter().enumerate() {
            let yy = y + k as f64 * (BAR_H + 2.0);
            let w = v as f64 / max * span;
            let _ = write!(svg, r#"<rect x="{LABEL_W}" y="{yy}" width="{w:.1}" height="{BAR_H}" class="{class}" fill="{}"/>"#, colour(class));
            let _ = write!(svg, r#"<text x="{:.1}" y="{}" class="dash-value">{v:.1}</text>"#, LABEL_W + w + 6.0, yy + BAR_H - 4.0);
        }
    }
    let y = height - 12.0;
    let _ = write!(
        svg,
        r#"<rect x="{LABEL_W}" y="{}" width="14" height="10" class="dash-bar-before" fill="rgb(154,165,160)"/><text x="{}" y="{y}" class="dash-label">{}</text><rect x="{}" y="{}" width="14" height="10" class="dash-bar" fill="rgb(31,122,92)"/><text x="{}" y="{y}" class="dash-label">{}</text>"#,
        y - 9.0,
        LABEL_W + 20.0,
        escape_xml(td_string!(l, dashboard.before_support)),
        LABEL_W + 170.0,
        y - 9.0,
        LABEL_W + 190.0,
        escape_xml(td_string!(l, dashboard.at_closing)),
    );
    svg.push_str("</svg>");
    svg
}

/// One bar per indicator split into improved / same / worse (shares of the
/// rated cases); a part that is hidden is drawn as "not shown".
pub fn outcome_bars(indicators: &[IndicatorOutcome], title: &str, l: Locale) -> String {
    let height = ROW_H * indicators.len().max(1) as f64 + 30.0;
    let desc = indicators
        .iter()
        .map(|o| format!("{}: {} {}", pick(&o.label, l), td_string!(l, dashboard.improved), o.share(o.improved).map(|s| format!("{:.0}%", s * 100.0)).unwrap_or_else(|| figure_text(o.improved, l))))
        .collect::<Vec<_>>()
        .join("; ");
    let mut svg = open(height, title, &desc);
    let span = WIDTH - LABEL_W - 20.0;
    for (i, o) in indicators.iter().enumerate() {
        let y = 4.0 + i as f64 * ROW_H;
        let _ = write!(svg, r#"<text x="{}" y="{}" text-anchor="end" class="dash-label">{}</text>"#, LABEL_W - 8.0, y + BAR_H - 4.0, escape_xml(&fit(&pick(&o.label, l), 16)));
        let Some(n) = o.rated.and_then(Figure::shown).filter(|n| *n > 0) else {
            let text = o.rated.map(|f| figure_text(f, l)).unwrap_or_default();
            let _ = write!(svg, r#"<text x="{}" y="{}" class="dash-hidden" fill="rgb(154,74,0)">{}</text>"#, LABEL_W + 4.0, y + BAR_H - 4.0, escape_xml(&text));
            continue;
        };
        let mut x = LABEL_W;
        let mut known = 0;
        for (f, class) in [(o.improved, "dash-improved"), (o.same, "dash-same"), (o.worse, "dash-worse")] {
            if let Some(v) = f.shown() {
                let w = v as f64 / n as f64 * span;
                let _ = write!(svg, r#"<rect x="{x:.1}" y="{y}" width="{w:.1}" height="{BAR_H}" class="{class}" fill="{}"/>"#, colour(class));
                if w > 34.0 {
                    let _ = write!(svg, r#"<text x="{:.1}" y="{}" class="dash-in-bar" fill="rgb(255,255,255)">{:.0}%</text>"#, x + 4.0, y + BAR_H - 4.0, v as f64 / n as f64 * 100.0);
                }
                x += w;
                known += v;
            }
        }
        if known < n {
            let w = (n - known) as f64 / n as f64 * span;
            let _ = write!(svg, r#"<rect x="{x:.1}" y="{y}" width="{w:.1}" height="{BAR_H}" class="dash-unknown" fill="rgb(255,255,255)" stroke="rgb(154,165,160)" stroke-dasharray="3 3"/>"#);
        }
    }
    let y = height - 10.0;
    let mut x = LABEL_W;
    for (label, class) in [(td_string!(l, dashboard.improved), "dash-improved"), (td_string!(l, dashboard.same), "dash-same"), (td_string!(l, dashboard.worse), "dash-worse"), (td_string!(l, dashboard.not_shown), "dash-unknown")] {
        let _ = write!(svg, r#"<rect x="{x}" y="{}" width="14" height="10" class="{class}" fill="{}"/><text x="{}" y="{y}" class="dash-label">{}</text>"#, y - 9.0, colour(class), x + 18.0, escape_xml(label));
        x += 100.0;
    }
    svg.push_str("</svg>");
    svg
}

/// The chart's figures in words (for the `<desc>`).
fn describe(line: &Line, l: Locale) -> String {
    line.items.iter().map(|i| format!("{} {}", pick(&i.label, l), figure_text(i.figure, l))).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::breakdown::Item;
    use crate::health_check::questionnaire::Text;

    #[test]
    fn hidden_figures_draw_no_bar_and_say_why() {
        let line = Line {
            items: vec![
                Item { key: "a".into(), label: Text::new("医療機関", "Clinic"), figure: Figure::Count(12) },
                Item { key: "b".into(), label: Text::new("薬局<&>", "Pharmacy"), figure: Figure::Small },
            ],
            total: Some(Figure::Withheld),
        };
        let svg = bars(&line, "紹介元", Locale::ja);
        assert_eq!(svg.matches("<rect").count(), 1);
        assert!(svg.contains(r##"fill="rgb(31,122,92)""##), "coloured without the style sheet");
        assert!(svg.contains("5人未満"));
        assert!(svg.contains("薬局&lt;&amp;&gt;"));
        assert!(svg.contains("<title>紹介元</title>"));
        let cols = columns(&line, "月別", Locale::en);
        assert!(cols.contains(">Clinic<") || cols.contains("Clinic"));
    }
}
