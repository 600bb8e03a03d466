//! マイページ's forms and lists that change in place: the profile, saved
//! checks, favourites, sign-ups, the password and deleting the account.
use crate::accounts::{ChangePassword, DeleteAccount, FormReply, UpdateProfile};
use crate::i18n::*;
use crate::islands::{island, needs, Part};
use crate::ui::forms::{FieldProblem, NewPasswordFields};
use crate::validation::FieldError;
use leptos::form::ActionForm;
use leptos::prelude::*;

fn form_errors<T: Clone + Send + Sync + 'static>(
    action: ServerAction<T>,
) -> Signal<Vec<FieldError>>
where
    T: leptos::server_fn::ServerFn<Output = FormReply>,
    T::Error: Clone + Send + Sync + 'static,
{
    Signal::derive(move || match action.value().get() {
        Some(Ok(FormReply::Invalid(e))) => e,
        _ => Vec::new(),
    })
}

#[island]
pub fn ProfileForm(name: String, mail_locale: String) -> impl IntoView {
    needs(Part::Forms);
    let i18n = island_i18n();
    let action = ServerAction::<UpdateProfile>::new();
    let errors = form_errors(action);
    let en = mail_locale == "en";
    view! {
        <ActionForm action=action attr:class="stack-form">
            <label class="field">
                <span>{t!(i18n, accounts.display_name)}</span>
                <input type="text" name="display_name" value=name required maxlength="50" />
                <FieldProblem errors=errors name="display_name" />
            </label>
            <label class="field">
                <span>{t!(i18n, accounts.mail_language)}</span>
                <select name="mail_locale">
                    <option value="ja" selected=!en>"日本語"</option>
                    <option value="en" selected=en>"English"</option>
                </select>
            </label>
            <button type="submit" class="button secondary">{t!(i18n, accounts.save)}</button>
            {move || matches!(action.value().get(), Some(Ok(FormReply::Done))).then(|| view! { <p class="notice" role="status">{t!(i18n, accounts.saved)}</p> })}
        </ActionForm>
    }
}

/// Ids taken away by `call` (which answers whether the server agreed), and
/// the action that asks for one more.
fn removals<F, Fut>(call: F) -> (RwSignal<Vec<i64>>, Action<i64, ()>)
where
    F: Fn(i64) -> Fut + Send + Sync + Copy + 'static,
    Fut: std::future::Future<Output = bool> + Send + 'static,
{
    let removed = RwSignal::new(Vec::<i64>::new());
    let action = Action::new(move |id: &i64| {
        let id = *id;
        async move {
            if call(id).await {
                removed.update(|r| r.push(id));
            }
        }
    });
    (removed, action)
}

