//! `/diary/:id/booklet`: the diary as a booklet to print and keep (A5, a
//! cover, then one page per entry with its round's theme, the writer, the
//! date and the photos). Hidden and excused pages are left out.
use crate::diary::read_group;
use crate::events::views::date_label;
use crate::i18n::*;
use crate::islands::resident::print::PrintButton;
use crate::ui::access::AccessDenied;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn BookletPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_params_map().with_untracked(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let group = Resource::new(|| (), move |_| read_group(id));
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let locale = i18n.get_locale();
                match group.await {
                    Err(e) => view! { <AccessDenied error=e /> }.into_any(),
                    Ok(g) => {
                        let names = g.seats.iter().map(|s| s.name.clone()).collect::<Vec<_>>().join("・");
                        view! {
                            <div class="button-row no-print">
                                <PrintButton label=t_string!(i18n, diary.print).to_string() />
                                <a class="button secondary" href=format!("/diary/{}", g.id)>{t!(i18n, diary.back)}</a>
                            </div>
                            <div class="booklet" data-testid="booklet">
                                <section class="booklet-page booklet-cover">
                                    <h1>{t!(i18n, diary.booklet_cover, name = g.name.clone())}</h1>
                                    <p>{t!(i18n, diary.booklet_members, names = names)}</p>
                                    <p class="muted">{t!(i18n, diary.facilitator_is, name = g.facilitator.clone())}</p>
                                </section>
                                {g.rounds.into_iter().flat_map(|r| {
                                    let theme = r.theme.clone();
                                    let number = r.number;
                                    r.entries.into_iter().filter(|e| !e.skipped && !e.hidden).map(move |e| {
                                        let theme = theme.clone();
                                        view! {
                                            <section class="booklet-page" data-testid="booklet-page">
                                                <p class="muted">{t!(i18n, diary.round_heading, n = number, theme = theme)}</p>
                                                <h2>{e.writer.clone()}</h2>
                                                <p class="muted">{date_label(locale, e.on)}</p>
                                                <p class="diary-body">{e.body.clone()}</p>
                                                <div class="diary-photos">
                                                    {e.photos.iter().map(|p| view! { <img src=format!("/media/{p}/w640.jpg") alt="" /> }).collect_view()}
                                                </div>
                                            </section>
                                        }
                                    })
                                }).collect_view()}
                            </div>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
