//! Taking part (issue 20, part 1): checking in to a session of an activity
//! or to an event with the session's rotating code (its poster's QR code),
//! by the organiser's list or a member's card; a device without an account
//! keeps its check-ins as signed receipts (a cookie) until its owner makes
//! one. Points for taking part are in `crate::points`.
pub mod session;
#[cfg(feature = "ssr")]
pub mod check_in;
#[cfg(feature = "ssr")]
pub mod codes;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod device;
pub mod members;
pub mod organise;
#[cfg(feature = "ssr")]
pub mod seed;

use crate::error::AppError;
use crate::points::rules::Action;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The check-in page: the session and where its check-in stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SessionCheckin {
    /// Not a code of this portal (mistyped, cut short, or changed).
    Unknown,
    Session { title: String, first: NaiveDate, last: NaiveDate, state: CheckinState, signed_in: bool },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CheckinState {
    /// Cancelled, or no session that day.
    NotHeld,
    NotYet { opens: NaiveDate },
    Closed { closed: NaiveDate },
    /// Check-in is open and this person (or device) has not checked in.
    Open,
    /// Recorded: the points it earned (for a person) and the balance.
    Recorded { awarded: Vec<(Action, u32)>, balance: Option<i64> },
    /// Recorded on this device, waiting for an account.
    OnDevice,
}

/// The portal's signer, its key read (or made) on first use.
#[cfg(feature = "ssr")]
pub type SignerCell = tokio::sync::OnceCell<codes::Signer>;

#[cfg(feature = "ssr")]
pub(crate) async fn signer(db: &crate::db::Db) -> Result<codes::Signer, AppError> {
    let cell = expect_context::<std::sync::Arc<SignerCell>>();
    Ok(cell.get_or_try_init(|| async { crate::db::secrets::key(db, "checkin").await.map(codes::Signer::new) }).await?.clone())
}

#[cfg(feature = "ssr")]
pub(crate) fn points_rules() -> std::sync::Arc<crate::points::rules::PointsRules> {
    expect_context::<std::sync::Arc<crate::points::rules::PointsRules>>()
}

/// Check-ins this device made before `user` had an account become theirs
/// (the pages a signed-in person opens call it: `/points`, マイページ, a
/// check-in page).
#[cfg(feature = "ssr")]
pub(crate) async fn claim_device_checkins(db: &crate::db::Db, user: i64) -> Result<(), AppError> {
    device::claim_all(db, &signer(db).await?, &points_rules(), user).await
}

/// Where the check-in of the session `code` stands for whoever asks (a
/// signed-in person's earlier device check-ins become theirs first).
#[server(endpoint = "attendance/view")]
pub async fn checkin_view(code: String) -> Result<SessionCheckin, AppError> {
    use crate::accounts::session;
    let db = expect_context::<crate::db::Db>();
    device::private_page();
    let signer = signer(&db).await?;
    let Some(session) = signer.read_session_code(code.trim()) else { return Ok(SessionCheckin::Unknown) };
    let Some(info) = db::session_info(&db, session).await? else { return Ok(SessionCheckin::Unknown) };
    let user = session::user_from_request(&db).await?;
    if let Some(u) = &user {
        claim_device_checkins(&db, u.id).await?;
    }
    let state = match &user {
        Some(u) => match device::recorded(&db, &info, u.id).await? {
            Some(awarded) => CheckinState::Recorded { awarded, balance: Some(crate::points::ledger::balance(db.pool(), u.id).await?) },
            None => open_state(&info),
        },
        None if device::on_this_device(&db, &signer, &info).await? => CheckinState::OnDevice,
        None => open_state(&info),
    };
    Ok(SessionCheckin::Session { title: info.title, first: info.first, last: info.last, state, signed_in: user.is_some() })
}

#[cfg(feature = "ssr")]
fn open_state(info: &db::SessionInfo) -> CheckinState {
    use session::Window;
    if info.not_held {
        return CheckinState::NotHeld;
    }
    match Window::on(crate::calendar::today_tokyo(), info.first, info.last) {
        Window::NotYet { opens } => CheckinState::NotYet { opens },
        Window::Closed { closed } => CheckinState::Closed { closed },
        Window::Open => CheckinState::Open,
    }
}

/// Checks in to the session `code` (the check-in page's one button; a plain
/// form, so it works without JavaScript), then back to the page, which
/// says what it came to. Without an account the device keeps a receipt.
#[server(endpoint = "attendance/check-in")]
pub async fn check_in_now(code: String) -> Result<(), AppError> {
    use crate::accounts::session;
    let db = expect_context::<crate::db::Db>();
    let code = code.trim().to_string();
    let signer = signer(&db).await?;
    let Some(session) = signer.read_session_code(&code) else { return Err(AppError::NotFound) };
    let Some(info) = db::session_info(&db, session).await? else { return Err(AppError::NotFound) };
    if !info.is_open(crate::calendar::today_tokyo()) {
        // the page says why (not held, not yet, closed)
        leptos_axum::redirect(&format!("/checkin/{code}"));
        return Ok(());
    }
    match session::user_from_request(&db).await? {
        Some(u) => {
            check_in::check_in(&db, &points_rules(), &info, u.id, check_in::Via::Code, None).await?;
        }
        None => {
            crate::rate_limit::check_request(&db, crate::rate_limit::Limit::Checkin).await?;
            if !device::on_this_device(&db, &signer, &info).await? {
                let id = check_in::check_in_device(&db, &info).await?;
                device::keep_receipt(&signer, id);
            }
        }
    }
    leptos_axum::redirect(&format!("/checkin/{code}"));
    Ok(())
}
