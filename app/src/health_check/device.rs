//! What stays on the resident's device (localStorage): the answers of a check
//! in progress (so closing the page loses nothing) and past results. Nothing
//! here is sent anywhere. On the server every function is a no-op.
use super::questionnaire::Text;
use super::scoring::{Answers, QuestionnaireResult};
use serde::{Deserialize, Serialize};

const DRAFT_PREFIX: &str = "tsunagu.health-check.draft.";
const HISTORY_KEY: &str = "tsunagu.health-check.results";
/// Format tag of exported files.
pub const EXPORT_FORMAT: &str = "tsunagu-health-check-results/1";

/// A check in progress.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub version: u32,
    pub answers: Answers,
    /// Index of the item on screen.
    pub position: usize,
}

/// One finished check, kept on the device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedResult {
    /// Unique on this device (milliseconds since 1970 when it was taken).
    pub id: String,
    pub questionnaire_id: String,
    pub title: Text,
    /// Tokyo time, `2026-11-24T10:05`.
    pub taken_at: String,
    pub result: QuestionnaireResult,
    /// The person's own note (what matters, what to change, who could help).
    #[serde(default)]
    pub note: String,
}

/// An exported file: a format tag and the results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportFile {
    pub format: String,
    pub results: Vec<SavedResult>,
}

fn storage() -> Option<web_sys::Storage> {
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        return web_sys::window().and_then(|w| w.local_storage().ok().flatten());
    }
    #[allow(unreachable_code)]
    None
}

#[cfg(not(all(feature = "hydrate", not(feature = "ssr"))))]
mod web_sys {
    /// Stand-in so this module compiles on the server (never constructed).
    pub struct Storage;
    impl Storage {
        pub fn get_item(&self, _: &str) -> Result<Option<String>, ()> {
            Ok(None)
        }
        pub fn set_item(&self, _: &str, _: &str) -> Result<(), ()> {
            Ok(())
        }
        pub fn remove_item(&self, _: &str) -> Result<(), ()> {
            Ok(())
        }
    }
}

fn read<T: for<'de> Deserialize<'de>>(key: &str) -> Option<T> {
    let text = storage()?.get_item(key).ok()??;
    serde_json::from_str(&text).ok()
}

fn write<T: Serialize>(key: &str, value: &T) -> bool {
    match (storage(), serde_json::to_string(value)) {
        (Some(s), Ok(text)) => s.set_item(key, &text).is_ok(),
        _ => false,
    }
}

pub fn load_draft(questionnaire_id: &str) -> Option<Draft> {
    read(&format!("{DRAFT_PREFIX}{questionnaire_id}"))
}

pub fn save_draft(questionnaire_id: &str, draft: &Draft) -> bool {
    write(&format!("{DRAFT_PREFIX}{questionnaire_id}"), draft)
}

pub fn clear_draft(questionnaire_id: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&format!("{DRAFT_PREFIX}{questionnaire_id}"));
    }
}

/// Past results, oldest first.
pub fn history() -> Vec<SavedResult> {
    read(HISTORY_KEY).unwrap_or_default()
}

pub fn save_history(results: &[SavedResult]) -> bool {
    write(HISTORY_KEY, &results)
}

/// Add a result (replacing one with the same id).
pub fn add_result(result: SavedResult) -> bool {
    let mut all = history();
    all.retain(|r| r.id != result.id);
    all.push(result);
    all.sort_by(|a, b| a.taken_at.cmp(&b.taken_at).then(a.id.cmp(&b.id)));
    save_history(&all)
}

/// Everything this feature keeps on the device: results and drafts.
pub fn delete_all(questionnaire_ids: &[String]) {
    if let Some(s) = storage() {
        let _ = s.remove_item(HISTORY_KEY);
        for id in questionnaire_ids {
            let _ = s.remove_item(&format!("{DRAFT_PREFIX}{id}"));
        }
    }
}

/// The export file's text.
pub fn export_text(results: &[SavedResult]) -> String {
    serde_json::to_string_pretty(&ExportFile { format: EXPORT_FORMAT.into(), results: results.to_vec() }).unwrap_or_default()
}

/// Read an export file; `Err` says in plain words why it was not accepted.
pub fn parse_export(text: &str) -> Result<Vec<SavedResult>, &'static str> {
    let file: ExportFile = serde_json::from_str(text).map_err(|_| "not_an_export")?;
    if file.format != EXPORT_FORMAT {
        return Err("not_an_export");
    }
    Ok(file.results)
}

/// Merge imported results into the history (same id = same result).
pub fn merge(existing: &[SavedResult], imported: Vec<SavedResult>) -> Vec<SavedResult> {
    let mut all = existing.to_vec();
    for r in imported {
        if !all.iter().any(|x| x.id == r.id) {
            all.push(r);
        }
    }
    all.sort_by(|a, b| a.taken_at.cmp(&b.taken_at).then(a.id.cmp(&b.id)));
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saved(id: &str, at: &str) -> SavedResult {
        SavedResult {
            id: id.into(),
            questionnaire_id: "positive-health-quick".into(),
            title: Text::new("ポジティヴヘルス（かんたん版）", "Positive Health (quick)"),
            taken_at: at.into(),
            result: QuestionnaireResult {
                questionnaire_id: "positive-health-quick".into(),
                version: 1,
                sections: vec![],
                areas: vec![],
                needs_support: vec![],
                answered: 0,
                total: 6,
            },
            note: String::new(),
        }
    }

    #[test]
    fn export_round_trips_and_import_merges_without_duplicates() {
        let a = saved("1", "2026-11-01T10:00");
        let b = saved("2", "2026-11-20T10:00");
        let text = export_text(&[a.clone(), b.clone()]);
        assert_eq!(parse_export(&text).unwrap(), vec![a.clone(), b.clone()]);
        assert_eq!(merge(&[b.clone()], vec![a.clone(), b.clone()]), vec![a, b]);
        assert_eq!(parse_export("{\"format\":\"other\",\"results\":[]}"), Err("not_an_export"));
        assert_eq!(parse_export("hello"), Err("not_an_export"));
    }
}
