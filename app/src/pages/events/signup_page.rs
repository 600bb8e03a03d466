//! The resident's confirmation page (the secret link): what they signed up
//! for, and a button to cancel. Works without JavaScript.
use crate::events::views::{date_label, time_label};
use crate::events::{get_signup, CancelSignup};
use crate::i18n::*;
use crate::ui::PageHeading;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_params_map;

#[component]
pub fn SignupPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let cancel = ServerAction::<CancelSignup>::new();
    let signup = Resource::new(token, get_signup);
    // cancelled on this page: shown from the action's reply (the resource is
    // not refetched, so the form is not torn down while it is still running)
    let cancelled_now = move || matches!(cancel.value().get(), Some(Ok(())));
    view! {
        // a personal page: keep it out of search engines, and its link (the
        // secret) out of Referer headers to other sites
        <Meta name="robots" content="noindex" />
        <Meta name="referrer" content="same-origin" />
        <Suspense>
            {move || Suspend::new(async move {
                match signup.await {
                    Ok(s) => {
                        let loc = move || i18n.get_locale();
                        let e = s.event.clone();
                        let was_cancelled = s.cancelled;
                        let when = move || format!("{} {}", date_label(loc(), e.starts.date()), time_label(loc(), &e));
                        view! {
                            {move || if was_cancelled || cancelled_now() {
                                view! { <PageHeading title=Signal::derive(move || t_string!(i18n, events.signup_cancelled).to_string()) /> }.into_any()
                            } else {
                                view! {
                                    <PageHeading
                                        title=Signal::derive(move || t_string!(i18n, events.confirmed_title).to_string())
                                        lead=Signal::derive(move || t_string!(i18n, events.confirmed_body).to_string())
                                    />
                                }.into_any()
                            }}
                            <section class="card" data-testid="signup-confirmation" data-cancelled=move || (was_cancelled || cancelled_now()).to_string()>
                                <h2>{t!(i18n, events.your_signup)}</h2>
                                <dl class="facts">
                                    <dt>{t!(i18n, events.title)}</dt>
                                    <dd><a href=format!("/events/{}", s.event.id)>{s.event.title.clone()}</a></dd>
                                    <dt>{t!(i18n, events.when)}</dt>
                                    <dd>{when}</dd>
                                    <dt>{t!(i18n, events.place)}</dt>
                                    <dd>{s.event.place.clone()}</dd>
                                    <dt>{t!(i18n, events.name)}</dt>
                                    <dd>{s.name.clone()}</dd>
                                    <dt>{t!(i18n, events.people)}</dt>
                                    <dd>{move || td_string!(loc(), events.people_n, n = s.people).to_string()}</dd>
                                </dl>
                            </section>
                            {s.can_cancel.then(|| view! {
                                <ActionForm action=cancel attr:class="no-print" attr:hidden=move || cancelled_now()>
                                    <input type="hidden" name="token" value=token() />
                                    <button type="submit" class="button secondary" data-testid="cancel-signup">{t!(i18n, events.cancel_signup)}</button>
                                </ActionForm>
                            })}
                        }.into_any()
                    }
                    Err(_) => view! {
                        <PageHeading title=Signal::derive(move || t_string!(i18n, events.signup_not_found).to_string()) />
                        <p><a href="/events">{t!(i18n, events.back)}</a></p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
