//! Bulk import of activities from a spreadsheet (CSV or .xlsx) and CSV
//! export in the same format (see [`columns`] for the column set).
//!
//! An import checks every row, then saves every row inside ONE transaction
//! (to learn which are new, changed or unchanged, and which name unknown
//! organisations, categories or districts). It commits only when asked to
//! and when no row has a problem: all rows or none.
pub mod columns;
#[cfg(feature = "ssr")]
pub mod decode;

use serde::{Deserialize, Serialize};

/// Most data rows one file may have.
pub const MAX_ROWS: usize = 100_000;
/// At most this many problems are listed (the counts stay exact).
pub const MAX_PROBLEMS: usize = 1_000;

/// What an import found (and did).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    /// Data rows read (blank rows are skipped).
    pub rows: usize,
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Rows with at least one problem.
    pub rejected: usize,
    pub problems: Vec<RowProblem>,
    /// Whether the rows were saved (false for a dry run and whenever there
    /// is any problem: then nothing was saved).
    #[serde(default)]
    pub committed: bool,
}

/// One problem: spreadsheet row (the header is row 1, the first data row 2;
/// 0 = the whole file), column (Japanese header, or empty), message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    pub row: usize,
    pub column: String,
    pub message_ja: String,
}

#[cfg(feature = "ssr")]
pub use ssr::{export_csv, export_public_csv, import, template_csv};

#[cfg(feature = "ssr")]
mod ssr {
    use super::columns::{self, HeaderMap};
    use super::{decode, ImportReport, RowProblem, MAX_PROBLEMS, MAX_ROWS};
    use crate::activities::model::{ActivityForm, ActivityInput};
    use crate::activities::save_activity::{save_activity, Saved};
    use crate::db::Db;
    use crate::error::AppError;
    use crate::i18n::Locale;
    use crate::validation::{FieldError, Problem};
    use std::collections::HashMap;

    fn file_problem(report: &mut ImportReport, row: usize, column: &str, message: impl Into<String>) {
        report.problems.push(RowProblem { row, column: column.to_string(), message_ja: message.into() });
    }

    fn push_field_errors(report: &mut ImportReport, row: usize, errors: &[FieldError]) {
        for e in errors {
            let column = if columns::COLUMNS.iter().any(|c| c.ja == e.field) {
                e.field.clone()
            } else {
                columns::header_of(&e.field).to_string()
            };
            report.problems.push(RowProblem { row, column, message_ja: e.problem.message(Locale::ja) });
        }
    }

    /// Read, check and (when `commit` and nothing is wrong) save a file.
    /// `filename` helps tell CSV from .xlsx. Problems are in the report;
    /// `Err` only for a database failure.
    pub async fn import(
        db: &Db,
        bytes: &[u8],
        filename: &str,
        commit: bool,
        actor: &str,
    ) -> Result<ImportReport, AppError> {
        let mut report = ImportReport::default();
        if bytes.is_empty() {
            file_problem(&mut report, 0, "", "ファイルが空です");
            return Ok(report);
        }
        let rows = match decode::decode(bytes, filename) {
            Ok(r) => r,
            Err(message) => {
                file_problem(&mut report, 0, "", message);
                return Ok(report);
            }
        };
        let blank = |cells: &[String]| cells.iter().all(|c| c.trim().is_empty());
        let mut rows = rows.into_iter().filter(|(_, cells)| !blank(cells));
        let Some((header_row, header)) = rows.next() else {
            file_problem(&mut report, 0, "", "ファイルが空です");
            return Ok(report);
        };
        let data: Vec<(usize, Vec<String>)> = rows.collect();
        report.rows = data.len();
        let map = match HeaderMap::new(&header) {
            Ok(m) => Some(m),
            Err(errors) => {
                for e in errors {
                    let message = match e.problem {
                        Problem::Duplicate(_) => format!("列「{}」が 2 回以上あります", e.field),
                        _ => format!("必須の列「{}」がありません", e.field),
                    };
                    file_problem(&mut report, header_row, &e.field, message);
                }
                None
            }
        };
        if data.is_empty() {
            file_problem(&mut report, 0, "", "データの行がありません");
        }
        if data.len() > MAX_ROWS {
            file_problem(&mut report, 0, "", format!("行数が多すぎます（最大 {MAX_ROWS} 行。ファイルを分けてください）"));
        }
        let Some(map) = map.filter(|_| report.problems.is_empty()) else {
            return Ok(report);
        };

        // check every row
        let mut valid: Vec<(usize, ActivityInput)> = Vec::with_capacity(data.len());
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (row, cells) in &data {
            let (form, mut errors) = columns::row_to_form_lenient(&map, cells);
            let extra = cells.iter().skip(header.len()).any(|c| !c.trim().is_empty());
            if extra {
                // usually a value with `,` that was not put in quotes
                report.problems.push(RowProblem {
                    row: *row,
                    column: String::new(),
                    message_ja: "見出しより右の列に値があります（「,」を含む値は \"…\" で囲んでください）".into(),
                });
            }
            let ext = form.external_id.trim().to_string();
            if ext.is_empty() {
                errors.push(FieldError::new("external_id", Problem::Required));
            } else if let Some(first) = seen.get(&ext) {
                errors.push(FieldError::new(
                    "external_id",
                    Problem::Duplicate(format!("{ext}（{first} 行目と同じ）")),
                ));
            } else {
                seen.insert(ext, *row);
            }
            let parsed = match form.parse() {
                Ok(input) => Some(input),
                Err(e) => {
                    errors.extend(e);
                    None
                }
            };
            match parsed {
                Some(input) if errors.is_empty() && !extra => valid.push((*row, input)),
                _ => {
                    report.rejected += 1;
                    sort_errors(&mut errors);
                    push_field_errors(&mut report, *row, &errors);
                }
            }
        }

        // save every valid row in one transaction
        let mut tx = db.begin_write().await?;
        for (row, input) in &valid {
            match save_activity(&mut tx, None, input, actor).await? {
                Ok(Saved::Created(_)) => report.new += 1,
                Ok(Saved::Updated(_)) => report.updated += 1,
                Ok(Saved::Unchanged(_)) => report.unchanged += 1,
                Err(mut errors) => {
                    report.rejected += 1;
                    sort_errors(&mut errors);
                    push_field_errors(&mut report, *row, &errors);
                }
            }
        }
        report.problems.sort_by_key(|p| p.row);
        if report.problems.len() > MAX_PROBLEMS {
            let more = report.problems.len() - MAX_PROBLEMS;
            report.problems.truncate(MAX_PROBLEMS);
            report.problems.push(RowProblem { row: 0, column: String::new(), message_ja: format!("ほかに {more} 件の問題があります") });
        }
        if commit && report.problems.is_empty() {
            tx.commit().await?;
            report.committed = true;
        } else {
            tx.rollback().await?;
        }
        Ok(report)
    }

