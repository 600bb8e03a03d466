//! A connection picked from the directory: the portal's own activities and
//! resources, found by the same Japanese-aware words as the public search.
//! The pick fills in the name, the family and formal/informal, and keeps the
//! listing's id so the case links to it. Needs the network; offline the link
//! worker types the name instead (and nothing else changes).
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One listing of the directory, as a connection would name it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DirectoryEntry {
    pub activity_id: Option<i64>,
    pub resource_id: Option<i64>,
    pub name: String,
    /// District (activities) or kind (resources), to tell namesakes apart.
    pub detail_ja: String,
    pub detail_en: String,
    /// people / life / vitality
    pub family: String,
    /// formal / informal
    pub tie: String,
}

/// At most this many of each kind per search.
pub const MAX_EACH: usize = 8;

/// Activities and resources matching `words` (link workers only).
#[server(endpoint = "casework/directory")]
pub async fn find_in_directory(words: String) -> Result<Vec<DirectoryEntry>, AppError> {
    use crate::accounts::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    session::require(&db, Permission::CaseWork).await?;
    let catalogue = expect_context::<std::sync::Arc<crate::activities::catalogue::Catalogue>>();
    let words: String = words.trim().chars().take(100).collect();
    if words.is_empty() {
        return Ok(Vec::new());
    }
    ssr::find(&db, &catalogue, &words).await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::activities::catalogue::Catalogue;
    use crate::activities::model::Family;
    use crate::activities::query::ActivityQuery;
    use crate::activities::search::normalize::{matches_all, query_words, searchable};
    use crate::casework::model::TieKind;
    use crate::db::Db;
    use crate::resources::model::ResourceKind;
    use sqlx::Row;

    /// Public bodies and services are formal ties; shops, cafés, temples,
    /// parks and the community's own activities are informal (DOMAIN.md).
    pub fn tie_of(kind: Option<ResourceKind>) -> TieKind {
        match kind {
            Some(ResourceKind::Clinic | ResourceKind::Pharmacy | ResourceKind::PublicOffice | ResourceKind::Consultation) => TieKind::Formal,
            _ => TieKind::Informal,
        }
    }

    pub async fn find(db: &Db, catalogue: &Catalogue, words: &str) -> Result<Vec<DirectoryEntry>, AppError> {
        let query = ActivityQuery { q: words.to_string(), pages: 1, ..Default::default() };
        let page = catalogue.search(db, &query).await?;
        let activities: Vec<_> = page.items.into_iter().take(MAX_EACH).collect();
        // each activity's family is its first category's (one query for all;
        // ids are integers from the index)
        let mut families: std::collections::HashMap<i64, String> = std::collections::HashMap::new();
        if !activities.is_empty() {
            let ids = activities.iter().map(|a| a.id.to_string()).collect::<Vec<_>>().join(",");
            let rows: Vec<(i64, String)> = sqlx::query_as(&format!(
                "SELECT ac.activity_id, c.family FROM activity_categories ac JOIN categories c ON c.id = ac.category_id
                 WHERE ac.activity_id IN ({ids}) ORDER BY c.sort_order, c.slug"
            ))
            .fetch_all(db.pool())
            .await?;
            for (id, family) in rows {
                families.entry(id).or_insert(family);
            }
        }
        let mut out = Vec::new();
        for a in activities {
            let family = families.remove(&a.id);
            out.push(DirectoryEntry {
                activity_id: Some(a.id),
                resource_id: None,
                name: a.name,
                detail_ja: a.district_ja,
                detail_en: a.district_en,
                family: family.unwrap_or_else(|| Family::Vitality.as_str().into()),
                tie: tie_of(None).as_str().into(),
            });
        }
        let wanted = query_words(words);
        let rows = sqlx::query(
            "SELECT r.id, r.name, r.kind, COALESCE(d.name_ja, '') AS district_ja, COALESCE(d.name_en, '') AS district_en
             FROM resources r JOIN locations l ON l.id = r.location_id LEFT JOIN districts d ON d.id = l.district_id
             WHERE r.status = 'published' ORDER BY r.name, r.id",
        )
        .fetch_all(db.pool())
        .await?;
        let mut found = 0;
        for r in &rows {
            let name: String = r.try_get("name")?;
            if !matches_all(&wanted, &searchable(&name)) {
                continue;
            }
            let kind = ResourceKind::parse(&r.try_get::<String, _>("kind")?);
            let label = |l: crate::i18n::Locale| kind.map(|k| crate::resources::kind_label(k, l)).unwrap_or_default();
            let (dja, den): (String, String) = (r.try_get("district_ja")?, r.try_get("district_en")?);
            out.push(DirectoryEntry {
                activity_id: None,
                resource_id: Some(r.try_get("id")?),
                name,
                detail_ja: [label(crate::i18n::Locale::ja).to_string(), dja].iter().filter(|s| !s.is_empty()).cloned().collect::<Vec<_>>().join("・"),
                detail_en: [label(crate::i18n::Locale::en).to_string(), den].iter().filter(|s| !s.is_empty()).cloned().collect::<Vec<_>>().join(", "),
                family: kind.map(ResourceKind::family).unwrap_or(Family::People).as_str().into(),
                tie: tie_of(kind).as_str().into(),
            });
            found += 1;
            if found == MAX_EACH {
                break;
            }
        }
        Ok(out)
    }
}

/// The search box and its hits; choosing one calls `on_pick`.
#[component]
pub fn DirectoryPick(on_pick: Callback<DirectoryEntry>) -> impl IntoView {
    let i18n = use_i18n();
    let words = RwSignal::new(String::new());
    // None: not searched yet; Some(Err): could not reach the server
    let hits = RwSignal::new(None::<Result<Vec<DirectoryEntry>, ()>>);
    let searching = RwSignal::new(false);
    let search = move || {
        let w = words.get_untracked();
        if w.trim().is_empty() || searching.get_untracked() {
            return;
        }
        searching.set(true);
        leptos::task::spawn_local(async move {
            let found = find_in_directory(w).await.map_err(|_| ());
            hits.set(Some(found));
            searching.set(false);
        });
    };
    view! {
        <div class="field directory-pick">
            <label for="dir-words">{t!(i18n, casework.dir_words)}</label>
            <div class="inline-form">
                <input id="dir-words" type="search" data-testid="dir-words" prop:value=move || words.get()
                    on:input=move |ev| words.set(event_target_value(&ev))
                    on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); search() } />
                <button type="button" class="button secondary" data-testid="dir-search" disabled=move || searching.get() on:click=move |_| search()>
                    {t!(i18n, casework.dir_search)}
                </button>
            </div>
            {move || match hits.get() {
                None => ().into_any(),
                Some(Err(())) => view! { <p class="error" role="alert">{t!(i18n, casework.dir_offline)}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="muted" role="status">{t!(i18n, casework.dir_none)}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="plain-list dir-hits" data-testid="dir-hits">
                        {list.into_iter().map(|e| {
                            let pick = e.clone();
                            let kind = e.activity_id.is_some();
                            view! {
                                <li>
                                    <button type="button" class="button secondary dir-hit" data-testid="dir-hit"
                                        on:click=move |_| { on_pick.run(pick.clone()); hits.set(None); }>
                                        <span class="badge">{move || if kind { t_string!(i18n, casework.dir_activity).to_string() } else { t_string!(i18n, casework.dir_resource).to_string() }}</span>" "
                                        <strong>{e.name.clone()}</strong>" "
                                        <span class="muted">{move || if i18n.get_locale() == Locale::en { e.detail_en.clone() } else { e.detail_ja.clone() }}</span>
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </div>
    }
}
