//! The small-cell rule, in one place: every count of people the dashboard,
//! its CSV files and the open-data summary publish goes through [`protect`].
//!
//! 1. **Primary**: a figure resting on 1–4 people shows 「5人未満」
//!    ([`Figure::Small`]). Zero is shown: it points at nobody.
//! 2. **Complementary**: a reader knows that a 「5人未満」 figure is 1–4 and
//!    can subtract shown figures from shown totals. While some hidden
//!    figure could take only one value given everything published (the
//!    totals of its row, its column, the grand total, and the bounds of the
//!    other hidden figures), a further figure of 5 or more on one of its
//!    lines is withheld ([`Figure::Withheld`], 「秘匿」): the smallest cell
//!    first, a total only when no cell can help.
//!
//! "Could take only one value" is decided exactly: the table is a network
//! (source → row → column → sink, totals on the outer edges) and a value is
//! possible when the network carries a circulation with the figure fixed to
//! it ([`super::circulation`]). The reader is given more than they know —
//! a withheld cell is known to be at least 5 — so a figure safe from this
//! reader is safe from a real one. The property tests check the result
//! against a brute-force reader on small tables.
//!
//! Several tables that share totals (the referrals of a period by source,
//! by age band, by household, each also split by district) are protected
//! together with [`protect_all`], so a total hidden in one is hidden in all.
use super::circulation::{Network, UNBOUNDED};
use serde::{Deserialize, Serialize};

/// Figures below this many people are not shown.
pub const MIN_PEOPLE: u32 = 5;

/// How many candidates a step tries before settling for one that helps
/// only with others.
const TRIES: usize = 24;

/// One published figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Figure {
    Count(u32),
    /// 1–4 people: 「5人未満」.
    Small,
    /// 5 or more, withheld so that a small figure cannot be worked out.
    Withheld,
}

impl Figure {
    pub fn shown(self) -> Option<u32> {
        match self {
            Figure::Count(n) => Some(n),
            _ => None,
        }
    }
}

/// Counts of people: rows × columns, and which sums are published beside
/// them. A row (column) total is the sum of its cells; a table whose people
/// may count in several rows (concerns: one referral ticks several) must
/// not claim column totals.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub cells: Vec<Vec<u32>>,
    pub row_totals: bool,
    pub col_totals: bool,
    pub grand_total: bool,
}

impl Table {
    /// One breakdown of one population with its total: the figures are the
    /// rows of a single column whose total is the population (the same
    /// shape as a breakdown split by district, one column per district).
    pub fn line(figures: Vec<u32>) -> Table {
        Table { cells: figures.into_iter().map(|v| vec![v]).collect(), row_totals: false, col_totals: true, grand_total: false }
    }

    fn width(&self) -> usize {
        self.cells.first().map_or(0, Vec::len)
    }
}

/// A table as published. Totals that are not published are empty (`None`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Protected {
    pub cells: Vec<Vec<Figure>>,
    pub row_totals: Vec<Option<Figure>>,
    pub col_totals: Vec<Option<Figure>>,
    pub grand: Option<Figure>,
}

impl Protected {
    /// A [`Table::line`]'s figures and total.
    pub fn as_line(&self) -> (Vec<Figure>, Option<Figure>) {
        (self.cells.iter().filter_map(|r| r.first().copied()).collect(), self.col_totals.first().copied().flatten())
    }
}

/// Totals that must be hidden whatever their own table says (because a
/// table sharing them hid them).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Forced {
    pub rows: Vec<bool>,
    pub cols: Vec<bool>,
    pub grand: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    Shown,
    Small,
    Withheld,
    Unpublished,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Cell(usize, usize),
    Row(usize),
    Col(usize),
    Grand,
}

struct Entry {
    kind: Kind,
    value: u32,
    state: State,
    edge: usize,
}

fn bounds(e: &Entry, cell_cap: u64) -> (u64, u64) {
    let cap = if matches!(e.kind, Kind::Cell(..)) { cell_cap } else { UNBOUNDED };
    match e.state {
        State::Shown => (u64::from(e.value), u64::from(e.value)),
        State::Small => (1, u64::from(MIN_PEOPLE - 1)),
        State::Withheld => (u64::from(MIN_PEOPLE), cap.max(u64::from(MIN_PEOPLE))),
        State::Unpublished => (0, UNBOUNDED),
    }
}

