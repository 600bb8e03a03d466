//! The Positive Health spider-web chart (蜘蛛の巣チャート) drawn as SVG in
//! Rust, so the server can render it into the page (no chart JavaScript) and
//! offer the very same string as a standalone `.svg` download.
//!
//! The chart is language-neutral: the caller passes every string (axis labels
//! such as 「からだの調子（未回答）」, series names, title and description).
//! A label may contain `\n` to choose its own line break; otherwise long
//! labels are wrapped onto up to three lines (Japanese fits on two) and
//! anchored by side so they never leave the viewBox.
//!
//! Output is deterministic: every number is written with one decimal.

use serde::{Deserialize, Serialize};

/// One axis with its score, for callers that hold axis and score together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartAxis {
    /// Text shown at the end of the axis (already localised by the caller).
    pub label: String,
    /// Score 0..=10; `None` = not answered.
    pub score: Option<f32>,
}

/// One result drawn on the chart (the current one, or a previous one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartSeries {
    /// Name shown in the legend, e.g. 「今回（2025年6月）」.
    pub name: String,
    /// Scores 0..=10 in the same order as the axes; `None` = not answered.
    /// Missing entries count as unanswered, extra entries are ignored.
    pub scores: Vec<Option<f32>>,
}

impl ChartSeries {
    /// Builds a series from axes that carry their own scores.
    pub fn from_axes(name: impl Into<String>, axes: &[ChartAxis]) -> Self {
        Self {
            name: name.into(),
            scores: axes.iter().map(|a| a.score).collect(),
        }
    }
}

/// Size and accessible texts of a chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartOptions {
    /// Width of the viewBox in user units (e.g. 360). Font sizes scale with
    /// it, so 360 gives 15-unit labels. Clamped to 120..=4096.
    pub size: u32,
    /// Short accessible name, written to `<title>`.
    pub title: String,
    /// Longer text for screen readers (e.g. every score in words), written
    /// to `<desc>`.
    pub description: String,
}

/// Splits axes that carry scores into the label list and a series.
pub fn split_axes(name: impl Into<String>, axes: &[ChartAxis]) -> (Vec<String>, ChartSeries) {
    let labels = axes.iter().map(|a| a.label.clone()).collect();
    (labels, ChartSeries::from_axes(name, axes))
}

/// Highest score on an axis (the outer ring).
pub const MAX_SCORE: f32 = 10.0;
/// Values that get a ring (10 = outer ring; 0 is the centre).
pub const RING_VALUES: [u8; 6] = [0, 2, 4, 6, 8, 10];

/// Current result: the site's green (5.3:1 on white).
const CURRENT_COLOUR: &str = "#1f7a5c";
/// Previous result: a violet that differs from the green in hue and
/// lightness (7.9:1 on white); it is also dashed, so colour is not needed.
const PREVIOUS_COLOUR: &str = "#5b3f9e";
/// Axis labels and legend text (17:1 on white).
const TEXT_COLOUR: &str = "#1b1b1b";
/// Ring numbers (7.5:1 on white).
const MUTED_COLOUR: &str = "#555555";
/// Inner rings (decorative; the ring numbers carry the values).
const RING_COLOUR: &str = "#b4beb9";
/// Outer ring and axis lines (3.1:1 on white).
const AXIS_COLOUR: &str = "#8a9690";

/// Most lines an automatically wrapped label may use.
const MAX_LABEL_LINES: usize = 3;
/// Most lines a legend entry may use.
const MAX_LEGEND_LINES: usize = 2;
/// Longest label kept, in characters (longer text is cut with an ellipsis).
const MAX_LABEL_CHARS: usize = 80;
/// Line height as a multiple of the font size.
const LINE_HEIGHT: f64 = 1.25;
/// Baseline of the first line below the top of a text block (in em).
const ASCENT: f64 = 0.9;
/// Height of one line of glyphs including descenders (in em).
const GLYPH_HEIGHT: f64 = 1.15;
/// U+00AD: callers may mark where a long word can be hyphenated.
const SOFT_HYPHEN: char = '\u{AD}';
/// Font scales tried before a line is cut with an ellipsis.
const FONT_SCALES: [f64; 3] = [1.0, 0.9, 0.8];

/// Point on axis `index` of `count` for `value` (0..=10) on a square chart
/// centred at (`center`, `center`) with outer radius `radius`.
///
/// Axis 0 points straight up; the others follow clockwise, evenly spaced.
/// Values are clamped to 0..=10; non-finite values and `count == 0` give
/// the centre.
pub fn axis_point(index: usize, count: usize, value: f32, center: f32, radius: f32) -> (f32, f32) {
    let (x, y) = point_at(
        index,
        count,
        f64::from(value),
        f64::from(center),
        f64::from(center),
        f64::from(radius),
    );
    (x as f32, y as f32)
}

