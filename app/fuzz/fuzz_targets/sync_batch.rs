//! A tablet's sync batch (JSON), read and checked: any bytes give a batch
//! ready to apply or the list of its problems, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tsunagu_app::casework::sync::SyncBatch;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(batch) = serde_json::from_slice::<SyncBatch>(bytes) {
        let _ = batch.parse();
    }
});
