//! Exchanging points for a reward: a resident takes one on `/points` (or
//! city staff take it for a resident at the counter, by mail address or
//! member card); the points leave the balance at once, under the person's
//! lock, so two taps at once cannot spend the same points twice. The
//! voucher's code is what the shop checks (`/points/code`: the reward and
//! whether it is still to be handed over, nobody's name); the shop marks it
//! handed over. A voucher not yet used can be cancelled: its points come
//! back as a refund entry (the ledger is never changed).
use super::rewards::Reward;
use super::voucher::{RedemptionStatus, VoucherCode};
use crate::error::AppError;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A reward and what taking it would leave (the confirmation page).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RewardOffer {
    pub reward: Reward,
    pub balance: i64,
}

/// A voucher as its holder (or city staff) see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Voucher {
    pub id: i64,
    /// As shown (`ABCD-EFGH`).
    pub code: String,
    pub reward: Reward,
    /// What it cost when taken.
    pub cost: i64,
    pub status: RedemptionStatus,
    pub issued_on: NaiveDate,
    pub settled_on: Option<NaiveDate>,
    /// The shop's check page (the QR code's content) and its QR code.
    pub shop_url: String,
    pub qr_svg: String,
    /// Staff see whose it is (the holder sees their own).
    pub holder: Option<String>,
}

/// A resident's voucher in the list on `/points`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoucherLine {
    pub id: i64,
    pub code: String,
    pub reward: Reward,
    pub status: RedemptionStatus,
    pub issued_on: NaiveDate,
}

