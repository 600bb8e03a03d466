//! The signed codes of taking part: a session's check-in code (on its
//! poster and the organiser's screen), a member's card (for those without a
//! smartphone: the organiser scans it), and the receipt a device keeps for
//! a check-in made before its owner had an account. Each is its body and a
//! truncated HMAC-SHA-256 under the portal's own key (kept in the database,
//! so every instance of the portal reads the same codes), with the purpose
//! in the MAC so one kind of code never passes for another.
use super::session::SessionRef;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Bytes of the MAC kept (12 characters in the code: 72 bits).
const MAC_BYTES: usize = 9;

#[derive(Clone)]
pub struct Signer {
    key: Vec<u8>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer(…)")
    }
}

impl Signer {
    pub fn new(key: Vec<u8>) -> Signer {
        Signer { key }
    }

    fn mac(&self, purpose: &str, body: &str) -> Hmac<Sha256> {
        let mut m = Hmac::<Sha256>::new_from_slice(&self.key).expect("any key length");
        m.update(purpose.as_bytes());
        m.update(b"\0");
        m.update(body.as_bytes());
        m
    }

    fn sign(&self, purpose: &str, body: &str) -> String {
        let tag = self.mac(purpose, body).finalize().into_bytes();
        format!("{body}.{}", URL_SAFE_NO_PAD.encode(&tag[..MAC_BYTES]))
    }

    /// The body of `code` if its MAC is right (compared in constant time).
    fn open<'a>(&self, purpose: &str, code: &'a str) -> Option<&'a str> {
        let (body, tag) = code.rsplit_once('.')?;
        let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
        if tag.len() != MAC_BYTES {
            return None;
        }
        self.mac(purpose, body).verify_truncated_left(&tag).ok()?;
        Some(body)
    }

    /// A session's check-in code: `a12-20261205.<mac>`.
    pub fn session_code(&self, session: &SessionRef) -> String {
        self.sign("checkin", &session.key())
    }

    pub fn read_session_code(&self, code: &str) -> Option<SessionRef> {
        SessionRef::parse_key(self.open("checkin", code)?)
    }

    /// A member's card: `m<user>-<serial>.<mac>`; a new serial (a lost
    /// card) makes the old card's code fail.
    pub fn card_code(&self, user: i64, serial: i64) -> String {
        self.sign("card", &format!("m{user}-{serial}"))
    }

    pub fn read_card_code(&self, code: &str) -> Option<(i64, i64)> {
        let (user, serial) = self.open("card", code)?.strip_prefix('m')?.split_once('-')?;
        Some((digits(user)?, digits(serial)?))
    }

    /// A device's receipt for a check-in without an account: `r<id>.<mac>`.
    pub fn receipt(&self, checkin: i64) -> String {
        self.sign("receipt", &format!("r{checkin}"))
    }

    pub fn read_receipt(&self, code: &str) -> Option<i64> {
        digits(self.open("receipt", code)?.strip_prefix('r')?)
    }
}

fn digits(s: &str) -> Option<i64> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn codes_read_back_and_nothing_else_passes() {
        let s = Signer::new(b"test key of the portal".to_vec());
        let other = Signer::new(b"another portal".to_vec());
        let session = SessionRef::Activity { id: 12, on: NaiveDate::from_ymd_opt(2026, 12, 5).unwrap() };
        let code = s.session_code(&session);
        assert!(code.starts_with("a12-20261205.") && code.len() == "a12-20261205.".len() + 12, "{code}");
        assert_eq!(s.read_session_code(&code), Some(session));
        // another session's, another portal's, a changed body, a cut or changed MAC
        let next_week = SessionRef::Activity { id: 12, on: NaiveDate::from_ymd_opt(2026, 12, 12).unwrap() };
        assert_ne!(s.session_code(&next_week), code, "the code changes with every session");
        assert_eq!(other.read_session_code(&code), None);
        assert_eq!(s.read_session_code(&code.replace("a12-", "a13-")), None);
        assert_eq!(s.read_session_code(&code[..code.len() - 1]), None);
        let mut flipped = code.clone().into_bytes();
        let last = flipped.len() - 1;
        flipped[last] = if flipped[last] == b'A' { b'B' } else { b'A' };
        assert_eq!(s.read_session_code(std::str::from_utf8(&flipped).unwrap()), None);
        for junk in ["", ".", "a12-20261205", "a12-20261205.", "é.é"] {
            assert_eq!(s.read_session_code(junk), None);
        }
        // a card and a receipt are not check-in codes, nor each other
        let card = s.card_code(7, 2);
        assert_eq!(s.read_card_code(&card), Some((7, 2)));
        assert_eq!(s.read_session_code(&card), None);
        let receipt = s.receipt(55);
        assert_eq!(s.read_receipt(&receipt), Some(55));
        assert_eq!(s.read_card_code(&receipt), None);
        assert_eq!(s.read_receipt(&card), None);
        assert_eq!(s.read_receipt(&s.sign("receipt", "r+5")), None);
    }
}
