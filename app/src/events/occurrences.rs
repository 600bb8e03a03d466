//! Event occurrences generated from an activity's schedules.
//!
//! Two steps, both pure:
//!
//! 1. [`plan`] lists the sessions the schedules call for in the next few
//!    weeks: one [`PlannedOccurrence`] per date, in Tokyo wall-clock time.
//! 2. [`reconcile`] compares that plan with what is stored
//!    ([`StoredOccurrence`]) and says what to change ([`Change`]) so that
//!    storage matches the plan, without touching history or staff edits.
//!
//! Running both again on the resulting storage yields no changes, so a
//! nightly job (or a save of the activity) can call them as often as it
//! likes.
//!
//! # Reconciliation rules
//!
//! Only occurrences on or after `today` are considered; earlier ones are
//! history and are never touched (and planned dates before `today` are never
//! inserted). For the rest, date by date:
//!
//! | stored                          | planned | change                                  |
//! |---------------------------------|---------|-----------------------------------------|
//! | nothing                         | yes     | [`Change::Insert`]                      |
//! | customised by staff             | any     | none: the staff edit stands             |
//! | same times, not cancelled       | yes     | none                                    |
//! | other times, or cancelled       | yes     | [`Change::Update`] (new times, live)    |
//! | already cancelled               | no      | none                                    |
//! | has sign-ups                    | no      | [`Change::Cancel`] (people were told)   |
//! | no sign-ups                     | no      | [`Change::Delete`]                      |
//!
//! An uncustomised occurrence can only be cancelled by an earlier
//! reconciliation (staff cancelling by hand marks it customised). So when
//! the schedule calls for its date again, it is brought back to life with an
//! [`Change::Update`], which always means "take these times and clear the
//! cancelled flag". Callers may want to tell the people signed up.
//!
//! Stored occurrences after the plan's last week count as "not planned":
//! plan the same number of weeks each time.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::{Schedule, JST};

/// One session an activity's schedules call for, in Tokyo wall-clock time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PlannedOccurrence {
    /// The day it takes place.
    pub date: NaiveDate,
    /// When it starts (Tokyo time).
    pub starts: NaiveDateTime,
    /// When it ends (Tokyo time); the next day's 00:00 for all-day ones.
    pub ends: NaiveDateTime,
    /// The schedule gives no hours: the whole day, 00:00–24:00.
    pub all_day: bool,
}

impl PlannedOccurrence {
    /// The session `schedule` calls for on `date`: its hours, or the whole
    /// day when it has none. `None` only for the very last date chrono can
    /// represent (an all-day session there has no next midnight).
    pub fn for_schedule(schedule: &Schedule, date: NaiveDate) -> Option<Self> {
        match schedule.time {
            Some(range) => Some(Self {
                date,
                starts: date.and_time(range.opens().to_naive_time()),
                ends: date.and_time(range.closes().to_naive_time()),
                all_day: false,
            }),
            None => Self::all_day(date),
        }
    }

    /// An all-day session on `date`: 00:00 until the next day's 00:00.
    pub fn all_day(date: NaiveDate) -> Option<Self> {
        let next_day = date.checked_add_days(Days::new(1))?;
        Some(Self {
            date,
            starts: date.and_time(NaiveTime::MIN),
            ends: next_day.and_time(NaiveTime::MIN),
            all_day: true,
        })
    }

    /// The start as an instant (Tokyo is UTC+9 all year).
    pub fn starts_utc(&self) -> Option<DateTime<Utc>> {
        tokyo_to_utc(self.starts)
    }

    /// The end as an instant (Tokyo is UTC+9 all year).
    pub fn ends_utc(&self) -> Option<DateTime<Utc>> {
        tokyo_to_utc(self.ends)
    }

    /// Whether `stored` already has this session's times.
    fn same_times(&self, stored: &StoredOccurrence) -> bool {
        self.starts == stored.starts && self.ends == stored.ends && self.all_day == stored.all_day
    }

    /// Which of two sessions on the same date to keep: the earlier start,
    /// and on equal starts the longer one (so an all-day session wins).
    fn sort_key(&self) -> (NaiveDateTime, Reverse<NaiveDateTime>) {
        (self.starts, Reverse(self.ends))
    }
}

