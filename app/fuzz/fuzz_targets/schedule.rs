//! The schedule text parser (`毎週火・金 10:00〜12:00`, `weekly:TU,FR …`):
//! never panics, and what it reads it writes back to the same schedule.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tsunagu_app::calendar::schedule::Schedule;

fuzz_target!(|text: &str| {
    if let Ok(schedule) = Schedule::parse_compact(text) {
        let compact = schedule.to_compact();
        let again = Schedule::parse_compact(&compact).unwrap_or_else(|e| panic!("{compact:?} does not read back: {e:?}"));
        assert_eq!(again, schedule, "{text:?} → {compact:?}");
        let from = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let _ = schedule.next_dates(from, 5);
    }
});
