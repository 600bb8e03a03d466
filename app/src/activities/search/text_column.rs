//! The normalised field texts the index keeps to verify long words, in a
//! compact code of their own.
//!
//! Normalised Japanese is mostly kana and kanji, three bytes each in UTF-8,
//! but a town's listings use only a few thousand distinct characters. The
//! [`Alphabet`] numbers the characters it has seen (the most frequent first,
//! after [`Alphabet::recode`]) and writes each as one byte (the 192 most
//! frequent), two bytes (the next 16,128) or four, with the length told by
//! the first byte, so a code never starts inside another. A word occurs in a
//! text exactly when its code occurs there at a character boundary.

use std::collections::HashMap;

/// Codes below this are one byte.
const ONE_BYTE: u32 = 0xC0;
/// First bytes `0xC0..=0xFE` open a two-byte code.
const TWO_BYTE: u32 = ONE_BYTE + (0xFF - 0xC0) * 256;
/// First byte `0xFF` opens a four-byte code.
const FOUR_BYTE_LEAD: u8 = 0xFF;

/// Characters ↔ codes.
#[derive(Default)]
pub(super) struct Alphabet {
    /// Code + 1 of each character of the Basic Multilingual Plane (0: none
    /// yet); allocated on first use.
    bmp: Vec<u32>,
    /// Codes of the characters beyond it.
    astral: HashMap<char, u32>,
    /// Character of each code.
    chars: Vec<char>,
}

impl std::fmt::Debug for Alphabet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Alphabet").field("chars", &self.chars.len()).finish()
    }
}

impl Alphabet {
    /// The code of `c`, if it has one.
    fn code(&self, c: char) -> Option<u32> {
        let n = u32::from(c);
        if n < 0x1_0000 {
            self.bmp.get(n as usize).and_then(|&code| code.checked_sub(1))
        } else {
            self.astral.get(&c).copied()
        }
    }

    /// The code of `c`, given one if it has none yet.
    fn code_or_new(&mut self, c: char) -> u32 {
        if let Some(code) = self.code(c) {
            return code;
        }
        let code = u32::try_from(self.chars.len()).expect("fewer characters than u32::MAX");
        self.chars.push(c);
        self.set(c, code);
        code
    }

    fn set(&mut self, c: char, code: u32) {
        let n = u32::from(c);
        if n < 0x1_0000 {
            if self.bmp.is_empty() {
                self.bmp = vec![0; 0x1_0000];
            }
            self.bmp[n as usize] = code + 1;
        } else {
            self.astral.insert(c, code);
        }
    }

    /// Appends the code of `text` to `out`, numbering new characters.
    fn encode_into(&mut self, text: &str, out: &mut Vec<u8>) {
        for c in text.chars() {
            let code = self.code_or_new(c);
            write_code(code, out);
        }
    }

    /// The code of `text`, or `None` when it holds a character no indexed
    /// text has (so it occurs nowhere).
    pub(super) fn pattern(&self, text: &str) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(text.len());
        for c in text.chars() {
            write_code(self.code(c)?, &mut out);
        }
        Some(out)
    }

    /// Renumbers the characters, most frequent in `columns` first, and
    /// rewrites the columns in the new code.
    pub(super) fn recode(&mut self, columns: &mut [Column]) {
        let mut counts = vec![0u64; self.chars.len()];
        for column in columns.iter() {
            for code in Codes(&column.text) {
                if let Some(count) = counts.get_mut(code as usize) {
                    *count += 1;
                }
            }
        }
        let mut order: Vec<u32> = (0..self.chars.len() as u32).collect();
        order.sort_by_key(|&code| (std::cmp::Reverse(counts[code as usize]), code));
        let mut new_code = vec![0u32; self.chars.len()];
        for (new, &old) in (0u32..).zip(&order) {
            new_code[old as usize] = new;
        }
        let chars: Vec<char> = order.iter().map(|&old| self.chars[old as usize]).collect();
        for (code, &c) in (0u32..).zip(&chars) {
            self.set(c, code);
        }
        self.chars = chars;
        for column in columns.iter_mut() {
            let mut text = Vec::with_capacity(column.text.len());
            let mut ends = Vec::with_capacity(column.ends.len());
            for slot in 0..column.ends.len() {
                for code in Codes(column.get(slot)) {
                    if let Some(&code) = new_code.get(code as usize) {
                        write_code(code, &mut text);
                    }
                }
                ends.push(text.len() as u32);
            }
            text.shrink_to_fit();
            column.text = text;
            column.ends = ends;
        }
    }

    /// Heap bytes held.
    pub(super) fn heap_bytes(&self) -> usize {
        self.bmp.capacity() * 4 + self.astral.capacity() * 9 + self.chars.capacity() * 4
    }
}

fn write_code(code: u32, out: &mut Vec<u8>) {
    if code < ONE_BYTE {
        out.push(code as u8);
    } else if code < TWO_BYTE {
        let rest = code - ONE_BYTE;
        out.push((ONE_BYTE + rest / 256) as u8);
        out.push((rest % 256) as u8);
    } else {
        let rest = code - TWO_BYTE;
        out.push(FOUR_BYTE_LEAD);
        out.extend_from_slice(&rest.to_be_bytes()[1..]);
    }
}

/// Length of the code that starts with `lead`.
fn code_len(lead: u8) -> usize {
    match lead {
        FOUR_BYTE_LEAD => 4,
        lead if u32::from(lead) >= ONE_BYTE => 2,
        _ => 1,
    }
}

/// The codes of an encoded text.
struct Codes<'a>(&'a [u8]);