/// The instant of a Tokyo wall-clock time. Japan has no daylight saving
/// time, so every wall-clock time maps to exactly one instant; `None` only
/// at the edges of chrono's range.
pub fn tokyo_to_utc(local: NaiveDateTime) -> Option<DateTime<Utc>> {
    local
        .and_local_timezone(JST)
        .single()
        .map(|tokyo| tokyo.with_timezone(&Utc))
}

/// The first day after a planning window of `weeks` weeks from `from`
/// (`None` if chrono cannot represent it).
fn window_end_exclusive(from: NaiveDate, weeks: u32) -> Option<NaiveDate> {
    from.checked_add_days(Days::new(u64::from(weeks) * 7))
}

/// All sessions of `schedules` in `[from, from + weeks × 7 days)`, one per
/// date, sorted by date.
///
/// * Each schedule's own rules apply (validity period, closed on public
///   holidays); irregular schedules (不定期) call for no dates.
/// * A schedule without hours gives an all-day session (00:00 until the next
///   day's 00:00).
/// * When several schedules fall on the same date, the earliest start is
///   kept; on equal starts the longer session (so all-day wins over a
///   session starting at 00:00).
pub fn plan(schedules: &[Schedule], from: NaiveDate, weeks: u32) -> Vec<PlannedOccurrence> {
    if weeks == 0 {
        return Vec::new();
    }
    // Inclusive last day; at chrono's upper limit the window is cut short.
    let last = window_end_exclusive(from, weeks)
        .and_then(|end| end.pred_opt())
        .unwrap_or(NaiveDate::MAX);

    let mut by_date: BTreeMap<NaiveDate, PlannedOccurrence> = BTreeMap::new();
    for schedule in schedules {
        for date in schedule.occurrences(from, last) {
            if let Some(candidate) = PlannedOccurrence::for_schedule(schedule, date) {
                keep_earliest(&mut by_date, candidate);
            }
        }
    }
    by_date.into_values().collect()
}

/// Adds `candidate` unless its date already has a session that sorts first.
fn keep_earliest(
    by_date: &mut BTreeMap<NaiveDate, PlannedOccurrence>,
    candidate: PlannedOccurrence,
) {
    by_date
        .entry(candidate.date)
        .and_modify(|kept| {
            if candidate.sort_key() < kept.sort_key() {
                *kept = candidate;
            }
        })
        .or_insert(candidate);
}

/// An occurrence as stored (the columns [`reconcile`] needs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StoredOccurrence {
    /// Storage id.
    pub id: i64,
    /// The day it takes place.
    pub date: NaiveDate,
    /// When it starts (Tokyo time).
    pub starts: NaiveDateTime,
    /// When it ends (Tokyo time).
    pub ends: NaiveDateTime,
    /// Whole day, no hours.
    pub all_day: bool,
    /// Edited or cancelled by staff by hand: never changed automatically.
    pub customised: bool,
    /// Cancelled (by staff, or automatically because the schedule dropped it).
    pub cancelled: bool,
    /// Someone has signed up for it.
    pub has_signups: bool,
}

/// One change to bring storage in line with the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Change {
    /// Store a new occurrence (not customised, not cancelled).
    Insert(PlannedOccurrence),
    /// Give occurrence `id` the times of `to` and clear its cancelled flag.
    Update {
        /// The stored occurrence to change.
        id: i64,
        /// Its new date and times.
        to: PlannedOccurrence,
    },
    /// Remove occurrence `id` (nobody had signed up).
    Delete {
        /// The stored occurrence to remove.
        id: i64,
    },
    /// Mark occurrence `id` cancelled, keeping it for the people signed up.
    Cancel {
        /// The stored occurrence to cancel.
        id: i64,
    },
}

