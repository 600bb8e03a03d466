//! What the map draws: compact points, or — when a box holds more than a
//! phone should draw — grid clusters made on the server, each with its count
//! and the box to zoom into. Points plus cluster counts always add up to the
//! number of matching listings in the box.
use super::bbox::BBox;
use serde::{Deserialize, Serialize};

/// Above this many points in a box, the server clusters.
pub const MAX_POINTS: usize = 1000;
/// Cells per side of the clustering grid.
pub const GRID: usize = 24;

/// One listing on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MapPoint {
    pub id: i64,
    pub lat: f64,
    pub lon: f64,
    pub name: String,
    /// First category slug (the marker's icon and label).
    pub category: String,
    /// Next date, ISO (Asia/Tokyo).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_date: Option<String>,
    /// A resource (shop, clinic, temple…; `category` is its kind), not an activity.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub resource: bool,
}

impl MapPoint {
    /// Its page.
    pub fn href(&self) -> String {
        if self.resource {
            format!("/resources/{}", self.id)
        } else {
            format!("/activities/{}", self.id)
        }
    }
}

/// Several listings close together, drawn as one marker with a count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MapCluster {
    /// Mean position of its listings.
    pub lat: f64,
    pub lon: f64,
    pub count: u32,
    /// The box around its listings (`west,south,east,north`), to zoom to.
    pub bbox: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MapPoints {
    /// Matching listings in the box (activities and resources).
    pub total: usize,
    /// Of which resources.
    #[serde(default)]
    pub resources: usize,
    /// Matching activities with no place (online…), not on the map.
    #[serde(default)]
    pub unplaced: usize,
    pub points: Vec<MapPoint>,
    pub clusters: Vec<MapCluster>,
}

/// Points as they are when few enough; else one cluster per occupied grid
/// cell (a cell holding a single listing keeps it as a point).
pub fn cluster(points: Vec<MapPoint>, bbox: &BBox) -> MapPoints {
    cluster_by(points, |p| (p.lat, p.lon), |p| p, bbox)
}

/// [`cluster`] over any items with a position: only the items that end up
/// as single points are turned into [`MapPoint`]s (with a city-wide box of
/// 100,000 listings that is a few hundred, not 100,000 allocations).
pub fn cluster_by<T>(items: Vec<T>, pos: impl Fn(&T) -> (f64, f64), point: impl Fn(T) -> MapPoint, bbox: &BBox) -> MapPoints {
    let total = items.len();
    if total <= MAX_POINTS {
        let mut points: Vec<MapPoint> = items.into_iter().map(point).collect();
        points.sort_by_key(|p| (p.resource, p.id));
        return MapPoints { total, resources: 0, unplaced: 0, points, clusters: Vec::new() };
    }
    let (h, w) = ((bbox.north() - bbox.south()).max(1e-9), (bbox.east() - bbox.west()).max(1e-9));
    #[derive(Clone)]
    struct Cell {
        n: u32,
        lat: f64,
        lon: f64,
        south: f64,
        west: f64,
        north: f64,
        east: f64,
        /// The first item, kept in case it stays alone.
        first: Option<usize>,
    }
    let empty = Cell { n: 0, lat: 0.0, lon: 0.0, south: f64::MAX, west: f64::MAX, north: f64::MIN, east: f64::MIN, first: None };
    let mut cells = vec![empty; GRID * GRID];
    for (i, item) in items.iter().enumerate() {
        let (lat, lon) = pos(item);
        let row = (((lat - bbox.south()) / h * GRID as f64) as usize).min(GRID - 1);
        let col = (((lon - bbox.west()) / w * GRID as f64) as usize).min(GRID - 1);
        let c = &mut cells[row * GRID + col];
        c.n += 1;
        c.lat += lat;
        c.lon += lon;
        c.south = c.south.min(lat);
        c.north = c.north.max(lat);
        c.west = c.west.min(lon);
        c.east = c.east.max(lon);
        c.first.get_or_insert(i);
    }
    let alone: Vec<usize> = cells.iter().filter(|c| c.n == 1).filter_map(|c| c.first).collect();
    let mut out = MapPoints { total, resources: 0, unplaced: 0, points: Vec::with_capacity(alone.len()), clusters: Vec::new() };
    for c in cells.iter().filter(|c| c.n > 1) {
        let n = c.n as f64;
        out.clusters.push(MapCluster {
            lat: c.lat / n,
            lon: c.lon / n,
            count: c.n,
            bbox: format!("{:.6},{:.6},{:.6},{:.6}", c.west, c.south, c.east, c.north),
        });
    }
    if !alone.is_empty() {
        let mut keep = vec![false; total];
        for i in alone {
            keep[i] = true;
        }
        out.points = items.into_iter().enumerate().filter(|(i, _)| keep[*i]).map(|(_, t)| point(t)).collect();
        out.points.sort_by_key(|p| (p.resource, p.id));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(id: i64, lat: f64, lon: f64) -> MapPoint {
        MapPoint { id, lat, lon, name: format!("活動{id}"), category: "salon".into(), next_date: None, resource: false }
    }

    #[test]
    fn few_points_stay_points() {
        let b = BBox::new(134.0, 35.0, 135.0, 36.0).unwrap();
        let m = cluster(vec![p(1, 35.5, 134.5), p(2, 35.6, 134.6)], &b);
        assert_eq!((m.total, m.points.len(), m.clusters.len()), (2, 2, 0));
    }

    #[test]
    fn many_points_cluster_and_the_counts_add_up() {
        let b = BBox::new(134.0, 35.0, 135.0, 36.0).unwrap();
        let mut pts: Vec<MapPoint> = (0..3000).map(|i| p(i, 35.0 + (i % 100) as f64 / 100.0, 134.0 + (i / 30) as f64 / 300.0)).collect();
        pts.push(p(9999, 35.999, 134.999)); // alone in the north-east cell
        let m = cluster(pts, &b);
        assert_eq!(m.total, 3001);
        let counted: usize = m.points.len() + m.clusters.iter().map(|c| c.count as usize).sum::<usize>();
        assert_eq!(counted, 3001);
        assert!(m.clusters.len() <= GRID * GRID);
        assert!(m.points.iter().any(|p| p.id == 9999));
        for c in &m.clusters {
            let inner = BBox::parse(&c.bbox).unwrap();
            assert!(inner.contains(c.lat, c.lon), "the centre lies in the cluster's box");
        }
    }
}
