//! Form helpers: a field's problem next to it, in the reader's language.
use crate::i18n::*;
use crate::validation::{FieldError, Problem};
use leptos::prelude::*;

/// The message for field `name` among `errors`, if any.
#[component]
pub fn FieldProblem(#[prop(into)] errors: Signal<Vec<FieldError>>, name: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    // try_with: a server render can run this after its owner was disposed
    // (a Suspense's dry run), and a panic there leaves the thread's reactive
    // owner stale
    move || {
        errors.try_with(|all| all.iter().find(|e| e.field == name).cloned()).flatten().map(|e| {
            view! { <span class="field-error" role="alert" data-field=name>{e.problem.message(i18n.get_locale())}</span> }
        })
    }
}

/// New password and its repetition, with the hint and the problem (fields
/// `password` and `password_again`, or `form[password]`… when `in_form`).
#[component]
pub fn NewPasswordFields(#[prop(into)] errors: Signal<Vec<FieldError>>, #[prop(optional)] in_form: bool) -> impl IntoView {
    let i18n = use_i18n();
    let name = move |n: &str| if in_form { format!("form[{n}]") } else { n.to_string() };
    view! {
        <label class="field">
            <span>{t!(i18n, accounts.new_password)}</span>
            <input type="password" name=name("password") autocomplete="new-password" required minlength="10" />
            <small class="hint">{t!(i18n, accounts.password_hint)}</small>
            <FieldProblem errors=errors name="password" />
        </label>
        <label class="field">
            <span>{t!(i18n, accounts.password_again)}</span>
            <input type="password" name=name("password_again") autocomplete="new-password" required />
        </label>
    }
}

/// A labelled input with its error (in the person's language) beneath it.
#[component]
pub fn Field(
    name: &'static str,
    value: String,
    errors: Signal<Vec<FieldError>>,
    #[prop(optional)] multiline: bool,
    /// Label text; by default the activity form's label for `name`.
    #[prop(optional, into)]
    label: Option<Signal<String>>,
    /// HTML input type (`text` by default): `date`, `time`, `number`, `url`…
    #[prop(optional)]
    input_type: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let input_id = format!("f-{name}");
    let err_id = format!("err-{name}");
    let message = move || {
        errors
            .try_with(|es| {
                es.iter()
                    .filter(|e| e.field == name)
                    .map(|e| e.problem.message(i18n.get_locale()))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default()
    };
    let invalid = move || !message().is_empty();
    let control = if multiline {
        view! { <textarea id=input_id.clone() name=format!("form[{name}]") rows="4" aria-invalid=move || invalid().to_string() aria-describedby=err_id.clone()>{value}</textarea> }.into_any()
    } else {
        view! { <input id=input_id.clone() type=input_type.unwrap_or("text") name=format!("form[{name}]") value=value aria-invalid=move || invalid().to_string() aria-describedby=err_id.clone() /> }.into_any()
    };
    view! {
        <div class="field" class:invalid=invalid data-field=name>
            <label for=input_id>{move || match label {
                Some(l) => l.get(),
                None => field_label(i18n.get_locale(), name).to_string(),
            }}</label>
            {control}
            <p class="field-error" id=err_id role="alert">{message}</p>
        </div>
    }
}

/// The activity form's label for field `name` (the default of [`Field`]).
pub fn field_label(locale: Locale, name: &str) -> &'static str {
    match name {
        "external_id" => td_string!(locale, staff.f_external_id),
        "name" => td_string!(locale, staff.f_name),
        "kana" => td_string!(locale, staff.f_kana),
        "description" => td_string!(locale, staff.f_description),
        "organisation" => td_string!(locale, staff.f_organisation),
        "categories" => td_string!(locale, staff.f_categories),
        "targets" => td_string!(locale, staff.f_targets),
        "cost_yen" => td_string!(locale, staff.f_cost_yen),
        "cost_note" => td_string!(locale, staff.f_cost_note),
        "capacity" => td_string!(locale, staff.f_capacity),
        "beginners_welcome" => td_string!(locale, staff.f_beginners_welcome),
        "drop_in" => td_string!(locale, staff.f_drop_in),
        "barrier_free" => td_string!(locale, staff.f_barrier_free),
        "accessible_toilet" => td_string!(locale, staff.f_accessible_toilet),
        "parking" => td_string!(locale, staff.f_parking),
        "access_note" => td_string!(locale, staff.f_access_note),
        "phone" => td_string!(locale, staff.f_phone),
        "email" => td_string!(locale, staff.f_email),
        "url" => td_string!(locale, staff.f_url),
        "photos" => td_string!(locale, staff.f_photos),
        "status" => td_string!(locale, staff.f_status),
        "last_verified" => td_string!(locale, staff.f_last_verified),
        "location_name" => td_string!(locale, staff.f_location_name),
        "address" => td_string!(locale, staff.f_address),
        "district" => td_string!(locale, staff.f_district),
        "latitude" => td_string!(locale, staff.f_latitude),
        "longitude" => td_string!(locale, staff.f_longitude),
        "online" => td_string!(locale, staff.f_online),
        _ => td_string!(locale, staff.f_schedules),
    }
}

/// Whether this server-function call is a plain HTML form post (the browser
/// ran no client code), which expects a page, not data.
#[cfg(feature = "ssr")]
pub fn is_html_form() -> bool {
    use_context::<http::request::Parts>()
        .and_then(|p| p.headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).map(|v| v.contains("text/html")))
        .unwrap_or(false)
}

/// What a field named in a plain form's answer (`?…&fields=name,contact`)
/// needs: the address carries only the field's name, so say what that field
/// asks for (consent ticked, a phone number or mail address, or an answer).
pub fn problem_of_field_in_url(field: &str) -> Problem {
    match field {
        "consent" => Problem::Consent,
        "contact" => Problem::Contact,
        _ => Problem::Required,
    }
}

/// A form refused because too many came from here lately
/// ([`crate::error::AppError::RateLimited`]): what happened and how long to wait.
#[component]
pub fn RateLimitedNotice(minutes: u32) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="error" role="alert" data-testid="rate-limited">
            {move || crate::rate_limit::message(i18n.get_locale(), minutes)}
        </p>
    }
}

/// A form's answer that is an error: the wait when the form was refused for
/// coming too often; what to do when the database is out of reach, the
/// change collided with another or was too large; else the general
/// "something went wrong".
#[component]
pub fn ErrorNotice(error: crate::error::AppError) -> impl IntoView {
    use crate::error::AppError;
    let i18n = use_i18n();
    match error {
        AppError::RateLimited { minutes } => view! { <RateLimitedNotice minutes=minutes /> }.into_any(),
        e @ (AppError::Unavailable | AppError::Conflict(_) | AppError::TooLarge | AppError::SignInRequired | AppError::Forbidden) => {
            let status = e.status();
            view! { <p class="error" role="alert" data-status=status>{move || e.message(i18n.get_locale())}</p> }.into_any()
        }
        _ => view! { <p class="error" role="alert">{t!(i18n, common.errors.server_error_body)}</p> }.into_any(),
    }
}
