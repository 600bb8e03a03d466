//! What the event pages show: one event in a list, a page of them, and the
//! detail page's full record.
use super::agenda::MonthGrid;
use super::model::{ApplyMethod, EventKind, EventStatus};
use crate::activities::model::Target;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventSummary {
    pub id: i64,
    pub title: String,
    pub kind: EventKind,
    /// Tokyo wall-clock times; `ends` is exclusive (all-day: next midnight).
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
    pub all_day: bool,
    pub place: String,
    pub district_ja: String,
    pub district_en: String,
    pub online: bool,
    pub fee_yen: u32,
    /// As residents should see it: full once sign-ups reach capacity.
    pub status: EventStatus,
    /// Places left, when there is a capacity.
    pub remaining: Option<u32>,
    pub apply_method: ApplyMethod,
    /// (ja, en) labels.
    pub categories: Vec<(String, String)>,
    /// Generated from this activity's schedule.
    pub activity_id: Option<i64>,
}

impl EventSummary {
    /// The days it covers (an all-day event's exclusive end is not one).
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> {
        let first = self.starts.date();
        let last = if self.ends.time() == chrono::NaiveTime::MIN && self.ends.date() > first {
            self.ends.date().pred_opt().unwrap_or(first)
        } else {
            self.ends.date()
        };
        first.iter_days().take_while(move |d| *d <= last)
    }
}

/// The status residents see, from what is stored.
pub fn effective_status(stored: EventStatus, capacity: Option<u32>, booked: u32) -> EventStatus {
    match stored {
        EventStatus::Cancelled => EventStatus::Cancelled,
        EventStatus::Full => EventStatus::Full,
        EventStatus::Scheduled if capacity.is_some_and(|c| booked >= c) => EventStatus::Full,
        EventStatus::Scheduled => EventStatus::Scheduled,
    }
}

/// One agenda or calendar page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventsPage {
    /// Today in Tokyo (decided on the server).
    pub today: NaiveDate,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub items: Vec<EventSummary>,
    /// The calendar view's month with the number of events on each day.
    pub grid: Option<MonthGrid>,
    pub day_counts: Vec<(NaiveDate, u32)>,
}

/// Everything the detail page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventDetail {
    pub summary: EventSummary,
    pub description: String,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub online_url: Option<String>,
    pub organisation: Option<String>,
    pub fee_note: Option<String>,
    pub capacity: Option<u32>,
    pub booked: u32,
    pub targets: Vec<Target>,
    pub target_note: Option<String>,
    pub bring: Option<String>,
    pub apply_contact: Option<String>,
    pub apply_deadline: Option<NaiveDateTime>,
    /// The in-portal sign-up form is open now.
    pub signup_open: bool,
    pub cancel_reason: Option<String>,
    pub photos: Vec<String>,
    pub share_url: String,
    pub qr_svg: String,
    pub json_ld: String,
    pub google_calendar_url: String,
    /// Small map of the place (set for the detail page).
    pub map: Option<crate::ui::static_map::StaticMap>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_when_capacity_is_reached() {
        assert_eq!(effective_status(EventStatus::Scheduled, Some(5), 5), EventStatus::Full);
        assert_eq!(effective_status(EventStatus::Scheduled, Some(5), 4), EventStatus::Scheduled);
        assert_eq!(effective_status(EventStatus::Scheduled, None, 400), EventStatus::Scheduled);
        assert_eq!(effective_status(EventStatus::Cancelled, Some(5), 5), EventStatus::Cancelled);
    }
}
