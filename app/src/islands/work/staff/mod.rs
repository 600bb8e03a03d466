//! Islands of the work bundle for this area.
pub mod dashboard;
pub mod import;
pub mod suggestions;
pub mod users;
