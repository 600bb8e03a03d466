//! The report renderer (Markdown → sanitised HTML): no script, event
//! handler or `javascript:` link survives, whatever the writer typed.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tsunagu_app::reports::markdown::render;

fuzz_target!(|text: &str| {
    let html = render(text).html.to_ascii_lowercase();
    assert!(!html.contains("<script"), "a script survived: {html}");
    assert!(!html.contains("<iframe") && !html.contains("<object") && !html.contains("<embed"), "{html}");
    // inside a tag (text holds no `<`: it would be `&lt;`), an event handler
    // is an attribute `on…=`, and a javascript: link or source a value;
    // "javascript:" or `src='…` as text is harmless (fuzzing found text
    // that read `msrc='javascript:` inside a heading)
    for tag in html.split('<').skip(1) {
        let inside = tag.split('>').next().unwrap_or("");
        for attr in inside.split_whitespace().skip(1) {
            assert!(!(attr.starts_with("on") && attr.contains('=')), "an event handler survived: <{inside}>");
        }
        for attr in ["href=\"javascript:", "src=\"javascript:", "href='javascript:", "src='javascript:", "href=javascript:", "src=javascript:"] {
            assert!(!inside.contains(attr), "a javascript: link survived: <{inside}>");
        }
    }
});
