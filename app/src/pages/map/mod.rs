//! Pages of the map feature: server components that compose
//! `crate::map` (types, rules, server functions) into what a person sees.
pub mod page;

pub use page::MapPage;
