//! Which client bundle a page loads: the one its islands need, found while
//! the page renders on the server (each island calls [`needs`]).
use leptos::prelude::*;

/// The part of the client an island belongs to: a cargo feature of the
/// client build (none for [`Part::Resident`], which every bundle holds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Small islands on the pages residents read: sharing, near me.
    Resident,
    /// Resident forms: signing in and up, the account page, suggestions.
    Forms,
    /// The health check's questions (one page per questionnaire) and the
    /// history of results kept on the device.
    Check,
    /// A health-check result (chart, note, next steps).
    Results,
    /// The resource map.
    Map,
    /// Link workers and clinics: intake, cases, referrals.
    Casework,
    /// Community writers: the report and profile editors.
    Write,
    /// City staff: the editors, the import, the queues.
    Staff,
}

impl Part {
    const fn bit(self) -> u8 {
        1 << self as u8
    }

    /// The cargo feature that compiles this part's islands into a client
    /// build (`None`: in every build).
    pub fn feature(self) -> Option<&'static str> {
        match self {
            Part::Resident => None,
            Part::Forms => Some("forms"),
            Part::Check => Some("check"),
            Part::Results => Some("results"),
            Part::Map => Some("map"),
            Part::Casework => Some("casework"),
            Part::Write => Some("write"),
            Part::Staff => Some("staff"),
        }
    }

    pub const ALL: [Part; 8] = [Part::Resident, Part::Forms, Part::Check, Part::Results, Part::Map, Part::Casework, Part::Write, Part::Staff];
}

/// A client bundle: the parts it holds. A page loads the first bundle (in
/// [`BUNDLES`]' order, smallest first) that holds every part its islands
/// belong to, so a resident's page never loads casework, writer or staff
/// code, and a news page does not carry the health check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bundle {
    /// The file name part: `/pkg/tsunagu-<build>-<name>.js` and `…_bg.wasm`.
    pub name: &'static str,
    parts: u8,
}

const fn parts(list: &[Part]) -> u8 {
    let mut bits = 0;
    let mut i = 0;
    while i < list.len() {
        bits |= list[i].bit();
        i += 1;
    }
    bits
}

/// Every client bundle `scripts/build.sh` builds, smallest first (a unit
/// test checks that the script builds exactly these, with these features).
pub const BUNDLES: [Bundle; 8] = [
    Bundle { name: "resident", parts: parts(&[Part::Resident]) },
    Bundle { name: "map", parts: parts(&[Part::Resident, Part::Map]) },
    Bundle { name: "check", parts: parts(&[Part::Resident, Part::Check]) },
    Bundle { name: "results", parts: parts(&[Part::Resident, Part::Results]) },
    Bundle { name: "forms", parts: parts(&[Part::Resident, Part::Forms]) },
    Bundle { name: "write", parts: parts(&[Part::Resident, Part::Forms, Part::Write]) },
    Bundle { name: "casework", parts: parts(&[Part::Resident, Part::Forms, Part::Casework]) },
    Bundle { name: "staff", parts: parts(&[Part::Resident, Part::Forms, Part::Staff]) },
];

impl Bundle {
    /// Whether this bundle holds the islands of `part`.
    pub fn holds(self, part: Part) -> bool {
        self.parts & part.bit() != 0
    }

    /// The cargo features of this bundle's client build.
    pub fn features(self) -> Vec<&'static str> {
        let mut f = vec!["hydrate", "islands"];
        f.extend(Part::ALL.into_iter().filter(|p| self.holds(*p)).filter_map(Part::feature));
        f
    }

    /// The smallest bundle holding every part in `needed` (a bit set of
    /// parts). No bundle is made for a mix no page has; should one appear,
    /// the bundle holding most of it is loaded (the rest stays plain HTML,
    /// still readable) and the server says so in its log.
    fn for_parts(needed: u8) -> Bundle {
        if let Some(b) = BUNDLES.into_iter().find(|b| b.parts & needed == needed) {
            return b;
        }
        let best = BUNDLES.into_iter().max_by_key(|b| (b.parts & needed).count_ones()).unwrap_or(BUNDLES[0]);
        #[cfg(feature = "ssr")]
        tracing::warn!(needed, bundle = best.name, "no client bundle holds every island of this page");
        best
    }
}

/// The parts the islands of the page being rendered belong to (server; one
/// per request).
#[derive(Debug, Clone, Default)]
pub struct PageBundle(std::sync::Arc<std::sync::atomic::AtomicU8>);

impl PageBundle {
    /// The bundle this page loads, or `None` when it has no island.
    pub fn get(&self) -> Option<Bundle> {
        let needed = self.0.load(std::sync::atomic::Ordering::Relaxed);
        (needed != 0).then(|| Bundle::for_parts(needed))
    }

    fn add(&self, part: Part) {
        self.0.fetch_or(part.bit(), std::sync::atomic::Ordering::Relaxed);
    }
}

/// Called by every island as its first line: the page holding it loads a
/// bundle with `part` (on the server while rendering; nothing to do in the
/// browser).
pub fn needs(part: Part) {
    if let Some(page) = use_context::<PageBundle>() {
        page.add(part);
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
                        options.output_name = format!("{}-{}", options.output_name, bundle.name).into();
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
    fn a_page_loads_the_smallest_bundle_holding_its_islands() {
        let page = PageBundle::default();
        assert_eq!(page.get(), None, "no island, no bundle");
        page.add(Part::Resident);
        assert_eq!(page.get().unwrap().name, "resident");
        page.add(Part::Check);
        assert_eq!(page.get().unwrap().name, "check");
        let page = PageBundle::default();
        page.add(Part::Casework);
        page.add(Part::Forms);
        assert_eq!(page.get().unwrap().name, "casework");
        // a mix no bundle holds: the one holding most of it
        let page = PageBundle::default();
        page.add(Part::Check);
        page.add(Part::Map);
        page.add(Part::Resident);
        assert!(["map", "check"].contains(&page.get().unwrap().name));
    }

    #[test]
    fn every_bundle_holds_the_resident_part_and_no_resident_bundle_holds_work() {
        for b in BUNDLES {
            assert!(b.holds(Part::Resident), "{}", b.name);
        }
        for name in ["resident", "map", "check", "results", "forms"] {
            let b = BUNDLES.into_iter().find(|b| b.name == name).unwrap();
            for p in [Part::Casework, Part::Write, Part::Staff] {
                assert!(!b.holds(p), "{name} holds {p:?}");
            }
        }
        for p in Part::ALL {
            assert!(BUNDLES.iter().any(|b| b.holds(p)), "no bundle holds {p:?}");
        }
    }

    /// scripts/build.sh builds exactly [`BUNDLES`], each with its features.
    #[test]
    fn the_build_script_builds_every_bundle_with_its_features() {
        let script = include_str!("../../../scripts/build.sh");
        let built: Vec<(String, String)> = script
            .lines()
            .filter_map(|l| l.trim().strip_prefix("client tsunagu-"))
            .filter_map(|rest| rest.split_once(' '))
            .map(|(name, features)| (name.to_string(), features.trim().to_string()))
            .filter(|(name, _)| !name.starts_with('$'))
            .collect();
        let expected: Vec<(String, String)> = BUNDLES.iter().map(|b| (b.name.to_string(), b.features().join(","))).collect();
        assert_eq!(built, expected);
    }
}
