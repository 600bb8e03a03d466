//! Pages of the city dashboard: the staff page and the open-data
//! explanation (both compose `crate::dashboard`).
pub mod dashboard_page;
pub mod open_data_page;

pub use dashboard_page::DashboardPage;
pub use open_data_page::OpenDataPage;
