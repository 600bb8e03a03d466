//! `/diary/:id`: a group's diary — the write form when it is one's turn
//! (or a paper seat's, for the facilitator), the rounds newest first with
//! everyone's pages, and the facilitator's tools (seats, the next round,
//! excusing a member, hiding a page, closing the diary).
use crate::diary::{read_group, EntryView, GroupView, RoundView, Standing, MAX_SEATS};
use crate::events::views::date_label;
use crate::i18n::*;
use crate::ui::access::AccessDenied;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn GroupPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let group = Resource::new(|| (), move |_| read_group(id));
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match group.await {
                    Err(e) => view! { <AccessDenied error=e /> }.into_any(),
                    Ok(g) => view! { <Group g=g /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Group(g: GroupView) -> impl IntoView {
    let i18n = use_i18n();
    let q = use_query_map().get_untracked();
    let facilitating = g.standing == Standing::Facilitator;
    let name_of = |seats: &[crate::diary::SeatView], p: u32| seats.iter().find(|s| s.position == p).map(|s| s.name.clone()).unwrap_or_default();
    let theme = g.rounds.last().map(|r| r.theme.clone()).unwrap_or_default();
    let turn = g.rounds.last().and_then(|r| r.turn);
    let round_complete = g.rounds.last().is_none_or(|r| r.turn.is_none());
    let present = g.seats.iter().filter(|s| !s.left).count() as u32;
    let write_for = g.write_for.map(|seat| (seat, name_of(&g.seats, seat)));
    let turn_name = turn.map(|t| name_of(&g.seats, t));
    let problem = q.get("problem").unwrap_or_default();
    let seat_outcome = q.get("seat").unwrap_or_default();
    let invalid = q.get("invalid").unwrap_or_default();
    let id = g.id;
    view! {
        <h1>{g.name.clone()}</h1>
        <p class="muted">{t!(i18n, diary.facilitator_is, name = g.facilitator.clone())}</p>
        {q.get("written").is_some().then(|| view! { <p class="notice" role="status" data-testid="written">{t!(i18n, diary.written)}</p> })}
        {q.get("reported").is_some().then(|| view! { <p class="notice" role="status">{t!(i18n, diary.reported)}</p> })}
        {(q.get("round").as_deref() == Some("started")).then(|| view! { <p class="notice" role="status" data-testid="round-started">{t!(i18n, diary.round_started)}</p> })}
        {g.finished.then(|| view! { <p class="notice" data-testid="finished">{t!(i18n, diary.finished)}</p> })}
        <p><a class="button secondary" href=format!("/diary/{id}/booklet") data-testid="to-booklet">{t!(i18n, diary.booklet)}</a></p>
        <section aria-labelledby="seats" id="seats-section">
            <h2 id="seats">{t!(i18n, diary.seats)}</h2>
            <ul class="plain-list" data-testid="seats">
                {g.seats.iter().map(|s| view! {
                    <li class="member-row">
                        <strong>{s.name.clone()}</strong>
                        {s.paper.then(|| view! { <span class="badge">{t!(i18n, diary.seat_paper)}</span> })}
                        {s.left.then(|| view! { <span class="badge">{t!(i18n, diary.seat_left)}</span> })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
        {write_for.map(|(seat, name)| {
            let paper = facilitating;
            let draft = g.draft.clone();
            view! {
                <section aria-labelledby="write" id="write-section" class="card stack diary-write">
                    <h2 id="write">{if paper { t_string!(i18n, diary.write_for_paper, name = name).to_string() } else { t_string!(i18n, diary.write_title).to_string() }}</h2>
                    <p class="big-notice">{t!(i18n, diary.write_theme, theme = theme.clone())}</p>
                    <Problem problem=problem.clone() />
                    <form method="post" action=format!("/diary/{id}/write") enctype="multipart/form-data" class="stack" data-testid="write-form">
                        <input type="hidden" name="seat" value=seat.to_string() />
                        <label>{t!(i18n, diary.write_text)}
                            <textarea name="text" rows="10" required maxlength="2000" data-testid="write-text">{draft}</textarea>
                        </label>
                        <fieldset class="stack">
                            <legend>{t!(i18n, diary.write_photos)}</legend>
                            {(1..=crate::diary::MAX_PHOTOS).map(|n| view! {
                                <label>{t!(i18n, diary.photo_n, n = n)}<input type="file" name="photo" accept="image/jpeg,image/png,image/webp,image/*" data-testid=format!("write-photo-{n}") /></label>
                            }).collect_view()}
                        </fieldset>
                        <label class="check"><input type="checkbox" name="share" value="true" data-testid="write-share" />" "{t!(i18n, diary.write_share)}</label>
                        <button type="submit" class="button wide" data-testid="write-button">{t!(i18n, diary.write_button)}</button>
                    </form>
                </section>
            }
        })}
        {(g.write_for.is_none() && !problem.is_empty()).then(|| view! { <Problem problem=problem.clone() /> })}
        {facilitating.then(|| view! {
            <section aria-labelledby="facilitate" class="card stack">
                <h2 id="facilitate">{t!(i18n, diary.facilitating)}</h2>
                {match seat_outcome.as_str() {
                    "added" => view! { <p class="notice" role="status" data-testid="seat-added">{t!(i18n, diary.seat_added)}</p> }.into_any(),
                    "invalid" => view! { <p class="error" role="alert">{t!(i18n, diary.seat_invalid)}</p> }.into_any(),
                    "unknown" => view! { <p class="error" role="alert" data-testid="seat-unknown">{t!(i18n, diary.seat_unknown)}</p> }.into_any(),
                    "self" => view! { <p class="error" role="alert">{t!(i18n, diary.seat_self)}</p> }.into_any(),
                    "full" => view! { <p class="error" role="alert">{t!(i18n, diary.seat_full)}</p> }.into_any(),
                    "already" => view! { <p class="error" role="alert">{t!(i18n, diary.seat_already)}</p> }.into_any(),
                    _ => ().into_any(),
                }}
                {(present < MAX_SEATS && !g.finished).then(|| view! {
                    <h3>{t!(i18n, diary.add_seat)}</h3>
                    <form method="post" action="/api/diary/seat" class="stack">
                        <input type="hidden" name="group" value=id.to_string() />
                        <label>{t!(i18n, diary.seat_email)}<input type="email" name="email" autocomplete="off" data-testid="seat-email" /></label>
                        <label>{t!(i18n, diary.seat_paper_name)}<input type="text" name="paper_name" maxlength="40" autocomplete="off" data-testid="seat-paper" /></label>
                        <button type="submit" class="button" data-testid="add-seat">{t!(i18n, diary.add_seat_button)}</button>
                    </form>
                })}
                {(!g.finished).then(|| view! {
                    <h3 id="new-round">{t!(i18n, diary.new_round)}</h3>
                    {invalid.contains("theme").then(|| view! { <p class="error" role="alert">{t!(i18n, diary.invalid_theme)}</p> })}
                    {invalid.contains("due_on").then(|| view! { <p class="error" role="alert" data-testid="invalid-due">{t!(i18n, diary.invalid_due_on)}</p> })}
                    {(q.get("round").as_deref() == Some("going") || !round_complete).then(|| view! { <p class="muted" data-testid="round-going">{t!(i18n, diary.round_going)}</p> })}
                    {round_complete.then(|| view! {
                        <form method="post" action="/api/diary/start-round" class="stack">
                            <input type="hidden" name="group" value=id.to_string() />
                            <label>{t!(i18n, diary.theme)}<input type="text" name="theme" required maxlength="80" data-testid="round-theme" /></label>
                            <label>{t!(i18n, diary.due_on)}<input type="date" name="due_on" required data-testid="round-due" /></label>
                            <button type="submit" class="button" data-testid="start-round">{t!(i18n, diary.start_round)}</button>
                        </form>
                    })}
                    {turn.zip(turn_name.clone()).map(|(seat, name)| view! {
                        <form method="post" action="/api/diary/skip">
                            <input type="hidden" name="group" value=id.to_string() />
                            <input type="hidden" name="position" value=seat.to_string() />
                            <button type="submit" class="button secondary" data-testid="skip-turn">{t!(i18n, diary.skip_turn, name = name)}</button>
                        </form>
                    })}
                    <form method="post" action="/api/diary/finish">
                        <input type="hidden" name="group" value=id.to_string() />
                        <button type="submit" class="button secondary" data-testid="finish">{t!(i18n, diary.finish)}</button>
                    </form>
                })}
            </section>
        })}
        {match q.get("seed").as_deref() {
            Some("suggestion") => view! { <p class="notice" role="status" data-testid="seeded">{t!(i18n, diary.seeded_suggestion)}</p> }.into_any(),
            Some("already") => view! { <p class="error" role="alert">{t!(i18n, diary.seeded_already)}</p> }.into_any(),
            _ => ().into_any(),
        }}
        {g.rounds.into_iter().rev().map(|r| view! { <Round r=r seats=g.seats.clone() facilitating=facilitating writes_reports=g.writes_reports /> }).collect_view()}
        {matches!(g.standing, Standing::Member { .. }).then(|| view! {
            <details class="card">
                <summary>{t!(i18n, diary.leave)}</summary>
                <p>{t!(i18n, diary.leave_note)}</p>
                <form method="post" action="/api/diary/leave">
                    <input type="hidden" name="group" value=id.to_string() />
                    <button type="submit" class="button secondary" data-testid="leave">{t!(i18n, diary.leave_button)}</button>
                </form>
            </details>
        })}
    }
}

#[component]
fn Problem(problem: String) -> impl IntoView {
    let i18n = use_i18n();
    let text = match problem.as_str() {
        "" => None,
        "text" => Some(t_string!(i18n, diary.problem_text).to_string()),
        "photos" => Some(t_string!(i18n, diary.problem_photos).to_string()),
        "turn" => Some(t_string!(i18n, diary.problem_turn).to_string()),
        p => p.strip_prefix("photo-").map(|n| t_string!(i18n, diary.problem_photo, n = n.to_string()).to_string()),
    };
    text.map(|t| view! { <p class="error" role="alert" data-testid="write-problem">{t}</p> })
}

#[component]
fn Round(r: RoundView, seats: Vec<crate::diary::SeatView>, facilitating: bool, writes_reports: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale();
    let turn_name = r.turn.and_then(|t| seats.iter().find(|s| s.position == t).map(|s| s.name.clone()));
    view! {
        <section class="diary-round" data-round=r.number.to_string()>
            <h2>{t!(i18n, diary.round_heading, n = r.number, theme = r.theme.clone())}</h2>
            <p class="muted">{t!(i18n, diary.round_due, date = date_label(locale, r.due_on))}</p>
            {r.entries.into_iter().map(|e| view! { <Entry e=e facilitating=facilitating writes_reports=writes_reports /> }).collect_view()}
            {match turn_name {
                Some(name) => view! { <p class="notice" data-testid="turn-of">{t!(i18n, diary.turn_of, name = name)}</p> }.into_any(),
                None => view! { <p class="muted">{t!(i18n, diary.round_done)}</p> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Entry(e: EntryView, facilitating: bool, writes_reports: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale();
    let id = e.id;
    let (mine, hidden, shared) = (e.mine, e.hidden, e.shared);
    view! {
        <article class="diary-entry card" id=format!("entry-{id}") data-testid="entry" data-skipped=e.skipped.to_string()>
            <header class="member-row">
                <strong>{e.writer.clone()}</strong>
                <span class="muted">{date_label(locale, e.on)}</span>
                {shared.then(|| view! { <span class="badge">{t!(i18n, diary.shared_mark)}</span> })}
                {(facilitating && e.flags > 0).then(|| view! { <span class="badge warn">{t!(i18n, diary.flags, count = e.flags)}</span> })}
            </header>
            {if e.skipped {
                view! { <p class="muted">{t!(i18n, diary.skipped)}</p> }.into_any()
            } else if hidden && !facilitating {
                view! { <p class="muted">{t!(i18n, diary.hidden_for_members)}</p> }.into_any()
            } else {
                view! {
                    {(hidden && facilitating).then(|| view! { <p class="error">{t!(i18n, diary.hidden_mark)}</p> })}
                    <p class="diary-body" data-testid="entry-body">{e.body.clone()}</p>
                    <div class="diary-photos">
                        {e.photos.iter().map(|p| view! {
                            <img src=format!("/media/{p}/w640.jpg") srcset=format!("/media/{p}/w320.jpg 320w, /media/{p}/w640.jpg 640w") sizes="(max-width: 40rem) 100vw, 40rem" alt="" loading="lazy" data-testid="entry-photo" />
                        }).collect_view()}
                    </div>
                }.into_any()
            }}
            {(!e.skipped).then(|| view! {
                <div class="button-row">
                    {(!mine && !facilitating && !hidden).then(|| view! {
                        <form method="post" action="/api/diary/report">
                            <input type="hidden" name="entry" value=id.to_string() />
                            <button type="submit" class="button secondary small" data-testid="report-entry">{t!(i18n, diary.report)}</button>
                        </form>
                    })}
                    {mine.then(|| view! {
                        <form method="post" action="/api/diary/share">
                            <input type="hidden" name="entry" value=id.to_string() />
                            <input type="hidden" name="share" value=(!shared).to_string() />
                            <button type="submit" class="button secondary small">{if shared { t_string!(i18n, diary.share_off) } else { t_string!(i18n, diary.share_on) }}</button>
                        </form>
                    })}
                    {(facilitating && shared && !hidden && e.seeded.is_none()).then(|| view! {
                        <form method="post" action="/api/diary/seed">
                            <input type="hidden" name="entry" value=id.to_string() />
                            <input type="hidden" name="kind" value="suggestion" />
                            <button type="submit" class="button secondary small" data-testid="seed-suggestion">{t!(i18n, diary.seed_suggestion)}</button>
                        </form>
                        {writes_reports.then(|| view! {
                            <form method="post" action="/api/diary/seed">
                                <input type="hidden" name="entry" value=id.to_string() />
                                <input type="hidden" name="kind" value="report" />
                                <button type="submit" class="button secondary small" data-testid="seed-report">{t!(i18n, diary.seed_report)}</button>
                            </form>
                        })}
                    })}
                    {e.seeded.is_some().then(|| view! { <span class="badge">{t!(i18n, diary.seeded_mark)}</span> })}
                    {facilitating.then(|| view! {
                        <form method="post" action="/api/diary/hide">
                            <input type="hidden" name="entry" value=id.to_string() />
                            <input type="hidden" name="hide" value=(!hidden).to_string() />
                            <button type="submit" class="button secondary small" data-testid="hide-entry">{if hidden { t_string!(i18n, diary.unhide) } else { t_string!(i18n, diary.hide) }}</button>
                        </form>
                    })}
                </div>
            })}
        </article>
    }
}
