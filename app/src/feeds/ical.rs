//! iCalendar (RFC 5545) writer for event feeds and single-event downloads,
//! plus a Google Calendar "add event" link.
//!
//! Times of day are Tokyo wall-clock times (Asia/Tokyo is a fixed UTC+9
//! with no DST), written as `DTSTART;TZID=Asia/Tokyo:20261124T100000` with
//! one `VTIMEZONE` for `Asia/Tokyo`. Stamps (`DTSTAMP`, `CREATED`,
//! `LAST-MODIFIED`) are UTC with a `Z`.
//!
//! Choices worth knowing:
//! * `ORGANIZER` is never written: its value must be a cal-address (a
//!   `mailto:` URI) and we only have a name. The organiser's name goes into
//!   a footer line of `DESCRIPTION` instead (`主催: name`), and into the
//!   details of the Google Calendar link; the footer is left out when the
//!   description already contains that exact line.
//! * All-day events write `DTEND;VALUE=DATE` as the first day *not* covered:
//!   `ends` at midnight counts as exclusive, any later time of day covers
//!   that day too. At least one day is always covered.
//! * A timed event whose `ends` is not after `starts` gets no `DTEND`
//!   (RFC 5545 requires DTEND to be later than DTSTART); it then lasts no time.
//! * TEXT values: CR LF and lone CR become a line break (`\n`), other
//!   control characters except TAB are dropped.
//! * Lines are folded at 75 octets without splitting a UTF-8 character, and
//!   never so that a physical line ends in a space or tab, because some
//!   readers trim trailing blanks before unfolding.
//! * The `VTIMEZONE` is written when any timed event exists, and also when
//!   the calendar has no events at all, since RFC 5545 wants at least one
//!   component in a `VCALENDAR`.

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

/// The only time zone the portal uses; Tokyo has no DST.
pub const TZID: &str = "Asia/Tokyo";
/// `PRODID` of every calendar this module writes.
pub const PRODID: &str = "-//Tsunagu//Tsunagu community portal//JA";
/// HTTP `Content-Type` for the output of [`write_calendar`].
pub const CONTENT_TYPE: &str = "text/calendar; charset=utf-8";
/// Label of the organiser footer line in `DESCRIPTION` and Google details.
pub const ORGANIZER_LABEL: &str = "主催";

/// Longest physical line in octets, CRLF excluded (RFC 5545 §3.1).
const MAX_LINE_OCTETS: usize = 75;
const GOOGLE_RENDER_URL: &str = "https://calendar.google.com/calendar/render";
/// Longest stem of a download file name, before `.ics`.
const MAX_FILE_STEM: usize = 64;

/// `STATUS` of a `VEVENT`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IcalStatus {
    /// The event takes place.
    Confirmed,
    /// Not settled yet.
    Tentative,
    /// Called off; subscribers' calendars mark or drop it.
    Cancelled,
}

impl IcalStatus {
    /// The RFC 5545 value: `CONFIRMED`, `TENTATIVE` or `CANCELLED`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            IcalStatus::Confirmed => "CONFIRMED",
            IcalStatus::Tentative => "TENTATIVE",
            IcalStatus::Cancelled => "CANCELLED",
        }
    }
}

/// One `VEVENT`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IcalEvent {
    /// Stable, globally unique id, e.g. `event-42@tsunagu.example.jp`.
    pub uid: String,
    /// Revision number; bump it whenever the event changes.
    pub sequence: u32,
    /// When this iCalendar object was made (usually "now" or `last_modified`).
    pub dtstamp: DateTime<Utc>,
    /// When the event was last changed.
    pub last_modified: Option<DateTime<Utc>>,
    /// When the event was first created.
    pub created: Option<DateTime<Utc>>,
    /// Start, Tokyo wall-clock time.
    pub starts: NaiveDateTime,
    /// Exclusive end, Tokyo wall-clock time.
    pub ends: NaiveDateTime,
    /// Whole days: `DTSTART;VALUE=DATE` / `DTEND;VALUE=DATE`, times ignored.
    pub all_day: bool,
    /// Title.
    pub summary: String,
    /// Plain text; empty means no `DESCRIPTION` (unless there is an organiser).
    pub description: String,
    /// Venue as plain text.
    pub location: Option<String>,
    /// Latitude and longitude in degrees (`GEO:lat;lon`); skipped when out of range.
    pub geo: Option<(f64, f64)>,
    /// Page of the event.
    pub url: Option<String>,
    /// `STATUS`.
    pub status: IcalStatus,
    /// `CATEGORIES`; empty entries are skipped.
    pub categories: Vec<String>,
    /// Organiser's name, written as a `DESCRIPTION` footer (see module docs).
    pub organizer: Option<String>,
}

/// A whole `VCALENDAR`: a feed, or a single event for download.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IcalCalendar {
    /// Calendar name (`NAME`, `X-WR-CALNAME`).
    pub name: String,
    /// Calendar description (`DESCRIPTION`, `X-WR-CALDESC`).
    pub description: Option<String>,
    /// The events, written in this order.
    pub events: Vec<IcalEvent>,
}

/// Writes `cal` as an iCalendar object: CRLF line ends, folded lines.
#[must_use]
pub fn write_calendar(cal: &IcalCalendar) -> String {
    let mut w = ContentWriter::default();
    w.raw("BEGIN", "VCALENDAR");
    w.raw("VERSION", "2.0");
    w.raw("PRODID", PRODID);
    w.raw("CALSCALE", "GREGORIAN");
    w.raw("METHOD", "PUBLISH");
    w.text("NAME", &cal.name);
    w.text("X-WR-CALNAME", &cal.name);
    if let Some(desc) = non_empty(cal.description.as_deref()) {
        w.text("DESCRIPTION", desc);
        w.text("X-WR-CALDESC", desc);
    }
    w.raw("X-WR-TIMEZONE", TZID);
    if needs_timezone(cal) {
        write_tokyo_timezone(&mut w);
    }
    for ev in &cal.events {
        write_event(&mut w, ev);
    }
    w.raw("END", "VCALENDAR");
    w.finish()
}

