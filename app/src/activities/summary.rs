//! What the list page shows of each activity, and one page of results.
use super::model::ActivityStatus;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivitySummary {
    pub id: i64,
    pub name: String,
    pub kana: String,
    pub district_ja: String,
    pub district_en: String,
    pub location_name: String,
    /// (ja, en) labels.
    pub categories: Vec<(String, String)>,
    /// Schedule descriptions (ja, en).
    pub schedule_ja: Vec<String>,
    pub schedule_en: Vec<String>,
    /// Next date, ISO (Asia/Tokyo), if any.
    pub next_date: Option<String>,
    pub cost_yen: u32,
    pub beginners_welcome: bool,
    pub drop_in: bool,
    pub barrier_free: bool,
    pub online: bool,
    pub status: ActivityStatus,
    /// ISO date of the last check.
    pub last_verified: Option<String>,
    /// Distance from the given position, metres.
    pub distance_m: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityPage {
    pub total: usize,
    pub items: Vec<ActivitySummary>,
    /// Whether more results follow.
    pub more: bool,
}
