use crate::i18n::*;
use crate::islands::resident::account_forms::InviteForm;
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The page an invitation mail links to: choose a name and a password.
#[component]
pub fn AcceptInvitationPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let info = Resource::new(move || (), {
        let token = token.clone();
        move |_| crate::accounts::get_invitation(token.clone())
    });
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, accounts.invite_title).to_string()) />
        <Suspense>
            {move || {
                let token = token.clone();
                Suspend::new(async move {
                    let Ok(Some(info)) = info.await else {
                        return view! { <p class="error" role="alert" data-testid="link-expired">{t!(i18n, accounts.invite_expired)}</p> }.into_any();
                    };
                    let roles = info.roles.clone();
                    view! {
                        <p>{move || td_string!(i18n.get_locale(), accounts.invite_lead, email = info.email.clone(),
                            roles = crate::accounts::roles::role_names(i18n.get_locale(), &roles)).to_string()}</p>
                        <InviteForm token=token />
                    }.into_any()
                })
            }}
        </Suspense>
    }
}
