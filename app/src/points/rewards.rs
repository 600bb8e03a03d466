//! The city's rewards (特典): what points can be exchanged for at which
//! shop or place, and for how many. City staff keep the list (add, stop
//! offering); a reward no longer offered keeps its vouchers valid.
use crate::error::AppError;
use crate::validation::{FieldError, PlainText, Problem};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The most a reward may cost.
pub const MAX_COST: i64 = 100_000;
const NAME_MAX: usize = 60;

/// A reward as residents and staff see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reward {
    pub id: i64,
    pub name_ja: String,
    pub name_en: String,
    /// The shop or place that hands it over.
    pub provider: String,
    pub cost: i64,
    pub active: bool,
}

impl Reward {
    pub fn name(&self, english: bool) -> &str {
        if english && !self.name_en.is_empty() { &self.name_en } else { &self.name_ja }
    }
}

/// A new reward, valid: names and provider are plain one-line text of at
/// most 60 characters (the English name may be left out), the cost a whole
/// number of points from 1 to 100,000.
#[derive(Debug, Clone, PartialEq)]
pub struct RewardDraft {
    pub name_ja: PlainText,
    pub name_en: Option<PlainText>,
    pub provider: PlainText,
    pub cost: i64,
}

impl RewardDraft {
    /// Reads the staff form; every field's problem at once.
    pub fn parse(name_ja: &str, name_en: &str, provider: &str, cost: &str) -> Result<RewardDraft, Vec<FieldError>> {
        fn check<T>(errors: &mut Vec<FieldError>, field: &str, r: Result<T, Problem>) -> Option<T> {
            r.map_err(|p| errors.push(FieldError::new(field, p))).ok()
        }
        let mut errors = Vec::new();
        let name_ja = check(&mut errors, "name_ja", PlainText::parse(name_ja, NAME_MAX, false));
        let name_en = check(&mut errors, "name_en", PlainText::parse_optional(name_en, NAME_MAX, false));
        let provider = check(&mut errors, "provider", PlainText::parse(provider, NAME_MAX, false));
        let digits: String = cost.trim().chars().map(crate::validation::text_half_width).filter(|c| *c != ',').collect();
        let cost = check(
            &mut errors,
            "cost",
            digits.parse::<i64>().ok().filter(|c| (1..=MAX_COST).contains(c)).ok_or(Problem::Number { min: 1, max: MAX_COST }),
        );
        match (name_ja, name_en, provider, cost) {
            (Some(name_ja), Some(name_en), Some(provider), Some(cost)) if errors.is_empty() => Ok(RewardDraft { name_ja, name_en, provider, cost }),
            _ => Err(errors),
        }
    }
}

/// A redemption as city staff see it on the rewards page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RedemptionRow {
    pub id: i64,
    /// As shown (`ABCD-EFGH`).
    pub code: String,
    pub reward: String,
    pub cost: i64,
    pub status: super::voucher::RedemptionStatus,
    /// The resident's display name (empty: the account was deleted).
    pub holder: String,
    /// Taken at the counter by staff for the resident.
    pub by_staff: bool,
    pub created_at: String,
}

/// The staff page: every reward with how often it was taken, and the
/// latest redemptions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RewardsAdmin {
    pub rewards: Vec<(Reward, u32)>,
    pub recent: Vec<RedemptionRow>,
}

#[cfg(feature = "ssr")]
pub mod db {
    use super::*;
    use crate::db::Db;

    pub const COLUMNS: &str = "id, name_ja, name_en, provider, cost, CASE WHEN active THEN 1 ELSE 0 END";
    pub type Row = (i64, String, String, String, i64, i64);

    pub fn from_row((id, name_ja, name_en, provider, cost, active): Row) -> Reward {
        Reward { id, name_ja, name_en, provider, cost, active: active != 0 }
    }

    /// The rewards on offer, cheapest first.
    pub async fn offered(db: &Db) -> Result<Vec<Reward>, AppError> {
        let rows: Vec<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM rewards WHERE active ORDER BY cost, id"))
            .fetch_all(db.pool())
            .await?;
        Ok(rows.into_iter().map(from_row).collect())
    }

    pub async fn one(db: &Db, id: i64) -> Result<Option<Reward>, AppError> {
        let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM rewards WHERE id = $1")).bind(id).fetch_optional(db.pool()).await?;
        Ok(row.map(from_row))
    }

