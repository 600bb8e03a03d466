//! Rounds: the facilitator starts the next round with its theme and due
//! date once the last one is complete, skips a member who is unwell (their
//! seat counts as done for this round and the diary goes on), and closes a
//! diary that has had its rounds (its booklet can then be printed).
use crate::error::AppError;
use leptos::prelude::*;

/// Starts the group's next round (the facilitator; a plain form, back to
/// the group's page). Refused while the last round is still going round.
#[server(endpoint = "diary/start-round")]
pub async fn start_round(group: i64, theme: String, due_on: String) -> Result<(), AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::OwnAccount).await?;
    super::access::facilitator(&db, user.id, group).await?;
    let plan = match super::RoundPlan::parse(&theme, &due_on, crate::calendar::today_tokyo()) {
        Ok(plan) => plan,
        Err(errors) => {
            let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            leptos_axum::redirect(&format!("/diary/{group}?invalid={}#new-round", fields.join(",")));
            return Ok(());
        }
    };
    let finished: Option<String> = sqlx::query_scalar("SELECT finished_at FROM diary_groups WHERE id = $1").bind(group).fetch_one(db.pool()).await?;
    let seats = super::db::seats(&db, group).await?;
    if finished.is_some() || seats.iter().all(|s| s.seat.left) {
        return Err(AppError::Conflict("diary".into()));
    }
    let mut tx = db.begin_write().await?;
    let last: Option<i64> = sqlx::query_scalar("SELECT MAX(number) FROM diary_rounds WHERE group_id = $1").bind(group).fetch_one(&mut *tx).await?;
    if let Some(last) = last {
        let round: i64 = sqlx::query_scalar("SELECT id FROM diary_rounds WHERE group_id = $1 AND number = $2").bind(group).bind(last).fetch_one(&mut *tx).await?;
        let done = super::db::done_in(&mut *tx, round).await?;
        let table: Vec<super::turns::Seat> = seats.iter().map(|s| s.seat).collect();
        if super::turns::whose_turn(last as u32, &table, &done).is_some() {
            leptos_axum::redirect(&format!("/diary/{group}?round=going#new-round"));
            return Ok(());
        }
    }
    // two at once: the unique (group, number) lets one through
    sqlx::query("INSERT INTO diary_rounds (group_id, number, theme, due_on, started_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(group)
        .bind(last.unwrap_or(0) + 1)
        .bind(plan.theme.as_str())
        .bind(plan.due_on.to_string())
        .bind(crate::accounts::session::now_text())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    super::notify::turn_came_here(&db, group).await;
    leptos_axum::redirect(&format!("/diary/{group}?round=started"));
    Ok(())
}

/// Skips the seat whose turn it is in the current round (the facilitator:
/// someone unwell); the diary goes to the next member.
#[server(endpoint = "diary/skip")]
pub async fn skip_turn(group: i64, position: u32) -> Result<(), AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::OwnAccount).await?;
    super::access::facilitator(&db, user.id, group).await?;
    // only the seat whose turn it is now (a stale page skips nobody else)
    let Some((round, _, seat)) = super::db::turn(&db, group).await? else { return Err(AppError::Conflict("diary".into())) };
    if seat != position {
        return Err(AppError::Conflict("diary".into()));
    }
    sqlx::query("INSERT INTO diary_entries (round_id, position, kind, written_by, created_at) VALUES ($1, $2, 'skip', $3, $4) ON CONFLICT DO NOTHING")
        .bind(round)
        .bind(i64::from(seat))
        .bind(user.id)
        .bind(crate::accounts::session::now_text())
        .execute(db.pool())
        .await?;
    super::notify::turn_came_here(&db, group).await;
    leptos_axum::redirect(&format!("/diary/{group}"));
    Ok(())
}

/// Closes the diary: no more rounds; the booklet is ready to print.
#[server(endpoint = "diary/finish")]
pub async fn finish_diary(group: i64) -> Result<(), AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::OwnAccount).await?;
    super::access::facilitator(&db, user.id, group).await?;
    sqlx::query("UPDATE diary_groups SET finished_at = $1 WHERE id = $2 AND finished_at IS NULL").bind(crate::accounts::session::now_text()).bind(group).execute(db.pool()).await?;
    leptos_axum::redirect(&format!("/diary/{group}"));
    Ok(())
}
