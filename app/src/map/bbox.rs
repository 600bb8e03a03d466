//! The map's visible area: `west,south,east,north` in degrees (the order
//! Leaflet's `toBBoxString()` writes). Parsed once at the boundary; a value
//! of this type is always a real, non-inverted box.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BBox {
    west: f64,
    south: f64,
    east: f64,
    north: f64,
}

/// Why a box was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BBoxProblem {
    /// Not four comma-separated numbers.
    Format,
    /// A latitude outside −90…90 or a longitude outside −180…180.
    OutOfRange,
    /// South above north, or west east of east.
    Inverted,
}

impl BBoxProblem {
    pub fn message(&self, english: bool) -> &'static str {
        match (self, english) {
            (BBoxProblem::Format, false) => "bbox は「西の経度,南の緯度,東の経度,北の緯度」の4つの数を、半角カンマで区切って指定してください。",
            (BBoxProblem::Format, true) => "bbox must be four numbers separated by commas: west,south,east,north.",
            (BBoxProblem::OutOfRange, false) => "bbox の緯度は -90〜90、経度は -180〜180 の範囲で指定してください。",
            (BBoxProblem::OutOfRange, true) => "bbox latitudes must be within -90…90 and longitudes within -180…180.",
            (BBoxProblem::Inverted, false) => "bbox の南が北より大きいか、西が東より大きくなっています。順番（西,南,東,北）を確かめてください。",
            (BBoxProblem::Inverted, true) => "bbox has south above north or west beyond east; the order is west,south,east,north.",
        }
    }
}

impl BBox {
    pub fn new(west: f64, south: f64, east: f64, north: f64) -> Result<BBox, BBoxProblem> {
        if ![west, south, east, north].iter().all(|v| v.is_finite()) {
            return Err(BBoxProblem::Format);
        }
        if !(-90.0..=90.0).contains(&south) || !(-90.0..=90.0).contains(&north) {
            return Err(BBoxProblem::OutOfRange);
        }
        if !(-180.0..=180.0).contains(&west) || !(-180.0..=180.0).contains(&east) {
            return Err(BBoxProblem::OutOfRange);
        }
        if south > north || west > east {
            return Err(BBoxProblem::Inverted);
        }
        Ok(BBox { west, south, east, north })
    }

    /// From `west,south,east,north`.
    pub fn parse(s: &str) -> Result<BBox, BBoxProblem> {
        let parts: Vec<&str> = s.split(',').map(str::trim).collect();
        if parts.len() != 4 {
            return Err(BBoxProblem::Format);
        }
        let mut v = [0f64; 4];
        for (slot, p) in v.iter_mut().zip(&parts) {
            *slot = p.parse::<f64>().map_err(|_| BBoxProblem::Format)?;
        }
        BBox::new(v[0], v[1], v[2], v[3])
    }

    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        lat >= self.south && lat <= self.north && lon >= self.west && lon <= self.east
    }

    pub fn west(&self) -> f64 {
        self.west
    }
    pub fn south(&self) -> f64 {
        self.south
    }
    pub fn east(&self) -> f64 {
        self.east
    }
    pub fn north(&self) -> f64 {
        self.north
    }

    /// `west,south,east,north`, six decimals (about 10 cm).
    pub fn to_param(&self) -> String {
        format!("{:.6},{:.6},{:.6},{:.6}", self.west, self.south, self.east, self.north)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_box_parses_and_round_trips() {
        let b = BBox::parse("134.70, 35.30,134.90,35.45").unwrap();
        assert!(b.contains(35.4, 134.8));
        assert!(!b.contains(35.5, 134.8));
        assert_eq!(BBox::parse(&b.to_param()).unwrap(), b);
    }

    #[test]
    fn bad_boxes_say_what_is_wrong() {
        assert_eq!(BBox::parse(""), Err(BBoxProblem::Format));
        assert_eq!(BBox::parse("1,2,3"), Err(BBoxProblem::Format));
        assert_eq!(BBox::parse("1,2,3,4,5"), Err(BBoxProblem::Format));
        assert_eq!(BBox::parse("a,2,3,4"), Err(BBoxProblem::Format));
        assert_eq!(BBox::parse("NaN,2,3,4"), Err(BBoxProblem::Format));
        assert_eq!(BBox::parse("inf,2,3,4"), Err(BBoxProblem::Format));
        assert_eq!(BBox::parse("134,91,135,92"), Err(BBoxProblem::OutOfRange));
        assert_eq!(BBox::parse("-181,35,135,36"), Err(BBoxProblem::OutOfRange));
        assert_eq!(BBox::parse("134.9,35.3,134.7,35.45"), Err(BBoxProblem::Inverted), "west beyond east");
        assert_eq!(BBox::parse("134.7,35.45,134.9,35.3"), Err(BBoxProblem::Inverted), "south above north");
        assert!(BBoxProblem::Inverted.message(false).contains("西,南,東,北"));
    }

    #[test]
    fn a_single_point_box_is_allowed() {
        assert!(BBox::parse("134.8,35.4,134.8,35.4").unwrap().contains(35.4, 134.8));
    }
}
