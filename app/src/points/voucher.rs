//! A redemption's voucher: the code a shop checks (eight characters of
//! Crockford's base-32, shown as `ABCD-EFGH`; 40 random bits, and the
//! check is rate-limited per address) and where a redemption stands.
//! Pure: parsing forgives what people mistype (lower case, spaces, O for
//! 0, I or L for 1); making one needs the server's randomness.
use serde::{Deserialize, Serialize};
use std::fmt;

/// Crockford's alphabet: no I, L, O or U.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const LEN: usize = 8;

/// A voucher code, always eight valid characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VoucherCode(String);

impl VoucherCode {
    /// Reads a code as typed or read off a screen: `abcd efgh`,
    /// `ABCD-EFGH`, a whole `…/points/code/ABCD-EFGH` address.
    pub fn parse(s: &str) -> Option<VoucherCode> {
        let s = s.trim();
        let s = s.rsplit('/').next().unwrap_or(s);
        let mut out = String::with_capacity(LEN);
        for c in s.chars() {
            let c = match c.to_ascii_uppercase() {
                '-' | ' ' | '\u{3000}' | 'ー' | '－' => continue,
                'O' => '0',
                'I' | 'L' => '1',
                c if c.is_ascii() && ALPHABET.contains(&(c as u8)) => c,
                _ => return None,
            };
            if out.len() == LEN {
                return None;
            }
            out.push(c);
        }
        (out.len() == LEN).then_some(VoucherCode(out))
    }

    /// A code from random bytes (the server's randomness).
    pub fn from_random(bytes: [u8; 5]) -> VoucherCode {
        let mut bits = bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let mut out = [0u8; LEN];
        for slot in out.iter_mut().rev() {
            *slot = ALPHABET[(bits & 31) as usize];
            bits >>= 5;
        }
        VoucherCode(String::from_utf8_lossy(&out).into_owned())
    }

    /// As stored: eight characters, no separator.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// As shown: `ABCD-EFGH`.
impl fmt::Display for VoucherCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", &self.0[..4], &self.0[4..])
    }
}

/// Where a redemption stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RedemptionStatus {
    /// Taken: the points are spent, the reward waits at the shop.
    Issued,
    /// The shop handed the reward over.
    HandedOver,
    /// Cancelled before it was handed over: the points came back.
    Cancelled,
}

/// What may happen to a redemption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    HandOver,
    Cancel,
}

impl RedemptionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RedemptionStatus::Issued => "issued",
            RedemptionStatus::HandedOver => "handed_over",
            RedemptionStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<RedemptionStatus> {
        [RedemptionStatus::Issued, RedemptionStatus::HandedOver, RedemptionStatus::Cancelled].into_iter().find(|r| r.as_str() == s)
    }

    /// The status after `step`, if it may be taken: only a voucher not yet
    /// used can be handed over or cancelled, and only once.
    pub fn after(self, step: Step) -> Option<RedemptionStatus> {
        match (self, step) {
            (RedemptionStatus::Issued, Step::HandOver) => Some(RedemptionStatus::HandedOver),
            (RedemptionStatus::Issued, Step::Cancel) => Some(RedemptionStatus::Cancelled),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes_read_as_people_type_them() {
        let code = VoucherCode::parse("ABCD-EFGH").unwrap();
        assert_eq!(code.as_str(), "ABCDEFGH");
        assert_eq!(code.to_string(), "ABCD-EFGH");
        for typed in ["abcd efgh", " ABCDEFGH ", "abcd－efgh", "https://portal.example/points/code/ABCD-EFGH"] {
            assert_eq!(VoucherCode::parse(typed), Some(code.clone()), "{typed}");
        }
        // letters that look like digits are the digits
        assert_eq!(VoucherCode::parse("O1L2-I3AB").unwrap().as_str(), "011213AB");
    }

    #[test]
    fn codes_that_are_not_ours_are_refused() {
        for bad in ["", "ABCD-EFG", "ABCD-EFGHJ", "ABCD-EFGU", "ABCD_EFGH", "あいうえおかきく", "ABCD-EFG!"] {
            assert_eq!(VoucherCode::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_voucher_is_used_or_cancelled_once() {
        use RedemptionStatus::*;
        assert_eq!(Issued.after(Step::HandOver), Some(HandedOver));
        assert_eq!(Issued.after(Step::Cancel), Some(Cancelled));
        for done in [HandedOver, Cancelled] {
            assert_eq!(done.after(Step::HandOver), None);
            assert_eq!(done.after(Step::Cancel), None);
        }
        for s in [Issued, HandedOver, Cancelled] {
            assert_eq!(RedemptionStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(RedemptionStatus::parse("used"), None);
    }

    proptest! {
        #[test]
        fn every_random_code_reads_back(bytes in any::<[u8; 5]>()) {
            let code = VoucherCode::from_random(bytes);
            prop_assert_eq!(code.as_str().len(), 8);
            prop_assert_eq!(VoucherCode::parse(&code.to_string()), Some(code.clone()));
            prop_assert_eq!(VoucherCode::parse(&code.as_str().to_lowercase()), Some(code));
        }

        #[test]
        fn different_bytes_make_different_codes(a in any::<[u8; 5]>(), b in any::<[u8; 5]>()) {
            prop_assume!(a != b);
            prop_assert_ne!(VoucherCode::from_random(a), VoucherCode::from_random(b));
        }
    }
}
