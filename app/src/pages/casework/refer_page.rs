//! `/refer` 相談支援依頼票（様式①）: a clinic or pharmacy (its account or a
//! one-time link `/refer?link=…`) or the office typing in paper and FAX.
//! Works without JavaScript; with it, the age shows as the birth date is
//! typed (Japanese era accepted) and the no-consent choice hides the fields
//! that may not be kept.
use crate::casework::intake::{referral_sender, ReferAs};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use crate::islands::work::casework::refer::{ReferSection};
#[component]
pub fn ReferPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let link = move || query.with(|q| q.get("link")).filter(|l| !l.is_empty());
    // who is referring, and the city's concern checklist, in one go (a
    // resource of its own deep in the form would be fetched again each time
    // the form is drawn)
    let who = Resource::new(link, |link| async move {
        let checklist = crate::casework::intake::city_checklist().await;
        let districts = crate::districts::list_districts().await.unwrap_or_default();
        (referral_sender(link).await, checklist, districts)
    });
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, casework.refer_title).to_string())
            lead=Signal::derive(move || t_string!(i18n, casework.refer_lead).to_string())
        />
        <p><a href="/refer/print" target="_blank">{t!(i18n, casework.refer_print)}</a></p>
        <Transition>
            {move || Suspend::new(async move {
                let (who, checklist, districts) = who.await;
                match who {
                    Ok(ReferAs::SignIn) => view! { <crate::ui::access::AccessDenied error=AppError::SignInRequired /> }.into_any(),
                    Ok(ReferAs::Forbidden) => view! { <crate::ui::access::AccessDenied error=AppError::Forbidden /> }.into_any(),
                    Ok(ReferAs::LinkUsed) => view! {
                        <p class="error" role="alert" data-testid="link-used">{t!(i18n, casework.refer_link_invalid)}</p>
                    }.into_any(),
                    Ok(who) => view! { <ReferSection who=who link=link().unwrap_or_default() checklist=checklist districts=districts /> }.into_any(),
                    Err(e) => view! { <crate::ui::access::AccessDenied error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}
