//! 「情報の誤りを報告」 on a listing's page.
use crate::i18n::*;
use crate::islands::{island, needs, Bundle};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// 「情報の誤りを報告」: a small form that lands in the staff queue. Works
/// without JavaScript (plain form post to the server function); with it,
/// the thanks or the failure shows in place.
#[island]
pub fn ReportProblem(activity_id: i64) -> impl IntoView {
    needs(Bundle::Resident);
    use crate::activities::problem_reports::{ProblemKind, ReportProblem as ReportProblemFn};
    let i18n = island_i18n();
    let action = ServerAction::<ReportProblemFn>::new();
    let label = move |k: ProblemKind| match k {
        ProblemKind::Time => t_string!(i18n, activities.report_time),
        ProblemKind::Place => t_string!(i18n, activities.report_place),
        ProblemKind::Contact => t_string!(i18n, activities.report_contact),
        ProblemKind::Ended => t_string!(i18n, activities.report_ended),
        ProblemKind::Other => t_string!(i18n, activities.report_other),
    };
    view! {
        <details class="report no-print">
            <summary>{t!(i18n, activities.report_title)}</summary>
            <p>{t!(i18n, activities.report_intro)}</p>
            <ActionForm action=action>
                <input type="hidden" name="activity_id" value=activity_id />
                <fieldset>
                    <legend>{t!(i18n, activities.report_kind)}</legend>
                    {ProblemKind::ALL.into_iter().enumerate().map(|(i, k)| view! {
                        <label class="check">
                            <input type="radio" name="kind" value=k.as_str() checked=i == 0 />
                            <span>{move || label(k)}</span>
                        </label>
                    }).collect_view()}
                </fieldset>
                <label class="field">
                    <span>{t!(i18n, activities.report_note)}</span>
                    <textarea name="note" rows="3" maxlength="1000"></textarea>
                </label>
                <label class="honeypot" aria-hidden="true">
                    "website"<input type="text" name="website" tabindex="-1" autocomplete="off" />
                </label>
                <button type="submit" class="button">{t!(i18n, activities.report_send)}</button>
            </ActionForm>
            {move || match action.value().get() {
                Some(Ok(())) => view! { <p class="notice" role="status">{t!(i18n, activities.report_thanks)}</p> }.into_any(),
                Some(Err(_)) => view! { <p class="error" role="alert">{t!(i18n, activities.report_failed)}</p> }.into_any(),
                None => ().into_any(),
            }}
        </details>
    }
}
