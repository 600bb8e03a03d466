//! The organiser's side of taking part: the people the city names for an
//! activity (a resident volunteer as often as a staff member) show the
//! session's QR code on a tablet or print its poster, tick members on a
//! list, and scan the card of a member without a smartphone. City staff
//! (events permission) may do the same for any session. Running a session
//! earns an organiser the volunteer points, once per session.
use super::session::SessionRef;
use crate::error::AppError;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// An activity one organises, with its coming sessions (today first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganisedActivity {
    pub id: i64,
    pub name: String,
    /// (session key, day) of the next sessions from today.
    pub sessions: Vec<(String, NaiveDate)>,
}

/// A session's sheet: its QR code and who took part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionSheet {
    pub key: String,
    pub title: String,
    pub first: NaiveDate,
    /// The check-in page's full address (the QR code's content).
    pub checkin_url: String,
    pub qr_svg: String,
    /// Check-in is open today (else the sheet is for printing ahead).
    pub open: bool,
    pub not_held: bool,
    pub checked_in: u32,
    /// Members: people who took part in this activity in the last half year,
    /// and today's, with whether they checked in to this session.
    pub members: Vec<MemberRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberRow {
    pub user_id: i64,
    pub name: String,
    pub here: bool,
    pub last: Option<NaiveDate>,
    /// A card member (no smartphone or mail; added by an organiser).
    pub card: bool,
}

/// A member's card as the organiser's tablet opens it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CardView {
    /// Not a card of this portal, or replaced by a newer one.
    Unknown,
    Member { name: String, code: String, sessions: Vec<(String, String, bool)> },
}

