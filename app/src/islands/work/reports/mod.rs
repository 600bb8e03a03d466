//! The writers' and editors' islands (reports).
pub mod editor;
pub mod review;
