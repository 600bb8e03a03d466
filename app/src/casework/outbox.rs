//! The tablet's outbox: every edit is written here first (with an id the
//! device makes up and its place in the device's sequence for the case),
//! shown at once laid over the last copy from the server, and sent when the
//! network allows. Only a reply from the server removes an item; a deferred
//! item stays and goes again. Pure data: the browser code stores it
//! (encrypted) and sends it.
use super::case_file::{CaseFile, ConflictRow, ConnectionRow, FieldValue, NoteRow, RatingRow};
use super::sync::{Change, ItemResult, Outcome, SyncBatch, SyncItem, SyncReply, MAX_ITEMS};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Outbox {
    pub device_id: String,
    /// The next sequence number per case.
    pub next_seq: BTreeMap<i64, i64>,
    /// Edits not yet settled by the server, oldest first.
    pub items: Vec<SyncItem>,
    /// When the server last answered (RFC 3339, server clock).
    pub last_sync: Option<String>,
    /// Conflicts the server reported and nobody has decided yet.
    pub conflicts: Vec<(i64, ConflictRow)>,
    /// Items the server has, still shown until a fresh copy of their case
    /// arrives (a copy may fail to load right after a sync).
    #[serde(default)]
    pub delivered: Vec<SyncItem>,
    /// The account these edits belong to, once a server answer said so.
    #[serde(default)]
    pub owner: Option<i64>,
}

/// How many delivered items are kept for showing, at most.
const MAX_DELIVERED: usize = 500;

fn known(id: &str, f: &CaseFile) -> bool {
    f.notes.iter().any(|n| n.client_id == id)
        || f.connections.iter().any(|c| c.client_id == id)
        || f.ratings.iter().any(|r| r.client_id == id)
        || f.checks.iter().any(|c| c.client_id == id)
}

impl Outbox {
    pub fn new(device_id: impl Into<String>) -> Outbox {
        Outbox { device_id: device_id.into(), ..Outbox::default() }
    }

    /// Add an edit; its sequence number for the case is the next one.
    pub fn push(&mut self, client_id: String, case_id: i64, written_at: String, change: Change) -> &SyncItem {
        let seq = self.next_seq.entry(case_id).or_insert(1);
        self.items.push(SyncItem { client_id, case_id, seq: *seq, written_at, change });
        *seq += 1;
        self.items.last().expect("just pushed")
    }

    pub fn waiting(&self) -> usize {
        self.items.len()
    }

    pub fn pending_for(&self, case_id: i64) -> impl Iterator<Item = &SyncItem> {
        self.items.iter().filter(move |i| i.case_id == case_id)
    }

    /// The next batch to send: the oldest items, at most [`MAX_ITEMS`].
    pub fn batch(&self) -> Option<SyncBatch> {
        (!self.items.is_empty()).then(|| self.hello_with(self.items.iter().take(MAX_ITEMS).cloned().collect()))
    }

    /// A batch with no items: asks who is signed in and which cases they
    /// hold, so a device learns its owner and drops copies it may not keep.
    pub fn hello(&self) -> SyncBatch {
        self.hello_with(Vec::new())
    }

    fn hello_with(&self, items: Vec<SyncItem>) -> SyncBatch {
        SyncBatch { device_id: self.device_id.clone(), owner: self.owner, items }
    }

    /// The server named the signed-in account. With nothing waiting the
    /// device passes to it (what was shown for the previous one goes);
    /// waiting edits keep their owner until sent or discarded.
    pub fn meet(&mut self, user_id: i64) {
        if self.owner == Some(user_id) || user_id == 0 {
            return;
        }
        if self.owner.is_none() || self.items.is_empty() {
            if self.owner.is_some() {
                self.delivered.clear();
                self.conflicts.clear();
            }
            self.owner = Some(user_id);
        }
    }

