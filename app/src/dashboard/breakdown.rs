//! A count of people split two ways: by a category (source, age band,
//! concern…) and by district. The whole split is protected at once, so the
//! town's figures and every district's figures come from one protected
//! table: no view can be subtracted from another to uncover a small
//! figure. A view (the town, or one district) is then a [`Line`].
use super::suppression::{protect_all, Figure, Protected, Table};
use crate::health_check::questionnaire::Text;
use crate::i18n::Locale;
use serde::{Deserialize, Serialize};

/// A label in both languages from a label function.
pub fn both(f: impl Fn(Locale) -> &'static str) -> Text {
    Text::new(f(Locale::ja), f(Locale::en))
}

/// `2026-11` → 「2026年11月」 / "Nov 2026".
pub fn month_label(year: i32, month: u32) -> Text {
    const EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    Text::new(format!("{year}年{month}月"), format!("{} {year}", EN[(month as usize + 11) % 12]))
}

/// The columns of every split: the town's districts, then "not recorded".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Districts {
    pub slugs: Vec<String>,
    pub names: Vec<Text>,
}

impl Districts {
    pub fn new(list: Vec<(String, Text)>) -> Districts {
        let (slugs, names) = list.into_iter().unzip();
        Districts { slugs, names }
    }

    /// The column of a person's district (unknown or none: the last).
    pub fn column(&self, district: Option<&str>) -> usize {
        district.and_then(|d| self.slugs.iter().position(|s| s == d)).unwrap_or(self.slugs.len())
    }

    pub fn columns(&self) -> usize {
        self.slugs.len() + 1
    }

}

/// Which part of the town a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum View {
    Town,
    /// A column of the splits.
    District(usize),
}

/// Counts by category (rows, in display order) and district (columns).
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    pub keys: Vec<(String, Text)>,
    pub cells: Vec<Vec<u32>>,
    /// Each person in exactly one row, so a district's figures add up to
    /// its total (false for concerns: one referral ticks several).
    pub single_answer: bool,
}

impl Split {
    pub fn new(keys: Vec<(String, Text)>, districts: &Districts, single_answer: bool) -> Split {
        let cells = vec![vec![0; districts.columns()]; keys.len()];
        Split { keys, cells, single_answer }
    }

    /// Counts one person in row `key` (ignored when the key is not a row).
    pub fn add(&mut self, key: &str, column: usize) {
        self.add_n(key, column, 1);
    }

    pub fn add_n(&mut self, key: &str, column: usize, n: u32) {
        if let Some(i) = self.keys.iter().position(|(k, _)| k == key) {
            self.cells[i][column] += n;
        }
    }

    fn table(&self) -> Table {
        Table { cells: self.cells.clone(), row_totals: true, col_totals: self.single_answer, grand_total: self.single_answer }
    }
}

/// One figure of a line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub key: String,
    pub label: Text,
    pub figure: Figure,
}

/// A breakdown as a page shows it: its items and, for a single-answer
/// breakdown, its total.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Line {
    pub items: Vec<Item>,
    pub total: Option<Figure>,
}

impl Line {
    pub fn figure(&self, key: &str) -> Option<Figure> {
        self.items.iter().find(|i| i.key == key).map(|i| i.figure)
    }
}

/// A split protected on its own (see [`lines`] for splits that share totals).
pub fn protect_split(split: &Split) -> Protected {
    super::suppression::protect(&split.table())
}

/// One view of a split protected before (several views, one protection).
pub fn view_of(split: &Split, p: &Protected, view: View) -> Line {
    let items = split
        .keys
        .iter()
        .enumerate()
        .map(|(i, (key, label))| {
            let figure = match view {
                View::Town => p.row_totals[i].unwrap_or(Figure::Withheld),
                View::District(j) => p.cells[i][j],
            };
            Item { key: key.clone(), label: label.clone(), figure }
        })
        .collect();
    let total = match view {
        View::Town => p.grand,
        View::District(j) => p.col_totals.get(j).copied().flatten(),
    };
    Line { items, total }
}

/// Splits of the same people (single-answer ones share their district
/// totals and grand total) protected together, each seen from `view`.
pub fn lines(splits: &[&Split], view: View) -> Vec<Line> {
    let tables: Vec<Table> = splits.iter().map(|s| s.table()).collect();
    // only single-answer tables share totals; the others stand alone
    let shared: Vec<usize> = (0..splits.len()).filter(|i| splits[*i].single_answer).collect();
    let shared_out = protect_all(&shared.iter().map(|i| tables[*i].clone()).collect::<Vec<_>>());
    splits
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let p = match shared.iter().position(|x| *x == i) {
                Some(k) => shared_out[k].clone(),
                None => super::suppression::protect(&tables[i]),
            };
            view_of(s, &p, view)
        })
        .collect()
}

/// One split on its own.
pub fn line(split: &Split, view: View) -> Line {
    lines(&[split], view).remove(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Figure::*;

    fn districts() -> Districts {
        Districts::new(vec![("kita".into(), Text::new("北", "North")), ("minami".into(), Text::new("南", "South"))])
    }

    fn split(rows: &[(&str, [u32; 3])], single: bool) -> Split {
        let keys = rows.iter().map(|(k, _)| (k.to_string(), Text::new(*k, *k))).collect();
        let mut s = Split::new(keys, &districts(), single);
        for (k, cells) in rows {
            for (j, n) in cells.iter().enumerate() {
                s.add_n(k, j, *n);
            }
        }
        s
    }

    #[test]
    fn the_town_and_a_district_come_from_one_protected_table() {
        let s = split(&[("clinic", [9, 7, 0]), ("pharmacy", [2, 6, 0]), ("self", [8, 9, 1])], true);
        let town = line(&s, View::Town);
        assert_eq!(town.figure("clinic"), Some(Count(16)));
        assert_eq!(town.total, Some(Count(42)));
        let north = line(&s, View::District(0));
        assert_eq!(north.figure("pharmacy"), Some(Small));
        // the 2 in the north cannot be had from the town's 8 minus the south's 6
        assert_ne!(line(&s, View::District(1)).figure("pharmacy").and_then(Figure::shown).zip(town.figure("pharmacy").and_then(Figure::shown)).map(|(a, b)| b - a), Some(2));
        // the unknown district's one person is small too
        assert_eq!(line(&s, View::District(2)).figure("self"), Some(Small));
    }

    #[test]
    fn a_multi_answer_split_has_no_total() {
        let s = split(&[("money", [5, 6, 0]), ("care", [1, 9, 0])], false);
        let town = line(&s, View::Town);
        assert_eq!(town.total, None);
        assert_eq!(town.figure("money"), Some(Count(11)));
        assert_eq!(line(&s, View::District(0)).figure("care"), Some(Small));
    }

    #[test]
    fn splits_of_the_same_people_share_a_hidden_total() {
        // by source the north is 1 + 5: the 1 is pinned unless the north's total goes
        let a = split(&[("clinic", [1, 8, 0]), ("self", [5, 8, 0])], true);
        let b = split(&[("f", [3, 8, 0]), ("m", [3, 8, 0])], true);
        let out = lines(&[&a, &b], View::District(0));
        assert_eq!(out[0].total, out[1].total);
        assert!(out[0].total.and_then(Figure::shown).is_none());
    }
}
