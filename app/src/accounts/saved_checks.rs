//! Self-check results a person chose to keep in their account ("save to my
//! account"). Results otherwise stay on the device; this is the only way one
//! reaches the server besides a self-referral. Saving the same result again
//! replaces the saved copy.
use crate::error::AppError;
use crate::health_check::device::SavedResult;
use crate::health_check::questionnaire::Questionnaire;
use leptos::prelude::*;

/// Largest saved result (JSON bytes).
pub const MAX_RESULT_BYTES: usize = 64 * 1024;

/// Whether `r` is a result of `q` as this portal makes them.
pub fn check(r: &SavedResult, q: Option<&Questionnaire>) -> Result<(), &'static str> {
    let q = q.ok_or("unknown questionnaire")?;
    if r.id.is_empty() || r.id.len() > 40 || !r.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err("id");
    }
    if r.questionnaire_id != q.id || r.result.questionnaire_id != q.id {
        return Err("questionnaire id");
    }
    if chrono::NaiveDateTime::parse_from_str(&r.taken_at, "%Y-%m-%dT%H:%M").is_err() {
        return Err("taken_at");
    }
    if r.note.chars().count() > 4000 || r.title.ja.chars().count() > 200 || r.title.en.chars().count() > 200 {
        return Err("too long");
    }
    let sections_match = r.result.sections.len() == q.sections.len()
        && r.result.sections.iter().zip(&q.sections).all(|(a, b)| a.section_id == b.id);
    if !sections_match || r.result.sections.iter().any(|s| s.score.is_some_and(|t| t.tenths() > 100)) {
        return Err("sections");
    }
    if !r.result.areas.iter().all(|a| q.areas.iter().any(|qa| qa.id == a.area_id)) {
        return Err("areas");
    }
    Ok(())
}

#[server(endpoint = "accounts/save-check", input = leptos::server_fn::codec::Json)]
pub async fn save_check(result: SavedResult) -> Result<i64, AppError> {
    let db = expect_context::<crate::db::Db>();
    let lib = expect_context::<std::sync::Arc<crate::health_check::library::Library>>();
    ssr::save(&db, &lib, &result).await
}

/// 「アカウントに保存」 as the result page posts it: a plain form carrying
/// the result kept on the device (`result_json`) and `back`, the result's
/// address. The answer is that page again with `?saved=1`, `?saved=login`
/// (signed out: nothing kept, the page offers to sign in) or
/// `?saved=failed`.
#[server(endpoint = "accounts/save-device-result")]
pub async fn save_device_result(result_json: String, back: Option<String>) -> Result<i64, AppError> {
    use crate::health_check::result_facts::back_to_result;
    let db = expect_context::<crate::db::Db>();
    let lib = expect_context::<std::sync::Arc<crate::health_check::library::Library>>();
    let saved = if result_json.len() > MAX_RESULT_BYTES {
        Err(AppError::Invalid("too large".into()))
    } else {
        match serde_json::from_str::<SavedResult>(&result_json) {
            Ok(result) => ssr::save(&db, &lib, &result).await,
            Err(_) => Err(AppError::Invalid("result".into())),
        }
    };
    if crate::ui::forms::is_html_form() {
        let query = match &saved {
            Ok(_) => "saved=1",
            Err(AppError::SignInRequired) => "saved=login",
            Err(_) => "saved=failed",
        };
        leptos_axum::redirect(&back_to_result(back.as_deref(), query, "save-account"));
    }
    saved
}

#[server(endpoint = "accounts/saved-check")]
pub async fn get_saved_check(id: i64) -> Result<SavedResult, AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = super::session::require(&db, super::Permission::OwnAccount).await?;
    ssr::get(&db, user.id, id).await
}

