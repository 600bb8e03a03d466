//! Pages of the accounts feature: server components that compose
//! `crate::accounts` (types, rules, server functions) into what a person sees.
pub mod account_page;
pub mod confirm_page;
pub mod invite_page;
pub mod login_page;
pub mod register_page;
pub mod reset_pages;
pub mod saved_check_page;
pub mod users_page;

pub use account_page::{AccountDeletedPage, AccountPage};
pub use confirm_page::ConfirmEmailPage;
pub use invite_page::AcceptInvitationPage;
pub use login_page::LoginPage;
pub use register_page::RegisterPage;
pub use reset_pages::{ForgotPasswordPage, ResetPasswordPage};
pub use saved_check_page::SavedCheckPage;
pub use users_page::UsersPage;
