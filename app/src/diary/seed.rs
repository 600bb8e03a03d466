//! The demo town's two diary groups, mid-way: in 北山, the link worker's
//! group (the demo resident, the writer and 田中 キヨさん on paper) has
//! finished its first round and the second has come to the resident; in
//! 南町, city staff's group is in its first round, at the clinic's turn.
use crate::error::AppError;
use chrono::NaiveDate;
use sqlx::{Any, Transaction};

type Page = (u32, &'static str, Option<&'static str>);

struct Group {
    name: &'static str,
    facilitator: &'static str,
    /// Seats in order: an account's mail address, or a paper member's name.
    seats: [(&'static str, bool); 3],
    /// (theme, days ago it started, days from today it is due, pages: seat, text, share).
    rounds: &'static [(&'static str, u64, u64, &'static [Page])],
}

const GROUPS: [Group; 2] = [
    Group {
        name: "みどりの交換日記（北山）",
        facilitator: "linkworker@midorino.example.jp",
        seats: [("resident@midorino.example.jp", true), ("writer@midorino.example.jp", true), ("田中 キヨ", false)],
        rounds: &[
            (
                "流れ星に願う小さなこと",
                40,
                0,
                &[
                    (1, "孫と電話で話す時間が、もう少し長くなりますように。最近は「ばあば」と呼んでくれるようになりました。", None),
                    (2, "朝の散歩道で、毎日会う猫に名前をつけたい。みなさんなら何とつけますか。", Some("share")),
                    (3, "畑のトマトが来年もたくさん実りますように。（田中さんの手書きのページを入力しました）", None),
                ],
            ),
            ("からだを動かす", 9, 12, &[(2, "ラジオ体操を始めて一週間。公民館の前で同じ時間に体操している人がいて、会釈するようになりました。", None), (3, "草取りが私の体操です。腰をのばすと山が見えます。", None)]),
        ],
    },
    Group {
        name: "みどりの交換日記（南町）",
        facilitator: "staff@midorino.example.jp",
        seats: [("editor@midorino.example.jp", true), ("clinic@midorino.example.jp", true), ("佐藤 トメ", false)],
        rounds: &[("好きな季節", 5, 9, &[(1, "秋が好きです。川沿いのイチョウが黄色くなると、毎年写真を撮りに行きます。", None)])],
    },
];

async fn user(tx: &mut Transaction<'static, Any>, email: &str) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email).fetch_optional(&mut **tx).await?)
}

pub async fn seed(tx: &mut Transaction<'static, Any>, today: NaiveDate) -> Result<u32, AppError> {
    let mut made = 0;
    for g in GROUPS {
        let Some(facilitator) = user(tx, g.facilitator).await? else { continue };
        let started = format!("{}T01:00:00Z", today - chrono::Days::new(45));
        let group: i64 = sqlx::query_scalar("INSERT INTO diary_groups (name, facilitator_id, created_at) VALUES ($1, $2, $3) RETURNING id")
            .bind(g.name)
            .bind(facilitator)
            .bind(&started)
            .fetch_one(&mut **tx)
            .await?;
        for (i, (who, account)) in g.seats.iter().enumerate() {
            let position = i as i64 + 1;
            if *account {
                let Some(member) = user(tx, who).await? else { continue };
                sqlx::query("INSERT INTO diary_members (group_id, position, user_id, joined_at) VALUES ($1, $2, $3, $4)").bind(group).bind(position).bind(member).bind(&started).execute(&mut **tx).await?;
            } else {
                sqlx::query("INSERT INTO diary_members (group_id, position, paper_name, joined_at) VALUES ($1, $2, $3, $4)").bind(group).bind(position).bind(*who).bind(&started).execute(&mut **tx).await?;
            }
        }
        for (n, (theme, ago, due_in, pages)) in g.rounds.iter().enumerate() {
            let start = today - chrono::Days::new(*ago);
            let due = if *due_in == 0 { start + chrono::Days::new(28) } else { today + chrono::Days::new(*due_in) };
            let round: i64 = sqlx::query_scalar("INSERT INTO diary_rounds (group_id, number, theme, due_on, started_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
                .bind(group)
                .bind(n as i64 + 1)
                .bind(*theme)
                .bind(due.to_string())
                .bind(format!("{start}T00:30:00Z"))
                .fetch_one(&mut **tx)
                .await?;
            for (k, (seat, text, share)) in pages.iter().enumerate() {
                let (who, account) = g.seats[*seat as usize - 1];
                let writer = if account { user(tx, who).await? } else { Some(facilitator) };
                let at = format!("{}T0{}:15:00Z", start + chrono::Days::new(2 + 3 * k as u64), k + 1);
                sqlx::query("INSERT INTO diary_entries (round_id, position, kind, body, written_by, share_consent_at, created_at) VALUES ($1, $2, 'entry', $3, $4, $5, $6)")
                    .bind(round)
                    .bind(i64::from(*seat))
                    .bind(*text)
                    .bind(writer)
                    .bind(share.map(|_| at.clone()))
                    .bind(&at)
                    .execute(&mut **tx)
                    .await?;
                made += 1;
            }
        }
    }
    Ok(made)
}
