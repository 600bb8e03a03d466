//! The code that runs in the browser. In islands mode (the `islands`
//! feature) pages are server components that send HTML only, and the
//! components here are the only ones that hydrate: small, with serialisable
//! props, calling the server functions of their feature.
//!
//! Two client bundles, by audience:
//! - [`Bundle::Resident`]: what a resident's phone may load (the health
//!   check, the map, sharing, near me …);
//! - [`Bundle::Work`]: everything a link worker, writer or staff member
//!   uses on top (the casework tablet page, the report editor, the staff
//!   editors). Built with the `work` feature; a resident never downloads it.
//!
//! Each island says which bundle it lives in with [`needs`] as its first
//! line; the page's shell then loads that bundle (the larger one if a page
//! has both kinds), and a page with no island loads no WebAssembly at all.
//!
//! Write islands with `#[island]` from this module: it is Leptos' `#[island]`
//! in islands mode and a plain `#[component]` otherwise, so the same code
//! runs in both modes while the app moves over.
pub mod bundle;
pub mod resident;
#[cfg(any(feature = "ssr", feature = "work", not(feature = "islands")))]
pub mod work;

pub use bundle::{needs, Bundle};

/// `#[island]` in islands mode, `#[component]` otherwise (see the module docs).
#[cfg(feature = "islands")]
pub use leptos::island;
/// `#[island]` in islands mode, `#[component]` otherwise (see the module docs).
#[cfg(not(feature = "islands"))]
pub use leptos::component as island;
