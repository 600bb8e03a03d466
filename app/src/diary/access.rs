//! Who may read a group's diary: its members still in the group and its
//! facilitator — nobody else, whatever their role (city staff included).
//! Every read and write of a group asks here first.
use super::Standing;
use crate::db::Db;
use crate::error::AppError;

/// Who `user` is to group `group`, or `None`: not theirs to read (answered
/// as not found, so a group's existence is not told either).
pub async fn standing(db: &Db, user: i64, group: i64) -> Result<Option<Standing>, AppError> {
    let facilitator: Option<Option<i64>> = sqlx::query_scalar("SELECT facilitator_id FROM diary_groups WHERE id = $1").bind(group).fetch_optional(db.pool()).await?;
    let Some(facilitator) = facilitator else { return Ok(None) };
    if facilitator == Some(user) {
        return Ok(Some(Standing::Facilitator));
    }
    let seat: Option<i64> = sqlx::query_scalar("SELECT position FROM diary_members WHERE group_id = $1 AND user_id = $2 AND left_at IS NULL")
        .bind(group)
        .bind(user)
        .fetch_optional(db.pool())
        .await?;
    Ok(seat.map(|p| Standing::Member { position: p as u32 }))
}

/// The facilitator's standing, or refused.
pub async fn facilitator(db: &Db, user: i64, group: i64) -> Result<(), AppError> {
    match standing(db, user, group).await? {
        Some(Standing::Facilitator) => Ok(()),
        Some(Standing::Member { .. }) => Err(AppError::Forbidden),
        None => Err(AppError::NotFound),
    }
}
