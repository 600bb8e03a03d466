//! The birth-date parser (昭和15年3月1日, S15.3.1, 1940-03-01, …): any text
//! gives a date not after today or a problem, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tsunagu_app::casework::birth_date::parse_birth_date;

fuzz_target!(|text: &str| {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    if let Ok(d) = parse_birth_date(text, today) {
        assert!(d <= today, "{text:?} → {d} is after today");
    }
});
