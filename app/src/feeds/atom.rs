//! Atom 1.0 (RFC 4287) feed writer, generic over what the entries are
//! (new events, community reports, …).
//!
//! Text is XML-escaped (`&` `<` `>` `"` `'`), characters that XML 1.0 does
//! not allow (most C0 controls, U+FFFE, U+FFFF) are removed, and line breaks
//! in element text are normalised to LF, as an XML parser would anyway. In
//! attribute values TAB, LF and CR are written as character references so
//! they survive attribute normalisation. `content_html` is sent as
//! `<content type="html">` holding the escaped HTML. Timestamps are RFC 3339
//! in UTC (`2026-11-24T01:00:00Z`).

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

/// The Atom namespace.
pub const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
/// HTTP `Content-Type` for the output of [`write_atom`].
pub const CONTENT_TYPE: &str = "application/atom+xml; charset=utf-8";

/// A whole feed (`atom:feed`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AtomFeed {
    /// Permanent IRI of the feed, e.g. `tag:tsunagu.example.jp,2026:events`.
    pub id: String,
    /// Feed title.
    pub title: String,
    /// Optional `atom:subtitle`.
    pub subtitle: Option<String>,
    /// URL the feed itself is served at (`link rel="self"`).
    pub self_url: String,
    /// HTML page the feed mirrors (`link rel="alternate"`).
    pub alternate_url: String,
    /// Last significant change of the feed.
    pub updated: DateTime<Utc>,
    /// Feed-level author; covers entries without their own.
    pub author_name: String,
    /// `xml:lang`, e.g. `ja`; empty leaves the attribute out.
    pub lang: String,
    /// Entries, written in this order (newest first, usually).
    pub entries: Vec<AtomEntry>,
}

/// One `atom:entry`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AtomEntry {
    /// Permanent IRI of the entry; never reuse it for another entry.
    pub id: String,
    /// Entry title (plain text).
    pub title: String,
    /// HTML page of the entry (`link rel="alternate"`).
    pub url: String,
    /// Last significant change.
    pub updated: DateTime<Utc>,
    /// First publication.
    pub published: Option<DateTime<Utc>>,
    /// Plain-text summary.
    pub summary: Option<String>,
    /// Full content as HTML; escaped into `<content type="html">`.
    pub content_html: Option<String>,
    /// `category term="…"`; empty ones are skipped.
    pub categories: Vec<String>,
    /// Entry author when it differs from the feed's.
    pub author_name: Option<String>,
}

/// Writes `feed` as an Atom 1.0 document (UTF-8, LF line ends).
#[must_use]
pub fn write_atom(feed: &AtomFeed) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"");
    out.push_str(ATOM_NS);
    out.push('"');
    if !feed.lang.trim().is_empty() {
        push_attribute(&mut out, "xml:lang", feed.lang.trim());
    }
    out.push_str(">\n");
    push_element(&mut out, 1, "id", &feed.id);
    push_element(&mut out, 1, "title", &feed.title);
    if let Some(subtitle) = non_empty(feed.subtitle.as_deref()) {
        push_element(&mut out, 1, "subtitle", subtitle);
    }
    push_link(&mut out, 1, "self", "application/atom+xml", &feed.self_url);
    push_link(&mut out, 1, "alternate", "text/html", &feed.alternate_url);
    push_element(&mut out, 1, "updated", &rfc3339(feed.updated));
    push_author(&mut out, 1, &feed.author_name);
    for entry in &feed.entries {
        push_entry(&mut out, entry);
    }
    out.push_str("</feed>\n");
    out
}

fn push_entry(out: &mut String, entry: &AtomEntry) {
    push_indent(out, 1);
    out.push_str("<entry>\n");
    push_element(out, 2, "id", &entry.id);
    push_element(out, 2, "title", &entry.title);
    push_link(out, 2, "alternate", "text/html", &entry.url);
    push_element(out, 2, "updated", &rfc3339(entry.updated));
    if let Some(published) = entry.published {
        push_element(out, 2, "published", &rfc3339(published));
    }
    if let Some(author) = non_empty(entry.author_name.as_deref()) {
        push_author(out, 2, author);
    }
    for term in entry
        .categories
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
    {
        push_category(out, 2, term);
    }
    if let Some(summary) = non_empty(entry.summary.as_deref()) {
        push_element(out, 2, "summary", summary);
    }
    if let Some(html) = non_empty(entry.content_html.as_deref()) {
        push_indent(out, 2);
        out.push_str("<content type=\"html\">");
        out.push_str(&escape_text(html));
        out.push_str("</content>\n");
    }
    push_indent(out, 1);
    out.push_str("</entry>\n");
}