struct Work {
    entries: Vec<Entry>,
    rows: usize,
    cols: usize,
    cell_cap: u64,
}

impl Work {
    fn new(t: &Table, forced: &Forced, cell_cap: u64) -> Work {
        let (rows, cols) = (t.cells.len(), t.width());
        let mut entries = Vec::new();
        let state = |v: u32, published: bool, forced: bool| match (published, v) {
            (false, _) => State::Unpublished,
            (true, 1..=4) => State::Small,
            (true, v) if forced && v > 0 => State::Withheld,
            _ => State::Shown,
        };
        for (i, row) in t.cells.iter().enumerate() {
            for (j, v) in row.iter().enumerate() {
                entries.push(Entry { kind: Kind::Cell(i, j), value: *v, state: state(*v, true, false), edge: 0 });
            }
        }
        for i in 0..rows {
            let v = t.cells[i].iter().sum();
            entries.push(Entry { kind: Kind::Row(i), value: v, state: state(v, t.row_totals, forced.rows.get(i) == Some(&true)), edge: 0 });
        }
        for j in 0..cols {
            let v = t.cells.iter().map(|r| r[j]).sum();
            entries.push(Entry { kind: Kind::Col(j), value: v, state: state(v, t.col_totals, forced.cols.get(j) == Some(&true)), edge: 0 });
        }
        let g = t.cells.iter().flatten().sum();
        entries.push(Entry { kind: Kind::Grand, value: g, state: state(g, t.grand_total, forced.grand), edge: 0 });
        Work { entries, rows, cols, cell_cap }
    }

    /// The table as the reader sees it.
    fn network(&mut self) -> Network {
        let (s, t) = (0, self.rows + self.cols + 1);
        let mut n = Network::new(self.rows + self.cols + 2);
        for e in &mut self.entries {
            let (lo, hi) = bounds(e, self.cell_cap);
            e.edge = match e.kind {
                Kind::Cell(i, j) => n.edge(1 + i, 1 + self.rows + j, lo, hi),
                Kind::Row(i) => n.edge(s, 1 + i, lo, hi),
                Kind::Col(j) => n.edge(1 + self.rows + j, t, lo, hi),
                Kind::Grand => n.edge(t, s, lo, hi),
            };
        }
        n
    }

    /// Whether the small figure `k` could take only one value.
    ///
    /// The values a figure can take form an interval (the network's
    /// constraints are linear and its vertices whole), and the true value is
    /// one of them: a neighbour of the truth that is possible is enough.
    fn exposed(&self, net: &Network, k: usize) -> bool {
        let (edge, truth) = (self.entries[k].edge, self.entries[k].value);
        let possible = |v: u32| (1..MIN_PEOPLE).contains(&v) && net.with_fixed(edge, u64::from(v)).has_circulation();
        !(possible(truth + 1) || (truth > 1 && possible(truth - 1)))
    }

    /// Whether entries `a` and `b` sit on one line (a row, a column, the
    /// totals of one side).
    fn share_a_line(a: Kind, b: Kind) -> bool {
        match (a, b) {
            (Kind::Cell(i, j), Kind::Cell(k, l)) => i == k || j == l,
            (Kind::Cell(i, _), Kind::Row(k)) | (Kind::Row(k), Kind::Cell(i, _)) => i == k,
            (Kind::Cell(_, j), Kind::Col(l)) | (Kind::Col(l), Kind::Cell(_, j)) => j == l,
            (Kind::Row(_) | Kind::Grand, Kind::Row(_) | Kind::Grand) | (Kind::Col(_) | Kind::Grand, Kind::Col(_) | Kind::Grand) => true,
            _ => false,
        }
    }

    fn cells_len(&self) -> usize {
        self.rows * self.cols
    }