/// What to change so that storage matches `planned` from `today` on.
///
/// See the [module documentation](self) for the rules. Changes come in date
/// order. `stored` may hold any occurrences of the activity (past ones are
/// ignored); `planned` is normally [`plan`]'s output. Applying the changes
/// and calling `reconcile` again with the same plan returns nothing.
///
/// Should one date have several stored occurrences, one of them answers for
/// the plan (a customised one first, then a live one, then one with
/// sign-ups, then the lowest id) and the others are handled as not planned.
pub fn reconcile(
    stored: &[StoredOccurrence],
    planned: &[PlannedOccurrence],
    today: NaiveDate,
) -> Vec<Change> {
    let stored_by_date = future_stored_by_date(stored, today);
    let planned_by_date: BTreeMap<NaiveDate, &PlannedOccurrence> = planned
        .iter()
        .filter(|occurrence| occurrence.date >= today)
        .map(|occurrence| (occurrence.date, occurrence))
        .collect();
    let dates: BTreeSet<NaiveDate> = stored_by_date
        .keys()
        .chain(planned_by_date.keys())
        .copied()
        .collect();

    let mut changes = Vec::new();
    for date in dates {
        let on_date = stored_by_date.get(&date).map_or(&[][..], Vec::as_slice);
        match planned_by_date.get(&date) {
            Some(planned) => reconcile_planned_date(on_date, planned, &mut changes),
            None => changes.extend(on_date.iter().filter_map(|s| change_for_unplanned(s))),
        }
    }
    changes
}

/// Stored occurrences on or after `today`, grouped by date, each group in
/// the order in which they should answer for the plan.
fn future_stored_by_date(
    stored: &[StoredOccurrence],
    today: NaiveDate,
) -> BTreeMap<NaiveDate, Vec<&StoredOccurrence>> {
    let mut by_date: BTreeMap<NaiveDate, Vec<&StoredOccurrence>> = BTreeMap::new();
    for occurrence in stored.iter().filter(|s| s.date >= today) {
        by_date.entry(occurrence.date).or_default().push(occurrence);
    }
    for group in by_date.values_mut() {
        group.sort_by_key(|s| (!s.customised, s.cancelled, !s.has_signups, s.id));
    }
    by_date
}

/// Changes for a planned date; `on_date` is sorted best match first.
fn reconcile_planned_date(
    on_date: &[&StoredOccurrence],
    planned: &PlannedOccurrence,
    changes: &mut Vec<Change>,
) {
    let Some((matched, extras)) = on_date.split_first() else {
        changes.push(Change::Insert(*planned));
        return;
    };
    changes.extend(extras.iter().filter_map(|s| change_for_unplanned(s)));
    if let Some(change) = change_for_planned(matched, planned) {
        changes.push(change);
    }
}

/// The change for a stored occurrence whose date is planned.
fn change_for_planned(stored: &StoredOccurrence, planned: &PlannedOccurrence) -> Option<Change> {
    let up_to_date = planned.same_times(stored) && !stored.cancelled;
    (!stored.customised && !up_to_date).then_some(Change::Update {
        id: stored.id,
        to: *planned,
    })
}

