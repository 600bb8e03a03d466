use super::Problem;
use serde::{Deserialize, Serialize};

/// Trimmed text of at most `max` characters without control characters
/// (newlines allowed only where `multiline`). Empty input is `Required`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlainText(String);

impl PlainText {
    pub fn parse(s: &str, max: usize, multiline: bool) -> Result<PlainText, Problem> {
        let t = s.trim();
        if t.is_empty() {
            return Err(Problem::Required);
        }
        if t.chars().count() > max {
            return Err(Problem::TooLong { max });
        }
        if t.chars().any(|c| c.is_control() && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) {
            return Err(Problem::ControlCharacters);
        }
        Ok(PlainText(t.replace("\r\n", "\n")))
    }

    /// `None` for blank input, else as [`PlainText::parse`].
    pub fn parse_optional(s: &str, max: usize, multiline: bool) -> Result<Option<PlainText>, Problem> {
        if s.trim().is_empty() {
            Ok(None)
        } else {
            PlainText::parse(s, max, multiline).map(Some)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// A Japanese phone number: digits with optional hyphens, spaces or
/// parentheses, 10–11 digits (or +81 international form). Full-width digits
/// are accepted and stored half-width.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phone(String);

impl Phone {
    pub fn parse(s: &str) -> Result<Phone, Problem> {
        let t: String = s.trim().chars().map(to_half_width).collect();
        if t.is_empty() {
            return Err(Problem::Required);
        }
        if !t.chars().all(|c| c.is_ascii_digit() || "-() +".contains(c)) {
            return Err(Problem::Phone);
        }
        let digits = t.chars().filter(|c| c.is_ascii_digit()).count();
        let ok = if t.starts_with('+') { (10..=13).contains(&digits) } else { t.starts_with('0') && (10..=11).contains(&digits) };
        if !ok {
            return Err(Problem::Phone);
        }
        Ok(Phone(t))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For `tel:` links: digits and a leading +.
    pub fn tel_uri(&self) -> String {
        let d: String = self.0.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
        format!("tel:{d}")
    }
}

/// An e-mail address (one `@`, a dotted domain, no spaces, ≤ 254 chars).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(s: &str) -> Result<Email, Problem> {
        let t: String = s.trim().chars().map(to_half_width).collect();
        if t.is_empty() {
            return Err(Problem::Required);
        }
        let valid = t.len() <= 254
            && !t.chars().any(|c| c.is_whitespace() || c.is_control())
            && match t.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && !domain.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                }
                None => false,
            };
        if valid {
            Ok(Email(t))
        } else {
            Err(Problem::Email)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An http(s) URL of at most 500 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebUrl(String);

impl WebUrl {
    pub fn parse(s: &str) -> Result<WebUrl, Problem> {
        let t = s.trim();
        if t.is_empty() {
            return Err(Problem::Required);
        }
        let rest = t.strip_prefix("https://").or_else(|| t.strip_prefix("http://"));
        match rest {
            Some(r) if !r.is_empty() && t.len() <= 500 && !t.chars().any(|c| c.is_whitespace() || c.is_control()) => {
                Ok(WebUrl(t.to_string()))
            }
            _ => Err(Problem::Url),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A WGS84 position.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    lat: f64,
    lon: f64,
}

impl GeoPoint {
    pub fn new(lat: f64, lon: f64) -> Result<GeoPoint, Problem> {
        if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
            return Err(Problem::Latitude);
        }
        if !lon.is_finite() || !(-180.0..=180.0).contains(&lon) {
            return Err(Problem::Longitude);
        }
        Ok(GeoPoint { lat, lon })
    }

    /// Parse text coordinates (full-width digits accepted).
    pub fn parse(lat: &str, lon: &str) -> Result<GeoPoint, Problem> {
        let num = |s: &str, p: Problem| -> Result<f64, Problem> {
            let t: String = s.trim().chars().map(to_half_width).collect();
            t.parse::<f64>().map_err(|_| p)
        };
        GeoPoint::new(num(lat, Problem::Latitude)?, num(lon, Problem::Longitude)?)
    }

    pub fn lat(&self) -> f64 {
        self.lat
    }

    pub fn lon(&self) -> f64 {
        self.lon
    }

    /// Great-circle distance in metres.
    pub fn distance_m(&self, other: &GeoPoint) -> f64 {
        let r = 6_371_000.0_f64;
        let (p1, p2) = (self.lat.to_radians(), other.lat.to_radians());
        let dp = (other.lat - self.lat).to_radians();
        let dl = (other.lon - self.lon).to_radians();
        let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * r * a.sqrt().asin()
    }
}

/// Full-width ASCII (０-９, Ａ-Ｚ, ＠, －, ＋, （）…) to half-width; full-width
/// space to ASCII space.
pub fn to_half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        'ー' | '−' | '‐' | '―' => '-',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text() {
        assert_eq!(PlainText::parse("  サロン ", 10, false).unwrap().as_str(), "サロン");
        assert_eq!(PlainText::parse("", 10, false), Err(Problem::Required));
        assert_eq!(PlainText::parse("あいうえおか", 5, false), Err(Problem::TooLong { max: 5 }));
        assert_eq!(PlainText::parse("a\u{7}b", 5, false), Err(Problem::ControlCharacters));
        assert_eq!(PlainText::parse("a\nb", 5, false), Err(Problem::ControlCharacters));
        assert!(PlainText::parse("a\nb", 5, true).is_ok());
        assert_eq!(PlainText::parse_optional("  ", 5, false), Ok(None));
    }

    #[test]
    fn phones() {
        assert_eq!(Phone::parse("0796-00-1234").unwrap().as_str(), "0796-00-1234");
        assert_eq!(Phone::parse("０７９６ー００ー１２３４").unwrap().as_str(), "0796-00-1234");
        assert_eq!(Phone::parse("090-1234-5678").unwrap().tel_uri(), "tel:09012345678");
        assert!(Phone::parse("+81 796 00 1234").is_ok());
        assert_eq!(Phone::parse("1234"), Err(Problem::Phone));
        assert_eq!(Phone::parse("0796-00-12a4"), Err(Problem::Phone));
    }

    #[test]
    fn emails_and_urls() {
        assert!(Email::parse("salon@example.jp").is_ok());
        assert_eq!(Email::parse("salon@example"), Err(Problem::Email));
        assert_eq!(Email::parse("a b@example.jp"), Err(Problem::Email));
        assert!(WebUrl::parse("https://example.jp/").is_ok());
        assert_eq!(WebUrl::parse("javascript:alert(1)"), Err(Problem::Url));
        assert_eq!(WebUrl::parse("https://"), Err(Problem::Url));
    }

    #[test]
    fn coordinates() {
        assert!(GeoPoint::parse("35.3", "134.85").is_ok());
        assert_eq!(GeoPoint::parse("95", "134"), Err(Problem::Latitude));
        assert_eq!(GeoPoint::parse("35", "200"), Err(Problem::Longitude));
        assert_eq!(GeoPoint::parse("north", "134"), Err(Problem::Latitude));
        assert_eq!(GeoPoint::parse("35", "NaN"), Err(Problem::Longitude));
        let a = GeoPoint::new(35.3000, 134.8500).unwrap();
        let b = GeoPoint::new(35.3052, 134.8581).unwrap();
        let d = a.distance_m(&b);
        assert!((900.0..1000.0).contains(&d), "{d}");
    }
}
