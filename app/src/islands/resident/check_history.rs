//! Past results on this device: open one, save all to a file, delete all.
//! Part of the `check` bundle (which the offline pack carries): it shares
//! the device storage code with the questions, and keeps the result page's
//! bundle small.
use crate::health_check::device::{self, SavedResult};
use crate::activities::query::encode;
use crate::i18n::*;
use crate::islands::{island, needs, Part};
use leptos::prelude::*;

#[island]
pub fn DeviceHistory(
    /// The questionnaires on offer: their unfinished answers go with "delete all".
    questionnaire_ids: Vec<String>,
) -> impl IntoView {
    needs(Part::Check);
    let i18n = island_i18n();
    let english = move || i18n.get_locale() == Locale::en;
    let results = RwSignal::new(None::<Vec<SavedResult>>);
    let deleted = RwSignal::new(false);
    Effect::new(move |_| results.set(Some(device::history())));
    let questionnaire_ids = StoredValue::new(questionnaire_ids);
    let delete_all = move |_| {
        let ok = web_confirm(&t_string!(i18n, health.delete_confirm));
        if ok {
            questionnaire_ids.with_value(|ids| device::delete_all(ids));
            results.set(Some(Vec::new()));
            deleted.set(true);
        }
    };
    // "imported n" or a problem, from reading an export file
    let imported = RwSignal::new(None::<Result<usize, ()>>);
    let import = move |ev: leptos::ev::Event| {
        crate::ui::browser::read_chosen_file(&ev, move |text| {
            let parsed = text.as_deref().map(device::parse_export);
            match parsed {
                Some(Ok(list)) => {
                    let n = list.len();
                    let merged = device::merge(&device::history(), list);
                    if device::save_history(&merged) {
                        results.set(Some(merged));
                        imported.set(Some(Ok(n)));
                    } else {
                        imported.set(Some(Err(())));
                    }
                }
                _ => imported.set(Some(Err(()))),
            }
        });
    };
    let export = move || {
        let text = device::export_text(&results.get().unwrap_or_default());
        format!("data:application/json;charset=utf-8,{}", encode(&text).replace('+', "%20"))
    };
    view! {
        {move || deleted.get().then(|| view! { <p class="notice" role="status" data-testid="deleted">{t!(i18n, health.deleted)}</p> })}
        {move || match results.get() {
            None => view! { <p class="muted">{t!(i18n, health.loading_device)}</p> }.into_any(),
            Some(list) if list.is_empty() => view! { <p data-testid="history-empty">{t!(i18n, health.history_none)}</p> }.into_any(),
            Some(list) => view! {
                <ul class="results" data-testid="history">
                    {list.into_iter().rev().map(|r| {
                        let title = r.title.clone();
                        view! {
                            <li class="card result">
                                <a class="result-link" href=format!("/health-check/results/{}", r.id)>
                                    <h2 class="result-name">{move || title.pick(english()).to_string()}</h2>
                                    <p class="muted">{r.taken_at.replace('T', " ")}</p>
                                </a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <p class="contact-actions">
                    <a class="button secondary" href=export download="tsunagu-health-check.json">{t!(i18n, health.export)}</a>
                    <button type="button" class="button danger" data-testid="delete-all" on:click=delete_all>{t!(i18n, health.delete_all)}</button>
                </p>
            }.into_any(),
        }}
        <div class="field import-file">
            <label for="import-file">{t!(i18n, health.import)}</label>
            <input id="import-file" type="file" accept="application/json,.json" on:change=import data-testid="import-file" />
            {move || match imported.get() {
                Some(Ok(n)) => view! { <p class="notice" role="status" data-testid="imported">{move || td_string!(i18n.get_locale(), health.imported, n = n).to_string()}</p> }.into_any(),
                Some(Err(())) => view! { <p class="error" role="alert">{t!(i18n, health.import_failed)}</p> }.into_any(),
                None => ().into_any(),
            }}
        </div>
        <p><a href="/health-check">{t!(i18n, health.all_checks)}</a></p>
    }
}

/// The browser's own yes/no dialog (always yes on the server, never called there).
fn web_confirm(message: &str) -> bool {
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        return web_sys::window().and_then(|w| w.confirm_with_message(message).ok()).unwrap_or(false);
    }
    #[allow(unreachable_code)]
    {
        let _ = message;
        true
    }
}
