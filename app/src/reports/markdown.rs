//! Markdown to sanitised HTML for reports and editable pages. The writer's
//! text (and any raw HTML in it) is never trusted: pulldown-cmark renders it,
//! then ammonia keeps only a small allow-list — no script, style, iframe,
//! form or event-handler attribute; links only to http(s), mail, phone or
//! site-relative addresses, images only from our own `/media/`; `rel="noopener noreferrer nofollow"` on links;
//! images lazy. Headings start at h2 (the page has its own h1).
use pulldown_cmark::{html, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    pub plain_text: String,
    pub reading_minutes: u32,
}

/// Japanese is read at about 500 characters a minute, other text at about
/// 200 words a minute; at least one minute.
pub fn reading_minutes(plain: &str) -> u32 {
    let cjk = plain.chars().filter(|c| is_cjk(*c)).count() as f64;
    let words = plain
        .split(|c: char| c.is_whitespace() || is_cjk(c))
        .filter(|w| w.chars().any(|c| c.is_alphanumeric()))
        .count() as f64;
    ((cjk / 500.0 + words / 200.0).ceil() as u32).max(1)
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF66..=0xFF9F)
}

fn shift(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 | HeadingLevel::H2 => HeadingLevel::H2,
        HeadingLevel::H3 => HeadingLevel::H3,
        _ => HeadingLevel::H4,
    }
}

pub fn render(markdown: &str) -> Rendered {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut plain = String::new();
    let events: Vec<Event> = Parser::new_ext(markdown, options)
        .map(|e| {
            match &e {
                Event::Text(t) | Event::Code(t) => plain.push_str(t),
                Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => plain.push('\n'),
                _ => {}
            }
            match e {
                Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                    Event::Start(Tag::Heading { level: shift(level), id, classes, attrs })
                }
                Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shift(level))),
                other => other,
            }
        })
        .collect();
    let mut raw = String::new();
    html::push_html(&mut raw, events.into_iter());
    Rendered { html: sanitise(&raw), reading_minutes: reading_minutes(&plain), plain_text: plain }
}

/// Keep only what a report needs; everything else is removed (script and
/// style with their content).
pub fn sanitise(html: &str) -> String {
    let tags: HashSet<&str> = [
        "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li", "a",
        "img", "table", "thead", "tbody", "tr", "th", "td",
    ]
    .into_iter()
    .collect();
    let schemes: HashSet<&str> = ["http", "https", "mailto", "tel"].into_iter().collect();
    let cleaned = ammonia::Builder::default()
        .tags(tags)
        .clean_content_tags(["script", "style"].into_iter().collect())
        .generic_attributes(HashSet::new())
        .tag_attributes(
            [("a", ["href"].into_iter().collect::<HashSet<_>>()), ("img", ["src", "alt", "title"].into_iter().collect()), ("th", ["align"].into_iter().collect()), ("td", ["align"].into_iter().collect()), ("ol", ["start"].into_iter().collect())]
                .into_iter()
                .collect(),
        )
        .url_schemes(schemes)
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer nofollow"))
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            // images: our own pictures only. Another site's image would tell
            // that site every reader's address and when they read.
            ("img", "src") if !is_own_media(value) => None,
            _ => Some(value.into()),
        })
        .clean(html)
        .to_string();
    cleaned.replace("<img ", "<img loading=\"lazy\" decoding=\"async\" ")
}

/// The images in `markdown` that are not our own pictures (their addresses;
/// `<img>` for one written as raw HTML): the writer is asked to upload them.
pub fn foreign_images(markdown: &str) -> Vec<String> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut found = Vec::new();
    for e in Parser::new_ext(markdown, options) {
        match e {
            Event::Start(Tag::Image { dest_url, .. }) if !is_own_media(&dest_url) => found.push(dest_url.to_string()),
            Event::Html(h) | Event::InlineHtml(h) => found.extend(raw_image_sources(&h).filter(|src| is_remote(src))),
            _ => {}
        }
    }
    found
}

