//! Staff, writers, editors and link workers join by invitation: an admin (any
//! role) or an editor (writers only) sends a link valid for seven days; the
//! invited person chooses their name and password on the page it opens.
use super::forms::InviteForm;
use super::{LinkReply, Role};
use crate::error::AppError;
use crate::validation::FieldError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum InviteReply {
    Sent,
    Invalid(Vec<FieldError>),
    /// The address already has an account: an admin changes its roles instead.
    AlreadyRegistered,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingInvitation {
    /// The token's hash: identifies the invitation, cannot be used as the link.
    pub id: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub invited_by: String,
    pub expires_at: String,
}

/// What an invitation link offers, shown before accepting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvitationInfo {
    pub email: String,
    pub roles: Vec<Role>,
}

#[server(endpoint = "accounts/invite")]
pub async fn invite(form: InviteForm) -> Result<InviteReply, AppError> {
    use super::messages::{self, Mail};
    use super::{session, tokens, Permission};
    let db = expect_context::<crate::db::Db>();
    let inviter = session::require(&db, Permission::Invite).await?;
    let invitation = match form.parse(&inviter.roles) {
        Ok(i) => i,
        Err(errors) => return Ok(InviteReply::Invalid(errors)),
    };
    let mut tx = db.begin_write().await?;
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(&invitation.email).fetch_optional(&mut *tx).await?;
    if exists.is_some() {
        tx.rollback().await?;
        return Ok(InviteReply::AlreadyRegistered);
    }
    let token = tokens::issue(&mut tx, tokens::Purpose::Invite, None, &invitation.email, &invitation.roles, Some(inviter.id)).await?;
    tx.commit().await?;
    let locale = messages::request_locale();
    let roles = super::roles::role_names(locale, &invitation.roles);
    messages::send(&invitation.email, locale, Mail::Invite { token, inviter: inviter.display_name, roles }).await?;
    Ok(InviteReply::Sent)
}

/// Unused, unexpired invitations: an admin sees all, an editor their own.
#[server(endpoint = "accounts/invitations")]
pub async fn list_invitations() -> Result<Vec<PendingInvitation>, AppError> {
    use super::{session, Permission};
    use sqlx::Row;
    let db = expect_context::<crate::db::Db>();
    let user = session::require(&db, Permission::Invite).await?;
    let all = user.may(Permission::ManageUsers);
    let rows = sqlx::query(
        "SELECT t.token_hash, t.email, t.roles, t.expires_at, COALESCE(u.display_name, '') AS invited_by
         FROM account_tokens t LEFT JOIN users u ON u.id = t.created_by
         WHERE t.purpose = 'invite' AND t.used_at IS NULL AND t.expires_at > $1 AND ($2 OR t.created_by = $3)
         ORDER BY t.created_at DESC",
    )
    .bind(session::now_text())
    .bind(all)
    .bind(user.id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let roles: String = r.try_get("roles")?;
            Ok(PendingInvitation {
                id: r.try_get("token_hash")?,
                email: r.try_get("email")?,
                roles: Role::parse_list(&roles),
                invited_by: r.try_get("invited_by")?,
                expires_at: r.try_get("expires_at")?,
            })
        })
        .collect()
}

#[server(endpoint = "accounts/revoke-invitation")]
pub async fn revoke_invitation(id: String) -> Result<(), AppError> {
    use super::{session, tokens, Permission};
    let db = expect_context::<crate::db::Db>();
    let user = session::require(&db, Permission::Invite).await?;
    if !user.may(Permission::ManageUsers) {
        let mine: Option<i64> = sqlx::query_scalar("SELECT created_by FROM account_tokens WHERE token_hash = $1")
            .bind(&id)
            .fetch_optional(db.pool())
            .await?
            .flatten();
        if mine != Some(user.id) {
            // someone else's invitation, or none: the same answer
            return Err(AppError::NotFound);
        }
    }
    tokens::revoke(&db, tokens::Purpose::Invite, &id).await?;
    Ok(())
}

/// An invitation holds only while its sender could still send it: the
/// account exists, is not disabled, and may still hand out every role in it.
#[cfg(feature = "ssr")]
async fn sender_still_vouches(conn: &mut sqlx::AnyConnection, facts: &super::tokens::TokenFacts) -> Result<bool, AppError> {
    let Some(sender) = facts.created_by else { return Ok(false) };
    let row: Option<(String, Option<String>)> = sqlx::query_as("SELECT roles, disabled_at FROM users WHERE id = $1")
        .bind(sender)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(match row {
        Some((roles, None)) => {
            let roles = Role::parse_list(&roles);
            super::Permission::Invite.allows(&roles) && Role::may_all_be_invited_by(&facts.roles, &roles)
        }
        _ => false,
    })
}

#[server(endpoint = "accounts/invitation")]
pub async fn get_invitation(token: String) -> Result<Option<InvitationInfo>, AppError> {
    let db = expect_context::<crate::db::Db>();
    let Some(facts) = super::tokens::peek(&db, super::tokens::Purpose::Invite, &token).await? else { return Ok(None) };
    let mut conn = db.pool().acquire().await?;
    if !sender_still_vouches(&mut conn, &facts).await? {
        return Ok(None);
    }
    Ok(Some(InvitationInfo { email: facts.email, roles: facts.roles }))
}

#[server(endpoint = "accounts/accept-invitation")]
pub async fn accept_invitation(token: String, display_name: String, password: String, password_again: String) -> Result<LinkReply, AppError> {
    use super::forms::{DisplayName, Password};
    use super::{messages, session, tokens};
    let db = expect_context::<crate::db::Db>();
    let Some(facts) = tokens::peek(&db, tokens::Purpose::Invite, &token).await? else {
        return Ok(LinkReply::LinkExpired);
    };
    let mut errors = Vec::new();
    let name = DisplayName::parse(&display_name).map_err(|p| errors.push(FieldError::new("display_name", p))).ok();
    let pw = Password::parse(&password, &password_again, &facts.email).map_err(|p| errors.push(FieldError::new("password", p))).ok();
    let (Some(name), Some(pw)) = (name, pw) else {
        return Ok(LinkReply::Invalid(errors));
    };
    let hash = session::hash_password(pw.as_str()).await?;
    let mut tx = db.begin_write().await?;
    let Some(facts) = tokens::consume(&mut tx, tokens::Purpose::Invite, &token).await? else {
        tx.rollback().await?;
        return Ok(LinkReply::LinkExpired);
    };
    if !sender_still_vouches(&mut tx, &facts).await? {
        // the sender was disabled or lost the role since: the link is dead
        tx.rollback().await?;
        return Ok(LinkReply::LinkExpired);
    }
    let now = session::now_text();
    let inserted: Result<i64, sqlx::Error> = sqlx::query_scalar(
        "INSERT INTO users (email, display_name, password_hash, roles, created_at, email_confirmed_at, locale) VALUES ($1, $2, $3, $4, $5, $5, $6) RETURNING id",
    )
    .bind(&facts.email)
    .bind(name.as_str())
    .bind(&hash)
    .bind(Role::join(&facts.roles))
    .bind(&now)
    .bind(messages::locale_to_db(messages::request_locale()))
    .fetch_one(&mut *tx)
    .await;
    let Ok(user_id) = inserted else {
        // the address registered in the meantime: the invitation no longer applies
        tx.rollback().await?;
        return Ok(LinkReply::LinkExpired);
    };
    tx.commit().await?;
    session::sign_in(&db, user_id).await?;
    leptos_axum::redirect(super::home_for(&facts.roles));
    Ok(LinkReply::Done)
}