    /// Throw away edits the server refused (and the person chose to drop).
    /// Later edits of the same case move up one place each, so the case's
    /// sequence has no gap for the server to wait on.
    pub fn discard(&mut self, client_ids: &[String]) -> usize {
        let mut dropped = 0;
        while let Some(pos) = self.items.iter().position(|i| client_ids.contains(&i.client_id)) {
            let gone = self.items.remove(pos);
            for later in self.items.iter_mut().filter(|i| i.case_id == gone.case_id && i.seq > gone.seq) {
                later.seq -= 1;
            }
            if let Some(next) = self.next_seq.get_mut(&gone.case_id) {
                *next -= 1;
            }
            dropped += 1;
        }
        if self.items.is_empty() {
            // nothing of the previous owner is left waiting
            self.owner = None;
        }
        dropped
    }

    /// Take the server's answer: settled items leave the outbox, conflicts
    /// are kept to show. Returns how many items were settled.
    pub fn settle(&mut self, reply: &SyncReply) -> usize {
        let mut settled = 0;
        for ItemResult { client_id, outcome } in &reply.results {
            if !outcome.settled() {
                continue;
            }
            let Some(pos) = self.items.iter().position(|i| &i.client_id == client_id) else { continue };
            let item = self.items.remove(pos);
            settled += 1;
            if matches!(outcome, Outcome::Applied | Outcome::Duplicate) {
                self.delivered.push(item.clone());
            }
            if let Outcome::Conflict { field, server_value, device_value, conflict_id } = outcome {
                if !self.conflicts.iter().any(|(_, c)| c.id == *conflict_id) {
                    self.conflicts.push((
                        item.case_id,
                        ConflictRow {
                            id: *conflict_id,
                            field: field.clone(),
                            server_value: server_value.clone(),
                            server_revision: 0,
                            device_value: device_value.clone(),
                            created_at: item.written_at.clone(),
                        },
                    ));
                }
            }
        }
        if self.delivered.len() > MAX_DELIVERED {
            let extra = self.delivered.len() - MAX_DELIVERED;
            self.delivered.drain(..extra);
        }
        self.last_sync = Some(reply.server_time.clone());
        settled
    }

    /// A fresh copy of a case arrived from the server: what it holds need
    /// not be shown from here any more (field changes are in it by now).
    pub fn forget_delivered(&mut self, server: &CaseFile) {
        self.delivered
            .retain(|i| i.case_id != server.id || (!matches!(i.change, Change::Field { .. }) && !known(&i.client_id, server)));
    }

    /// Cases the person no longer works are forgotten, with their edits.
    /// Returns the ids of the cases dropped.
    pub fn keep_only(&mut self, assigned: &[i64]) -> Vec<i64> {
        let mut dropped: Vec<i64> = self.items.iter().map(|i| i.case_id).filter(|c| !assigned.contains(c)).collect();
        dropped.sort_unstable();
        dropped.dedup();
        self.items.retain(|i| assigned.contains(&i.case_id));
        self.delivered.retain(|i| assigned.contains(&i.case_id));
        self.conflicts.retain(|(c, _)| assigned.contains(c));
        dropped
    }
}

/// The case as the tablet shows it: the server's copy with this device's
/// unsent edits laid over it (marked by their client ids in `pending`).
pub fn with_pending(file: &CaseFile, outbox: &Outbox) -> CaseFile {
    let mut file = file.clone();
    let delivered = outbox.delivered.iter().filter(|i| i.case_id == file.id);
    for item in delivered.chain(outbox.pending_for(file.id)) {
        if known(&item.client_id, &file) {
            continue;
        }
        match &item.change {
            Change::Note { note_kind, happened_on, body } => file.notes.push(NoteRow {
                client_id: item.client_id.clone(),
                kind: note_kind.clone(),
                happened_on: happened_on.clone(),
                body: body.clone(),
                author: String::new(),
                written_at: item.written_at.clone(),
            }),
            Change::Connection { label, activity_id, resource_id, tie, family, state, started_on, introduced_by, before_support } => {
                file.connections.push(ConnectionRow {
                    client_id: item.client_id.clone(),
                    label: label.clone(),
                    activity_id: *activity_id,
                    resource_id: *resource_id,
                    tie: tie.clone(),
                    family: family.clone(),
                    state: state.clone(),
                    started_on: (!started_on.is_empty()).then(|| started_on.clone()),
                    introduced_by: (!introduced_by.is_empty()).then(|| introduced_by.clone()),
                    before_support: *before_support,
                })
            }
            Change::Rating { stage, indicator, rating, note } => file.ratings.push(RatingRow {
                client_id: item.client_id.clone(),
                stage: stage.clone(),
                indicator: indicator.clone(),
                rating: *rating,
                note: (!note.is_empty()).then(|| note.clone()),
                written_at: item.written_at.clone(),
            }),
            Change::Check { stage, questionnaire_id, scores, taken_on } => file.checks.push(super::case_file::CheckRow {
                client_id: item.client_id.clone(),
                stage: stage.clone(),
                questionnaire_id: questionnaire_id.clone(),
                scores: scores.clone(),
                taken_on: taken_on.clone(),
            }),
            Change::Field { field, value, .. } => {
                let revision = file.fields.get(field).map(|f| f.revision).unwrap_or(0);
                file.fields.insert(field.clone(), FieldValue { value: value.clone(), revision });
            }
        }
    }
    file.notes.sort_by(|a, b| (&a.happened_on, &a.written_at).cmp(&(&b.happened_on, &b.written_at)));
    for (case_id, c) in &outbox.conflicts {
        if *case_id == file.id && !file.conflicts.iter().any(|k| k.id == c.id) {
            file.conflicts.push(c.clone());
        }
    }
    file
}

