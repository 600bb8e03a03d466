//! One event: date in plain words, place, fee, how to apply, add to calendar
//! (.ics / Google), share + QR + print, cancellation banner, and the sign-up
//! form when the event takes sign-ups here.
use crate::events::model::{ApplyMethod, EventStatus};
use crate::events::summary::EventDetail;
use crate::events::views::{apply_label, date_label, kind_label, time_label, StatusBadges};
use crate::events::{get_event, SignupOutcome};
use crate::ui::share::ShareBox;
use crate::activities::views::{cost_label, pick, target_label};
use crate::errors::NotFoundPage;
use crate::i18n::*;
use crate::validation::{FieldError, Phone, Problem};
use super::signup_section::SignupSection;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn EventDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()));
    let event = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_event(id).await.ok(),
            None => None,
        }
    });
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match event.await {
                    Some(e) => view! { <Detail e=e /> }.into_any(),
                    None => view! { <NotFoundPage /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Detail(e: EventDetail) -> impl IntoView {
    let i18n = use_i18n();
    let loc = move || i18n.get_locale();
    let s = e.summary.clone();
    let id = s.id;
    let title = s.title.clone();
    let cancelled = s.status == EventStatus::Cancelled;
    let when = {
        let s = s.clone();
        move || {
            let days: Vec<_> = s.days().collect();
            let first = days.first().copied().unwrap_or(s.starts.date());
            if days.len() > 1 { time_label(loc(), &s) } else { format!("{} {}", date_label(loc(), first), time_label(loc(), &s)) }
        }
    };
    let cats = s.categories.clone();
    let (district_ja, district_en) = (s.district_ja.clone(), s.district_en.clone());
    let targets = e.targets.clone();
    let contact = e.apply_contact.clone();
    let phone = contact.as_deref().and_then(|c| Phone::parse(c).ok());
    let deadline = e.apply_deadline;
    view! {
        <Title text=title.clone() />
        <article class="event-detail" data-testid="event-detail" data-status=s.status.as_str()>
            <p class="no-print"><a href="/events">{t!(i18n, events.back)}</a></p>
            {cancelled.then(|| view! {
                <div class="banner alert" role="alert" data-testid="cancelled-banner">
                    <strong>{t!(i18n, events.cancelled_banner)}</strong>
                    {e.cancel_reason.clone().map(|r| view! { <p>{t!(i18n, events.reason)}": "{r}</p> })}
                </div>
            })}
            <header class="page-heading">
                <p class="muted">{move || kind_label(loc(), s.kind)}{move || cats.iter().map(|(ja, en)| format!(" · {}", pick(loc(), ja, en))).collect::<String>()}</p>
                <h1>{title}</h1>
                <p class="event-when" data-testid="event-when"><strong>{when}</strong></p>
            </header>
            <StatusBadges status=s.status remaining=s.remaining apply=s.apply_method online=s.online />
            {(!e.photos.is_empty()).then(|| view! {
                <div class="photos">{e.photos.iter().map(|src| view! { <img src=src.clone() alt="" loading="lazy" decoding="async" /> }).collect_view()}</div>
            })}
            {(!e.description.is_empty()).then(|| view! { <p class="description">{e.description.clone()}</p> })}
            <dl class="facts">
                <dt>{t!(i18n, events.place)}</dt>
                <dd>
                    {s.place.clone()}
                    {(!e.address.is_empty()).then(|| view! { <br />{e.address.clone()} })}
                    <br /><span class="muted">{move || pick(loc(), &district_ja, &district_en)}</span>
                    {e.map.clone().map(|m| view! { <crate::ui::static_map::StaticMapView map=m label=s.place.clone() /> })}
                    {e.online_url.clone().map(|u| view! { <br /><a href=u rel="noopener" target="_blank">{t!(i18n, events.online_join)}</a> })}
                </dd>
                <dt>{t!(i18n, events.fee)}</dt>
                <dd>{move || cost_label(loc(), s.fee_yen)}{e.fee_note.clone().map(|n| view! { " ("{n}")" })}</dd>
                {e.capacity.map(|n| {
                    let left = n.saturating_sub(e.booked);
                    view! { <dt>{t!(i18n, events.capacity)}</dt><dd data-testid="capacity">{move || td_string!(loc(), events.capacity_n, n = n, left = left).to_string()}</dd> }
                })}
                {(!targets.is_empty() || e.target_note.is_some()).then(|| {
                    let note = e.target_note.clone();
                    view! {
                        <dt>{t!(i18n, events.targets)}</dt>
                        <dd>{move || targets.iter().map(|t| target_label(loc(), *t)).collect::<Vec<_>>().join("、")}{note.map(|n| view! { " "{n} })}</dd>
                    }
                })}
                {e.bring.clone().map(|b| view! { <dt>{t!(i18n, events.bring)}</dt><dd>{b}</dd> })}
                <dt>{t!(i18n, events.apply)}</dt>
                <dd>
                    {move || apply_label(loc(), s.apply_method)}
                    {deadline.map(|d| view! { <br />{t!(i18n, events.deadline)}": "{move || format!("{} {}", date_label(loc(), d.date()), d.format("%-H:%M"))} })}
                    {match (s.apply_method, phone.clone(), contact.clone()) {
                        (ApplyMethod::Phone, Some(p), _) if !cancelled => view! { <p><a class="button call" href=p.tel_uri()>{t!(i18n, events.phone_apply)}" "{p.as_str().to_string()}</a></p> }.into_any(),
                        (ApplyMethod::Email, _, Some(c)) if !cancelled => view! { <p><a class="button secondary" href=format!("mailto:{c}")>{t!(i18n, events.email_apply)}</a></p> }.into_any(),
                        (_, _, Some(c)) => view! { <br />{t!(i18n, events.contact)}": "{c} }.into_any(),
                        _ => ().into_any(),
                    }}
                </dd>
                {e.organisation.clone().map(|o| view! { <dt>{t!(i18n, events.organiser)}</dt><dd>{o}</dd> })}
            </dl>
            {s.activity_id.map(|a| view! { <p><a href=format!("/activities/{a}")>{t!(i18n, events.from_activity)}</a></p> })}
            {(s.apply_method == ApplyMethod::Portal).then(|| view! { <SignupSection outcome=signup_outcome_from_url() event_id=id open=e.signup_open full=s.status == EventStatus::Full remaining=s.remaining /> })}
            <section class="add-to-calendar no-print" aria-labelledby="cal-heading">
                <h2 id="cal-heading">{t!(i18n, events.add_to_calendar)}</h2>
                <div class="contact-actions">
                    <a class="button secondary" href=format!("/events/{id}/calendar.ics") download=format!("event-{id}.ics") data-testid="event-ics">{t!(i18n, events.download_ics)}</a>
                    <a class="button secondary" href=e.google_calendar_url.clone() rel="noopener" target="_blank">{t!(i18n, events.google)}</a>
                </div>
            </section>
            <ShareBox title=s.title.clone() url=e.share_url.clone() qr_svg=e.qr_svg.clone() />
            <script type="application/ld+json" inner_html=e.json_ld.clone()></script>
        </article>
    }
}

/// The outcome of a sign-up: the server function redirects
/// back here with `?signup=full|closed|invalid|busy` (and `left=`, `fields=`, `wait=`).
fn signup_outcome_from_url() -> Option<SignupOutcome> {
    let query = use_query_map();
    query.with_untracked(|q| match q.get("signup").as_deref() {
        Some("full") => Some(SignupOutcome::Full { remaining: q.get("left").and_then(|n| n.parse().ok()).unwrap_or(0) }),
        Some("closed") => Some(SignupOutcome::Closed),
        Some("busy") => Some(SignupOutcome::Busy { minutes: q.get("wait").and_then(|n| n.parse().ok()).unwrap_or(60) }),
        Some("invalid") => Some(SignupOutcome::Invalid(
            q.get("fields").unwrap_or_default().split(',').filter(|f| !f.is_empty()).map(|f| FieldError::new(f, Problem::Required)).collect(),
        )),
        _ => None,
    })
}