/// The `points` attribute of a polygon through `scores` (unanswered = 0,
/// i.e. the centre), one decimal per number: `"x,y x,y …"`.
pub fn polygon_points(
    scores: &[Option<f32>],
    count: usize,
    cx: f32,
    cy: f32,
    radius: f32,
) -> String {
    let (cx, cy, r) = (f64::from(cx), f64::from(cy), f64::from(radius));
    (0..count)
        .map(|i| {
            let v = score_at(scores, i).unwrap_or(0.0);
            let (x, y) = point_at(i, count, v, cx, cy, r);
            format!("{},{}", fmt1(x), fmt1(y))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Renders the chart as a standalone SVG document (also valid inline in
/// HTML). `previous`, when given, is drawn dashed without fill and a legend
/// naming both series is added below the chart.
pub fn spider_svg(
    axes: &[String],
    current: &ChartSeries,
    previous: Option<&ChartSeries>,
    opts: &ChartOptions,
) -> String {
    let layout = Layout::new(axes, current, previous, opts);
    let id = chart_id(axes, current, previous, opts);
    let mut out = String::with_capacity(4096);
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"sans-serif\">",
        fmt1(layout.width),
        fmt1(layout.height)
    ));
    out.push_str(&format!(
        "<title id=\"{id}-title\">{}</title>",
        escape_xml(&opts.title)
    ));
    out.push_str(&format!(
        "<desc id=\"{id}-desc\">{}</desc>",
        escape_xml(&opts.description)
    ));
    out.push_str("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
    if layout.count > 0 {
        out.push_str(&render_grid(&layout));
        out.push_str(&render_current(&layout, &current.scores));
        if let Some(prev) = previous {
            out.push_str(&render_previous(&layout, &prev.scores));
        }
        out.push_str(&render_markers(&layout, &current.scores));
        out.push_str(&render_ring_labels(&layout));
        out.push_str(&render_axis_labels(&layout));
    }
    out.push_str(&render_legend(&layout));
    out.push_str("</svg>");
    out
}

// ---------------------------------------------------------------- geometry

/// Point on axis `index` of `count` at `value` for any centre.
fn point_at(index: usize, count: usize, value: f64, cx: f64, cy: f64, radius: f64) -> (f64, f64) {
    if count == 0 {
        return (cx, cy);
    }
    let v = if value.is_finite() {
        value.clamp(0.0, f64::from(MAX_SCORE))
    } else {
        0.0
    };
    let (s, c) = axis_direction(index, count);
    let d = radius * v / f64::from(MAX_SCORE);
    (cx + d * s, cy - d * c)
}

/// (sin, cos) of axis `index`'s angle, measured clockwise from straight up.
fn axis_direction(index: usize, count: usize) -> (f64, f64) {
    let turn = (index % count.max(1)) as f64 / count.max(1) as f64;
    let angle = turn * std::f64::consts::TAU;
    (angle.sin(), angle.cos())
}

/// Score `i` as f64 when it is answered and finite, clamped to 0..=10.
fn score_at(scores: &[Option<f32>], i: usize) -> Option<f64> {
    scores
        .get(i)
        .copied()
        .flatten()
        .filter(|v| v.is_finite())
        .map(|v| f64::from(v).clamp(0.0, f64::from(MAX_SCORE)))
}

// ------------------------------------------------------------------ layout

/// How a text block is anchored horizontally.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    /// Value of the SVG `text-anchor` attribute.
    fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }

    /// Left edge of a block of `width` anchored at `x`.
    fn left(self, x: f64, width: f64) -> f64 {
        match self {
            Anchor::Start => x,
            Anchor::Middle => x - width / 2.0,
            Anchor::End => x - width,
        }
    }
}

/// Lines of a wrapped text and the font size they fit at.
#[derive(Debug, Clone, PartialEq)]
struct TextBlock {
    lines: Vec<String>,
    font: f64,
}

impl TextBlock {
    /// Estimated width of the widest line.
    fn width(&self) -> f64 {
        self.lines
            .iter()
            .map(|l| text_width(l, self.font))
            .fold(0.0, f64::max)
    }

    /// Height from the top of the first line to the bottom of the last.
    fn height(&self) -> f64 {
        let n = self.lines.len().max(1) as f64;
        self.font * (LINE_HEIGHT * (n - 1.0) + GLYPH_HEIGHT)
    }
}

/// An axis label placed relative to the chart centre.
#[derive(Debug, Clone, PartialEq)]
struct AxisLabel {
    block: TextBlock,
    anchor: Anchor,
    /// Anchor x relative to the centre.
    dx: f64,
    /// Top of the block relative to the centre.
    top: f64,
}

/// One legend row: line sample plus name.
#[derive(Debug, Clone, PartialEq)]
struct LegendRow {
    block: TextBlock,
    dashed: bool,
    colour: &'static str,
    top: f64,
    height: f64,
}

/// Everything needed to draw, computed once from the inputs.
#[derive(Debug, Clone, PartialEq)]
struct Layout {
    count: usize,
    width: f64,
    height: f64,
    cx: f64,
    cy: f64,
    radius: f64,
    pad: f64,
    ring_font: f64,
    marker_radius: f64,
    stroke: f64,
    labels: Vec<AxisLabel>,
    legend: Vec<LegendRow>,
    legend_font: f64,
}

impl Layout {
    /// Sizes the chart so that every label fits inside the viewBox width;
    /// the height grows to whatever the labels and legend need.
    fn new(
        axes: &[String],
        current: &ChartSeries,
        previous: Option<&ChartSeries>,
        opts: &ChartOptions,
    ) -> Self {
        let w = f64::from(opts.size.clamp(120, 4096));
        let pad = w * 0.02;
        let gap = w * 0.022;
        let label_font = w / 24.0;
        let count = axes.len();
        let sides = wrap_side_labels(axes, w, label_font);
        let radius = fit_radius(&sides, count, w, pad, gap);
        let blocks = wrap_middle_labels(axes, sides, w, label_font, radius + gap);
        let mut labels = place_labels(blocks, count, radius + gap);
        resolve_overlaps(&mut labels, count, w * 0.015);
        let (above, below) = vertical_extent(&labels, radius, count);
        let cy = pad + above;
        let chart_bottom = cy + below + pad;
        let legend_top = chart_bottom + w * 0.03;
        let legend_font = w * 14.0 / 360.0;
        let (legend, legend_h) = legend_rows(current, previous, w, legend_font, legend_top);
        Layout {
            count,
            width: w,
            height: if legend.is_empty() {
                chart_bottom
            } else {
                legend_top + legend_h
            },
            cx: w / 2.0,
            cy,
            radius,
            pad,
            ring_font: w * 11.0 / 360.0,
            marker_radius: w * 0.012,
            stroke: w * 2.5 / 360.0,
            labels,
            legend,
            legend_font,
        }
    }

    /// Point on axis `i` at `value` in this layout.
    fn point(&self, i: usize, value: f64) -> (f64, f64) {
        point_at(i, self.count, value, self.cx, self.cy, self.radius)
    }
}

/// Anchor of a label on an axis whose direction has sine `s`.
fn anchor_for(s: f64) -> Anchor {
    if s.abs() < 0.2 {
        Anchor::Middle
    } else if s > 0.0 {
        Anchor::Start
    } else {
        Anchor::End
    }
}

/// Whether axis `i` of `count` has its label beside it (not above/below).
fn is_side(i: usize, count: usize) -> bool {
    anchor_for(axis_direction(i, count).0) != Anchor::Middle
}

/// Wraps the labels at the sides. They share one width, the smallest at
/// which each of them reads well (see [`needed_width`]), so that the web
/// itself can be as large as possible. Top and bottom labels are `None`.
fn wrap_side_labels(axes: &[String], width: f64, font: f64) -> Vec<Option<TextBlock>> {
    let count = axes.len();
    let (min_w, max_w) = (width * 0.12, width * 0.28);
    let side_w = axes
        .iter()
        .enumerate()
        .filter(|(i, _)| is_side(*i, count))
        .map(|(_, a)| needed_width(a, min_w, max_w, width / 180.0, font))
        .fold(min_w, f64::max);
    axes.iter()
        .enumerate()
        .map(|(i, a)| is_side(i, count).then(|| wrap_text(a, side_w, font, MAX_LABEL_LINES)))
        .collect()
}

/// Wraps the top and bottom labels once the radius is known: they may be
/// wide, but not so wide that they reach the labels of the next axes.
fn wrap_middle_labels(
    axes: &[String],
    sides: Vec<Option<TextBlock>>,
    width: f64,
    font: f64,
    reach: f64,
) -> Vec<TextBlock> {
    let count = axes.len();
    let neighbour = axis_direction(1, count).0.abs();
    let room = if neighbour > 0.2 {
        2.0 * reach * neighbour - width * 0.04
    } else {
        width
    };
    let limit = room.clamp(width * 0.22, width * 0.6);
    axes.iter()
        .zip(sides)
        .map(|(a, side)| side.unwrap_or_else(|| wrap_text(a, limit, font, MAX_LABEL_LINES)))
        .collect()
}

/// Smallest width in `min_w..=max_w` (in steps of `step`) at which `text`
/// fits, by preference: on two lines broken at word boundaries, on three
/// such lines, on two or three lines broken anywhere, all at full size;
/// then slightly smaller; else `max_w`.
fn needed_width(text: &str, min_w: f64, max_w: f64, step: f64, font: f64) -> f64 {
    let paragraphs = clean_text(text);
    let fits = |w: f64, lines: usize, max_rank: u32, scales: &[f64]| -> bool {
        scales.iter().any(|scale| {
            let f = font * scale;
            if paragraphs.len() > 1 {
                merge_paragraphs(&paragraphs, lines)
                    .iter()
                    .all(|l| text_width(l, f) <= w)
            } else {
                paragraphs
                    .first()
                    .is_none_or(|p| best_breaks(p, w, f, lines, max_rank).is_some())
            }
        })
    };
    let tries: [(usize, u32, &[f64]); 5] = [
        (2, NATURAL, &[1.0]),
        (MAX_LABEL_LINES, NATURAL, &[1.0]),
        (2, ANYWHERE, &[1.0]),
        (MAX_LABEL_LINES, ANYWHERE, &[1.0]),
        (MAX_LABEL_LINES, ANYWHERE, &FONT_SCALES),
    ];
    let steps = ((max_w - min_w) / step.max(0.1)).ceil().max(0.0) as usize;
    let width_at = |k: usize| (min_w + k as f64 * step).min(max_w);
    for (lines, max_rank, scales) in tries {
        if !fits(max_w, lines, max_rank, scales) {
            continue;
        }
        // Fitting only gets easier as the width grows: binary search.
        let (mut lo, mut hi) = (0, steps);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if fits(width_at(mid), lines, max_rank, scales) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return width_at(lo);
    }
    max_w
}

/// Largest radius for which every label stays inside `pad..width-pad`.
fn fit_radius(blocks: &[Option<TextBlock>], count: usize, width: f64, pad: f64, gap: f64) -> f64 {
    let half = width / 2.0;
    let (r_min, r_max) = (width * 0.18, width * 0.4);
    let mut r = r_max;
    for (i, block) in blocks.iter().enumerate() {
        let Some(block) = block else { continue };
        let (s, _) = axis_direction(i, count);
        let reach = match anchor_for(s) {
            Anchor::Middle => block.width() / 2.0,
            Anchor::Start | Anchor::End => block.width(),
        };
        if s.abs() > 1e-9 {
            r = r.min((half - pad - reach) / s.abs() - gap);
        }
    }
    r.clamp(r_min, r_max)
}

/// Places each label beyond the end of its axis, at distance `reach`.
fn place_labels(blocks: Vec<TextBlock>, count: usize, reach: f64) -> Vec<AxisLabel> {
    blocks
        .into_iter()
        .enumerate()
        .map(|(i, block)| {
            let (s, c) = axis_direction(i, count);
            let (dx, dy) = (reach * s, -reach * c);
            // Top labels sit above the point, bottom ones below, side ones
            // centred on it, with a smooth blend in between.
            let top = dy - block.height() * (1.0 + c) / 2.0;
            AxisLabel {
                anchor: anchor_for(s),
                block,
                dx,
                top,
            }
        })
        .collect()
}

/// Box of a label relative to the centre: (left, top, right, bottom).
fn label_box(l: &AxisLabel) -> (f64, f64, f64, f64) {
    let w = l.block.width();
    let x = l.anchor.left(l.dx, w);
    (x, l.top, x + w, l.top + l.block.height())
}

/// Moves labels of neighbouring axes apart vertically where they overlap:
/// the one nearer the top or bottom moves away from the middle (both move
/// when they are level), leaving `spacing` between them.
fn resolve_overlaps(labels: &mut [AxisLabel], count: usize, spacing: f64) {
    if labels.len() < 2 {
        return;
    }
    for _ in 0..count {
        let mut moved = false;
        for i in 0..labels.len() {
            let j = (i + 1) % labels.len();
            let (a, b) = (label_box(&labels[i]), label_box(&labels[j]));
            let apart_x = a.2 + spacing <= b.0 || b.2 + spacing <= a.0;
            let overlap = a.3.min(b.3) - a.1.max(b.1) + spacing;
            if apart_x || overlap <= 0.0 {
                continue;
            }
            let (ci, cj) = (axis_direction(i, count).1, axis_direction(j, count).1);
            let (upper, lower) = if a.1 + a.3 <= b.1 + b.3 {
                (i, j)
            } else {
                (j, i)
            };
            let (cu, cl) = if upper == i { (ci, cj) } else { (cj, ci) };
            match cu.abs().total_cmp(&cl.abs()) {
                std::cmp::Ordering::Greater if cu > 0.0 => labels[upper].top -= overlap,
                std::cmp::Ordering::Less if cl < 0.0 => labels[lower].top += overlap,
                _ => {
                    labels[upper].top -= overlap / 2.0;
                    labels[lower].top += overlap / 2.0;
                }
            }
            moved = true;
        }
        if !moved {
            break;
        }
    }
}

/// Space needed above and below the centre for rings and labels.
fn vertical_extent(labels: &[AxisLabel], radius: f64, count: usize) -> (f64, f64) {
    let ring = if count == 0 { 0.0 } else { radius };
    labels.iter().fold((ring, ring), |(above, below), l| {
        (above.max(-l.top), below.max(l.top + l.block.height()))
    })
}

/// Legend rows (only when there is a previous series) and their height.
fn legend_rows(
    current: &ChartSeries,
    previous: Option<&ChartSeries>,
    width: f64,
    font: f64,
    top: f64,
) -> (Vec<LegendRow>, f64) {
    let Some(prev) = previous else {
        return (Vec::new(), 0.0);
    };
    let text_w = width - legend_text_x(width) - width * 0.03;
    let entries = [
        (&current.name, false, CURRENT_COLOUR),
        (&prev.name, true, PREVIOUS_COLOUR),
    ];
    let mut y = top;
    let mut rows = Vec::new();
    for (name, dashed, colour) in entries {
        let block = wrap_text(name, text_w, font, MAX_LEGEND_LINES);
        let height = block.height().max(font * 1.4) + font * 0.5;
        rows.push(LegendRow {
            block,
            dashed,
            colour,
            top: y,
            height,
        });
        y += height;
    }
    (rows, y - top + width * 0.02)
}

/// Left end of the legend's line samples.
fn legend_sample_x(width: f64) -> f64 {
    width * 0.06
}

/// Where legend text starts.
fn legend_text_x(width: f64) -> f64 {
    width * 0.2
}

// --------------------------------------------------------------- rendering

/// Rings (as polygons, or circles for fewer than three axes) and axes.
fn render_grid(l: &Layout) -> String {
    let mut out = String::from("<g fill=\"none\">");
    for v in RING_VALUES.iter().copied().filter(|&v| v > 0) {
        let outer = f32::from(v) >= MAX_SCORE;
        let colour = if outer { AXIS_COLOUR } else { RING_COLOUR };
        let value = f64::from(v);
        if l.count >= 3 {
            let pts = vec![Some(value as f32); l.count];
            let points = polygon_points(&pts, l.count, l.cx as f32, l.cy as f32, l.radius as f32);
            out.push_str(&format!(
                "<polygon points=\"{points}\" stroke=\"{colour}\" stroke-width=\"1\"/>"
            ));
        } else {
            let r = l.radius * value / f64::from(MAX_SCORE);
            out.push_str(&format!(
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" stroke=\"{colour}\" stroke-width=\"1\"/>",
                fmt1(l.cx),
                fmt1(l.cy),
                fmt1(r)
            ));
        }
    }
    for i in 0..l.count {
        let (x, y) = l.point(i, f64::from(MAX_SCORE));
        out.push_str(&format!(
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{AXIS_COLOUR}\" stroke-width=\"1\"/>",
            fmt1(l.cx),
            fmt1(l.cy),
            fmt1(x),
            fmt1(y)
        ));
    }
    out.push_str("</g>");
    out
}

/// The current result: filled, semi-transparent, solid outline.
fn render_current(l: &Layout, scores: &[Option<f32>]) -> String {
    format!(
        "<polygon class=\"current\" points=\"{}\" fill=\"{CURRENT_COLOUR}\" fill-opacity=\"0.25\" stroke=\"{CURRENT_COLOUR}\" stroke-width=\"{}\" stroke-linejoin=\"round\"/>",
        layout_points(l, scores),
        fmt1(l.stroke)
    )
}

/// The previous result: dashed outline, no fill.
fn render_previous(l: &Layout, scores: &[Option<f32>]) -> String {
    format!(
        "<polygon class=\"previous\" points=\"{}\" fill=\"none\" stroke=\"{PREVIOUS_COLOUR}\" stroke-width=\"{}\" stroke-dasharray=\"{}\" stroke-linejoin=\"round\"/>",
        layout_points(l, scores),
        fmt1(l.stroke),
        dash_pattern(l.width)
    )
}

/// Dash pattern scaled with the chart.
fn dash_pattern(width: f64) -> String {
    format!(
        "{} {}",
        fmt1(width * 7.0 / 360.0),
        fmt1(width * 4.5 / 360.0)
    )
}

/// Points of a series in this layout.
fn layout_points(l: &Layout, scores: &[Option<f32>]) -> String {
    polygon_points(scores, l.count, l.cx as f32, l.cy as f32, l.radius as f32)
}

/// A dot on every answered axis of the current result.
fn render_markers(l: &Layout, scores: &[Option<f32>]) -> String {
    let mut out = format!("<g fill=\"{CURRENT_COLOUR}\" stroke=\"#ffffff\" stroke-width=\"1.5\">");
    for i in 0..l.count {
        if let Some(v) = score_at(scores, i) {
            let (x, y) = l.point(i, v);
            out.push_str(&format!(
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"/>",
                fmt1(x),
                fmt1(y),
                fmt1(l.marker_radius)
            ));
        }
    }
    out.push_str("</g>");
    out
}

/// Small ring numbers just right of axis 0, with a white halo.
fn render_ring_labels(l: &Layout) -> String {
    let mut out = format!(
        "<g font-size=\"{}\" fill=\"{MUTED_COLOUR}\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\" stroke-linejoin=\"round\">",
        fmt1(l.ring_font)
    );
    let x = l.cx + l.marker_radius + l.width * 0.008;
    for v in RING_VALUES {
        let y = l.cy - l.radius * f64::from(v) / f64::from(MAX_SCORE) + l.ring_font * 0.35;
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\">{v}</text>",
            fmt1(x),
            fmt1(y)
        ));
    }
    out.push_str("</g>");
    out
}

