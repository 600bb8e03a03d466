//! This feature's pages, types and server functions. The foundation release
//! ships a placeholder so the navigation is complete.
mod page;

pub use page::EventsPage;
