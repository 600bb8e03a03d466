use crate::accounts::{AcceptInvitation, LinkReply};
use crate::i18n::*;
use crate::ui::forms::{FieldProblem, NewPasswordFields};
use crate::ui::PageHeading;
use crate::validation::FieldError;
use leptos::form::ActionForm;
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
    let action = ServerAction::<AcceptInvitation>::new();
    let errors = Signal::derive(move || match action.value().get() {
        Some(Ok(LinkReply::Invalid(e))) => e,
        _ => Vec::<FieldError>::new(),
    });
    let expired = move || matches!(action.value().get(), Some(Ok(LinkReply::LinkExpired)));
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
                        <div hidden=expired>
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
                        {move || expired().then(|| view! { <p class="error" role="alert">{t!(i18n, accounts.invite_expired)}</p> })}
                    }.into_any()
                })
            }}
        </Suspense>
    }
}
