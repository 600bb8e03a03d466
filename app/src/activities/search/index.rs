//! In-memory inverted index over activity documents.
//!
//! # Tokens
//!
//! Every field is made [`searchable`] ([`normalize`]d, separators dropped,
//! so that `いきいき・体操` is found by `いきいき体操`) and split into words
//! on spaces (none are left). A document is indexed under
//!
//! * the **bigram** (pair of adjacent characters) of every word, and
//! * the **unigram** of a word of one character.
//!
//! A one-character query such as `碁` is the union of every bigram list
//! holding the character (either side) and its unigram list: the index keeps
//! which bigrams each character is part of. (Unigram postings for every
//! character were 38 % of all postings at 100,000 listings.)
//!
//! Japanese has no spaces between words, so bigrams are the usual compromise
//! between recall (any substring of length ≥ 2 can be found) and index size.
//! Each posting carries a one-byte *field mask* (which fields contain the
//! token, and whether it is the very start of the name).
//!
//! # Queries
//!
//! The query is normalised and split into words; every word must match
//! (AND). The posting lists of all the query's bigrams (the union above for
//! a one-character word) are intersected, shortest first, with a galloping
//! search, AND-ing the field masks per query word on the way.
//!
//! * For a word of one or two characters the resulting mask is exact: it
//!   says precisely which fields contain the word and whether the name starts
//!   with it, so the score is computed without touching the text.
//! * A longer word is **verified**: it must occur as a substring of one of
//!   the fields its mask allows. This removes bigram false positives (`たい`
//!   `いそ` `そう` occurring in different places do not make `たいそう`).
//!
//! Either way the result is exactly what a substring scan of every document's
//! normalised fields would return (a unit test checks this against such a
//! scan).
//!
//! # Storage
//!
//! Documents live in dense internal *slots* (`u32`); a posting list holds
//! slot gaps and field masks delta-coded in blocks (see [`super::postings`]:
//! about one byte per posting for a frequent token). An upsert always takes
//! a fresh slot at the end, which
//! keeps posting lists sorted by construction; the previous slot becomes a
//! tombstone. Postings that point at tombstones are skipped at query time and
//! purged by a compaction that runs once a quarter of the slots are dead
//! (amortised O(1) per removal), so results are always exact.
//!
//! The normalised field texts, needed to verify long words, are kept column
//! by column (all names, all readings, …, each in slot order), so verifying a
//! word the masks place in, say, readings only touches the compact reading
//! column: far fewer cache misses than one record per document. They are
//! kept in a code of the index's own (see [`super::text_column`]: one byte
//! for each of the most frequent characters instead of UTF-8's three for
//! kana and kanji).
//!
//! For 100,000 listings with the demo town's descriptions the index takes
//! about 45 MiB and answers typical queries in a few milliseconds (see
//! `benches/search.rs` and docs/benchmarks.md).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::normalize::{normalize, searchable};
use super::postings::{Postings, Slot};
use super::text_column::{self, Alphabet, Column};

/// Identifier of a searchable document (an activity's database id).
pub type DocId = i64;

/// The searchable text of one activity. Every field may be empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchDoc {
    pub id: DocId,
    /// Display name, e.g. `ラジオ体操の会`.
    pub name: String,
    /// Kana reading of the name, e.g. `らじおたいそうのかい`.
    pub reading: String,
    /// Organising group.
    pub organisation: String,
    /// District name.
    pub district: String,
    /// Category labels, space-separated.
    pub categories: String,
    /// Free-text description.
    pub description: String,
}

/// One search result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Hit {
    pub id: DocId,
    /// Higher is better; see [`SearchIndex::search`] for the weights.
    pub score: u32,
}

/// Score for a word found in the name or the reading (counted once).
const SCORE_NAME: u32 = 100;
/// Extra score when the name starts with the word.
const SCORE_NAME_PREFIX: u32 = 50;
const SCORE_ORGANISATION: u32 = 30;
const SCORE_CATEGORIES: u32 = 30;
const SCORE_DISTRICT: u32 = 20;
const SCORE_DESCRIPTION: u32 = 10;

/// Compaction runs when more than `1 / COMPACT_DENOMINATOR` of the slots are
/// tombstones…
const COMPACT_DENOMINATOR: usize = 4;
/// …and there are at least this many of them (small indexes never bother).
const COMPACT_MIN_DEAD: usize = 256;

/// Field order; field `i` is bit `i` of a field mask.
const NAME: usize = 0;
const READING: usize = 1;
const ORGANISATION: usize = 2;
const DISTRICT: usize = 3;
const CATEGORIES: usize = 4;
const DESCRIPTION: usize = 5;
const FIELD_COUNT: usize = 6;

/// The field bits of a mask.
const FIELD_BITS: u8 = (1 << FIELD_COUNT) - 1;
/// Mask bit set on the name's leading unigram and leading bigram.
const NAME_PREFIX_BIT: u8 = 1 << FIELD_COUNT;
/// Every bit a mask can have.
const ALL_BITS: u8 = FIELD_BITS | NAME_PREFIX_BIT;

const fn field_bit(field: usize) -> u8 {
    1 << field
}


/// The normalised fields of a document, in field order.
type Fields = [String; FIELD_COUNT];

fn normalised_fields(doc: &SearchDoc) -> Fields {
    [
        &doc.name,
        &doc.reading,
        &doc.organisation,
        &doc.district,
        &doc.categories,
        &doc.description,
    ]
    .map(|field| searchable(field))
}

/// A document normalised and tokenised, ready for
/// [`SearchIndex::upsert_prepared`].
#[derive(Debug, Clone)]
pub struct PreparedDoc {
    id: DocId,
    fields: Fields,
    tokens: Vec<(u64, u8)>,
}

impl PreparedDoc {
    pub fn new(doc: &SearchDoc) -> PreparedDoc {
        let fields = normalised_fields(doc);
        let tokens = doc_tokens(&fields);
        PreparedDoc { id: doc.id, fields, tokens }
    }
}

