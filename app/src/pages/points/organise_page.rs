//! The organiser's pages: `/organise` (my activities and their next
//! sessions), `/organise/session/:key` (the QR code to show on a tablet,
//! posters to print, the member list to tick), its printable poster, a
//! member's card (`/organise/card/:user`) and what scanning a card opens
//! (`/checkin/card/:code`). Plain forms; no client code.
use crate::attendance::organise::{organised, print_member_card, read_card, read_session_sheet, CardView, SessionSheet};
use crate::events::views::date_label;
use crate::i18n::*;
use crate::islands::resident::print::PrintButton;
use crate::ui::access::AccessDenied;
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

fn param(name: &'static str) -> String {
    use_params_map().with_untracked(|p| p.get(name).unwrap_or_default())
}

#[component]
pub fn OrganisePage() -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(|| (), |_| organised());
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, points.organise_title).to_string())
            lead=Signal::derive(move || t_string!(i18n, points.organise_lead).to_string())
        />
        <Suspense>
            {move || Suspend::new(async move {
                let locale = i18n.get_locale();
                match list.await {
                    Err(e) => view! { <AccessDenied error=e /> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="notice">{t!(i18n, points.organise_none)}</p> }.into_any(),
                    Ok(list) => list.into_iter().map(|a| view! {
                        <section class="card" data-testid="organised">
                            <h2>{a.name}</h2>
                            <ul class="plain-list">
                                {a.sessions.into_iter().map(|(key, on)| view! {
                                    <li><a class="button secondary" href=format!("/organise/session/{key}")>{date_label(locale, on)}" "{t!(i18n, points.open_sheet)}</a></li>
                                }).collect_view()}
                            </ul>
                        </section>
                    }).collect_view().into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn SessionSheetPage() -> impl IntoView {
    let i18n = use_i18n();
    let key = param("key");
    let sheet = Resource::new(|| (), move |_| read_session_sheet(key.clone()));
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, points.open_sheet).to_string()) />
        <Suspense>
            {move || Suspend::new(async move {
                match sheet.await {
                    Err(e) => view! { <AccessDenied error=e /> }.into_any(),
                    Ok(s) => view! { <Sheet s=s /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Sheet(s: SessionSheet) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale();
    let key = s.key.clone();
    let open = s.open;
    let no_members = s.members.is_empty();
    view! {
        <section class="checkin" data-testid="session-sheet">
            <h2 class="checkin-title">{s.title.clone()}</h2>
            <p class="checkin-date">{date_label(locale, s.first)}</p>
            {if s.not_held {
                view! { <p class="notice">{t!(i18n, points.checkin_not_held)}</p> }.into_any()
            } else if open {
                view! { <p>{t!(i18n, points.sheet_scan_here)}</p> }.into_any()
            } else {
                view! { <p class="notice">{t!(i18n, points.sheet_not_open)}</p> }.into_any()
            }}
            <div class="qr-big" inner_html=s.qr_svg.clone()></div>
            <p class="muted break-all" data-testid="checkin-url">{s.checkin_url.clone()}</p>
            <p class="points-earned" data-testid="checked-in-count">{t!(i18n, points.checked_in_count, count = s.checked_in)}</p>
            <div class="button-row">
                <a class="button secondary" href=format!("/organise/session/{key}/poster?size=a4")>{t!(i18n, points.print_a4)}</a>
                <a class="button secondary" href=format!("/organise/session/{key}/poster?size=a5")>{t!(i18n, points.print_a5)}</a>
            </div>
        </section>
        <section aria-labelledby="members">
            <h2 id="members">{t!(i18n, points.members)}</h2>
            {no_members.then(|| view! { <p class="muted">{t!(i18n, points.members_none)}</p> })}
            <ul class="plain-list" data-testid="members">
                {s.members.into_iter().map(|m| {
                    let key = key.clone();
                    view! {
                        <li class="member-row">
                            <strong>{m.name.clone()}{m.card.then(|| view! { " "<span class="badge" data-testid="card-member">{t!(i18n, points.card_member)}</span> })}</strong>
                            {m.last.map(|d| view! { <span class="muted">{t!(i18n, points.last_time, date = date_label(locale, d))}</span> })}
                            {if m.here {
                                view! { <span class="notice" data-testid="member-here">{t!(i18n, points.here)}</span> }.into_any()
                            } else if open {
                                view! {
                                    <form method="post" action="/api/attendance/record">
                                        <input type="hidden" name="key" value=key />
                                        <input type="hidden" name="user_id" value=m.user_id.to_string() />
                                        <button type="submit" class="button" data-testid="mark-here">{t!(i18n, points.mark_here)}</button>
                                    </form>
                                }.into_any()
                            } else {
                                ().into_any()
                            }}
                            <a class="button secondary small" href=format!("/organise/card/{}", m.user_id)>{t!(i18n, points.print_card)}</a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        {open.then(|| view! { <AddMember key=key.clone() /> })}
    }
}

/// Adding someone who came and is not on the list: by mail address, or by
/// name (with their agreement) for someone without a smartphone or mail.
#[component]
fn AddMember(key: String) -> impl IntoView {
    let i18n = use_i18n();
    let q = use_query_map().get_untracked();
    let invalid: Vec<String> = q.get("invalid").map(|s| s.split(',').map(str::to_string).collect()).unwrap_or_default();
    let bad = |field: &str| invalid.iter().any(|f| f == field);
    let (bad_email, bad_name, bad_consent) = (bad("email"), bad("name"), bad("consent"));
    let member = q.get("member").unwrap_or_default();
    view! {
        <section aria-labelledby="add-member" class="card stack">
            <h2 id="add-member">{t!(i18n, points.add_member_title)}</h2>
            <p class="muted">{t!(i18n, points.add_member_lead)}</p>
            {(member == "added").then(|| view! { <p class="notice" role="status" data-testid="member-added">{t!(i18n, points.member_added)}</p> })}
            {(member == "unknown").then(|| view! { <p class="error" role="alert" data-testid="member-unknown">{t!(i18n, points.member_unknown)}</p> })}
            <form method="post" action="/api/attendance/add-member" class="stack">
                <input type="hidden" name="key" value=key.clone() />
                <label>{t!(i18n, points.add_by_mail)}
                    <input type="email" name="form[email]" required autocomplete="off" aria-invalid=bad_email.then_some("true") data-testid="add-member-email" />
                </label>
                {bad_email.then(|| view! { <p class="error" role="alert">{t!(i18n, points.invalid_email)}</p> })}
                <button type="submit" class="button" data-testid="add-member-mail">{t!(i18n, points.add_by_mail_button)}</button>
            </form>
            <h3>{t!(i18n, points.add_card_title)}</h3>
            <form method="post" action="/api/attendance/add-member" class="stack">
                <input type="hidden" name="key" value=key />
                <label>{t!(i18n, points.add_card_name)}
                    <input type="text" name="form[name]" required maxlength="40" autocomplete="off" aria-invalid=bad_name.then_some("true") data-testid="add-member-name" />
                </label>
                {bad_name.then(|| view! { <p class="error" role="alert">{t!(i18n, points.invalid_name)}</p> })}
                <label class="check">
                    <input type="checkbox" name="form[consent]" value="true" required aria-invalid=bad_consent.then_some("true") data-testid="add-member-consent" />
                    " "{t!(i18n, points.add_card_consent)}
                </label>
                {bad_consent.then(|| view! { <p class="error" role="alert" data-testid="invalid-consent">{t!(i18n, points.invalid_consent)}</p> })}
                <button type="submit" class="button" data-testid="add-member-card">{t!(i18n, points.add_card_button)}</button>
            </form>
        </section>
    }
}

/// The poster to print for one session (A4 or A5, `?size=`).
#[component]
pub fn PosterPage() -> impl IntoView {
    let i18n = use_i18n();
    let key = param("key");
    let a5 = use_query_map().with_untracked(|q| q.get("size").as_deref() == Some("a5"));
    let sheet = Resource::new(|| (), move |_| read_session_sheet(key.clone()));
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let locale = i18n.get_locale();
                match sheet.await {
                    Err(e) => view! { <AccessDenied error=e /> }.into_any(),
                    Ok(s) => view! {
                        <article class=if a5 { "poster a5" } else { "poster a4" } data-testid="poster">
                            <p class="poster-heading">{t!(i18n, points.poster_heading)}</p>
                            <h1>{s.title}</h1>
                            <p class="poster-date">{date_label(locale, s.first)}</p>
                            <div class="poster-qr" inner_html=s.qr_svg></div>
                            <ol class="poster-steps">
                                <li>{t!(i18n, points.poster_step1)}</li>
                                <li>{t!(i18n, points.poster_step2)}</li>
                            </ol>
                            <p class="muted">{t!(i18n, points.poster_note)}</p>
                        </article>
                        <p class="no-print"><PrintButton label=t_string!(i18n, points.print).to_string() /></p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A member's card to print (for those without a smartphone).
#[component]
pub fn MemberCardPage() -> impl IntoView {
    let i18n = use_i18n();
    let user = param("user").parse::<i64>().unwrap_or(0);
    let card = Resource::new(|| (), move |_| print_member_card(user));
    let new = use_query_map().with_untracked(|q| q.get("new").is_some());
    view! {
        {new.then(|| view! { <p class="notice no-print" role="status" data-testid="card-new">{t!(i18n, points.card_new)}</p> })}
        <Suspense>
            {move || Suspend::new(async move {
                let locale = i18n.get_locale();
                match card.await {
                    Err(e) => view! { <AccessDenied error=e /> }.into_any(),
                    Ok(c) => view! {
                        <article class="member-card" data-testid="member-card">
                            <p class="poster-heading">{t!(i18n, points.card_title)}</p>
                            <h1>{c.name}</h1>
                            <div class="card-qr" inner_html=c.qr_svg></div>
                            <p>{t!(i18n, points.card_note)}</p>
                            <p class="muted">{t!(i18n, points.card_issued, date = date_label(locale, c.issued))}</p>
                        </article>
                        <div class="button-row no-print">
                            <PrintButton label=t_string!(i18n, points.print).to_string() />
                            <form method="post" action="/api/attendance/reissue-card">
                                <input type="hidden" name="user_id" value=user.to_string() />
                                <button type="submit" class="button secondary" data-testid="reissue">{t!(i18n, points.reissue)}</button>
                            </form>
                        </div>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What scanning a member's card opens on the organiser's tablet.
#[component]
pub fn CardScanPage() -> impl IntoView {
    let i18n = use_i18n();
    let code = param("code");
    let view = Resource::new(|| (), move |_| read_card(code.clone()));
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, points.card_title).to_string()) />
        <Suspense>
            {move || Suspend::new(async move {
                match view.await {
                    Err(e) => view! { <AccessDenied error=e /> }.into_any(),
                    Ok(CardView::Unknown) => view! { <p class="error" role="alert" data-testid="card-unknown">{t!(i18n, points.card_unknown)}</p> }.into_any(),
                    Ok(CardView::Member { name, code, sessions }) => {
                        let none = sessions.is_empty();
                        view! {
                            <section class="checkin" data-testid="card-scan">
                                <h2 class="checkin-title">{name}</h2>
                                {none.then(|| view! { <p class="notice">{t!(i18n, points.card_no_sessions)}</p> })}
                                <ul class="plain-list">
                                    {sessions.into_iter().map(|(key, title, here)| {
                                        let code = code.clone();
                                        view! {
                                            <li>
                                                <strong>{title}</strong>" "
                                                {if here {
                                                    view! { <span class="notice" data-testid="card-recorded">{t!(i18n, points.card_recorded)}</span> }.into_any()
                                                } else {
                                                    view! {
                                                        <form method="post" action="/api/attendance/record-card">
                                                            <input type="hidden" name="code" value=code />
                                                            <input type="hidden" name="key" value=key />
                                                            <button type="submit" class="button wide" data-testid="card-record">{t!(i18n, points.card_record)}</button>
                                                        </form>
                                                    }.into_any()
                                                }}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </section>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
