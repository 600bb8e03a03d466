//! Which client bundle a page loads: the one its islands need, found while
//! the page renders on the server (each island calls [`needs`]).
use leptos::prelude::*;

/// A client bundle, smallest first: a page needing both loads the larger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bundle {
    /// Islands a resident's phone may load.
    Resident,
    /// The resident islands plus those of staff, writers and link workers.
    Work,
}

impl Bundle {
    /// The file name part: `/pkg/tsunagu-<build>-<name>.js` and `…_bg.wasm`.
    pub fn name(self) -> &'static str {
        match self {
            Bundle::Resident => "resident",
            Bundle::Work => "work",
        }
    }

    /// The bundle a page loads when it holds islands of both `self` and `other`.
    pub fn with(self, other: Option<Bundle>) -> Bundle {
        other.map_or(self, |o| o.max(self))
    }
}

/// The bundle the page being rendered needs so far (server; one per request).
#[derive(Debug, Clone, Default)]
pub struct PageBundle(std::sync::Arc<std::sync::Mutex<Option<Bundle>>>);

impl PageBundle {
    pub fn get(&self) -> Option<Bundle> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn add(&self, bundle: Bundle) {
        let mut b = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *b = Some(bundle.with(*b));
    }
}

/// Called by every island as its first line: the page holding it loads
/// `bundle` (on the server while rendering; nothing to do in the browser).
pub fn needs(bundle: Bundle) {
    if let Some(page) = use_context::<PageBundle>() {
        page.add(bundle);
    }
}

/// In `<head>`: islands mode renders the page without hydration markers
/// outside islands (what Leptos' `HydrationScripts islands=true` does first).
#[component]
pub fn IslandsMode() -> impl IntoView {
    #[cfg(feature = "islands")]
    if let Some(sc) = Owner::current_shared_context() {
        sc.set_is_hydrating(false);
    }
}

/// At the end of `<body>`, after the page has rendered: the script that
/// loads the bundle its islands need, or nothing for a page without islands.
///
/// Islands inside `<Suspense>` render only once their data has come, after
/// the synchronous part of the document (this tag included) was written. So
/// the choice waits in a `Suspense` of its own: every route renders in order
/// (`SsrMode::Async`), which polls this one last, when every island above has
/// said what it needs.
#[component]
pub fn IslandScripts(options: LeptosOptions, page: PageBundle) -> impl IntoView {
    view! {
        <Suspense>
            {move || {
                let (options, page) = (options.clone(), page.clone());
                Suspend::new(async move {
                    // a Suspense may poll once while it is being built: the
                    // choice comes on a later poll, in the document's order
                    #[cfg(feature = "ssr")]
                    tokio::task::yield_now().await;
                    page.get().map(|bundle| {
                        let mut options = options.clone();
                        options.output_name = format!("{}-{}", options.output_name, bundle.name()).into();
                        view! { <HydrationScripts options=options islands=true /> }
                    })
                })
            }}
        </Suspense>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_with_both_kinds_of_island_loads_the_work_bundle() {
        assert_eq!(Bundle::Resident.with(None), Bundle::Resident);
        assert_eq!(Bundle::Resident.with(Some(Bundle::Work)), Bundle::Work);
        assert_eq!(Bundle::Work.with(Some(Bundle::Resident)), Bundle::Work);
        let page = PageBundle::default();
        assert_eq!(page.get(), None);
        page.add(Bundle::Resident);
        page.add(Bundle::Work);
        page.add(Bundle::Resident);
        assert_eq!(page.get(), Some(Bundle::Work));
    }
}
