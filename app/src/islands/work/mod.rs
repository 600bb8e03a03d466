//! Islands of link workers (`casework`), writers (`write`) and staff
//! (`staff`): each part only in the bundles built with its feature, never in
//! a resident's.
#[cfg(any(feature = "ssr", not(feature = "islands"), feature = "casework"))]
pub mod casework;
#[cfg(any(feature = "ssr", not(feature = "islands"), feature = "casework"))]
pub mod sign_out;
#[cfg(any(feature = "ssr", not(feature = "islands"), feature = "staff"))]
pub mod staff;
#[cfg(any(feature = "ssr", not(feature = "islands"), feature = "write", feature = "staff"))]
pub mod reports;
