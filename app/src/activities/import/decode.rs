//! Turns an uploaded file into rows of text cells: CSV (UTF-8 with or without
//! BOM, or Shift_JIS / CP932 as Excel saves it; quoted cells may span lines)
//! or .xlsx (first sheet). Each row carries its spreadsheet row number.
use calamine::{Data, Reader, Xlsx};

/// Rows of cells, each with its 1-based spreadsheet row number. The first
/// row is the header.
pub type Rows = Vec<(usize, Vec<String>)>;

pub const UNKNOWN_ENCODING: &str = "文字コードを判別できません（UTF-8 または Shift_JIS で保存してください）";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

/// By magic bytes first (a zip file is an .xlsx), then by the file name.
pub fn detect(bytes: &[u8], filename: &str) -> Format {
    let lower = filename.to_ascii_lowercase();
    if bytes.starts_with(b"PK\x03\x04") || (bytes.is_empty() && lower.ends_with(".xlsx")) {
        Format::Xlsx
    } else {
        Format::Csv
    }
}

/// The text of a CSV file: valid UTF-8 (BOM removed), else Shift_JIS
/// (Windows-31J, which Excel writes) with no undecodable bytes.
pub fn decode_text(bytes: &[u8]) -> Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    let (text, _, had_errors) = encoding_rs::SHIFT_JIS.decode(bytes);
    if had_errors || text.contains('\u{FFFD}') {
        return Err(UNKNOWN_ENCODING.to_string());
    }
    Ok(text.into_owned())
}

/// Decode a file (CSV or xlsx) to rows. `Err` is a Japanese message.
pub fn decode(bytes: &[u8], filename: &str) -> Result<Rows, String> {
    match detect(bytes, filename) {
        Format::Csv => parse_csv(&decode_text(bytes)?),
        Format::Xlsx => parse_xlsx(bytes),
    }
}

pub fn parse_csv(text: &str) -> Result<Rows, String> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            format!("CSV を読めません（{line} 行目付近）")
        })?;
        rows.push((i + 1, record.iter().map(|c| c.replace("\r\n", "\n")).collect()));
    }
    Ok(rows)
}

pub fn parse_xlsx(bytes: &[u8]) -> Result<Rows, String> {
    let bad = |_| "Excel ファイル（.xlsx）を読めません".to_string();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).map_err(bad)?;
    let range = match book.worksheet_range_at(0) {
        Some(r) => r.map_err(|_| "Excel ファイル（.xlsx）を読めません".to_string())?,
        None => return Ok(Vec::new()),
    };
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let mut row: Vec<String> = vec![String::new(); first_col as usize];
            row.extend(cells.iter().map(cell_text));
            (first_row as usize + i + 1, row)
        })
        .collect())
}

fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.replace("\r\n", "\n"),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "1" } else { "0" }.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.split('T').next().unwrap_or(s).to_string(),
        Data::DateTime(dt) => {
            let serial = dt.as_f64();
            if serial < 1.0 {
                // a time of day only
                let minutes = (serial * 24.0 * 60.0).round() as i64;
                format!("{:02}:{:02}", minutes / 60, minutes % 60)
            } else {
                let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
                (base + chrono::Duration::days(serial.floor() as i64)).format("%Y-%m-%d").to_string()
            }
        }
    }
}

/// Whole numbers without `.0`; others as Rust prints them (shortest exact).
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode_text("\u{FEFF}管理番号".as_bytes()).unwrap(), "管理番号");
        assert_eq!(decode_text("管理番号".as_bytes()).unwrap(), "管理番号");
    }

    #[test]
    fn shift_jis() {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("管理番号,活動名\r\n①,髙橋");
        assert_eq!(decode_text(&bytes).unwrap(), "管理番号,活動名\r\n①,髙橋");
    }

    #[test]
    fn neither() {
        assert_eq!(decode_text(&[0x82, 0xA0, 0xFF, 0xFF, 0x80]).unwrap_err(), UNKNOWN_ENCODING);
    }

    #[test]
    fn quoted_multiline_cells() {
        let rows = parse_csv("a,b\r\n\"x\r\ny\",z\r\n").unwrap();
        assert_eq!(rows, vec![(1, vec!["a".into(), "b".into()]), (2, vec!["x\ny".into(), "z".into()])]);
    }
}
