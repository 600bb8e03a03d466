//! Several strings in one allocation: what a catalogue entry keeps of its
//! texts (a box per string costs a pointer, a length and the allocator's
//! own overhead each, times every listing).

/// Strings back to back, each after its length as a LEB128 varint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct PackedStrs(Box<[u8]>);

impl PackedStrs {
    pub(super) fn new<'a>(parts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut bytes = Vec::new();
        for part in parts {
            let mut len = part.len();
            while len >= 0x80 {
                bytes.push((len as u8 & 0x7f) | 0x80);
                len >>= 7;
            }
            bytes.push(len as u8);
            bytes.extend_from_slice(part.as_bytes());
        }
        PackedStrs(bytes.into_boxed_slice())
    }

    /// The strings, in the order given.
    pub(super) fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        let mut rest: &[u8] = &self.0;
        std::iter::from_fn(move || {
            let mut len = 0usize;
            let mut shift = 0;
            loop {
                let (&byte, tail) = rest.split_first()?;
                rest = tail;
                len |= usize::from(byte & 0x7f).checked_shl(shift)?;
                shift += 7;
                if byte & 0x80 == 0 {
                    break;
                }
            }
            let (text, tail) = rest.split_at_checked(len)?;
            rest = tail;
            // written from &str whole, so always UTF-8
            std::str::from_utf8(text).ok()
        })
    }

    /// The `i`-th string ("" past the end).
    pub(super) fn get(&self, i: usize) -> &str {
        self.iter().nth(i).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_come_back_in_order() {
        let long = "あ".repeat(100);
        let parts = ["ラジオ体操の会", "", "らじおたいそう", long.as_str(), "weekly:TU \"a\nb\""];
        let packed = PackedStrs::new(parts);
        assert_eq!(packed.iter().collect::<Vec<_>>(), parts);
        assert_eq!(packed.get(3), long);
        assert_eq!(packed.get(9), "");
        assert_eq!(packed.0.len(), parts.iter().map(|p| p.len()).sum::<usize>() + 6);
        assert_eq!(PackedStrs::new([]).iter().count(), 0);
    }
}
