//! The demo town's taking part: the demo resident took part in sessions of
//! three activities over the past six weeks (points, a first-visit bonus,
//! the first badge), so `/points` has a history to show; and the city
//! offers three rewards at shops in town.
use super::session::SessionRef;
use crate::error::AppError;
use crate::points::ledger::{self, For};
use crate::points::rules::{Action, PointsRules};
use chrono::NaiveDate;
use sqlx::{Any, Transaction};

/// The demo town's rewards: (name, English name, where, points).
const REWARDS: [(&str, &str, &str, i64); 3] = [
    ("図書館カフェ ドリンク1杯", "A drink at the library café", "みどりの図書館カフェ", 30),
    ("道の駅 野菜券（300円分）", "Vegetable voucher (¥300)", "道の駅みどりの", 50),
    ("みどりの湯 入浴券", "Bath ticket, Midorino-yu", "みどりの湯", 150),
];

pub async fn seed(tx: &mut Transaction<'static, Any>, today: NaiveDate) -> Result<u32, AppError> {
    for (name_ja, name_en, provider, cost) in REWARDS {
        sqlx::query("INSERT INTO rewards (name_ja, name_en, provider, cost, active, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(name_ja)
            .bind(name_en)
            .bind(provider)
            .bind(cost)
            .bind(true)
            .bind(crate::accounts::session::now_text())
            .execute(&mut **tx)
            .await?;
    }
    let Some(resident): Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = 'resident@midorino.example.jp'").fetch_optional(&mut **tx).await? else {
        return Ok(0);
    };
    let activities: Vec<i64> = sqlx::query_scalar("SELECT id FROM activities WHERE status = 'active' ORDER BY id LIMIT 3").fetch_all(&mut **tx).await?;
    if activities.is_empty() {
        return Ok(0);
    }
    let rules = PointsRules::builtin();
    let mut made = 0;
    for weeks_ago in (1..=6u64).rev() {
        let on = today - chrono::Days::new(7 * weeks_ago);
        let activity = activities[weeks_ago as usize % activities.len()];
        let key = SessionRef::Activity { id: activity, on }.key();
        let first: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM checkins WHERE user_id = $1 AND activity_id = $2").bind(resident).bind(activity).fetch_one(&mut **tx).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO checkins (session_key, activity_id, held_on, user_id, via, created_at) VALUES ($1, $2, $3, $4, 'code', $5) RETURNING id",
        )
        .bind(&key)
        .bind(activity)
        .bind(on.to_string())
        .bind(resident)
        .bind(format!("{on}T01:30:00Z"))
        .fetch_one(&mut **tx)
        .await?;
        ledger::award(tx, &rules, resident, Action::AttendActivity, on, For { checkin: Some(id), session_key: Some(&key) }).await?;
        if first == 0 {
            ledger::award(tx, &rules, resident, Action::FirstVisit, on, For { checkin: Some(id), session_key: Some(&key) }).await?;
        }
        made += 1;
    }
    Ok(made)
}
