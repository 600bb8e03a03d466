//! Posting lists, delta-coded in blocks.
//!
//! A posting is a document slot and the token's field mask in it. A list
//! holds its postings in ascending slot order, [`BLOCK`] to a block:
//!
//! * a block's first posting is its mask byte alone (the slot is kept in the
//!   block table beside the bytes);
//! * every other posting is one LEB128 varint of `(gap - 1) << 1 | same`,
//!   where `gap` is the distance to the previous slot and `same` says the
//!   mask repeats the previous posting's, followed by the mask byte when it
//!   does not.
//!
//! A frequent token (gaps under 64, one field) costs one byte per posting
//! instead of five, and a rare one two or three. Lookups skip whole blocks
//! by their first slots (binary search from where the cursor stands), then
//! decode at most one block.

/// Internal dense document number.
pub(super) type Slot = u32;

/// Postings per block: a seek decodes at most this many.
const BLOCK: usize = 128;

/// The documents containing one token, in slot order, each with the token's
/// field mask there.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Postings {
    bytes: Vec<u8>,
    /// First slot of block 0 (kept inline: most lists have one block).
    first: Slot,
    /// Blocks 1.. : their first slots and where they start in `bytes`.
    blocks: Vec<BlockStart>,
    len: u32,
    last_slot: Slot,
    last_mask: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct BlockStart {
    first: Slot,
    offset: u32,
}

impl Postings {
    /// Number of postings.
    pub(super) fn len(&self) -> usize {
        self.len as usize
    }

    /// Appends a posting. `slot` must be greater than every slot in the list
    /// (the index only ever appends fresh slots).
    pub(super) fn push(&mut self, slot: Slot, mask: u8) {
        // grow by a quarter, not double: a bulk load leaves less slack
        // behind (and copies each byte about four times instead of twice)
        if self.bytes.len() + 8 > self.bytes.capacity() {
            self.bytes.reserve_exact(8 + self.bytes.len() / 4);
        }
        let at = self.len as usize;
        if at.is_multiple_of(BLOCK) {
            if at == 0 {
                self.first = slot;
            } else {
                debug_assert!(slot > self.last_slot, "postings must stay sorted");
                let offset = u32::try_from(self.bytes.len()).expect("a posting list under 4 GiB");
                self.blocks.push(BlockStart {
                    first: slot,
                    offset,
                });
            }
            self.bytes.push(mask);
        } else {
            debug_assert!(slot > self.last_slot, "postings must stay sorted");
            let gap = u64::from(slot - self.last_slot - 1);
            let same = mask == self.last_mask;
            write_varint(&mut self.bytes, gap << 1 | u64::from(same));
            if !same {
                self.bytes.push(mask);
            }
        }
        self.len += 1;
        self.last_slot = slot;
        self.last_mask = mask;
    }

    /// A cursor at the start of the list.
    pub(super) fn cursor(&self) -> Cursor<'_> {
        Cursor {
            list: self,
            next: 0,
            offset: 0,
            slot: 0,
            mask: 0,
            current: None,
        }
    }

    /// Every posting, in slot order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (Slot, u8)> + '_ {
        let mut cursor = self.cursor();
        std::iter::from_fn(move || cursor.advance())
    }

    /// Applies a compaction's slot renumbering (monotonic, so the order
    /// holds); drops entries mapped to `gone` or past the end of `remap`.
    pub(super) fn remap(&mut self, remap: &[Slot], gone: Slot) {
        let mut kept = Postings::default();
        for (slot, mask) in self.iter() {
            match remap.get(slot as usize) {
                Some(&new) if new != gone => kept.push(new, mask),
                _ => {}
            }
        }
        kept.shrink_to_fit();
        *self = kept;
    }

    pub(super) fn shrink_to_fit(&mut self) {
        self.bytes.shrink_to_fit();
        self.blocks.shrink_to_fit();
    }

    /// Heap bytes held (capacities).
    pub(super) fn heap_bytes(&self) -> usize {
        self.bytes.capacity() + self.blocks.capacity() * std::mem::size_of::<BlockStart>()
    }

    fn block_count(&self) -> usize {
        self.len().div_ceil(BLOCK)
    }

    /// First slot and byte offset of block `b` (< [`block_count`]).
    fn block(&self, b: usize) -> BlockStart {
        match b.checked_sub(1) {
            None => BlockStart {
                first: self.first,
                offset: 0,
            },
            Some(i) => self.blocks[i],
        }
    }
}

impl FromIterator<(Slot, u8)> for Postings {
    fn from_iter<I: IntoIterator<Item = (Slot, u8)>>(iter: I) -> Self {
        let mut postings = Postings::default();
        for (slot, mask) in iter {
            postings.push(slot, mask);
        }
        postings
    }
}

/// Reads a list forwards; [`seek`](Cursor::seek) skips whole blocks.
pub(super) struct Cursor<'a> {
    list: &'a Postings,
    /// Index of the next posting to decode.
    next: usize,
    /// Where it starts in the list's bytes.
    offset: usize,
    /// The last decoded posting's slot and mask (what the next one is
    /// coded against).
    slot: Slot,
    mask: u8,
    /// The posting the last `seek` stopped at.
    current: Option<(Slot, u8)>,
}

