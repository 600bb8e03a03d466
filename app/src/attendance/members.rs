//! Adding a member on a session's sheet: someone who came but is not on
//! the list yet. A person with an account is found by mail address; a
//! person without a smartphone or mail address becomes a **card member** —
//! known by name and member card only, an account that can never sign in —
//! once they have agreed to their taking part being recorded (the
//! organiser says so, and when is kept). Either way they are recorded at
//! this session, so they are on the list from now on; a card member's card
//! is printed next.
use crate::error::AppError;
use crate::validation::{Email, FieldError, PlainText, Problem};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

const NAME_MAX: usize = 40;

/// The sheet's "add a member" form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AddMemberForm {
    /// An account's mail address (leave empty for a card member).
    pub email: String,
    /// A card member's name as they want it on the list and card.
    pub name: String,
    /// The person agreed to their taking part being recorded.
    pub consent: bool,
}

/// Who to add, valid.
#[derive(Debug, Clone, PartialEq)]
pub enum NewMember {
    /// Someone with an account.
    Account(Email),
    /// Someone without a smartphone or mail address.
    Card { name: PlainText },
}

impl NewMember {
    /// A mail address finds an account; without one, a name and the
    /// person's agreement make a card member.
    pub fn parse(form: &AddMemberForm) -> Result<NewMember, Vec<FieldError>> {
        if !form.email.trim().is_empty() {
            return Email::parse(&form.email).map(NewMember::Account).map_err(|p| vec![FieldError::new("email", p)]);
        }
        let mut errors = Vec::new();
        let name = PlainText::parse(&form.name, NAME_MAX, false).map_err(|p| errors.push(FieldError::new("name", p))).ok();
        if !form.consent {
            errors.push(FieldError::new("consent", Problem::Consent));
        }
        match name {
            Some(name) if errors.is_empty() => Ok(NewMember::Card { name }),
            _ => Err(errors),
        }
    }
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::db::Db;

    /// Makes a card member (an account nobody can sign in to: no password
    /// fits its hash, and its address is under `.invalid`, which no mail
    /// reaches); the new account's id.
    pub async fn make_card_member(db: &Db, name: &PlainText, organiser: i64, activity: Option<i64>) -> Result<i64, AppError> {
        let mut b = [0u8; 8];
        getrandom::fill(&mut b).map_err(|_| AppError::Internal)?;
        let email = format!("card-{}@members.tsunagu.invalid", b.iter().map(|x| format!("{x:02x}")).collect::<String>());
        let now = crate::accounts::session::now_text();
        let mut tx = db.begin_write().await?;
        let id: i64 = sqlx::query_scalar("INSERT INTO users (email, display_name, password_hash, roles, created_at) VALUES ($1, $2, '!', $3, $4) RETURNING id")
            .bind(&email)
            .bind(name.as_str())
            .bind(crate::accounts::Role::Resident.as_str())
            .bind(&now)
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO card_members (user_id, added_by, activity_id, consent_at) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(organiser)
            .bind(activity)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(id)
    }
}

/// Adds a member at the session `key` (a plain form; back to the sheet,
/// which says what came of it — or to a new card member's card).
#[server(endpoint = "attendance/add-member")]
pub async fn add_member(key: String, form: AddMemberForm) -> Result<(), AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::OwnAccount).await?;
    let info = super::organise::runnable(&db, &user, &key).await?;
    let key = info.session.key();
    if !info.is_open(crate::calendar::today_tokyo()) {
        return Err(AppError::Invalid("session".into()));
    }
    match NewMember::parse(&form) {
        Err(errors) => {
            let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            leptos_axum::redirect(&format!("/organise/session/{key}?invalid={}#add-member", fields.join(",")));
        }
        Ok(NewMember::Account(email)) => {
            let member: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email.as_str().to_lowercase()).fetch_optional(db.pool()).await?;
            match member {
                None => leptos_axum::redirect(&format!("/organise/session/{key}?member=unknown#add-member")),
                Some(member) => {
                    super::organise::record(&db, &user, &info, member, super::check_in::Via::List).await?;
                    leptos_axum::redirect(&format!("/organise/session/{key}?member=added#members"));
                }
            }
        }
        Ok(NewMember::Card { name }) => {
            let member = ssr::make_card_member(&db, &name, user.id, info.activity_id).await?;
            super::organise::record(&db, &user, &info, member, super::check_in::Via::List).await?;
            leptos_axum::redirect(&format!("/organise/card/{member}?new=1"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(email: &str, name: &str, consent: bool) -> AddMemberForm {
        AddMemberForm { email: email.into(), name: name.into(), consent }
    }

    fn fields(r: Result<NewMember, Vec<FieldError>>) -> Vec<String> {
        r.unwrap_err().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_mail_address_finds_an_account_and_a_name_needs_consent() {
        assert!(matches!(NewMember::parse(&form(" Hanako@Example.jp ", "", false)), Ok(NewMember::Account(_))));
        assert_eq!(fields(NewMember::parse(&form("not-an-address", "", true))), ["email"]);
        match NewMember::parse(&form("", " 山田 ハル ", true)) {
            Ok(NewMember::Card { name }) => assert_eq!(name.as_str(), "山田 ハル"),
            other => panic!("{other:?}"),
        }
        assert_eq!(fields(NewMember::parse(&form("", "山田 ハル", false))), ["consent"]);
        assert_eq!(fields(NewMember::parse(&form("", "", false))), ["name", "consent"]);
        assert_eq!(fields(NewMember::parse(&form("", &"あ".repeat(41), true))), ["name"]);
    }
}
