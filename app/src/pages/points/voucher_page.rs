//! Exchanging points: the confirmation page of a reward
//! (`/points/rewards/:id`), the voucher its holder shows at the shop
//! (`/points/voucher/:id`, printable for a resident served at the counter)
//! and the shop's check of a code (`/points/code`, `/points/code/:code`).
//! Plain forms; no client code.
use crate::events::views::date_label;
use crate::i18n::*;
use crate::islands::resident::print::PrintButton;
use crate::points::redeem::{check_voucher, read_voucher, read_reward_offer, ShopCheck, Voucher};
use crate::points::voucher::RedemptionStatus;
use crate::ui::access::AccessDenied;
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

fn param(name: &'static str) -> String {
    use_params_map().with_untracked(|p| p.get(name).unwrap_or_default())
}

fn flag(name: &'static str) -> bool {
    use_query_map().with_untracked(|q| q.get(name).is_some())
}

/// A voucher's state in words (the holder's view).
pub fn status_label(locale: Locale, s: RedemptionStatus) -> &'static str {
    match s {
        RedemptionStatus::Issued => td_string!(locale, points.status_issued),
        RedemptionStatus::HandedOver => td_string!(locale, points.status_handed_over),
        RedemptionStatus::Cancelled => td_string!(locale, points.status_cancelled),
    }
}

