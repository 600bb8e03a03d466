//! Pages of the about feature: server components that compose
//! `crate::about` (types, rules, server functions) into what a person sees.
pub mod edit_page;
pub mod page_view;
pub mod pages_list_page;

pub use edit_page::EditPagePage;
pub use page_view::{AboutPage, CommunityNursePage, LinkWorkerPage, SocialPrescribingPage};
pub use pages_list_page::PagesListPage;
