//! The diary's reads: seats, rounds with their entries, whose turn it is.
use super::turns::{self, Done, Seat};
use super::{EntryView, GroupLine, GroupView, RoundView, SeatView, Standing};
use crate::db::{in_list, Db};
use crate::error::AppError;
use std::collections::BTreeMap;

/// A seat with who sits there.
#[derive(Debug, Clone, PartialEq)]
pub struct SeatRow {
    pub seat: Seat,
    pub user: Option<i64>,
    pub name: String,
    pub paper: bool,
}

pub async fn seats(db: &Db, group: i64) -> Result<Vec<SeatRow>, AppError> {
    // position, account, its name, a paper member's name, left at
    type Row = (i64, Option<i64>, Option<String>, Option<String>, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT m.position, m.user_id, u.display_name, m.paper_name, m.left_at FROM diary_members m LEFT JOIN users u ON u.id = m.user_id
         WHERE m.group_id = $1 ORDER BY m.position",
    )
    .bind(group)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(position, user, name, paper, left)| SeatRow {
            seat: Seat { position: position as u32, left: left.is_some() },
            paper: user.is_none() && paper.is_some(),
            name: name.or(paper).unwrap_or_default(),
            user,
        })
        .collect())
}

/// The group's latest round: (id, number, due date) and what its seats did.
pub async fn current_round(db: &Db, group: i64) -> Result<Option<(i64, u32, String, Vec<(u32, Done)>)>, AppError> {
    let round: Option<(i64, i64, String)> = sqlx::query_as("SELECT id, number, due_on FROM diary_rounds WHERE group_id = $1 ORDER BY number DESC LIMIT 1")
        .bind(group)
        .fetch_optional(db.pool())
        .await?;
    let Some((id, number, due)) = round else { return Ok(None) };
    Ok(Some((id, number as u32, due, done_in(db.pool(), id).await?)))
}

/// What the seats of round `round` did (read inside a write's transaction too).
pub async fn done_in<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(e: E, round: i64) -> Result<Vec<(u32, Done)>, AppError> {
    let rows: Vec<(i64, String)> = sqlx::query_as("SELECT position, kind FROM diary_entries WHERE round_id = $1").bind(round).fetch_all(e).await?;
    Ok(rows.into_iter().map(|(p, k)| (p as u32, Done::from_kind(&k))).collect())
}

/// Whose turn it is in the group's latest round (a seat), if any.
pub async fn turn(db: &Db, group: i64) -> Result<Option<(i64, u32, u32)>, AppError> {
    let Some((round, number, _, done)) = current_round(db, group).await? else { return Ok(None) };
    let seats: Vec<Seat> = seats(db, group).await?.into_iter().map(|s| s.seat).collect();
    Ok(turns::whose_turn(number, &seats, &done).map(|seat| (round, number, seat)))
}