    /// The figure to withhold next for the exposed figure `k`: the first
    /// (cells before totals, then figures on `k`'s lines, then the
    /// smallest) that protects `k` by itself; when none does alone, the
    /// first on `k`'s lines (more will follow).
    fn complement(&mut self, k: usize) -> Option<usize> {
        let kind = self.entries[k].kind;
        let mut candidates: Vec<usize> = (0..self.entries.len()).filter(|i| self.entries[*i].state == State::Shown && self.entries[*i].value >= MIN_PEOPLE).collect();
        candidates.sort_by_key(|i| {
            let e = &self.entries[*i];
            (!matches!(e.kind, Kind::Cell(..)), !Self::share_a_line(kind, e.kind), e.value, *i)
        });
        for &c in candidates.iter().take(TRIES) {
            self.entries[c].state = State::Withheld;
            let net = self.network();
            let enough = !self.exposed(&net, k);
            self.entries[c].state = State::Shown;
            if enough {
                return Some(c);
            }
        }
        candidates.iter().copied().find(|i| Self::share_a_line(kind, self.entries[*i].kind)).or(candidates.first().copied())
    }

    /// One pass over the small figures suffices: withholding more never
    /// makes a protected figure exposed again.
    fn run(&mut self) {
        let mut net = self.network();
        let small: Vec<usize> = (0..self.entries.len()).filter(|k| self.entries[*k].state == State::Small).collect();
        for k in small {
            while self.exposed(&net, k) {
                let Some(c) = self.complement(k) else { break };
                self.entries[c].state = State::Withheld;
                net = self.network();
            }
        }
    }

    fn figure(e: &Entry) -> Option<Figure> {
        match e.state {
            State::Shown => Some(Figure::Count(e.value)),
            State::Small => Some(Figure::Small),
            State::Withheld => Some(Figure::Withheld),
            State::Unpublished => None,
        }
    }

    fn result(&self) -> Protected {
        let n = self.cells_len();
        let cells = (0..self.rows)
            .map(|i| (0..self.cols).map(|j| Self::figure(&self.entries[i * self.cols + j]).unwrap_or(Figure::Withheld)).collect())
            .collect();
        Protected {
            cells,
            row_totals: self.entries[n..n + self.rows].iter().map(Self::figure).collect(),
            col_totals: self.entries[n + self.rows..n + self.rows + self.cols].iter().map(Self::figure).collect(),
            grand: self.entries.last().and_then(Self::figure),
        }
    }
}

/// The largest count a withheld cell is assumed to hold: twice everything
/// in the table (the reader may assume less, which only makes them
/// stronger, so the rule protects against them too).
fn cell_cap(t: &Table) -> u64 {
    2 * t.cells.iter().flatten().map(|v| u64::from(*v)).sum::<u64>() + 10
}

/// The table as it may be published (see the module's rule).
pub fn protect(t: &Table) -> Protected {
    protect_forced(t, &Forced::default(), cell_cap(t))
}

/// [`protect`] with some totals hidden from the start and the withheld
/// cells' assumed largest value given (tests use a small one).
pub fn protect_forced(t: &Table, forced: &Forced, cell_cap: u64) -> Protected {
    let mut w = Work::new(t, forced, cell_cap);
    w.run();
    w.result()
}

