//! The demo town's link-worker office: one team (the lead and the link
//! worker), the clinic's institution, and one referral already turned into
//! a case so the tablet pages have something to show. Fictional people only.
use sqlx::AnyConnection;

pub const DEMO_TEAM: &str = "みどり野市 つながり相談室";
pub const DEMO_CLINIC: &str = "みどり野中央クリニック";

pub async fn seed(conn: &mut AnyConnection, today: chrono::NaiveDate) -> Result<(), sqlx::Error> {
    let now = crate::accounts::session::now_text();
    let team: i64 = sqlx::query_scalar("INSERT INTO case_teams (name) VALUES ($1) RETURNING id")
        .bind(DEMO_TEAM)
        .fetch_one(&mut *conn)
        .await?;
    sqlx::query("UPDATE users SET team_id = $1 WHERE email IN ('linkworker@midorino.example.jp', 'lead@midorino.example.jp')")
        .bind(team)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE users SET institution = $1 WHERE email = 'clinic@midorino.example.jp'")
        .bind(DEMO_CLINIC)
        .execute(&mut *conn)
        .await?;
    let id = |email: &'static str| {
        sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE email = $1").bind(email)
    };
    let clinic = id("clinic@midorino.example.jp").fetch_one(&mut *conn).await?;
    let worker = id("linkworker@midorino.example.jp").fetch_one(&mut *conn).await?;
    let consent_date = (today - chrono::Duration::days(14)).to_string();
    let referral: i64 = sqlx::query_scalar(
        "INSERT INTO referrals (source, kind, referrer_id, entered_by, institution, doctor, name, sex, birth_date, address,
             district, phone, medical_history, concerns, most_pressing, free_text, consent_purpose, consented_at, consent_by,
             status, created_at)
         VALUES ('clinic', 'consented', $1, $1, $2, '鈴木 一郎', '山本 ハナ（デモ）', 'female', '1948-05-03',
             'みどり野市 中央1-2-3（架空）', 'chuo', '0796-00-0000', '高血圧（服薬中）', 'wants_connection,low_mood',
             'wants_connection', '夫を亡くしてから外出が減った。畑仕事は好き。', $3, $4, 'self', 'assigned', $5)
         RETURNING id",
    )
    .bind(clinic)
    .bind(DEMO_CLINIC)
    .bind(super::model::CONSENT_TEXT_JA)
    .bind(&consent_date)
    .bind(&now)
    .fetch_one(&mut *conn)
    .await?;
    let case_id: i64 = sqlx::query_scalar(
        "INSERT INTO cases (referral_id, assigned_to, team_id, status, opened_at, updated_at)
         VALUES ($1, $2, $3, 'contacting', $4, $4) RETURNING id",
    )
    .bind(referral)
    .bind(worker)
    .bind(team)
    .bind(&now)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO case_fields (case_id, field, revision, value, device_id, user_id, written_at)
         VALUES ($1, 'status', 1, 'contacting', 'demo-seed', $2, $3)",
    )
    .bind(case_id)
    .bind(worker)
    .bind(&now)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO case_connections (case_id, client_id, label, tie, family, state, before_support, author_id, written_at, created_at)
         VALUES ($1, 'demo-seed-conn-1', '長女（隣町に住む）', 'informal', 'people', 'active', $2, $3, $4, $4),
                ($1, 'demo-seed-conn-2', 'みどり野中央クリニック', 'formal', 'life', 'active', $2, $3, $4, $4)",
    )
    .bind(case_id)
    .bind(true)
    .bind(worker)
    .bind(&now)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO case_notes (case_id, client_id, kind, happened_on, body, author_id, written_at, created_at)
         VALUES ($1, 'demo-seed-note-1', 'contact', $2, '電話で初回の連絡。来週の訪問を約束した。', $3, $4, $4)",
    )
    .bind(case_id)
    .bind((today - chrono::Duration::days(7)).to_string())
    .bind(worker)
    .bind(&now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
