//! Reports in the database: the working copy, published revisions, the
//! workflow's history, writer profiles.
use super::form::ReportInput;
use super::workflow::{self, Action, Actor, Status};
use super::*;
use crate::accounts::session::now_text;
use crate::accounts::{CurrentUser, FormReply};
use crate::db::Db;
use crate::validation::{FieldError, PlainText, Problem};
use sqlx::any::AnyRow;
use sqlx::Row;

/// The newest revision of every public report, with its author's profile slug.
const PUBLISHED: &str = "
    SELECT r.id, rv.number, rv.title, rv.lead, rv.body, rv.cover_id, rv.district, rv.tags, rv.activity_ids,
           rv.author_name, rv.published_at, wp.slug AS author_slug
    FROM reports r
    JOIN report_revisions rv ON rv.report_id = r.id
         AND rv.number = (SELECT MAX(number) FROM report_revisions x WHERE x.report_id = r.id)
    LEFT JOIN writer_profiles wp ON wp.user_id = r.author_id
    WHERE r.public = 1";

fn split(s: &str) -> Vec<String> {
    s.split(',').filter(|t| !t.is_empty()).map(str::to_string).collect()
}

fn summary(r: &AnyRow) -> Result<ReportSummary, AppError> {
    let body: String = r.try_get("body")?;
    Ok(ReportSummary {
        id: r.try_get("id")?,
        title: r.try_get("title")?,
        lead: r.try_get("lead")?,
        cover_id: r.try_get("cover_id")?,
        author_name: r.try_get("author_name")?,
        author_slug: r.try_get("author_slug")?,
        published_at: r.try_get("published_at")?,
        tags: split(&r.try_get::<String, _>("tags")?),
        district: r.try_get("district")?,
        reading_minutes: super::markdown::render(&body).reading_minutes,
    })
}