/// The axis labels, one `<text>` each with a `<tspan>` per line.
fn render_axis_labels(l: &Layout) -> String {
    let mut out = format!("<g fill=\"{TEXT_COLOUR}\">");
    for label in &l.labels {
        out.push_str(&text_element(
            &label.block,
            label.anchor,
            l.cx + label.dx,
            l.cy + label.top,
        ));
    }
    out.push_str("</g>");
    out
}

/// A multi-line text block whose top is at `top`.
fn text_element(block: &TextBlock, anchor: Anchor, x: f64, top: f64) -> String {
    let mut out = format!(
        "<text font-size=\"{}\" text-anchor=\"{}\">",
        fmt1(block.font),
        anchor.as_str()
    );
    for (k, line) in block.lines.iter().enumerate() {
        let y = top + block.font * (ASCENT + LINE_HEIGHT * k as f64);
        out.push_str(&format!(
            "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
            fmt1(x),
            fmt1(y),
            escape_xml(line)
        ));
    }
    out.push_str("</text>");
    out
}

/// Legend: a solid (with marker) or dashed line sample beside each name.
fn render_legend(l: &Layout) -> String {
    if l.legend.is_empty() {
        return String::new();
    }
    let mut out = format!("<g class=\"legend\" fill=\"{TEXT_COLOUR}\">");
    let (x1, x2) = (
        legend_sample_x(l.width),
        legend_text_x(l.width) - l.width * 0.03,
    );
    for row in &l.legend {
        let mid = row.top + (row.height - l.legend_font * 0.5) / 2.0;
        let dash = if row.dashed {
            format!(" stroke-dasharray=\"{}\"", dash_pattern(l.width))
        } else {
            String::new()
        };
        out.push_str(&format!(
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{}\"{dash}/>",
            fmt1(x1),
            fmt1(mid),
            fmt1(x2),
            fmt1(mid),
            row.colour,
            fmt1(l.stroke)
        ));
        if !row.dashed {
            out.push_str(&format!(
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>",
                fmt1((x1 + x2) / 2.0),
                fmt1(mid),
                fmt1(l.marker_radius),
                row.colour
            ));
        }
        let top = mid - row.block.height() / 2.0;
        out.push_str(&text_element(
            &row.block,
            Anchor::Start,
            legend_text_x(l.width),
            top,
        ));
    }
    out.push_str("</g>");
    out
}

