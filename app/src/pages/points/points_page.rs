//! `/points`: a resident's balance, badges, history and how points are
//! earned — all server-rendered (no client code).
use crate::events::views::date_label;
use crate::i18n::*;
use crate::points::labels::reason_label;
use crate::points::{my_points, PointsOverview};
use crate::ui::access::AccessDenied;
use crate::ui::PageHeading;
use leptos::prelude::*;

#[component]
pub fn PointsPage() -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new(move || (), move |_| my_points());
    let gone = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("gone").is_some());
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, points.title).to_string())
            lead=Signal::derive(move || t_string!(i18n, points.lead).to_string())
        />
        <Suspense>
            {move || Suspend::new(async move {
                match overview.await {
                    Err(e) => view! { <AccessDenied error=e /> }.into_any(),
                    Ok(o) => view! {
                        {gone.then(|| view! { <p class="error" role="alert">{t!(i18n, points.rewards_gone)}</p> })}
                        <Overview o=o />
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Overview(o: PointsOverview) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale();
    let english = locale == Locale::en;
    let pick = move |t: &crate::health_check::questionnaire::Text| if english { t.en.clone() } else { t.ja.clone() };
    let empty = o.history.is_empty();
    let organises = o.organises;
    let manages = o.manages;
    let balance = o.balance;
    let no_rewards = o.rewards.is_empty();
    let has_vouchers = !o.vouchers.is_empty();
    view! {
        {organises.then(|| view! { <p><a class="button secondary" href="/organise" data-testid="to-organise">{t!(i18n, points.organise_title)}</a></p> })}
        {manages.then(|| view! { <p><a class="button secondary" href="/staff/rewards" data-testid="to-rewards">{t!(i18n, points.to_rewards)}</a></p> })}
        <section class="points-balance" aria-labelledby="balance-label">
            <h2 id="balance-label">{t!(i18n, points.balance_label)}</h2>
            <p class="points-big" data-testid="points-balance">{o.balance}<span class="unit">{t!(i18n, points.unit)}</span></p>
            <p class="muted">{t!(i18n, points.attended, count = o.attended)}</p>
        </section>
        <section aria-labelledby="badges">
            <h2 id="badges">{t!(i18n, points.badges)}</h2>
            <ul class="milestones" data-testid="badges">
                {o.reached.into_iter().map(|b| {
                    let date = date_label(locale, b.on);
                    view! {
                        <li class="milestone reached" data-badge=b.key.clone()>
                            <span class="milestone-mark" aria-hidden="true">"★"</span>
                            <strong>{pick(&b.label)}</strong>
                            <span class="muted">{t!(i18n, points.badge_reached, date = date)}</span>
                        </li>
                    }
                }).collect_view()}
                {o.progress.into_iter().map(|p| {
                    let left = p.at_least.saturating_sub(p.count);
                    view! {
                        <li class="milestone" data-badge=p.key.clone()>
                            <span class="milestone-mark" aria-hidden="true">"☆"</span>
                            <strong>{pick(&p.label)}</strong>
                            <span class="muted">{t!(i18n, points.badge_progress, left = left, count = p.count, at_least = p.at_least)}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="rewards" id="rewards-section">
            <h2 id="rewards">{t!(i18n, points.rewards_title)}</h2>
            <p class="muted">{t!(i18n, points.rewards_lead)}</p>
            {no_rewards.then(|| view! { <p class="muted">{t!(i18n, points.rewards_none)}</p> })}
            <ul class="plain-list reward-list" data-testid="rewards">
                {o.rewards.into_iter().map(|r| {
                    let left = r.cost - balance;
                    view! {
                        <li class="reward" data-reward=r.name_ja.clone()>
                            <div>
                                <strong>{r.name(english).to_string()}</strong>
                                <span class="reward-cost">{t!(i18n, points.reward_cost, cost = r.cost)}</span>
                                <span class="muted">{t!(i18n, points.reward_at, provider = r.provider.clone())}</span>
                            </div>
                            {if left <= 0 {
                                view! { <a class="button" href=format!("/points/rewards/{}", r.id) data-testid="choose-reward">{t!(i18n, points.reward_choose)}</a> }.into_any()
                            } else {
                                view! { <span class="muted">{t!(i18n, points.reward_short, left = left)}</span> }.into_any()
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        {has_vouchers.then(|| view! {
            <section aria-labelledby="vouchers">
                <h2 id="vouchers">{t!(i18n, points.vouchers_title)}</h2>
                <ul class="plain-list" data-testid="vouchers">
                    {o.vouchers.into_iter().map(|v| view! {
                        <li class="member-row">
                            <a href=format!("/points/voucher/{}", v.id)>{v.reward.name(english).to_string()}</a>
                            <span class="muted">{date_label(locale, v.issued_on)}" · "{crate::pages::points::voucher_page::status_label(locale, v.status)}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <section aria-labelledby="history">
            <h2 id="history">{t!(i18n, points.history)}</h2>
            {if empty {
                view! { <p class="muted">{t!(i18n, points.history_empty)}</p> }.into_any()
            } else {
                view! {
                    <table class="data" data-testid="points-history">
                        <thead><tr><th scope="col">{t!(i18n, points.col_date)}</th><th scope="col">{t!(i18n, points.col_what)}</th><th scope="col" class="num">{t!(i18n, points.col_points)}</th></tr></thead>
                        <tbody>
                            {o.history.into_iter().map(|l| {
                                let sign = if l.points > 0 { format!("+{}", l.points) } else { l.points.to_string() };
                                let what = if l.what.is_empty() { reason_label(locale, &l.reason).to_string() } else { format!("{}{}{}", reason_label(locale, &l.reason), if english { ": " } else { "：" }, l.what) };
                                view! { <tr><td>{date_label(locale, l.on)}</td><td>{what}</td><td class="num">{sign}</td></tr> }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="earn">
            <h2 id="earn">{t!(i18n, points.how_to_earn)}</h2>
            <ul class="plain-list">
                {o.earning.into_iter().map(|(a, r)| view! {
                    <li><strong>{reason_label(locale, a.as_str())}</strong>" — "{t!(i18n, points.per_time, points = r.points, daily = r.daily_cap, monthly = r.monthly_cap)}</li>
                }).collect_view()}
            </ul>
        </section>
    }
}
