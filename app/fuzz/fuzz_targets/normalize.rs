//! The search normaliser: normalising twice changes nothing (the index and
//! the query meet on one form), and the searchable form has no separators.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tsunagu_app::activities::search::normalize::{normalize, searchable};

fuzz_target!(|text: &str| {
    let once = normalize(text);
    assert_eq!(normalize(&once), once, "{text:?}");
    let s = searchable(text);
    assert_eq!(searchable(&s), s, "{text:?}");
    assert!(!s.contains(' '));
});