// -------------------------------------------------------------------- text

/// Escapes text for XML content and attributes, dropping characters XML 1.0
/// does not allow.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether `c` may appear in an XML 1.0 document.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// One decimal, never "-0.0", "NaN" or "inf".
fn fmt1(v: f64) -> String {
    if !v.is_finite() {
        return "0.0".to_string();
    }
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 {
        "0.0".to_string()
    } else {
        format!("{r:.1}")
    }
}

/// Short stable id for `<title>`/`<desc>` so several charts can share a
/// page (FNV-1a over everything that is drawn).
fn chart_id(
    axes: &[String],
    current: &ChartSeries,
    previous: Option<&ChartSeries>,
    opts: &ChartOptions,
) -> String {
    let mut h: u32 = 0x811c_9dc5;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            h = (h ^ u32::from(*b)).wrapping_mul(0x0100_0193);
        }
        h = (h ^ 0xff).wrapping_mul(0x0100_0193);
    };
    feed(opts.title.as_bytes());
    feed(opts.description.as_bytes());
    feed(&opts.size.to_le_bytes());
    axes.iter().for_each(|a| feed(a.as_bytes()));
    for series in std::iter::once(current).chain(previous) {
        feed(series.name.as_bytes());
        series
            .scores
            .iter()
            .for_each(|s| feed(&s.map_or(u32::MAX, f32::to_bits).to_le_bytes()));
    }
    format!("phc-{h:08x}")
}

