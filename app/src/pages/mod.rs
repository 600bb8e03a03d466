//! The pages floor: server components that compose features into pages.
//! Only `app.rs` (the routes) imports from here; nothing in a feature
//! folder, `ui/`, `shell/` or a foundation module imports a page.
pub mod about;
pub mod accounts;
pub mod activities;
pub mod casework;
pub mod dashboard;
pub mod events;
pub mod health_check;
pub mod home;
pub mod map;
pub mod diary;
pub mod points;
pub mod reports;
pub mod resources;
pub mod staff;
pub mod suggestions;

/// The house rules of `../shared/ARCHITECTURE.md`, checked on the source:
/// imports only go down.
#[cfg(test)]
mod layering {
    use std::path::{Path, PathBuf};

    fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// Every source file of the app crate, as (path below `src/`, text).
    fn files() -> Vec<(String, String)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut paths = Vec::new();
        sources(&root, &mut paths);
        paths
            .into_iter()
            .map(|p| {
                let rel = p.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
                (rel, std::fs::read_to_string(&p).unwrap())
            })
            .collect()
    }

    /// Whether `text` names module `module` of the crate (`crate::x::…`,
    /// `crate::x;`, `crate::{x, …}` is not used in this crate).
    fn names(text: &str, module: &str) -> bool {
        let needle = format!("crate::{module}");
        text.match_indices(&needle).any(|(at, _)| {
            !text[at + needle.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
        })
    }

    #[test]
    fn only_the_routes_import_pages() {
        let offenders: Vec<_> = files()
            .into_iter()
            .filter(|(path, text)| !path.starts_with("pages/") && path != "app.rs" && names(text, "pages"))
            .map(|(path, _)| path)
            .collect();
        assert!(offenders.is_empty(), "a feature, ui/, shell/ or foundation imports a page: {offenders:?}");
    }

    #[test]
    fn pages_are_not_declared_in_feature_folders() {
        // a page file (`*_page.rs`, `*_pages.rs`) outside pages/ would be a view
        // that features could import again
        let stray: Vec<_> = files()
            .into_iter()
            .map(|(path, _)| path)
            .filter(|p| !p.starts_with("pages/") && (p.ends_with("_page.rs") || p.ends_with("_pages.rs")))
            .collect();
        assert!(stray.is_empty(), "page files outside pages/: {stray:?}");
    }

    #[test]
    fn foundations_import_no_feature() {
        // time and dates, formats, input types, the error type and the config
        // sit below every feature
        let foundations = ["calendar/", "feeds/", "validation/", "error.rs", "config.rs"];
        let features = [
            "about", "accounts", "activities", "casework", "dashboard", "districts", "events", "health_check", "map", "reports",
            "resources", "staff", "suggestions", "ui", "shell", "pages", "app", "db",
        ];
        let mut offenders = Vec::new();
        for (path, text) in files() {
            if foundations.iter().any(|f| path.starts_with(f)) {
                for feature in features {
                    if names(&text, feature) {
                        offenders.push(format!("{path} → {feature}"));
                    }
                }
            }
        }
        assert!(offenders.is_empty(), "a foundation module imports a feature: {offenders:?}");
    }

    #[test]
    fn islands_live_in_islands_with_names_of_their_own() {
        // the only client code sits in islands/ (where the bundles and the
        // layering tests look for it); one name an island keeps the HTML's
        // `data-component` and the bundle's exports readable
        let mut seen = std::collections::BTreeMap::<String, String>::new();
        let mut clashes = Vec::new();
        for (path, text) in files() {
            let mut lines = text.lines();
            while let Some(line) = lines.next() {
                if line.trim() != "#[island]" {
                    continue;
                }
                assert!(path.starts_with("islands/"), "an island outside islands/: {path}");
                let decl = lines.next().unwrap_or_default();
                let name = decl.split("fn ").nth(1).and_then(|r| r.split(['(', '<']).next()).unwrap_or_default().to_string();
                if let Some(first) = seen.insert(name.clone(), path.clone()) {
                    clashes.push(format!("{name}: {first} and {path}"));
                }
            }
        }
        assert!(seen.len() > 40, "islands found: {}", seen.len());
        assert!(clashes.is_empty(), "two islands with one name: {clashes:?}");
    }
}
