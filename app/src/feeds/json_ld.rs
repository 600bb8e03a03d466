//! JSON inside an HTML `<script type="application/ld+json">` block
//! (schema.org data of activities and events).

/// `v` as JSON that cannot end its `<script>` element or open a comment or
/// another tag, whatever the text in it: `<`, `>` and `&` are written as
/// JSON's `\u003c`, `\u003e`, `\u0026` (the same value to any JSON reader),
/// and the line separators U+2028/U+2029 as `\u2028`/`\u2029`.
pub fn script_json(v: &serde_json::Value) -> String {
    let text = v.to_string();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::script_json;
    use serde_json::json;

    #[test]
    fn nothing_in_it_can_close_or_open_markup_and_the_value_is_the_same() {
        for s in ["</script><script>alert(1)</script>", "<!-- x", "<![CDATA[", "a & b > c", "行\u{2028}区切り", "ふつうの名前"] {
            let v = json!({ "name": s, "list": [s] });
            let out = script_json(&v);
            for bad in ["<", ">", "&", "\u{2028}"] {
                assert!(!out.contains(bad), "{out}");
            }
            assert_eq!(serde_json::from_str::<serde_json::Value>(&out).unwrap(), v, "{s:?}");
        }
    }
}