    pub async fn add(db: &Db, draft: &RewardDraft) -> Result<i64, AppError> {
        Ok(sqlx::query_scalar("INSERT INTO rewards (name_ja, name_en, provider, cost, active, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
        .bind(draft.name_ja.as_str())
        .bind(draft.name_en.as_ref().map(|t| t.as_str()).unwrap_or(""))
        .bind(draft.provider.as_str())
        .bind(draft.cost)
        .bind(true)
        .bind(crate::accounts::session::now_text())
        .fetch_one(db.pool())
        .await?)
    }

    pub async fn admin(db: &Db) -> Result<RewardsAdmin, AppError> {
        let rows: Vec<(i64, String, String, String, i64, i64, i64)> = sqlx::query_as(
            "SELECT w.id, w.name_ja, w.name_en, w.provider, w.cost, CASE WHEN w.active THEN 1 ELSE 0 END,
                    CAST((SELECT COUNT(*) FROM redemptions r WHERE r.reward_id = w.id AND r.status <> 'cancelled') AS BIGINT)
             FROM rewards w ORDER BY CASE WHEN w.active THEN 0 ELSE 1 END, w.cost, w.id",
        )
        .fetch_all(db.pool())
        .await?;
        let rewards = rows
            .into_iter()
            .map(|(id, name_ja, name_en, provider, cost, active, taken)| (from_row((id, name_ja, name_en, provider, cost, active)), taken.clamp(0, u32::MAX as i64) as u32))
            .collect();
        // id, code, reward, cost, status, holder, issued by, taken at
        type Recent = (i64, String, String, i64, String, Option<String>, Option<i64>, String);
        let recent: Vec<Recent> = sqlx::query_as(
            "SELECT r.id, r.code, w.name_ja, r.cost, r.status, u.display_name, r.issued_by, r.created_at
             FROM redemptions r JOIN rewards w ON w.id = r.reward_id LEFT JOIN users u ON u.id = r.user_id
             ORDER BY r.id DESC LIMIT 50",
        )
        .fetch_all(db.pool())
        .await?;
        let recent = recent
            .into_iter()
            .filter_map(|(id, code, reward, cost, status, holder, issued_by, created_at)| {
                Some(RedemptionRow {
                    id,
                    code: super::super::voucher::VoucherCode::parse(&code)?.to_string(),
                    reward,
                    cost,
                    status: super::super::voucher::RedemptionStatus::parse(&status)?,
                    holder: holder.unwrap_or_default(),
                    by_staff: issued_by.is_some(),
                    created_at,
                })
            })
            .collect();
        Ok(RewardsAdmin { rewards, recent })
    }
}

/// The rewards page for city staff.
#[server(endpoint = "staff/rewards")]
pub async fn read_rewards_admin() -> Result<RewardsAdmin, AppError> {
    let db = expect_context::<crate::db::Db>();
    crate::accounts::session::require(&db, crate::accounts::Permission::ManagePoints).await?;
    crate::attendance::device::private_page();
    db::admin(&db).await
}

/// Adds a reward (a plain form; back to the list, which says what to fix).
#[server(endpoint = "staff/rewards/add")]
pub async fn add_reward(name_ja: String, name_en: String, provider: String, cost: String) -> Result<(), AppError> {
    let db = expect_context::<crate::db::Db>();
    crate::accounts::session::require(&db, crate::accounts::Permission::ManagePoints).await?;
    match RewardDraft::parse(&name_ja, &name_en, &provider, &cost) {
        Ok(draft) => {
            db::add(&db, &draft).await?;
            leptos_axum::redirect("/staff/rewards?added=1");
        }
        Err(errors) => {
            let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            leptos_axum::redirect(&format!("/staff/rewards?invalid={}#add-reward", fields.join(",")));
        }
    }
    Ok(())
}

/// Offers a reward again, or stops offering it (its vouchers stay valid).
#[server(endpoint = "staff/rewards/active")]
pub async fn set_reward_active(id: i64, active: bool) -> Result<(), AppError> {
    let db = expect_context::<crate::db::Db>();
    crate::accounts::session::require(&db, crate::accounts::Permission::ManagePoints).await?;
    let done = sqlx::query("UPDATE rewards SET active = $1 WHERE id = $2").bind(active).bind(id).execute(db.pool()).await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    leptos_axum::redirect("/staff/rewards");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reward_is_read_whole_or_not_at_all() {
        let d = RewardDraft::parse(" 道の駅 野菜券 ", "", "道の駅みどり", "３００").unwrap();
        assert_eq!(d.name_ja.as_str(), "道の駅 野菜券");
        assert_eq!(d.name_en, None);
        assert_eq!(d.cost, 300);
        assert_eq!(RewardDraft::parse("a", "b", "c", "1,000").unwrap().cost, 1000);
        let fields = |r: Result<RewardDraft, Vec<FieldError>>| r.unwrap_err().into_iter().map(|e| e.field).collect::<Vec<_>>();
        assert_eq!(fields(RewardDraft::parse("", "", "", "")), ["name_ja", "provider", "cost"]);
        assert_eq!(fields(RewardDraft::parse("a", &"x".repeat(61), "c", "0")), ["name_en", "cost"]);
        for cost in ["-5", "100001", "1.5", "ten"] {
            assert_eq!(fields(RewardDraft::parse("a", "", "c", cost)), ["cost"], "{cost}");
        }
        assert_eq!(fields(RewardDraft::parse("a\u{7}", "", "c", "5")), ["name_ja"]);
    }
}
