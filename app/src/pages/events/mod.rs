//! Pages of the events feature: server components that compose
//! `crate::events` (types, rules, server functions) into what a person sees.
pub mod detail_page;
pub mod list_page;
pub mod signup_page;
pub mod signup_section;

pub use detail_page::EventDetailPage;
pub use list_page::EventsPage;
pub use signup_page::SignupPage;
