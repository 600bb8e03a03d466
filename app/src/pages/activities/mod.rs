//! Pages of the activities feature: server components that compose
//! `crate::activities` (types, rules, server functions) into what a person sees.
pub mod detail_page;
pub mod list_page;
pub mod report_problem;

pub use detail_page::ActivityDetailPage;
pub use list_page::{ActivitiesPage, NearMe, SearchForm};
