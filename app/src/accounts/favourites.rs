//! Favourite activities (お気に入り) of a signed-in person. The button loads
//! its state after the page has loaded, so pages stay the same for everyone
//! and cacheable.
use crate::error::AppError;
use leptos::prelude::*;

/// `None` when nobody is signed in; else whether `activity_id` is a favourite.
#[server(endpoint = "accounts/favourite-state")]
pub async fn favourite_state(activity_id: i64) -> Result<Option<bool>, AppError> {
    let db = expect_context::<crate::db::Db>();
    let Some(user) = super::session::user_from_request(&db).await? else { return Ok(None) };
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM favourites WHERE user_id = $1 AND activity_id = $2")
        .bind(user.id)
        .bind(activity_id)
        .fetch_one(db.pool())
        .await?;
    Ok(Some(n > 0))
}

/// Add or remove a favourite; answers the new state.
#[server(endpoint = "accounts/set-favourite")]
pub async fn set_favourite(activity_id: i64, favourite: bool) -> Result<bool, AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = super::session::require(&db, super::Permission::OwnAccount).await?;
    if favourite {
        let exists: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM activities WHERE id = $1").bind(activity_id).fetch_one(db.pool()).await?;
        if exists == 0 {
            return Err(AppError::NotFound);
        }
        sqlx::query(
            "INSERT INTO favourites (user_id, activity_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (user_id, activity_id) DO NOTHING",
        )
        .bind(user.id)
        .bind(activity_id)
        .bind(super::session::now_text())
        .execute(db.pool())
        .await?;
    } else {
        sqlx::query("DELETE FROM favourites WHERE user_id = $1 AND activity_id = $2").bind(user.id).bind(activity_id).execute(db.pool()).await?;
    }
    Ok(favourite)
}