/// A member's printable card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberCard {
    pub name: String,
    pub qr_svg: String,
    pub issued: NaiveDate,
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::accounts::{CurrentUser, Permission};
    use crate::db::Db;

    /// Whether `user` may record attendance for `activity` (its organiser,
    /// or staff who manage events).
    pub async fn may_run(db: &Db, user: &CurrentUser, activity: Option<i64>) -> Result<bool, AppError> {
        if user.may(Permission::ManageEvents) {
            return Ok(true);
        }
        match activity {
            Some(activity) => is_organiser(db, user.id, activity).await,
            None => Ok(false),
        }
    }

    pub async fn is_organiser(db: &Db, user: i64, activity: i64) -> Result<bool, AppError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM activity_organisers WHERE activity_id = $1 AND user_id = $2")
            .bind(activity)
            .bind(user)
            .fetch_one(db.pool())
            .await?;
        Ok(n > 0)
    }

    /// Whether `user` took part in the activity (or the event) before.
    pub async fn is_member(db: &Db, user: i64, info: &super::super::db::SessionInfo) -> Result<bool, AppError> {
        let (filter, bind) = match info.activity_id {
            Some(a) => ("activity_id = $2", a),
            None => ("event_id = $2", info.event_id.unwrap_or(0)),
        };
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM checkins WHERE user_id = $1 AND {filter}")).bind(user).bind(bind).fetch_one(db.pool()).await?;
        Ok(n > 0)
    }

    /// The member a card names, if it is their current card.
    pub async fn card_holder(db: &Db, code: &str) -> Result<Option<(i64, String)>, AppError> {
        let Some((user, serial)) = super::super::signer(db).await?.read_card_code(code) else { return Ok(None) };
        Ok(sqlx::query_as("SELECT u.id, u.display_name FROM member_cards m JOIN users u ON u.id = m.user_id WHERE m.user_id = $1 AND m.serial = $2")
            .bind(user)
            .bind(serial)
            .fetch_optional(db.pool())
            .await?)
    }

    /// The sessions held today of the activities `user` organises.
    pub async fn todays_sessions(db: &Db, user: i64) -> Result<Vec<super::super::db::SessionInfo>, AppError> {
        let today = crate::calendar::today_tokyo();
        let ids: Vec<i64> = sqlx::query_scalar("SELECT activity_id FROM activity_organisers WHERE user_id = $1 ORDER BY activity_id").bind(user).fetch_all(db.pool()).await?;
        let mut out = Vec::new();
        for id in ids {
            if let Some(info) = super::super::db::session_info(db, SessionRef::Activity { id, on: today }).await? {
                if !info.not_held {
                    out.push(info);
                }
            }
        }
        Ok(out)
    }

    pub async fn may_print_card(db: &Db, user: &CurrentUser, member: i64) -> Result<(), AppError> {
        if user.may(Permission::ManageEvents) {
            return Ok(());
        }
        let shared: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM checkins c JOIN activity_organisers o ON o.activity_id = c.activity_id WHERE c.user_id = $1 AND o.user_id = $2",
        )
        .bind(member)
        .bind(user.id)
        .fetch_one(db.pool())
        .await?;
        if shared == 0 {
            return Err(AppError::Forbidden);
        }
        Ok(())
    }

    /// The member's card serial and when it was issued (made on first use;
    /// `renew` replaces it).
    pub async fn card_serial(db: &Db, member: i64, renew: bool) -> Result<(i64, String), AppError> {
        let now = crate::accounts::session::now_text();
        let mut tx = db.begin_write().await?;
        let card: Option<(i64, String)> = sqlx::query_as("SELECT serial, issued_at FROM member_cards WHERE user_id = $1").bind(member).fetch_optional(&mut *tx).await?;
        let out = match card {
            Some(card) if !renew => card,
            Some((serial, _)) => {
                sqlx::query("UPDATE member_cards SET serial = $1, issued_at = $2 WHERE user_id = $3").bind(serial + 1).bind(&now).bind(member).execute(&mut *tx).await?;
                (serial + 1, now)
            }
            None => {
                sqlx::query("INSERT INTO member_cards (user_id, serial, issued_at) VALUES ($1, 1, $2)").bind(member).bind(&now).execute(&mut *tx).await?;
                (1, now)
            }
        };
        tx.commit().await?;
        Ok(out)
    }

    /// The session and its info, if the user may run it.
    pub async fn runnable(db: &Db, user: &CurrentUser, key: &str) -> Result<super::super::db::SessionInfo, AppError> {
        let session = SessionRef::parse_key(key).ok_or(AppError::NotFound)?;
        let info = super::super::db::session_info(db, session).await?.ok_or(AppError::NotFound)?;
        if !may_run(db, user, info.activity_id).await? {
            return Err(AppError::Forbidden);
        }
        Ok(info)
    }

    /// Records `member` at the session for its organiser (`via` list or
    /// card), and the organiser's volunteer points once per session.
    pub async fn record(db: &Db, organiser: &CurrentUser, info: &super::super::db::SessionInfo, member: i64, via: super::super::check_in::Via) -> Result<(), AppError> {
        use crate::points::rules::Action;
        let rules = super::super::points_rules();
        super::super::check_in::check_in(db, &rules, info, member, via, Some(organiser.id)).await?;
        if let Some(activity) = info.activity_id {
            if is_organiser(db, organiser.id, activity).await? {
                let key = info.session.key();
                let mut tx = db.begin_write().await?;
                crate::points::ledger::lock_person(&mut tx, db.backend(), organiser.id).await?;
                let done: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM points_ledger WHERE user_id = $1 AND reason = 'volunteer' AND session_key = $2")
                    .bind(organiser.id)
                    .bind(&key)
                    .fetch_one(&mut *tx)
                    .await?;
                if done == 0 {
                    crate::points::ledger::award(&mut tx, &rules, organiser.id, Action::Volunteer, info.first, crate::points::ledger::For { checkin: None, session_key: Some(&key) }).await?;
                }
                tx.commit().await?;
            }
        }
        Ok(())
    }
}
#[cfg(feature = "ssr")]
pub use ssr::{card_holder, may_run, record, runnable};

/// The activities the signed-in person organises, with their next sessions.
#[server(endpoint = "attendance/organised")]
pub async fn organised() -> Result<Vec<OrganisedActivity>, AppError> {
    use crate::calendar::Schedule;
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::OwnAccount).await?;
    super::device::private_page();
    let rows: Vec<(i64, String)> = sqlx::query_as("SELECT a.id, a.name FROM activity_organisers o JOIN activities a ON a.id = o.activity_id WHERE o.user_id = $1 ORDER BY a.name")
        .bind(user.id)
        .fetch_all(db.pool())
        .await?;
    let today = crate::calendar::today_tokyo();
    let mut out = Vec::new();
    for (id, name) in rows {
        let specs: Vec<String> = sqlx::query_scalar("SELECT spec FROM activity_schedules WHERE activity_id = $1").bind(id).fetch_all(db.pool()).await?;
        let mut days: Vec<NaiveDate> = specs.iter().filter_map(|s| Schedule::parse_compact(s).ok()).flat_map(|s| s.next_dates(today, 4)).collect();
        days.sort();
        days.dedup();
        days.truncate(4);
        out.push(OrganisedActivity { id, name, sessions: days.into_iter().map(|on| (SessionRef::Activity { id, on }.key(), on)).collect() });
    }
    Ok(out)
}

