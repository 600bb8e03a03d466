//! 「情報の誤りを報告」 on a listing's page: a plain form (no client code).
//! The server function answers the form post by sending the browser back
//! here with `?report=thanks` (or `failed`), and the section opens to say so.
use crate::activities::problem_reports::{ProblemKind, ReportProblem as ReportProblemFn};
use crate::i18n::*;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// What the last report from this page came to (`?report=` on its URL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportOutcome {
    Thanks,
    Failed,
    /// Many reports from this address lately: wait about this many minutes.
    Busy { minutes: u32 },
}

impl ReportOutcome {
    /// From `?report=` (and `wait=`, the minutes, for `busy`).
    pub fn from_query(value: Option<&str>, wait: Option<&str>) -> Option<ReportOutcome> {
        match value {
            Some("thanks") => Some(ReportOutcome::Thanks),
            Some("failed") => Some(ReportOutcome::Failed),
            Some("busy") => Some(ReportOutcome::Busy { minutes: wait.and_then(|w| w.parse().ok()).unwrap_or(60) }),
            _ => None,
        }
    }
}

/// 「情報の誤りを報告」: a small form that lands in the staff queue.
#[component]
pub fn ReportProblem(activity_id: i64, outcome: Option<ReportOutcome>) -> impl IntoView {
    let i18n = use_i18n();
    let label = move |k: ProblemKind| match k {
        ProblemKind::Time => t_string!(i18n, activities.report_time),
        ProblemKind::Place => t_string!(i18n, activities.report_place),
        ProblemKind::Contact => t_string!(i18n, activities.report_contact),
        ProblemKind::Ended => t_string!(i18n, activities.report_ended),
        ProblemKind::Other => t_string!(i18n, activities.report_other),
    };
    view! {
        <details class="report no-print" id="report" open=outcome.is_some()>
            <summary>{t!(i18n, activities.report_title)}</summary>
            {match outcome {
                Some(ReportOutcome::Thanks) => view! { <p class="notice" role="status">{t!(i18n, activities.report_thanks)}</p> }.into_any(),
                Some(ReportOutcome::Failed) => view! { <p class="error" role="alert">{t!(i18n, activities.report_failed)}</p> }.into_any(),
                Some(ReportOutcome::Busy { minutes }) => view! { <crate::ui::forms::RateLimitedNotice minutes=minutes /> }.into_any(),
                None => ().into_any(),
            }}
            <p>{t!(i18n, activities.report_intro)}</p>
            <form method="post" action=ReportProblemFn::url()>
                <input type="hidden" name="activity_id" value=activity_id />
                <fieldset>
                    <legend>{t!(i18n, activities.report_kind)}</legend>
                    {ProblemKind::ALL.into_iter().enumerate().map(|(i, k)| view! {
                        <label class="check">
                            <input type="radio" name="kind" value=k.as_str() checked=i == 0 />
                            <span>{label(k)}</span>
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
            </form>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outcome_comes_from_the_query() {
        assert_eq!(ReportOutcome::from_query(Some("thanks"), None), Some(ReportOutcome::Thanks));
        assert_eq!(ReportOutcome::from_query(Some("failed"), None), Some(ReportOutcome::Failed));
        assert_eq!(ReportOutcome::from_query(Some("busy"), Some("12")), Some(ReportOutcome::Busy { minutes: 12 }));
        assert_eq!(ReportOutcome::from_query(Some("busy"), Some("x")), Some(ReportOutcome::Busy { minutes: 60 }));
        assert_eq!(ReportOutcome::from_query(Some("<script>"), None), None);
        assert_eq!(ReportOutcome::from_query(None, None), None);
    }
}