    /// Problems in column order, so a row's messages read left to right.
    fn sort_errors(errors: &mut [FieldError]) {
        let pos = |f: &str| columns::COLUMNS.iter().position(|c| c.en == f).unwrap_or(usize::MAX);
        errors.sort_by_key(|e| pos(&e.field));
    }

    /// The template (header + one example row), UTF-8 with BOM, CRLF.
    pub fn template_csv() -> &'static str {
        columns::TEMPLATE
    }

    /// Every activity (every status) in the import format: UTF-8 with BOM,
    /// CRLF line ends. Importing it back changes nothing.
    pub async fn export_csv(db: &Db) -> Result<String, AppError> {
        export(db, false).await
    }

    /// Open data: the active listings only, same format.
    pub async fn export_public_csv(db: &Db) -> Result<String, AppError> {
        export(db, true).await
    }

    /// The forms of activities from their latest revision snapshots (one
    /// query), in id order.
    pub async fn load_forms(db: &Db, active_only: bool) -> Result<Vec<(i64, ActivityForm)>, AppError> {
        use sqlx::Row;
        let sql = format!(
            "SELECT r.activity_id, r.snapshot FROM activity_revisions r JOIN activities a ON a.id = r.activity_id
             WHERE r.id IN (SELECT MAX(id) FROM activity_revisions GROUP BY activity_id){}
             ORDER BY r.activity_id",
            if active_only { " AND a.status = 'active'" } else { "" }
        );
        let rows = sqlx::query(&sql).fetch_all(db.pool()).await?;
        rows.iter()
            .map(|r| {
                let id: i64 = r.try_get("activity_id")?;
                let snapshot: String = r.try_get("snapshot")?;
                let input: ActivityInput = serde_json::from_str(&snapshot).map_err(|_| AppError::Internal)?;
                Ok((id, input.to_form()))
            })
            .collect()
    }

    async fn export(db: &Db, active_only: bool) -> Result<String, AppError> {
        let forms = load_forms(db, active_only).await?;
        to_csv(forms.iter().map(|(_, f)| f))
    }

    /// Forms to CSV text (BOM, header row, CRLF).
    pub fn to_csv<'a>(forms: impl IntoIterator<Item = &'a ActivityForm>) -> Result<String, AppError> {
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
        w.write_record(columns::headers()).map_err(|_| AppError::Internal)?;
        for f in forms {
            // formula characters quoted (CSV injection); the importer takes the quote off
            let row = columns::form_to_row(f);
            w.write_record(row.iter().map(|c| crate::feeds::spreadsheet::csv_cell(c))).map_err(|_| AppError::Internal)?;
        }
        let bytes = w.into_inner().map_err(|_| AppError::Internal)?;
        let text = String::from_utf8(bytes).map_err(|_| AppError::Internal)?;
        Ok(format!("\u{FEFF}{text}"))
    }
}

#[cfg(feature = "ssr")]
pub use ssr::{load_forms, to_csv};
