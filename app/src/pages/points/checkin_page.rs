//! `/checkin/:code`: what a session's QR code opens. One large button
//! records taking part (a plain form); the page then says so with the
//! activity's name and the points it earned.
use crate::attendance::{checkin_view, CheckinState, SessionCheckin};
use crate::events::views::date_label;
use crate::i18n::*;
use crate::points::labels::reason_label;
use crate::ui::access::AccessDenied;
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CheckinPage() -> impl IntoView {
    let i18n = use_i18n();
    let code = use_params_map().with_untracked(|p| p.get("code").unwrap_or_default());
    let view = Resource::new(move || (), {
        let code = code.clone();
        move |_| checkin_view(code.clone())
    });
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, points.checkin_title).to_string()) />
        <Suspense>
            {move || {
                let code = code.clone();
                Suspend::new(async move {
                    match view.await {
                        Err(e) => view! { <AccessDenied error=e /> }.into_any(),
                        Ok(SessionCheckin::Unknown) => view! { <p class="error" role="alert" data-testid="checkin-unknown">{t!(i18n, points.checkin_unknown)}</p> }.into_any(),
                        Ok(SessionCheckin::Session { title, first, last, state, signed_in }) => {
                            let locale = i18n.get_locale();
                            let days = if first == last { date_label(locale, first) } else { format!("{} – {}", date_label(locale, first), date_label(locale, last)) };
                            view! {
                                <section class="checkin" data-testid="checkin">
                                    <h2 class="checkin-title">{title}</h2>
                                    <p class="checkin-date">{days}</p>
                                    <CheckinStateView state=state signed_in=signed_in code=code />
                                </section>
                            }.into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn CheckinStateView(state: CheckinState, signed_in: bool, code: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale();
    let back_here = format!("/checkin/{code}");
    match state {
        CheckinState::NotHeld => view! { <p class="notice" role="status">{t!(i18n, points.checkin_not_held)}</p> }.into_any(),
        CheckinState::NotYet { opens } => {
            let date = date_label(locale, opens);
            view! { <p class="notice" role="status">{t!(i18n, points.checkin_not_yet, date = date)}</p> }.into_any()
        }
        CheckinState::Closed { closed } => {
            let date = date_label(locale, closed);
            view! { <p class="notice" role="status" data-testid="checkin-closed">{t!(i18n, points.checkin_closed, date = date)}</p> }.into_any()
        }
        CheckinState::Open => view! {
            <p class="muted" data-testid="checkin-privacy">{t!(i18n, points.checkin_privacy)}</p>
            <form method="post" action="/api/attendance/check-in" class="checkin-form">
                <input type="hidden" name="code" value=code />
                <button type="submit" class="button wide" data-testid="checkin-button">
                    {if signed_in { t_string!(i18n, points.checkin_button) } else { t_string!(i18n, points.checkin_button_device) }}
                </button>
            </form>
        }.into_any(),
        CheckinState::Recorded { awarded, balance } => {
            let total: u32 = awarded.iter().map(|(_, p)| p).sum();
            view! {
                <p class="notice big-notice" role="status" data-testid="checkin-done">{t!(i18n, points.checkin_done)}</p>
                {if awarded.is_empty() {
                    view! { <p class="muted">{t!(i18n, points.checkin_no_points)}</p> }.into_any()
                } else {
                    view! {
                        <p class="points-earned" data-testid="points-earned">{t!(i18n, points.earned, points = total)}</p>
                        <ul class="plain-list">
                            {awarded.into_iter().map(|(a, p)| view! { <li>{reason_label(locale, a.as_str())}" +"{p}</li> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                {balance.map(|b| view! { <p>{t!(i18n, points.balance, points = b)}</p> })}
                <p><a class="button secondary" href="/points">{t!(i18n, points.to_points)}</a></p>
            }.into_any()
        }
        CheckinState::OnDevice => {
            let next = crate::activities::query::encode(&back_here);
            view! {
                <p class="notice big-notice" role="status" data-testid="checkin-done">{t!(i18n, points.checkin_done)}</p>
                <p data-testid="checkin-on-device">{t!(i18n, points.checkin_on_device)}</p>
                <p><a class="button" href=format!("/register?next={next}")>{t!(i18n, points.checkin_keep_points)}</a></p>
                <p><a class="button secondary" href=format!("/login?next={next}")>{t!(i18n, points.checkin_sign_in)}</a></p>
            }.into_any()
        }
    }
}