/// `<name>escaped text</name>` on its own line.
fn push_element(out: &mut String, depth: usize, name: &str, text: &str) {
    push_indent(out, depth);
    out.push('<');
    out.push_str(name);
    out.push('>');
    out.push_str(&escape_text(text));
    out.push_str("</");
    out.push_str(name);
    out.push_str(">\n");
}

/// `<link rel="…" type="…" href="…"/>`.
fn push_link(out: &mut String, depth: usize, rel: &str, media_type: &str, href: &str) {
    push_indent(out, depth);
    out.push_str("<link");
    push_attribute(out, "rel", rel);
    push_attribute(out, "type", media_type);
    push_attribute(out, "href", href.trim());
    out.push_str("/>\n");
}

/// `<category term="…"/>`.
fn push_category(out: &mut String, depth: usize, term: &str) {
    push_indent(out, depth);
    out.push_str("<category");
    push_attribute(out, "term", term);
    out.push_str("/>\n");
}

/// `<author><name>…</name></author>`.
fn push_author(out: &mut String, depth: usize, name: &str) {
    push_indent(out, depth);
    out.push_str("<author>\n");
    push_element(out, depth + 1, "name", name);
    push_indent(out, depth);
    out.push_str("</author>\n");
}

/// ` name="escaped value"`.
fn push_attribute(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    out.push_str(&escape_attribute(value));
    out.push('"');
}

fn push_indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn non_empty(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.trim().is_empty())
}

/// Element text: markup characters escaped, line breaks normalised to LF,
/// characters not allowed in XML 1.0 removed.
fn escape_text(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter(|&c| is_xml_char(c)) {
        push_escaped(&mut out, c);
    }
    out
}

/// Attribute value: like element text, but TAB, LF and CR are kept as
/// character references.
fn escape_attribute(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars().filter(|&c| is_xml_char(c)) {
        match c {
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => push_escaped(&mut out, c),
        }
    }
    out
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&apos;"),
        c => out.push(c),
    }
}