/// Whether an item of this device is still waiting (to mark it "not sent").
pub fn is_pending(outbox: &Outbox, client_id: &str) -> bool {
    outbox.items.iter().any(|i| i.client_id == client_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(body: &str) -> Change {
        Change::Note { note_kind: "note".into(), happened_on: "2026-12-02".into(), body: body.into() }
    }

    fn file() -> CaseFile {
        CaseFile {
            id: 7,
            referral_id: 1,
            person: Default::default(),
            assigned_to: Some(3),
            assignee_name: None,
            opened_at: "2026-12-01T00:00:00Z".into(),
            fields: [("status".to_string(), FieldValue { value: "received".into(), revision: 0 })].into(),
            notes: vec![],
            connections: vec![],
            ratings: vec![],
            checks: vec![],
            conflicts: vec![],
            own_check: None,
        }
    }

    #[test]
    fn sequences_count_per_case() {
        let mut o = Outbox::new("tablet-aaaa");
        o.push("a-00000001".into(), 7, "t".into(), note("1"));
        o.push("a-00000002".into(), 8, "t".into(), note("1"));
        let third = o.push("a-00000003".into(), 7, "t".into(), note("2")).seq;
        assert_eq!(third, 2);
        assert_eq!(o.waiting(), 3);
        assert_eq!(o.batch().unwrap().items.len(), 3);
    }

    #[test]
    fn discarding_closes_the_gap_in_the_case_sequence() {
        let mut o = Outbox::new("tablet-aaaa");
        o.owner = Some(3);
        o.push("a-00000001".into(), 7, "t".into(), note("1"));
        o.push("a-00000002".into(), 9, "t".into(), note("other case"));
        o.push("a-00000003".into(), 7, "t".into(), note("3"));
        o.push("a-00000004".into(), 7, "t".into(), note("4"));
        assert_eq!(o.discard(&["a-00000003".into()]), 1);
        let seqs: Vec<(i64, i64)> = o.items.iter().map(|i| (i.case_id, i.seq)).collect();
        assert_eq!(seqs, [(7, 1), (9, 1), (7, 2)]);
        let next = o.push("a-00000005".into(), 7, "t".into(), note("5")).seq;
        assert_eq!(next, 3);
        assert_eq!(o.owner, Some(3), "edits still waiting keep their owner");
        assert_eq!(o.discard(&o.items.iter().map(|i| i.client_id.clone()).collect::<Vec<_>>()), 4);
        assert_eq!(o.owner, None);
    }

    #[test]
    fn a_device_passes_to_another_account_only_with_nothing_waiting() {
        let mut o = Outbox::new("tablet-aaaa");
        o.meet(3);
        assert_eq!(o.owner, Some(3));
        assert_eq!(o.hello().owner, Some(3));
        o.push("a-00000001".into(), 7, "t".into(), note("1"));
        o.meet(5);
        assert_eq!(o.owner, Some(3), "3's waiting edit is never sent as 5's");
        assert_eq!(o.batch().unwrap().owner, Some(3));
        o.items.clear();
        o.delivered.push(SyncItem { client_id: "a-00000001".into(), case_id: 7, seq: 1, written_at: "t".into(), change: note("1") });
        o.meet(5);
        assert_eq!(o.owner, Some(5));
        assert!(o.delivered.is_empty(), "3's delivered edits are no longer shown");
    }

    #[test]
    fn only_settled_items_leave_and_conflicts_are_kept() {
        let mut o = Outbox::new("tablet-aaaa");
        o.push("a-00000001".into(), 7, "t".into(), note("1"));
        o.push("a-00000002".into(), 7, "t".into(), note("2"));
        o.push("a-00000003".into(), 7, "t".into(), Change::Field { field: "status".into(), value: "closed".into(), base_revision: 0 });
        let reply = SyncReply {
            results: vec![
                ItemResult { client_id: "a-00000001".into(), outcome: Outcome::Applied },
                ItemResult { client_id: "a-00000002".into(), outcome: Outcome::Deferred },
                ItemResult {
                    client_id: "a-00000003".into(),
                    outcome: Outcome::Conflict { field: "status".into(), server_value: "assessing".into(), device_value: "closed".into(), conflict_id: 4 },
                },
            ],
            assigned_cases: vec![7],
            server_time: "2026-12-02T01:00:00Z".into(),
            user_id: 3,
        };
        assert_eq!(o.settle(&reply), 2);
        assert_eq!(o.items.iter().map(|i| i.client_id.as_str()).collect::<Vec<_>>(), ["a-00000002"]);
        assert_eq!(o.conflicts.len(), 1);
        // the same reply twice changes nothing more
        assert_eq!(o.settle(&reply), 0);
        assert_eq!(o.conflicts.len(), 1);
        assert_eq!(o.last_sync.as_deref(), Some("2026-12-02T01:00:00Z"));
    }

    #[test]
    fn pending_edits_show_at_once_and_once() {
        let mut o = Outbox::new("tablet-aaaa");
        o.push("a-00000001".into(), 7, "2026-12-02T01:00:00Z".into(), note("訪問"));
        o.push("a-00000002".into(), 7, "2026-12-02T01:01:00Z".into(), Change::Field { field: "status".into(), value: "assessing".into(), base_revision: 0 });
        o.push("a-00000003".into(), 9, "2026-12-02T01:01:00Z".into(), note("other case"));
        let shown = with_pending(&file(), &o);
        assert_eq!(shown.notes.len(), 1);
        assert_eq!(shown.field("status"), "assessing");
        // once the server has it, it is not shown twice
        let mut server = file();
        server.notes.push(shown.notes[0].clone());
        assert_eq!(with_pending(&server, &o).notes.len(), 1);
        assert!(is_pending(&o, "a-00000001"));
    }

    #[test]
    fn delivered_items_stay_shown_until_a_fresh_copy_has_them() {
        let mut o = Outbox::new("tablet-aaaa");
        o.push("a-00000001".into(), 7, "t".into(), note("訪問"));
        let reply = SyncReply {
            results: vec![ItemResult { client_id: "a-00000001".into(), outcome: Outcome::Duplicate }],
            assigned_cases: vec![7],
            server_time: "2026-12-02T01:00:00Z".into(),
            user_id: 3,
        };
        o.settle(&reply);
        assert_eq!(o.waiting(), 0);
        // the copy on screen is older than the sync: the note still shows, as sent
        let old = file();
        assert_eq!(with_pending(&old, &o).notes.len(), 1);
        assert!(!is_pending(&o, "a-00000001"));
        o.forget_delivered(&old);
        assert_eq!(o.delivered.len(), 1, "the old copy does not have it");
        let mut fresh = file();
        fresh.notes = with_pending(&old, &o).notes;
        o.forget_delivered(&fresh);
        assert!(o.delivered.is_empty());
    }

    #[test]
    fn unassigned_cases_are_forgotten() {
        let mut o = Outbox::new("tablet-aaaa");
        o.push("a-00000001".into(), 7, "t".into(), note("1"));
        o.push("a-00000002".into(), 8, "t".into(), note("1"));
        assert_eq!(o.keep_only(&[7]), vec![8]);
        assert_eq!(o.waiting(), 1);
    }
}
