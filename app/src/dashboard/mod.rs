//! The city dashboard (issue 19, "double circulation"): what individual
//! support teaches the town, without revealing anyone.
//!
//! Files by what they do: `suppression` (the one small-cell rule) and
//! `circulation` (the exact test it rests on), `breakdown` (a count split by
//! category and district, protected whole, seen from the town or one
//! district), one file per section (`referrals`, `connections`, `outcomes`,
//! `resources`, `population`, `attendance`: pure functions over facts), `report` (the
//! sections for a period, district and scope; the server function),
//! `sheets` (the figures as tables of text: the page's tables and the CSV),
//! `charts` (SVG made on the server), `open_data` (the yearly public
//! summary), `page_views` (the daily count of activity page reads), `seed` (the
//! demo town's self-check answers and page reads) and `db` (the SQL,
//! server only).
pub mod attendance;
pub mod breakdown;
pub mod charts;
pub mod circulation;
pub mod connections;
#[cfg(feature = "ssr")]
pub mod db;
pub mod open_data;
pub mod outcomes;
#[cfg(feature = "ssr")]
pub mod page_views;
pub mod population;
pub mod referrals;
pub mod report;
pub mod resources;
#[cfg(feature = "ssr")]
pub mod seed;
pub mod sheets;
pub mod suppression;