/// What the shop sees: the reward and the voucher's state, no person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ShopCheck {
    /// No voucher with this code (mistyped, or not one of ours).
    Unknown,
    Voucher { code: String, reward: Reward, status: RedemptionStatus, issued_on: NaiveDate, settled_on: Option<NaiveDate> },
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::db::Db;
    use crate::points::ledger::{self, Reason};
    use crate::points::voucher::Step;

    /// How taking a reward went.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Taken {
        Issued { id: i64, code: VoucherCode },
        /// The balance does not cover the cost (nothing written).
        NotEnough { balance: i64, cost: i64 },
        /// No such reward, or no longer offered.
        NotOffered,
    }

    fn new_code() -> Result<VoucherCode, AppError> {
        let mut b = [0u8; 5];
        getrandom::fill(&mut b).map_err(|_| AppError::Internal)?;
        Ok(VoucherCode::from_random(b))
    }

    /// Takes `reward` for `user` (by `issued_by`, staff at the counter):
    /// the balance is read and spent in one transaction holding the
    /// person's lock, so it never goes below zero.
    pub async fn take(db: &Db, user: i64, reward: i64, issued_by: Option<i64>) -> Result<Taken, AppError> {
        let today = crate::calendar::today_tokyo();
        let mut tx = db.begin_write().await?;
        ledger::lock_person(&mut tx, db.backend(), user).await?;
        let cost: Option<i64> = sqlx::query_scalar("SELECT cost FROM rewards WHERE id = $1 AND active").bind(reward).fetch_optional(&mut *tx).await?;
        let Some(cost) = cost else { return Ok(Taken::NotOffered) };
        let balance = ledger::balance(&mut *tx, user).await?;
        if balance < cost {
            return Ok(Taken::NotEnough { balance, cost });
        }
        // a code already in use (1 in 2^40 per voucher) is drawn again
        let mut issued = None;
        for _ in 0..4 {
            let code = new_code()?;
            let id: Option<i64> = sqlx::query_scalar(
                "INSERT INTO redemptions (user_id, reward_id, cost, code, status, issued_by, created_at) VALUES ($1, $2, $3, $4, 'issued', $5, $6)
                 ON CONFLICT (code) DO NOTHING RETURNING id",
            )
            .bind(user)
            .bind(reward)
            .bind(cost)
            .bind(code.as_str())
            .bind(issued_by)
            .bind(crate::accounts::session::now_text())
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(id) = id {
                issued = Some((id, code));
                break;
            }
        }
        let (id, code) = issued.ok_or(AppError::Internal)?;
        ledger::redemption_entry(&mut tx, user, Reason::Redeem, cost, id, today).await?;
        tx.commit().await?;
        Ok(Taken::Issued { id, code })
    }

    /// Hands the voucher over or cancels it (a cancel writes the refund);
    /// the status it came to, or `None` when it was already used or
    /// cancelled (nothing written).
    pub async fn settle(db: &Db, redemption: i64, step: Step) -> Result<Option<RedemptionStatus>, AppError> {
        let holder: Option<(Option<i64>, i64, String)> =
            sqlx::query_as("SELECT user_id, cost, status FROM redemptions WHERE id = $1").bind(redemption).fetch_optional(db.pool()).await?;
        let Some((user, cost, status)) = holder else { return Err(AppError::NotFound) };
        let Some(next) = RedemptionStatus::parse(&status).and_then(|s| s.after(step)) else { return Ok(None) };
        let mut tx = db.begin_write().await?;
        if let Some(user) = user {
            ledger::lock_person(&mut tx, db.backend(), user).await?;
        }
        // only from 'issued', once: the second of two at once changes nothing
        let changed = sqlx::query("UPDATE redemptions SET status = $1, settled_at = $2 WHERE id = $3 AND status = 'issued'")
            .bind(next.as_str())
            .bind(crate::accounts::session::now_text())
            .bind(redemption)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if changed == 0 {
            return Ok(None);
        }
        if let (RedemptionStatus::Cancelled, Some(user)) = (next, user) {
            ledger::redemption_entry(&mut tx, user, Reason::Refund, cost, redemption, crate::calendar::today_tokyo()).await?;
        }
        tx.commit().await?;
        Ok(Some(next))
    }

    type VoucherRow = (i64, String, i64, String, String, Option<String>, Option<i64>, Option<String>, crate::points::rewards::db::Row);

    /// Which voucher.
    enum By<'a> {
        Id(i64),
        Code(&'a VoucherCode),
    }

    async fn voucher_row(db: &Db, by: By<'_>) -> Result<Option<VoucherRow>, AppError> {
        let filter = match by {
            By::Id(_) => "r.id = $1",
            By::Code(_) => "r.code = $1",
        };
        type Flat = (i64, String, i64, String, String, Option<String>, Option<i64>, Option<String>, i64, String, String, String, i64, i64);
        let sql = format!(
            "SELECT r.id, r.code, r.cost, r.status, r.created_at, r.settled_at, r.user_id, u.display_name,
                    w.id, w.name_ja, w.name_en, w.provider, w.cost, CASE WHEN w.active THEN 1 ELSE 0 END
             FROM redemptions r JOIN rewards w ON w.id = r.reward_id LEFT JOIN users u ON u.id = r.user_id WHERE {filter}"
        );
        let row = sqlx::query_as::<_, Flat>(&sql);
        let row = match by {
            By::Id(id) => row.bind(id),
            By::Code(code) => row.bind(code.as_str()),
        }
        .fetch_optional(db.pool())
        .await?;
        Ok(row.map(|(id, code, cost, status, created, settled, user, name, wid, ja, en, provider, wcost, active)| {
            (id, code, cost, status, created, settled, user, name, (wid, ja, en, provider, wcost, active))
        }))
    }

    /// The voucher with this id: its holder, and staff who manage points.
    pub async fn voucher(db: &Db, viewer: &crate::accounts::CurrentUser, id: i64) -> Result<Voucher, AppError> {
        let row = voucher_row(db, By::Id(id)).await?.ok_or(AppError::NotFound)?;
        let (id, code, cost, status, created, settled, user, name, reward) = row;
        let staff = viewer.may(crate::accounts::Permission::ManagePoints);
        if user != Some(viewer.id) && !staff {
            return Err(AppError::NotFound);
        }
        let code = VoucherCode::parse(&code).ok_or(AppError::Internal)?;
        let shop_url = format!("{}/points/code/{code}", crate::config::PublicConfig::current_base_url());
        Ok(Voucher {
            id,
            code: code.to_string(),
            reward: crate::points::rewards::db::from_row(reward),
            cost,
            status: RedemptionStatus::parse(&status).ok_or(AppError::Internal)?,
            issued_on: crate::calendar::tokyo_date(&created).unwrap_or_else(crate::calendar::today_tokyo),
            settled_on: settled.as_deref().and_then(crate::calendar::tokyo_date),
            qr_svg: crate::activities::share::ssr::qr_svg(&shop_url),
            shop_url,
            holder: (staff && user != Some(viewer.id)).then(|| name.unwrap_or_default()),
        })
    }

    /// The shop's view of a code.
    pub async fn shop_check(db: &Db, code: &VoucherCode) -> Result<(ShopCheck, Option<i64>), AppError> {
        let Some((id, _, _, status, created, settled, _, _, reward)) = voucher_row(db, By::Code(code)).await? else {
            return Ok((ShopCheck::Unknown, None));
        };
        let status = RedemptionStatus::parse(&status).ok_or(AppError::Internal)?;
        Ok((
            ShopCheck::Voucher {
                code: code.to_string(),
                reward: crate::points::rewards::db::from_row(reward),
                status,
                issued_on: crate::calendar::tokyo_date(&created).unwrap_or_else(crate::calendar::today_tokyo),
                settled_on: settled.as_deref().and_then(crate::calendar::tokyo_date),
            },
            Some(id),
        ))
    }

    /// A resident's vouchers, newest first.
    pub async fn vouchers_of(db: &Db, user: i64) -> Result<Vec<VoucherLine>, AppError> {
        // voucher id, code, status, taken at, and the reward's row
        type Line = (i64, String, String, String, i64, String, String, String, i64, i64);
        let rows: Vec<Line> = sqlx::query_as(
            "SELECT r.id, r.code, r.status, r.created_at, w.id, w.name_ja, w.name_en, w.provider, w.cost, CASE WHEN w.active THEN 1 ELSE 0 END
             FROM redemptions r JOIN rewards w ON w.id = r.reward_id WHERE r.user_id = $1 ORDER BY r.id DESC LIMIT 50",
        )
        .bind(user)
        .fetch_all(db.pool())
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, code, status, created, wid, ja, en, provider, cost, active)| {
                Some(VoucherLine {
                    id,
                    code: VoucherCode::parse(&code)?.to_string(),
                    reward: crate::points::rewards::db::from_row((wid, ja, en, provider, cost, active)),
                    status: RedemptionStatus::parse(&status)?,
                    issued_on: crate::calendar::tokyo_date(&created)?,
                })
            })
            .collect())
    }

    /// The resident staff name at the counter: a mail address, or a member
    /// card's code (or the whole address its QR code holds).
    pub async fn resident_named(db: &Db, who: &str) -> Result<Option<i64>, AppError> {
        let who = who.trim();
        if who.contains('@') {
            return Ok(sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(who.to_lowercase()).fetch_optional(db.pool()).await?);
        }
        let code = who.rsplit('/').next().unwrap_or(who);
        Ok(crate::attendance::organise::card_holder(db, code).await?.map(|(id, _)| id))
    }
}

