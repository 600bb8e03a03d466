//! The stay-home diary's pages: `/diary` (my groups and whose turn it is),
//! `/diary/:id` (the group's diary: read, write on one's turn, and the
//! facilitator's tools) and `/diary/:id/booklet` (A5, one page each, to
//! print). Server-rendered with plain forms; no client code.
mod booklet_page;
mod group_page;
mod home_page;

pub use booklet_page::BookletPage;
pub use group_page::GroupPage;
pub use home_page::DiaryHomePage;
