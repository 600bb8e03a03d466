//! In-memory inverted index over activity documents.
//!
//! # Tokens
//!
//! Every field is [`normalize`]d and split into words on spaces. A document
//! is indexed under
//!
//! * the **bigram** (pair of adjacent characters) of every word, and
//! * the **unigram** of every character, so that one-character queries such
//!   as `碁` work.
//!
//! Japanese has no spaces between words, so bigrams are the usual compromise
//! between recall (any substring of length ≥ 2 can be found) and index size.
//!
//! # Queries
//!
//! The query is normalised and split into words; every word must match
//! (AND). The posting lists of all the query's bigrams (unigram for a
//! one-character word) are intersected, shortest first, with a galloping
//! search. A candidate is then **verified**: each word must occur as a
//! substring of one of the candidate's normalised fields. Verification removes
//! bigram false positives (`たい` `いそ` `そう` occurring in different places do
//! not make `たいそう`) and computes the score at the same time, so the result
//! is exactly what a substring scan of every document would return.
//!
//! # Storage
//!
//! Documents live in dense internal *slots* (`u32`), which keeps posting lists
//! at four bytes per entry. An upsert always takes a fresh slot at the end, so
//! posting lists stay sorted by construction; the previous slot becomes a
//! tombstone. Posting entries that point at tombstones are skipped at query
//! time and purged by a compaction that runs once a quarter of the slots are
//! dead (amortised O(1) per removal).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::normalize::normalize;

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

/// Field order inside [`Stored`].
const NAME: usize = 0;
const READING: usize = 1;
const ORGANISATION: usize = 2;
const DISTRICT: usize = 3;
const CATEGORIES: usize = 4;
const DESCRIPTION: usize = 5;
const FIELD_COUNT: usize = 6;

/// Internal dense document index.
type Slot = u32;

/// A document's normalised fields, concatenated into one allocation.
#[derive(Debug)]
struct Stored {
    id: DocId,
    text: Box<str>,
    /// `ends[i]` is the byte offset where field `i` ends; it starts where
    /// field `i - 1` ends (or at 0).
    ends: [usize; FIELD_COUNT],
}

impl Stored {
    fn new(doc: &SearchDoc) -> Self {
        let fields = [
            &doc.name,
            &doc.reading,
            &doc.organisation,
            &doc.district,
            &doc.categories,
            &doc.description,
        ];
        let mut text = String::new();
        let mut ends = [0; FIELD_COUNT];
        for (end, field) in ends.iter_mut().zip(fields) {
            text.push_str(&normalize(field));
            *end = text.len();
        }
        Stored {
            id: doc.id,
            text: text.into_boxed_str(),
            ends,
        }
    }

    fn field(&self, i: usize) -> &str {
        let start = match i {
            0 => 0,
            _ => self.ends.get(i - 1).copied().unwrap_or(0),
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.text.get(start..end).unwrap_or("")
    }

    fn fields(&self) -> impl Iterator<Item = &str> {
        (0..FIELD_COUNT).map(move |i| self.field(i))
    }

    /// Score of one (normalised, non-empty, space-free) query word; 0 when
    /// the word occurs in no field.
    fn score_word(&self, word: &Word<'_>) -> u32 {
        let name = self.field(NAME);
        let mut score = 0;
        if word.occurs_in(name) || word.occurs_in(self.field(READING)) {
            score += SCORE_NAME;
        }
        if name.starts_with(word.text) {
            score += SCORE_NAME_PREFIX;
        }
        for (field, weight) in [
            (ORGANISATION, SCORE_ORGANISATION),
            (CATEGORIES, SCORE_CATEGORIES),
            (DISTRICT, SCORE_DISTRICT),
            (DESCRIPTION, SCORE_DESCRIPTION),
        ] {
            if word.occurs_in(self.field(field)) {
                score += weight;
            }
        }
        score
    }
}

/// A normalised query word, with a fast path for single characters.
struct Word<'a> {
    text: &'a str,
    single: Option<char>,
}