/// Estimated advance of `c` in em for a generic sans-serif font. Generous,
/// so that real fonts (Noto, Roboto, Hiragino, DejaVu) fit inside.
fn char_em(c: char) -> f64 {
    match c {
        '\u{0300}'..='\u{036F}' | '\u{200B}'..='\u{200D}' | SOFT_HYPHEN => 0.0,
        '\u{FF61}'..='\u{FF9F}' => 0.55,
        c if is_wide(c) => 1.0,
        ' ' | 'i' | 'j' | 'l' | '.' | ',' | '\'' | '!' | '|' | ':' | ';' | 'I' => 0.3,
        '(' | ')' | '[' | ']' | '-' | 'f' | 't' | 'r' | '/' => 0.4,
        'm' | 'w' | 'M' | 'W' => 0.9,
        'A'..='Z' => 0.72,
        c if c.is_ascii() => 0.58,
        _ => 0.7,
    }
}

/// Whether `c` is a full-width (CJK, kana, full-width form) character.
fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{1F300}'..='\u{1FAFF}'
        | '\u{20000}'..='\u{3FFFD}')
}

/// Estimated width of `text` at `font` user units.
fn text_width(text: &str, font: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * font
}

/// Characters that must not start a line (Japanese kinsoku).
fn no_line_start(c: char) -> bool {
    "、。，．）」』】〕〉》・ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ！？：；,.)]!?:;"
        .contains(c)
}

/// Characters that must not end a line.
fn no_line_end(c: char) -> bool {
    "（「『【〔〈《([".contains(c)
}

/// Cleans a label: valid XML characters only, whitespace runs collapsed
/// (keeping explicit `\n`), cut to [`MAX_LABEL_CHARS`].
fn clean_text(text: &str) -> Vec<String> {
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut budget = MAX_LABEL_CHARS;
    let mut out = Vec::new();
    for line in normalised.split('\n') {
        let line: String = line
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .filter(|c| is_xml_char(*c) && !c.is_control())
            .collect();
        let n = line.chars().count();
        if n == 0 {
            continue;
        }
        if n > budget {
            let cut: String = line.chars().take(budget.saturating_sub(1)).collect();
            out.push(format!("{}…", cut.trim_end()));
            break;
        }
        budget -= n;
        out.push(line);
    }
    out
}

/// Wraps `text` into at most `max_lines` lines no wider than `max_w`,
/// preferring breaks at word boundaries, then anywhere between Japanese
/// characters, then shrinking the font a little, and finally cutting with
/// "…".
/// Explicit `\n` in `text` are kept as the only breaks.
fn wrap_text(text: &str, max_w: f64, font: f64, max_lines: usize) -> TextBlock {
    let paragraphs = clean_text(text);
    if paragraphs.is_empty() {
        return TextBlock {
            lines: Vec::new(),
            font,
        };
    }
    let max_lines = max_lines.max(1);
    for scale in FONT_SCALES {
        let f = font * scale;
        let lines = if paragraphs.len() > 1 {
            Some(merge_paragraphs(&paragraphs, max_lines))
                .filter(|ls| ls.iter().all(|l| text_width(l, f) <= max_w))
        } else {
            [NATURAL, ANYWHERE]
                .into_iter()
                .find_map(|rank| best_breaks(&paragraphs[0], max_w, f, max_lines, rank))
        };
        if let Some(lines) = lines {
            return TextBlock { lines, font: f };
        }
    }
    let f = font * FONT_SCALES[FONT_SCALES.len() - 1];
    let lines = if paragraphs.len() > 1 {
        merge_paragraphs(&paragraphs, max_lines)
    } else {
        greedy_breaks(&paragraphs[0], max_w, f, max_lines)
    };
    TextBlock {
        lines: lines.iter().map(|l| ellipsize(l, max_w, f)).collect(),
        font: f,
    }
}

/// Explicit lines, the ones beyond `max_lines` joined onto the last.
fn merge_paragraphs(paragraphs: &[String], max_lines: usize) -> Vec<String> {
    let strip = |p: &String| p.chars().filter(|c| *c != SOFT_HYPHEN).collect::<String>();
    let mut lines: Vec<String> = paragraphs.iter().take(max_lines).map(strip).collect();
    if paragraphs.len() > max_lines {
        if let Some(last) = lines.last_mut() {
            for p in &paragraphs[max_lines..] {
                last.push(' ');
                last.push_str(&strip(p));
            }
        }
    }
    lines
}

/// Cuts `line` with "…" until it is no wider than `max_w`.
fn ellipsize(line: &str, max_w: f64, font: f64) -> String {
    if text_width(line, font) <= max_w {
        return line.to_string();
    }
    let mut chars: Vec<char> = line.chars().collect();
    while !chars.is_empty()
        && text_width(&chars.iter().collect::<String>(), font) + char_em('…') * font > max_w
    {
        chars.pop();
    }
    let mut out: String = chars.into_iter().collect::<String>().trim_end().to_string();
    out.push('…');
    out
}

/// A place where a line may end: the line ends before char `end`, the next
/// starts at char `next`; lower `rank` reads more naturally.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Break {
    end: usize,
    next: usize,
    rank: u32,
    /// Break at a soft hyphen: the line ends with "-".
    hyphen: bool,
}

/// Highest rank of a break at a word boundary.
const NATURAL: u32 = 1;
/// Highest rank of any break.
const ANYWHERE: u32 = 2;

/// Every allowed line break in `chars`, ranked: spaces and before an
/// opening bracket (0), after a particle, hyphen or at a script change (1),
/// anywhere else between Japanese characters (2).
fn break_candidates(chars: &[char]) -> Vec<Break> {
    let mut out = Vec::new();
    for i in 1..chars.len() {
        let (a, b) = (chars[i - 1], chars[i]);
        if a == SOFT_HYPHEN {
            out.push(Break {
                end: i,
                next: i,
                rank: 1,
                hyphen: true,
            });
        } else if b == ' ' {
            out.push(Break {
                end: i,
                next: i + 1,
                rank: 0,
                hyphen: false,
            });
        } else if a == ' ' || no_line_start(b) || no_line_end(a) {
            continue;
        } else if "（「『【〔〈《([".contains(b) {
            out.push(Break {
                end: i,
                next: i,
                rank: 0,
                hyphen: false,
            });
        } else if "-/・".contains(a) || (is_wide(a) || is_wide(b)) && natural_break(a, b) {
            out.push(Break {
                end: i,
                next: i,
                rank: 1,
                hyphen: false,
            });
        } else if is_wide(a) || is_wide(b) {
            out.push(Break {
                end: i,
                next: i,
                rank: 2,
                hyphen: false,
            });
        }
    }
    out
}

