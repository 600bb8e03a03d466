//! Pages of the health check feature: server components that compose
//! `crate::health_check` (types, rules, server functions) into what a person sees.
pub mod history_page;
pub mod intro_page;
pub mod result_forms;
pub mod result_page;
pub mod statistics_page;
pub mod take_page;

pub use history_page::HistoryPage;
pub use intro_page::HealthCheckPage;
pub use result_page::ResultPage;
pub use statistics_page::StatisticsPage;
pub use take_page::TakeCheckPage;
