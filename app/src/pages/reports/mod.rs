//! Pages of the reports feature: server components that compose
//! `crate::reports` (types, rules, server functions) into what a person sees.
pub mod detail_page;
pub mod list_page;
pub mod review_page;
pub mod write_page;
pub mod writer_page;

pub use detail_page::{ReportPage, ReportsAboutActivity};
pub use list_page::ReportsPage;
pub use review_page::{ReviewPage, ReviewQueuePage};
pub use write_page::{WriteListPage, WritePage};
pub use writer_page::WriterPage;
