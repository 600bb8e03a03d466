//! The map's bounding-box parameter: any text gives a box inside the
//! world or a problem, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tsunagu_app::map::bbox::BBox;

fuzz_target!(|text: &str| {
    if let Ok(b) = BBox::parse(text) {
        let s = format!("{b:?}");
        assert!(!s.contains("NaN") && !s.contains("inf"), "{text:?} → {s}");
    }
});
