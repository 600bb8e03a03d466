//! Pages of the staff feature: server components that compose
//! `crate::staff` (types, rules, server functions) into what a person sees.
pub mod dashboard_page;
pub mod edit_page;
pub mod events_page;
pub mod import_page;
pub mod organisations_page;

pub use dashboard_page::StaffPage;
pub use edit_page::{EditActivityPage, NewActivityPage};
pub use events_page::{EditEventPage, NewEventPage, StaffEventsPage};
pub use import_page::ImportPage;
pub use organisations_page::{EditOrganisationPage, OrganisationsPage};
