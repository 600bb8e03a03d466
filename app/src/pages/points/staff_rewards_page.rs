//! `/staff/rewards`: the rewards on offer (add, stop, offer again), an
//! exchange at the counter for a resident without a smartphone, the latest
//! exchanges, and the anonymous monthly summary with its CSV (city staff).
use super::voucher_page::status_label;
use crate::i18n::*;
use crate::points::rewards::read_rewards_admin;
use crate::points::summary::{points_summary, tables};
use crate::ui::access::AccessDenied;
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn StaffRewardsPage() -> impl IntoView {
    let i18n = use_i18n();
    let q = use_query_map().get_untracked();
    let added = q.get("added").is_some();
    let invalid: Vec<String> = q.get("invalid").map(|s| s.split(',').map(str::to_string).collect()).unwrap_or_default();
    let who_unknown = q.get("who").is_some();
    let gone = q.get("gone").is_some();
    let short = q.get("short").and_then(|s| s.split_once('-').and_then(|(b, c)| Some((b.parse::<i64>().ok()?, c.parse::<i64>().ok()?))));
    let month = q.get("month").unwrap_or_default();
    let admin = Resource::new(|| (), |_| read_rewards_admin());
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, points.staff_rewards_title).to_string())
            lead=Signal::derive(move || t_string!(i18n, points.staff_rewards_lead).to_string())
        />
        <Suspense>
            {move || {
                let (invalid, month) = (invalid.clone(), month.clone());
                Suspend::new(async move {
                let locale = i18n.get_locale();
                let english = locale == Locale::en;
                match admin.await {
                    Err(e) => view! { <AccessDenied error=e /> }.into_any(),
                    Ok(a) => {
                        let offered: Vec<_> = a.rewards.iter().filter(|(r, _)| r.active).map(|(r, _)| (r.id, format!("{} ({})", r.name(english), r.cost))).collect();
                        let none = a.rewards.is_empty();
                        let no_recent = a.recent.is_empty();
                        view! {
                            <section aria-labelledby="rewards-list">
                                <h2 id="rewards-list">{t!(i18n, points.rewards_list)}</h2>
                                {none.then(|| view! { <p class="muted">{t!(i18n, points.rewards_list_none)}</p> })}
                                <div class="table-scroll">
                                <table class="data" data-testid="staff-rewards">
                                    <thead><tr>
                                        <th scope="col">{t!(i18n, points.col_reward)}</th>
                                        <th scope="col">{t!(i18n, points.col_provider)}</th>
                                        <th scope="col" class="num">{t!(i18n, points.col_cost)}</th>
                                        <th scope="col" class="num">{t!(i18n, points.col_taken)}</th>
                                        <th scope="col">{t!(i18n, points.col_state)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {a.rewards.into_iter().map(|(r, taken)| {
                                            let active = r.active;
                                            view! {
                                                <tr data-reward=r.name_ja.clone()>
                                                    <td>{r.name(english).to_string()}</td>
                                                    <td>{r.provider.clone()}</td>
                                                    <td class="num">{r.cost}</td>
                                                    <td class="num">{taken}</td>
                                                    <td>
                                                        <form method="post" action="/api/staff/rewards/active" class="inline-form">
                                                            <input type="hidden" name="id" value=r.id.to_string() />
                                                            <input type="hidden" name="active" value=(!active).to_string() />
                                                            {if active { t_string!(i18n, points.state_active) } else { t_string!(i18n, points.state_stopped) }}" "
                                                            <button type="submit" class="button secondary small" data-testid="toggle-reward">
                                                                {if active { t_string!(i18n, points.stop_reward) } else { t_string!(i18n, points.resume_reward) }}
                                                            </button>
                                                        </form>
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                </div>
                            </section>
                            <section aria-labelledby="redeem-for" class="card stack">
                                <h2 id="redeem-for">{t!(i18n, points.redeem_for_title)}</h2>
                                <p class="muted">{t!(i18n, points.redeem_for_lead)}</p>
                                {who_unknown.then(|| view! { <p class="error" role="alert" data-testid="who-unknown">{t!(i18n, points.who_unknown)}</p> })}
                                {gone.then(|| view! { <p class="error" role="alert">{t!(i18n, points.rewards_gone)}</p> })}
                                {short.map(|(balance, cost)| view! { <p class="error" role="alert" data-testid="staff-short">{t!(i18n, points.staff_short, balance = balance, cost = cost)}</p> })}
                                <form method="post" action="/api/staff/rewards/redeem-for" class="stack">
                                    <label>{t!(i18n, points.redeem_for_who)}<input type="text" name="who" required autocomplete="off" data-testid="redeem-who" /></label>
                                    <label>{t!(i18n, points.redeem_for_reward)}
                                        <select name="reward_id" required data-testid="redeem-reward">
                                            {offered.into_iter().map(|(id, label)| view! { <option value=id.to_string()>{label}</option> }).collect_view()}
                                        </select>
                                    </label>
                                    <button type="submit" class="button" data-testid="redeem-for">{t!(i18n, points.redeem_for_button)}</button>
                                </form>
                            </section>
                            <section aria-labelledby="recent">
                                <h2 id="recent">{t!(i18n, points.recent_title)}</h2>
                                {no_recent.then(|| view! { <p class="muted">{t!(i18n, points.recent_none)}</p> })}
                                <div class="table-scroll">
                                <table class="data" data-testid="recent-redemptions">
                                    <thead><tr>
                                        <th scope="col">{t!(i18n, points.col_code)}</th>
                                        <th scope="col">{t!(i18n, points.col_reward)}</th>
                                        <th scope="col">{t!(i18n, points.col_holder)}</th>
                                        <th scope="col">{t!(i18n, points.col_status)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {a.recent.into_iter().map(|r| {
                                            let holder = if r.holder.is_empty() { t_string!(i18n, points.deleted_account).to_string() } else { r.holder.clone() };
                                            let by = if r.by_staff { format!(" ({})", t_string!(i18n, points.by_staff)) } else { String::new() };
                                            view! {
                                                <tr>
                                                    <td><a href=format!("/points/voucher/{}", r.id)>{r.code.clone()}</a></td>
                                                    <td>{r.reward.clone()}</td>
                                                    <td>{holder}{by}</td>
                                                    <td>{status_label(locale, r.status)}<br /><span class="muted">{crate::calendar::tokyo_time(&r.created_at)}</span></td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                </div>
                            </section>
                            <AddReward added=added invalid=invalid />
                            <MonthSummary month=month />
                        }.into_any()
                    }
                }
            })}}
        </Suspense>
    }
}

#[component]
fn AddReward(added: bool, invalid: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let bad = move |field: &str| invalid.iter().any(|f| f == field);
    let (bad_name_ja, bad_name_en, bad_provider, bad_cost) = (bad("name_ja"), bad("name_en"), bad("provider"), bad("cost"));
    view! {
    <section aria-labelledby="add-reward" class="card stack">
        <h2 id="add-reward">{t!(i18n, points.add_reward)}</h2>
        {added.then(|| view! { <p class="notice" role="status" data-testid="reward-added">{t!(i18n, points.reward_added)}</p> })}
        <form method="post" action="/api/staff/rewards/add" class="stack" data-testid="add-reward-form">
            <label>{t!(i18n, points.reward_name_ja)}
                <input type="text" name="name_ja" required maxlength="60" aria-invalid=bad_name_ja.then_some("true") />
            </label>
            {bad_name_ja.then(|| view! { <p class="error" role="alert" data-testid="invalid-name_ja">{t!(i18n, points.invalid_name_ja)}</p> })}
            <label>{t!(i18n, points.reward_name_en)}
                <input type="text" name="name_en" maxlength="60" aria-invalid=bad_name_en.then_some("true") />
            </label>
            {bad_name_en.then(|| view! { <p class="error" role="alert">{t!(i18n, points.invalid_name_en)}</p> })}
            <label>{t!(i18n, points.reward_provider)}
                <input type="text" name="provider" required maxlength="60" aria-invalid=bad_provider.then_some("true") />
            </label>
            {bad_provider.then(|| view! { <p class="error" role="alert">{t!(i18n, points.invalid_provider)}</p> })}
            <label>{t!(i18n, points.reward_cost_label)}
                <input type="text" name="cost" required inputmode="numeric" aria-invalid=bad_cost.then_some("true") />
            </label>
            {bad_cost.then(|| view! { <p class="error" role="alert" data-testid="invalid-cost">{t!(i18n, points.invalid_cost)}</p> })}
            <button type="submit" class="button" data-testid="add-reward">{t!(i18n, points.add_reward_button)}</button>
        </form>
    </section>
    }
}

/// The anonymous monthly summary (`month`: `2026-11`; empty: this month).
#[component]
fn MonthSummary(month: String) -> impl IntoView {
    let i18n = use_i18n();
    let summary = Resource::new(|| (), move |_| points_summary(month.clone()));
    view! {
    <section aria-labelledby="summary" class="stack">
        <h2 id="summary">{t!(i18n, points.summary_title)}</h2>
        <p class="muted">{t!(i18n, points.summary_lead)}</p>
        <Suspense>
            {move || Suspend::new(async move {
                let locale = i18n.get_locale();
                match summary.await {
                    Err(e) => view! { <AccessDenied error=e /> }.into_any(),
                    Ok(s) => {
                        let slug = s.month.slug();
                        let partial = s.partial;
                        view! {
                            <form method="get" action="/staff/rewards#summary" class="inline-form">
                                <label>{t!(i18n, points.summary_month)}" "<input type="month" name="month" value=slug.clone() data-testid="summary-month" /></label>
                                <button type="submit" class="button secondary small">{t!(i18n, points.summary_show)}</button>
                            </form>
                            <p>
                                <strong>{slug.clone()}</strong>
                                {partial.then(|| view! { " "{t!(i18n, points.summary_partial)} })}
                                " "<a class="button secondary small" href=format!("/staff/points/summary.csv?month={slug}") data-testid="summary-csv">{t!(i18n, points.summary_csv)}</a>
                            </p>
                            {tables(&s, locale).into_iter().map(|(title, header, rows)| view! {
                                <h3>{title}</h3>
                                <div class="table-scroll">
                                <table class="data" data-testid="summary-table">
                                    <thead><tr>{header.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                                    <tbody>
                                        {rows.into_iter().map(|row| view! {
                                            <tr>{row.into_iter().enumerate().map(|(i, c)| if i == 0 { view! { <th scope="row">{c}</th> }.into_any() } else { view! { <td class="num">{c}</td> }.into_any() }).collect_view()}</tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                </div>
                            }).collect_view()}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    </section>
    }
}