/// The `src` of each `<img>` in a piece of raw HTML (quoted or not).
fn raw_image_sources(html: &str) -> impl Iterator<Item = String> + '_ {
    let lower = html.to_ascii_lowercase();
    let starts: Vec<usize> = lower.match_indices("<img").map(|(i, _)| i).collect();
    starts.into_iter().filter_map(move |i| {
        let tag_end = lower[i..].find('>').map_or(lower.len(), |e| i + e);
        let at = lower[i..tag_end].find("src=")? + i + 4;
        let rest = &html[at..tag_end];
        let value = match rest.chars().next()? {
            q @ ('"' | '\'') => rest[1..].split(q).next()?,
            _ => rest.split(|c: char| c.is_whitespace() || c == '>').next()?,
        };
        Some(value.to_string())
    })
}

/// An address on another site (what a browser would fetch from elsewhere).
fn is_remote(src: &str) -> bool {
    let s = src.trim().to_ascii_lowercase();
    s.starts_with("http:") || s.starts_with("https:") || s.starts_with("//") || s.starts_with("\\\\")
}

/// `/media/{id}/w{width}.jpg`, as the editor writes it.
fn is_own_media(src: &str) -> bool {
    let Some(rest) = src.strip_prefix("/media/") else { return false };
    let Some((id, file)) = rest.split_once('/') else { return false };
    let width = file.strip_prefix('w').and_then(|f| f.strip_suffix(".jpg"));
    let digits = |s: &str| !s.is_empty() && s.len() <= 19 && s.bytes().all(|b| b.is_ascii_digit());
    digits(id) && width.is_some_and(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hostile inputs: none of the dangerous parts may survive.
    const HOSTILE: &[(&str, &[&str])] = &[
        ("<script>alert(1)</script>", &["<script", "alert(1)"]),
        ("<img src=x onerror=alert(1)>", &["onerror"]),
        ("[x](javascript:alert(1))", &["javascript:"]),
        ("[x](JaVaScRiPt:alert(1))", &["javascript:"]),
        ("[x](&#106;avascript:alert(1))", &["javascript:", "&#106;avascript"]),
        ("<a href=\"javascript&colon;alert(1)\">x</a>", &["javascript"]),
        ("<svg onload=alert(1)><circle/></svg>", &["onload", "<svg"]),
        ("<iframe src=\"https://evil.example\"></iframe>", &["<iframe"]),
        ("<style>body{display:none}</style>", &["<style", "display:none"]),
        ("<form action=\"https://evil.example\"><input name=p></form>", &["<form", "<input"]),
        ("![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", &["data:"]),
        ("<div style=\"background:url(javascript:alert(1))\">x</div>", &["style=", "javascript"]),
        ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", &["onerror", "<math"]),
        ("<object data=\"x.swf\"></object><embed src=x>", &["<object", "<embed"]),
        // an autolink to javascript: keeps its text but loses the link
        ("<javascript:alert(1)>", &["href=\"javascript", "href=javascript"]),
        ("[x](vbscript:msgbox(1))", &["vbscript"]),
        ("<a href=\"https://ok.example\" onclick=\"alert(1)\">ok</a>", &["onclick"]),
        ("<p onmouseover=alert(1)>hi</p>", &["onmouseover"]),
        ("<img src=\"//evil.example/x.png\">", &["evil.example"]),
        // another site's image reveals every reader to it
        ("![x](https://tracker.example/pixel.gif)", &["tracker.example"]),
        ("![x](http://tracker.example/a.jpg)", &["tracker.example"]),
        ("<img src=\"https://tracker.example/a.jpg\">", &["tracker.example"]),
        ("![x](/media/3/w640.jpg?u=https://tracker.example)", &["tracker.example"]),
        ("![x](/api/accounts/logout)", &["logout"]),
        ("<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">", &["<meta", "refresh"]),
        ("<base href=\"https://evil.example/\">", &["<base"]),
    ];

    #[test]
    fn hostile_inputs_are_defused() {
        for (input, banned) in HOSTILE {
            let out = render(input).html.to_lowercase();
            for b in *banned {
                assert!(!out.contains(&b.to_lowercase()), "{input:?} left {b:?} in {out:?}");
            }
        }
    }

    /// The values of the `href` and `src` attributes in `html`.
    fn link_values(html: &str) -> Vec<String> {
        let mut values = Vec::new();
        for tag in html.split('<').skip(1) {
            let inside = tag.split('>').next().unwrap_or("");
            for name in ["href=", "src="] {
                for (at, _) in inside.match_indices(name) {
                    let value = inside[at + name.len()..].trim_start_matches(['"', '\'']);
                    values.push(value.to_lowercase());
                }
            }
        }
        values
    }

    /// Found by the fuzzer (`app/fuzz`, target markdown, 2026-12-05):
    /// broken image and table syntax around `src='javascript:` leaves it as
    /// text in a heading, never as a link.
    #[test]
    fn javascript_written_as_text_stays_text() {
        let input = "# 見出0.jpgalert(1)<ipt> 写真](/media/2/w640.jpga\0ert(1)</scrint> ![写真](/msrc='javascript:\n\n| a | b |\n|[写真](/media/---|---|\n| 0 | 2 |\n";
        let html = render(input).html;
        assert!(html.contains("javascript:"), "kept as text: {html}");
        for value in link_values(&html) {
            assert!(!value.starts_with("javascript:"), "{value} in {html}");
        }
        for (hostile, _) in HOSTILE {
            for value in link_values(&render(hostile).html) {
                assert!(!value.starts_with("javascript:") && !value.starts_with("vbscript:"), "{hostile:?}: {value}");
            }
        }
    }

    #[test]
    fn images_from_other_sites_are_named_for_the_writer() {
        assert_eq!(foreign_images("![a](/media/5/w640.jpg) ![b](https://tracker.example/p.gif)"), ["https://tracker.example/p.gif"]);
        assert_eq!(foreign_images("<img src=\"https://x.example/a.png\">"), ["https://x.example/a.png"]);
        assert_eq!(foreign_images("<p>a <IMG alt=x SRC=//x.example/b.gif> b</p>"), ["//x.example/b.gif"]);
        // not fetched from anywhere (and removed when shown): nothing to ask
        assert!(foreign_images("<img src=x onerror=alert(2)>").is_empty());
        assert!(foreign_images("[a link](https://www.example.jp/) and ![ours](/media/77/w1280.jpg)").is_empty());
    }

    #[test]
    fn ordinary_writing_survives() {
        let md = "# 見出し\n\nこども食堂に**30人**が集まりました。\n\n- 受付\n- 配膳\n\n| 日 | 人数 |\n|---|---|\n| 土 | 30 |\n\n[市のページ](https://www.example.jp/) と ![写真](/media/3/w640.jpg)\n";
        let out = render(md).html;
        assert!(out.contains("<h2>見出し</h2>"), "h1 becomes h2: {out}");
        assert!(out.contains("<strong>30人</strong>") && out.contains("<li>受付</li>") && out.contains("<table>"));
        assert!(out.contains("href=\"https://www.example.jp/\"") && out.contains("rel=\"noopener noreferrer nofollow\""), "{out}");
        assert!(out.contains("<img loading=\"lazy\" decoding=\"async\" src=\"/media/3/w640.jpg\" alt=\"写真\""), "{out}");
    }

    #[test]
    fn reading_time_counts_japanese_characters() {
        assert_eq!(reading_minutes(""), 1);
        assert_eq!(reading_minutes(&"あ".repeat(1200)), 3);
        assert_eq!(reading_minutes(&"word ".repeat(450)), 3);
        assert_eq!(render(&"字".repeat(501)).reading_minutes, 2);
    }
}
