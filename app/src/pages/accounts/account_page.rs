use crate::accounts::{my_account, AccountOverview, Logout, LogoutEverywhere};
use crate::islands::resident::account::{DeleteForm, Favourites, PasswordForm, ProfileForm, SavedChecks, MySignups};
use crate::islands::work::sign_out::SignOutAndForget;
use crate::accounts::roles::role_names;
use crate::calendar::tokyo_time;
use crate::i18n::*;
use crate::ui::access::AccessDenied;
use crate::ui::PageHeading;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

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
                <a class="button secondary" href="/points" data-testid="to-points">{t!(i18n, points.title)}</a>
                <a class="button secondary" href="/diary" data-testid="to-diary">{t!(i18n, diary.title)}</a>
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
        <MySignups items=o.signups.clone() />
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
            {if works_cases {
                // signing out also wipes the casework kept on this device
                view! { <SignOutAndForget /> }.into_any()
            } else {
                view! { <SignOut /> }.into_any()
            }}
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

/// Sign out here or everywhere: plain forms (they work without JavaScript).
#[component]
fn SignOut() -> impl IntoView {
    let i18n = use_i18n();
    let logout = ServerAction::<Logout>::new();
    let everywhere = ServerAction::<LogoutEverywhere>::new();
    view! {
        <div class="button-row">
            <ActionForm action=logout><button type="submit" class="button secondary" data-testid="logout">{t!(i18n, accounts.logout)}</button></ActionForm>
            <ActionForm action=everywhere><button type="submit" class="button secondary" data-testid="logout-everywhere">{t!(i18n, accounts.logout_everywhere)}</button></ActionForm>
        </div>
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