pub async fn list(db: &Db, q: &ReportQuery) -> Result<ReportList, AppError> {
    let sql = format!(
        "SELECT * FROM ({PUBLISHED}) p
         WHERE ($1 = '' OR (',' || p.tags || ',') LIKE ('%,' || $1 || ',%'))
           AND ($2 = '' OR p.district = $2)
           AND ($3 = '' OR p.author_slug = $3)
         ORDER BY p.published_at DESC, p.id DESC"
    );
    let rows = sqlx::query(&sql)
        .bind(q.tag.trim())
        .bind(q.district.trim())
        .bind(q.writer.trim())
        .fetch_all(db.pool())
        .await?;
    let total = rows.len() as i64;
    let start = (q.page as i64 * PAGE_SIZE).min(total) as usize;
    let reports = rows[start..].iter().take(PAGE_SIZE as usize).map(summary).collect::<Result<Vec<_>, _>>()?;
    let all_tags: Vec<String> = sqlx::query_scalar(&format!("SELECT p.tags FROM ({PUBLISHED}) p")).fetch_all(db.pool()).await?;
    let mut counts: Vec<(String, i64)> = Vec::new();
    for t in all_tags.iter().flat_map(|t| split(t)) {
        match counts.iter_mut().find(|(name, _)| *name == t) {
            Some((_, n)) => *n += 1,
            None => counts.push((t, 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(ReportList { reports, total, tags: counts })
}

pub async fn published(db: &Db, id: i64, base_url: &str) -> Result<PublishedReport, AppError> {
    let r = sqlx::query(&format!("{PUBLISHED} AND r.id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    let body: String = r.try_get("body")?;
    let ids: String = r.try_get("activity_ids")?;
    let mut activities = Vec::new();
    for id in ids.split(',').filter_map(|s| s.parse::<i64>().ok()) {
        if let Some(name) = sqlx::query_scalar::<_, String>("SELECT name FROM activities WHERE id = $1").bind(id).fetch_optional(db.pool()).await? {
            activities.push((id, name));
        }
    }
    Ok(PublishedReport {
        summary: summary(&r)?,
        body_html: super::markdown::render(&body).html,
        revision: r.try_get("number")?,
        activities,
        base_url: base_url.to_string(),
    })
}

pub async fn for_activity(db: &Db, activity_id: i64) -> Result<Vec<ReportSummary>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT * FROM ({PUBLISHED}) p WHERE p.id IN (SELECT report_id FROM report_activities WHERE activity_id = $1) ORDER BY p.published_at DESC LIMIT 6"
    ))
    .bind(activity_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(summary).collect()
}

fn profile(r: &AnyRow) -> Result<WriterProfile, AppError> {
    Ok(WriterProfile {
        slug: r.try_get("slug")?,
        name: r.try_get("display_name")?,
        bio: r.try_get("bio")?,
        interests: r.try_get("interests")?,
        photo_id: r.try_get("photo_id")?,
    })
}

const PROFILES: &str = "SELECT wp.slug, u.display_name, wp.bio, wp.interests, wp.photo_id FROM writer_profiles wp JOIN users u ON u.id = wp.user_id";

pub async fn writers(db: &Db) -> Result<Vec<WriterProfile>, AppError> {
    let rows = sqlx::query(&format!("{PROFILES} ORDER BY u.display_name")).fetch_all(db.pool()).await?;
    rows.iter().map(profile).collect()
}

pub async fn writer_page(db: &Db, slug: &str) -> Result<WriterPageData, AppError> {
    let r = sqlx::query(&format!("{PROFILES} WHERE wp.slug = $1"))
        .bind(slug)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    let reports = list(db, &ReportQuery { writer: slug.to_string(), ..Default::default() }).await?.reports;
    Ok(WriterPageData { profile: profile(&r)?, reports })
}

pub async fn mine(db: &Db, user_id: i64) -> Result<Vec<MyReport>, AppError> {
    let rows = sqlx::query("SELECT id, title, status, public, updated_at FROM reports WHERE author_id = $1 ORDER BY updated_at DESC")
        .bind(user_id)
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|r| {
            Ok(MyReport {
                id: r.try_get("id")?,
                title: r.try_get("title")?,
                status: Status::parse(&r.try_get::<String, _>("status")?).ok_or(AppError::Internal)?,
                public: r.try_get::<i64, _>("public")? == 1,
                updated_at: r.try_get("updated_at")?,
            })
        })
        .collect()
}

pub async fn author_of(db: &Db, id: i64) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar::<_, Option<i64>>("SELECT author_id FROM reports WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?)
}

pub async fn working_copy(db: &Db, id: i64) -> Result<WorkingCopy, AppError> {
    let r = sqlx::query(
        "SELECT r.*, COALESCE(u.display_name, '') AS author_name FROM reports r LEFT JOIN users u ON u.id = r.author_id WHERE r.id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::NotFound)?;
    let history = sqlx::query(
        "SELECT COALESCE(u.display_name, '') AS actor, e.action, e.comment, e.created_at FROM report_events e
         LEFT JOIN users u ON u.id = e.actor_id WHERE e.report_id = $1 ORDER BY e.id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|e| {
        Ok(ReportEvent {
            actor: e.try_get("actor")?,
            action: e.try_get("action")?,
            comment: e.try_get("comment")?,
            at: e.try_get("created_at")?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let body: String = r.try_get("body")?;
    Ok(WorkingCopy {
        id,
        body_html: super::markdown::render(&body).html,
        status: Status::parse(&r.try_get::<String, _>("status")?).ok_or(AppError::Internal)?,
        public: r.try_get::<i64, _>("public")? == 1,
        version: r.try_get("version")?,
        author_name: r.try_get("author_name")?,
        form: ReportForm {
            title: r.try_get("title")?,
            lead: r.try_get("lead")?,
            body,
            cover_id: r.try_get::<Option<i64>, _>("cover_id")?.map(|c| c.to_string()).unwrap_or_default(),
            district: r.try_get::<Option<String>, _>("district")?.unwrap_or_default(),
            tags: r.try_get::<String, _>("tags")?.replace(',', ", "),
            activity_ids: r.try_get::<String, _>("activity_ids")?.replace(',', ", "),
        },
        history,
        updated_at: r.try_get("updated_at")?,
    })
}

/// Known activities among `ids`, and the cover when it is the writer's own image.
async fn check_links(db: &Db, user_id: i64, input: &ReportInput) -> Result<Vec<FieldError>, AppError> {
    let mut errors = Vec::new();
    for id in &input.activity_ids {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM activities WHERE id = $1").bind(id).fetch_one(db.pool()).await?;
        if n == 0 {
            errors.push(FieldError::new("activity_ids", Problem::Unknown(id.to_string())));
            break;
        }
    }
    if let Some(cover) = input.cover_id {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM media WHERE id = $1 AND owner_id = $2")
            .bind(cover)
            .bind(user_id)
            .fetch_one(db.pool())
            .await?;
        if n == 0 {
            errors.push(FieldError::new("cover_id", Problem::Unknown(cover.to_string())));
        }
    }
    if let Some(src) = super::markdown::foreign_images(&input.body).into_iter().next() {
        // another site's image would learn who reads the report
        errors.push(FieldError::new("body", Problem::ForeignImage(src)));
    }
    if let Some(d) = &input.district {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM districts WHERE slug = $1").bind(d).fetch_one(db.pool()).await?;
        if n == 0 {
            errors.push(FieldError::new("district", Problem::Unknown(d.clone())));
        }
    }
    Ok(errors)
}

pub async fn save(db: &Db, user_id: i64, id: Option<i64>, input: &ReportInput, version: i64) -> Result<SaveReply, AppError> {
    let problems = check_links(db, user_id, input).await?;
    if !problems.is_empty() {
        return Ok(SaveReply::Invalid(problems));
    }
    let now = now_text();
    let tags = input.tags.join(",");
    let ids = input.activity_ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    let mut tx = db.begin_write().await?;
    let id = match id {
        None => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO reports (author_id, title, lead, body, cover_id, district, tags, activity_ids, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
            )
            .bind(user_id)
            .bind(&input.title)
            .bind(&input.lead)
            .bind(&input.body)
            .bind(input.cover_id)
            .bind(input.district.clone())
            .bind(&tags)
            .bind(&ids)
            .bind(&now)
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            return Ok(SaveReply::Saved { id, version: 1 });
        }
        Some(id) => id,
    };
    let r = sqlx::query("SELECT author_id, status, version FROM reports WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    if r.try_get::<Option<i64>, _>("author_id")? != Some(user_id) {
        return Err(AppError::NotFound);
    }
    let current: i64 = r.try_get("version")?;
    if current != version {
        return Ok(SaveReply::Conflict { version: current });
    }
    let status = Status::parse(&r.try_get::<String, _>("status")?).ok_or(AppError::Internal)?;
    let Ok(next) = workflow::next(status, Action::Edit, Actor::Author, "") else {
        return Ok(SaveReply::NotNow);
    };
    let n = sqlx::query(
        "UPDATE reports SET title = $1, lead = $2, body = $3, cover_id = $4, district = $5, tags = $6, activity_ids = $7,
                status = $8, version = version + 1, updated_at = $9
         WHERE id = $10 AND version = $11",
    )
    .bind(&input.title)
    .bind(&input.lead)
    .bind(&input.body)
    .bind(input.cover_id)
    .bind(input.district.clone())
    .bind(&tags)
    .bind(&ids)
    .bind(next.as_str())
    .bind(&now)
    .bind(id)
    .bind(version)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if n != 1 {
        return Ok(SaveReply::Conflict { version: current });
    }
    tx.commit().await?;
    Ok(SaveReply::Saved { id, version: version + 1 })
}

pub async fn act(db: &Db, id: i64, user: &CurrentUser, action: Action, actor: Actor, comment: &str) -> Result<ActionReply, AppError> {
    let copy = working_copy(db, id).await?;
    if action == Action::Submit {
        let mut errors = match copy.form.parse(true) {
            Ok(input) => check_links(db, user.id, &input).await?,
            Err(e) => e,
        };
        if !errors.is_empty() {
            errors.dedup();
            return Ok(ActionReply::Invalid(errors));
        }
    }
    let next = match workflow::next(copy.status, action, actor, comment) {
        Ok(s) => s,
        Err(e) => return Ok(ActionReply::Refused(e)),
    };
    let comment = PlainText::parse_optional(comment, 2000, true)
        .map_err(|p| AppError::Invalid(format!("comment: {p:?}")))?
        .map(|c| c.into_string())
        .unwrap_or_default();
    let public = workflow::public_after(action, copy.public);
    let now = now_text();
    let mut tx = db.begin_write().await?;
    // the status we read must still be the status (two editors at once)
    let n = sqlx::query("UPDATE reports SET status = $1, public = $2, updated_at = $3 WHERE id = $4 AND status = $5 AND version = $6")
        .bind(next.as_str())
        .bind(public as i64)
        .bind(&now)
        .bind(id)
        .bind(copy.status.as_str())
        .bind(copy.version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if n != 1 {
        tx.rollback().await?;
        return Ok(ActionReply::Refused(workflow::WorkflowError::NotNow));
    }
    if action == Action::Publish {
        let input = copy.form.parse(true).map_err(|_| AppError::Internal)?;
        let number: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(number), 0) + 1 FROM report_revisions WHERE report_id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO report_revisions (report_id, number, title, lead, body, cover_id, district, tags, activity_ids, author_name, published_at, published_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(id)
        .bind(number)
        .bind(&input.title)
        .bind(&input.lead)
        .bind(&input.body)
        .bind(input.cover_id)
        .bind(input.district.clone())
        .bind(input.tags.join(","))
        .bind(input.activity_ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(","))
        .bind(&copy.author_name)
        .bind(&now)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM report_activities WHERE report_id = $1").bind(id).execute(&mut *tx).await?;
        for a in &input.activity_ids {
            sqlx::query("INSERT INTO report_activities (report_id, activity_id) VALUES ($1, $2)").bind(id).bind(a).execute(&mut *tx).await?;
        }
    }
    sqlx::query("INSERT INTO report_events (report_id, actor_id, action, comment, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(user.id)
        .bind(action.as_str())
        .bind(&comment)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    if action == Action::Publish {
        if let Some(author) = author_of(db, id).await? {
            ensure_profile(db, author).await?;
        }
    }
    Ok(ActionReply::Done(next))
}

pub async fn queue(db: &Db) -> Result<Vec<QueueItem>, AppError> {
    let rows = sqlx::query(
        "SELECT r.id, r.title, r.status, r.public, r.updated_at, COALESCE(u.display_name, '') AS author_name
         FROM reports r LEFT JOIN users u ON u.id = r.author_id
         WHERE r.status <> 'draft' OR r.public = 1
         ORDER BY CASE r.status WHEN 'submitted' THEN 0 ELSE 1 END, r.updated_at DESC LIMIT 200",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(QueueItem {
                id: r.try_get("id")?,
                title: r.try_get("title")?,
                author_name: r.try_get("author_name")?,
                status: Status::parse(&r.try_get::<String, _>("status")?).ok_or(AppError::Internal)?,
                public: r.try_get::<i64, _>("public")? == 1,
                updated_at: r.try_get("updated_at")?,
            })
        })
        .collect()
}

pub async fn profile_form(db: &Db, user_id: i64) -> Result<ProfileForm, AppError> {
    let r = sqlx::query("SELECT slug, bio, interests, photo_id FROM writer_profiles WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(db.pool())
        .await?;
    Ok(match r {
        Some(r) => ProfileForm {
            slug: r.try_get("slug")?,
            bio: r.try_get("bio")?,
            interests: r.try_get("interests")?,
            photo_id: r.try_get::<Option<i64>, _>("photo_id")?.map(|p| p.to_string()).unwrap_or_default(),
        },
        None => ProfileForm { slug: format!("writer-{user_id}"), ..Default::default() },
    })
}

pub async fn save_profile(db: &Db, user_id: i64, f: &ProfileForm) -> Result<FormReply, AppError> {
    let mut errors = Vec::new();
    let slug = f.slug.trim().to_lowercase();
    if slug.is_empty() || slug.len() > 40 || !slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        errors.push(FieldError::new("slug", Problem::Unknown(slug.clone())));
    }
    let bio = PlainText::parse_optional(&f.bio, 1000, true).map_err(|p| errors.push(FieldError::new("bio", p))).ok().flatten();
    let interests = PlainText::parse_optional(&f.interests, 200, false).map_err(|p| errors.push(FieldError::new("interests", p))).ok().flatten();
    let photo: Option<i64> = match f.photo_id.trim() {
        "" => None,
        s => match s.parse::<i64>() {
            Ok(id) => {
                let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM media WHERE id = $1 AND owner_id = $2").bind(id).bind(user_id).fetch_one(db.pool()).await?;
                if n == 0 {
                    errors.push(FieldError::new("photo_id", Problem::Unknown(s.into())));
                }
                Some(id)
            }
            Err(_) => {
                errors.push(FieldError::new("photo_id", Problem::Unknown(s.into())));
                None
            }
        },
    };
    let taken: Option<i64> = sqlx::query_scalar("SELECT user_id FROM writer_profiles WHERE slug = $1").bind(&slug).fetch_optional(db.pool()).await?;
    if taken.is_some_and(|u| u != user_id) {
        errors.push(FieldError::new("slug", Problem::Duplicate(slug.clone())));
    }
    if !errors.is_empty() {
        return Ok(FormReply::Invalid(errors));
    }
    let (bio, interests) = (bio.map(|b| b.into_string()).unwrap_or_default(), interests.map(|i| i.into_string()).unwrap_or_default());
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM writer_profiles WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
    sqlx::query("INSERT INTO writer_profiles (user_id, slug, bio, interests, photo_id, updated_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(user_id)
        .bind(&slug)
        .bind(&bio)
        .bind(&interests)
        .bind(photo)
        .bind(now_text())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(FormReply::Done)
}

/// A profile for a writer who has none yet (made when their first report
/// is published, so the report can link to it).
pub async fn ensure_profile(db: &Db, user_id: i64) -> Result<(), AppError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM writer_profiles WHERE user_id = $1").bind(user_id).fetch_one(db.pool()).await?;
    if n == 0 {
        sqlx::query("INSERT INTO writer_profiles (user_id, slug, updated_at) VALUES ($1, $2, $3)")
            .bind(user_id)
            .bind(format!("writer-{user_id}"))
            .bind(now_text())
            .execute(db.pool())
            .await?;
    }
    Ok(())
}
