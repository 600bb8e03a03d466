//! The code that runs in the browser. In islands mode (the `islands`
//! feature) pages are server components that send HTML only, and the
//! components here are the only ones that hydrate: small, with serialisable
//! props, calling the server functions of their feature.
//!
//! The client is built as several bundles ([`bundle::BUNDLES`]), by
//! audience and by page: every island belongs to a [`Part`] (resident,
//! resident forms, health check, map, casework, writing, staff) and says so
//! with [`needs`] as its first line; the page's shell then loads the
//! smallest bundle holding every part its islands need, and a page with no
//! island loads no WebAssembly at all. A resident's phone never downloads
//! casework, writer or staff code; a part's islands are compiled into a
//! client build only with its cargo feature ([`Part::feature`]).
//!
//! Write islands with `#[island]` from this module: it is Leptos' `#[island]`
//! in islands mode and a plain `#[component]` otherwise, so the same code
//! runs in both modes while the app moves over.
pub mod bundle;
pub mod resident;
#[cfg(any(feature = "ssr", not(feature = "islands"), feature = "casework", feature = "write", feature = "staff"))]
pub mod work;

pub use bundle::{needs, Bundle, Part};

/// `#[island]` in islands mode, `#[component]` otherwise (see the module docs).
#[cfg(feature = "islands")]
pub use leptos::island;
/// `#[island]` in islands mode, `#[component]` otherwise (see the module docs).
#[cfg(not(feature = "islands"))]
pub use leptos::component as island;
