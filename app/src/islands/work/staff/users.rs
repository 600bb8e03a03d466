use crate::accounts::roles::{role_label, role_names};
use crate::islands::{island, needs, Part};
use crate::calendar::tokyo_time;
use crate::accounts::{list_invitations, list_users, whoami, Invite, InviteReply, PendingInvitation, Permission, Role, RolesForm, UserRow};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::access::AccessDenied;
use crate::ui::forms::FieldProblem;
use crate::validation::FieldError;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// アカウント管理: invitations (admins and editors) and, for admins, every
/// account with its roles.
#[island]
pub fn UserAdmin() -> impl IntoView {
    needs(Part::Staff);
    // the parts below read the language from the context this provides
    let _ = island_i18n();
    let me = Resource::new(|| (), |_| whoami());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let me = match me.await {
                    Ok(Some(u)) if u.may(Permission::Invite) => u,
                    Ok(Some(_)) => return view! { <AccessDenied error=AppError::Forbidden /> }.into_any(),
                    _ => return view! { <AccessDenied error=AppError::SignInRequired /> }.into_any(),
                };
                let may_invite: Vec<Role> = {
                    let mut v: Vec<Role> = me.roles.iter().flat_map(|r| r.may_invite().iter().copied()).collect();
                    v.sort();
                    v.dedup();
                    v
                };
                let admin = me.may(Permission::ManageUsers);
                view! {
                    <InviteForm roles=may_invite />
                    <Pending />
                    {admin.then(|| view! { <Accounts my_id=me.id /> })}
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
fn InviteForm(roles: Vec<Role>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<Invite>::new();
    let errors = Signal::derive(move || match action.value().get() {
        Some(Ok(InviteReply::Invalid(e))) => e,
        _ => Vec::<FieldError>::new(),
    });
    view! {
        <section class="card" data-testid="invite">
            <h2>{t!(i18n, accounts.invite_heading)}</h2>
            <p>{t!(i18n, accounts.invite_explain)}</p>
            <ActionForm action=action attr:class="stack-form">
                <label class="field">
                    <span>{t!(i18n, accounts.email)}</span>
                    <input type="email" name="form[email]" required />
                    <FieldProblem errors=errors name="email" />
                </label>
                <fieldset class="field">
                    <legend>{t!(i18n, accounts.roles)}</legend>
                    {roles.into_iter().map(|r| view! {
                        <label class="check">
                            <input type="checkbox" name=format!("form[roles][{}]", r.as_str()) value="true" />
                            <span>{move || role_label(i18n.get_locale(), r)}</span>
                        </label>
                    }).collect_view()}
                    <FieldProblem errors=errors name="roles" />
                </fieldset>
                <button type="submit" class="button">{t!(i18n, accounts.invite_send)}</button>
            </ActionForm>
            {move || match action.value().get() {
                Some(Ok(InviteReply::Sent)) => Some(view! { <p class="notice" role="status" data-testid="invite-sent">{t!(i18n, accounts.invite_sent)}</p> }.into_any()),
                Some(Ok(InviteReply::AlreadyRegistered)) => Some(view! { <p class="error" role="alert">{t!(i18n, accounts.invite_exists)}</p> }.into_any()),
                Some(Err(_)) => Some(view! { <p class="error" role="alert">{t!(i18n, common.errors.server_error_body)}</p> }.into_any()),
                _ => None,
            }}
        </section>
    }
}

#[component]
fn Pending() -> impl IntoView {
    let i18n = use_i18n();
    let list = LocalResource::new(list_invitations);
    let revoked = RwSignal::new(Vec::<String>::new());
    let revoke = Action::new(move |id: &String| {
        let id = id.clone();
        async move {
            if crate::accounts::revoke_invitation(id.clone()).await.is_ok() {
                revoked.update(|r| r.push(id));
            }
        }
    });
    let row = move |p: PendingInvitation| {
        let id = p.id.clone();
        let hidden_id = id.clone();
        view! {
            <li hidden=move || revoked.with(|r| r.contains(&hidden_id))>
                <strong>{p.email.clone()}</strong>" · "{move || role_names(i18n.get_locale(), &p.roles)}
                <br /><span class="muted">{move || td_string!(i18n.get_locale(), accounts.invite_until, time = tokyo_time(&p.expires_at)).to_string()}" · "{p.invited_by.clone()}</span>
                " "<button type="button" class="button small secondary" on:click=move |_| { revoke.dispatch(id.clone()); }>{t!(i18n, accounts.revoke)}</button>
            </li>
        }
    };
    view! {
        <section class="card" data-testid="pending-invitations">
            <h2>{t!(i18n, accounts.pending_heading)}</h2>
            <Suspense>
                {move || list.get().map(|r| match r {
                    Ok(items) if items.is_empty() => view! { <p class="muted">{t!(i18n, accounts.pending_none)}</p> }.into_any(),
                    Ok(items) => view! { <ul class="plain-list">{items.into_iter().map(row).collect_view()}</ul> }.into_any(),
                    Err(_) => view! { <p class="error">{t!(i18n, common.errors.server_error_body)}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Accounts(my_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let q = RwSignal::new(String::new());
    let users = LocalResource::new(move || list_users(q.get()));
    view! {
        <section class="card" data-testid="accounts">
            <h2>{t!(i18n, accounts.accounts_heading)}</h2>
            <label class="field">
                <span>{t!(i18n, accounts.find_account)}</span>
                <input type="search" on:change=move |e| q.set(event_target_value(&e)) />
            </label>
            <Suspense>
                {move || users.get().map(|r| match r {
                    Ok(list) => view! {
                        <ul class="plain-list">{list.into_iter().map(|u| view! { <AccountRow u=u my_id=my_id /> }).collect_view()}</ul>
                    }.into_any(),
                    Err(_) => view! { <p class="error">{t!(i18n, common.errors.server_error_body)}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn AccountRow(u: UserRow, my_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let id = u.id;
    let roles = RwSignal::new(u.roles.clone());
    let disabled = RwSignal::new(u.disabled);
    let status = RwSignal::new(None::<bool>);
    let save = Action::new(move |form: &RolesForm| {
        let form = form.clone();
        async move {
            let ok = matches!(crate::accounts::set_user_roles(id, form.clone()).await, Ok(crate::accounts::FormReply::Done));
            if ok {
                roles.set(form.roles());
            }
            status.set(Some(ok));
        }
    });
    let toggle = Action::new(move |want: &bool| {
        let want = *want;
        async move {
            if crate::accounts::set_user_disabled(id, want).await.is_ok() {
                disabled.set(want);
            }
        }
    });
    let draft = RwSignal::new(u.roles.clone());
    let checkbox = move |r: Role| {
        view! {
            <label class="check inline">
                <input type="checkbox" prop:checked=move || draft.with(|d| d.contains(&r))
                    on:change=move |e| {
                        let on = event_target_checked(&e);
                        draft.update(|d| { d.retain(|x| *x != r); if on { d.push(r); } });
                    } />
                <span>{move || role_label(i18n.get_locale(), r)}</span>
            </label>
        }
    };
    let to_form = move || RolesForm::from_roles(&draft.get_untracked());
    view! {
        <li data-testid="account-row" data-email=u.email.clone()>
            <strong>{u.display_name.clone()}</strong>" "<span class="muted">{u.email.clone()}</span>
            {(!u.confirmed).then(|| view! { " "<span class="badge">{t!(i18n, accounts.unconfirmed)}</span> })}
            {move || disabled.get().then(|| view! { " "<span class="badge">{t!(i18n, accounts.disabled)}</span> })}
            <br /><span>{move || role_names(i18n.get_locale(), &roles.get())}</span>
            <details>
                <summary>{t!(i18n, accounts.change_roles)}</summary>
                <div class="check-row">{Role::ALL.into_iter().map(checkbox).collect_view()}</div>
                <button type="button" class="button small" on:click=move |_| { save.dispatch(to_form()); }>{t!(i18n, accounts.save)}</button>
                {move || status.get().map(|ok| if ok {
                    view! { <span class="notice" role="status">{t!(i18n, accounts.saved)}</span> }.into_any()
                } else {
                    view! { <span class="error" role="alert">{t!(i18n, accounts.roles_not_saved)}</span> }.into_any()
                })}
                {(id != my_id).then(|| view! {
                    <button type="button" class="button small secondary" on:click=move |_| { toggle.dispatch(!disabled.get_untracked()); }>
                        {move || if disabled.get() { t_string!(i18n, accounts.enable) } else { t_string!(i18n, accounts.disable) }}
                    </button>
                })}
            </details>
        </li>
    }
}
