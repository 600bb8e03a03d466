//! Pages of the resources feature: server components that compose
//! `crate::resources` (types, rules, server functions) into what a person sees.
pub mod detail_page;
pub mod staff_pages;

pub use detail_page::ResourceDetailPage;
pub use staff_pages::{EditResourcePage, ResourcesStaffPage};