/// The change for a stored occurrence whose date is no longer planned.
fn change_for_unplanned(stored: &StoredOccurrence) -> Option<Change> {
    if stored.customised || stored.cancelled {
        None
    } else if stored.has_signups {
        Some(Change::Cancel { id: stored.id })
    } else {
        Some(Change::Delete { id: stored.id })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::holidays::{self, Holiday};
    use crate::calendar::{Nth, Recurrence, TimeOfDay, TimeRange};
    use chrono::{Datelike, TimeZone, Weekday};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn at(date: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
        date.and_hms_opt(h, m, 0).unwrap()
    }

    fn hours(opens: &str, closes: &str) -> Option<TimeRange> {
        Some(
            TimeRange::new(
                TimeOfDay::parse(opens).unwrap(),
                TimeOfDay::parse(closes).unwrap(),
            )
            .unwrap(),
        )
    }

    fn schedule(
        recurrence: Recurrence,
        time: Option<TimeRange>,
        closed_on_holidays: bool,
    ) -> Schedule {
        Schedule::new(recurrence, time, None, None, closed_on_holidays, None).unwrap()
    }

    fn weekly(days: &[Weekday], time: Option<TimeRange>) -> Schedule {
        schedule(
            Recurrence::Weekly {
                days: days.to_vec(),
            },
            time,
            false,
        )
    }

    fn dates(planned: &[PlannedOccurrence]) -> Vec<NaiveDate> {
        planned.iter().map(|p| p.date).collect()
    }

    fn timed(date: NaiveDate, from: (u32, u32), to: (u32, u32)) -> PlannedOccurrence {
        PlannedOccurrence {
            date,
            starts: at(date, from.0, from.1),
            ends: at(date, to.0, to.1),
            all_day: false,
        }
    }

    fn stored_from(id: i64, planned: &PlannedOccurrence) -> StoredOccurrence {
        StoredOccurrence {
            id,
            date: planned.date,
            starts: planned.starts,
            ends: planned.ends,
            all_day: planned.all_day,
            customised: false,
            cancelled: false,
            has_signups: false,
        }
    }

    /// Applies `changes` the way the database layer would.
    fn apply(store: &mut Vec<StoredOccurrence>, changes: &[Change]) {
        for change in changes {
            match *change {
                Change::Insert(planned) => {
                    let id = store.iter().map(|s| s.id).max().unwrap_or(0) + 1;
                    store.push(stored_from(id, &planned));
                }
                Change::Update { id, to } => {
                    let s = store.iter_mut().find(|s| s.id == id).unwrap();
                    s.date = to.date;
                    s.starts = to.starts;
                    s.ends = to.ends;
                    s.all_day = to.all_day;
                    s.cancelled = false;
                }
                Change::Delete { id } => store.retain(|s| s.id != id),
                Change::Cancel { id } => {
                    store.iter_mut().find(|s| s.id == id).unwrap().cancelled = true;
                }
            }
        }
    }

    // --- plan ---------------------------------------------------------------

    #[test]
    fn weekly_crosses_the_month_end_and_the_window_is_half_open() {
        let tuesday = weekly(&[Weekday::Tue], hours("10:00", "12:00"));
        assert_eq!(d(2026, 11, 24).weekday(), Weekday::Tue);
        let planned = plan(&[tuesday], d(2026, 11, 24), 3);
        // 2026-12-15 is also a Tuesday but is the first day after 3 weeks.
        assert_eq!(
            dates(&planned),
            [d(2026, 11, 24), d(2026, 12, 1), d(2026, 12, 8)]
        );
        assert_eq!(planned[1], timed(d(2026, 12, 1), (10, 0), (12, 0)));
    }

    #[test]
    fn monthly_31st_skips_shorter_months() {
        let s = schedule(
            Recurrence::MonthlyByDate { dates: vec![31] },
            hours("18:00", "20:00"),
            false,
        );
        // 2026-11-01 .. 2027-04-04 (22 weeks): November, February (28 days)
        // and April's 30 days have no 31st.
        let planned = plan(&[s], d(2026, 11, 1), 22);
        assert_eq!(
            dates(&planned),
            [d(2026, 12, 31), d(2027, 1, 31), d(2027, 3, 31)]
        );
    }

    #[test]
    fn fifth_saturday_only_in_months_that_have_one() {
        let s = schedule(
            Recurrence::MonthlyByWeekday {
                weeks: vec![Nth::Fifth],
                days: vec![Weekday::Sat],
            },
            hours("13:00", "15:00"),
            false,
        );
        assert_eq!(d(2026, 8, 29).weekday(), Weekday::Sat);
        assert_eq!(d(2026, 9, 26).weekday(), Weekday::Sat); // September's last, the 4th
        assert_eq!(d(2026, 10, 31).weekday(), Weekday::Sat);
        // August to November 2026: September and November have only four.
        let planned = plan(std::slice::from_ref(&s), d(2026, 8, 1), 17);
        assert_eq!(dates(&planned), [d(2026, 8, 29), d(2026, 10, 31)]);
        // A window covering only September gives nothing.
        assert!(plan(&[s], d(2026, 9, 1), 4).is_empty());
    }

    #[test]
    fn closed_on_holidays_skips_labour_thanksgiving_monday() {
        let holiday = d(2026, 11, 23);
        assert_eq!(holiday.weekday(), Weekday::Mon);
        assert_eq!(
            holidays::holiday_name(holiday),
            Some(Holiday::LABOR_THANKSGIVING_DAY)
        );
        let days = Recurrence::Weekly {
            days: vec![Weekday::Mon],
        };

        let closed = schedule(days.clone(), hours("10:00", "11:00"), true);
        let planned = plan(&[closed], d(2026, 11, 16), 2);
        assert_eq!(dates(&planned), [d(2026, 11, 16)]);

        let open = schedule(days, hours("10:00", "11:00"), false);
        let planned = plan(&[open], d(2026, 11, 16), 2);
        assert_eq!(dates(&planned), [d(2026, 11, 16), holiday]);
    }

    #[test]
    fn tokyo_times_are_utc_plus_nine_all_year() {
        let s = weekly(&[Weekday::Thu], hours("10:00", "11:30"));
        for (from, utc_date) in [
            (d(2026, 1, 1), d(2026, 1, 1)),
            (d(2026, 7, 2), d(2026, 7, 2)),
        ] {
            let planned = plan(std::slice::from_ref(&s), from, 1);
            assert_eq!(planned.len(), 1);
            let p = planned[0];
            assert_eq!(p.starts, at(utc_date, 10, 0));
            let expected = Utc.from_utc_datetime(&at(utc_date, 1, 0));
            assert_eq!(p.starts_utc(), Some(expected));
            assert_eq!(
                p.ends_utc(),
                Some(Utc.from_utc_datetime(&at(utc_date, 2, 30)))
            );
            // The same instant through the calendar's fixed offset.
            assert_eq!(
                JST.from_local_datetime(&p.starts)
                    .single()
                    .map(|t| t.with_timezone(&Utc)),
                Some(expected)
            );
        }
    }

    #[test]
    fn all_day_when_no_hours() {
        let s = weekly(&[Weekday::Sat], None);
        let planned = plan(&[s], d(2026, 12, 26), 1);
        assert_eq!(
            planned,
            [PlannedOccurrence {
                date: d(2026, 12, 26),
                starts: at(d(2026, 12, 26), 0, 0),
                ends: at(d(2026, 12, 27), 0, 0),
                all_day: true,
            }]
        );
        assert_eq!(PlannedOccurrence::all_day(NaiveDate::MAX), None);
    }

    #[test]
    fn one_per_date_keeping_the_earliest_start() {
        let afternoon = weekly(&[Weekday::Tue, Weekday::Fri], hours("14:00", "16:00"));
        let morning = weekly(&[Weekday::Tue], hours("9:30", "11:00"));
        let planned = plan(&[afternoon.clone(), morning.clone()], d(2026, 11, 24), 1);
        assert_eq!(
            planned,
            [
                timed(d(2026, 11, 24), (9, 30), (11, 0)),
                timed(d(2026, 11, 27), (14, 0), (16, 0))
            ]
        );
        // The order of the schedules does not matter.
        assert_eq!(
            plan(&[morning, afternoon.clone()], d(2026, 11, 24), 1),
            planned
        );
        // An all-day schedule starts first of all.
        let all_day = weekly(&[Weekday::Fri], None);
        let planned = plan(&[afternoon, all_day], d(2026, 11, 24), 1);
        assert!(planned[1].all_day);
    }

    #[test]
    fn plan_honours_validity_irregular_and_zero_weeks() {
        let mut s = weekly(&[Weekday::Tue], hours("10:00", "12:00"));
        s.valid_to = Some(d(2026, 12, 1));
        assert_eq!(
            dates(&plan(&[s.clone()], d(2026, 11, 24), 4)),
            [d(2026, 11, 24), d(2026, 12, 1)]
        );
        assert!(plan(&[s], d(2026, 11, 24), 0).is_empty());
        let irregular = schedule(
            Recurrence::Irregular {
                note: "月1回程度".into(),
            },
            None,
            false,
        );
        assert!(plan(&[irregular], d(2026, 11, 24), 8).is_empty());
        assert!(plan(&[], d(2026, 11, 24), 8).is_empty());
    }

    #[test]
    fn plan_near_the_end_of_time_does_not_panic() {
        let s = weekly(
            &[
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
                Weekday::Sat,
                Weekday::Sun,
            ],
            None,
        );
        let from = NaiveDate::MAX.checked_sub_days(Days::new(3)).unwrap();
        let planned = plan(&[s], from, u32::MAX);
        // The last day has no next midnight, so no all-day session there.
        assert_eq!(planned.len(), 3);
    }

    // --- reconcile ----------------------------------------------------------

    fn tuesdays_plan() -> Vec<PlannedOccurrence> {
        plan(
            &[weekly(&[Weekday::Tue], hours("10:00", "12:00"))],
            d(2026, 11, 24),
            3,
        )
    }

    #[test]
    fn empty_store_inserts_everything_then_nothing() {
        let planned = tuesdays_plan();
        let changes = reconcile(&[], &planned, d(2026, 11, 24));
        assert_eq!(
            changes,
            planned
                .iter()
                .map(|p| Change::Insert(*p))
                .collect::<Vec<_>>()
        );
        let mut store = Vec::new();
        apply(&mut store, &changes);
        assert_eq!(reconcile(&store, &planned, d(2026, 11, 24)), []);
    }

    #[test]
    fn past_occurrences_are_never_touched() {
        let today = d(2026, 11, 24);
        let yesterday_dropped = stored_from(1, &timed(d(2026, 11, 23), (10, 0), (12, 0)));
        let last_week_other_time = stored_from(2, &timed(d(2026, 11, 17), (9, 0), (10, 0)));
        let mut planned = tuesdays_plan();
        // A planned date before today (e.g. a stale plan) is not inserted.
        planned.insert(0, timed(d(2026, 11, 17), (10, 0), (12, 0)));
        let changes = reconcile(&[yesterday_dropped, last_week_other_time], &planned, today);
        assert!(
            changes
                .iter()
                .all(|c| matches!(c, Change::Insert(p) if p.date >= today)),
            "{changes:?}"
        );
        assert_eq!(changes.len(), 3);
    }

    #[test]
    fn today_counts_as_future() {
        let today = d(2026, 11, 24);
        let stale = stored_from(1, &timed(today, (9, 0), (10, 0)));
        let changes = reconcile(&[stale], &tuesdays_plan()[..1], today);
        assert_eq!(
            changes,
            [Change::Update {
                id: 1,
                to: tuesdays_plan()[0]
            }]
        );
    }

    #[test]
    fn time_change_updates() {
        let old = plan(
            &[weekly(&[Weekday::Tue], hours("10:00", "12:00"))],
            d(2026, 11, 24),
            3,
        );
        let mut store: Vec<_> = old
            .iter()
            .zip(1..)
            .map(|(p, id)| stored_from(id, p))
            .collect();
        store[0].has_signups = true;
        let new = plan(
            &[weekly(&[Weekday::Tue], hours("13:00", "15:00"))],
            d(2026, 11, 24),
            3,
        );
        let changes = reconcile(&store, &new, d(2026, 11, 24));
        assert_eq!(
            changes,
            [
                Change::Update { id: 1, to: new[0] },
                Change::Update { id: 2, to: new[1] },
                Change::Update { id: 3, to: new[2] },
            ]
        );
        apply(&mut store, &changes);
        assert_eq!(reconcile(&store, &new, d(2026, 11, 24)), []);
        // Switching to all-day is a change of times too.
        let all_day = plan(&[weekly(&[Weekday::Tue], None)], d(2026, 11, 24), 1);
        assert_eq!(
            reconcile(&store[..1], &all_day, d(2026, 11, 24)),
            [Change::Update {
                id: 1,
                to: all_day[0]
            }]
        );
    }

    #[test]
    fn customised_occurrences_are_kept() {
        let planned = tuesdays_plan();
        let mut moved = stored_from(1, &timed(planned[0].date, (15, 0), (17, 0)));
        moved.customised = true;
        let mut cancelled_by_staff = stored_from(2, &planned[1]);
        cancelled_by_staff.customised = true;
        cancelled_by_staff.cancelled = true;
        // An extra session staff added on a Wednesday.
        let mut extra = stored_from(3, &timed(d(2026, 11, 25), (10, 0), (12, 0)));
        extra.customised = true;
        let store = vec![moved, cancelled_by_staff, extra];
        let changes = reconcile(&store, &planned, d(2026, 11, 24));
        assert_eq!(changes, [Change::Insert(planned[2])]);
    }

    #[test]
    fn dropped_dates_with_signups_are_cancelled_others_deleted() {
        let today = d(2026, 11, 24);
        let old = tuesdays_plan();
        let mut store: Vec<_> = old
            .iter()
            .zip(1..)
            .map(|(p, id)| stored_from(id, p))
            .collect();
        store[1].has_signups = true;
        // The activity moves to Wednesdays.
        let new = plan(
            &[weekly(&[Weekday::Wed], hours("10:00", "12:00"))],
            today,
            3,
        );
        let changes = reconcile(&store, &new, today);
        assert_eq!(
            changes,
            [
                Change::Delete { id: 1 },
                Change::Insert(new[0]),
                Change::Cancel { id: 2 },
                Change::Insert(new[1]),
                Change::Delete { id: 3 },
                Change::Insert(new[2]),
            ]
        );
        apply(&mut store, &changes);
        assert_eq!(reconcile(&store, &new, today), []);
        // The cancelled one is still there for the people signed up.
        assert!(store.iter().any(|s| s.id == 2 && s.cancelled));
    }

    #[test]
    fn automatically_cancelled_occurrence_comes_back_when_planned_again() {
        let today = d(2026, 11, 24);
        let planned = tuesdays_plan();
        let mut store = vec![stored_from(1, &planned[1])];
        store[0].has_signups = true;
        // The schedule drops the date (e.g. closed for a month) ...
        let changes = reconcile(&store, &[], today);
        assert_eq!(changes, [Change::Cancel { id: 1 }]);
        apply(&mut store, &changes);
        assert_eq!(reconcile(&store, &[], today), []);
        // ... and calls for it again: same times, but it is revived.
        let changes = reconcile(&store, &planned[1..2], today);
        assert_eq!(
            changes,
            [Change::Update {
                id: 1,
                to: planned[1]
            }]
        );
        apply(&mut store, &changes);
        assert!(!store[0].cancelled);
        assert_eq!(reconcile(&store, &planned[1..2], today), []);
    }

    #[test]
    fn duplicates_on_one_date_settle() {
        let today = d(2026, 11, 24);
        let planned = tuesdays_plan();
        let p = planned[0];
        let mut with_signups = stored_from(7, &timed(p.date, (9, 0), (10, 0)));
        with_signups.has_signups = true;
        let plain = stored_from(3, &p);
        let mut store = vec![plain, with_signups];
        let changes = reconcile(&store, &planned[..1], today);
        // The one with sign-ups answers for the plan; the other goes.
        assert_eq!(
            changes,
            [Change::Delete { id: 3 }, Change::Update { id: 7, to: p }]
        );
        apply(&mut store, &changes);
        assert_eq!(reconcile(&store, &planned[..1], today), []);
    }

    /// Idempotence across a sequence of schedule edits with random-ish
    /// sign-ups and staff edits in between.
    #[test]
    fn reconcile_is_idempotent_through_schedule_edits() {
        let plans = [
            weekly(&[Weekday::Tue, Weekday::Fri], hours("10:00", "12:00")),
            weekly(&[Weekday::Tue], hours("13:00", "15:00")),
            schedule(
                Recurrence::MonthlyByDate {
                    dates: vec![1, 15, 31],
                },
                None,
                false,
            ),
            schedule(
                Recurrence::Weekly {
                    days: vec![Weekday::Mon],
                },
                hours("10:00", "11:00"),
                true,
            ),
            weekly(&[Weekday::Tue, Weekday::Fri], hours("10:00", "12:00")),
        ];
        let mut store: Vec<StoredOccurrence> = Vec::new();
        let mut today = d(2026, 11, 2);
        for (round, s) in plans.iter().enumerate() {
            let planned = plan(std::slice::from_ref(s), today, 6);
            let changes = reconcile(&store, &planned, today);
            apply(&mut store, &changes);
            assert_eq!(reconcile(&store, &planned, today), [], "round {round}");
            // Storage now matches the plan from today on.
            let live: Vec<NaiveDate> = store
                .iter()
                .filter(|o| o.date >= today && !o.cancelled && !o.customised)
                .map(|o| o.date)
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let planned_dates: Vec<NaiveDate> = dates(&planned);
            assert!(
                live.iter().all(|date| planned_dates.contains(date)),
                "round {round}"
            );
            // People sign up for every other session; staff edit one.
            for (i, o) in store.iter_mut().enumerate() {
                o.has_signups |= (i + round) % 2 == 0;
                o.customised |= i == 3 && round == 1;
            }
            today = today.checked_add_days(Days::new(4)).unwrap();
        }
    }
}