/// Google Calendar "add event" link with the event prefilled
/// (`action=TEMPLATE`, `text`, `dates`, `details`, `location`, `ctz=Asia/Tokyo`).
///
/// Timed events use local times (`20261124T100000/20261124T120000`) read
/// in `ctz`; all-day events use dates (`20261124/20261125`, end exclusive).
/// `details` holds the description, the organiser footer and the event URL
/// (each added only if not already in the text); empty `details` and
/// `location` are left out.
#[must_use]
pub fn google_calendar_url(ev: &IcalEvent) -> String {
    let mut url = format!(
        "{GOOGLE_RENDER_URL}?action=TEMPLATE&text={}&dates={}",
        percent_encode(&ev.summary),
        google_dates(ev)
    );
    let details = google_details(ev);
    if !details.is_empty() {
        url.push_str("&details=");
        url.push_str(&percent_encode(&details));
    }
    if let Some(location) = non_empty(ev.location.as_deref()) {
        url.push_str("&location=");
        url.push_str(&percent_encode(location));
    }
    url.push_str("&ctz=");
    url.push_str(TZID);
    url
}

/// ASCII-only download file name from the local part of the UID:
/// `event-42@tsunagu.example.jp` gives `event-42.ics`. Characters other
/// than ASCII letters, digits, `-` and `_` become `-`; falls back to
/// `event.ics`.
#[must_use]
pub fn download_file_name(ev: &IcalEvent) -> String {
    let local = ev.uid.split('@').next().unwrap_or_default();
    let mut stem = String::new();
    for c in local.chars() {
        let c = if c.is_ascii_alphanumeric() || c == '_' {
            c
        } else {
            '-'
        };
        if c == '-' && (stem.is_empty() || stem.ends_with('-')) {
            continue;
        }
        if stem.len() == MAX_FILE_STEM {
            break;
        }
        stem.push(c);
    }
    let stem = stem.trim_end_matches('-');
    if stem.is_empty() {
        "event.ics".to_owned()
    } else {
        format!("{stem}.ics")
    }
}

// ---------------------------------------------------------------- components

fn needs_timezone(cal: &IcalCalendar) -> bool {
    cal.events.is_empty() || cal.events.iter().any(|ev| !ev.all_day)
}

fn write_tokyo_timezone(w: &mut ContentWriter) {
    w.raw("BEGIN", "VTIMEZONE");
    w.raw("TZID", TZID);
    w.raw("BEGIN", "STANDARD");
    w.raw("DTSTART", "19700101T000000");
    w.raw("TZOFFSETFROM", "+0900");
    w.raw("TZOFFSETTO", "+0900");
    w.raw("TZNAME", "JST");
    w.raw("END", "STANDARD");
    w.raw("END", "VTIMEZONE");
}

fn write_event(w: &mut ContentWriter, ev: &IcalEvent) {
    w.raw("BEGIN", "VEVENT");
    w.text("UID", &ev.uid);
    w.raw("SEQUENCE", &ev.sequence.to_string());
    w.raw("DTSTAMP", &utc_stamp(ev.dtstamp));
    if let Some(created) = ev.created {
        w.raw("CREATED", &utc_stamp(created));
    }
    if let Some(modified) = ev.last_modified {
        w.raw("LAST-MODIFIED", &utc_stamp(modified));
    }
    write_event_times(w, ev);
    w.text("SUMMARY", &ev.summary);
    let description = description_with_organizer(ev);
    if !description.is_empty() {
        w.text("DESCRIPTION", &description);
    }
    if let Some(location) = non_empty(ev.location.as_deref()) {
        w.text("LOCATION", location);
    }
    if let Some(geo) = ev.geo.and_then(|(lat, lon)| geo_value(lat, lon)) {
        w.raw("GEO", &geo);
    }
    if let Some(url) = ev.url.as_deref().map(clean_uri).filter(|u| !u.is_empty()) {
        w.raw("URL", &url);
    }
    w.raw("STATUS", ev.status.as_str());
    let categories = categories_value(&ev.categories);
    if !categories.is_empty() {
        w.raw("CATEGORIES", &categories);
    }
    w.raw("END", "VEVENT");
}

fn write_event_times(w: &mut ContentWriter, ev: &IcalEvent) {
    if ev.all_day {
        let (start, end) = all_day_dates(ev);
        w.raw("DTSTART;VALUE=DATE", &ical_date(start));
        w.raw("DTEND;VALUE=DATE", &ical_date(end));
    } else {
        w.raw(&format!("DTSTART;TZID={TZID}"), &local_stamp(ev.starts));
        if let Some(end) = timed_end(ev) {
            w.raw(&format!("DTEND;TZID={TZID}"), &local_stamp(end));
        }
    }
}

// ------------------------------------------------------------ values & times

/// First and first-not-covered day of an all-day event.
fn all_day_dates(ev: &IcalEvent) -> (NaiveDate, NaiveDate) {
    let start = ev.starts.date();
    let end = if ev.ends.time() == NaiveTime::MIN {
        ev.ends.date()
    } else {
        next_day(ev.ends.date())
    };
    if end > start {
        (start, end)
    } else {
        (start, next_day(start))
    }
}

fn next_day(date: NaiveDate) -> NaiveDate {
    date.checked_add_days(Days::new(1)).unwrap_or(date)
}

/// `ends` when it is after `starts`.
fn timed_end(ev: &IcalEvent) -> Option<NaiveDateTime> {
    (ev.ends > ev.starts).then_some(ev.ends)
}

fn ical_date(date: NaiveDate) -> String {
    date.format("%Y%m%d").to_string()
}

fn local_stamp(at: NaiveDateTime) -> String {
    at.format("%Y%m%dT%H%M%S").to_string()
}