/// The (key, mask) pairs a document with these normalised fields is indexed
/// under, sorted by key, one per key.
fn doc_tokens(fields: &Fields) -> Vec<(u64, u8)> {
    let mut tokens = Vec::with_capacity(fields.iter().map(String::len).sum());
    for (i, field) in fields.iter().enumerate() {
        let bit = field_bit(i);
        for word in field.split(' ') {
            let mut chars = word.chars();
            let Some(mut prev) = chars.next() else {
                continue;
            };
            let mut alone = true;
            for c in chars {
                tokens.push((bigram_key(prev, c), bit));
                prev = c;
                alone = false;
            }
            // a character with a neighbour is found through its bigrams
            if alone {
                tokens.push((unigram_key(prev), bit));
            }
        }
    }
    let mut name = fields[NAME].chars();
    if let Some(a) = name.next() {
        match name.next().filter(|&b| b != ' ') {
            Some(b) => tokens.push((bigram_key(a, b), NAME_PREFIX_BIT)),
            None => tokens.push((unigram_key(a), NAME_PREFIX_BIT)),
        }
    }
    tokens.sort_unstable_by_key(|&(key, _)| key);
    tokens.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        if same {
            kept.1 |= later.1;
        }
        same
    });
    tokens
}

/// A normalised query word (non-empty, no spaces).
struct Word<'a> {
    text: &'a str,
    /// The character, for a one-character word.
    single: Option<char>,
    /// One or two characters: the posting masks alone decide the match.
    exact: bool,
    /// The word in the text columns' code (for a longer word; `None` when
    /// no indexed text has one of its characters).
    pattern: Option<Vec<u8>>,
}

impl<'a> Word<'a> {
    fn new(text: &'a str, alphabet: &Alphabet) -> Self {
        let mut chars = text.chars();
        let (first, second, third) = (chars.next(), chars.next(), chars.next());
        let exact = third.is_none();
        Word {
            text,
            single: first.filter(|_| second.is_none()),
            exact,
            pattern: if exact { None } else { alphabet.pattern(text) },
        }
    }

    /// Whether the word occurs in an encoded field text.
    fn occurs_in(&self, field: &[u8]) -> bool {
        self.pattern.as_deref().is_some_and(|p| text_column::contains(field, p))
    }
}

/// Posting-list key of a single character.
fn unigram_key(c: char) -> u64 {
    u64::from(u32::from(c))
}

/// Posting-list key of two adjacent characters. Characters fit in 21 bits;
/// the top bit keeps bigram keys apart from unigram keys.
fn bigram_key(a: char, b: char) -> u64 {
    (1 << 63) | (u64::from(u32::from(a)) << 21) | u64::from(u32::from(b))
}

/// The two characters (as numbers) of a bigram key; `None` for a unigram
/// key.
fn bigram_chars(key: u64) -> Option<(u32, u32)> {
    const CHAR_BITS: u64 = (1 << 21) - 1;
    (key >> 63 == 1).then(|| (((key >> 21) & CHAR_BITS) as u32, (key & CHAR_BITS) as u32))
}

/// Records, for each character of a bigram key, that the bigram exists
/// (a unigram key records nothing).
fn note_bigram(bigrams_of: &mut KeyMap<u32, Vec<u64>>, key: u64) {
    let Some((first, second)) = bigram_chars(key) else {
        return;
    };
    bigrams_of.entry(first).or_default().push(key);
    if second != first {
        bigrams_of.entry(second).or_default().push(key);
    }
}

/// One posting list a query needs, for one of its words.
struct Term<'a> {
    postings: std::borrow::Cow<'a, Postings>,
    /// Index of the query word.
    word: usize,
    /// Whether this is the word's leading bigram (or its unigram), the only
    /// term whose name-prefix bit counts.
    leading: bool,
}

impl Term<'_> {
    /// The bits to AND into the word's mask for a posting with `mask`.
    fn mask(&self, mask: u8) -> u8 {
        if self.leading {
            mask
        } else {
            mask | NAME_PREFIX_BIT
        }
    }
}

/// Query candidates: sorted slots with, for each, one mask per query word
/// (`masks[i * words .. (i + 1) * words]`).
struct Candidates {
    slots: Vec<Slot>,
    masks: Vec<u8>,
    words: usize,
}

impl Candidates {
    fn new(term: &Term<'_>, words: usize) -> Self {
        let words = words.max(1);
        let mut slots = Vec::with_capacity(term.postings.len());
        let mut masks = Vec::with_capacity(term.postings.len() * words);
        for (slot, mask) in term.postings.iter() {
            slots.push(slot);
            let start = masks.len();
            masks.resize(start + words, ALL_BITS);
            masks[start + term.word] &= term.mask(mask);
        }
        Candidates {
            slots,
            masks,
            words,
        }
    }

    /// Keeps the candidates that also occur in `term`'s postings, AND-ing in
    /// their masks. Skips the blocks of postings between candidates, so a
    /// few candidates cost little against a long list.
    fn intersect(&mut self, term: &Term<'_>) {
        let mut cursor = term.postings.cursor();
        let words = self.words;
        let mut kept = 0;
        for i in 0..self.slots.len() {
            let slot = self.slots[i];
            match cursor.seek(slot) {
                None => break,
                Some((found, mask)) if found == slot => {
                    self.slots[kept] = slot;
                    self.masks
                        .copy_within(i * words..(i + 1) * words, kept * words);
                    self.masks[kept * words + term.word] &= term.mask(mask);
                    kept += 1;
                }
                Some(_) => {}
            }
        }
        self.slots.truncate(kept);
        self.masks.truncate(kept * words);
    }

    fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    fn iter(&self) -> impl Iterator<Item = (Slot, &[u8])> {
        self.slots
            .iter()
            .copied()
            .zip(self.masks.chunks_exact(self.words))
    }
}

