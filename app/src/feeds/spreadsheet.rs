//! Cells of the CSV files people open in a spreadsheet (sign-up lists, the
//! audit log): what a resident typed must never run as a formula.

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

#[cfg(test)]
mod tests {
    use super::csv_cell;

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
