//! The questionnaire loader (a city's own JSON file): any text gives a
//! questionnaire or the problems with its place, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tsunagu_app::health_check::questionnaire::Questionnaire;

fuzz_target!(|text: &str| {
    let _ = Questionnaire::from_json(text);
});
