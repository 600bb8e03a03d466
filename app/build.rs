//! Generates the `i18n` module from `locales/{ja,en}/*.json` (leptos_i18n).
//! Japanese is the default locale; a key missing in English is a build warning.
use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR unset")?).join("i18n");
    let cfg = Config::new("ja")?
        .add_locale("en")?
        .add_namespaces(["common", "explain", "activities", "staff", "events", "health", "accounts", "reports", "pages", "places", "casework", "dashboard", "points", "diary"])?
        // interpolated strings also as plain `String`s (form errors, import reports)
        .parse_options(ParseOptions::default().interpolate_display(true));
    let infos = TranslationsInfos::parse(cfg)?;
    infos.emit_diagnostics();
    infos.rerun_if_locales_changed();
    infos.generate_i18n_module(out)?;
    Ok(())
}