impl<'a> Word<'a> {
    fn new(text: &'a str) -> Self {
        let mut chars = text.chars();
        let single = match (chars.next(), chars.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        };
        Word { text, single }
    }

    fn occurs_in(&self, haystack: &str) -> bool {
        match self.single {
            Some(c) => haystack.contains(c),
            None => haystack.contains(self.text),
        }
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

/// Appends the keys a normalised field is indexed under to `keys`.
fn index_keys(text: &str, keys: &mut Vec<u64>) {
    for word in text.split(' ') {
        let mut prev = None;
        for c in word.chars() {
            keys.push(unigram_key(c));
            if let Some(p) = prev {
                keys.push(bigram_key(p, c));
            }
            prev = Some(c);
        }
    }
}

/// Appends the keys that must all be present for `word` (normalised, no
/// spaces) to match: its bigrams, or its unigram when it is one character.
fn query_keys(word: &Word<'_>, keys: &mut Vec<u64>) {
    if let Some(c) = word.single {
        keys.push(unigram_key(c));
        return;
    }
    let mut prev = None;
    for c in word.text.chars() {
        if let Some(p) = prev {
            keys.push(bigram_key(p, c));
        }
        prev = Some(c);
    }
}

/// Keeps the elements of the sorted `candidates` that also occur in the
/// sorted `list`. Gallops through `list`, so intersecting a short list with a
/// long one costs O(short · log long).
fn intersect_in_place(candidates: &mut Vec<Slot>, list: &[Slot]) {
    let mut rest = list;
    candidates.retain(|&c| {
        // Find the first element of `rest` that is >= c.
        let skip = match rest.first() {
            None => return false,
            Some(&first) if first >= c => 0,
            Some(_) => {
                let mut bound = 1;
                while bound < rest.len() && rest[bound] < c {
                    bound *= 2;
                }
                let lo = bound / 2 + 1;
                let hi = rest.len().min(bound + 1);
                lo + rest[lo..hi].partition_point(|&x| x < c)
            }
        };
        rest = &rest[skip..];
        rest.first() == Some(&c)
    });
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
    /// Token key → sorted slots of the documents containing it. May contain
    /// tombstoned slots until the next compaction.
    postings: KeyMap<u64, Vec<Slot>>,
    /// Slot → document; `None` for a tombstone.
    slots: Vec<Option<Stored>>,
    /// Live documents by id.
    by_id: KeyMap<DocId, Slot>,
    /// Number of tombstones in `slots`.
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
        self.tombstone(doc.id);
        self.maybe_compact();

        let stored = Stored::new(doc);
        let mut keys = Vec::with_capacity(stored.text.len());
        for field in stored.fields() {
            index_keys(field, &mut keys);
        }
        keys.sort_unstable();
        keys.dedup();

        let slot = self.next_slot();
        for key in keys {
            // Slots only grow, so pushing keeps every list sorted.
            self.postings.entry(key).or_default().push(slot);
        }
        self.slots.push(Some(stored));
        self.by_id.insert(doc.id, slot);
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
        let normalised = normalize(query);
        let mut texts: Vec<&str> = normalised.split(' ').filter(|w| !w.is_empty()).collect();
        texts.sort_unstable();
        texts.dedup();
        if texts.is_empty() {
            return Vec::new();
        }
        let words: Vec<Word<'_>> = texts.into_iter().map(Word::new).collect();

        let mut keys = Vec::new();
        for word in &words {
            query_keys(word, &mut keys);
        }
        keys.sort_unstable();
        keys.dedup();

        let mut lists = Vec::with_capacity(keys.len());
        for key in &keys {
            match self.postings.get(key) {
                Some(list) => lists.push(list.as_slice()),
                // A token no document has: nothing can match.
                None => return Vec::new(),
            }
        }
        lists.sort_unstable_by_key(|list| list.len());

        let Some((shortest, others)) = lists.split_first() else {
            return Vec::new();
        };
        let mut candidates = shortest.to_vec();
        for list in others {
            intersect_in_place(&mut candidates, list);
            if candidates.is_empty() {
                return Vec::new();
            }
        }

        let mut hits: Vec<Hit> = candidates
            .into_iter()
            .filter_map(|slot| {
                let doc = self.slots.get(slot as usize)?.as_ref()?;
                let mut score = 0u32;
                for word in &words {
                    match doc.score_word(word) {
                        0 => return None,
                        s => score = score.saturating_add(s),
                    }
                }
                Some(Hit { id: doc.id, score })
            })
            .collect();
        hits.sort_unstable_by(|a, b| b.score.cmp(&a.score).then(a.id.cmp(&b.id)));
        hits
    }

    /// Releases spare capacity, e.g. after a bulk load. Also purges
    /// tombstones.
    pub fn shrink_to_fit(&mut self) {
        if self.dead > 0 {
            self.compact();
        }
        for list in self.postings.values_mut() {
            list.shrink_to_fit();
        }
        self.postings.shrink_to_fit();
        self.slots.shrink_to_fit();
        self.by_id.shrink_to_fit();
    }

    /// Rough number of heap bytes the index holds (capacities, not lengths;
    /// hash-table control bytes and allocator overhead approximated).
    pub fn approx_heap_bytes(&self) -> usize {
        use std::mem::size_of;
        let table = |cap: usize, entry: usize| cap * (entry + 1);
        let postings_table = table(self.postings.capacity(), size_of::<(u64, Vec<Slot>)>());
        let postings_lists: usize = self
            .postings
            .values()
            .map(|list| list.capacity() * size_of::<Slot>())
            .sum();
        let slots = self.slots.capacity() * size_of::<Option<Stored>>();
        let texts: usize = self.slots.iter().flatten().map(|doc| doc.text.len()).sum();
        let by_id = table(self.by_id.capacity(), size_of::<(DocId, Slot)>());
        postings_table + postings_lists + slots + texts + by_id
    }

    /// Turns the live version of `id`, if any, into a tombstone.
    fn tombstone(&mut self, id: DocId) {
        if let Some(slot) = self.by_id.remove(&id) {
            if let Some(entry) = self.slots.get_mut(slot as usize) {
                if entry.take().is_some() {
                    self.dead += 1;
                }
            }
        }
    }

    /// The slot the next document gets.
    fn next_slot(&mut self) -> Slot {
        if Slot::try_from(self.slots.len()).is_err() && self.dead > 0 {
            self.compact();
        }
        Slot::try_from(self.slots.len()).expect("SearchIndex holds at most u32::MAX documents")
    }

    fn maybe_compact(&mut self) {
        if self.dead >= COMPACT_MIN_DEAD && self.dead * COMPACT_DENOMINATOR > self.slots.len() {
            self.compact();
        }
    }

    /// Renumbers the live documents densely and drops tombstones from every
    /// posting list. The renumbering is monotonic, so lists stay sorted.
    fn compact(&mut self) {
        const GONE: Slot = Slot::MAX;
        let mut remap = vec![GONE; self.slots.len()];
        let mut live = Vec::with_capacity(self.by_id.len());
        for (old, entry) in std::mem::take(&mut self.slots).into_iter().enumerate() {
            if let Some(doc) = entry {
                // `live.len()` < the old slot count, which fit in a Slot.
                let new = live.len() as Slot;
                remap[old] = new;
                self.by_id.insert(doc.id, new);
                live.push(Some(doc));
            }
        }
        self.slots = live;
        self.postings.retain(|_, list| {
            list.retain_mut(|slot| match remap.get(*slot as usize) {
                Some(&new) if new != GONE => {
                    *slot = new;
                    true
                }
                _ => false,
            });
            if list.capacity() > 2 * list.len() {
                list.shrink_to_fit();
            }
            !list.is_empty()
        });
        self.dead = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
                Hit { id: 3, score: 100 + 50 + 30 + 30 + 20 + 10 },
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
            let name = if id % 2 == 0 { "囲碁クラブ" } else { "将棋クラブ" };
            index.upsert(&doc(id, name, ""));
        }
        // Enough removals and replacements to compact several times.
        for id in (0..2_000).filter(|id| id % 3 == 0) {
            index.remove(id);
        }
        for id in (0..2_000).filter(|id| id % 3 == 1) {
            index.upsert(&doc(id, "体操クラブ", ""));
        }
        assert!(index.dead * COMPACT_DENOMINATOR <= index.slots.len() || index.dead < COMPACT_MIN_DEAD);
        let expect = |pred: fn(&i64) -> bool| (0..2_000).filter(pred).collect::<Vec<i64>>();
        assert_eq!(ids(&index.search("囲碁")), expect(|id| id % 3 == 2 && id % 2 == 0));
        assert_eq!(ids(&index.search("将棋")), expect(|id| id % 3 == 2 && id % 2 == 1));
        assert_eq!(ids(&index.search("体操")), expect(|id| id % 3 == 1));
        assert_eq!(ids(&index.search("クラブ")), expect(|id| id % 3 != 0));
        assert_eq!(index.len(), expect(|id| id % 3 != 0).len());
        index.shrink_to_fit();
        assert_eq!(index.dead, 0);
        assert_eq!(ids(&index.search("体操")), expect(|id| id % 3 == 1));
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
    fn intersection_gallops_correctly() {
        let long: Vec<Slot> = (0..10_000).map(|i| i * 3).collect();
        for short in [vec![], vec![0], vec![1], vec![3, 4, 29_997], vec![29_997, 30_000], (0..100).collect()] {
            let mut got = short.clone();
            intersect_in_place(&mut got, &long);
            let want: Vec<Slot> = short.iter().copied().filter(|x| x % 3 == 0 && *x < 30_000).collect();
            assert_eq!(got, want, "{short:?}");
        }
        let mut empty_list = vec![1, 2, 3];
        intersect_in_place(&mut empty_list, &[]);
        assert!(empty_list.is_empty());
    }

    /// Deterministic pseudo-random generator for the oracle test.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            self.0 >> 33
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[(self.next() as usize) % items.len()]
        }
    }

    const ACTIVITIES: &[(&str, &str)] = &[
        ("ラジオ体操", "らじおたいそう"),
        ("体操", "たいそう"),
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
    const DISTRICTS: &[&str] = &["中央", "駅前", "北山", "川西", "東原", "南丘", "桜台", "奥谷"];
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
        let description = (0..1 + rng.next() % 4).map(|_| rng.pick(PHRASES)).collect::<Vec<_>>().join("");
        SearchDoc {
            id,
            name: format!("{district}{activity}{}", rng.pick(&["クラブ", "の会", "サークル", ""])),
            reading: reading.to_owned(),
            organisation: format!("{}{}", rng.pick(DISTRICTS), rng.pick(&["町内会", "社会福祉協議会", "公民館"])),
            district: district.to_owned(),
            categories: rng.pick(&["健康 スポーツ", "文化", "子育て 交流", "福祉"]).to_owned(),
            description,
        }
    }

    /// A document's fields, normalised, in [`Stored`] order.
    fn normalised_fields(doc: &SearchDoc) -> (DocId, [String; FIELD_COUNT]) {
        let fields = [
            &doc.name,
            &doc.reading,
            &doc.organisation,
            &doc.district,
            &doc.categories,
            &doc.description,
        ];
        (doc.id, fields.map(|f| normalize(f)))
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
            .filter_map(|(id, [name, reading, organisation, district, categories, description])| {
                let mut total = 0;
                for word in &words {
                    let mut score = 0;
                    if name.contains(word) || reading.contains(word) {
                        score += 100;
                    }
                    if name.starts_with(word) {
                        score += 50;
                    }
                    for (field, weight) in
                        [(organisation, 30), (categories, 30), (district, 20), (description, 10)]
                    {
                        if field.contains(word) {
                            score += weight;
                        }
                    }
                    if score == 0 {
                        return None;
                    }
                    total += score;
                }
                Some(Hit { id: *id, score: total })
            })
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
        let normalised: Vec<_> = docs.iter().map(normalised_fields).collect();

        for query in [
            "碁",
            "体操",
            "たいそう",
            "ﾀｲｿｳ",
            "ウォーキ",
            "うおきんぐ",
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
