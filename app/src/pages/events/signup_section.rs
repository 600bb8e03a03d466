//! The sign-up form on an event's page: a plain form (no client code), so it
//! works on any phone. The server function answers a form post with a page:
//! the confirmation, or this page again with `?signup=full|closed|invalid|busy`,
//! which this section explains.
use crate::events::{SignUp, SignupOutcome};
use crate::i18n::*;
use crate::validation::Problem;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The sign-up form, and what the server said about the last attempt
/// (`outcome`, read from this page's URL).
#[component]
pub fn SignupSection(event_id: i64, open: bool, full: bool, remaining: Option<u32>, outcome: Option<SignupOutcome>) -> impl IntoView {
    let i18n = use_i18n();
    let errors = match &outcome {
        Some(SignupOutcome::Invalid(errors)) => errors.clone(),
        _ => Vec::new(),
    };
    let field_error = |name: &'static str| {
        errors.iter().find(|e| e.field == name).map(|e| {
            let msg = match &e.problem {
                // from the URL we only know the field: say what it needs
                Problem::Required => crate::ui::forms::problem_of_field_in_url(name).message(i18n.get_locale()),
                p => p.message(i18n.get_locale()),
            };
            view! { <span class="field-error" role="alert">{msg}</span> }
        })
    };
    view! {
        <section class="signup no-print" id="signup" aria-labelledby="signup-heading" data-testid="signup">
            <h2 id="signup-heading">{t!(i18n, events.signup_title)}</h2>
            {match outcome.clone() {
                Some(SignupOutcome::Full { remaining }) => view! {
                    <div class="banner alert" role="alert" data-testid="signup-full">
                        <p>{t!(i18n, events.full_message)}</p>
                        {(remaining > 0).then(|| view! { <p>{move || td_string!(i18n.get_locale(), events.full_remaining, n = remaining).to_string()}</p> })}
                    </div>
                }.into_any(),
                Some(SignupOutcome::Closed) => view! { <p class="banner alert" role="alert" data-testid="signup-closed">{t!(i18n, events.closed)}</p> }.into_any(),
                Some(SignupOutcome::Invalid(_)) => view! { <p class="error" role="alert">{t!(i18n, events.fix_below)}</p> }.into_any(),
                Some(SignupOutcome::Busy { minutes }) => view! { <crate::ui::forms::RateLimitedNotice minutes=minutes /> }.into_any(),
                _ => ().into_any(),
            }}
            {if open {
                view! {
                    <form method="post" action=SignUp::url()>
                        <input type="hidden" name="event_id" value=event_id />
                        <label class="field">
                            <span>{t!(i18n, events.name)}</span>
                            <input type="text" name="form[name]" autocomplete="name" required maxlength="60" />
                            {field_error("name")}
                        </label>
                        <label class="field">
                            <span>{t!(i18n, events.contact_field)}</span>
                            <input type="text" name="form[contact]" autocomplete="tel" inputmode="email" required maxlength="200" />
                            <small class="hint">{t!(i18n, events.contact_hint)}</small>
                            {field_error("contact")}
                        </label>
                        <label class="field">
                            <span>{t!(i18n, events.people)}</span>
                            <select name="form[people]">
                                {(1..=crate::events::model::MAX_PEOPLE as u32)
                                    .filter(|n| remaining.is_none_or(|r| *n <= r.max(1)))
                                    .map(|n| view! { <option value=n>{n}</option> })
                                    .collect_view()}
                            </select>
                            {field_error("people")}
                        </label>
                        <label class="field">
                            <span>{t!(i18n, events.note)}</span>
                            <textarea name="form[note]" rows="2" maxlength="500"></textarea>
                        </label>
                        <label class="check consent">
                            <input type="checkbox" name="form[consent]" value="true" required />
                            <span>{t!(i18n, events.consent)}</span>
                        </label>
                        {field_error("consent")}
                        <label class="honeypot" aria-hidden="true">
                            "website"<input type="text" name="website" tabindex="-1" autocomplete="off" />
                        </label>
                        <button type="submit" class="button">{t!(i18n, events.submit)}</button>
                    </form>
                }.into_any()
            } else if full && !matches!(outcome, Some(SignupOutcome::Full { .. })) {
                // (the banner above already says it when the page came back
                // from a refused sign-up without JavaScript)
                view! { <p class="banner alert" data-testid="signup-full">{t!(i18n, events.full_now)}</p> }.into_any()
            } else {
                view! { <p data-testid="signup-unavailable">{t!(i18n, events.closed)}</p> }.into_any()
            }}
        </section>
    }
}
