//! Islands of staff, writers and link workers (the work bundle, built with
//! the `work` feature: a resident's phone never downloads them).
pub mod casework;
pub mod sign_out;
pub mod staff;
pub mod reports;
