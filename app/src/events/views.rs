//! Small pieces shared by the event pages.
use super::model::{ApplyMethod, EventKind, EventStatus};
use super::summary::EventSummary;
use crate::activities::views::{cost_label, pick};
use crate::calendar::{describe_date, Lang};
use crate::i18n::*;
use chrono::NaiveDate;
use leptos::prelude::*;

pub fn lang(locale: Locale) -> Lang {
    match locale {
        Locale::ja => Lang::Ja,
        Locale::en => Lang::En,
    }
}

/// `11月24日(火)` / `Tue 24 Nov` (holidays marked).
pub fn date_label(locale: Locale, date: NaiveDate) -> String {
    describe_date(date, lang(locale))
}

/// `10:00〜12:00`, `終日`, or the span of a multi-day event.
pub fn time_label(locale: Locale, e: &EventSummary) -> String {
    let days: Vec<NaiveDate> = e.days().collect();
    let sep = match locale {
        Locale::ja => "〜",
        Locale::en => "–",
    };
    let span = match (days.first(), days.last()) {
        (Some(first), Some(last)) if first != last => Some(format!("{}{sep}{}", date_label(locale, *first), date_label(locale, *last))),
        _ => None,
    };
    let hours = if e.all_day {
        td_string!(locale, events.all_day).to_string()
    } else {
        format!("{}{sep}{}", e.starts.format("%-H:%M"), e.ends.format("%-H:%M"))
    };
    match span {
        Some(span) if e.all_day => span,
        Some(span) => format!("{span} {hours}"),
        None => hours,
    }
}

pub fn kind_label(locale: Locale, k: EventKind) -> &'static str {
    match k {
        EventKind::Session => td_string!(locale, events.kind_session),
        EventKind::Lecture => td_string!(locale, events.kind_lecture),
        EventKind::Workshop => td_string!(locale, events.kind_workshop),
        EventKind::Festival => td_string!(locale, events.kind_festival),
        EventKind::Consultation => td_string!(locale, events.kind_consultation),
        EventKind::Other => td_string!(locale, events.kind_other),
    }
}

pub fn apply_label(locale: Locale, m: ApplyMethod) -> &'static str {
    match m {
        ApplyMethod::None => td_string!(locale, events.apply_none),
        ApplyMethod::Phone => td_string!(locale, events.apply_phone),
        ApplyMethod::Email => td_string!(locale, events.apply_email),
        ApplyMethod::Portal => td_string!(locale, events.apply_portal),
    }
}

/// 中止 / 満員 / 残りn人 as text badges (never colour alone).
#[component]
pub fn StatusBadges(status: EventStatus, remaining: Option<u32>, apply: ApplyMethod, online: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="badges">
            {match status {
                EventStatus::Cancelled => view! { <span class="badge alert" data-status="cancelled">{t!(i18n, events.cancelled)}</span> }.into_any(),
                EventStatus::Full => view! { <span class="badge muted" data-status="full">{t!(i18n, events.full)}</span> }.into_any(),
                EventStatus::Scheduled => remaining
                    .filter(|n| *n <= 10)
                    .map(|n| view! { <span class="badge" data-status="scheduled">{move || td_string!(i18n.get_locale(), events.remaining, n = n).to_string()}</span> })
                    .into_any(),
            }}
            {(status == EventStatus::Scheduled && apply == ApplyMethod::Portal).then(|| view! { <span class="badge ok">{t!(i18n, events.open_signup)}</span> })}
            {online.then(|| view! { <span class="badge">{t!(i18n, events.online)}</span> })}
        </p>
    }
}

/// One event in the agenda.
#[component]
pub fn EventCard(e: EventSummary) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/events/{}", e.id);
    let loc = move || i18n.get_locale();
    let when = { let e = e.clone(); move || time_label(loc(), &e) };
    let starts = e.starts;
    let EventSummary { title, kind, place, district_ja, district_en, fee_yen, status, remaining, apply_method, online, categories, .. } = e;
    let district = move || pick(loc(), &district_ja, &district_en);
    let cats = move || categories.iter().map(|(ja, en)| pick(loc(), ja, en)).collect::<Vec<_>>().join("・");
    view! {
        <li class="card result event" class:cancelled=status == EventStatus::Cancelled data-testid="event" data-starts=starts.format("%Y-%m-%dT%H:%M").to_string()>
            <a class="result-link" href=href>
                <p class="event-time"><span data-testid="event-time">{when}</span>" · "<span class="muted">{move || kind_label(loc(), kind)}</span></p>
                <h3 class="result-name">{title}</h3>
                <p class="result-meta">{place}{move || { let d = district(); if d.is_empty() { d } else { format!(" · {d}") } }}</p>
                <p class="result-cost">{move || cost_label(loc(), fee_yen)}{move || { let c = cats(); if c.is_empty() { c } else { format!(" · {c}") } }}</p>
            </a>
            <StatusBadges status=status remaining=remaining apply=apply_method online=online />
        </li>
    }
}