impl Cursor<'_> {
    /// Decodes the next posting.
    fn advance(&mut self) -> Option<(Slot, u8)> {
        let list = self.list;
        if self.next >= list.len() {
            self.current = None;
            return None;
        }
        let bytes = &list.bytes;
        if self.next.is_multiple_of(BLOCK) {
            let block = list.block(self.next / BLOCK);
            self.offset = block.offset as usize;
            self.slot = block.first;
            self.mask = *bytes.get(self.offset)?;
            self.offset += 1;
        } else {
            let (code, read) = read_varint(bytes.get(self.offset..)?)?;
            self.offset += read;
            let gap = Slot::try_from(code >> 1).ok()?;
            self.slot = self.slot.checked_add(gap)?.checked_add(1)?;
            if code & 1 == 0 {
                self.mask = *bytes.get(self.offset)?;
                self.offset += 1;
            }
        }
        self.next += 1;
        self.current = Some((self.slot, self.mask));
        self.current
    }

    /// The first posting at or after the cursor whose slot is `>= target`
    /// (the cursor stays on it), or `None` when there is none. Targets must
    /// not decrease from one call to the next.
    pub(super) fn seek(&mut self, target: Slot) -> Option<(Slot, u8)> {
        if let Some(current) = self.current.filter(|&(slot, _)| slot >= target) {
            return Some(current);
        }
        // Blocks not yet entered: the last of them that starts at or before
        // the target is where it can first be.
        let list = self.list;
        let unentered = self.next.div_ceil(BLOCK);
        let count = list.block_count();
        if unentered < count && list.block(unentered).first <= target {
            // Gallop, then binary search, over the blocks' first slots.
            let mut step = 1;
            let mut lo = unentered; // known: first <= target
            while lo + step < count && list.block(lo + step).first <= target {
                lo += step;
                step *= 2;
            }
            let mut hi = count.min(lo + step); // first > target, or the end
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if list.block(mid).first <= target {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            self.next = lo * BLOCK;
        }
        loop {
            let (slot, mask) = self.advance()?;
            if slot >= target {
                return Some((slot, mask));
            }
        }
    }
}

fn write_varint(bytes: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        bytes.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    bytes.push(value as u8);
}

/// The value and the number of bytes read; `None` when the bytes end first
/// or run past 64 bits.
fn read_varint(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut value = 0u64;
    for (i, &byte) in bytes.iter().enumerate().take(10) {
        value |= u64::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::Lcg;

    fn random_list(rng: &mut Lcg, len: usize, max_gap: u64) -> Vec<(Slot, u8)> {
        let mut slot = rng.next() % 5;
        let mut list = Vec::with_capacity(len);
        for _ in 0..len {
            let mask = if rng.next() % 4 == 0 {
                (rng.next() % 128) as u8
            } else {
                0b10_0000
            };
            list.push((slot as Slot, mask));
            slot += 1 + rng.next() % max_gap;
        }
        list
    }

    #[test]
    fn varints_round_trip() {
        for value in [
            0,
            1,
            127,
            128,
            300,
            16_383,
            16_384,
            u64::from(u32::MAX) << 1 | 1,
            u64::MAX,
        ] {
            let mut bytes = Vec::new();
            write_varint(&mut bytes, value);
            assert_eq!(read_varint(&bytes), Some((value, bytes.len())), "{value}");
        }
        assert_eq!(read_varint(&[0x80, 0x80]), None);
        assert_eq!(read_varint(&[]), None);
    }

    #[test]
    fn lists_round_trip_across_block_boundaries() {
        let mut rng = Lcg(7);
        for len in [0, 1, 2, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK, 1_000] {
            for max_gap in [1, 3, 200, 100_000] {
                let want = random_list(&mut rng, len, max_gap);
                let postings: Postings = want.iter().copied().collect();
                assert_eq!(postings.len(), len);
                assert_eq!(
                    postings.iter().collect::<Vec<_>>(),
                    want,
                    "len {len} gap {max_gap}"
                );
            }
        }
    }

    #[test]
    fn the_largest_slots_fit() {
        let want = vec![(0, 1), (1, 1), (u32::MAX - 1, 2), (u32::MAX, 2)];
        let postings: Postings = want.iter().copied().collect();
        assert_eq!(postings.iter().collect::<Vec<_>>(), want);
    }

    #[test]
    fn seek_finds_the_first_posting_not_less() {
        let mut rng = Lcg(11);
        for len in [0, 1, BLOCK, 5 * BLOCK + 3] {
            for max_gap in [1, 4, 1_000] {
                let list = random_list(&mut rng, len, max_gap);
                let postings: Postings = list.iter().copied().collect();
                let end = list.last().map_or(10, |&(s, _)| s + 10);
                // Ascending targets of every stride, from every start.
                for stride in [1, 2, 7, 130, 1_000, 50_000] {
                    let mut cursor = postings.cursor();
                    let mut target = 0;
                    while target <= end {
                        let want = list.iter().copied().find(|&(s, _)| s >= target);
                        assert_eq!(
                            cursor.seek(target),
                            want,
                            "len {len} gap {max_gap} stride {stride} target {target}"
                        );
                        // Seeking the same target again stays put.
                        assert_eq!(cursor.seek(target), want);
                        target += stride;
                    }
                }
            }
        }
    }

    #[test]
    fn frequent_tokens_cost_a_byte_a_posting() {
        let mut postings: Postings = (0..10_000).map(|slot| (slot * 3, 0b10_0000)).collect();
        postings.shrink_to_fit();
        // One byte per posting plus the mask byte opening each block.
        assert!(
            postings.heap_bytes() < 10_000 + 10_000 / BLOCK * 10 + 64,
            "{}",
            postings.heap_bytes()
        );
    }

    #[test]
    fn remap_renumbers_and_drops() {
        let postings: Postings = [(0, 1), (2, 2), (3, 3), (5, 4)].into_iter().collect();
        let mut remapped = postings.clone();
        remapped.remap(&[0, 99, 1, 99, 99, 2], 99);
        assert_eq!(
            remapped.iter().collect::<Vec<_>>(),
            vec![(0, 1), (1, 2), (2, 4)]
        );
        let mut gone = postings;
        gone.remap(&[99; 6], 99);
        assert_eq!(gone.len(), 0);
    }
}
