//! Looking after a group: a member reports an entry that troubles them to
//! the facilitator, who may hide it (and show it again); a member leaves
//! the group — their own pages stay for the others, everyone else's stay
//! untouched, and the diary passes their seat from then on; a writer
//! agrees (or no longer agrees) to share their page with the town.
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
async fn entry_group(db: &crate::db::Db, entry: i64) -> Result<(i64, i64, Option<i64>), AppError> {
    sqlx::query_as("SELECT r.group_id, e.position, e.written_by FROM diary_entries e JOIN diary_rounds r ON r.id = e.round_id WHERE e.id = $1 AND e.kind = 'entry'")
        .bind(entry)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)
}

/// Reports an entry to the facilitator (a member, not their own page).
#[server(endpoint = "diary/report")]
pub async fn report_entry(entry: i64) -> Result<(), AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::OwnAccount).await?;
    let (group, position, _) = entry_group(&db, entry).await?;
    match super::access::standing(&db, user.id, group).await? {
        Some(super::Standing::Member { position: mine }) if i64::from(mine) != position => {}
        Some(_) => return Err(AppError::Forbidden),
        None => return Err(AppError::NotFound),
    }
    sqlx::query("INSERT INTO diary_flags (entry_id, reported_by, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(entry)
        .bind(user.id)
        .bind(crate::accounts::session::now_text())
        .execute(db.pool())
        .await?;
    leptos_axum::redirect(&format!("/diary/{group}?reported=1#entry-{entry}"));
    Ok(())
}

/// Hides an entry from the members, or shows it again (the facilitator).
#[server(endpoint = "diary/hide")]
pub async fn hide_entry(entry: i64, hide: bool) -> Result<(), AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::OwnAccount).await?;
    let (group, _, _) = entry_group(&db, entry).await?;
    super::access::facilitator(&db, user.id, group).await?;
    if hide {
        sqlx::query("UPDATE diary_entries SET hidden_at = $1, hidden_by = $2 WHERE id = $3 AND hidden_at IS NULL")
            .bind(crate::accounts::session::now_text())
            .bind(user.id)
            .bind(entry)
            .execute(db.pool())
            .await?;
    } else {
        sqlx::query("UPDATE diary_entries SET hidden_at = NULL, hidden_by = NULL WHERE id = $1").bind(entry).execute(db.pool()).await?;
        sqlx::query("DELETE FROM diary_flags WHERE entry_id = $1").bind(entry).execute(db.pool()).await?;
    }
    leptos_axum::redirect(&format!("/diary/{group}#entry-{entry}"));
    Ok(())
}

/// Leaves the group (a member): their seat is passed from now on; every
/// page stays.
#[server(endpoint = "diary/leave")]
pub async fn leave_group(group: i64) -> Result<(), AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::OwnAccount).await?;
    let Some(super::Standing::Member { position }) = super::access::standing(&db, user.id, group).await? else { return Err(AppError::NotFound) };
    sqlx::query("UPDATE diary_members SET left_at = $1 WHERE group_id = $2 AND position = $3 AND left_at IS NULL")
        .bind(crate::accounts::session::now_text())
        .bind(group)
        .bind(i64::from(position))
        .execute(db.pool())
        .await?;
    // if it was their turn, the diary goes on to the next member
    super::notify::turn_came_here(&db, group).await;
    leptos_axum::redirect("/diary?left=1");
    Ok(())
}

/// The writer agrees to share their page with the town (the facilitator
/// may then pass it on as a report or a place suggestion), or withdraws.
#[server(endpoint = "diary/share")]
pub async fn set_share(entry: i64, share: bool) -> Result<(), AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::OwnAccount).await?;
    let (group, _, by) = entry_group(&db, entry).await?;
    if super::access::standing(&db, user.id, group).await?.is_none() {
        return Err(AppError::NotFound);
    }
    if by != Some(user.id) {
        return Err(AppError::Forbidden);
    }
    let when = share.then(crate::accounts::session::now_text);
    sqlx::query("UPDATE diary_entries SET share_consent_at = $1 WHERE id = $2").bind(when).bind(entry).execute(db.pool()).await?;
    leptos_axum::redirect(&format!("/diary/{group}#entry-{entry}"));
    Ok(())
}
