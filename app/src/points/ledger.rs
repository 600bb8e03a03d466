//! The points ledger (append-only; the database refuses changes): awarding
//! within the city's caps, the balance, and one person's lock so that two
//! writes for the same person (two check-ins, two redemptions) run one
//! after the other on PostgreSQL too (SQLite writes one at a time anyway).
pub use super::Reason;
use super::rules::{Action, Earned, PointsRules};
use crate::db::Backend;
use crate::error::AppError;
use chrono::{Datelike, NaiveDate};
use sqlx::{Any, Transaction};

/// Holds the person's row until the transaction ends (PostgreSQL).
pub async fn lock_person(tx: &mut Transaction<'static, Any>, backend: Backend, user: i64) -> Result<(), AppError> {
    if backend == Backend::Postgres {
        sqlx::query("SELECT id FROM users WHERE id = $1 FOR UPDATE").bind(user).fetch_optional(&mut **tx).await?;
    }
    Ok(())
}

/// Points of `action` the person earned on `on` and in its month.
pub async fn earned(tx: &mut Transaction<'static, Any>, user: i64, action: Action, on: NaiveDate) -> Result<Earned, AppError> {
    let month_start = on.with_day(1).expect("day 1");
    let next_month = month_start + chrono::Months::new(1);
    let (today, month): (Option<i64>, Option<i64>) = sqlx::query_as(
        "SELECT CAST(SUM(CASE WHEN earned_on = $3 THEN points ELSE 0 END) AS BIGINT), CAST(SUM(points) AS BIGINT)
         FROM points_ledger WHERE user_id = $1 AND reason = $2 AND earned_on >= $4 AND earned_on < $5",
    )
    .bind(user)
    .bind(action.as_str())
    .bind(on.to_string())
    .bind(month_start.to_string())
    .bind(next_month.to_string())
    .fetch_one(&mut **tx)
    .await?;
    let clamp = |n: Option<i64>| n.unwrap_or(0).clamp(0, u32::MAX as i64) as u32;
    Ok(Earned { today: clamp(today), this_month: clamp(month) })
}

/// What an award refers to.
#[derive(Debug, Clone, Default)]
pub struct For<'a> {
    pub checkin: Option<i64>,
    pub session_key: Option<&'a str>,
}

/// Awards `action` on `on` within the caps (the person locked by the
/// caller); the points written (0: capped, nothing written).
pub async fn award(tx: &mut Transaction<'static, Any>, rules: &PointsRules, user: i64, action: Action, on: NaiveDate, what: For<'_>) -> Result<u32, AppError> {
    let points = rules.award(action, earned(tx, user, action, on).await?);
    if points > 0 {
        sqlx::query("INSERT INTO points_ledger (user_id, points, reason, checkin_id, session_key, earned_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(user)
            .bind(i64::from(points))
            .bind(action.as_str())
            .bind(what.checkin)
            .bind(what.session_key)
            .bind(on.to_string())
            .bind(crate::accounts::session::now_text())
            .execute(&mut **tx)
            .await?;
    }
    Ok(points)
}

/// The person's balance.
pub async fn balance<'e, E: sqlx::Executor<'e, Database = Any>>(db: E, user: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar::<_, Option<i64>>("SELECT CAST(SUM(points) AS BIGINT) FROM points_ledger WHERE user_id = $1").bind(user).fetch_one(db).await?.unwrap_or(0))
}

/// Writes a redemption's entry: `-cost` when taken (`Redeem`), `+cost` when
/// cancelled (`Refund`); the person locked by the caller.
pub async fn redemption_entry(tx: &mut Transaction<'static, Any>, user: i64, reason: Reason, cost: i64, redemption: i64, on: NaiveDate) -> Result<(), AppError> {
    let points = match reason {
        Reason::Redeem => -cost,
        Reason::Refund => cost,
        Reason::Earned(_) => return Err(AppError::Internal),
    };
    sqlx::query("INSERT INTO points_ledger (user_id, points, reason, redemption_id, earned_on, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(user)
        .bind(points)
        .bind(reason.as_str())
        .bind(redemption)
        .bind(on.to_string())
        .bind(crate::accounts::session::now_text())
        .execute(&mut **tx)
        .await?;
    Ok(())
}