/// Whether a break between `a` and `b` falls at a Japanese word boundary.
fn natural_break(a: char, b: char) -> bool {
    // Only の and を: other particles (が, と, は…) occur inside words too.
    let particle = "のを".contains(a);
    let kana_to_kanji = is_hiragana(a) && is_kanji(b);
    let katakana_edge = is_katakana(a) != is_katakana(b);
    particle || kana_to_kanji || katakana_edge
}

fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}')
}

fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A0}'..='\u{30FF}')
}

fn is_kanji(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// Chars `from..to` as a string without surrounding spaces or soft hyphens.
fn segment(chars: &[char], from: usize, to: usize) -> String {
    let end = to.min(chars.len());
    chars[from.min(end)..end]
        .iter()
        .filter(|c| **c != SOFT_HYPHEN)
        .collect::<String>()
        .trim()
        .to_string()
}

/// Splits `chars` at the chosen breaks.
fn split_at_breaks(chars: &[char], breaks: &[Break]) -> Vec<String> {
    let mut lines = Vec::with_capacity(breaks.len() + 1);
    let mut start = 0;
    for b in breaks {
        let mut line = segment(chars, start, b.end);
        if b.hyphen {
            line.push('-');
        }
        lines.push(line);
        start = b.next;
    }
    lines.push(segment(chars, start, chars.len()));
    lines
}

/// The best way to wrap `text` into as few lines as possible (≤ `max_lines`)
/// that all fit `max_w`, using breaks of at most `max_rank`: fewest lines,
/// then most natural breaks, then the most even line widths. `None` when it
/// cannot fit.
fn best_breaks(
    text: &str,
    max_w: f64,
    font: f64,
    max_lines: usize,
    max_rank: u32,
) -> Option<Vec<String>> {
    let chars: Vec<char> = text.chars().collect();
    let whole = segment(&chars, 0, chars.len());
    if text_width(&whole, font) <= max_w {
        return Some(vec![whole]);
    }
    let cands: Vec<Break> = break_candidates(&chars)
        .into_iter()
        .filter(|b| b.rank <= max_rank)
        .collect();
    for k in 1..max_lines {
        let mut all = Vec::new();
        let fit = Fit {
            chars: &chars,
            cands: &cands,
            max_w,
            font,
        };
        fit.collect(k, 0, 0, &mut Vec::new(), &mut all);
        let best = all
            .into_iter()
            .map(|bs| {
                let lines = split_at_breaks(&chars, &bs);
                let rank: u32 = bs.iter().map(|b| b.rank).sum();
                (rank, widest(&lines, font), lines)
            })
            .min_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        if let Some((_, _, lines)) = best {
            return Some(lines);
        }
    }
    None
}

/// Search for break sets whose lines all fit.
struct Fit<'a> {
    chars: &'a [char],
    cands: &'a [Break],
    max_w: f64,
    font: f64,
}

impl Fit<'_> {
    /// Collects into `out` every set of `k` more breaks, chosen from
    /// `cands[from..]`, with the current line starting at char `start`, such
    /// that every line fits. Lines only grow as a break moves right, so the
    /// search stops at the first break whose line is too wide.
    fn collect(
        &self,
        k: usize,
        from: usize,
        start: usize,
        current: &mut Vec<Break>,
        out: &mut Vec<Vec<Break>>,
    ) {
        if k == 0 {
            let last = segment(self.chars, start, self.chars.len());
            if !last.is_empty() && text_width(&last, self.font) <= self.max_w {
                out.push(current.clone());
            }
            return;
        }
        for (i, b) in self.cands.iter().enumerate().skip(from) {
            if b.end <= start {
                continue;
            }
            let plain = segment(self.chars, start, b.end);
            if text_width(&plain, self.font) > self.max_w {
                break;
            }
            let width = text_width(&plain, self.font)
                + if b.hyphen {
                    char_em('-') * self.font
                } else {
                    0.0
                };
            if plain.is_empty() || width > self.max_w {
                continue;
            }
            current.push(*b);
            self.collect(k - 1, i + 1, b.next, current, out);
            current.pop();
        }
    }
}

/// Greedy wrapping into at most `max_lines` lines for text that does not
/// fit and will be cut anyway: each line takes as much as fits `max_w`, the
/// last line takes the rest.
fn greedy_breaks(text: &str, max_w: f64, font: f64, max_lines: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let cands = break_candidates(&chars);
    let mut chosen: Vec<Break> = Vec::new();
    let mut start = 0;
    while chosen.len() + 1 < max_lines {
        let next = cands
            .iter()
            .filter(|b| b.end > start)
            .take_while(|b| text_width(&segment(&chars, start, b.end), font) <= max_w)
            .last()
            .or_else(|| cands.iter().find(|b| b.end > start));
        match next {
            Some(b) => {
                chosen.push(*b);
                start = b.next;
            }
            None => break,
        }
    }
    split_at_breaks(&chars, &chosen)
        .into_iter()
        .filter(|l| !l.is_empty())
        .collect()
}

