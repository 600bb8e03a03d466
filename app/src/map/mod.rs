//! 地域資源マップ: the map of activities and places. `bbox` and `points` are
//! the data side (the visible area, and the points or server-made clusters
//! in it); the page is still the foundation's placeholder.
pub mod bbox;
pub mod points;
mod page;

pub use page::MapPage;
