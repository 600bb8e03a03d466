//! The writers' and editors' islands (reports).
#[cfg(any(feature = "ssr", not(feature = "islands"), feature = "write"))]
pub mod editor;
#[cfg(any(feature = "ssr", not(feature = "islands"), feature = "staff"))]
pub mod review;
