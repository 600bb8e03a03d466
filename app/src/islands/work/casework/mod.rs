//! The link worker's islands: the case page (tablet, offline outbox) and the
//! case list.
pub mod case_workspace;
pub mod case_sections;
pub mod cases;
pub mod checks_section;
pub mod report_section;
pub mod intake;
pub mod refer;
pub mod vault_gate;
