//! Forming a diary group: a facilitator (link worker or community staff)
//! names the group and seats up to three members — people with an account,
//! found by mail address, or a seat kept for someone without a smartphone
//! (their name; the facilitator types their pages in).
use crate::error::AppError;
use crate::validation::{Email, PlainText};
use leptos::prelude::*;

/// Who to seat, valid.
#[derive(Debug, Clone, PartialEq)]
pub enum NewSeat {
    Account(Email),
    Paper(PlainText),
}

impl NewSeat {
    /// A mail address seats an account; without one, a name keeps a seat
    /// on paper. `None` when neither is given (or what is given is not valid).
    pub fn parse(email: &str, paper_name: &str) -> Option<NewSeat> {
        if !email.trim().is_empty() {
            return Email::parse(email).ok().map(NewSeat::Account);
        }
        PlainText::parse(paper_name, super::NAME_MAX, false).ok().map(NewSeat::Paper)
    }
}

/// Starts a group facilitated by the signed-in person (a plain form; on to
/// the group's page to seat its members).
#[server(endpoint = "diary/create")]
pub async fn create_group(name: String) -> Result<(), AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::FacilitateDiaries).await?;
    let Ok(name) = PlainText::parse(&name, super::NAME_MAX, false) else {
        leptos_axum::redirect("/diary?invalid=name#new-group");
        return Ok(());
    };
    let id: i64 = sqlx::query_scalar("INSERT INTO diary_groups (name, facilitator_id, created_at) VALUES ($1, $2, $3) RETURNING id")
        .bind(name.as_str())
        .bind(user.id)
        .bind(crate::accounts::session::now_text())
        .fetch_one(db.pool())
        .await?;
    leptos_axum::redirect(&format!("/diary/{id}"));
    Ok(())
}

/// Seats someone at the group's table (the facilitator; a plain form, back
/// to the group's page saying what came of it).
#[server(endpoint = "diary/seat")]
pub async fn add_seat(group: i64, email: String, paper_name: String) -> Result<(), AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::OwnAccount).await?;
    super::access::facilitator(&db, user.id, group).await?;
    let back = |outcome: &str| leptos_axum::redirect(&format!("/diary/{group}?seat={outcome}#seats"));
    let Some(seat) = NewSeat::parse(&email, &paper_name) else {
        back("invalid");
        return Ok(());
    };
    let member = match &seat {
        NewSeat::Account(email) => {
            let id: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email.as_str().to_lowercase()).fetch_optional(db.pool()).await?;
            match id {
                Some(id) if id == user.id => {
                    back("self");
                    return Ok(());
                }
                Some(id) => Some(id),
                None => {
                    back("unknown");
                    return Ok(());
                }
            }
        }
        NewSeat::Paper(_) => None,
    };
    let mut tx = db.begin_write().await?;
    let (present, last): (Option<i64>, Option<i64>) =
        sqlx::query_as("SELECT CAST(SUM(CASE WHEN left_at IS NULL THEN 1 ELSE 0 END) AS BIGINT), MAX(position) FROM diary_members WHERE group_id = $1")
            .bind(group)
            .fetch_one(&mut *tx)
            .await?;
    if present.unwrap_or(0) >= i64::from(super::MAX_SEATS) {
        back("full");
        return Ok(());
    }
    if let Some(member) = member {
        let already: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM diary_members WHERE group_id = $1 AND user_id = $2").bind(group).bind(member).fetch_one(&mut *tx).await?;
        if already > 0 {
            back("already");
            return Ok(());
        }
    }
    let position = last.unwrap_or(0) + 1;
    let now = crate::accounts::session::now_text();
    match (&seat, member) {
        (NewSeat::Account(_), Some(member)) => {
            sqlx::query("INSERT INTO diary_members (group_id, position, user_id, joined_at) VALUES ($1, $2, $3, $4)").bind(group).bind(position).bind(member).bind(&now).execute(&mut *tx).await?
        }
        (NewSeat::Paper(name), _) => {
            sqlx::query("INSERT INTO diary_members (group_id, position, paper_name, joined_at) VALUES ($1, $2, $3, $4)").bind(group).bind(position).bind(name.as_str()).bind(&now).execute(&mut *tx).await?
        }
        _ => return Err(AppError::Internal),
    };
    tx.commit().await?;
    back("added");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seat_is_an_account_or_a_name_on_paper() {
        assert!(matches!(NewSeat::parse("hana@example.jp", ""), Some(NewSeat::Account(_))));
        assert!(matches!(NewSeat::parse("", " 田中 キヨ "), Some(NewSeat::Paper(n)) if n.as_str() == "田中 キヨ"));
        assert_eq!(NewSeat::parse("", ""), None);
        assert_eq!(NewSeat::parse("not an address", "田中"), None, "a wrong address is not read as a name");
        assert_eq!(NewSeat::parse("", &"あ".repeat(41)), None);
    }
}
