//! Checking in to a session: one row per person per session (the database's
//! unique index decides between two at once), and the points it earns —
//! taking part, and the first visit to an activity — in the same
//! transaction, so a check-in and its points are written together or not
//! at all. A device without an account gets a check-in without a person and
//! a receipt to claim it with later ([`claim`]).
use super::db::SessionInfo;
use crate::db::Db;
use crate::error::AppError;
use crate::points::ledger::{self, For};
use crate::points::rules::{Action, PointsRules};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::{Any, Transaction};

/// How the check-in came: the person scanned the session's code, the
/// organiser ticked them on the list, or scanned their card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Via {
    Code,
    List,
    Card,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Code => "code",
            Via::List => "list",
            Via::Card => "card",
        }
    }
}

/// What a check-in came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedIn {
    pub checkin: i64,
    /// False: the person had checked in to this session already (nothing
    /// new written).
    pub new: bool,
    /// Points written, by action (none when the caps were reached).
    pub awarded: Vec<(Action, u32)>,
}

/// Records that `user` took part in the session and awards its points.
pub async fn check_in(db: &Db, rules: &PointsRules, info: &SessionInfo, user: i64, via: Via, recorded_by: Option<i64>) -> Result<CheckedIn, AppError> {
    let mut tx = db.begin_write().await?;
    ledger::lock_person(&mut tx, db.backend(), user).await?;
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO checkins (session_key, activity_id, event_id, held_on, user_id, via, recorded_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(info.session.key())
    .bind(info.activity_id)
    .bind(if info.activity_id.is_some() { None } else { info.event_id })
    .bind(info.first.to_string())
    .bind(user)
    .bind(via.as_str())
    .bind(recorded_by)
    .bind(crate::accounts::session::now_text())
    .fetch_optional(&mut *tx)
    .await?;
    let out = match inserted {
        Some(id) => CheckedIn { checkin: id, new: true, awarded: award_taking_part(&mut tx, rules, user, id, &info.session.key(), info.activity_id, info.first).await? },
        None => {
            let id: i64 = sqlx::query_scalar("SELECT id FROM checkins WHERE session_key = $1 AND user_id = $2")
                .bind(info.session.key())
                .bind(user)
                .fetch_one(&mut *tx)
                .await?;
            CheckedIn { checkin: id, new: false, awarded: Vec::new() }
        }
    };
    tx.commit().await?;
    Ok(out)
}

/// Records a check-in of a device without an account; its id goes into the
/// device's receipt.
pub async fn check_in_device(db: &Db, info: &SessionInfo) -> Result<i64, AppError> {
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO checkins (session_key, activity_id, event_id, held_on, via, created_at) VALUES ($1, $2, $3, $4, 'code', $5) RETURNING id",
    )
    .bind(info.session.key())
    .bind(info.activity_id)
    .bind(if info.activity_id.is_some() { None } else { info.event_id })
    .bind(info.first.to_string())
    .bind(crate::accounts::session::now_text())
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The points of check-in `checkin` (taking part in session `key`, and a
/// first visit when it is an activity's), on the session's day `on`.
async fn award_taking_part(tx: &mut Transaction<'static, Any>, rules: &PointsRules, user: i64, checkin: i64, key: &str, activity: Option<i64>, on: NaiveDate) -> Result<Vec<(Action, u32)>, AppError> {
    let what = || For { checkin: Some(checkin), session_key: Some(key) };
    let mut awarded = Vec::new();
    let action = if activity.is_some() { Action::AttendActivity } else { Action::AttendEvent };
    awarded.push((action, ledger::award(tx, rules, user, action, on, what()).await?));
    if let Some(activity) = activity {
        let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM checkins WHERE user_id = $1 AND activity_id = $2 AND id <> $3")
            .bind(user)
            .bind(activity)
            .bind(checkin)
            .fetch_one(&mut **tx)
            .await?;
        if before == 0 {
            awarded.push((Action::FirstVisit, ledger::award(tx, rules, user, Action::FirstVisit, on, what()).await?));
        }
    }
    awarded.retain(|(_, p)| *p > 0);
    Ok(awarded)
}

/// A check-in a device made before its owner had an account, now theirs:
/// what it came to, or `None` if the receipt's check-in is gone, already
/// claimed, or the person had checked in to that session anyway.
pub async fn claim(db: &Db, rules: &PointsRules, user: i64, checkin: i64) -> Result<Option<CheckedIn>, AppError> {
    let mut tx = db.begin_write().await?;
    ledger::lock_person(&mut tx, db.backend(), user).await?;
    let row: Option<(String, Option<i64>, String)> =
        sqlx::query_as("SELECT session_key, activity_id, held_on FROM checkins WHERE id = $1 AND user_id IS NULL AND claimed_at IS NULL")
            .bind(checkin)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((key, activity, held_on)) = row else { return Ok(None) };
    let Ok(on) = held_on.parse() else { return Ok(None) };
    let mine: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM checkins WHERE session_key = $1 AND user_id = $2").bind(&key).bind(user).fetch_one(&mut *tx).await?;
    if mine > 0 {
        return Ok(None);
    }
    sqlx::query("UPDATE checkins SET user_id = $1, claimed_at = $2 WHERE id = $3")
        .bind(user)
        .bind(crate::accounts::session::now_text())
        .bind(checkin)
        .execute(&mut *tx)
        .await?;
    let awarded = award_taking_part(&mut tx, rules, user, checkin, &key, activity, on).await?;
    tx.commit().await?;
    Ok(Some(CheckedIn { checkin, new: true, awarded }))
}