/// A reward and the signed-in person's balance, for the confirmation page.
#[server(endpoint = "points/offer")]
pub async fn read_reward_offer(reward_id: i64) -> Result<RewardOffer, AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::OwnAccount).await?;
    crate::attendance::device::private_page();
    let reward = super::rewards::db::one(&db, reward_id).await?.filter(|r| r.active).ok_or(AppError::NotFound)?;
    Ok(RewardOffer { reward, balance: super::ledger::balance(db.pool(), user.id).await? })
}

/// Takes the reward (a plain form): on to the voucher, or back to the
/// confirmation page saying why not.
#[server(endpoint = "points/take")]
pub async fn take_reward(reward_id: i64) -> Result<(), AppError> {
    use ssr::Taken;
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::OwnAccount).await?;
    match ssr::take(&db, user.id, reward_id, None).await? {
        Taken::Issued { id, .. } => leptos_axum::redirect(&format!("/points/voucher/{id}?new=1")),
        Taken::NotEnough { .. } => leptos_axum::redirect(&format!("/points/rewards/{reward_id}?short=1")),
        Taken::NotOffered => leptos_axum::redirect("/points?gone=1#rewards"),
    }
    Ok(())
}

/// One voucher: its holder's, or any for staff who manage points.
#[server(endpoint = "points/voucher")]
pub async fn read_voucher(id: i64) -> Result<Voucher, AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::OwnAccount).await?;
    crate::attendance::device::private_page();
    ssr::voucher(&db, &user, id).await
}