fn utc_stamp(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// The description, then a blank line and `主催: name` when there is an
/// organiser and the description does not carry that line already.
fn description_with_organizer(ev: &IcalEvent) -> String {
    let text = ev.description.trim_end().to_owned();
    match non_empty(ev.organizer.as_deref()) {
        Some(name) => {
            let footer = format!("{ORGANIZER_LABEL}: {}", name.trim());
            append_paragraph(text, &footer)
        }
        None => text,
    }
}

/// `text`, a blank line and `paragraph`, unless `text` already contains it.
fn append_paragraph(mut text: String, paragraph: &str) -> String {
    if text.contains(paragraph) {
        return text;
    }
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(paragraph);
    text
}

/// `lat;lon` with at most 6 decimals (about 0.1 m), or `None` when out of range.
fn geo_value(lat: f64, lon: f64) -> Option<String> {
    let lat_ok = lat.is_finite() && (-90.0..=90.0).contains(&lat);
    let lon_ok = lon.is_finite() && (-180.0..=180.0).contains(&lon);
    (lat_ok && lon_ok).then(|| format!("{};{}", coordinate(lat), coordinate(lon)))
}

fn coordinate(value: f64) -> String {
    let fixed = format!("{value:.6}");
    let trimmed = fixed.trim_end_matches('0').trim_end_matches('.');
    if trimmed == "-0" {
        "0".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// Comma-separated escaped categories, empty ones skipped.
fn categories_value(categories: &[String]) -> String {
    categories
        .iter()
        .map(|c| escape_text(c.trim()))
        .filter(|c| !c.is_empty())
        .collect::<Vec<_>>()
        .join(",")
}

/// TEXT escaping (RFC 5545 §3.3.11): `\` `;` `,` escaped, line breaks as `\n`,
/// control characters other than TAB dropped.
fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in normalize_newlines(value).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// CR LF and lone CR become LF.
fn normalize_newlines(value: &str) -> String {
    value.replace("\r\n", "\n").replace('\r', "\n")
}

/// A URI value is not escaped, but control characters (which would break
/// the line structure) and surrounding blanks are removed.
fn clean_uri(uri: &str) -> String {
    uri.trim().chars().filter(|c| !c.is_control()).collect()
}

fn non_empty(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.trim().is_empty())
}

// ------------------------------------------------------------- google link

fn google_dates(ev: &IcalEvent) -> String {
    if ev.all_day {
        let (start, end) = all_day_dates(ev);
        format!("{}/{}", ical_date(start), ical_date(end))
    } else {
        let end = timed_end(ev).unwrap_or(ev.starts);
        format!("{}/{}", local_stamp(ev.starts), local_stamp(end))
    }
}

/// Description with organiser footer, then the event URL unless the text
/// already contains it.
fn google_details(ev: &IcalEvent) -> String {
    let details = normalize_newlines(&description_with_organizer(ev));
    match ev.url.as_deref().map(clean_uri).filter(|u| !u.is_empty()) {
        Some(url) => append_paragraph(details, &url),
        None => details,
    }
}

/// Percent-encodes the UTF-8 bytes of `value`, keeping only RFC 3986
/// unreserved characters (`A-Z a-z 0-9 - . _ ~`) as they are.
fn percent_encode(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len() * 3);
    for &byte in value.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0F)]));
        }
    }
    out
}

// ------------------------------------------------------------- content lines

/// Collects content lines, folding each one and ending it with CRLF.
#[derive(Default)]
struct ContentWriter {
    out: String,
}

impl ContentWriter {
    /// `name:value` with `value` written as it is (already valid for its type).
    fn raw(&mut self, name: &str, value: &str) {
        let line = format!("{name}:{value}");
        fold_line(&line, &mut self.out);
    }

    /// `name:value` with `value` escaped as TEXT.
    fn text(&mut self, name: &str, value: &str) {
        self.raw(name, &escape_text(value));
    }

    fn finish(self) -> String {
        self.out
    }
}

