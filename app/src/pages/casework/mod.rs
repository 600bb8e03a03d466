//! Pages of the casework feature: server components that compose
//! `crate::casework` (types, rules, server functions) into what a person sees.
pub mod audit_page;
pub mod case_page;
pub mod cases_page;
pub mod feedback_page;
pub mod form1_print;
pub mod intake_page;
pub mod refer_page;

pub use audit_page::AuditPage;
pub use case_page::CasePage;
pub use cases_page::CasesPage;
pub use feedback_page::FeedbackPage;
pub use form1_print::{BlankForm1Page, FilledForm1Page};
pub use intake_page::IntakePage;
pub use refer_page::ReferPage;
