//! The account forms whose answer is shown in place (wrong password, what to
//! fix). Each also works without JavaScript: an `ActionForm` posts to its
//! server function, which sends the browser on (or back) by itself.
use crate::accounts::{AcceptInvitation, ConfirmEmail, FormReply, LinkReply, Login, LoginReply, Register, RequestPasswordReset, ResetPassword};
use crate::ui::forms::{FieldProblem, NewPasswordFields};
use crate::validation::FieldError;
use crate::i18n::*;
use crate::islands::{island, needs, Part};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// ログイン: e-mail and password; `next` is where a successful sign-in goes.
#[island]
pub fn LoginForm(next: String) -> impl IntoView {
    needs(Part::Forms);
    let i18n = island_i18n();
    let action = ServerAction::<Login>::new();
    view! {
        <ActionForm action=action attr:class="stack-form" attr:data-testid="login-form">
            <input type="hidden" name="next" value=next />
            <label class="field">
                <span>{t!(i18n, accounts.email)}</span>
                <input type="email" name="email" autocomplete="username" required />
            </label>
            <label class="field">
                <span>{t!(i18n, accounts.password)}</span>
                <input type="password" name="password" autocomplete="current-password" required />
            </label>
            <button type="submit" class="button">{t!(i18n, accounts.login)}</button>
        </ActionForm>
        {move || match action.value().get() {
            Some(Ok(LoginReply::Wrong)) => Some(view! { <p class="error" role="alert" data-testid="login-error">{t!(i18n, accounts.login_failed)}</p> }.into_any()),
            Some(Ok(LoginReply::Locked { minutes })) => Some(view! {
                <p class="error" role="alert" data-testid="login-error">{move || td_string!(i18n.get_locale(), accounts.login_locked, minutes = minutes).to_string()}</p>
            }.into_any()),
            Some(Ok(LoginReply::Unconfirmed)) => Some(view! { <p class="notice" role="alert" data-testid="login-error">{t!(i18n, accounts.login_unconfirmed)}</p> }.into_any()),
            Some(Err(e)) => Some(view! { <crate::ui::forms::ErrorNotice error=e /> }.into_any()),
            _ => None,
        }}
    }
}

/// 新規登録 (residents): the form, then 「確認のメールを送りました」 in its place.
#[island]
pub fn RegisterForm() -> impl IntoView {
    needs(Part::Forms);
    let i18n = island_i18n();
    let action = ServerAction::<Register>::new();
    let errors = Signal::derive(move || match action.value().get() {
        Some(Ok(FormReply::Invalid(e))) => e,
        _ => Vec::<FieldError>::new(),
    });
    let sent = move || matches!(action.value().get(), Some(Ok(FormReply::Done)));
    view! {
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
        {move || match action.value().get() {
            Some(Err(e)) => Some(view! { <crate::ui::forms::ErrorNotice error=e /> }),
            _ => None,
        }}
    }
}

/// パスワードを忘れた方: the address to send a reset link to.
#[island]
pub fn ForgotForm() -> impl IntoView {
    needs(Part::Forms);
    let i18n = island_i18n();
    let action = ServerAction::<RequestPasswordReset>::new();
    let errors = Signal::derive(move || match action.value().get() {
        Some(Ok(FormReply::Invalid(e))) => e,
        _ => Vec::<FieldError>::new(),
    });
    let sent = move || matches!(action.value().get(), Some(Ok(FormReply::Done)));
    view! {
        <div hidden=sent>
            <ActionForm action=action attr:class="stack-form">
                <label class="field">
                    <span>{t!(i18n, accounts.email)}</span>
                    <input type="email" name="email" autocomplete="email" required />
                    <FieldProblem errors=errors name="email" />
                </label>
                <button type="submit" class="button">{t!(i18n, accounts.forgot_button)}</button>
            </ActionForm>
        </div>
        {move || sent().then(|| view! { <p class="notice" role="status" data-testid="forgot-sent">{t!(i18n, accounts.forgot_sent)}</p> })}
        {move || match action.value().get() {
            Some(Err(e)) => Some(view! { <crate::ui::forms::ErrorNotice error=e /> }),
            _ => None,
        }}
    }
}

/// A new password for the account of the (valid) reset link `token`.
#[island]
pub fn ResetForm(token: String) -> impl IntoView {
    needs(Part::Forms);
    let i18n = island_i18n();
    let action = ServerAction::<ResetPassword>::new();
    let (errors, expired) = link_reply(Signal::derive(move || action.value().get()));
    view! {
        <div hidden=move || expired.get()>
            <ActionForm action=action attr:class="stack-form">
                <input type="hidden" name="token" value=token />
                <NewPasswordFields errors=errors />
                <button type="submit" class="button">{t!(i18n, accounts.reset_button)}</button>
            </ActionForm>
        </div>
        {move || expired.get().then(|| view! { <LinkExpired /> })}
    }
}

/// What the answer to a form sent from a mailed link says: the fields to
/// fix, and whether the link had expired.
fn link_reply(value: Signal<Option<Result<LinkReply, crate::error::AppError>>>) -> (Signal<Vec<FieldError>>, Signal<bool>) {
    let errors = Signal::derive(move || match value.get() {
        Some(Ok(LinkReply::Invalid(e))) => e,
        _ => Vec::new(),
    });
    let expired = Signal::derive(move || matches!(value.get(), Some(Ok(LinkReply::LinkExpired))));
    (errors, expired)
}

#[component]
pub fn LinkExpired() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="card" data-testid="link-expired">
            <p role="alert">{t!(i18n, accounts.link_expired)}</p>
            <a class="button secondary" href="/password/forgot">{t!(i18n, accounts.forgot_link)}</a>
        </div>
    }
}

/// The confirmation mail's page: one button confirms and signs in.
#[island]
pub fn ConfirmForm(token: String) -> impl IntoView {
    needs(Part::Forms);
    let i18n = island_i18n();
    let action = ServerAction::<ConfirmEmail>::new();
    view! {
        <ActionForm action=action attr:class="stack-form">
            <input type="hidden" name="token" value=token />
            <button type="submit" class="button" data-testid="confirm-button">{t!(i18n, accounts.confirm_button)}</button>
        </ActionForm>
        {move || matches!(action.value().get(), Some(Ok(false))).then(|| view! {
            <p class="error" role="alert" data-testid="confirm-expired">{t!(i18n, accounts.link_expired)}</p>
        })}
    }
}

/// An invitation's form: a name and a password for the invited account.
#[island]
pub fn InviteForm(token: String) -> impl IntoView {
    needs(Part::Forms);
    let i18n = island_i18n();
    let action = ServerAction::<AcceptInvitation>::new();
    let (errors, expired) = link_reply(Signal::derive(move || action.value().get()));
    view! {
        <div hidden=move || expired.get()>
            <ActionForm action=action attr:class="stack-form">
                <input type="hidden" name="token" value=token />
                <label class="field">
                    <span>{t!(i18n, accounts.display_name)}</span>
                    <input type="text" name="display_name" autocomplete="name" required maxlength="50" />
                    <FieldProblem errors=errors name="display_name" />
                </label>
                <NewPasswordFields errors=errors />
                <button type="submit" class="button">{t!(i18n, accounts.invite_accept)}</button>
            </ActionForm>
        </div>
        {move || expired.get().then(|| view! { <p class="error" role="alert">{t!(i18n, accounts.invite_expired)}</p> })}
    }
}