pub async fn group_view(db: &Db, group: i64, viewer: i64, standing: Standing) -> Result<GroupView, AppError> {
    let (name, facilitator, finished): (String, Option<String>, Option<String>) = sqlx::query_as(
        "SELECT g.name, u.display_name, g.finished_at FROM diary_groups g LEFT JOIN users u ON u.id = g.facilitator_id WHERE g.id = $1",
    )
    .bind(group)
    .fetch_one(db.pool())
    .await?;
    let seat_rows = seats(db, group).await?;
    let seats: Vec<Seat> = seat_rows.iter().map(|s| s.seat).collect();
    let names: BTreeMap<u32, String> = seat_rows.iter().map(|s| (s.seat.position, s.name.clone())).collect();
    let rounds: Vec<(i64, i64, String, String)> =
        sqlx::query_as("SELECT id, number, theme, due_on FROM diary_rounds WHERE group_id = $1 ORDER BY number").bind(group).fetch_all(db.pool()).await?;
    type Entry = (i64, i64, i64, String, String, Option<i64>, Option<String>, Option<String>, String, i64, Option<String>);
    let entries: Vec<Entry> = sqlx::query_as(&format!(
        "SELECT e.id, e.round_id, e.position, e.kind, e.body, e.written_by, e.share_consent_at, e.hidden_at, e.created_at,
                CAST((SELECT COUNT(*) FROM diary_flags f WHERE f.entry_id = e.id) AS BIGINT), s.kind
         FROM diary_entries e LEFT JOIN diary_seeds s ON s.entry_id = e.id WHERE e.round_id IN ({}) ORDER BY e.id",
        in_list(rounds.iter().map(|r| r.0))
    ))
    .fetch_all(db.pool())
    .await?;
    let photos: Vec<(i64, i64)> = sqlx::query_as(&format!(
        "SELECT entry_id, media_id FROM diary_photos WHERE entry_id IN ({}) ORDER BY entry_id, n",
        in_list(entries.iter().map(|e| e.0))
    ))
    .fetch_all(db.pool())
    .await?;
    let facilitating = standing == Standing::Facilitator;
    let mut views = Vec::new();
    for (round, number, theme, due) in rounds {
        let mine: Vec<&Entry> = entries.iter().filter(|e| e.1 == round).collect();
        let done: Vec<(u32, Done)> = mine.iter().map(|e| (e.2 as u32, Done::from_kind(&e.3))).collect();
        let turn = turns::whose_turn(number as u32, &seats, &done);
        views.push(RoundView {
            id: round,
            number: number as u32,
            theme,
            due_on: due.parse().map_err(|_| AppError::Internal)?,
            turn,
            entries: mine
                .into_iter()
                .map(|(id, _, position, kind, body, by, share, hidden, at, flags, seeded)| {
                    let shown = hidden.is_none() || facilitating;
                    EntryView {
                        id: *id,
                        position: *position as u32,
                        writer: names.get(&(*position as u32)).cloned().unwrap_or_default(),
                        skipped: kind == "skip",
                        body: if shown { body.clone() } else { String::new() },
                        photos: if shown { photos.iter().filter(|p| p.0 == *id).map(|p| p.1).collect() } else { Vec::new() },
                        on: crate::calendar::tokyo_date(at).unwrap_or_default(),
                        hidden: hidden.is_some(),
                        shared: share.is_some(),
                        flags: if facilitating { *flags as u32 } else { 0 },
                        mine: *by == Some(viewer),
                        seeded: if facilitating { seeded.clone() } else { None },
                    }
                })
                .collect(),
        });
    }
    let finished = finished.is_some();
    let current_turn = views.last().and_then(|r| r.turn);
    let write_for = match (standing, current_turn) {
        _ if finished => None,
        (Standing::Member { position }, Some(t)) if t == position => Some(t),
        (Standing::Facilitator, Some(t)) if seat_rows.iter().any(|s| s.seat.position == t && s.paper) => Some(t),
        _ => None,
    };
    let draft = match write_for {
        Some(seat) => sqlx::query_scalar("SELECT body FROM diary_drafts WHERE group_id = $1 AND user_id = $2 AND position = $3")
            .bind(group)
            .bind(viewer)
            .bind(i64::from(seat))
            .fetch_optional(db.pool())
            .await?
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(GroupView {
        id: group,
        name,
        facilitator: facilitator.unwrap_or_default(),
        standing,
        seats: seat_rows.into_iter().map(|s| SeatView { position: s.seat.position, name: s.name, paper: s.paper, left: s.seat.left }).collect(),
        rounds: views,
        write_for,
        draft,
        finished,
        writes_reports: false,
    })
}

/// The groups `user` is in (still) or facilitates, newest first.
pub async fn groups_of(db: &Db, user: i64) -> Result<Vec<GroupLine>, AppError> {
    let ids: Vec<(i64, String, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT g.id, g.name, g.facilitator_id, m.position FROM diary_groups g
         LEFT JOIN diary_members m ON m.group_id = g.id AND m.user_id = $1 AND m.left_at IS NULL
         WHERE g.facilitator_id = $1 OR m.position IS NOT NULL ORDER BY g.id DESC",
    )
    .bind(user)
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::new();
    for (id, name, facilitator, position) in ids {
        let standing = if facilitator == Some(user) { Standing::Facilitator } else { Standing::Member { position: position.unwrap_or(0) as u32 } };
        let round: Option<(i64, String, String)> = sqlx::query_as("SELECT number, theme, due_on FROM diary_rounds WHERE group_id = $1 ORDER BY number DESC LIMIT 1")
            .bind(id)
            .fetch_optional(db.pool())
            .await?;
        let turn = turn(db, id).await?.map(|t| t.2);
        let my_turn = match (standing, turn) {
            (Standing::Member { position }, Some(t)) => t == position,
            (Standing::Facilitator, Some(t)) => seats(db, id).await?.iter().any(|s| s.seat.position == t && s.paper),
            _ => false,
        };
        let flags: i64 = if standing == Standing::Facilitator {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM diary_flags f JOIN diary_entries e ON e.id = f.entry_id JOIN diary_rounds r ON r.id = e.round_id
                 WHERE r.group_id = $1 AND e.hidden_at IS NULL",
            )
            .bind(id)
            .fetch_one(db.pool())
            .await?
        } else {
            0
        };
        out.push(GroupLine {
            id,
            name,
            standing,
            round: round.and_then(|(n, theme, due)| Some((n as u32, theme, due.parse().ok()?))),
            my_turn,
            flags: flags as u32,
        });
    }
    Ok(out)
}

/// The pages a person wrote (their own seat's, not a paper seat's they
/// typed for someone), for the account export.
pub async fn export(db: &Db, user: i64) -> Result<serde_json::Value, AppError> {
    let rows: Vec<(String, i64, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT g.name, r.number, r.theme, e.body, e.created_at, e.share_consent_at FROM diary_entries e
         JOIN diary_rounds r ON r.id = e.round_id JOIN diary_groups g ON g.id = r.group_id
         JOIN diary_members m ON m.group_id = g.id AND m.position = e.position AND m.user_id = $1
         WHERE e.kind = 'entry' AND e.written_by = $1 ORDER BY e.id",
    )
    .bind(user)
    .fetch_all(db.pool())
    .await?;
    Ok(serde_json::Value::Array(
        rows.into_iter()
            .map(|(group, round, theme, body, at, share)| serde_json::json!({"group": group, "round": round, "theme": theme, "text": body, "written_at": at, "shared_with_town_at": share}))
            .collect(),
    ))
}
