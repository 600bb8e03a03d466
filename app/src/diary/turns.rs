//! Whose turn it is in a diary round — a pure rule over the group's seats
//! and what the round already holds.
//!
//! A group's members sit in the order they joined (seats 1, 2, 3 …). Each
//! round starts one seat further on, so everyone gets to open a theme
//! (round 1 starts at seat 1, round 2 at seat 2, …), and passes the diary
//! round the table. A seat whose member left is passed over (their earlier
//! entries stay); a seat the facilitator skipped for this round (someone
//! unwell) counts as done. The turn is the first seat in the round's order
//! that is neither; when there is none, the round is complete.
use serde::{Deserialize, Serialize};

/// A seat at the group's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seat {
    /// 1, 2, 3 … in the order members joined.
    pub position: u32,
    /// Left the group: passed over from now on.
    pub left: bool,
}

/// What happened at a seat in a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Done {
    Wrote,
    Skipped,
}

impl Done {
    /// From `diary_entries.kind` (`entry` or `skip`).
    pub fn from_kind(kind: &str) -> Done {
        if kind == "skip" { Done::Skipped } else { Done::Wrote }
    }
}

/// The seats in the order round `round` (1-based) passes the diary: it
/// starts at the round's seat and goes round the table; seats of members
/// who left are not in it.
pub fn order(round: u32, seats: &[Seat]) -> Vec<u32> {
    let mut all: Vec<Seat> = seats.to_vec();
    all.sort_by_key(|s| s.position);
    all.dedup_by_key(|s| s.position);
    if all.is_empty() {
        return Vec::new();
    }
    let start = (round.max(1) as usize - 1) % all.len();
    all.iter().cycle().skip(start).take(all.len()).filter(|s| !s.left).map(|s| s.position).collect()
}

/// Whose turn it is: the first seat in the round's order without an entry
/// or a skip; `None` when everyone still in the group is done.
pub fn whose_turn(round: u32, seats: &[Seat], done: &[(u32, Done)]) -> Option<u32> {
    order(round, seats).into_iter().find(|p| !done.iter().any(|(d, _)| d == p))
}

/// The seats still to write after the turn's, in order (who the diary goes
/// to next: the next one is told when the turn passes).
pub fn after_turn(round: u32, seats: &[Seat], done: &[(u32, Done)]) -> Vec<u32> {
    order(round, seats).into_iter().filter(|p| !done.iter().any(|(d, _)| d == p)).skip(1).collect()
}

/// Whether seat `position` may write in the round now: it is their turn.
pub fn may_write(round: u32, seats: &[Seat], done: &[(u32, Done)], position: u32) -> bool {
    whose_turn(round, seats, done) == Some(position)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn seats(n: u32) -> Vec<Seat> {
        (1..=n).map(|position| Seat { position, left: false }).collect()
    }

    #[test]
    fn each_round_starts_one_seat_further_on() {
        let s = seats(3);
        assert_eq!(order(1, &s), [1, 2, 3]);
        assert_eq!(order(2, &s), [2, 3, 1]);
        assert_eq!(order(3, &s), [3, 1, 2]);
        assert_eq!(order(4, &s), [1, 2, 3]);
        assert_eq!(order(0, &s), [1, 2, 3], "round 0 is read as the first");
    }

    #[test]
    fn the_diary_passes_round_the_table_and_the_round_completes() {
        let s = seats(3);
        let mut done = Vec::new();
        assert_eq!(whose_turn(2, &s, &done), Some(2));
        assert_eq!(after_turn(2, &s, &done), [3, 1]);
        assert!(may_write(2, &s, &done, 2));
        assert!(!may_write(2, &s, &done, 3), "not before their turn");
        done.push((2, Done::Wrote));
        assert_eq!(whose_turn(2, &s, &done), Some(3));
        done.push((3, Done::Wrote));
        assert_eq!(whose_turn(2, &s, &done), Some(1));
        assert_eq!(after_turn(2, &s, &done), Vec::<u32>::new());
        done.push((1, Done::Wrote));
        assert_eq!(whose_turn(2, &s, &done), None, "complete");
        assert!(!may_write(2, &s, &done, 1), "no second entry in a round");
    }

    #[test]
    fn a_skipped_seat_counts_as_done_and_a_member_who_left_is_passed_over() {
        let mut s = seats(3);
        assert_eq!(whose_turn(1, &s, &[(1, Done::Skipped)]), Some(2));
        s[1].left = true;
        assert_eq!(order(1, &s), [1, 3]);
        assert_eq!(whose_turn(1, &s, &[(1, Done::Wrote)]), Some(3));
        // the round that would have started at the seat of the one who left
        // starts at the next seat still there
        assert_eq!(order(2, &s), [3, 1]);
        // everybody left: nobody's turn
        let gone: Vec<Seat> = seats(3).into_iter().map(|s| Seat { left: true, ..s }).collect();
        assert_eq!(whose_turn(1, &gone, &[]), None);
        assert_eq!(whose_turn(1, &[], &[]), None);
    }

    proptest! {
        /// Whatever the seats, rounds and what is done: the turn is a seat
        /// still in the group and not done; it is None only when every such
        /// seat is done; passing turns one by one visits each seat once.
        #[test]
        fn the_turn_visits_every_present_seat_once(n in 1u32..7, round in 1u32..20, left in proptest::collection::vec(any::<bool>(), 7), skip in proptest::collection::vec(any::<bool>(), 7)) {
            let s: Vec<Seat> = (1..=n).map(|p| Seat { position: p, left: left[p as usize - 1] }).collect();
            let mut done: Vec<(u32, Done)> = Vec::new();
            let mut visited = Vec::new();
            while let Some(p) = whose_turn(round, &s, &done) {
                prop_assert!(s.iter().any(|x| x.position == p && !x.left));
                prop_assert!(!done.iter().any(|(d, _)| *d == p));
                visited.push(p);
                done.push((p, if skip[p as usize - 1] { Done::Skipped } else { Done::Wrote }));
                prop_assert!(visited.len() <= n as usize);
            }
            let mut present: Vec<u32> = s.iter().filter(|x| !x.left).map(|x| x.position).collect();
            visited.sort();
            present.sort();
            prop_assert_eq!(visited, present);
        }
    }
}
