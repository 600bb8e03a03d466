//! Atom feed of published reports (`/reports/feed.atom`), newest first, with
//! the sanitised body as content.
use crate::db::Db;
use crate::error::AppError;
use crate::feeds::atom::{write_atom, AtomEntry, AtomFeed};
use chrono::{DateTime, Utc};

pub async fn atom(db: &Db, base_url: &str, title: &str) -> Result<String, AppError> {
    let list = super::db::list(db, &super::ReportQuery::default()).await?;
    let mut entries = Vec::new();
    for s in list.reports.iter().take(30) {
        let full = super::db::published(db, s.id, base_url).await?;
        let published = DateTime::parse_from_rfc3339(&s.published_at).map(|t| t.with_timezone(&Utc)).unwrap_or_else(|_| Utc::now());
        entries.push(AtomEntry {
            id: format!("{base_url}/reports/{}", s.id),
            title: s.title.clone(),
            url: format!("{base_url}/reports/{}", s.id),
            updated: published,
            published: Some(published),
            summary: Some(s.lead.clone()).filter(|l| !l.is_empty()),
            content_html: Some(full.body_html),
            categories: s.tags.clone(),
            author_name: Some(s.author_name.clone()),
        });
    }
    Ok(write_atom(&AtomFeed {
        id: format!("{base_url}/reports/feed.atom"),
        title: title.to_string(),
        subtitle: None,
        self_url: format!("{base_url}/reports/feed.atom"),
        alternate_url: format!("{base_url}/reports"),
        updated: entries.first().map(|e| e.updated).unwrap_or_else(Utc::now),
        author_name: title.to_string(),
        lang: "ja".into(),
        entries,
    }))
}
