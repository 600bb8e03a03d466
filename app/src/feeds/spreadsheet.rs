//! Cells of the CSV files people open in a spreadsheet (sign-up lists, the
//! audit log, the listings' open data and the staff export): what someone
//! typed must never run as a formula.

/// A value typed by a resident, made safe for spreadsheets: a leading `=`,
/// `+`, `-`, `@`, tab or carriage return would be run as a formula by Excel
/// (CSV injection), so it gets a leading apostrophe. (Phone numbers start with
/// a digit.)
pub fn csv_cell(value: &str) -> String {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_string(),
    }
}

/// A cell read back from a file we (or a spreadsheet following the same
/// rule) wrote: the apostrophe [`csv_cell`] put before a formula character
/// comes off, so that an export imports as it was.
pub fn from_csv_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if matches!(rest.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r')) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::{csv_cell, from_csv_cell};

    #[test]
    fn a_quoted_cell_reads_back_as_it_was() {
        for v in ["=1+1", "+81 796", "-3", "@SUM(A1)", "\tx", "'quoted'", "'", "0796", "", "やまだ"] {
            assert_eq!(from_csv_cell(&csv_cell(v)), v, "{v:?}");
        }
    }

    #[test]
    fn formulas_are_quoted_and_plain_values_kept() {
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("+81 796"), "'+81 796");
        assert_eq!(csv_cell("-3"), "'-3");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("0796-00-1234"), "0796-00-1234");
        assert_eq!(csv_cell("やまだ"), "やまだ");
        assert_eq!(csv_cell(""), "");
    }
}