impl Iterator for Codes<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let lead = *self.0.first()?;
        let len = code_len(lead).min(self.0.len());
        let (code, rest) = self.0.split_at(len);
        self.0 = rest;
        Some(match code {
            [one] => u32::from(*one),
            [lead, low] => ONE_BYTE + (u32::from(*lead) - ONE_BYTE) * 256 + u32::from(*low),
            [_, a, b, c] => TWO_BYTE + u32::from_be_bytes([0, *a, *b, *c]),
            // cut short: cannot happen in a text this module wrote
            _ => u32::MAX,
        })
    }
}

/// Whether `pattern` occurs in `text` starting at a character boundary
/// (both encoded by the same alphabet).
pub(super) fn contains(text: &[u8], pattern: &[u8]) -> bool {
    let Some(&lead) = pattern.first() else {
        return true;
    };
    let mut at = 0;
    while at + pattern.len() <= text.len() {
        if text[at] == lead && text[at..].starts_with(pattern) {
            return true;
        }
        at += code_len(text[at]);
    }
    false
}

/// One field of every slot, back to back in slot order (a column store).
/// Verifying a word against, say, readings then only touches the compact
/// reading column, which stays cache-friendly.
#[derive(Debug, Default)]
pub(super) struct Column {
    text: Vec<u8>,
    /// `ends[slot]` is where the slot's value ends; it starts where the
    /// previous slot's ends.
    ends: Vec<u32>,
}

impl Column {
    /// Appends the next slot's value.
    pub(super) fn push(&mut self, value: &str, alphabet: &mut Alphabet) {
        alphabet.encode_into(value, &mut self.text);
        let end = u32::try_from(self.text.len()).expect("a text column under 4 GiB");
        self.ends.push(end);
    }

    /// The encoded value of `slot` (empty past the end).
    pub(super) fn get(&self, slot: usize) -> &[u8] {
        let Some(&end) = self.ends.get(slot) else {
            return &[];
        };
        let start = match slot.checked_sub(1) {
            Some(previous) => self.ends.get(previous).copied().unwrap_or(0),
            None => 0,
        };
        self.text.get(start as usize..end as usize).unwrap_or(&[])
    }

    /// A copy holding only the slots `keep` selects, renumbered densely.
    pub(super) fn compacted(&self, keep: impl Iterator<Item = usize>) -> Column {
        let mut column = Column {
            text: Vec::with_capacity(self.text.len()),
            ends: Vec::with_capacity(self.ends.len()),
        };
        for slot in keep {
            column.text.extend_from_slice(self.get(slot));
            column.ends.push(column.text.len() as u32);
        }
        column
    }

    pub(super) fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * std::mem::size_of::<u32>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(alphabet: &Alphabet, text: &[u8]) -> String {
        Codes(text).map(|code| alphabet.chars[code as usize]).collect()
    }

    #[test]
    fn codes_of_every_length_round_trip() {
        for code in [0, 1, ONE_BYTE - 1, ONE_BYTE, ONE_BYTE + 255, ONE_BYTE + 256, TWO_BYTE - 1, TWO_BYTE, TWO_BYTE + 70_000, 1_200_000] {
            let mut bytes = Vec::new();
            write_code(code, &mut bytes);
            assert_eq!(bytes.len(), code_len(bytes[0]), "{code}");
            assert_eq!(Codes(&bytes).collect::<Vec<_>>(), vec![code]);
        }
    }

    #[test]
    fn texts_round_trip_and_frequent_characters_take_one_byte() {
        let mut alphabet = Alphabet::default();
        let mut columns = [Column::default(), Column::default()];
        // more distinct characters than one byte can number, the rare first
        let rare: String = (0..300u32).filter_map(|i| char::from_u32(0x4E00 + i)).collect();
        let texts = [rare.as_str(), "たいそう", "らじおたいそう🎵", "", "たいそうたいそう"];
        for (i, text) in texts.iter().enumerate() {
            columns[i % 2].push(text, &mut alphabet);
        }
        let before = columns[0].heap_bytes() + columns[1].heap_bytes();
        alphabet.recode(&mut columns);
        for (i, text) in texts.iter().enumerate() {
            assert_eq!(decode(&alphabet, columns[i % 2].get(i / 2)), *text);
        }
        // た, い, そ, う are the most frequent: one byte each now
        assert_eq!(alphabet.pattern("たいそう").map(|p| p.len()), Some(4));
        assert!(columns[0].heap_bytes() + columns[1].heap_bytes() < before);
    }

    #[test]
    fn contains_matches_whole_characters_only() {
        let mut alphabet = Alphabet::default();
        let mut column = Column::default();
        // enough characters that later ones take two bytes, whose second
        // byte can equal a one-byte code
        let many: String = (0..400u32).filter_map(|i| char::from_u32(0x3041 + i)).collect();
        column.push(&many, &mut alphabet);
        let text = column.get(0);
        for (i, c) in many.chars().enumerate() {
            let p = alphabet.pattern(&c.to_string()).unwrap();
            assert!(contains(text, &p), "{c}");
            if i >= 2 {
                let word: String = many.chars().skip(i - 2).take(3).collect();
                assert!(contains(text, &alphabet.pattern(&word).unwrap()), "{word}");
            }
        }
        // a one-byte code equal to the low byte of a two-byte one does not
        // match inside it
        let (one, two) = (alphabet.chars[5], alphabet.chars[ONE_BYTE as usize + 5]);
        let mut only_two = Column::default();
        only_two.push(&two.to_string(), &mut alphabet);
        assert_eq!(only_two.get(0), &[0xC0, 5]);
        assert!(!contains(only_two.get(0), &alphabet.pattern(&one.to_string()).unwrap()));
        assert_eq!(alphabet.pattern("𠀋"), None);
        assert!(contains(b"", &[]));
    }
}
