//! Japanese-aware keyword search over activities: in memory, pure Rust, no
//! database and no Leptos, so it can run in the server (and, if ever needed,
//! in the WASM client).
//!
//! Design:
//!
//! * [`normalize()`] folds the many spellings of Japanese text onto one form
//!   (NFKC, lowercase, katakana → hiragana, small kana → normal size, long
//!   vowel marks after kana dropped, punctuation → single spaces). It is
//!   applied to both the indexed fields and the query, so matching is a
//!   plain substring test on normalised text: `ｻﾛﾝ` finds `サロン`, `たいそう`
//!   finds an activity whose reading is `らじおたいそう`.
//! * [`SearchIndex`] is an inverted index of character bigrams (plus
//!   unigrams, for one-character queries such as `碁`) over the normalised
//!   fields. A query intersects the posting lists of its bigrams, then
//!   verifies candidates with a real substring test, so its results are
//!   exactly those of a `LIKE '%word%'` scan over normalised text, without
//!   the scan. Every query word must match (AND); hits are ranked by where
//!   the words occur (name/reading > organisation, categories > district >
//!   description), then by id.
//!
//! The index is meant to be built from the database at start-up and kept
//! current with [`SearchIndex::upsert`] / [`SearchIndex::remove`] whenever an
//! activity changes. For 100,000 activities it takes about 120 MiB and
//! answers a query in about a millisecond (`app/benches/search.rs`).

pub mod index;
pub mod normalize;

pub use index::{Hit, SearchDoc, SearchIndex};
pub use normalize::normalize;