/// Width of the widest of `lines`.
fn widest(lines: &[String], font: f64) -> f64 {
    lines
        .iter()
        .map(|l| text_width(l, font))
        .fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIX_JA: [&str; 6] = [
        "からだの調子",
        "こころの調子",
        "生きがい",
        "暮らしの質",
        "人とのつながり",
        "日常の機能",
    ];

    fn axes(labels: &[&str]) -> Vec<String> {
        labels.iter().map(|s| s.to_string()).collect()
    }

    fn series(name: &str, scores: &[Option<f32>]) -> ChartSeries {
        ChartSeries {
            name: name.into(),
            scores: scores.to_vec(),
        }
    }

    fn opts() -> ChartOptions {
        ChartOptions {
            size: 360,
            title: "ポジティヴヘルス".into(),
            description: "6つの項目の点数".into(),
        }
    }

    fn close(a: (f32, f32), b: (f32, f32)) -> bool {
        (a.0 - b.0).abs() < 1e-3 && (a.1 - b.1).abs() < 1e-3
    }

    fn current() -> ChartSeries {
        series(
            "今回",
            &[Some(8.0), Some(6.0), None, Some(7.0), Some(3.0), Some(10.0)],
        )
    }

    #[test]
    fn axis_zero_points_straight_up() {
        assert!(close(axis_point(0, 6, 10.0, 180.0, 100.0), (180.0, 80.0)));
        assert!(close(axis_point(0, 6, 0.0, 180.0, 100.0), (180.0, 180.0)));
    }

    #[test]
    fn axes_go_clockwise_sixty_degrees_apart() {
        let s = 100.0 * (60f32).to_radians().sin();
        assert!(close(
            axis_point(1, 6, 10.0, 180.0, 100.0),
            (180.0 + s, 130.0)
        ));
        assert!(close(
            axis_point(2, 6, 10.0, 180.0, 100.0),
            (180.0 + s, 230.0)
        ));
        assert!(close(axis_point(3, 6, 10.0, 180.0, 100.0), (180.0, 280.0)));
        assert!(close(
            axis_point(5, 6, 10.0, 180.0, 100.0),
            (180.0 - s, 130.0)
        ));
        // Four axes: the second is straight to the right.
        assert!(close(axis_point(1, 4, 10.0, 0.0, 10.0), (10.0, 0.0)));
    }

    #[test]
    fn half_score_is_half_way_and_out_of_range_is_clamped() {
        assert!(close(axis_point(3, 6, 5.0, 180.0, 100.0), (180.0, 230.0)));
        assert!(close(axis_point(0, 6, 15.0, 180.0, 100.0), (180.0, 80.0)));
        assert!(close(axis_point(0, 6, -3.0, 180.0, 100.0), (180.0, 180.0)));
        assert!(close(
            axis_point(0, 6, f32::NAN, 180.0, 100.0),
            (180.0, 180.0)
        ));
        assert!(close(axis_point(2, 0, 5.0, 180.0, 100.0), (180.0, 180.0)));
    }

    #[test]
    fn polygon_points_for_a_known_result() {
        let scores = [
            Some(10.0),
            Some(5.0),
            None,
            Some(0.0),
            Some(10.0),
            Some(2.0),
        ];
        assert_eq!(
            polygon_points(&scores, 6, 180.0, 180.0, 100.0),
            "180.0,80.0 223.3,155.0 180.0,180.0 180.0,180.0 93.4,230.0 162.7,170.0"
        );
        // Missing entries count as unanswered; no "-0.0" ever.
        assert_eq!(
            polygon_points(&[Some(10.0)], 4, 0.0, 0.0, 10.0),
            "0.0,-10.0 0.0,0.0 0.0,0.0 0.0,0.0"
        );
    }

    #[test]
    fn current_polygon_and_markers_skip_unanswered() {
        let svg = spider_svg(&axes(&SIX_JA), &current(), None, &opts());
        let doc = roxmltree::Document::parse(&svg).expect("valid XML");
        let poly = doc
            .descendants()
            .find(|n| n.attribute("class") == Some("current"))
            .expect("current polygon");
        assert_eq!(
            poly.attribute("points").map(|p| p.split(' ').count()),
            Some(6)
        );
        assert!(poly.attribute("fill-opacity").is_some());
        // Third point (unanswered) is the centre of the chart.
        let third = poly
            .attribute("points")
            .unwrap_or("")
            .split(' ')
            .nth(2)
            .unwrap_or("")
            .to_string();
        let axis_line = doc
            .descendants()
            .find(|n| n.has_tag_name("line"))
            .expect("axis line");
        let centre = format!(
            "{},{}",
            axis_line.attribute("x1").unwrap_or(""),
            axis_line.attribute("y1").unwrap_or("")
        );
        assert_eq!(third, centre);
        let markers = doc
            .descendants()
            .filter(|n| {
                n.has_tag_name("circle")
                    && n.attribute("r").is_some()
                    && n.parent().and_then(|p| p.attribute("fill")) == Some(CURRENT_COLOUR)
            })
            .count();
        assert_eq!(markers, 5);
    }

    #[test]
    fn previous_series_is_dashed_and_only_when_given() {
        let prev = series("前回", &[Some(5.0); 6]);
        let without = spider_svg(&axes(&SIX_JA), &current(), None, &opts());
        let with = spider_svg(&axes(&SIX_JA), &current(), Some(&prev), &opts());
        assert!(!without.contains("stroke-dasharray"));
        assert!(!without.contains("class=\"previous\""));
        let doc = roxmltree::Document::parse(&with).expect("valid XML");
        let p = doc
            .descendants()
            .find(|n| n.attribute("class") == Some("previous"))
            .expect("previous polygon");
        assert_eq!(p.attribute("fill"), Some("none"));
        assert!(p.attribute("stroke-dasharray").is_some());
    }

    #[test]
    fn legend_only_with_previous_and_names_both_series() {
        let prev = series("前回 2024年", &[Some(5.0); 6]);
        let without = spider_svg(&axes(&SIX_JA), &current(), None, &opts());
        assert!(!without.contains("legend"));
        let with = spider_svg(&axes(&SIX_JA), &current(), Some(&prev), &opts());
        let doc = roxmltree::Document::parse(&with).expect("valid XML");
        let legend = doc
            .descendants()
            .find(|n| n.attribute("class") == Some("legend"))
            .expect("legend");
        let text: String = legend
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect();
        assert!(
            text.contains("今回") && text.contains("前回 2024年"),
            "{text}"
        );
        let samples: Vec<_> = legend
            .children()
            .filter(|n| n.has_tag_name("line"))
            .collect();
        assert_eq!(samples.len(), 2);
        assert!(samples[0].attribute("stroke-dasharray").is_none());
        assert!(samples[1].attribute("stroke-dasharray").is_some());
    }

    #[test]
    fn text_is_escaped() {
        let labels = axes(&["a<b", "c&d", "e>f", "\"q\"", "x'y", "ok\u{0}"]);
        let o = ChartOptions {
            size: 360,
            title: "<script>&".into(),
            description: "1 < 2 & 3 > 2".into(),
        };
        let svg = spider_svg(
            &labels,
            &series("A&B", &[Some(1.0); 6]),
            Some(&series("<prev>", &[None; 6])),
            &o,
        );
        assert!(svg.contains("a&lt;b") && svg.contains("c&amp;d") && svg.contains("e&gt;f"));
        assert!(
            svg.contains("&lt;script&gt;&amp;")
                && svg.contains("A&amp;B")
                && svg.contains("&lt;prev&gt;")
        );
        assert!(!svg.contains("<script>"));
        let doc = roxmltree::Document::parse(&svg).expect("valid XML");
        let title = doc
            .descendants()
            .find(|n| n.has_tag_name("title"))
            .and_then(|n| n.text());
        assert_eq!(title, Some("<script>&"));
    }

    #[test]
    fn output_is_a_standalone_accessible_svg() {
        let svg = spider_svg(&axes(&SIX_JA), &current(), None, &opts());
        let doc = roxmltree::Document::parse(&svg).expect("valid XML");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.w3.org/2000/svg")
        );
        let vb: Vec<f64> = root
            .attribute("viewBox")
            .expect("viewBox")
            .split(' ')
            .filter_map(|v| v.parse().ok())
            .collect();
        assert_eq!(vb.len(), 4);
        assert_eq!(vb[2], 360.0);
        assert_eq!(root.attribute("role"), Some("img"));
        let ids: Vec<&str> = root
            .attribute("aria-labelledby")
            .expect("aria")
            .split(' ')
            .collect();
        assert_eq!(ids.len(), 2);
        let title = doc
            .descendants()
            .find(|n| n.attribute("id") == Some(ids[0]))
            .expect("title by id");
        let desc = doc
            .descendants()
            .find(|n| n.attribute("id") == Some(ids[1]))
            .expect("desc by id");
        assert_eq!(title.tag_name().name(), "title");
        assert_eq!(desc.tag_name().name(), "desc");
        assert_eq!(desc.text(), Some("6つの項目の点数"));
    }

    #[test]
    fn output_is_deterministic() {
        let prev = series("前回", &[Some(4.5); 6]);
        let a = spider_svg(&axes(&SIX_JA), &current(), Some(&prev), &opts());
        let b = spider_svg(&axes(&SIX_JA), &current(), Some(&prev), &opts());
        assert_eq!(a, b);
        assert!(!a.contains("NaN") && !a.contains("inf") && !a.contains("-0.0"));
    }

    #[test]
    fn rings_have_labels_for_every_value() {
        let svg = spider_svg(&axes(&SIX_JA), &current(), None, &opts());
        let doc = roxmltree::Document::parse(&svg).expect("valid XML");
        let rings = doc
            .descendants()
            .filter(|n| n.has_tag_name("polygon") && n.attribute("class").is_none())
            .count();
        assert_eq!(rings, 5);
        let numbers: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text") && n.children().all(|c| c.is_text()))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(numbers, ["0", "2", "4", "6", "8", "10"]);
    }

    #[test]
    fn long_japanese_label_wraps_into_two_tspans() {
        let block = wrap_text("からだの調子（未回答）", 100.0, 15.0, 3);
        assert_eq!(block.lines, ["からだの調子", "（未回答）"]);
        let block = wrap_text("人とのつながり", 100.0, 15.0, 3);
        assert_eq!(block.lines, ["人との", "つながり"]);
        let block = wrap_text("Bodily functions (no answer)", 100.0, 15.0, 3);
        assert_eq!(block.lines, ["Bodily", "functions", "(no answer)"]);
        let block = wrap_text("生きがい", 100.0, 15.0, 3);
        assert_eq!(block.lines, ["生きがい"]);
        let block = wrap_text("暮らしの質\n（未回答）", 100.0, 15.0, 3);
        assert_eq!(block.lines, ["暮らしの質", "（未回答）"]);
        let svg = spider_svg(
            &axes(&["a", "からだの調子（未回答）", "c"]),
            &current(),
            None,
            &opts(),
        );
        assert!(svg.contains(">からだの調子</tspan><tspan"));
    }

    #[test]
    fn soft_hyphen_marks_an_optional_break() {
        let block = wrap_text("Meaning\u{AD}fulness", 100.0, 15.0, 3);
        assert_eq!(block.lines, ["Meaning-", "fulness"]);
        assert_eq!(block.font, 15.0);
        let block = wrap_text("Meaning\u{AD}ful", 200.0, 15.0, 3);
        assert_eq!(block.lines, ["Meaningful"]);
    }

    #[test]
    fn short_side_labels_let_the_web_grow() {
        let l = Layout::new(&axes(&SIX_JA), &current(), None, &opts());
        // Side labels wrap to two short lines instead of shrinking the web.
        assert_eq!(l.labels[1].block.lines, ["こころの", "調子"]);
        assert_eq!(l.labels[0].block.lines, ["からだの調子"]);
        assert!(l.radius > 120.0, "{}", l.radius);
    }

    /// Every label box lies inside the viewBox, for 3 to 12 axes, in both
    /// languages, with long texts.
    #[test]
    fn labels_never_leave_the_viewbox() {
        let pool = [
            "からだの調子（未回答）",
            "Mental well-being (no answer)",
            "人とのつながり・社会参加",
            "Participation in society and community",
            "ほとんど区切りのない非常に長い日本語のラベルでもはみ出さない",
            "Supercalifragilisticexpialidocious",
        ];
        for size in [240, 360, 600] {
            for n in 3..=12 {
                let labels: Vec<String> =
                    (0..n).map(|i| pool[i % pool.len()].to_string()).collect();
                let o = ChartOptions { size, ..opts() };
                let l = Layout::new(&labels, &current(), Some(&current()), &o);
                for label in &l.labels {
                    let w = label.block.width();
                    let left = label.anchor.left(l.cx + label.dx, w);
                    assert!(
                        left >= 0.0 && left + w <= l.width,
                        "n={n} size={size} {:?}",
                        label.block.lines
                    );
                    let top = l.cy + label.top;
                    assert!(
                        top >= 0.0 && top + label.block.height() <= l.height,
                        "n={n} {:?}",
                        label.block.lines
                    );
                }
                let svg = spider_svg(&labels, &current(), None, &o);
                assert!(roxmltree::Document::parse(&svg).is_ok());
            }
        }
    }

    /// Label boxes of neighbouring axes do not overlap (3 to 12 axes).
    #[test]
    fn labels_do_not_overlap() {
        let pool = [
            "からだの調子（未回答）",
            "こころの調子",
            "生きがい",
            "暮らしの質",
            "人とのつながり・社会参加",
            "日常の機能",
            "Mental well-being (no answer)",
            "Participation",
        ];
        for n in 3..=12 {
            let labels: Vec<String> = (0..n).map(|i| pool[i % pool.len()].to_string()).collect();
            let l = Layout::new(&labels, &current(), None, &opts());
            let boxes: Vec<(f64, f64, f64, f64)> = l
                .labels
                .iter()
                .map(|a| {
                    let w = a.block.width();
                    let x = a.anchor.left(l.cx + a.dx, w);
                    (x, l.cy + a.top, x + w, l.cy + a.top + a.block.height())
                })
                .collect();
            for i in 0..n {
                let (a, b) = (boxes[i], boxes[(i + 1) % n]);
                let apart = a.2 <= b.0 || b.2 <= a.0 || a.3 <= b.1 || b.3 <= a.1;
                assert!(
                    apart,
                    "n={n} axes {i} and {}: {:?} {:?}",
                    (i + 1) % n,
                    l.labels[i].block.lines,
                    l.labels[(i + 1) % n].block.lines
                );
            }
        }
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        for n in 0..=14 {
            let labels: Vec<String> = (0..n).map(|i| "x".repeat(i * 7)).collect();
            let s = series(
                "",
                &[
                    Some(f32::NAN),
                    Some(f32::INFINITY),
                    Some(-1.0),
                    None,
                    Some(11.0),
                ],
            );
            for size in [0, 1, 360, u32::MAX] {
                let o = ChartOptions {
                    size,
                    title: String::new(),
                    description: "\u{1}\u{FFFF}".into(),
                };
                let svg = spider_svg(&labels, &s, Some(&s), &o);
                assert!(
                    roxmltree::Document::parse(&svg).is_ok(),
                    "n={n} size={size}"
                );
            }
        }
    }

    #[test]
    fn split_axes_keeps_order() {
        let a = [
            ChartAxis {
                label: "A".into(),
                score: Some(1.0),
            },
            ChartAxis {
                label: "B".into(),
                score: None,
            },
        ];
        let (labels, s) = split_axes("now", &a);
        assert_eq!(labels, ["A", "B"]);
        assert_eq!(s.scores, [Some(1.0), None]);
    }
}
