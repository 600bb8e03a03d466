//! The list page's filters. They live in the URL query (shareable, the back
//! button restores them) and travel unchanged to the server function.
use serde::{Deserialize, Serialize};

/// Results per page.
pub const PER_PAGE: usize = 20;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ActivityQuery {
    /// Keywords (Japanese-aware search).
    pub q: String,
    /// Category slug.
    pub category: String,
    /// District slug.
    pub district: String,
    /// Weekday: mon … sun.
    pub day: String,
    /// Time of day: morning, afternoon, evening.
    pub time: String,
    pub free: bool,
    pub beginners: bool,
    pub barrier_free: bool,
    pub this_week: bool,
    /// relevance (default), updated, nearest.
    pub sort: String,
    /// Position for "nearest" (from the browser, never stored).
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// Number of pages shown ("more" adds one), 1-based.
    pub pages: usize,
    /// Other resources on the map: every kind (empty), `none`, or one kind.
    #[serde(default)]
    pub res: String,
}

pub const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
pub const TIMES: [&str; 3] = ["morning", "afternoon", "evening"];
pub const SORTS: [&str; 3] = ["relevance", "updated", "nearest"];

impl ActivityQuery {
    /// From URL query pairs; unknown or malformed values are dropped (a bad
    /// link shows everything rather than an error page).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> ActivityQuery {
        let mut q = ActivityQuery::default();
        let flag = |v: &str| matches!(v, "1" | "true" | "on");
        for (k, v) in pairs {
            let v = v.trim();
            match k {
                "q" => q.q = v.chars().take(100).collect(),
                "category" => q.category = slug(v),
                "district" => q.district = slug(v),
                "day" if DAYS.contains(&v) => q.day = v.into(),
                "time" if TIMES.contains(&v) => q.time = v.into(),
                "free" => q.free = flag(v),
                "beginners" => q.beginners = flag(v),
                "barrier_free" => q.barrier_free = flag(v),
                "this_week" => q.this_week = flag(v),
                "sort" if SORTS.contains(&v) => q.sort = v.into(),
                "lat" => q.lat = v.parse().ok().filter(|x: &f64| (-90.0..=90.0).contains(x)),
                "lon" => q.lon = v.parse().ok().filter(|x: &f64| (-180.0..=180.0).contains(x)),
                "pages" => q.pages = v.parse().unwrap_or(1).clamp(1, 50),
                "res" if v == "none" || crate::resources::model::ResourceKind::parse(v).is_some() => q.res = v.into(),
                // `near=lat,lon` (a district's centre, chosen without the
                // browser's position): the same as lat + lon, nearest first
                "near" => {
                    let p = v.split_once(',').and_then(|(a, b)| crate::validation::GeoPoint::new(a.trim().parse().ok()?, b.trim().parse().ok()?).ok());
                    if let Some(p) = p {
                        q.lat = Some(p.lat());
                        q.lon = Some(p.lon());
                        q.sort = "nearest".into();
                    }
                }
                _ => {}
            }
        }
        q
    }

    /// The URL query as (name, value) pairs, omitting defaults (for links
    /// and for hidden form fields).
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut parts: Vec<(&'static str, String)> = Vec::new();
        for (k, v) in [("q", &self.q), ("category", &self.category), ("district", &self.district), ("day", &self.day), ("time", &self.time)] {
            if !v.is_empty() {
                parts.push((k, v.clone()));
            }
        }
        for (k, on) in [("free", self.free), ("beginners", self.beginners), ("barrier_free", self.barrier_free), ("this_week", self.this_week)] {
            if on {
                parts.push((k, "1".into()));
            }
        }
        if !self.sort.is_empty() && self.sort != "relevance" {
            parts.push(("sort", self.sort.clone()));
        }
        if let (Some(lat), Some(lon)) = (self.lat, self.lon) {
            parts.push(("lat", format!("{lat:.5}")));
            parts.push(("lon", format!("{lon:.5}")));
        }
        if self.pages > 1 {
            parts.push(("pages", self.pages.to_string()));
        }
        if !self.res.is_empty() {
            parts.push(("res", self.res.clone()));
        }
        parts
    }

    /// The URL query string (without `?`), omitting defaults.
    pub fn to_query_string(&self) -> String {
        self.to_pairs().iter().map(|(k, v)| format!("{k}={}", encode(v))).collect::<Vec<_>>().join("&")
    }

    /// Number of pages to show (at least 1).
    pub fn page_count(&self) -> usize {
        self.pages.max(1)
    }

    /// Whether any filter narrows the list.
    pub fn is_filtered(&self) -> bool {
        !self.q.trim().is_empty()
            || !self.category.is_empty()
            || !self.district.is_empty()
            || !self.day.is_empty()
            || !self.time.is_empty()
            || self.free
            || self.beginners
            || self.barrier_free
            || self.this_week
    }
}

fn slug(v: &str) -> String {
    v.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').take(40).collect()
}

/// The (name, value) pairs of a URL query string (`a=1&b=%E3%81%82`).
pub fn parse_query_string(qs: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(qs.trim_start_matches('?').as_bytes()).into_owned().collect()
}

/// Percent-encode for a query value (UTF-8).
pub fn encode(v: &str) -> String {
    let mut out = String::new();
    for b in v.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(*b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_the_url() {
        let q = ActivityQuery {
            q: "ラジオ 体操".into(),
            category: "exercise".into(),
            district: "kitayama".into(),
            day: "wed".into(),
            time: "morning".into(),
            free: true,
            this_week: true,
            sort: "updated".into(),
            pages: 2,
            res: "temple".into(),
            ..Default::default()
        };
        let s = q.to_query_string();
        let pairs: Vec<(String, String)> = s
            .split('&')
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap();
                (k.to_string(), decode(v))
            })
            .collect();
        let back = ActivityQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(back, q);
    }

    #[test]
    fn drops_bad_values() {
        let q = ActivityQuery::from_pairs([("day", "funday"), ("time", "night"), ("sort", "x"), ("pages", "-3"), ("lat", "99"), ("district", "<script>")]);
        assert_eq!(q.day, "");
        assert_eq!(q.time, "");
        assert_eq!(q.sort, "");
        assert_eq!(q.pages, 1);
        assert_eq!(q.lat, None);
        assert_eq!(q.district, "script");
        let q = ActivityQuery::from_pairs([("res", "castle"), ("near", "35.3,999")]);
        assert_eq!((q.res.as_str(), q.lat), ("", None));
    }

    #[test]
    fn near_a_district_sorts_by_distance_from_it() {
        let q = ActivityQuery::from_pairs([("near", "35.3448,134.8402"), ("res", "none")]);
        assert_eq!((q.lat, q.lon, q.sort.as_str(), q.res.as_str()), (Some(35.3448), Some(134.8402), "nearest", "none"));
    }

    fn decode(v: &str) -> String {
        let bytes = v.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' => {
                    out.push(u8::from_str_radix(&v[i + 1..i + 3], 16).unwrap());
                    i += 2;
                }
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8(out).unwrap()
    }
}