/// Cancels a voucher not yet used (its holder, or staff): the points come
/// back. Back to the voucher, which says so.
#[server(endpoint = "points/cancel")]
pub async fn cancel_voucher(id: i64) -> Result<(), AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::OwnAccount).await?;
    ssr::voucher(&db, &user, id).await?;
    let done = ssr::settle(&db, id, super::voucher::Step::Cancel).await?;
    leptos_axum::redirect(&format!("/points/voucher/{id}?{}", if done.is_some() { "cancelled=1" } else { "unchanged=1" }));
    Ok(())
}

/// What a voucher's code stands for, for the shop (anyone holding the code;
/// checks from one address are limited).
#[server(endpoint = "points/check-code")]
pub async fn check_voucher(code: String) -> Result<ShopCheck, AppError> {
    let db = expect_context::<crate::db::Db>();
    crate::attendance::device::private_page();
    crate::rate_limit::check_request(&db, crate::rate_limit::Limit::VoucherCheck).await?;
    let Some(code) = VoucherCode::parse(&code) else { return Ok(ShopCheck::Unknown) };
    Ok(ssr::shop_check(&db, &code).await?.0)
}

/// The shop hands the reward over (a plain form; back to the check page).
#[server(endpoint = "points/hand-over")]
pub async fn hand_over_voucher(code: String) -> Result<(), AppError> {
    let db = expect_context::<crate::db::Db>();
    crate::rate_limit::check_request(&db, crate::rate_limit::Limit::VoucherCheck).await?;
    let code = VoucherCode::parse(&code).ok_or(AppError::NotFound)?;
    let (_, id) = ssr::shop_check(&db, &code).await?;
    let id = id.ok_or(AppError::NotFound)?;
    let done = ssr::settle(&db, id, super::voucher::Step::HandOver).await?;
    leptos_axum::redirect(&format!("/points/code/{code}?{}", if done.is_some() { "handed=1" } else { "unchanged=1" }));
    Ok(())
}

/// Staff take a reward for a resident at the counter (a resident without a
/// smartphone): by mail address or member card. On to the voucher to print.
#[server(endpoint = "staff/rewards/redeem-for")]
pub async fn redeem_for(who: String, reward_id: i64) -> Result<(), AppError> {
    use ssr::Taken;
    let db = expect_context::<crate::db::Db>();
    let staff = crate::accounts::session::require(&db, crate::accounts::Permission::ManagePoints).await?;
    let Some(resident) = ssr::resident_named(&db, &who).await? else {
        leptos_axum::redirect("/staff/rewards?who=unknown#redeem-for");
        return Ok(());
    };
    match ssr::take(&db, resident, reward_id, Some(staff.id)).await? {
        Taken::Issued { id, .. } => leptos_axum::redirect(&format!("/points/voucher/{id}?new=1")),
        Taken::NotEnough { balance, cost } => leptos_axum::redirect(&format!("/staff/rewards?short={balance}-{cost}#redeem-for")),
        Taken::NotOffered => leptos_axum::redirect("/staff/rewards?gone=1#redeem-for"),
    }
    Ok(())
}
