//! The sign-up form on an event's page.
use crate::events::{SignUp, SignupOutcome};
use crate::i18n::*;
use crate::islands::{island, needs, Bundle};
use crate::validation::Problem;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The sign-up form. Works without JavaScript: the server then redirects back
/// here with `?signup=full|closed|invalid` and this section explains.
#[island]
pub fn SignupSection(
    event_id: i64,
    open: bool,
    full: bool,
    remaining: Option<u32>,
    /// what the server said about the last attempt made without JavaScript
    /// (`?signup=full|closed|invalid` on this page's URL)
    from_url: Option<SignupOutcome>,
) -> impl IntoView {
    needs(Bundle::Resident);
    let i18n = island_i18n();
    let action = ServerAction::<SignUp>::new();
    // the outcome of this page's last attempt: from the action, or from the URL (no JS)
    let from_url = StoredValue::new(from_url);
    let outcome = move || action.value().get().and_then(Result::ok).or_else(|| from_url.get_value());
    let field_error = move |name: &'static str| {
        move || match outcome() {
            Some(SignupOutcome::Invalid(errors)) => errors.iter().find(|e| e.field == name).map(|e| {
                let msg = match &e.problem {
                    // from the URL we only know the field: say what it needs
                    Problem::Required if name == "consent" => Problem::Consent.message(i18n.get_locale()),
                    Problem::Required if name == "contact" => Problem::Contact.message(i18n.get_locale()),
                    p => p.message(i18n.get_locale()),
                };
                view! { <span class="field-error" role="alert">{msg}</span> }
            }),
            _ => None,
        }
    };
    let failed = move || action.value().get().is_some_and(|r| r.is_err());
    view! {
        <section class="signup no-print" id="signup" aria-labelledby="signup-heading" data-testid="signup">
            <h2 id="signup-heading">{t!(i18n, events.signup_title)}</h2>
            {move || match outcome() {
                Some(SignupOutcome::Full { remaining }) => view! {
                    <div class="banner alert" role="alert" data-testid="signup-full">
                        <p>{t!(i18n, events.full_message)}</p>
                        {(remaining > 0).then(|| view! { <p>{move || td_string!(i18n.get_locale(), events.full_remaining, n = remaining).to_string()}</p> })}
                    </div>
                }.into_any(),
                Some(SignupOutcome::Closed) => view! { <p class="banner alert" role="alert" data-testid="signup-closed">{t!(i18n, events.closed)}</p> }.into_any(),
                Some(SignupOutcome::Invalid(_)) => view! { <p class="error" role="alert">{t!(i18n, events.fix_below)}</p> }.into_any(),
                _ => ().into_any(),
            }}
            {move || failed().then(|| view! { <p class="error" role="alert">{t!(i18n, common.errors.server_error_body)}</p> })}
            {if open {
                view! {
                    <ActionForm action=action>
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
                        <button type="submit" class="button" disabled=move || action.pending().get()>
                            {move || if action.pending().get() { t_string!(i18n, events.sending) } else { t_string!(i18n, events.submit) }}
                        </button>
                    </ActionForm>
                }.into_any()
            } else if full && !matches!(from_url.get_value(), Some(SignupOutcome::Full { .. })) {
                // (the banner above already says it when the page came back
                // from a refused sign-up without JavaScript)
                view! { <p class="banner alert" data-testid="signup-full">{t!(i18n, events.full_now)}</p> }.into_any()
            } else {
                view! { <p data-testid="signup-unavailable">{t!(i18n, events.closed)}</p> }.into_any()
            }}
        </section>
    }
}
