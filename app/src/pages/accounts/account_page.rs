use crate::accounts::{my_account, AccountOverview, ChangePassword, DeleteAccount, FormReply, Logout, LogoutEverywhere, UpdateProfile};
use crate::accounts::roles::role_names;
use crate::calendar::tokyo_time;
use crate::i18n::*;
use crate::ui::access::AccessDenied;
use crate::ui::forms::{FieldProblem, NewPasswordFields};
use crate::ui::PageHeading;
use crate::validation::FieldError;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

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

/// マイページ: what the portal keeps about the signed-in person, and what
/// they can do with it.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new(|| (), |_| my_account());
    let query = use_query_map();
    let welcome = query.with_untracked(|q| q.get("welcome").is_some());
    let reset = query.with_untracked(|q| q.get("password").is_some());
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, accounts.account_title).to_string()) />
        {welcome.then(|| view! { <p class="notice" role="status" data-testid="welcome">{t!(i18n, accounts.welcome)}</p> })}
        {reset.then(|| view! { <p class="notice" role="status">{t!(i18n, accounts.password_was_reset)}</p> })}
        <Suspense>
            {move || Suspend::new(async move {
                match overview.await {
                    Err(e) => view! { <AccessDenied error=e /> }.into_any(),
                    Ok(o) => view! { <Overview o=o /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Overview(o: AccountOverview) -> impl IntoView {
    let i18n = use_i18n();
    let logout = ServerAction::<Logout>::new();
    let everywhere = ServerAction::<LogoutEverywhere>::new();
    let roles = o.user.roles.clone();
    let staff = o.user.is_staff();
    let may_invite = o.user.may(crate::accounts::Permission::Invite);
    let writes = o.user.may(crate::accounts::Permission::WriteReports);
    let reviews = o.user.may(crate::accounts::Permission::ReviewReports);
    let edits_pages = o.user.may(crate::accounts::Permission::EditPages);
    let works_cases = o.user.may(crate::accounts::Permission::CaseWork);
    let leads = o.user.may(crate::accounts::Permission::LeadCases);
    let refers = o.user.may(crate::accounts::Permission::Refer);
    let audits = o.user.may(crate::accounts::Permission::ViewAudit);
    let forget = move |_| leptos::task::spawn_local(crate::casework::sync_client::forget_device());
    view! {
        <section class="card" data-testid="profile">
            <h2>{t!(i18n, accounts.profile)}</h2>
            <dl class="facts">
                <dt>{t!(i18n, accounts.email)}</dt><dd data-testid="account-email">{o.user.email.clone()}</dd>
                <dt>{t!(i18n, accounts.roles)}</dt><dd>{move || role_names(i18n.get_locale(), &roles)}</dd>
                <dt>{t!(i18n, accounts.member_since)}</dt><dd>{tokyo_time(&o.created_at)}</dd>
            </dl>
            <ProfileForm name=o.user.display_name.clone() mail_locale=o.mail_locale.clone() />
            <div class="button-row">
                {staff.then(|| view! { <a class="button secondary" href="/staff">{t!(i18n, staff.title)}</a> })}
                {may_invite.then(|| view! { <a class="button secondary" href="/staff/users">{t!(i18n, accounts.users_title)}</a> })}
                {writes.then(|| view! { <a class="button secondary" href="/write">{t!(i18n, reports.write_title)}</a> })}
                {reviews.then(|| view! { <a class="button secondary" href="/staff/reports">{t!(i18n, reports.queue_title)}</a> })}
                {edits_pages.then(|| view! { <a class="button secondary" href="/staff/pages">{t!(i18n, pages.list_title)}</a> })}
                {works_cases.then(|| view! { <a class="button secondary" href="/casework" data-testid="to-casework">{t!(i18n, casework.cases_title)}</a> })}
                {leads.then(|| view! { <a class="button secondary" href="/casework/intake">{t!(i18n, casework.queue_title)}</a> })}
                {refers.then(|| view! { <a class="button secondary" href="/refer">{t!(i18n, casework.refer_title)}</a> })}
                {refers.then(|| view! { <a class="button secondary" href="/refer/feedback">{t!(i18n, casework.feedback_title)}</a> })}
                {audits.then(|| view! { <a class="button secondary" href="/staff/audit">{t!(i18n, casework.audit_title)}</a> })}
            </div>
        </section>
        <SavedChecks items=o.saved_checks.clone() />
        <Favourites items=o.favourites.clone() />
        <Signups items=o.signups.clone() />
        <section class="card" data-testid="devices">
            <h2>{t!(i18n, accounts.devices)}</h2>
            <ul class="plain-list">
                {o.sessions.into_iter().map(|s| {
                    let seen = tokyo_time(&s.last_seen_at);
                    view! {
                        <li>
                            <strong>{s.device}</strong>" "
                            {s.current.then(|| view! { <span class="badge">{t!(i18n, accounts.this_device)}</span> })}
                            <br /><span class="muted">{move || td_string!(i18n.get_locale(), accounts.last_seen, time = seen.clone()).to_string()}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="button-row">
                // signing out also wipes the casework kept on this device
                <ActionForm action=logout><button type="submit" class="button secondary" data-testid="logout" on:click=forget>{t!(i18n, accounts.logout)}</button></ActionForm>
                <ActionForm action=everywhere><button type="submit" class="button secondary" data-testid="logout-everywhere" on:click=forget>{t!(i18n, accounts.logout_everywhere)}</button></ActionForm>
            </div>
        </section>
        <PasswordForm />
        <section class="card" data-testid="my-data">
            <h2>{t!(i18n, accounts.my_data)}</h2>
            <p>{t!(i18n, accounts.export_lead)}</p>
            <a class="button secondary" href="/account/export.json" download="tsunagu-my-data.json" rel="external" data-testid="export">{t!(i18n, accounts.export)}</a>
            <DeleteForm />
        </section>
    }
}

#[component]
fn ProfileForm(name: String, mail_locale: String) -> impl IntoView {
    let i18n = use_i18n();
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

#[component]
fn SavedChecks(items: Vec<crate::accounts::SavedCheckItem>) -> impl IntoView {
    let i18n = use_i18n();
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

#[component]
fn Favourites(items: Vec<crate::accounts::FavouriteItem>) -> impl IntoView {
    let i18n = use_i18n();
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

#[component]
fn Signups(items: Vec<crate::accounts::SignupItem>) -> impl IntoView {
    let i18n = use_i18n();
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

#[component]
fn PasswordForm() -> impl IntoView {
    let i18n = use_i18n();
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

#[component]
fn DeleteForm() -> impl IntoView {
    let i18n = use_i18n();
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

/// Shown after an account was deleted.
#[component]
pub fn AccountDeletedPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, accounts.deleted_title).to_string()) />
        <p data-testid="deleted">{t!(i18n, accounts.deleted_body)}</p>
        <a class="button" href="/">{t!(i18n, common.placeholder.back_home)}</a>
    }
}
