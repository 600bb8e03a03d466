//! Japanese-aware keyword search over activities, in memory and in pure Rust
//! (no database, no Leptos: usable on the server and, if ever needed, in the
//! WASM client).
//!
//! Design:
//!
//! * [`normalize`] folds the many spellings of Japanese text onto one form
//!   (NFKC, lowercase, katakana → hiragana, small kana → normal size, long
//!   vowel marks after kana dropped, punctuation → single spaces). It is
//!   applied to both the indexed fields and the query, so matching is a plain
//!   substring test on normalised text.
//! * [`SearchIndex`] is an inverted index of character bigrams (plus
//!   unigrams for one-character queries) over the normalised fields. A query
//!   intersects the posting lists of its bigrams, then verifies each candidate
//!   with a real substring test, so its results are exactly those of a
//!   `LIKE '%word%'` scan over normalised text, without scanning. Every query
//!   word must match (AND); hits are ranked by where the words occur
//!   (name/reading > organisation, categories > district > description).
//!
//! The index is built from the database at start-up and kept current with
//! [`SearchIndex::upsert`] / [`SearchIndex::remove`] when activities change.

pub mod index;
pub mod normalize;

pub use index::{Hit, SearchDoc, SearchIndex};
pub use normalize::normalize;