/// The score of a word found in `fields` (a field mask), plus the prefix
/// bonus.
fn weigh(fields: u8, name_prefix: bool) -> u32 {
    let mut score = 0;
    if fields & (field_bit(NAME) | field_bit(READING)) != 0 {
        score += SCORE_NAME;
    }
    if name_prefix {
        score += SCORE_NAME_PREFIX;
    }
    for (field, weight) in [
        (ORGANISATION, SCORE_ORGANISATION),
        (CATEGORIES, SCORE_CATEGORIES),
        (DISTRICT, SCORE_DISTRICT),
        (DESCRIPTION, SCORE_DESCRIPTION),
    ] {
        if fields & field_bit(field) != 0 {
            score += weight;
        }
    }
    score
}

/// Result order: score descending, then id ascending.
fn best_first(a: &Hit, b: &Hit) -> std::cmp::Ordering {
    b.score.cmp(&a.score).then(a.id.cmp(&b.id))
}

/// Sorts `hits` [`best_first`]. Hits have few distinct scores and come in
/// slot order, which is usually id order, so this sorts stably by score
/// (cheap with few distinct keys) and then each run of equal scores by id
/// (linear when the run is already in order).
fn sort_best_first(hits: &mut [Hit]) {
    hits.sort_by_key(|hit| std::cmp::Reverse(hit.score));
    for run in hits.chunk_by_mut(|a, b| a.score == b.score) {
        run.sort_unstable_by_key(|hit| hit.id);
    }
}

/// A cheap hasher for the index's integer keys (SipHash would dominate the
/// build time). Mixes with the MurmurHash3 finaliser so that every bit of the
/// key reaches the low bits the table uses for bucket selection.
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        let mut h = self.0 ^ n;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^= h >> 33;
        self.0 = h;
    }

    fn write_i64(&mut self, n: i64) {
        self.write_u64(u64::from_ne_bytes(n.to_ne_bytes()));
    }
}

type KeyMap<K, V> = HashMap<K, V, BuildHasherDefault<KeyHasher>>;

/// Heap bytes an index holds, by part (see [`SearchIndex::heap_usage`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HeapUsage {
    /// Distinct tokens (unigrams and bigrams), one posting list each.
    pub tokens: usize,
    /// Postings in all lists.
    pub postings: usize,
    /// The table from token to list.
    pub posting_table: usize,
    /// The lists' encoded postings.
    pub posting_lists: usize,
    /// The normalised field texts kept to verify long words.
    pub text: usize,
    /// Slot ↔ document id.
    pub ids: usize,
}

impl HeapUsage {
    pub fn total(&self) -> usize {
        self.posting_table + self.posting_lists + self.text + self.ids
    }
}

/// In-memory keyword index over [`SearchDoc`]s.
///
/// ```
/// use tsunagu_app::activities::search::{SearchDoc, SearchIndex};
///
/// let mut index = SearchIndex::new();
/// index.upsert(&SearchDoc {
///     id: 1,
///     name: "ラジオ体操の会".into(),
///     reading: "らじおたいそうのかい".into(),
///     district: "中央".into(),
///     ..SearchDoc::default()
/// });
/// assert_eq!(index.search("体操")[0].id, 1);
/// assert_eq!(index.search("ﾀｲｿｳ 中央")[0].id, 1);
/// assert!(index.search("囲碁").is_empty());
/// ```
#[derive(Default)]
pub struct SearchIndex {
    /// Token key → the documents containing it. May contain tombstoned
    /// slots until the next compaction.
    postings: KeyMap<u64, Postings>,
    /// Character → the keys of the bigrams it is part of (either side).
    bigrams_of: KeyMap<u32, Vec<u64>>,
    /// Slot → document id; `None` for a tombstone.
    ids: Vec<Option<DocId>>,
    /// Slot → normalised field text, one column per field. Tombstones' text
    /// stays until the next compaction.
    columns: [Column; FIELD_COUNT],
    /// The columns' character code.
    alphabet: Alphabet,
    /// Live documents by id.
    by_id: KeyMap<DocId, Slot>,
    /// Number of tombstones.
    dead: usize,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("docs", &self.by_id.len())
            .field("tombstones", &self.dead)
            .field("tokens", &self.postings.len())
            .finish()
    }
}

impl SearchIndex {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `doc`, replacing any previous version with the same id.
    pub fn upsert(&mut self, doc: &SearchDoc) {
        self.upsert_prepared(PreparedDoc::new(doc));
    }

    /// [`upsert`](Self::upsert) of a document prepared beforehand (on any
    /// thread: preparing is the costly part, and needs no index).
    pub fn upsert_prepared(&mut self, doc: PreparedDoc) {
        let PreparedDoc { id, fields, tokens } = doc;
        self.tombstone(id);
        self.maybe_compact();

        let slot = self.next_slot();
        for (key, mask) in tokens {
            // Slots only grow, so pushing keeps every list sorted.
            match self.postings.entry(key) {
                std::collections::hash_map::Entry::Occupied(mut list) => list.get_mut().push(slot, mask),
                std::collections::hash_map::Entry::Vacant(place) => {
                    place.insert(Postings::default()).push(slot, mask);
                    note_bigram(&mut self.bigrams_of, key);
                }
            }
        }
        self.ids.push(Some(id));
        for (column, field) in self.columns.iter_mut().zip(&fields) {
            column.push(field, &mut self.alphabet);
        }
        self.by_id.insert(id, slot);
    }

    /// Removes the document with this id, if present.
    pub fn remove(&mut self, id: DocId) {
        self.tombstone(id);
        self.maybe_compact();
    }

    /// Number of (live) documents.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether the index holds no documents.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Whether a document with this id is indexed.
    pub fn contains(&self, id: DocId) -> bool {
        self.by_id.contains_key(&id)
    }

