//! `/diary`: the groups one writes in or facilitates, whose turn it is,
//! and (for facilitators) starting a group.
use crate::diary::{read_diary_home, Standing};
use crate::events::views::date_label;
use crate::i18n::*;
use crate::ui::access::AccessDenied;
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn DiaryHomePage() -> impl IntoView {
    let i18n = use_i18n();
    let q = use_query_map().get_untracked();
    let (left, invalid) = (q.get("left").is_some(), q.get("invalid").is_some());
    let home = Resource::new(|| (), |_| read_diary_home());
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, diary.title).to_string())
            lead=Signal::derive(move || t_string!(i18n, diary.lead).to_string())
        />
        {left.then(|| view! { <p class="notice" role="status" data-testid="left-group">{t!(i18n, diary.left_group)}</p> })}
        <Suspense>
            {move || Suspend::new(async move {
                let locale = i18n.get_locale();
                match home.await {
                    Err(e) => view! { <AccessDenied error=e /> }.into_any(),
                    Ok(h) => {
                        let none = h.groups.is_empty();
                        view! {
                            {none.then(|| view! { <p class="muted">{t!(i18n, diary.none)}</p> })}
                            <ul class="plain-list diary-groups" data-testid="diary-groups">
                                {h.groups.into_iter().map(|g| {
                                    let facilitating = g.standing == Standing::Facilitator;
                                    view! {
                                        <li class="card stack" data-group=g.id.to_string()>
                                            <h2><a href=format!("/diary/{}", g.id)>{g.name.clone()}</a></h2>
                                            {facilitating.then(|| view! { <span class="badge">{t!(i18n, diary.facilitating)}</span> })}
                                            <p>{match g.round.clone() {
                                                Some((n, theme, due)) => t_string!(i18n, diary.round_label, n = n, theme = theme, date = date_label(locale, due)).to_string(),
                                                None => t_string!(i18n, diary.no_round).to_string(),
                                            }}</p>
                                            {g.my_turn.then(|| view! {
                                                <p class="big-notice" data-testid="my-turn">
                                                    {if facilitating { t_string!(i18n, diary.paper_turn) } else { t_string!(i18n, diary.your_turn) }}
                                                </p>
                                            })}
                                            {(g.flags > 0).then(|| view! { <p class="error" data-testid="flags" data-count=g.flags.to_string()>{t!(i18n, diary.flags, count = g.flags)}</p> })}
                                            <a class="button" href=format!("/diary/{}", g.id) data-testid="open-group">{t!(i18n, diary.open_group)}</a>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            {h.facilitates.then(|| view! {
                                <section aria-labelledby="new-group" class="card stack">
                                    <h2 id="new-group">{t!(i18n, diary.new_group)}</h2>
                                    {invalid.then(|| view! { <p class="error" role="alert">{t!(i18n, diary.invalid_group_name)}</p> })}
                                    <form method="post" action="/api/diary/create" class="stack">
                                        <label>{t!(i18n, diary.group_name)}<input type="text" name="name" required maxlength="40" data-testid="group-name" /></label>
                                        <button type="submit" class="button" data-testid="create-group">{t!(i18n, diary.create_group)}</button>
                                    </form>
                                </section>
                            })}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
