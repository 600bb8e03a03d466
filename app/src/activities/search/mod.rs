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
//!   unigrams of one-character words; a one-character query such as `碁` is
//!   the union of the bigrams holding it) over the normalised fields. A query intersects the posting lists of its bigrams, then
//!   verifies candidates with a real substring test, so its results are
//!   exactly those of a `LIKE '%word%'` scan over normalised text, without
//!   the scan. Every query word must match (AND); hits are ranked by where
//!   the words occur (name/reading > organisation, categories > district >
//!   description), then by id.
//!
//! The index is meant to be built from the database at start-up and kept
//! current with [`SearchIndex::upsert`] / [`SearchIndex::remove`] whenever an
//! activity changes. For 100,000 activities it takes about 45 MiB (posting
//! lists delta-coded, texts in a one-byte-per-character code of its own)
//! and answers a query in about a millisecond (`app/benches/search.rs`).

pub mod index;
pub mod normalize;
mod postings;
mod text_column;

pub use index::{Hit, SearchDoc, SearchIndex};
pub use normalize::normalize;

/// Deterministic pseudo-random numbers for the search tests (Knuth's MMIX
/// constants).
#[cfg(test)]
struct Lcg(u64);

#[cfg(test)]
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }
}
