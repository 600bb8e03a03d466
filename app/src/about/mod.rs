//! このサイトについて and the explainer pages (社会的処方とは, リンクワーカーとは,
//! コミュニティナースとは). Staff edit them (Markdown, both languages) and
//! every save is kept as a revision; until the first save a page shows the
//! texts of `locales/*/explain.json`.
pub mod page;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod defaults;


use crate::error::AppError;
use crate::i18n::*;
use crate::validation::FieldError;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use page::{PageForm, PageSlug};
use serde::{Deserialize, Serialize};

/// The explainer pages, for links from the home page and the about page.
pub const EXPLAINERS: [(&str, Explainer); 3] = [
    ("/about/social-prescribing", Explainer::SocialPrescribing),
    ("/about/link-worker", Explainer::LinkWorker),
    ("/about/community-nurse", Explainer::CommunityNurse),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Explainer {
    SocialPrescribing,
    LinkWorker,
    CommunityNurse,
}

impl Explainer {
    pub fn title(self, i18n: I18nContext<Locale>) -> &'static str {
        match self {
            Explainer::SocialPrescribing => t_string!(i18n, explain.social_prescribing.title),
            Explainer::LinkWorker => t_string!(i18n, explain.link_worker.title),
            Explainer::CommunityNurse => t_string!(i18n, explain.community_nurse.title),
        }
    }

    pub fn summary(self, i18n: I18nContext<Locale>) -> &'static str {
        match self {
            Explainer::SocialPrescribing => t_string!(i18n, explain.social_prescribing.summary),
            Explainer::LinkWorker => t_string!(i18n, explain.link_worker.summary),
            Explainer::CommunityNurse => t_string!(i18n, explain.community_nurse.summary),
        }
    }
}

/// Links to the three explainer pages, as cards.
#[component]
pub fn ExplainerLinks() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="card-list">
            {EXPLAINERS
                .into_iter()
                .map(|(href, e)| {
                    view! {
                        <li class="card link-card">
                            <a href=href>
                                <h3>{move || e.title(i18n)}</h3>
                                <p>{move || e.summary(i18n)}</p>
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// One language of a page, ready to show.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageText {
    pub title: String,
    pub lead: String,
    /// Sanitised HTML of the Markdown body.
    pub html: String,
}

/// A page for readers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageContent {
    pub slug: PageSlug,
    pub ja: PageText,
    pub en: PageText,
    /// The revision shown; none while the built-in text is.
    pub revision: Option<i64>,
    /// UTC, RFC 3339.
    pub saved_at: Option<String>,
    /// Whether the reader may edit it (shows the edit link).
    pub can_edit: bool,
}

impl PageContent {
    pub fn text(&self, locale: Locale) -> &PageText {
        if locale == Locale::en { &self.en } else { &self.ja }
    }
}

/// One save in a page's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageRevisionSummary {
    pub id: i64,
    pub saved_at: String,
    pub saved_by: String,
    pub note: String,
}

/// A page as its editor opens it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageDraft {
    pub slug: PageSlug,
    pub form: PageForm,
    /// The newest revision (what a save replaces); none before the first.
    pub revision: Option<i64>,
    /// Newest first.
    pub history: Vec<PageRevisionSummary>,
    pub html_ja: String,
    pub html_en: String,
}

/// An old revision, to look at or bring back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageRevision {
    pub summary: PageRevisionSummary,
    pub slug: PageSlug,
    pub form: PageForm,
    pub html_ja: String,
    pub html_en: String,
}

/// A line of the staff list of pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageListItem {
    pub slug: PageSlug,
    pub title_ja: String,
    pub title_en: String,
    pub last: Option<PageRevisionSummary>,
    pub revisions: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PageSaveReply {
    Saved { revision: i64 },
    /// The text is what is already shown: no revision was made.
    Unchanged { revision: Option<i64> },
    Invalid(Vec<FieldError>),
    /// Someone saved after this editor opened the page; nothing was written.
    Conflict { revision: i64, saved_by: String },
}

#[cfg(feature = "ssr")]
fn slug(s: &str) -> Result<PageSlug, AppError> {
    PageSlug::parse(s).ok_or(AppError::NotFound)
}

/// A page for readers (its newest revision, or the built-in text).
#[server(endpoint = "pages/get")]
pub async fn get_page(slug: String) -> Result<PageContent, AppError> {
    use crate::accounts::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    let slug = self::slug(&slug)?;
    let mut page = db::content(&db, slug).await?;
    page.can_edit = session::user_from_request(&db).await?.is_some_and(|u| u.may(Permission::EditPages));
    Ok(page)
}

/// The staff list of editable pages.
#[server(endpoint = "pages/list")]
pub async fn list_pages() -> Result<Vec<PageListItem>, AppError> {
    use crate::accounts::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    session::require(&db, Permission::EditPages).await?;
    db::list(&db).await
}

/// A page with its history, for its editor.
#[server(endpoint = "pages/edit")]
pub async fn edit_page(slug: String) -> Result<PageDraft, AppError> {
    use crate::accounts::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    session::require(&db, Permission::EditPages).await?;
    db::draft(&db, self::slug(&slug)?).await
}

/// One old revision.
#[server(endpoint = "pages/revision")]
pub async fn get_page_revision(id: i64) -> Result<PageRevision, AppError> {
    use crate::accounts::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    session::require(&db, Permission::EditPages).await?;
    db::revision(&db, id).await
}

/// Save a new revision. `base` is the revision the editor started from: an
/// older one than the newest is a conflict (someone else saved meanwhile).
#[server(endpoint = "pages/save")]
pub async fn save_page(slug: String, form: PageForm, base: Option<i64>) -> Result<PageSaveReply, AppError> {
    use crate::accounts::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    let user = session::require(&db, Permission::EditPages).await?;
    let slug = self::slug(&slug)?;
    let input = match form.parse() {
        Ok(i) => i,
        Err(e) => return Ok(PageSaveReply::Invalid(e)),
    };
    db::save(&db, slug, &input, base, &user).await
}