/// A session's sheet for its organiser: the QR code and the member list.
#[server(endpoint = "attendance/sheet")]
pub async fn read_session_sheet(key: String) -> Result<SessionSheet, AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::OwnAccount).await?;
    super::device::private_page();
    let info = ssr::runnable(&db, &user, &key).await?;
    let code = super::signer(&db).await?.session_code(&info.session);
    let checkin_url = format!("{}/checkin/{code}", crate::config::PublicConfig::current_base_url());
    let key = info.session.key();
    let since = (info.first - chrono::Days::new(183)).to_string();
    let (filter, bind) = match info.activity_id {
        Some(a) => ("c.activity_id = $2", a),
        None => ("c.event_id = $2", info.event_id.unwrap_or(0)),
    };
    let rows: Vec<(i64, String, Option<String>, i64, i64)> = sqlx::query_as(&format!(
        "SELECT u.id, u.display_name, MAX(CASE WHEN c.session_key <> $1 THEN c.held_on END),
                CAST(SUM(CASE WHEN c.session_key = $1 THEN 1 ELSE 0 END) AS BIGINT),
                CAST(MAX(CASE WHEN m.user_id IS NULL THEN 0 ELSE 1 END) AS BIGINT)
         FROM checkins c JOIN users u ON u.id = c.user_id LEFT JOIN card_members m ON m.user_id = u.id
         WHERE {filter} AND (c.held_on >= $3 OR c.session_key = $1)
         GROUP BY u.id, u.display_name ORDER BY u.display_name"
    ))
    .bind(&key)
    .bind(bind)
    .bind(&since)
    .fetch_all(db.pool())
    .await?;
    let checked_in: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM checkins WHERE session_key = $1").bind(&key).fetch_one(db.pool()).await?;
    let open = info.is_open(crate::calendar::today_tokyo());
    Ok(SessionSheet {
        key,
        title: info.title,
        first: info.first,
        qr_svg: crate::activities::share::ssr::qr_svg(&checkin_url),
        checkin_url,
        open,
        not_held: info.not_held,
        checked_in: checked_in.clamp(0, u32::MAX as i64) as u32,
        members: rows
            .into_iter()
            .map(|(user_id, name, last, here, card)| MemberRow { user_id, name, here: here > 0, last: last.and_then(|d| d.parse().ok()), card: card > 0 })
            .collect(),
    })
}

/// Ticks a member on the session's list (a plain form; back to the sheet).
#[server(endpoint = "attendance/record")]
pub async fn record_member(key: String, user_id: i64) -> Result<(), AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::OwnAccount).await?;
    let info = ssr::runnable(&db, &user, &key).await?;
    if !info.is_open(crate::calendar::today_tokyo()) {
        return Err(AppError::Invalid("session".into()));
    }
    // the list holds the activity's members: nobody else can be ticked
    if !ssr::is_member(&db, user_id, &info).await? {
        return Err(AppError::Forbidden);
    }
    ssr::record(&db, &user, &info, user_id, super::check_in::Via::List).await?;
    leptos_axum::redirect(&format!("/organise/session/{key}"));
    Ok(())
}

/// A member's card, scanned by an organiser's tablet: who, and today's
/// sessions of the organiser's activities to record them at.
#[server(endpoint = "attendance/card")]
pub async fn read_card(code: String) -> Result<CardView, AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::OwnAccount).await?;
    super::device::private_page();
    let Some((member, name)) = ssr::card_holder(&db, code.trim()).await? else { return Ok(CardView::Unknown) };
    let mut sessions = Vec::new();
    for info in ssr::todays_sessions(&db, user.id).await? {
        let here: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM checkins WHERE session_key = $1 AND user_id = $2").bind(info.session.key()).bind(member).fetch_one(db.pool()).await?;
        sessions.push((info.session.key(), info.title, here > 0));
    }
    if sessions.is_empty() && !user.may(crate::accounts::Permission::ManageEvents) {
        return Err(AppError::Forbidden);
    }
    Ok(CardView::Member { name, code: code.trim().to_string(), sessions })
}

/// Records the card's member at one of today's sessions (back to the card).
#[server(endpoint = "attendance/record-card")]
pub async fn record_card(code: String, key: String) -> Result<(), AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::OwnAccount).await?;
    let code = code.trim().to_string();
    let Some((member, _)) = ssr::card_holder(&db, &code).await? else { return Err(AppError::NotFound) };
    let info = ssr::runnable(&db, &user, &key).await?;
    if !info.is_open(crate::calendar::today_tokyo()) {
        return Err(AppError::Invalid("session".into()));
    }
    ssr::record(&db, &user, &info, member, super::check_in::Via::Card).await?;
    leptos_axum::redirect(&format!("/checkin/card/{code}"));
    Ok(())
}