#[server(endpoint = "accounts/delete-saved-check")]
pub async fn delete_saved_check(id: i64) -> Result<(), AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = super::session::require(&db, super::Permission::OwnAccount).await?;
    sqlx::query("DELETE FROM saved_checks WHERE id = $1 AND user_id = $2").bind(id).bind(user.id).execute(db.pool()).await?;
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::accounts::account::SavedCheckItem;
    use crate::db::Db;
    use sqlx::Row;

    /// Keeps the result (replacing one saved before with the same id); a
    /// new one earns the self-check's points by `rules`, in the same write.
    pub async fn upsert(db: &Db, user_id: i64, r: &SavedResult, json: &str, rules: Option<&crate::points::rules::PointsRules>) -> Result<i64, AppError> {
        let now = crate::accounts::session::now_text();
        let mut tx = db.begin_write().await?;
        if rules.is_some() {
            crate::points::ledger::lock_person(&mut tx, db.backend(), user_id).await?;
        }
        let replaced = sqlx::query("DELETE FROM saved_checks WHERE user_id = $1 AND client_id = $2").bind(user_id).bind(&r.id).execute(&mut *tx).await?.rows_affected() > 0;
        if let (Some(rules), false) = (rules, replaced) {
            crate::points::ledger::award(&mut tx, rules, user_id, crate::points::rules::Action::SelfCheck, crate::calendar::today_tokyo(), Default::default()).await?;
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO saved_checks (user_id, client_id, questionnaire_id, taken_at, result, saved_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(user_id)
        .bind(&r.id)
        .bind(&r.questionnaire_id)
        .bind(&r.taken_at)
        .bind(json)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Keep `result` in the signed-in person's account.
    pub async fn save(db: &Db, lib: &crate::health_check::library::Library, result: &SavedResult) -> Result<i64, AppError> {
        let user = crate::accounts::session::require(db, crate::accounts::Permission::OwnAccount).await?;
        super::check(result, lib.get(&result.questionnaire_id)).map_err(|p| AppError::Invalid(p.into()))?;
        let json = serde_json::to_string(result).map_err(|_| AppError::Internal)?;
        if json.len() > MAX_RESULT_BYTES {
            return Err(AppError::Invalid("too large".into()));
        }
        let rules = leptos::prelude::use_context::<std::sync::Arc<crate::points::rules::PointsRules>>();
        upsert(db, user.id, result, &json, rules.as_deref()).await
    }

    pub async fn get(db: &Db, user_id: i64, id: i64) -> Result<SavedResult, AppError> {
        let json: String = sqlx::query_scalar("SELECT result FROM saved_checks WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user_id)
            .fetch_optional(db.pool())
            .await?
            .ok_or(AppError::NotFound)?;
        serde_json::from_str(&json).map_err(|_| AppError::Internal)
    }

    pub async fn list(db: &Db, user_id: i64) -> Result<Vec<SavedCheckItem>, AppError> {
        let rows = sqlx::query("SELECT id, questionnaire_id, taken_at, result FROM saved_checks WHERE user_id = $1 ORDER BY taken_at DESC, id DESC")
            .bind(user_id)
            .fetch_all(db.pool())
            .await?;
        rows.iter()
            .map(|r| {
                let json: String = r.try_get("result")?;
                let title = serde_json::from_str::<SavedResult>(&json).map(|s| s.title).unwrap_or_default();
                Ok(SavedCheckItem {
                    id: r.try_get("id")?,
                    questionnaire_id: r.try_get("questionnaire_id")?,
                    title_ja: title.ja,
                    title_en: title.en,
                    taken_at: r.try_get("taken_at")?,
                })
            })
            .collect()
    }

    /// Every saved result in full (for the data export).
    pub async fn all_results(db: &Db, user_id: i64) -> Result<Vec<SavedResult>, AppError> {
        let rows: Vec<String> = sqlx::query_scalar("SELECT result FROM saved_checks WHERE user_id = $1 ORDER BY taken_at")
            .bind(user_id)
            .fetch_all(db.pool())
            .await?;
        Ok(rows.iter().filter_map(|j| serde_json::from_str(j).ok()).collect())
    }
}
