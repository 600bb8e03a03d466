//! The spreadsheet importer's decoder (CSV in UTF-8 or Shift_JIS, xlsx):
//! any bytes give rows or a clear error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tsunagu_app::activities::import::decode::decode;

fuzz_target!(|bytes: &[u8]| {
    let _ = decode(bytes, "activities.csv");
    let _ = decode(bytes, "activities.xlsx");
});
