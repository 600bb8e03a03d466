//! Form helpers: a field's problem next to it, in the reader's language.
use crate::i18n::*;
use crate::validation::FieldError;
use leptos::prelude::*;

/// The message for field `name` among `errors`, if any.
#[component]
pub fn FieldProblem(#[prop(into)] errors: Signal<Vec<FieldError>>, name: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        errors.with(|all| all.iter().find(|e| e.field == name).cloned()).map(|e| {
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