#[island]
pub fn SavedChecks(items: Vec<crate::accounts::SavedCheckItem>) -> impl IntoView {
    needs(Part::Forms);
    let i18n = island_i18n();
    let (removed, remove) = removals(|id| async move { crate::accounts::saved_checks::delete_saved_check(id).await.is_ok() });
    let empty = items.is_empty();
    view! {
        <section class="card" data-testid="saved-checks">
            <h2>{t!(i18n, accounts.saved_checks)}</h2>
            {empty.then(|| view! { <p class="muted">{t!(i18n, accounts.saved_checks_none)}</p> })}
            <ul class="plain-list">
                {items.into_iter().map(|c| {
                    let id = c.id;
                    let (ja, en) = (c.title_ja.clone(), c.title_en.clone());
                    view! {
                        <li hidden=move || removed.with(|r| r.contains(&id))>
                            <a href=format!("/account/checks/{id}")>{move || if i18n.get_locale() == Locale::en && !en.is_empty() { en.clone() } else { ja.clone() }}</a>
                            " "<span class="muted">{c.taken_at.replace('T', " ")}</span>
                            " "<button type="button" class="button small secondary" on:click=move |_| { remove.dispatch(id); }>{t!(i18n, accounts.remove)}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[island]
pub fn Favourites(items: Vec<crate::accounts::FavouriteItem>) -> impl IntoView {
    needs(Part::Forms);
    let i18n = island_i18n();
    let (removed, remove) = removals(|id| async move { crate::accounts::set_favourite(id, false).await.is_ok() });
    let empty = items.is_empty();
    view! {
        <section class="card" data-testid="favourites">
            <h2>{t!(i18n, accounts.favourites)}</h2>
            {empty.then(|| view! { <p class="muted">{t!(i18n, accounts.favourites_none)}</p> })}
            <ul class="plain-list">
                {items.into_iter().map(|f| {
                    let id = f.activity_id;
                    view! {
                        <li hidden=move || removed.with(|r| r.contains(&id))>
                            <a href=format!("/activities/{id}")>{f.name.clone()}</a>
                            " "<button type="button" class="button small secondary" on:click=move |_| { remove.dispatch(id); }>{t!(i18n, accounts.remove)}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[island]
pub fn MySignups(items: Vec<crate::accounts::SignupItem>) -> impl IntoView {
    needs(Part::Forms);
    let i18n = island_i18n();
    let (cancelled, cancel) = removals(|id| async move { crate::accounts::cancel_my_signup(id).await.is_ok() });
    let empty = items.is_empty();
    view! {
        <section class="card" data-testid="signups">
            <h2>{t!(i18n, accounts.signups)}</h2>
            {empty.then(|| view! { <p class="muted">{t!(i18n, accounts.signups_none)}</p> })}
            <ul class="plain-list">
                {items.into_iter().map(|s| {
                    let id = s.id;
                    let was_cancelled = s.cancelled;
                    let is_cancelled = move || was_cancelled || cancelled.with(|c| c.contains(&id));
                    let can_cancel = s.can_cancel;
                    view! {
                        <li>
                            <a href=format!("/events/{}", s.event_id)>{s.title.clone()}</a>
                            <br /><span class="muted">{s.starts_at.get(..16).unwrap_or_default().replace('T', " ")}" · "
                            {move || td_string!(i18n.get_locale(), accounts.people, n = s.people).to_string()}</span>
                            {move || is_cancelled().then(|| view! { " "<span class="badge">{t!(i18n, accounts.cancelled)}</span> })}
                            {move || (can_cancel && !is_cancelled()).then(|| view! {
                                " "<button type="button" class="button small secondary" on:click=move |_| { cancel.dispatch(id); }>{t!(i18n, accounts.cancel_signup)}</button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[island]
pub fn PasswordForm() -> impl IntoView {
    needs(Part::Forms);
    let i18n = island_i18n();
    let action = ServerAction::<ChangePassword>::new();
    let errors = form_errors(action);
    view! {
        <section class="card">
            <h2>{t!(i18n, accounts.change_password)}</h2>
            <ActionForm action=action attr:class="stack-form">
                <label class="field">
                    <span>{t!(i18n, accounts.current_password)}</span>
                    <input type="password" name="current" autocomplete="current-password" required />
                    <FieldProblem errors=errors name="current" />
                </label>
                <NewPasswordFields errors=errors />
                <button type="submit" class="button secondary">{t!(i18n, accounts.change_password)}</button>
                {move || matches!(action.value().get(), Some(Ok(FormReply::Done))).then(|| view! { <p class="notice" role="status">{t!(i18n, accounts.password_changed)}</p> })}
            </ActionForm>
        </section>
    }
}

#[island]
pub fn DeleteForm() -> impl IntoView {
    needs(Part::Forms);
    let i18n = island_i18n();
    let action = ServerAction::<DeleteAccount>::new();
    let errors = form_errors(action);
    view! {
        <details class="danger-zone" data-testid="delete-account">
            <summary>{t!(i18n, accounts.delete_title)}</summary>
            <p>{t!(i18n, accounts.delete_lead)}</p>
            <ActionForm action=action attr:class="stack-form">
                <label class="field">
                    <span>{t!(i18n, accounts.password)}</span>
                    <input type="password" name="password" autocomplete="current-password" required />
                    <FieldProblem errors=errors name="password" />
                </label>
                <label class="field">
                    <span>{t!(i18n, accounts.delete_confirm)}</span>
                    <input type="text" name="confirm" required autocomplete="off" />
                    <FieldProblem errors=errors name="confirm" />
                </label>
                <button type="submit" class="button danger">{t!(i18n, accounts.delete_button)}</button>
            </ActionForm>
        </details>
    }
}

