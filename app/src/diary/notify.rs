//! Telling a member their turn has come (a mail when it comes, and a
//! gentle reminder two days before the round's due date), each once per
//! seat and round; `/diary` shows whose turn it is in the portal too. A
//! paper seat gets no mail: its facilitator sees the turn on `/diary`.
//! A mail that cannot be sent now is tried again by the hourly task.
use super::db;
use crate::accounts::mail::Mailer;
use crate::db::Db;
use crate::error::AppError;
use crate::i18n::*;
use chrono::NaiveDate;

/// Days before the due date when the reminder goes.
pub const REMIND_DAYS_BEFORE: u64 = 2;

/// Which mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    Turn,
    Due,
}

impl Notice {
    fn as_str(self) -> &'static str {
        match self {
            Notice::Turn => "turn",
            Notice::Due => "due",
        }
    }
}

/// Whether the reminder is due on `today` for a round due on `due_on`.
pub fn remind_now(today: NaiveDate, due_on: NaiveDate) -> bool {
    today + chrono::Days::new(REMIND_DAYS_BEFORE) >= due_on
}

/// The mail in the member's language: (subject, body).
pub fn compose(locale: Locale, notice: Notice, group: &str, theme: &str, due: &str, link: &str) -> (String, String) {
    let site = td_string!(locale, common.site.name).to_string();
    match notice {
        Notice::Turn => (
            td_string!(locale, diary.mail_turn_subject, group = group).to_string(),
            td_string!(locale, diary.mail_turn_body, site = site, group = group, theme = theme, due = due, link = link).to_string(),
        ),
        Notice::Due => (
            td_string!(locale, diary.mail_due_subject, group = group).to_string(),
            td_string!(locale, diary.mail_due_body, site = site, group = group, theme = theme, due = due, link = link).to_string(),
        ),
    }
}

/// Sends `notice` to the member whose turn it is in `group`, unless sent
/// already for this seat and round (or the seat is on paper).
pub async fn send_once(db: &Db, mailer: &Mailer, base: &str, group: i64, notice: Notice, today: NaiveDate) -> Result<bool, AppError> {
    let Some((round, _, seat)) = db::turn(db, group).await? else { return Ok(false) };
    // group, theme, due date, the member's address and language
    type Row = (String, String, String, Option<String>, Option<String>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT g.name, r.theme, r.due_on, u.email, u.locale FROM diary_rounds r JOIN diary_groups g ON g.id = r.group_id
         JOIN diary_members m ON m.group_id = g.id AND m.position = $2 LEFT JOIN users u ON u.id = m.user_id AND u.disabled_at IS NULL
         WHERE r.id = $1 AND g.finished_at IS NULL",
    )
    .bind(round)
    .bind(i64::from(seat))
    .fetch_optional(db.pool())
    .await?;
    let Some((name, theme, due, Some(email), locale)) = row else { return Ok(false) };
    if email.ends_with(".invalid") {
        return Ok(false);
    }
    if notice == Notice::Due && !due.parse().is_ok_and(|d| remind_now(today, d)) {
        return Ok(false);
    }
    // claimed first, so two at once send one mail
    let claimed: Option<i64> = sqlx::query_scalar("INSERT INTO diary_notices (round_id, position, kind, sent_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING round_id")
        .bind(round)
        .bind(i64::from(seat))
        .bind(notice.as_str())
        .bind(crate::accounts::session::now_text())
        .fetch_optional(db.pool())
        .await?;
    if claimed.is_none() {
        return Ok(false);
    }
    let locale = if locale.as_deref() == Some("en") { Locale::en } else { Locale::ja };
    let due_label = due.parse().map(|d| crate::events::views::date_label(locale, d)).unwrap_or(due);
    let (subject, body) = compose(locale, notice, &name, &theme, &due_label, &format!("{base}/diary/{group}"));
    if let Err(e) = mailer.send(&email, &subject, &body).await {
        // not sent: released, so the hourly task tries again
        sqlx::query("DELETE FROM diary_notices WHERE round_id = $1 AND position = $2 AND kind = $3").bind(round).bind(i64::from(seat)).bind(notice.as_str()).execute(db.pool()).await?;
        return Err(e);
    }
    Ok(true)
}

/// The turn passed (a round started, an entry written, a seat skipped):
/// the member whose turn it is now hears of it. A mail that fails is left
/// to the hourly task (the write itself stands).
pub async fn turn_came(db: &Db, mailer: &Mailer, base: &str, group: i64) -> Result<(), AppError> {
    if let Err(e) = send_once(db, mailer, base, group, Notice::Turn, crate::calendar::today_tokyo()).await {
        tracing::warn!(group, error = %e, "the diary's turn mail could not be sent; the hourly task tries again");
    }
    Ok(())
}

/// [`turn_came`] from a server function (the request's mailer and address).
pub async fn turn_came_here(db: &Db, group: i64) {
    let mailer = leptos::prelude::expect_context::<Mailer>();
    let _ = turn_came(db, &mailer, &crate::config::PublicConfig::current_base_url(), group).await;
}

/// The hourly task's work: turn mails not sent yet, and reminders of rounds
/// due within two days. How many mails went.
pub async fn run_reminders(db: &Db, mailer: &Mailer, base: &str, today: NaiveDate) -> Result<u32, AppError> {
    let groups: Vec<i64> = sqlx::query_scalar("SELECT id FROM diary_groups WHERE finished_at IS NULL").fetch_all(db.pool()).await?;
    let mut sent = 0;
    for group in groups {
        for notice in [Notice::Turn, Notice::Due] {
            match send_once(db, mailer, base, group, notice, today).await {
                Ok(true) => sent += 1,
                Ok(false) => {}
                Err(e) => tracing::warn!(group, error = %e, "a diary mail could not be sent; trying again in an hour"),
            }
        }
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reminder_goes_two_days_before_and_after() {
        let due: NaiveDate = "2026-12-20".parse().unwrap();
        assert!(!remind_now("2026-12-17".parse().unwrap(), due));
        assert!(remind_now("2026-12-18".parse().unwrap(), due));
        assert!(remind_now("2026-12-25".parse().unwrap(), due), "late: still reminded (once)");
    }

    #[test]
    fn the_mail_says_the_group_theme_date_and_link() {
        let (subject, body) = compose(Locale::ja, Notice::Turn, "みどりの交換日記", "体を動かす", "12月20日", "https://x/diary/1");
        assert!(subject.contains("みどりの交換日記"));
        for part in ["体を動かす", "12月20日", "https://x/diary/1"] {
            assert!(body.contains(part), "{part}: {body}");
        }
        let (subject, _) = compose(Locale::en, Notice::Due, "Group", "Theme", "20 Dec", "https://x/diary/1");
        assert!(subject.contains("Group"));
    }
}
