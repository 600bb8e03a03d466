//! Health points (健康ポイント, after Hitachi City): taking part, a first
//! visit, a self-check and running a session earn points by the city's
//! rules (`rules`), written to an append-only ledger (`ledger`) with why;
//! badges mark milestones. `/points` shows a resident their balance,
//! history and badges.
pub mod labels;
pub mod redeem;
pub mod rewards;
pub mod rules;
pub mod summary;
pub mod voucher;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod ledger;

use crate::error::AppError;
use chrono::NaiveDate;
use leptos::prelude::*;
use rules::{Action, Progress, Reached};
use serde::{Deserialize, Serialize};

/// Why an entry is in the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Reason {
    Earned(Action),
    /// A reward taken.
    Redeem,
    /// A redemption cancelled: its points back.
    Refund,
}

impl Reason {
    /// Every reason, in the order the summary lists them.
    pub const ALL: [Reason; 7] = [
        Reason::Earned(Action::AttendActivity),
        Reason::Earned(Action::AttendEvent),
        Reason::Earned(Action::FirstVisit),
        Reason::Earned(Action::SelfCheck),
        Reason::Earned(Action::Volunteer),
        Reason::Redeem,
        Reason::Refund,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Earned(a) => a.as_str(),
            Reason::Redeem => "redeem",
            Reason::Refund => "refund",
        }
    }

    pub fn parse(s: &str) -> Option<Reason> {
        match s {
            "redeem" => Some(Reason::Redeem),
            "refund" => Some(Reason::Refund),
            other => Action::parse(other).map(Reason::Earned),
        }
    }
}

/// One line of a person's points history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerLine {
    pub on: NaiveDate,
    /// The ledger's reason: an action, `redeem` or `refund`.
    pub reason: String,
    pub points: i64,
    /// What it was for: the activity's or event's name, or the reward's.
    pub what: String,
}

/// A resident's points page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointsOverview {
    pub balance: i64,
    /// Newest first (the latest 200).
    pub history: Vec<LedgerLine>,
    pub reached: Vec<Reached>,
    pub progress: Vec<Progress>,
    /// Sessions and events taken part in.
    pub attended: u32,
    /// What each action earns, and its caps (the rules, for "how do I earn points").
    pub earning: Vec<(Action, rules::ActionRule)>,
    /// The person organises an activity (a link to the organiser's page).
    pub organises: bool,
    /// Rewards on offer, cheapest first.
    pub rewards: Vec<rewards::Reward>,
    /// The person's vouchers, newest first.
    pub vouchers: Vec<redeem::VoucherLine>,
    /// The person manages the points programme (a link to the staff page).
    pub manages: bool,
}

/// The signed-in person's points (check-ins this device made before they
/// had an account become theirs first).
#[server(endpoint = "points/mine")]
pub async fn my_points() -> Result<PointsOverview, AppError> {
    let db = expect_context::<crate::db::Db>();
    crate::attendance::device::private_page();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::OwnAccount).await?;
    crate::attendance::claim_device_checkins(&db, user.id).await?;
    let mut overview = db::overview(&db, &crate::attendance::points_rules(), user.id).await?;
    overview.manages = user.may(crate::accounts::Permission::ManagePoints);
    Ok(overview)
}
