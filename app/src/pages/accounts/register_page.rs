use crate::accounts::{FormReply, Register};
use crate::i18n::*;
use crate::ui::forms::{FieldProblem, NewPasswordFields};
use crate::ui::PageHeading;
use crate::validation::FieldError;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// 新規登録 (residents). Writers and staff are invited instead.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<Register>::new();
    let errors = Signal::derive(move || match action.value().get() {
        Some(Ok(FormReply::Invalid(e))) => e,
        _ => Vec::<FieldError>::new(),
    });
    let sent = move || matches!(action.value().get(), Some(Ok(FormReply::Done)));
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, accounts.register_title).to_string())
            lead=Signal::derive(move || t_string!(i18n, accounts.register_lead).to_string())
        />
        <div hidden=sent>
            <ActionForm action=action attr:class="stack-form" attr:data-testid="register-form">
                <label class="field">
                    <span>{t!(i18n, accounts.email)}</span>
                    <input type="email" name="form[email]" autocomplete="email" required />
                    <FieldProblem errors=errors name="email" />
                </label>
                <label class="field">
                    <span>{t!(i18n, accounts.display_name)}</span>
                    <input type="text" name="form[display_name]" autocomplete="nickname" required maxlength="50" />
                    <small class="hint">{t!(i18n, accounts.display_name_hint)}</small>
                    <FieldProblem errors=errors name="display_name" />
                </label>
                <NewPasswordFields errors=errors in_form=true />
                <label class="check consent">
                    <input type="checkbox" name="form[agree]" value="true" required />
                    <span>{t!(i18n, accounts.agree)}</span>
                </label>
                <FieldProblem errors=errors name="agree" />
                <label class="honeypot" aria-hidden="true">"website"<input type="text" name="form[website]" tabindex="-1" autocomplete="off" /></label>
                <button type="submit" class="button">{t!(i18n, accounts.register_button)}</button>
            </ActionForm>
        </div>
        {move || sent().then(|| view! { <p class="notice" role="status" data-testid="register-sent">{t!(i18n, accounts.register_sent)}</p> })}
        {move || matches!(action.value().get(), Some(Err(_))).then(|| view! { <p class="error" role="alert">{t!(i18n, common.errors.server_error_body)}</p> })}
        <p><a href="/login">{t!(i18n, accounts.have_account)}</a></p>
    }
}
