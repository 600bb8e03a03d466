//! The device's side of a check-in without an account: signed receipts kept
//! in a cookie (`tsunagu_checkins`, 90 days, at most 20), claimed by the
//! account its owner signs in with. A cookie works without JavaScript and
//! is sent with the very next request, so the check-in page can say
//! "recorded on this device" at once.
use super::check_in;
use super::codes::Signer;
use super::db::SessionInfo;
use crate::db::Db;
use crate::error::AppError;
use crate::points::rules::{Action, PointsRules};

const COOKIE: &str = "tsunagu_checkins";
const MAX_RECEIPTS: usize = 20;

/// The check-ins whose receipts this request carries (forged or foreign
/// receipts are skipped).
pub fn receipts(signer: &Signer) -> Vec<i64> {
    let Some(cookies) = crate::preferences::current_cookies() else { return Vec::new() };
    let Some(value) = crate::preferences::cookie_value(&cookies, COOKIE) else { return Vec::new() };
    value.split('~').filter_map(|r| signer.read_receipt(r)).take(MAX_RECEIPTS).collect()
}

fn set_receipts(signer: &Signer, ids: &[i64]) {
    let cookie = if ids.is_empty() {
        format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
    } else {
        let value: Vec<String> = ids.iter().map(|id| signer.receipt(*id)).collect();
        format!("{COOKIE}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}", value.join("~"), 90 * 24 * 3600)
    };
    crate::accounts::session::set_cookie(&cookie);
}

/// Adds the receipt of check-in `id` to the device's (the oldest dropped
/// beyond 20).
pub fn keep_receipt(signer: &Signer, id: i64) {
    let mut ids = receipts(signer);
    ids.push(id);
    let from = ids.len().saturating_sub(MAX_RECEIPTS);
    set_receipts(signer, &ids[from..]);
}

/// Whether this device checked in to the session without an account.
pub async fn on_this_device(db: &Db, signer: &Signer, info: &SessionInfo) -> Result<bool, AppError> {
    let ids = receipts(signer);
    if ids.is_empty() {
        return Ok(false);
    }
    let list = crate::db::in_list(ids);
    let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM checkins WHERE session_key = $1 AND id IN ({list})"))
        .bind(info.session.key())
        .fetch_one(db.pool())
        .await?;
    Ok(n > 0)
}

/// Makes the device's check-ins `user`'s (each earns its points then) and
/// empties the cookie.
pub async fn claim_all(db: &Db, signer: &Signer, rules: &PointsRules, user: i64) -> Result<(), AppError> {
    let ids = receipts(signer);
    if ids.is_empty() {
        return Ok(());
    }
    for id in &ids {
        check_in::claim(db, rules, user, *id).await?;
    }
    set_receipts(signer, &[]);
    Ok(())
}

/// The person's check-in to the session, if any, with the points it earned.
pub async fn recorded(db: &Db, info: &SessionInfo, user: i64) -> Result<Option<Vec<(Action, u32)>>, AppError> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM checkins WHERE session_key = $1 AND user_id = $2")
        .bind(info.session.key())
        .bind(user)
        .fetch_optional(db.pool())
        .await?;
    let Some(id) = id else { return Ok(None) };
    let rows: Vec<(String, i64)> = sqlx::query_as("SELECT reason, points FROM points_ledger WHERE checkin_id = $1 ORDER BY id").bind(id).fetch_all(db.pool()).await?;
    Ok(Some(rows.into_iter().filter_map(|(r, p)| Some((Action::parse(&r)?, p.clamp(0, u32::MAX as i64) as u32))).collect()))
}

/// Personal pages are never kept by caches.
pub fn private_page() {
    if let Some(resp) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        resp.insert_header(http::header::CACHE_CONTROL, http::HeaderValue::from_static("private, no-store"));
    }
}