    /// All matching docs, best first (score desc, then id asc). Empty/blank
    /// query → empty Vec.
    ///
    /// The query is [`normalize`]d and split into words; a document matches
    /// when every word occurs as a substring of at least one of its
    /// normalised fields. Per word, the document scores
    ///
    /// | where the word occurs            | points |
    /// |----------------------------------|-------:|
    /// | name or reading (counted once)   | 100    |
    /// | name starts with it (extra)      | 50     |
    /// | organisation                     | 30     |
    /// | categories                       | 30     |
    /// | district                         | 20     |
    /// | description                      | 10     |
    ///
    /// and the scores of the words are summed. Repeated query words count
    /// once.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        let mut hits = self.matches(query);
        sort_best_first(&mut hits);
        hits
    }

    /// The first `limit` hits of [`search`](Self::search), in the same
    /// order, without sorting the rest: cheaper when a short query matches a
    /// large part of the index and only one page is shown.
    pub fn search_top(&self, query: &str, limit: usize) -> Vec<Hit> {
        if limit == 0 {
            return Vec::new();
        }
        let mut hits = self.matches(query);
        if hits.len() > limit {
            hits.select_nth_unstable_by(limit - 1, best_first);
            hits.truncate(limit);
        }
        hits.sort_unstable_by(best_first);
        hits
    }

    /// Every matching document with its score, in no particular order.
    fn matches(&self, query: &str) -> Vec<Hit> {
        let normalised = normalize(query);
        let mut texts: Vec<&str> = normalised.split(' ').filter(|w| !w.is_empty()).collect();
        texts.sort_unstable();
        texts.dedup();
        let words: Vec<Word<'_>> = texts.into_iter().map(|t| Word::new(t, &self.alphabet)).collect();

        let Some(terms) = self.terms(&words) else {
            return Vec::new();
        };
        let Some((shortest, others)) = terms.split_first() else {
            return Vec::new();
        };
        let mut candidates = Candidates::new(shortest, words.len());
        for term in others {
            candidates.intersect(term);
            if candidates.is_empty() {
                return Vec::new();
            }
        }

        candidates
            .iter()
            .filter_map(|(slot, masks)| {
                let id = self.ids.get(slot as usize).copied().flatten()?;
                let mut score = 0u32;
                for (word, &mask) in words.iter().zip(masks) {
                    match self.score_word(slot, word, mask) {
                        0 => return None,
                        s => score = score.saturating_add(s),
                    }
                }
                Some(Hit { id, score })
            })
            .collect()
    }

    /// Releases spare capacity, e.g. after a bulk load. Also purges
    /// tombstones.
    pub fn shrink_to_fit(&mut self) {
        if self.dead > 0 {
            self.compact();
        }
        for postings in self.postings.values_mut() {
            postings.shrink_to_fit();
        }
        self.postings.shrink_to_fit();
        for keys in self.bigrams_of.values_mut() {
            keys.shrink_to_fit();
        }
        self.bigrams_of.shrink_to_fit();
        self.ids.shrink_to_fit();
        // the most frequent characters take one byte from now on
        self.alphabet.recode(&mut self.columns);
        for column in &mut self.columns {
            column.shrink_to_fit();
        }
        self.by_id.shrink_to_fit();
    }

    /// Rough number of heap bytes the index holds (capacities, not lengths;
    /// hash-table control bytes approximated, allocator overhead ignored).
    pub fn approx_heap_bytes(&self) -> usize {
        self.heap_usage().total()
    }

    /// Where [`approx_heap_bytes`](Self::approx_heap_bytes) goes.
    pub fn heap_usage(&self) -> HeapUsage {
        use std::mem::size_of;
        let table = |cap: usize, entry: usize| cap * (entry + 1);
        HeapUsage {
            tokens: self.postings.len(),
            postings: self.postings.values().map(Postings::len).sum(),
            posting_table: table(self.postings.capacity(), size_of::<(u64, Postings)>())
                + table(self.bigrams_of.capacity(), size_of::<(u32, Vec<u64>)>())
                + self.bigrams_of.values().map(|keys| keys.capacity() * size_of::<u64>()).sum::<usize>(),
            posting_lists: self.postings.values().map(Postings::heap_bytes).sum(),
            text: self.columns.iter().map(Column::heap_bytes).sum::<usize>() + self.alphabet.heap_bytes(),
            ids: self.ids.capacity() * size_of::<Option<DocId>>()
                + table(self.by_id.capacity(), size_of::<(DocId, Slot)>()),
        }
    }

    /// The posting lists the query's words need, shortest first; `None` when
    /// one of them does not exist (nothing can match). An empty Vec for no
    /// words.
    fn terms<'a>(&'a self, words: &[Word<'_>]) -> Option<Vec<Term<'a>>> {
        use std::borrow::Cow;
        // (key, word, leading), one per (key, word).
        let mut keys: Vec<(u64, usize, bool)> = Vec::new();
        let mut terms = Vec::new();
        for (w, word) in words.iter().enumerate() {
            match word.single {
                Some(c) => terms.push(Term {
                    postings: Cow::Owned(self.documents_with(c)?),
                    word: w,
                    leading: true,
                }),
                None => {
                    let chars = word.text.chars();
                    let pairs = chars.clone().zip(chars.skip(1));
                    for (i, (a, b)) in pairs.enumerate() {
                        keys.push((bigram_key(a, b), w, i == 0));
                    }
                }
            }
        }
        keys.sort_unstable();
        keys.dedup_by(|later, kept| {
            let same = later.0 == kept.0 && later.1 == kept.1;
            if same {
                kept.2 |= later.2;
            }
            same
        });
        for (key, word, leading) in keys {
            terms.push(Term {
                postings: Cow::Borrowed(self.postings.get(&key)?),
                word,
                leading,
            });
        }
        terms.sort_unstable_by_key(|term| term.postings.len());
        Some(terms)
    }

    /// The documents containing `c`, with the fields it is in and whether
    /// the name starts with it: the union of its bigrams' lists and its
    /// unigram list. `None` when there are none.
    fn documents_with(&self, c: char) -> Option<Postings> {
        let mut masks = vec![0u8; self.ids.len()];
        let mut add = |key: u64, strip: u8| {
            if let Some(list) = self.postings.get(&key) {
                for (slot, mask) in list.iter() {
                    if let Some(m) = masks.get_mut(slot as usize) {
                        *m |= mask & !strip;
                    }
                }
            }
        };
        add(unigram_key(c), 0);
        for &key in self.bigrams_of.get(&u32::from(c)).map_or(&[][..], Vec::as_slice) {
            // a name that starts with `xc` does not start with `c`
            let starts_with_c = bigram_chars(key).is_some_and(|(first, _)| first == u32::from(c));
            add(key, if starts_with_c { 0 } else { NAME_PREFIX_BIT });
        }
        let union: Postings = (0..)
            .zip(masks)
            .filter(|&(_, mask)| mask != 0)
            .collect();
        (union.len() > 0).then_some(union)
    }

    /// The score of `word` in the document at `slot`, whose postings gave it
    /// `mask`; 0 when the word does not occur there.
    fn score_word(&self, slot: Slot, word: &Word<'_>, mask: u8) -> u32 {
        let candidates = mask & FIELD_BITS;
        if candidates == 0 {
            // The word's bigrams never all occur in one field.
            return 0;
        }
        let prefix = mask & NAME_PREFIX_BIT != 0;
        if word.exact {
            return weigh(candidates, prefix);
        }
        let field = |i: usize| self.columns[i].get(slot as usize);
        let mut verified = 0;
        for i in 0..FIELD_COUNT {
            // Name and reading score the same: one of them is enough.
            let known = i == READING && verified & field_bit(NAME) != 0;
            if candidates & field_bit(i) != 0 && !known && word.occurs_in(field(i)) {
                verified |= field_bit(i);
            }
        }
        if verified == 0 {
            return 0;
        }
        let name_starts = word.pattern.as_deref().is_some_and(|p| field(NAME).starts_with(p));
        weigh(verified, prefix && name_starts)
    }

    /// Turns the live version of `id`, if any, into a tombstone.
    fn tombstone(&mut self, id: DocId) {
        let Some(slot) = self.by_id.remove(&id) else {
            return;
        };
        if let Some(id) = self.ids.get_mut(slot as usize) {
            if id.take().is_some() {
                self.dead += 1;
            }
        }
    }

    /// The slot the next document gets.
    fn next_slot(&mut self) -> Slot {
        if Slot::try_from(self.ids.len()).is_err() && self.dead > 0 {
            self.compact();
        }
        Slot::try_from(self.ids.len()).expect("SearchIndex holds at most u32::MAX documents")
    }

    fn maybe_compact(&mut self) {
        if self.dead >= COMPACT_MIN_DEAD && self.dead * COMPACT_DENOMINATOR > self.ids.len() {
            self.compact();
        }
    }

    /// Renumbers the live documents densely and drops tombstones from every
    /// posting list. The renumbering is monotonic, so lists stay sorted.
    fn compact(&mut self) {
        const GONE: Slot = Slot::MAX;
        // Old slots of the live documents, in order; a document's new slot is
        // its position here.
        let live: Vec<(usize, DocId)> = self
            .ids
            .iter()
            .enumerate()
            .filter_map(|(slot, id)| Some((slot, (*id)?)))
            .collect();
        let mut remap = vec![GONE; self.ids.len()];
        // Fewer than the old slot count, which fit in a Slot.
        for (new, &(old, id)) in (0..).zip(&live) {
            remap[old] = new;
            self.by_id.insert(id, new);
        }
        self.ids = live.iter().map(|&(_, id)| Some(id)).collect();
        self.columns =
            std::array::from_fn(|i| self.columns[i].compacted(live.iter().map(|&(slot, _)| slot)));
        self.postings.retain(|_, postings| {
            postings.remap(&remap, GONE);
            postings.len() > 0
        });
        self.bigrams_of.clear();
        for &key in self.postings.keys() {
            note_bigram(&mut self.bigrams_of, key);
        }
        self.dead = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example in `SearchIndex`'s documentation (doctests are off).
    #[test]
    fn the_documented_example_holds() {
        let mut index = SearchIndex::new();
        index.upsert(&SearchDoc {
            id: 1,
            name: "ラジオ体操の会".into(),
            reading: "らじおたいそうのかい".into(),
            district: "中央".into(),
            ..SearchDoc::default()
        });
        assert_eq!(index.search("体操")[0].id, 1);
        assert_eq!(index.search("ﾀｲｿｳ 中央")[0].id, 1);
        assert!(index.search("囲碁").is_empty());
    }

    fn doc(id: DocId, name: &str, reading: &str) -> SearchDoc {
        SearchDoc {
            id,
            name: name.into(),
            reading: reading.into(),
            ..SearchDoc::default()
        }
    }

    fn ids(hits: &[Hit]) -> Vec<DocId> {
        hits.iter().map(|h| h.id).collect()
    }

    #[test]
    fn a_middle_dot_space_or_hyphen_in_a_name_never_breaks_a_match() {
        let mut index = SearchIndex::new();
        index.upsert(&doc(1, "いきいき・体操", ""));
        index.upsert(&doc(2, "いきいき 体操", ""));
        index.upsert(&doc(3, "いきいき体操", ""));
        index.upsert(&doc(4, "ｲｷｲｷ－体操", ""));
        for q in ["いきいき体操", "いきいき・体操", "いきいき･体操", "いきいき 体操", "イキイキ体操", "き体"] {
            assert_eq!(ids(&index.search(q)), vec![1, 2, 3, 4], "{q:?}");
        }
    }

    #[test]
    fn reading_field_makes_kana_query_match() {
        let mut index = SearchIndex::new();
        index.upsert(&doc(1, "ラジオ体操", "らじおたいそう"));
        index.upsert(&doc(2, "ラジオ体操", ""));
        index.upsert(&doc(3, "ラジオ体操", "らじおうんどう"));
        // Kana query: only the document whose reading spells it.
        assert_eq!(ids(&index.search("たいそう")), vec![1]);
        assert_eq!(ids(&index.search("タイソウ")), vec![1]);
        // Kanji query: all three by name.
        assert_eq!(ids(&index.search("体操")), vec![1, 2, 3]);
    }

    #[test]
    fn two_character_words() {
        let mut index = SearchIndex::new();
        index.upsert(&doc(1, "ラジオ体操", ""));
        index.upsert(&doc(2, "囲碁クラブ", ""));
        index.upsert(&doc(3, "子育てサロン", ""));
        assert_eq!(ids(&index.search("体操")), vec![1]);
        assert_eq!(ids(&index.search("囲碁")), vec![2]);
        assert_eq!(ids(&index.search("子育")), vec![3]);
        assert_eq!(ids(&index.search("子育て")), vec![3]);
    }

    #[test]
    fn one_character_word() {
        let mut index = SearchIndex::new();
        index.upsert(&doc(1, "囲碁クラブ", ""));
        index.upsert(&doc(2, "将棋クラブ", ""));
        index.upsert(&doc(3, "碁", ""));
        assert_eq!(ids(&index.search("碁")), vec![3, 1]);
        assert_eq!(ids(&index.search("棋")), vec![2]);
        assert!(index.search("体").is_empty());
        // A one-character word inside a multi-word query.
        assert_eq!(ids(&index.search("碁 クラブ")), vec![1]);
    }

    #[test]
    fn half_width_query_finds_full_width_text() {
        let mut index = SearchIndex::new();
        index.upsert(&doc(1, "子育てサロン", ""));
        index.upsert(&doc(2, "ＲＵＮ　クラブ", ""));
        assert_eq!(ids(&index.search("ｻﾛﾝ")), vec![1]);
        assert_eq!(ids(&index.search("さろーん")), vec![1]);
        assert_eq!(ids(&index.search("run")), vec![2]);
    }

    #[test]
    fn long_vowel_and_small_kana_variants_match() {
        let mut index = SearchIndex::new();
        index.upsert(&doc(1, "ボランティア募集", ""));
        index.upsert(&doc(2, "ウォーキングの会", ""));
        assert_eq!(ids(&index.search("ぼらんてぃあ")), vec![1]);
        assert_eq!(ids(&index.search("ｳｫｰｷﾝｸﾞ")), vec![2]);
        assert_eq!(ids(&index.search("うぉきんぐ")), vec![2]);
    }

    #[test]
    fn scores_follow_field_weights() {
        let mut index = SearchIndex::new();
        index.upsert(&SearchDoc {
            id: 1,
            description: "体操".into(),
            ..SearchDoc::default()
        });
        index.upsert(&SearchDoc {
            id: 2,
            name: "朝の体操".into(),
            ..SearchDoc::default()
        });
        index.upsert(&SearchDoc {
            id: 3,
            name: "体操クラブ".into(),
            organisation: "体操協会".into(),
            categories: "体操".into(),
            district: "体操町".into(),
            description: "体操します".into(),
            ..SearchDoc::default()
        });
        index.upsert(&SearchDoc {
            id: 4,
            reading: "たいそう".into(),
            ..SearchDoc::default()
        });
        assert_eq!(
            index.search("体操"),
            vec![
                Hit {
                    id: 3,
                    score: 100 + 50 + 30 + 30 + 20 + 10
                },
                Hit { id: 2, score: 100 },
                Hit { id: 1, score: 10 },
            ]
        );
        assert_eq!(index.search("たいそう"), vec![Hit { id: 4, score: 100 }]);
    }

    #[test]
    fn name_match_ranks_above_description_match() {
        let mut index = SearchIndex::new();
        // Lower id, but description-only.
        index.upsert(&SearchDoc {
            id: 1,
            name: "朝の集い".into(),
            description: "囲碁と将棋を楽しみます".into(),
            ..SearchDoc::default()
        });
        index.upsert(&doc(2, "中央囲碁同好会", ""));
        let hits = index.search("囲碁");
        assert_eq!(ids(&hits), vec![2, 1]);
        assert!(hits[0].score > hits[1].score);
    }

    #[test]
    fn multi_word_queries_need_every_word() {
        let mut index = SearchIndex::new();
        index.upsert(&SearchDoc {
            id: 1,
            name: "ラジオ体操".into(),
            district: "中央".into(),
            ..SearchDoc::default()
        });
        index.upsert(&SearchDoc {
            id: 2,
            name: "ラジオ体操".into(),
            district: "駅前".into(),
            ..SearchDoc::default()
        });
        index.upsert(&SearchDoc {
            id: 3,
            name: "囲碁".into(),
            district: "中央".into(),
            ..SearchDoc::default()
        });
        assert_eq!(ids(&index.search("体操 中央")), vec![1]);
        assert_eq!(ids(&index.search("中央　体操")), vec![1]);
        assert_eq!(ids(&index.search("体操、中央")), vec![1]);
        assert_eq!(index.search("体操 中央")[0].score, 100 + 20);
        assert!(index.search("体操 北山").is_empty());
        // Repeated words count once.
        assert_eq!(index.search("体操 体操 中央"), index.search("体操 中央"));
    }

    #[test]
    fn upsert_replaces_previous_version() {
        let mut index = SearchIndex::new();
        index.upsert(&doc(7, "囲碁クラブ", ""));
        assert_eq!(ids(&index.search("囲碁")), vec![7]);
        index.upsert(&doc(7, "将棋クラブ", ""));
        assert_eq!(index.len(), 1);
        assert!(index.search("囲碁").is_empty());
        assert!(index.search("碁").is_empty());
        assert_eq!(ids(&index.search("将棋")), vec![7]);
        assert_eq!(ids(&index.search("クラブ")), vec![7]);
    }

    #[test]
    fn remove_removes() {
        let mut index = SearchIndex::new();
        index.upsert(&doc(1, "囲碁クラブ", ""));
        index.upsert(&doc(2, "囲碁サロン", ""));
        assert!(index.contains(1));
        index.remove(1);
        assert!(!index.contains(1));
        assert_eq!(index.len(), 1);
        assert_eq!(ids(&index.search("囲碁")), vec![2]);
        // Removing an unknown id is a no-op.
        index.remove(99);
        assert_eq!(index.len(), 1);
        index.remove(2);
        assert!(index.is_empty());
        assert!(index.search("囲碁").is_empty());
    }

    #[test]
    fn compaction_keeps_results_exact() {
        let mut index = SearchIndex::new();
        for id in 0..2_000 {
            let name = if id % 2 == 0 {
                "囲碁クラブ"
            } else {
                "将棋クラブ"
            };
            index.upsert(&doc(id, name, ""));
        }
        // Enough removals and replacements to compact several times.
        for id in (0..2_000).filter(|id| id % 3 == 0) {
            index.remove(id);
        }
        for id in (0..2_000).filter(|id| id % 3 == 1) {
            index.upsert(&doc(id, "体操クラブ", ""));
        }
        assert!(
            index.dead * COMPACT_DENOMINATOR <= index.ids.len() || index.dead < COMPACT_MIN_DEAD
        );
        let expect = |pred: fn(&i64) -> bool| (0..2_000).filter(pred).collect::<Vec<i64>>();
        assert_eq!(
            ids(&index.search("囲碁")),
            expect(|id| id % 3 == 2 && id % 2 == 0)
        );
        assert_eq!(
            ids(&index.search("将棋")),
            expect(|id| id % 3 == 2 && id % 2 == 1)
        );
        assert_eq!(ids(&index.search("体操")), expect(|id| id % 3 == 1));
        assert_eq!(ids(&index.search("クラブ")), expect(|id| id % 3 != 0));
        assert_eq!(index.len(), expect(|id| id % 3 != 0).len());
        index.shrink_to_fit();
        assert_eq!(index.dead, 0);
        assert_eq!(ids(&index.search("体操")), expect(|id| id % 3 == 1));
    }

    #[test]
    fn search_top_is_a_prefix_of_search() {
        let mut index = SearchIndex::new();
        for id in 0..300 {
            let name = match id % 3 {
                0 => "囲碁クラブ",
                1 => "朝の囲碁",
                _ => "将棋",
            };
            index.upsert(&SearchDoc {
                id,
                name: name.into(),
                description: if id % 5 == 0 {
                    "囲碁".into()
                } else {
                    String::new()
                },
                ..SearchDoc::default()
            });
        }
        let all = index.search("囲碁");
        assert_eq!(all.len(), 200 + 20);
        for limit in [0, 1, 7, 100, 219, 220, 221, 1_000] {
            assert_eq!(
                index.search_top("囲碁", limit),
                all[..limit.min(all.len())],
                "{limit}"
            );
        }
        assert!(index.search_top("", 10).is_empty());
    }

    #[test]
    fn blank_query_is_empty() {
        let mut index = SearchIndex::new();
        index.upsert(&doc(1, "囲碁クラブ", ""));
        assert!(index.search("").is_empty());
        assert!(index.search("   　").is_empty());
        assert!(index.search("、。！").is_empty());
        assert!(SearchIndex::new().search("囲碁").is_empty());
    }

    #[test]
    fn bigram_false_positive_is_rejected() {
        let mut index = SearchIndex::new();
        // Has たい, いそ and そう, but never たいそう.
        index.upsert(&SearchDoc {
            id: 1,
            name: "めでたい".into(),
            reading: "いそがしい".into(),
            description: "そうだん たいいそ".into(),
            ..SearchDoc::default()
        });
        index.upsert(&doc(2, "ラジオ体操", "らじおたいそう"));
        assert_eq!(ids(&index.search("たいそう")), vec![2]);
        // Words of the query are not matched across field boundaries either.
        index.upsert(&SearchDoc {
            id: 3,
            name: "あいう".into(),
            reading: "えお".into(),
            ..SearchDoc::default()
        });
        assert!(index.search("うえ").is_empty());
    }

    #[test]
    fn sorted_by_score_then_id() {
        let mut index = SearchIndex::new();
        for (id, name, description) in [
            (5, "朝の集い", "囲碁"),
            (3, "朝の集い", "囲碁"),
            (4, "囲碁の会", ""),
            (1, "中央囲碁", ""),
            (2, "中央囲碁", ""),
        ] {
            index.upsert(&SearchDoc {
                id,
                name: name.into(),
                description: description.into(),
                ..SearchDoc::default()
            });
        }
        let hits = index.search("囲碁");
        assert_eq!(ids(&hits), vec![4, 1, 2, 3, 5]);
        assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    }

    #[test]
    fn sort_best_first_matches_comparator_sort() {
        let mut rng = Lcg(7);
        for len in [0, 1, 2, 10, 1_000] {
            let mut hits: Vec<Hit> = (0..len)
                .map(|_| Hit {
                    id: (rng.next() % 500) as DocId - 250,
                    score: [10, 100, 150, 30][(rng.next() % 4) as usize],
                })
                .collect();
            let mut want = hits.clone();
            want.sort_by(best_first);
            sort_best_first(&mut hits);
            assert_eq!(hits, want);
        }
    }

    #[test]
    fn candidates_intersect_and_combine_masks() {
        let a: Postings = [(1, 0b01), (3, 0b11), (5, 0b01), (7, 0b10), (9, 0b11)]
            .into_iter()
            .collect();
        let b: Postings = [(0, 1), (3, 0b10), (4, 1), (7, 0b10), (9, 0b01), (11, 1)]
            .into_iter()
            .collect();
        let mut candidates = Candidates::new(
            &Term {
                postings: std::borrow::Cow::Borrowed(&a),
                word: 0,
                leading: true,
            },
            2,
        );
        candidates.intersect(&Term {
            postings: std::borrow::Cow::Borrowed(&b),
            word: 0,
            leading: false,
        });
        let got: Vec<(Slot, Vec<u8>)> = candidates.iter().map(|(s, m)| (s, m.to_vec())).collect();
        assert_eq!(
            got,
            vec![
                (3, vec![0b10, ALL_BITS]),
                (7, vec![0b10, ALL_BITS]),
                (9, vec![0b01, ALL_BITS]),
            ]
        );
        candidates.intersect(&Term {
            postings: std::borrow::Cow::Owned(Postings::default()),
            word: 1,
            leading: true,
        });
        assert!(candidates.is_empty());
    }

    use super::super::Lcg;

    const ACTIVITIES: &[(&str, &str)] = &[
        ("ラジオ体操", "らじおたいそう"),
        ("体操", "たいそう"),
        ("いきいき体操", "いきいきたいそう"),
        ("囲碁", "いご"),
        ("将棋", "しょうぎ"),
        ("カフェ", "かふぇ"),
        ("子育てサロン", "こそだてさろん"),
        ("認知症予防", "にんちしょうよぼう"),
        ("ウォーキング", "うぉーきんぐ"),
        ("料理教室", "りょうりきょうしつ"),
        ("ボランティア", "ぼらんてぃあ"),
        ("ヨガ", "よが"),
        ("健康麻雀", "けんこうまーじゃん"),
    ];
    const DISTRICTS: &[&str] = &[
        "中央", "駅前", "北山", "川西", "東原", "南丘", "桜台", "奥谷",
    ];
    const PHRASES: &[&str] = &[
        "初心者歓迎です。",
        "毎週月曜日の午前中に集まっています",
        "お気軽にご参加ください！",
        "ｺｰﾋｰを飲みながら",
        "めでたい話、いそがしい日々、そうだん歓迎",
        "参加費は１００円",
        "ＷＥＢ申込可",
        "体を動かしてリフレッシュ",
        "囲碁・将棋・オセロ",
        "子どもから高齢者まで",
    ];

    fn synthetic_doc(rng: &mut Lcg, id: DocId) -> SearchDoc {
        let (activity, reading) = ACTIVITIES[(rng.next() as usize) % ACTIVITIES.len()];
        let district = rng.pick(DISTRICTS);
        let description = (0..1 + rng.next() % 4)
            .map(|_| rng.pick(PHRASES))
            .collect::<Vec<_>>()
            .join("");
        SearchDoc {
            id,
            name: format!(
                "{district}{activity}{}",
                rng.pick(&["クラブ", "の会", "サークル", ""])
            ),
            reading: reading.to_owned(),
            organisation: format!(
                "{}{}",
                rng.pick(DISTRICTS),
                rng.pick(&["町内会", "社会福祉協議会", "公民館"])
            ),
            district: district.to_owned(),
            categories: rng
                .pick(&["健康 スポーツ", "文化", "子育て 交流", "福祉"])
                .to_owned(),
            description,
        }
    }

    /// A document's fields, normalised, in index order.
    fn normalised_fields(doc: &SearchDoc) -> (DocId, [String; FIELD_COUNT]) {
        let fields = [
            &doc.name,
            &doc.reading,
            &doc.organisation,
            &doc.district,
            &doc.categories,
            &doc.description,
        ];
        (doc.id, fields.map(|f| searchable(f)))
    }

    /// Reference implementation: normalise the query, then scan every
    /// (normalised) document with `contains`.
    fn naive_search(docs: &[(DocId, [String; FIELD_COUNT])], query: &str) -> Vec<Hit> {
        let normalised = normalize(query);
        let mut words: Vec<&str> = normalised.split(' ').filter(|w| !w.is_empty()).collect();
        words.sort_unstable();
        words.dedup();
        if words.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<Hit> = docs
            .iter()
            .filter_map(
                |(id, [name, reading, organisation, district, categories, description])| {
                    let mut total = 0;
                    for word in &words {
                        let mut score = 0;
                        if name.contains(word) || reading.contains(word) {
                            score += 100;
                        }
                        if name.starts_with(word) {
                            score += 50;
                        }
                        for (field, weight) in [
                            (organisation, 30),
                            (categories, 30),
                            (district, 20),
                            (description, 10),
                        ] {
                            if field.contains(word) {
                                score += weight;
                            }
                        }
                        if score == 0 {
                            return None;
                        }
                        total += score;
                    }
                    Some(Hit {
                        id: *id,
                        score: total,
                    })
                },
            )
            .collect();
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.id.cmp(&b.id)));
        hits
    }

    #[test]
    fn matches_naive_substring_scan_on_20000_docs() {
        let mut rng = Lcg(42);
        let mut docs: Vec<SearchDoc> = (0..20_000).map(|id| synthetic_doc(&mut rng, id)).collect();
        let mut index = SearchIndex::new();
        for doc in &docs {
            index.upsert(doc);
        }
        // As after a bulk load: the text columns are recoded, the most
        // frequent characters first; later documents use the new code.
        index.shrink_to_fit();
        // Churn: remove a third, rewrite a fifth, add some new ones.
        let mut removed = std::collections::HashSet::new();
        for id in 0..20_000 {
            match rng.next() % 15 {
                0..=4 => {
                    index.remove(id);
                    removed.insert(id);
                }
                5..=7 => {
                    let replacement = synthetic_doc(&mut rng, id);
                    index.upsert(&replacement);
                    docs[id as usize] = replacement;
                }
                _ => {}
            }
        }
        docs.retain(|doc| !removed.contains(&doc.id));
        for id in 20_000..21_000 {
            let doc = synthetic_doc(&mut rng, id);
            index.upsert(&doc);
            docs.push(doc);
        }
        assert_eq!(index.len(), docs.len());
        // The churn compacted the index at least once and left tombstones.
        assert!(index.ids.len() < 20_000 && index.dead > 0);
        let normalised: Vec<_> = docs.iter().map(normalised_fields).collect();

        for query in [
            "碁",
            "体操",
            "たいそう",
            "ﾀｲｿｳ",
            "ウォーキ",
            "うおきんぐ",
            "中央ラジオ",
            "らじおたい",
            "桜台子育て",
            "ラジオ体操",
            "中央ラジオ 中央",
            "体操 ラジオ体操",
            "いきいき",
            "きいき 体操",
            "すごーい",
            "子育て",
            "体操 中央",
            "中央 ｺｰﾋｰ",
            "囲碁 将棋",
            "たいそう",
            "めでたい",
            "いそう",
            "web",
            "100",
            "会",
            // one character: at the start of names, inside, doubled, with
            // other words
            "ら",
            "中",
            "操",
            "い",
            "w",
            "1",
            "碁 中央",
            "体 操",
            "ー",
            "存在しない言葉",
            "",
        ] {
            let expected = naive_search(&normalised, query);
            let got = index.search(query);
            assert_eq!(got, expected, "query {query:?}");
        }
        // The queries above must not be trivially empty.
        assert!(!index.search("体操 中央").is_empty());
        assert!(!index.search("碁").is_empty());
    }
}