/// A member's card to print (made on first print). For the organisers of
/// an activity the member took part in, and staff.
#[server(endpoint = "attendance/member-card")]
pub async fn print_member_card(user_id: i64) -> Result<MemberCard, AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::OwnAccount).await?;
    super::device::private_page();
    ssr::may_print_card(&db, &user, user_id).await?;
    let name: String = sqlx::query_scalar("SELECT display_name FROM users WHERE id = $1").bind(user_id).fetch_optional(db.pool()).await?.ok_or(AppError::NotFound)?;
    let (serial, issued) = ssr::card_serial(&db, user_id, false).await?;
    let code = super::signer(&db).await?.card_code(user_id, serial);
    Ok(MemberCard {
        name,
        qr_svg: crate::activities::share::ssr::qr_svg(&format!("{}/checkin/card/{code}", crate::config::PublicConfig::current_base_url())),
        issued: crate::calendar::tokyo_date(&issued).unwrap_or_else(crate::calendar::today_tokyo),
    })
}

/// Replaces a lost card: the old card's code stops working (a plain form;
/// back to the new card).
#[server(endpoint = "attendance/reissue-card")]
pub async fn reissue_card(user_id: i64) -> Result<(), AppError> {
    let db = expect_context::<crate::db::Db>();
    let user = crate::accounts::session::require(&db, crate::accounts::Permission::OwnAccount).await?;
    ssr::may_print_card(&db, &user, user_id).await?;
    ssr::card_serial(&db, user_id, true).await?;
    leptos_axum::redirect(&format!("/organise/card/{user_id}"));
    Ok(())
}

/// An activity's organisers, for city staff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganiserList {
    /// Every activity (id, name), for the form's choice.
    pub activities: Vec<(i64, String)>,
    /// (activity id, activity name, user id, the person's name, mail address).
    pub organisers: Vec<(i64, String, i64, String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum OrganiserReply {
    Added,
    Removed,
    /// No account with that mail address (they make one first).
    NoAccount,
}

/// Who organises which activity (city staff: the events permission).
#[server(endpoint = "staff/organisers")]
pub async fn list_organisers() -> Result<OrganiserList, AppError> {
    let db = expect_context::<crate::db::Db>();
    crate::accounts::session::require(&db, crate::accounts::Permission::ManageEvents).await?;
    super::device::private_page();
    let activities = sqlx::query_as("SELECT id, name FROM activities WHERE status = 'active' ORDER BY name, id").fetch_all(db.pool()).await?;
    let organisers = sqlx::query_as(
        "SELECT a.id, a.name, u.id, u.display_name, u.email FROM activity_organisers o
         JOIN activities a ON a.id = o.activity_id JOIN users u ON u.id = o.user_id ORDER BY a.name, u.display_name",
    )
    .fetch_all(db.pool())
    .await?;
    Ok(OrganiserList { activities, organisers })
}

/// Names (or, with `remove`, un-names) the account with `email` an
/// organiser of `activity_id` (a plain form; back to the list).
#[server(endpoint = "staff/organisers/set")]
pub async fn set_organiser(activity_id: i64, email: String, remove: bool) -> Result<OrganiserReply, AppError> {
    let db = expect_context::<crate::db::Db>();
    crate::accounts::session::require(&db, crate::accounts::Permission::ManageEvents).await?;
    let user: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email.trim().to_lowercase()).fetch_optional(db.pool()).await?;
    let Some(user) = user else {
        leptos_axum::redirect("/staff/organisers?missing=1");
        return Ok(OrganiserReply::NoAccount);
    };
    let exists: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM activities WHERE id = $1").bind(activity_id).fetch_one(db.pool()).await?;
    if exists == 0 {
        return Err(AppError::NotFound);
    }
    let mut tx = db.begin_write().await?;
    if remove {
        sqlx::query("DELETE FROM activity_organisers WHERE activity_id = $1 AND user_id = $2").bind(activity_id).bind(user).execute(&mut *tx).await?;
    } else {
        sqlx::query("INSERT INTO activity_organisers (activity_id, user_id, added_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(activity_id)
            .bind(user)
            .bind(crate::accounts::session::now_text())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    leptos_axum::redirect("/staff/organisers");
    Ok(if remove { OrganiserReply::Removed } else { OrganiserReply::Added })
}