/// Tables that share their row totals, column totals and grand total (the
/// same people counted by different categories: their column totals are
/// the same districts, their grand total the same population). A total
/// hidden in one is hidden in all, until no table hides another.
pub fn protect_all(tables: &[Table]) -> Vec<Protected> {
    let cols = tables.iter().map(Table::width).max().unwrap_or(0);
    let mut forced = Forced { rows: Vec::new(), cols: vec![false; cols], grand: false };
    loop {
        let out: Vec<Protected> = tables.iter().map(|t| protect_forced(t, &Forced { rows: vec![false; t.cells.len()], ..forced.clone() }, cell_cap(t))).collect();
        let mut changed = false;
        for p in &out {
            for (j, f) in p.col_totals.iter().enumerate() {
                if matches!(f, Some(Figure::Withheld)) && !forced.cols[j] {
                    forced.cols[j] = true;
                    changed = true;
                }
            }
            if matches!(p.grand, Some(Figure::Withheld)) && !forced.grand {
                forced.grand = true;
                changed = true;
            }
        }
        if !changed {
            return out;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use Figure::{Count, Small, Withheld};

    #[test]
    fn a_line_with_one_small_figure_withholds_the_next_smallest() {
        let p = protect(&Table::line(vec![12, 3, 7, 20]));
        assert_eq!(p.as_line(), (vec![Count(12), Small, Withheld, Count(20)], Some(Count(42))));
    }

    #[test]
    fn two_small_figures_that_could_be_many_ways_need_nothing_more() {
        let p = protect(&Table::line(vec![12, 2, 3, 20]));
        assert_eq!(p.as_line(), (vec![Count(12), Small, Small, Count(20)], Some(Count(37))));
    }

    #[test]
    fn two_ones_are_still_exposed_because_small_means_at_least_one() {
        // 1 + 1 = 2: the only way two figures of 1–4 make 2
        let p = protect(&Table::line(vec![9, 1, 1, 6]));
        assert_eq!(p.as_line(), (vec![Count(9), Small, Small, Withheld], Some(Count(17))));
    }

    #[test]
    fn a_withheld_five_beside_a_one_is_not_enough() {
        // 1 + 5 = 6 with the withheld figure known to be at least 5 pins the 1
        let p = protect(&Table::line(vec![1, 5]));
        assert_eq!(p.as_line(), (vec![Small, Count(5)], Some(Withheld)), "the total goes: withholding the 5 alone would not do");
    }

    #[test]
    fn zeros_are_shown_and_a_small_total_is_small() {
        let p = protect(&Table::line(vec![0, 3, 0]));
        assert_eq!(p.as_line(), (vec![Count(0), Small, Count(0)], Some(Small)));
    }

    #[test]
    fn a_district_split_hides_a_second_district() {
        // rows: two sources; columns: three districts; all totals published
        let t = Table { cells: vec![vec![6, 2, 9], vec![7, 8, 5]], row_totals: true, col_totals: true, grand_total: true };
        let p = protect(&t);
        assert_eq!(p.cells[0][1], Small);
        let hidden = p.cells.iter().flatten().filter(|f| f.shown().is_none()).count();
        assert!(hidden >= 4, "a small cell in a table with all totals needs a rectangle of hidden cells: {p:?}");
        assert_eq!(p.grand, Some(Count(37)));
    }

    #[test]
    fn tables_sharing_totals_hide_them_together() {
        // the second table must withhold the total (1 + 5 pins the 1)
        let out = protect_all(&[Table::line(vec![3, 3]), Table::line(vec![1, 5])]);
        assert_eq!(out[1].as_line().1, Some(Withheld));
        assert_eq!(out[0].as_line().1, Some(Withheld));
    }

    /// The reader by brute force: every assignment of the hidden cells
    /// within their known bounds that agrees with what is published; the
    /// values each small figure can take.
    fn reader(t: &Table, p: &Protected, cap: u32) -> Vec<(String, std::collections::BTreeSet<u32>)> {
        let rows = t.cells.len();
        let cols = t.cells[0].len();
        let hidden: Vec<(usize, usize)> = (0..rows).flat_map(|i| (0..cols).map(move |j| (i, j))).filter(|(i, j)| p.cells[*i][*j].shown().is_none()).collect();
        let mut seen: Vec<(String, std::collections::BTreeSet<u32>)> = Vec::new();
        let mut note = |name: String, v: u32| match seen.iter_mut().find(|(n, _)| *n == name) {
            Some((_, s)) => {
                s.insert(v);
            }
            None => seen.push((name, [v].into())),
        };
        let agrees = |f: Option<Figure>, v: u32| match f {
            None => true,
            Some(Figure::Count(n)) => n == v,
            Some(Figure::Small) => (1..MIN_PEOPLE).contains(&v),
            Some(Figure::Withheld) => v >= MIN_PEOPLE,
        };
        let mut grid: Vec<Vec<u32>> = (0..rows).map(|i| (0..cols).map(|j| p.cells[i][j].shown().unwrap_or(0)).collect()).collect();
        let ranges: Vec<std::ops::RangeInclusive<u32>> = hidden.iter().map(|(i, j)| if p.cells[*i][*j] == Figure::Small { 1..=MIN_PEOPLE - 1 } else { MIN_PEOPLE..=cap }).collect();
        let mut idx = vec![0usize; hidden.len()];
        loop {
            for (h, (i, j)) in hidden.iter().enumerate() {
                grid[*i][*j] = *ranges[h].start() + idx[h] as u32;
            }
            let rs: Vec<u32> = grid.iter().map(|r| r.iter().sum()).collect();
            let cs: Vec<u32> = (0..cols).map(|j| grid.iter().map(|r| r[j]).sum()).collect();
            let g: u32 = rs.iter().sum();
            let ok = rs.iter().zip(&p.row_totals).all(|(v, f)| agrees(*f, *v))
                && cs.iter().zip(&p.col_totals).all(|(v, f)| agrees(*f, *v))
                && agrees(p.grand, g);
            if ok {
                for (i, j) in &hidden {
                    if p.cells[*i][*j] == Figure::Small {
                        note(format!("cell {i},{j}"), grid[*i][*j]);
                    }
                }
                for (i, v) in rs.iter().enumerate() {
                    if p.row_totals[i] == Some(Figure::Small) {
                        note(format!("row {i}"), *v);
                    }
                }
                for (j, v) in cs.iter().enumerate() {
                    if p.col_totals[j] == Some(Figure::Small) {
                        note(format!("col {j}"), *v);
                    }
                }
                if p.grand == Some(Figure::Small) {
                    note("grand".into(), g);
                }
            }
            // next assignment
            let mut h = 0;
            loop {
                if h == hidden.len() {
                    return seen;
                }
                idx[h] += 1;
                if *ranges[h].start() + idx[h] as u32 <= *ranges[h].end() {
                    break;
                }
                idx[h] = 0;
                h += 1;
            }
        }
    }

    fn table() -> impl Strategy<Value = Table> {
        let value = prop_oneof![3 => Just(0u32), 4 => 1u32..5, 4 => 5u32..10];
        (1usize..=3, 1usize..=3)
            .prop_flat_map(move |(r, c)| (proptest::collection::vec(proptest::collection::vec(value.clone(), c), r), any::<bool>(), any::<bool>(), any::<bool>()))
            .prop_map(|(cells, row_totals, col_totals, grand_total)| Table { cells, row_totals, col_totals, grand_total })
    }

    const CAP: u32 = 16;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        /// No figure resting on 1–4 people can be worked out from the rest.
        #[test]
        fn no_small_figure_can_be_derived(t in table()) {
            let p = protect_forced(&t, &Forced::default(), u64::from(CAP));
            // what is shown is true; what is small is 1–4; what is withheld is 5 or more
            for (i, row) in t.cells.iter().enumerate() {
                for (j, v) in row.iter().enumerate() {
                    match p.cells[i][j] {
                        Figure::Count(n) => prop_assert!(n == *v && !(1..MIN_PEOPLE).contains(v)),
                        Figure::Small => prop_assert!((1..MIN_PEOPLE).contains(v)),
                        Figure::Withheld => prop_assert!(*v >= MIN_PEOPLE),
                    }
                }
            }
            let hidden = p.cells.iter().flatten().filter(|f| f.shown().is_none()).count();
            prop_assume!(hidden <= 5);
            for (name, values) in reader(&t, &p, CAP) {
                prop_assert!(values.len() >= 2, "{name} can only be {values:?} in {t:?} → {p:?}");
            }
        }

        /// The real answer is among what the reader considers (the reader is sound).
        #[test]
        fn the_truth_agrees_with_what_is_published(t in table()) {
            let p = protect(&t);
            let rs: Vec<u32> = t.cells.iter().map(|r| r.iter().sum()).collect();
            for (v, f) in rs.iter().zip(&p.row_totals) {
                match f {
                    Some(Figure::Count(n)) => prop_assert_eq!(n, v),
                    Some(Figure::Small) => prop_assert!((1..MIN_PEOPLE).contains(v)),
                    Some(Figure::Withheld) => prop_assert!(*v >= MIN_PEOPLE),
                    None => prop_assert!(!t.row_totals),
                }
            }
        }

        /// Protecting tables together never shows less of a table than it
        /// needs, and the shared totals read the same everywhere.
        #[test]
        fn shared_totals_read_the_same(a in proptest::collection::vec(0u32..9, 3), cuts in (0.0f64..=1.0, 0.0f64..=1.0)) {
            // b: the same people split another way
            let sum: u32 = a.iter().sum();
            let (lo, hi) = if cuts.0 <= cuts.1 { cuts } else { (cuts.1, cuts.0) };
            let (c1, c2) = ((lo * sum as f64) as u32, (hi * sum as f64) as u32);
            let b = vec![c1, c2 - c1, sum - c2];
            let out = protect_all(&[Table::line(a), Table::line(b)]);
            prop_assert_eq!(out[0].as_line().1, out[1].as_line().1);
        }
    }
}
