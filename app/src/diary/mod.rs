//! The stay-home diary (ステイホームダイアリー, after Nabari City; issue 20,
//! part 2): an exchange diary passed round a group of three, about six
//! rounds over half a year, each with a theme and a due date. A
//! facilitator (a link worker or community staff) forms the group and may
//! keep a seat for someone without a smartphone, typing their pages in.
//! Entries are for the group and its facilitator only — nobody else, city
//! staff included, unless they facilitate it.
//!
//! One use case per file: forming a group (`form_group`), rounds and skips
//! (`rounds`), writing (`write_entry`), reporting, hiding and leaving
//! (`moderate`); whose turn it is is a pure rule (`turns`).
pub mod form_group;
pub mod moderate;
pub mod rounds;
pub mod share;
pub mod turns;
pub mod write_entry;
#[cfg(feature = "ssr")]
pub mod access;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod notify;
#[cfg(feature = "ssr")]
pub mod seed;

use crate::error::AppError;
use crate::validation::{FieldError, PlainText, Problem};
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Seats at a group's table (Nabari's groups are of three).
pub const MAX_SEATS: u32 = 3;
/// Photos an entry may carry (a drawing counts as a photo).
pub const MAX_PHOTOS: usize = 3;
pub const ENTRY_MAX: usize = 2000;
pub const THEME_MAX: usize = 80;
pub const NAME_MAX: usize = 40;

/// An entry's text, valid: 1–2,000 characters, line breaks kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryText(PlainText);

impl EntryText {
    pub fn parse(s: &str) -> Result<EntryText, Problem> {
        PlainText::parse(s, ENTRY_MAX, true).map(EntryText)
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// A round's theme and due date, valid: the theme one line of at most 80
/// characters, the due date from today to a year ahead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundPlan {
    pub theme: PlainText,
    pub due_on: NaiveDate,
}

impl RoundPlan {
    pub fn parse(theme: &str, due_on: &str, today: NaiveDate) -> Result<RoundPlan, Vec<FieldError>> {
        let mut errors = Vec::new();
        let theme = PlainText::parse(theme, THEME_MAX, false).map_err(|p| errors.push(FieldError::new("theme", p))).ok();
        let due = due_on.trim().parse::<NaiveDate>().ok().filter(|d| *d >= today && *d <= today + chrono::Days::new(366));
        if due.is_none() {
            errors.push(FieldError::new("due_on", Problem::Date));
        }
        match (theme, due) {
            (Some(theme), Some(due_on)) if errors.is_empty() => Ok(RoundPlan { theme, due_on }),
            _ => Err(errors),
        }
    }
}

/// Who someone is to a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    /// A member in this seat (still in the group).
    Member { position: u32 },
    /// The group's facilitator (may also type a paper seat's pages).
    Facilitator,
}

/// A seat as the group's page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeatView {
    pub position: u32,
    /// The member's display name, or the paper member's name.
    pub name: String,
    /// Kept for someone on paper (the facilitator types their pages).
    pub paper: bool,
    pub left: bool,
}

/// One entry (or skip) as the group reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryView {
    pub id: i64,
    pub position: u32,
    pub writer: String,
    pub skipped: bool,
    /// Empty when hidden (for members) or skipped.
    pub body: String,
    /// Photo ids (`/media/<id>/w640.jpg`).
    pub photos: Vec<i64>,
    pub on: NaiveDate,
    pub hidden: bool,
    /// The writer agreed to share it with the town.
    pub shared: bool,
    /// Members reported it (the facilitator sees how many).
    pub flags: u32,
    /// The viewer wrote it (or typed it, for a paper seat).
    pub mine: bool,
    /// What the facilitator made of it, once shared (`suggestion`, `report`).
    pub seeded: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundView {
    pub id: i64,
    pub number: u32,
    pub theme: String,
    pub due_on: NaiveDate,
    /// Whose turn it is (a seat), `None` when the round is complete.
    pub turn: Option<u32>,
    pub entries: Vec<EntryView>,
}

/// A group's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupView {
    pub id: i64,
    pub name: String,
    pub facilitator: String,
    pub standing: Standing,
    pub seats: Vec<SeatView>,
    /// Oldest first.
    pub rounds: Vec<RoundView>,
    /// The viewer may write now: the seat (theirs, or a paper seat for the
    /// facilitator) whose turn it is.
    pub write_for: Option<u32>,
    /// What was typed last time when it could not be saved.
    pub draft: String,
    pub finished: bool,
    /// The viewer writes community reports (a shared page may become a draft).
    pub writes_reports: bool,
}

/// A group in the list on `/diary`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupLine {
    pub id: i64,
    pub name: String,
    pub standing: Standing,
    /// The current round's number and theme.
    pub round: Option<(u32, String, NaiveDate)>,
    /// It is the viewer's turn (or, for the facilitator, a paper seat's).
    pub my_turn: bool,
    /// Entries members reported (for the facilitator).
    pub flags: u32,
}

/// `/diary`: the groups one is in or facilitates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiaryHome {
    pub groups: Vec<GroupLine>,
    /// May form groups.
    pub facilitates: bool,
}

/// The groups of the signed-in person, with whose turn it is.
#[server(endpoint = "diary/home")]
pub async fn read_diary_home() -> Result<DiaryHome, AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::OwnAccount).await?;
    crate::attendance::device::private_page();
    let groups = db::groups_of(&db, user.id).await?;
    Ok(DiaryHome { groups, facilitates: user.may(crate::accounts::Permission::FacilitateDiaries) })
}

/// One group's diary, for its members and its facilitator only.
#[server(endpoint = "diary/group")]
pub async fn read_group(id: i64) -> Result<GroupView, AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::OwnAccount).await?;
    crate::attendance::device::private_page();
    let standing = access::standing(&db, user.id, id).await?.ok_or(AppError::NotFound)?;
    let mut view = db::group_view(&db, id, user.id, standing).await?;
    view.writes_reports = user.may(crate::accounts::Permission::WriteReports);
    Ok(view)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_and_a_round_are_read_whole() {
        assert_eq!(EntryText::parse("  星に願いを\n小さなこと  ").unwrap().as_str(), "星に願いを\n小さなこと");
        assert_eq!(EntryText::parse(" "), Err(Problem::Required));
        assert_eq!(EntryText::parse(&"あ".repeat(2001)), Err(Problem::TooLong { max: 2000 }));
        let today: NaiveDate = "2026-12-05".parse().unwrap();
        let plan = RoundPlan::parse("流れ星に願う小さなこと", "2027-01-15", today).unwrap();
        assert_eq!(plan.due_on.to_string(), "2027-01-15");
        let fields = |r: Result<RoundPlan, Vec<FieldError>>| r.unwrap_err().into_iter().map(|e| e.field).collect::<Vec<_>>();
        assert_eq!(fields(RoundPlan::parse("", "2026-12-04", today)), ["theme", "due_on"]);
        assert_eq!(fields(RoundPlan::parse("体を動かす", "2028-01-01", today)), ["due_on"]);
        assert_eq!(fields(RoundPlan::parse("体を動かす", "12/20", today)), ["due_on"]);
        assert!(RoundPlan::parse("体を動かす", "2026-12-05", today).is_ok(), "due today is fine");
    }
}
