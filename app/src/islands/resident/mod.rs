//! Islands a resident's phone may load. The small ones of the pages
//! residents read are in every bundle; the resident forms, the health
//! check's questions and the history kept on the device, its results, and
//! the map each come only with their own part's feature (see
//! [`crate::islands::Part`]).
pub mod near_me;
pub mod print;
pub mod share;
#[cfg(any(feature = "ssr", not(feature = "islands"), feature = "forms"))]
pub mod account;
#[cfg(any(feature = "ssr", not(feature = "islands"), feature = "forms"))]
pub mod account_forms;
#[cfg(any(feature = "ssr", not(feature = "islands"), feature = "forms"))]
pub mod suggest;
#[cfg(any(feature = "ssr", not(feature = "islands"), feature = "check"))]
pub mod check_flow;
#[cfg(any(feature = "ssr", not(feature = "islands"), feature = "check"))]
pub mod check_history;
#[cfg(any(feature = "ssr", not(feature = "islands"), feature = "results"))]
pub mod check_result;
#[cfg(any(feature = "ssr", not(feature = "islands"), feature = "results"))]
pub mod next_steps;
#[cfg(any(feature = "ssr", not(feature = "islands"), feature = "map"))]
pub mod map_view;
pub mod favourite;
