//! Islands of the work bundle for this area.
pub mod dashboard;
pub mod import;
pub mod suggestions;
pub mod users;
pub mod organisations;
pub mod events;
pub mod activity_editor;
pub mod resources;
pub mod page_editor;