/// Appends `line` folded to at most 75 octets per physical line, each ended
/// by CRLF; continuation lines start with one space.
fn fold_line(line: &str, out: &mut String) {
    let mut rest = line;
    let mut limit = MAX_LINE_OCTETS;
    while rest.len() > limit {
        let cut = fold_point(rest, limit);
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = MAX_LINE_OCTETS - 1; // the leading space counts
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

/// Byte index at most `limit` where `text` may be cut: on a character
/// boundary, and before any trailing blanks, unless the piece is all blanks.
fn fold_point(text: &str, limit: usize) -> usize {
    let mut cut = limit.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let without_blanks = text[..cut].trim_end_matches([' ', '\t']).len();
    if without_blanks > 0 {
        without_blanks
    } else {
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .and_then(|date| date.and_hms_opt(h, mi, 0))
            .expect("valid test date")
    }

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
            .single()
            .expect("valid test stamp")
    }

    fn event() -> IcalEvent {
        IcalEvent {
            uid: "event-42@tsunagu.example.jp".into(),
            sequence: 3,
            dtstamp: utc(2026, 11, 20, 1, 2, 3),
            last_modified: Some(utc(2026, 11, 19, 23, 59, 58)),
            created: Some(utc(2026, 10, 1, 0, 0, 0)),
            starts: at(2026, 11, 24, 10, 0),
            ends: at(2026, 11, 24, 12, 0),
            all_day: false,
            summary: "健康体操教室".into(),
            description: "動きやすい服装でお越しください。".into(),
            location: Some("つなぐ公民館 2階".into()),
            geo: Some((35.681236, 139.767125)),
            url: Some("https://tsunagu.example.jp/events/42".into()),
            status: IcalStatus::Confirmed,
            categories: vec!["運動".into(), "高齢者".into()],
            organizer: Some("つなぐ会".into()),
        }
    }

    fn calendar(events: Vec<IcalEvent>) -> IcalCalendar {
        IcalCalendar {
            name: "つなぐ イベント".into(),
            description: Some("地域のイベント一覧".into()),
            events,
        }
    }

    /// Physical lines (without their CRLF) of a whole output.
    fn physical_lines(out: &str) -> Vec<&str> {
        let body = out.strip_suffix("\r\n").expect("output ends with CRLF");
        body.split("\r\n").collect()
    }

    /// Logical lines: folds removed.
    fn unfolded_lines(out: &str) -> Vec<String> {
        out.replace("\r\n ", "")
            .split("\r\n")
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// The logical line `name...:value` whose name part is exactly `name_and_params`.
    fn property(out: &str, name_and_params: &str) -> Option<String> {
        let prefix = format!("{name_and_params}:");
        unfolded_lines(out)
            .into_iter()
            .find_map(|l| l.strip_prefix(&prefix).map(str::to_owned))
    }

    /// Like [`property`], but only inside the first `VEVENT`.
    fn event_property(out: &str, name_and_params: &str) -> Option<String> {
        let prefix = format!("{name_and_params}:");
        unfolded_lines(out)
            .into_iter()
            .skip_while(|l| l != "BEGIN:VEVENT")
            .take_while(|l| l != "END:VEVENT")
            .find_map(|l| l.strip_prefix(&prefix).map(str::to_owned))
    }

    fn count_lines(out: &str, line: &str) -> usize {
        unfolded_lines(out).iter().filter(|l| *l == line).count()
    }

    fn unescape_text(value: &str) -> String {
        let mut out = String::new();
        let mut chars = value.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') | Some('N') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => out.push('\\'),
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    fn write_one(ev: IcalEvent) -> String {
        write_calendar(&calendar(vec![ev]))
    }

    // ---------------------------------------------------------- structure

    #[test]
    fn calendar_has_required_header_and_crlf_everywhere() {
        let out = write_one(event());
        assert!(out.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(out.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        assert_eq!(
            out.matches('\n').count(),
            out.matches("\r\n").count(),
            "bare LF"
        );
        assert_eq!(
            out.matches('\r').count(),
            out.matches("\r\n").count(),
            "bare CR"
        );
        assert_eq!(property(&out, "PRODID").as_deref(), Some(PRODID));
        assert_eq!(property(&out, "CALSCALE").as_deref(), Some("GREGORIAN"));
        assert_eq!(property(&out, "METHOD").as_deref(), Some("PUBLISH"));
        assert_eq!(
            property(&out, "X-WR-CALNAME").as_deref(),
            Some("つなぐ イベント")
        );
        assert_eq!(
            property(&out, "X-WR-CALDESC").as_deref(),
            Some("地域のイベント一覧")
        );
        assert_eq!(
            property(&out, "X-WR-TIMEZONE").as_deref(),
            Some("Asia/Tokyo")
        );
        assert_eq!(count_lines(&out, "BEGIN:VEVENT"), 1);
        assert_eq!(count_lines(&out, "END:VEVENT"), 1);
    }

    #[test]
    fn calendar_without_description_omits_it() {
        let mut cal = calendar(vec![]);
        cal.description = None;
        let out = write_calendar(&cal);
        assert!(property(&out, "X-WR-CALDESC").is_none());
        assert!(property(&out, "DESCRIPTION").is_none());
    }

    #[test]
    fn vtimezone_written_once_for_timed_events() {
        let mut second = event();
        second.uid = "event-43@tsunagu.example.jp".into();
        let out = write_calendar(&calendar(vec![event(), second]));
        assert_eq!(count_lines(&out, "BEGIN:VTIMEZONE"), 1);
        assert_eq!(count_lines(&out, "TZID:Asia/Tokyo"), 1);
        let tz_block = "BEGIN:VTIMEZONE\r\nTZID:Asia/Tokyo\r\nBEGIN:STANDARD\r\n\
            DTSTART:19700101T000000\r\nTZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\n\
            TZNAME:JST\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";
        assert!(out.contains(tz_block));
        let tz_at = out.find("BEGIN:VTIMEZONE").unwrap_or(usize::MAX);
        let ev_at = out.find("BEGIN:VEVENT").unwrap_or(0);
        assert!(tz_at < ev_at, "VTIMEZONE must precede the events");
        assert_eq!(count_lines(&out, "BEGIN:VEVENT"), 2);
    }

    #[test]
    fn vtimezone_skipped_when_all_events_are_all_day() {
        let mut ev = event();
        ev.all_day = true;
        let out = write_one(ev);
        assert_eq!(count_lines(&out, "BEGIN:VTIMEZONE"), 0);
        assert_eq!(
            property(&out, "X-WR-TIMEZONE").as_deref(),
            Some("Asia/Tokyo")
        );
    }

    #[test]
    fn empty_calendar_still_has_a_component() {
        let out = write_calendar(&calendar(vec![]));
        assert_eq!(count_lines(&out, "BEGIN:VTIMEZONE"), 1);
        assert_eq!(count_lines(&out, "BEGIN:VEVENT"), 0);
    }

    // ---------------------------------------------------------- event fields

    #[test]
    fn timed_event_uses_tzid_and_utc_stamps() {
        let out = write_one(event());
        assert_eq!(
            property(&out, "DTSTART;TZID=Asia/Tokyo").as_deref(),
            Some("20261124T100000")
        );
        assert_eq!(
            property(&out, "DTEND;TZID=Asia/Tokyo").as_deref(),
            Some("20261124T120000")
        );
        assert_eq!(
            property(&out, "DTSTAMP").as_deref(),
            Some("20261120T010203Z")
        );
        assert_eq!(
            property(&out, "LAST-MODIFIED").as_deref(),
            Some("20261119T235958Z")
        );
        assert_eq!(
            property(&out, "CREATED").as_deref(),
            Some("20261001T000000Z")
        );
        assert_eq!(property(&out, "SEQUENCE").as_deref(), Some("3"));
        assert_eq!(
            property(&out, "UID").as_deref(),
            Some("event-42@tsunagu.example.jp")
        );
        assert!(property(&out, "DTSTART;VALUE=DATE").is_none());
    }

    #[test]
    fn stamps_drop_fractional_seconds() {
        let mut ev = event();
        ev.dtstamp = utc(2026, 1, 2, 3, 4, 5) + chrono::Duration::milliseconds(987);
        let out = write_one(ev);
        assert_eq!(
            property(&out, "DTSTAMP").as_deref(),
            Some("20260102T030405Z")
        );
    }

    #[test]
    fn optional_stamps_are_omitted() {
        let mut ev = event();
        ev.created = None;
        ev.last_modified = None;
        let out = write_one(ev);
        assert!(property(&out, "CREATED").is_none());
        assert!(property(&out, "LAST-MODIFIED").is_none());
    }

    #[test]
    fn timed_event_without_positive_length_has_no_dtend() {
        let mut ev = event();
        ev.ends = ev.starts;
        let out = write_one(ev.clone());
        assert!(property(&out, "DTEND;TZID=Asia/Tokyo").is_none());
        ev.ends = at(2026, 11, 24, 9, 0);
        let out = write_one(ev);
        assert!(property(&out, "DTEND;TZID=Asia/Tokyo").is_none());
        assert!(property(&out, "DTSTART;TZID=Asia/Tokyo").is_some());
    }

    #[test]
    fn all_day_single_day_with_midnight_end() {
        let mut ev = event();
        ev.all_day = true;
        ev.starts = at(2026, 11, 24, 0, 0);
        ev.ends = at(2026, 11, 25, 0, 0);
        let out = write_one(ev);
        assert_eq!(
            property(&out, "DTSTART;VALUE=DATE").as_deref(),
            Some("20261124")
        );
        assert_eq!(
            property(&out, "DTEND;VALUE=DATE").as_deref(),
            Some("20261125")
        );
        assert!(property(&out, "DTSTART;TZID=Asia/Tokyo").is_none());
    }

    #[test]
    fn all_day_end_within_last_day_covers_that_day() {
        let mut ev = event();
        ev.all_day = true;
        ev.starts = at(2026, 12, 30, 9, 0);
        ev.ends = at(2027, 1, 1, 17, 0);
        let out = write_one(ev);
        assert_eq!(
            property(&out, "DTSTART;VALUE=DATE").as_deref(),
            Some("20261230")
        );
        assert_eq!(
            property(&out, "DTEND;VALUE=DATE").as_deref(),
            Some("20270102")
        );
    }

    #[test]
    fn all_day_with_end_not_after_start_covers_one_day() {
        let mut ev = event();
        ev.all_day = true;
        ev.starts = at(2028, 2, 28, 0, 0);
        ev.ends = at(2028, 2, 28, 0, 0);
        let out = write_one(ev.clone());
        assert_eq!(
            property(&out, "DTEND;VALUE=DATE").as_deref(),
            Some("20280229")
        );
        ev.ends = at(2028, 2, 1, 0, 0);
        let out = write_one(ev);
        assert_eq!(
            property(&out, "DTEND;VALUE=DATE").as_deref(),
            Some("20280229")
        );
    }

    #[test]
    fn status_values() {
        for (status, text) in [
            (IcalStatus::Confirmed, "CONFIRMED"),
            (IcalStatus::Tentative, "TENTATIVE"),
            (IcalStatus::Cancelled, "CANCELLED"),
        ] {
            let mut ev = event();
            ev.status = status;
            let out = write_one(ev);
            assert_eq!(property(&out, "STATUS").as_deref(), Some(text));
            assert_eq!(count_lines(&out, &format!("STATUS:{text}")), 1);
        }
    }

    #[test]
    fn geo_is_written_and_bad_coordinates_skipped() {
        let out = write_one(event());
        assert_eq!(
            property(&out, "GEO").as_deref(),
            Some("35.681236;139.767125")
        );
        let mut ev = event();
        ev.geo = Some((35.0, -0.1));
        assert_eq!(property(&write_one(ev), "GEO").as_deref(), Some("35;-0.1"));
        for bad in [
            (91.0, 0.0),
            (0.0, 180.5),
            (f64::NAN, 0.0),
            (0.0, f64::INFINITY),
        ] {
            let mut ev = event();
            ev.geo = Some(bad);
            assert!(property(&write_one(ev), "GEO").is_none(), "{bad:?}");
        }
    }

    #[test]
    fn categories_are_escaped_and_joined() {
        let mut ev = event();
        ev.categories = vec![
            "運動".into(),
            "".into(),
            "子ども, 親子".into(),
            "a;b".into(),
        ];
        let out = write_one(ev);
        assert_eq!(
            property(&out, "CATEGORIES").as_deref(),
            Some("運動,子ども\\, 親子,a\\;b")
        );
        let mut ev = event();
        ev.categories = vec![" ".into()];
        assert!(property(&write_one(ev), "CATEGORIES").is_none());
    }

    #[test]
    fn organizer_goes_into_description_footer() {
        let out = write_one(event());
        assert!(property(&out, "ORGANIZER").is_none());
        assert!(!out.contains("ORGANIZER"));
        assert_eq!(
            event_property(&out, "DESCRIPTION").as_deref(),
            Some("動きやすい服装でお越しください。\\n\\n主催: つなぐ会")
        );
        let mut ev = event();
        ev.description = String::new();
        assert_eq!(
            event_property(&write_one(ev), "DESCRIPTION").as_deref(),
            Some("主催: つなぐ会")
        );
    }

    #[test]
    fn organizer_footer_not_repeated_when_description_has_it() {
        let mut ev = event();
        ev.description = "本文\n\n主催: つなぐ会\n\nhttps://tsunagu.example.jp/events/42".into();
        let out = write_one(ev.clone());
        let description = event_property(&out, "DESCRIPTION").map(|v| unescape_text(&v));
        assert_eq!(description.as_deref(), Some(ev.description.as_str()));
        let details = query_param(&google_calendar_url(&ev), "details").map(|d| percent_decode(&d));
        assert_eq!(details.as_deref(), Some(ev.description.as_str()));
    }

    #[test]
    fn empty_description_and_location_are_omitted() {
        let mut ev = event();
        ev.description = String::new();
        ev.organizer = None;
        ev.location = Some("  ".into());
        ev.url = None;
        ev.geo = None;
        let out = write_one(ev);
        for name in ["DESCRIPTION", "LOCATION", "URL", "GEO"] {
            assert!(event_property(&out, name).is_none(), "{name}");
        }
    }

    // ---------------------------------------------------------- escaping

    #[test]
    fn text_escaping() {
        assert_eq!(escape_text(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(
            escape_text("one\ntwo\r\nthree\rfour"),
            r"one\ntwo\nthree\nfour"
        );
        assert_eq!(
            escape_text("tab\there\u{0}\u{7}\u{1b}\u{7f}\u{85}!"),
            "tab\there!"
        );
        assert_eq!(
            escape_text("コロン: と 引用 \"x\""),
            "コロン: と 引用 \"x\""
        );
    }

    #[test]
    fn summary_and_location_are_escaped_in_output() {
        let mut ev = event();
        ev.summary = "体操, ヨガ; ストレッチ \\ 1\n2".into();
        ev.location = Some("A棟,\r\nB棟".into());
        let out = write_one(ev);
        assert_eq!(
            property(&out, "SUMMARY").as_deref(),
            Some(r"体操\, ヨガ\; ストレッチ \\ 1\n2")
        );
        assert_eq!(property(&out, "LOCATION").as_deref(), Some(r"A棟\,\nB棟"));
    }

    #[test]
    fn url_is_not_text_escaped() {
        let mut ev = event();
        ev.url = Some(" https://tsunagu.example.jp/e?a=1,2;b=3\r\n ".into());
        let out = write_one(ev);
        assert_eq!(
            property(&out, "URL").as_deref(),
            Some("https://tsunagu.example.jp/e?a=1,2;b=3")
        );
    }

    #[test]
    fn long_url_is_folded_and_unfolds_exactly() {
        let long = format!(
            "https://tsunagu.example.jp/events/42?{}",
            "q=%E3%81%82&".repeat(20)
        );
        let mut ev = event();
        ev.url = Some(long.clone());
        let out = write_one(ev);
        assert!(physical_lines(&out).iter().all(|l| l.len() <= 75));
        assert_eq!(property(&out, "URL"), Some(long));
    }

    // ---------------------------------------------------------- folding

    fn folded(line: &str) -> String {
        let mut out = String::new();
        fold_line(line, &mut out);
        out
    }

    fn assert_fold_ok(line: &str) {
        let out = folded(line);
        for piece in out.as_bytes().split(|&b| b == b'\n') {
            let piece = piece.strip_suffix(b"\r").unwrap_or(piece);
            assert!(piece.len() <= 75, "line of {} octets", piece.len());
            assert!(std::str::from_utf8(piece).is_ok(), "split UTF-8 character");
        }
        assert!(out.ends_with("\r\n"));
        let pieces: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
        for (i, piece) in pieces.iter().enumerate() {
            if i > 0 {
                assert!(
                    piece.starts_with(' ') && piece.len() > 1,
                    "continuation {piece:?}"
                );
            }
        }
        assert_eq!(out.trim_end_matches("\r\n").replace("\r\n ", ""), line);
    }

    #[test]
    fn short_lines_are_not_folded() {
        let exact = format!("SUMMARY:{}", "a".repeat(75 - 8));
        assert_eq!(exact.len(), 75);
        assert_eq!(folded(&exact), format!("{exact}\r\n"));
        let over = format!("{exact}b");
        assert_eq!(folded(&over), format!("{exact}\r\n b\r\n"));
    }

    #[test]
    fn continuation_lines_hold_74_octets() {
        let line = "x".repeat(75 + 74 + 74 + 3);
        let out = folded(&line);
        let lens: Vec<usize> = out
            .trim_end_matches("\r\n")
            .split("\r\n")
            .map(str::len)
            .collect();
        assert_eq!(lens, vec![75, 75, 75, 4]);
        assert_fold_ok(&line);
    }

    #[test]
    fn japanese_text_is_never_split() {
        // "SUMMARY:" is 8 octets, then 3-octet characters: 67 octets left on the first line
        // fit 22 characters (66 octets), so the cut falls inside the 23rd without care.
        let text = "つなぐ地域の健康体操教室と子ども食堂のお知らせです".repeat(8);
        let line = format!("SUMMARY:{text}");
        assert_fold_ok(&line);
        let out = folded(&line);
        let first = out.split("\r\n").next().unwrap_or_default();
        assert_eq!(first.len(), 8 + 22 * 3);
    }

    #[test]
    fn mixed_width_text_folds_correctly_at_every_offset() {
        let alphabet = ['a', 'é', 'あ', '𠮷', ' ', '\\'];
        for n in 0..260 {
            let text: String = (0..n)
                .map(|i| alphabet[(i * 7 + n) % alphabet.len()])
                .collect();
            assert_fold_ok(&format!("DESCRIPTION:{text}"));
            assert_fold_ok(&format!("X:{}", "あ".repeat(n)));
            assert_fold_ok(&format!("X:{}", "𠮷".repeat(n)));
        }
    }

    #[test]
    fn fold_never_leaves_trailing_blank() {
        // A space right at octet 75 would end the physical line; it moves down instead.
        let line = format!("{} tail{}", "a".repeat(74), "b".repeat(100));
        let out = folded(&line);
        for piece in out.split("\r\n") {
            assert!(
                !piece.ends_with(' ') || piece.trim().is_empty(),
                "{piece:?}"
            );
        }
        assert_fold_ok(&line);
        // Only blanks in a whole chunk: folding must still make progress.
        assert_fold_ok(&format!("X:{}y", " ".repeat(300)));
    }

    #[test]
    fn whole_output_lines_within_limit_and_unfold_to_original_text() {
        let mut ev = event();
        ev.summary = "【重要】つなぐ地域交流会・健康体操・子ども食堂・認知症カフェ合同開催のお知らせ（雨天決行）".into();
        ev.description = "持ち物：タオル、飲み物。\n駐車場はありません; 公共交通機関をご利用ください, よろしくお願いします。\\以上".repeat(3);
        let out = write_one(ev.clone());
        for line in physical_lines(&out) {
            assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        }
        let summary = property(&out, "SUMMARY").expect("summary");
        assert_eq!(unescape_text(&summary), ev.summary);
        let description = event_property(&out, "DESCRIPTION").expect("description");
        assert_eq!(unescape_text(&description), description_with_organizer(&ev));
    }

    // ---------------------------------------------------------- real parser

    fn parse(out: &str) -> ::ical::parser::ical::component::IcalCalendar {
        let mut parser = ::ical::IcalParser::new(std::io::BufReader::new(out.as_bytes()));
        let cal = parser.next().expect("one calendar").expect("parses");
        assert!(parser.next().is_none(), "exactly one calendar");
        cal
    }

    fn prop<'a>(
        props: &'a [::ical::property::Property],
        name: &str,
    ) -> Option<&'a ::ical::property::Property> {
        props.iter().find(|p| p.name == name)
    }

    fn value(props: &[::ical::property::Property], name: &str) -> Option<String> {
        prop(props, name).and_then(|p| p.value.clone())
    }

    fn params(props: &[::ical::property::Property], name: &str) -> Vec<(String, Vec<String>)> {
        prop(props, name)
            .and_then(|p| p.params.clone())
            .unwrap_or_default()
    }

    #[test]
    fn round_trips_through_ical_parser() {
        let mut cancelled = event();
        cancelled.uid = "event-43@tsunagu.example.jp".into();
        cancelled.status = IcalStatus::Cancelled;
        cancelled.summary = "【中止】".to_owned() + &"雨天のため中止します。".repeat(6);
        cancelled.description = "理由: 台風, 大雨; 警報\\注意報\n再開は未定です。".into();
        cancelled.organizer = None;
        let mut all_day = event();
        all_day.uid = "event-44@tsunagu.example.jp".into();
        all_day.all_day = true;
        all_day.starts = at(2026, 12, 29, 0, 0);
        all_day.ends = at(2027, 1, 4, 0, 0);
        all_day.geo = None;
        all_day.url = None;
        all_day.categories = vec![];
        let cal = calendar(vec![event(), cancelled.clone(), all_day]);
        let out = write_calendar(&cal);
        let parsed = parse(&out);

        assert_eq!(value(&parsed.properties, "VERSION").as_deref(), Some("2.0"));
        assert_eq!(value(&parsed.properties, "PRODID").as_deref(), Some(PRODID));
        assert_eq!(
            value(&parsed.properties, "METHOD").as_deref(),
            Some("PUBLISH")
        );
        assert_eq!(
            value(&parsed.properties, "X-WR-CALNAME").map(|v| unescape_text(&v)),
            Some(cal.name.clone())
        );
        assert_eq!(parsed.timezones.len(), 1);
        let tz = &parsed.timezones[0];
        assert_eq!(value(&tz.properties, "TZID").as_deref(), Some("Asia/Tokyo"));
        assert_eq!(tz.transitions.len(), 1);
        let std_tz = &tz.transitions[0].properties;
        assert_eq!(value(std_tz, "TZOFFSETFROM").as_deref(), Some("+0900"));
        assert_eq!(value(std_tz, "TZOFFSETTO").as_deref(), Some("+0900"));
        assert_eq!(value(std_tz, "TZNAME").as_deref(), Some("JST"));
        assert_eq!(value(std_tz, "DTSTART").as_deref(), Some("19700101T000000"));

        assert_eq!(parsed.events.len(), 3);
        let timed = &parsed.events[0].properties;
        assert_eq!(
            value(timed, "UID").as_deref(),
            Some("event-42@tsunagu.example.jp")
        );
        assert_eq!(value(timed, "SEQUENCE").as_deref(), Some("3"));
        assert_eq!(value(timed, "DTSTAMP").as_deref(), Some("20261120T010203Z"));
        assert_eq!(value(timed, "DTSTART").as_deref(), Some("20261124T100000"));
        assert_eq!(
            params(timed, "DTSTART"),
            vec![("TZID".to_owned(), vec!["Asia/Tokyo".to_owned()])]
        );
        assert_eq!(value(timed, "DTEND").as_deref(), Some("20261124T120000"));
        assert_eq!(
            params(timed, "DTEND"),
            vec![("TZID".to_owned(), vec!["Asia/Tokyo".to_owned()])]
        );
        assert_eq!(value(timed, "SUMMARY").as_deref(), Some("健康体操教室"));
        assert_eq!(
            value(timed, "LOCATION").as_deref(),
            Some("つなぐ公民館 2階")
        );
        assert_eq!(value(timed, "GEO").as_deref(), Some("35.681236;139.767125"));
        assert_eq!(
            value(timed, "URL").as_deref(),
            Some("https://tsunagu.example.jp/events/42")
        );
        assert_eq!(value(timed, "STATUS").as_deref(), Some("CONFIRMED"));
        assert_eq!(value(timed, "CATEGORIES").as_deref(), Some("運動,高齢者"));
        assert_eq!(
            value(timed, "DESCRIPTION")
                .map(|v| unescape_text(&v))
                .as_deref(),
            Some("動きやすい服装でお越しください。\n\n主催: つなぐ会")
        );

        let off = &parsed.events[1].properties;
        assert_eq!(value(off, "STATUS").as_deref(), Some("CANCELLED"));
        assert_eq!(
            value(off, "SUMMARY").map(|v| unescape_text(&v)),
            Some(cancelled.summary)
        );
        assert_eq!(
            value(off, "DESCRIPTION").map(|v| unescape_text(&v)),
            Some(cancelled.description)
        );

        let whole = &parsed.events[2].properties;
        assert_eq!(value(whole, "DTSTART").as_deref(), Some("20261229"));
        assert_eq!(
            params(whole, "DTSTART"),
            vec![("VALUE".to_owned(), vec!["DATE".to_owned()])]
        );
        assert_eq!(value(whole, "DTEND").as_deref(), Some("20270104"));
        assert_eq!(
            params(whole, "DTEND"),
            vec![("VALUE".to_owned(), vec!["DATE".to_owned()])]
        );
        assert!(prop(whole, "GEO").is_none());
        assert!(prop(whole, "URL").is_none());
        assert!(prop(whole, "CATEGORIES").is_none());
    }

    #[test]
    fn parser_keeps_blank_at_fold_point() {
        // The blank would be octet 75, the last of the first physical line; the
        // `ical` crate trims trailing blanks, so the writer must move it down.
        let mut ev = event();
        ev.summary = format!("{} {}", "a".repeat(66), "b".repeat(100));
        let out = write_one(ev.clone());
        let parsed = parse(&out);
        let summary = value(&parsed.events[0].properties, "SUMMARY");
        assert_eq!(summary, Some(ev.summary));
    }

    #[test]
    fn all_day_only_calendar_parses_without_timezone() {
        let mut ev = event();
        ev.all_day = true;
        let parsed = parse(&write_one(ev));
        assert!(parsed.timezones.is_empty());
        assert_eq!(parsed.events.len(), 1);
    }

    #[test]
    fn empty_calendar_parses() {
        let parsed = parse(&write_calendar(&calendar(vec![])));
        assert!(parsed.events.is_empty());
        assert_eq!(parsed.timezones.len(), 1);
    }

    // ---------------------------------------------------------- google link

    fn query_param(url: &str, key: &str) -> Option<String> {
        let query = url.split_once('?')?.1;
        query.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            (k == key).then(|| v.to_owned())
        })
    }

    fn percent_decode(value: &str) -> String {
        let bytes = value.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' && i + 2 < bytes.len() {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ascii");
                out.push(u8::from_str_radix(hex, 16).expect("hex"));
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn google_link_for_timed_event() {
        let url = google_calendar_url(&event());
        assert!(
            url.starts_with("https://calendar.google.com/calendar/render?action=TEMPLATE&text=")
        );
        assert!(url.ends_with("&ctz=Asia/Tokyo"));
        assert_eq!(
            query_param(&url, "dates").as_deref(),
            Some("20261124T100000/20261124T120000")
        );
        assert_eq!(
            query_param(&url, "text").as_deref(),
            Some("%E5%81%A5%E5%BA%B7%E4%BD%93%E6%93%8D%E6%95%99%E5%AE%A4")
        );
        assert_eq!(
            query_param(&url, "text")
                .map(|t| percent_decode(&t))
                .as_deref(),
            Some("健康体操教室")
        );
        assert_eq!(
            query_param(&url, "location")
                .map(|t| percent_decode(&t))
                .as_deref(),
            Some("つなぐ公民館 2階")
        );
        assert_eq!(
            query_param(&url, "details").map(|t| percent_decode(&t)).as_deref(),
            Some("動きやすい服装でお越しください。\n\n主催: つなぐ会\n\nhttps://tsunagu.example.jp/events/42")
        );
        assert!(url.is_ascii());
        assert!(!url.contains(' '));
    }

    #[test]
    fn google_link_for_all_day_event() {
        let mut ev = event();
        ev.all_day = true;
        ev.starts = at(2026, 11, 24, 0, 0);
        ev.ends = at(2026, 11, 24, 18, 0);
        let url = google_calendar_url(&ev);
        assert_eq!(
            query_param(&url, "dates").as_deref(),
            Some("20261124/20261125")
        );
    }

    #[test]
    fn google_link_encodes_reserved_characters() {
        let mut ev = event();
        ev.summary = "A&B=C+D #1/2 ?50%".into();
        ev.description = "一行目\r\n二行目".into();
        ev.organizer = None;
        ev.url = None;
        ev.location = None;
        let url = google_calendar_url(&ev);
        assert_eq!(
            query_param(&url, "text").as_deref(),
            Some("A%26B%3DC%2BD%20%231%2F2%20%3F50%25")
        );
        assert_eq!(
            query_param(&url, "details").as_deref(),
            Some("%E4%B8%80%E8%A1%8C%E7%9B%AE%0A%E4%BA%8C%E8%A1%8C%E7%9B%AE")
        );
        assert!(query_param(&url, "location").is_none());
        assert_eq!(url.matches('?').count(), 1);
        assert_eq!(url.matches('#').count(), 0);
    }

    #[test]
    fn google_link_omits_empty_details() {
        let mut ev = event();
        ev.description = String::new();
        ev.organizer = None;
        ev.url = None;
        let url = google_calendar_url(&ev);
        assert!(query_param(&url, "details").is_none());
    }

    #[test]
    fn percent_encoding_keeps_unreserved_only() {
        assert_eq!(percent_encode("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(percent_encode("あ"), "%E3%81%82");
        assert_eq!(percent_encode("𠮷"), "%F0%A0%AE%B7");
        assert_eq!(percent_encode(" \n!*'()"), "%20%0A%21%2A%27%28%29");
    }

    // ---------------------------------------------------------- file name

    #[test]
    fn download_file_names_are_ascii() {
        let mut ev = event();
        assert_eq!(download_file_name(&ev), "event-42.ics");
        ev.uid = "イベント 42/../x@host".into();
        assert_eq!(download_file_name(&ev), "42-x.ics");
        ev.uid = "あいう@host".into();
        assert_eq!(download_file_name(&ev), "event.ics");
        ev.uid = String::new();
        assert_eq!(download_file_name(&ev), "event.ics");
        ev.uid = "a".repeat(200);
        assert_eq!(download_file_name(&ev), format!("{}.ics", "a".repeat(64)));
    }

    #[test]
    fn structs_serialize_with_serde() {
        fn assert_serde<T: Serialize + for<'de> Deserialize<'de>>() {}
        assert_serde::<IcalEvent>();
        assert_serde::<IcalCalendar>();
        assert_serde::<IcalStatus>();
    }
}
