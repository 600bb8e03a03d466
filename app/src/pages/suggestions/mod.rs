//! Pages of the suggestions feature: server components that compose
//! `crate::suggestions` (types, rules, server functions) into what a person sees.
pub mod queue_page;
pub mod suggest_page;

pub use queue_page::SuggestionQueuePage;
pub use suggest_page::SuggestPage;
