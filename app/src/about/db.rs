//! Page revisions in the database: the newest is what readers see.
use super::page::{PageForm, PageInput, PageSlug};
use super::{defaults, PageContent, PageDraft, PageListItem, PageRevision, PageRevisionSummary, PageSaveReply, PageText};
use crate::accounts::CurrentUser;
use crate::db::Db;
use crate::error::AppError;
use crate::reports::markdown;
use sqlx::any::AnyRow;
use sqlx::Row;

const COLUMNS: &str = "id, slug, title_ja, lead_ja, body_ja, title_en, lead_en, body_en, note, saved_at, saved_by_name";

fn summary(r: &AnyRow) -> Result<PageRevisionSummary, sqlx::Error> {
    Ok(PageRevisionSummary {
        id: r.try_get("id")?,
        saved_at: r.try_get("saved_at")?,
        saved_by: r.try_get("saved_by_name")?,
        note: r.try_get("note")?,
    })
}

fn form(r: &AnyRow) -> Result<PageForm, sqlx::Error> {
    Ok(PageForm {
        title_ja: r.try_get("title_ja")?,
        lead_ja: r.try_get("lead_ja")?,
        body_ja: r.try_get("body_ja")?,
        title_en: r.try_get("title_en")?,
        lead_en: r.try_get("lead_en")?,
        body_en: r.try_get("body_en")?,
        note: String::new(),
    })
}

async fn newest(db: &Db, slug: PageSlug) -> Result<Option<AnyRow>, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM page_revisions WHERE slug = $1 ORDER BY id DESC LIMIT 1");
    Ok(sqlx::query(&sql).bind(slug.as_str()).fetch_optional(db.pool()).await?)
}

fn texts(f: &PageForm) -> (PageText, PageText) {
    (
        PageText { title: f.title_ja.clone(), lead: f.lead_ja.clone(), html: markdown::render(&f.body_ja).html },
        PageText { title: f.title_en.clone(), lead: f.lead_en.clone(), html: markdown::render(&f.body_en).html },
    )
}

/// What readers see.
pub async fn content(db: &Db, slug: PageSlug) -> Result<PageContent, AppError> {
    let (f, revision, saved_at) = match newest(db, slug).await? {
        Some(r) => (form(&r)?, Some(r.try_get("id")?), Some(r.try_get("saved_at")?)),
        None => (defaults::form(slug), None, None),
    };
    let (ja, en) = texts(&f);
    Ok(PageContent { slug, ja, en, revision, saved_at, can_edit: false })
}

async fn history(db: &Db, slug: PageSlug) -> Result<Vec<PageRevisionSummary>, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM page_revisions WHERE slug = $1 ORDER BY id DESC");
    let rows = sqlx::query(&sql).bind(slug.as_str()).fetch_all(db.pool()).await?;
    Ok(rows.iter().map(summary).collect::<Result<_, _>>()?)
}

/// The staff list: every page, its title and last save.
pub async fn list(db: &Db) -> Result<Vec<PageListItem>, AppError> {
    let mut out = Vec::new();
    for slug in PageSlug::ALL {
        let revisions: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM page_revisions WHERE slug = $1").bind(slug.as_str()).fetch_one(db.pool()).await?;
        let (f, last) = match newest(db, slug).await? {
            Some(r) => (form(&r)?, Some(summary(&r)?)),
            None => (defaults::form(slug), None),
        };
        out.push(PageListItem { slug, title_ja: f.title_ja, title_en: f.title_en, last, revisions });
    }
    Ok(out)
}

/// The newest text (or the built-in one) with the history, for the editor.
pub async fn draft(db: &Db, slug: PageSlug) -> Result<PageDraft, AppError> {
    let (f, revision) = match newest(db, slug).await? {
        Some(r) => (form(&r)?, Some(r.try_get("id")?)),
        None => (defaults::form(slug), None),
    };
    let (ja, en) = texts(&f);
    Ok(PageDraft { slug, form: f, revision, history: history(db, slug).await?, html_ja: ja.html, html_en: en.html })
}

pub async fn revision(db: &Db, id: i64) -> Result<PageRevision, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM page_revisions WHERE id = $1");
    let r = sqlx::query(&sql).bind(id).fetch_optional(db.pool()).await?.ok_or(AppError::NotFound)?;
    let slug = PageSlug::parse(&r.try_get::<String, _>("slug")?).ok_or(AppError::Internal)?;
    let mut f = form(&r)?;
    f.note = r.try_get("note")?;
    let (ja, en) = texts(&f);
    Ok(PageRevision { summary: summary(&r)?, slug, form: f, html_ja: ja.html, html_en: en.html })
}

/// A new revision, unless someone saved since `base` (conflict) or nothing
/// changed. Checked and written in one write transaction.
pub async fn save(db: &Db, slug: PageSlug, input: &PageInput, base: Option<i64>, user: &CurrentUser) -> Result<PageSaveReply, AppError> {
    let mut tx = db.begin_write().await?;
    let sql = format!("SELECT {COLUMNS} FROM page_revisions WHERE slug = $1 ORDER BY id DESC LIMIT 1");
    let current = sqlx::query(&sql).bind(slug.as_str()).fetch_optional(&mut *tx).await?;
    let current_id: Option<i64> = current.as_ref().map(|r| r.try_get("id")).transpose()?;
    if current_id != base {
        if let Some(r) = &current {
            return Ok(PageSaveReply::Conflict { revision: r.try_get("id")?, saved_by: r.try_get("saved_by_name")? });
        }
        // the base names a revision of no page here: a stale or forged editor
        return Err(AppError::Invalid("base".into()));
    }
    let shown = match &current {
        Some(r) => form(r)?,
        None => defaults::form(slug),
    };
    if shown.parse().is_ok_and(|s| s.same_text(input)) {
        return Ok(PageSaveReply::Unchanged { revision: current_id });
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO page_revisions (slug, title_ja, lead_ja, body_ja, title_en, lead_en, body_en, note, saved_at, saved_by, saved_by_name)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(slug.as_str())
    .bind(&input.title_ja)
    .bind(&input.lead_ja)
    .bind(&input.body_ja)
    .bind(&input.title_en)
    .bind(&input.lead_en)
    .bind(&input.body_en)
    .bind(&input.note)
    .bind(crate::accounts::session::now_text())
    .bind(user.id)
    .bind(&user.display_name)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(page = slug.as_str(), revision = id, user = user.id, "page saved");
    Ok(PageSaveReply::Saved { revision: id })
}