#[component]
pub fn RewardOfferPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = param("id").parse::<i64>().unwrap_or(0);
    let short = flag("short");
    let offer = Resource::new(|| (), move |_| read_reward_offer(id));
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, points.offer_title).to_string()) />
        <Suspense>
            {move || Suspend::new(async move {
                let english = i18n.get_locale() == Locale::en;
                match offer.await {
                    Err(e) => view! { <AccessDenied error=e /> }.into_any(),
                    Ok(o) => {
                        let after = o.balance - o.reward.cost;
                        let enough = after >= 0;
                        let cost = o.reward.cost;
                        view! {
                            <section class="card stack reward-offer" data-testid="reward-offer">
                                <h2>{o.reward.name(english).to_string()}</h2>
                                <p>{t!(i18n, points.reward_at, provider = o.reward.provider.clone())}</p>
                                <p class="points-big">{cost}<span class="unit">{t!(i18n, points.unit)}</span></p>
                                <p>{t!(i18n, points.offer_balance, balance = o.balance)}</p>
                                {(short || !enough).then(|| view! { <p class="error" role="alert" data-testid="offer-short">{t!(i18n, points.offer_short, balance = o.balance)}</p> })}
                                {enough.then(|| view! {
                                    <p>{t!(i18n, points.offer_after, points = after)}</p>
                                    <p class="muted">{t!(i18n, points.offer_note)}</p>
                                    <form method="post" action="/api/points/take">
                                        <input type="hidden" name="reward_id" value=id.to_string() />
                                        <button type="submit" class="button wide" data-testid="take-reward">{t!(i18n, points.offer_confirm, cost = cost)}</button>
                                    </form>
                                })}
                            </section>
                            <p><a href="/points#rewards">{t!(i18n, points.back_to_points)}</a></p>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn VoucherPage() -> impl IntoView {
    let id = param("id").parse::<i64>().unwrap_or(0);
    let (new, cancelled, unchanged) = (flag("new"), flag("cancelled"), flag("unchanged"));
    let voucher = Resource::new(|| (), move |_| read_voucher(id));
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match voucher.await {
                    Err(e) => view! { <AccessDenied error=e /> }.into_any(),
                    Ok(v) => view! { <VoucherView v=v new=new cancelled=cancelled unchanged=unchanged /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn VoucherView(v: Voucher, new: bool, cancelled: bool, unchanged: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale();
    let english = locale == Locale::en;
    let issued = v.status == RedemptionStatus::Issued;
    let id = v.id;
    let cost = v.cost;
    view! {
        {new.then(|| view! { <p class="notice no-print" role="status" data-testid="voucher-new">{t!(i18n, points.voucher_new)}</p> })}
        {cancelled.then(|| view! { <p class="notice no-print" role="status" data-testid="voucher-cancelled">{t!(i18n, points.voucher_cancelled, cost = cost)}</p> })}
        {unchanged.then(|| view! { <p class="error no-print" role="alert">{t!(i18n, points.voucher_unchanged)}</p> })}
        <article class="voucher" data-testid="voucher" data-status=v.status.as_str()>
            <p class="poster-heading">{t!(i18n, points.voucher_title)}</p>
            {v.holder.clone().map(|name| view! { <p>{t!(i18n, points.voucher_holder, name = name)}</p> })}
            <h1>{v.reward.name(english).to_string()}</h1>
            <p>{t!(i18n, points.reward_at, provider = v.reward.provider.clone())}</p>
            <p class="voucher-state" data-testid="voucher-state">{status_label(locale, v.status)}</p>
            {issued.then(|| view! {
                <p>{t!(i18n, points.voucher_show)}</p>
                <div class="card-qr" inner_html=v.qr_svg.clone()></div>
                <p class="muted">{t!(i18n, points.voucher_code)}</p>
                <p class="voucher-code" data-testid="voucher-code">{v.code.clone()}</p>
            })}
            <p class="muted">
                {t!(i18n, points.voucher_issued, date = date_label(locale, v.issued_on))}
                {v.settled_on.map(|d| view! { " · "{date_label(locale, d)} })}
            </p>
        </article>
        <div class="button-row no-print">
            {issued.then(|| view! {
                <PrintButton label=t_string!(i18n, points.voucher_print).to_string() />
                <form method="post" action="/api/points/cancel">
                    <input type="hidden" name="id" value=id.to_string() />
                    <button type="submit" class="button secondary" data-testid="cancel-voucher">{t!(i18n, points.voucher_cancel)}</button>
                </form>
            })}
            <a class="button secondary" href="/points#vouchers">{t!(i18n, points.back_to_points)}</a>
        </div>
    }
}

/// The shop's check: a code typed or scanned (`/points/code?code=` or
/// `/points/code/:code`), the reward and its state, one button.
#[component]
pub fn ShopCheckPage() -> impl IntoView {
    let i18n = use_i18n();
    let code = {
        let p = param("code");
        if p.is_empty() { use_query_map().with_untracked(|q| q.get("code").unwrap_or_default()) } else { p }
    };
    let (handed, unchanged) = (flag("handed"), flag("unchanged"));
    let typed = code.clone();
    let check = Resource::new(|| (), move |_| {
        let code = code.clone();
        async move { if code.trim().is_empty() { Ok(None) } else { check_voucher(code).await.map(Some) } }
    });
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, points.shop_title).to_string())
            lead=Signal::derive(move || t_string!(i18n, points.shop_lead).to_string())
        />
        <form method="get" action="/points/code" class="card stack">
            <label>{t!(i18n, points.shop_code)}
                <input type="text" name="code" value=typed autocomplete="off" autocapitalize="characters" inputmode="text" maxlength="20" required data-testid="shop-code" />
            </label>
            <button type="submit" class="button">{t!(i18n, points.shop_check)}</button>
        </form>
        {handed.then(|| view! { <p class="notice" role="status" data-testid="shop-handed">{t!(i18n, points.shop_handed)}</p> })}
        {unchanged.then(|| view! { <p class="error" role="alert">{t!(i18n, points.shop_unchanged)}</p> })}
        <Suspense>
            {move || Suspend::new(async move {
                let locale = i18n.get_locale();
                let english = locale == Locale::en;
                match check.await {
                    Err(e) => view! { <AccessDenied error=e /> }.into_any(),
                    Ok(None) => ().into_any(),
                    Ok(Some(ShopCheck::Unknown)) => view! { <p class="error" role="alert" data-testid="shop-unknown">{t!(i18n, points.shop_unknown)}</p> }.into_any(),
                    Ok(Some(ShopCheck::Voucher { code, reward, status, issued_on, settled_on })) => view! {
                        <section class="card stack voucher-check" data-testid="shop-voucher" data-status=status.as_str()>
                            <h2>{reward.name(english).to_string()}</h2>
                            <p>{t!(i18n, points.reward_at, provider = reward.provider.clone())}</p>
                            <p class="voucher-code">{code.clone()}</p>
                            <p class="muted">{t!(i18n, points.voucher_issued, date = date_label(locale, issued_on))}</p>
                            {match status {
                                RedemptionStatus::Issued => view! {
                                    <p class="voucher-state ok" data-testid="shop-state">{t!(i18n, points.shop_ready)}</p>
                                    <form method="post" action="/api/points/hand-over">
                                        <input type="hidden" name="code" value=code />
                                        <button type="submit" class="button wide" data-testid="hand-over">{t!(i18n, points.shop_hand_over)}</button>
                                    </form>
                                }.into_any(),
                                RedemptionStatus::HandedOver => {
                                    let date = settled_on.map(|d| date_label(locale, d)).unwrap_or_default();
                                    view! { <p class="voucher-state" data-testid="shop-state">{t!(i18n, points.shop_used, date = date)}</p> }.into_any()
                                }
                                RedemptionStatus::Cancelled => view! { <p class="voucher-state error" data-testid="shop-state">{t!(i18n, points.shop_cancelled)}</p> }.into_any(),
                            }}
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
