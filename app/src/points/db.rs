//! The reads of a person's points: history with what each entry was for,
//! and what the badges count.
use super::rules::{Deed, DeedKind, PointsRules};
use super::{LedgerLine, PointsOverview};
use crate::attendance::session::SessionRef;
use crate::db::{in_list, text_by_id, Db};
use crate::error::AppError;
use chrono::NaiveDate;
use std::collections::BTreeMap;

pub async fn overview(db: &Db, rules: &PointsRules, user: i64) -> Result<PointsOverview, AppError> {
    let balance = super::ledger::balance(db.pool(), user).await?;
    // reason, points, day, session, reward
    type Entry = (String, i64, String, Option<String>, Option<String>);
    let entries: Vec<Entry> = sqlx::query_as(
        "SELECT l.reason, l.points, l.earned_on, l.session_key, w.name_ja FROM points_ledger l
         LEFT JOIN redemptions r ON r.id = l.redemption_id LEFT JOIN rewards w ON w.id = r.reward_id
         WHERE l.user_id = $1 ORDER BY l.id DESC LIMIT 200",
    )
    .bind(user)
    .fetch_all(db.pool())
    .await?;
    let checkins: Vec<(String, Option<i64>, Option<i64>)> =
        sqlx::query_as("SELECT held_on, activity_id, event_id FROM checkins WHERE user_id = $1").bind(user).fetch_all(db.pool()).await?;
    let sessions: Vec<SessionRef> = entries.iter().filter_map(|e| e.3.as_deref().and_then(SessionRef::parse_key)).collect();
    let mut activity_ids: Vec<i64> = checkins.iter().filter_map(|c| c.1).collect();
    let mut event_ids: Vec<i64> = checkins.iter().filter_map(|c| c.2).collect();
    for s in &sessions {
        match s {
            SessionRef::Activity { id, .. } => activity_ids.push(*id),
            SessionRef::Event { id } => event_ids.push(*id),
        }
    }
    activity_ids.sort_unstable();
    activity_ids.dedup();
    event_ids.sort_unstable();
    event_ids.dedup();
    // events: their title (the history) and kind (the badges) in one read
    let events_sql = format!("SELECT id, title, kind FROM events WHERE id IN ({})", in_list(event_ids.iter().copied()));
    let (activity_names, events) = tokio::try_join!(
        text_by_id(db, "SELECT id, name FROM activities", activity_ids.iter().copied()),
        sqlx::query_as::<_, (i64, String, String)>(&events_sql).fetch_all(db.pool())
    )?;
    let events: BTreeMap<i64, (String, String)> = events.into_iter().map(|(id, title, kind)| (id, (title, kind))).collect();
    let history = entries
        .into_iter()
        .filter_map(|(reason, points, on, key, reward)| {
            let what = match key.as_deref().and_then(SessionRef::parse_key) {
                Some(SessionRef::Activity { id, .. }) => activity_names.get(&id).cloned().unwrap_or_default(),
                Some(SessionRef::Event { id }) => events.get(&id).map(|e| e.0.clone()).unwrap_or_default(),
                None => reward.unwrap_or_default(),
            };
            Some(LedgerLine { on: on.parse().ok()?, reason, points, what })
        })
        .collect();
    // what the badges count: check-ins with their kinds, sessions run, self-checks
    let kinds: Vec<(i64, String)> = sqlx::query_as(&format!(
        "SELECT ac.activity_id, c.slug FROM activity_categories ac JOIN categories c ON c.id = ac.category_id WHERE ac.activity_id IN ({})",
        in_list(activity_ids.iter().copied())
    ))
    .fetch_all(db.pool())
    .await?;
    let day = |s: &str| s.get(..10).and_then(|d| d.parse::<NaiveDate>().ok());
    let mut deeds: Vec<Deed> = checkins
        .iter()
        .filter_map(|(on, activity, event)| {
            let kinds = match (activity, event) {
                (Some(a), _) => kinds.iter().filter(|k| k.0 == *a).map(|k| k.1.clone()).collect(),
                (None, Some(e)) => events.get(e).map(|(_, k)| vec![format!("event:{k}")]).unwrap_or_default(),
                _ => Vec::new(),
            };
            Some(Deed { on: day(on)?, what: DeedKind::Attended { kinds } })
        })
        .collect();
    let attended = deeds.len() as u32;
    let run: Vec<String> = sqlx::query_scalar("SELECT MIN(held_on) FROM checkins WHERE recorded_by = $1 AND via <> 'code' GROUP BY session_key")
        .bind(user)
        .fetch_all(db.pool())
        .await?;
    deeds.extend(run.iter().filter_map(|on| Some(Deed { on: day(on)?, what: DeedKind::Volunteered })));
    let checks: Vec<String> = sqlx::query_scalar("SELECT taken_at FROM saved_checks WHERE user_id = $1").bind(user).fetch_all(db.pool()).await?;
    deeds.extend(checks.iter().filter_map(|t| Some(Deed { on: crate::calendar::tokyo_date(t).or_else(|| day(t))?, what: DeedKind::SelfCheck })));
    let (reached, progress) = rules.badges_for(&deeds);
    let earning = super::rules::Action::ALL.iter().map(|a| (*a, rules.rule(*a))).collect();
    let organises: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM activity_organisers WHERE user_id = $1").bind(user).fetch_one(db.pool()).await?;
    let (rewards, vouchers) = tokio::try_join!(super::rewards::db::offered(db), super::redeem::ssr::vouchers_of(db, user))?;
    Ok(PointsOverview { balance, history, reached, progress, attended, earning, organises: organises > 0, rewards, vouchers, manages: false })
}

/// The person's points and check-ins for the account export (data
/// portability): every ledger entry and every check-in, as stored.
pub async fn export(db: &Db, user: i64) -> Result<serde_json::Value, AppError> {
    let ledger: Vec<(String, i64, String, Option<String>)> =
        sqlx::query_as("SELECT earned_on, points, reason, session_key FROM points_ledger WHERE user_id = $1 ORDER BY id").bind(user).fetch_all(db.pool()).await?;
    let checkins: Vec<(String, String, String)> =
        sqlx::query_as("SELECT held_on, session_key, via FROM checkins WHERE user_id = $1 ORDER BY id").bind(user).fetch_all(db.pool()).await?;
    let redemptions: Vec<(String, String, i64, String, Option<String>)> = sqlx::query_as(
        "SELECT r.created_at, w.name_ja, r.cost, r.status, r.settled_at FROM redemptions r JOIN rewards w ON w.id = r.reward_id WHERE r.user_id = $1 ORDER BY r.id",
    )
    .bind(user)
    .fetch_all(db.pool())
    .await?;
    Ok(serde_json::json!({
        "balance": super::ledger::balance(db.pool(), user).await?,
        "redemptions": redemptions.into_iter().map(|(at, reward, cost, status, settled)| serde_json::json!({"taken_at": at, "reward": reward, "cost": cost, "status": status, "settled_at": settled})).collect::<Vec<_>>(),
        "ledger": ledger.into_iter().map(|(on, points, reason, session)| serde_json::json!({"earned_on": on, "points": points, "reason": reason, "session": session})).collect::<Vec<_>>(),
        "checkins": checkins.into_iter().map(|(on, session, via)| serde_json::json!({"held_on": on, "session": session, "via": via})).collect::<Vec<_>>(),
    }))
}
