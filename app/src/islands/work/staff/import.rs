//! 一括取り込み・書き出し (`/staff/import`): upload a CSV / .xlsx file to
//! `POST /staff/import?commit=0|1` with XMLHttpRequest (so the upload shows
//! a progress bar), then show the report: counts and a table of problems.
//! Links to the template and the exports. Needs JavaScript (the upload);
//! the links work without it.
use crate::islands::{island, needs, Part};
use crate::ui::access::Forbidden;
use crate::staff::load_staff_overview;
use crate::activities::import::ImportReport;
use crate::i18n::*;
use leptos::prelude::*;

/// Why an upload gave no report.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UploadError {
    NoFile,
    TooLarge,
    Forbidden,
    Failed,
}

#[derive(Clone, Copy)]
struct UploadState {
    /// 0.0–1.0 while (and after) uploading.
    progress: RwSignal<Option<f64>>,
    busy: RwSignal<bool>,
    report: RwSignal<Option<ImportReport>>,
    error: RwSignal<Option<UploadError>>,
}

#[island]
pub fn ImportDesk() -> impl IntoView {
    needs(Part::Staff);
    let i18n = island_i18n();
    let overview = Resource::new(|| (), |_| load_staff_overview());
    let input = NodeRef::<leptos::html::Input>::new();
    let state = UploadState {
        progress: RwSignal::new(None),
        busy: RwSignal::new(false),
        report: RwSignal::new(None),
        error: RwSignal::new(None),
    };
    let send = move |commit: bool| {
        #[cfg(feature = "hydrate")]
        upload(input, commit, state);
        #[cfg(not(feature = "hydrate"))]
        let _ = (input, commit);
    };
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match overview.await {
                    Err(e) => view! { <Forbidden error=e /> }.into_any(),
                    Ok(_) => view! {
                        <p>{t!(i18n, staff.import_intro)}</p>
                        <ul class="import-links">
                            <li><a href="/staff/import/template.csv" download="tsunagu-template.csv">{t!(i18n, staff.import_template)}</a></li>
                            <li><a href="/staff/export.csv" download="tsunagu-activities-all.csv">{t!(i18n, staff.import_export)}</a></li>
                            <li><a href="/api/activities.csv">{t!(i18n, staff.import_open_data)}</a></li>
                        </ul>
                        <form class="import-form" on:submit=|ev| ev.prevent_default()>
                            <label class="field">
                                <span>{t!(i18n, staff.import_file)}</span>
                                <input node_ref=input type="file" name="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" data-testid="import-file" />
                            </label>
                            <p class="actions">
                                <button type="button" class="button secondary" data-testid="import-dry-run"
                                    disabled=move || state.busy.get() on:click=move |_| send(false)>
                                    {t!(i18n, staff.import_dry_run)}
                                </button>
                                " "
                                <button type="button" class="button" data-testid="import-commit"
                                    disabled=move || state.busy.get() on:click=move |_| send(true)>
                                    {t!(i18n, staff.import_commit)}
                                </button>
                            </p>
                        </form>
                        {move || state.progress.get().map(|p| view! {
                            <p class="import-progress">
                                <label>
                                    <span>{move || if state.busy.get() { t_string!(i18n, staff.import_checking) } else { t_string!(i18n, staff.import_progress) }}</span>
                                    " "
                                    <progress max="100" value=format!("{:.0}", p * 100.0) data-testid="import-progress">{format!("{:.0}%", p * 100.0)}</progress>
                                </label>
                            </p>
                        })}
                        {move || state.error.get().map(|e| view! {
                            <p class="form-error" role="alert">{move || match e {
                                UploadError::NoFile => t_string!(i18n, staff.import_no_file),
                                UploadError::TooLarge => t_string!(i18n, staff.import_too_large),
                                UploadError::Forbidden => t_string!(i18n, staff.forbidden),
                                UploadError::Failed => t_string!(i18n, staff.import_failed),
                            }}</p>
                        })}
                        {move || state.report.get().map(|r| view! { <Report report=r /> })}
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Report(report: ImportReport) -> impl IntoView {
    let i18n = use_i18n();
    let outcome = if report.committed {
        "saved"
    } else if report.problems.is_empty() {
        "dry-run-ok"
    } else {
        "not-saved"
    };
    let problems = report.problems.clone();
    view! {
        <section class="import-report" data-testid="import-report" data-outcome=outcome>
            <p role="status">{move || match outcome {
                "saved" => t_string!(i18n, staff.import_saved),
                "dry-run-ok" => t_string!(i18n, staff.import_dry_run_ok),
                _ => t_string!(i18n, staff.import_not_saved),
            }}</p>
            <dl class="import-counts">
                <dt>{t!(i18n, staff.import_rows)}</dt><dd>{report.rows}</dd>
                <dt>{t!(i18n, staff.import_new)}</dt><dd>{report.new}</dd>
                <dt>{t!(i18n, staff.import_updated)}</dt><dd>{report.updated}</dd>
                <dt>{t!(i18n, staff.import_unchanged)}</dt><dd>{report.unchanged}</dd>
                <dt>{t!(i18n, staff.import_rejected)}</dt><dd>{report.rejected}</dd>
            </dl>
            {(!problems.is_empty()).then(|| view! {
                <h2>{t!(i18n, staff.import_problems)}</h2>
                <div class="table-scroll">
                    <table class="import-problems">
                        <thead><tr>
                            <th scope="col">{t!(i18n, staff.import_row)}</th>
                            <th scope="col">{t!(i18n, staff.import_column)}</th>
                            <th scope="col">{t!(i18n, staff.import_message)}</th>
                        </tr></thead>
                        <tbody>
                            {problems.into_iter().map(|p| {
                                let row = p.row;
                                view! {
                                    <tr>
                                        <td>{move || if row == 0 { t_string!(i18n, staff.import_whole_file).to_string() } else { row.to_string() }}</td>
                                        <td>{p.column}</td>
                                        <td lang="ja">{p.message_ja}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </section>
    }
}

/// Send the chosen file with XMLHttpRequest (upload progress events).
#[cfg(feature = "hydrate")]
fn upload(input: NodeRef<leptos::html::Input>, commit: bool, state: UploadState) {
    const MAX_BYTES: f64 = 20.0 * 1024.0 * 1024.0;

    state.error.set(None);
    state.report.set(None);
    let Some(el) = input.get_untracked() else { return };
    let Some(file) = el.files().and_then(|f| f.get(0)) else {
        state.error.set(Some(UploadError::NoFile));
        return;
    };
    if file.size() > MAX_BYTES {
        state.error.set(Some(UploadError::TooLarge));
        return;
    }
    state.busy.set(true);
    state.progress.set(Some(0.0));
    crate::ui::browser::post_file(
        &input,
        &format!("/staff/import?commit={}", u8::from(commit)),
        move |p| state.progress.set(Some(p)),
        move |status, text| {
            state.busy.set(false);
            state.progress.set(Some(1.0));
            match status {
                200 => match serde_json::from_str::<ImportReport>(&text) {
                    Ok(r) => state.report.set(Some(r)),
                    Err(_) => state.error.set(Some(UploadError::Failed)),
                },
                401 | 403 => state.error.set(Some(UploadError::Forbidden)),
                413 => state.error.set(Some(UploadError::TooLarge)),
                _ => state.error.set(Some(UploadError::Failed)),
            }
        },
    );
}