/// XML 1.0 `Char`: TAB, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000 up
/// (Rust `char` never holds a surrogate).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
            .single()
            .expect("valid test stamp")
    }

    fn entry() -> AtomEntry {
        AtomEntry {
            id: "tag:tsunagu.example.jp,2026:event-42".into(),
            title: "健康体操教室".into(),
            url: "https://tsunagu.example.jp/events/42".into(),
            updated: utc(2026, 11, 20, 1, 2, 3),
            published: Some(utc(2026, 11, 1, 0, 0, 0)),
            summary: Some("11月24日 10:00 から つなぐ公民館で".into()),
            content_html: Some("<p>動きやすい服装で<br>お越しください &amp; 水分を</p>".into()),
            categories: vec!["運動".into(), "高齢者".into()],
            author_name: Some("つなぐ会".into()),
        }
    }

    fn feed(entries: Vec<AtomEntry>) -> AtomFeed {
        AtomFeed {
            id: "tag:tsunagu.example.jp,2026:events".into(),
            title: "つなぐ イベント".into(),
            subtitle: Some("地域のイベント".into()),
            self_url: "https://tsunagu.example.jp/events.atom".into(),
            alternate_url: "https://tsunagu.example.jp/events".into(),
            updated: utc(2026, 11, 21, 9, 30, 0),
            author_name: "Tsunagu".into(),
            lang: "ja".into(),
            entries,
        }
    }

    fn atom<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Vec<roxmltree::Node<'a, 'i>> {
        node.children()
            .filter(|n| n.has_tag_name((ATOM_NS, name)))
            .collect()
    }

    fn text_of(node: roxmltree::Node<'_, '_>, name: &str) -> Option<String> {
        atom(node, name)
            .first()
            .map(|n| n.text().unwrap_or_default().to_owned())
    }

    fn link_href(node: roxmltree::Node<'_, '_>, rel: &str) -> Option<String> {
        atom(node, "link")
            .into_iter()
            .find(|l| l.attribute("rel") == Some(rel))
            .and_then(|l| l.attribute("href").map(str::to_owned))
    }

    fn parse_stamp(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("RFC 3339")
            .with_timezone(&Utc)
    }

    #[test]
    fn feed_parses_and_carries_all_fields() {
        let out = write_atom(&feed(vec![entry()]));
        assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""));
        let doc = roxmltree::Document::parse(&out).expect("well-formed XML");
        let root = doc.root_element();
        assert!(root.has_tag_name((ATOM_NS, "feed")));
        assert_eq!(
            root.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
            Some("ja")
        );
        assert_eq!(
            text_of(root, "id").as_deref(),
            Some("tag:tsunagu.example.jp,2026:events")
        );
        assert_eq!(text_of(root, "title").as_deref(), Some("つなぐ イベント"));
        assert_eq!(text_of(root, "subtitle").as_deref(), Some("地域のイベント"));
        assert_eq!(
            link_href(root, "self").as_deref(),
            Some("https://tsunagu.example.jp/events.atom")
        );
        assert_eq!(
            link_href(root, "alternate").as_deref(),
            Some("https://tsunagu.example.jp/events")
        );
        let self_link = atom(root, "link")
            .into_iter()
            .find(|l| l.attribute("rel") == Some("self"));
        assert_eq!(
            self_link.and_then(|l| l.attribute("type")),
            Some("application/atom+xml")
        );
        assert_eq!(
            text_of(root, "updated").as_deref(),
            Some("2026-11-21T09:30:00Z")
        );
        assert_eq!(
            parse_stamp(&text_of(root, "updated").unwrap_or_default()),
            utc(2026, 11, 21, 9, 30, 0)
        );
        let author = atom(root, "author");
        assert_eq!(author.len(), 1);
        assert_eq!(text_of(author[0], "name").as_deref(), Some("Tsunagu"));

        let entries = atom(root, "entry");
        assert_eq!(entries.len(), 1);
        let e = entries[0];
        assert_eq!(
            text_of(e, "id").as_deref(),
            Some("tag:tsunagu.example.jp,2026:event-42")
        );
        assert_eq!(text_of(e, "title").as_deref(), Some("健康体操教室"));
        assert_eq!(
            link_href(e, "alternate").as_deref(),
            Some("https://tsunagu.example.jp/events/42")
        );
        assert_eq!(
            parse_stamp(&text_of(e, "updated").unwrap_or_default()),
            utc(2026, 11, 20, 1, 2, 3)
        );
        assert_eq!(
            parse_stamp(&text_of(e, "published").unwrap_or_default()),
            utc(2026, 11, 1, 0, 0, 0)
        );
        assert_eq!(
            text_of(e, "summary").as_deref(),
            Some("11月24日 10:00 から つなぐ公民館で")
        );
        let terms: Vec<&str> = atom(e, "category")
            .iter()
            .filter_map(|c| c.attribute("term"))
            .collect();
        assert_eq!(terms, vec!["運動", "高齢者"]);
        let entry_author = atom(e, "author");
        assert_eq!(
            text_of(entry_author[0], "name").as_deref(),
            Some("つなぐ会")
        );
        let content = atom(e, "content");
        assert_eq!(content.len(), 1);
        assert_eq!(content[0].attribute("type"), Some("html"));
        assert_eq!(content[0].text(), entry().content_html.as_deref());
        assert!(
            content[0].children().all(|n| n.is_text()),
            "HTML must be escaped, not markup"
        );
    }

    #[test]
    fn optional_parts_are_left_out() {
        let mut bare = entry();
        bare.published = None;
        bare.summary = None;
        bare.content_html = Some(" ".into());
        bare.categories = vec!["".into(), "  ".into()];
        bare.author_name = None;
        let mut f = feed(vec![bare]);
        f.subtitle = None;
        f.lang = String::new();
        let out = write_atom(&f);
        let doc = roxmltree::Document::parse(&out).expect("well-formed XML");
        let root = doc.root_element();
        assert!(root
            .attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
            .is_none());
        assert!(atom(root, "subtitle").is_empty());
        let e = atom(root, "entry")[0];
        for name in ["published", "summary", "content", "category", "author"] {
            assert!(atom(e, name).is_empty(), "{name}");
        }
        for name in ["id", "title", "link", "updated"] {
            assert_eq!(atom(e, name).len(), 1, "{name}");
        }
    }

    #[test]
    fn empty_feed_is_valid() {
        let out = write_atom(&feed(vec![]));
        let doc = roxmltree::Document::parse(&out).expect("well-formed XML");
        assert!(atom(doc.root_element(), "entry").is_empty());
        assert_eq!(atom(doc.root_element(), "author").len(), 1);
    }

    #[test]
    fn entries_keep_their_order() {
        let ids = ["tag:x,2026:3", "tag:x,2026:2", "tag:x,2026:1"];
        let entries = ids
            .iter()
            .map(|id| AtomEntry {
                id: (*id).into(),
                ..entry()
            })
            .collect();
        let out = write_atom(&feed(entries));
        let doc = roxmltree::Document::parse(&out).expect("well-formed XML");
        let got: Vec<String> = atom(doc.root_element(), "entry")
            .into_iter()
            .filter_map(|e| text_of(e, "id"))
            .collect();
        assert_eq!(got, ids);
    }

    #[test]
    fn markup_characters_round_trip_in_text_and_attributes() {
        let nasty = r#"A & B <b>"quoted"</b> 'single' ]]> &amp;"#;
        let mut e = entry();
        e.title = nasty.into();
        e.summary = Some(nasty.into());
        e.categories = vec![nasty.into()];
        e.url = "https://tsunagu.example.jp/s?a=1&b=\"2\"&c='3'<>".into();
        let mut f = feed(vec![e.clone()]);
        f.title = nasty.into();
        f.author_name = nasty.into();
        f.self_url = "https://tsunagu.example.jp/feed?x=1&y=2".into();
        let out = write_atom(&f);
        assert!(!out.contains("<b>"));
        assert!(!out.contains("]]>"));
        let doc = roxmltree::Document::parse(&out).expect("well-formed XML");
        let root = doc.root_element();
        assert_eq!(text_of(root, "title").as_deref(), Some(nasty));
        assert_eq!(
            text_of(atom(root, "author")[0], "name").as_deref(),
            Some(nasty)
        );
        assert_eq!(
            link_href(root, "self").as_deref(),
            Some("https://tsunagu.example.jp/feed?x=1&y=2")
        );
        let entry_node = atom(root, "entry")[0];
        assert_eq!(text_of(entry_node, "title").as_deref(), Some(nasty));
        assert_eq!(text_of(entry_node, "summary").as_deref(), Some(nasty));
        assert_eq!(
            atom(entry_node, "category")[0].attribute("term"),
            Some(nasty)
        );
        assert_eq!(link_href(entry_node, "alternate"), Some(e.url));
    }

    #[test]
    fn escaping_functions() {
        assert_eq!(escape_text(r#"&<>"'"#), "&amp;&lt;&gt;&quot;&apos;");
        assert_eq!(
            escape_attribute("a\tb\nc\rd&\""),
            "a&#9;b&#10;c&#13;d&amp;&quot;"
        );
        assert_eq!(escape_text("一\r\n二\r三\n四"), "一\n二\n三\n四");
    }

    #[test]
    fn characters_not_allowed_in_xml_are_removed() {
        let dirty =
            "ok\u{0}\u{1}\u{8}\u{b}\u{c}\u{1f}\u{fffe}\u{ffff}\t改行\n終わり\u{7f}\u{1F600}";
        let mut e = entry();
        e.title = dirty.into();
        e.content_html = Some(format!("<p>{dirty}</p>"));
        e.categories = vec![dirty.into()];
        let out = write_atom(&feed(vec![e]));
        let doc =
            roxmltree::Document::parse(&out).expect("well-formed XML despite control characters");
        let entry_node = atom(doc.root_element(), "entry")[0];
        let clean = "ok\t改行\n終わり\u{7f}\u{1F600}";
        assert_eq!(text_of(entry_node, "title").as_deref(), Some(clean));
        assert_eq!(
            atom(entry_node, "content")[0].text(),
            Some(format!("<p>{clean}</p>").as_str())
        );
        assert_eq!(
            atom(entry_node, "category")[0].attribute("term"),
            Some(clean)
        );
    }

    #[test]
    fn xml_char_ranges() {
        for c in [
            '\t',
            '\n',
            '\r',
            ' ',
            '\u{D7FF}',
            '\u{E000}',
            '\u{FFFD}',
            '\u{10000}',
            '\u{10FFFF}',
        ] {
            assert!(is_xml_char(c), "{c:?}");
        }
        for c in [
            '\u{0}', '\u{8}', '\u{B}', '\u{C}', '\u{1F}', '\u{FFFE}', '\u{FFFF}',
        ] {
            assert!(!is_xml_char(c), "{c:?}");
        }
    }

    #[test]
    fn timestamps_are_rfc3339_utc_without_fraction() {
        let at = utc(2026, 11, 24, 1, 0, 0) + chrono::Duration::milliseconds(250);
        assert_eq!(rfc3339(at), "2026-11-24T01:00:00Z");
    }

    #[test]
    fn structs_serialize_with_serde() {
        fn assert_serde<T: Serialize + for<'de> Deserialize<'de>>() {}
        assert_serde::<AtomFeed>();
        assert_serde::<AtomEntry>();
    }
}
