//! The questionnaires this portal offers: the shipped ones, replaced or
//! extended by the city's own files in `TSUNAGU_QUESTIONNAIRE_DIR` (every
//! `*.json` there; a file with the id of a shipped one replaces it). A
//! malformed file stops the server at start-up with every problem listed,
//! so a broken questionnaire never reaches residents.
use super::questionnaire::{builtin, Questionnaire};
use std::path::Path;

#[derive(Debug, Clone, Default)]
pub struct Library {
    questionnaires: Vec<Questionnaire>,
}

impl Library {
    /// The shipped questionnaires only.
    pub fn builtin() -> Library {
        Library { questionnaires: builtin() }
    }

    /// Shipped ones plus the files in `dir` (if given). `Err` holds one
    /// line per problem, naming the file (in Japanese and English).
    pub fn load(dir: Option<&Path>) -> Result<Library, Vec<String>> {
        let mut lib = Library::builtin();
        let Some(dir) = dir else { return Ok(lib) };
        let entries = std::fs::read_dir(dir).map_err(|e| vec![format!("{}: {e}", dir.display())])?;
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        paths.sort();
        let mut problems = Vec::new();
        for path in paths {
            let text = match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) => {
                    problems.push(format!("{}: {e}", path.display()));
                    continue;
                }
            };
            match Questionnaire::from_json(&text) {
                Ok(q) => lib.add(q),
                Err(e) => problems.push(format!("{}:\n{}\n{}", path.display(), e.to_string_ja(), e)),
            }
        }
        if problems.is_empty() {
            Ok(lib)
        } else {
            Err(problems)
        }
    }

    /// Add, replacing one with the same id.
    pub fn add(&mut self, q: Questionnaire) {
        match self.questionnaires.iter_mut().find(|x| x.id == q.id) {
            Some(existing) => *existing = q,
            None => self.questionnaires.push(q),
        }
    }

    pub fn all(&self) -> &[Questionnaire] {
        &self.questionnaires
    }

    pub fn get(&self, id: &str) -> Option<&Questionnaire> {
        self.questionnaires.iter().find(|q| q.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn city_files_replace_or_add_and_bad_files_are_refused() {
        let dir = std::env::temp_dir().join(format!("tsunagu-q-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut quick = Library::builtin().get("positive-health-quick").unwrap().clone();
        quick.version = 7;
        std::fs::write(dir.join("quick.json"), serde_json::to_string(&quick).unwrap()).unwrap();
        let lib = Library::load(Some(&dir)).unwrap();
        assert_eq!(lib.get("positive-health-quick").unwrap().version, 7);
        assert_eq!(lib.all().len(), Library::builtin().all().len());

        std::fs::write(dir.join("broken.json"), "{ \"id\": \"x\", ").unwrap();
        let problems = Library::load(Some(&dir)).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("broken.json"), "{problems:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
