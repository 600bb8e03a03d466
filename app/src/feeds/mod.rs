//! Machine-readable feeds of the portal: iCalendar (RFC 5545) for events and
//! Atom 1.0 (RFC 4287) for news-like lists such as new events or community
//! reports.
//!
//! Both writers are pure functions from plain data to a `String`: no I/O and
//! no system clock (callers pass every timestamp in), so they build for the
//! server and for wasm32 alike.

pub mod atom;
pub mod ical;
pub mod json_ld;
pub mod spreadsheet;
