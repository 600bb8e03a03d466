//! The tablet side of sync: the outbox lives in the encrypted vault; every
//! edit goes there first and shows at once; the outbox is sent when the page
//! opens, when the browser says it is back online, after each edit, and by a
//! periodic retry (Safari has no Background Sync). Only the server's answer
//! removes an item, so a lost reply or a dropped connection loses nothing.
use super::outbox::Outbox;
use super::sync::{Change, SyncBatch, SyncItem};
use crate::i18n::Locale;
use leptos::prelude::*;

/// What the sync bar says.
#[derive(Debug, Clone, PartialEq)]
pub enum SyncStatus {
    /// The outbox is still being read from the device.
    Loading,
    /// Nothing waiting; the server has everything.
    Saved,
    /// Items waiting to be sent (and the network is not known to be down).
    Waiting,
    Sending,
    /// The last try could not reach the server.
    Offline,
    /// The server refused the batch: its message (in the reader's language).
    Refused(String),
    /// The session ended: sign in again (nothing is lost).
    SignIn,
    /// The waiting edits were written under another account than the one
    /// signed in now: they wait for it (or are discarded by choice).
    OtherAccount(String),
}

#[derive(Clone, Copy)]
pub struct SyncClient {
    pub outbox: RwSignal<Outbox>,
    pub status: RwSignal<SyncStatus>,
    /// Bumped after each answer from the server (reload the server copy).
    pub answered: RwSignal<u32>,
    /// Edits the server refused, which the person may choose to discard.
    pub refused: RwSignal<Vec<String>>,
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    in_flight: RwSignal<bool>,
    /// Whether this page has asked the server who is signed in.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    greeted: RwSignal<bool>,
}

/// How often a waiting outbox is tried again.
pub const RETRY_MS: u64 = 3_000;

impl SyncClient {
    /// Read the outbox from the vault and start syncing (browser only; on
    /// the server it stays `Loading`).
    pub fn start() -> SyncClient {
        let client = SyncClient {
            outbox: RwSignal::new(Outbox::default()),
            status: RwSignal::new(SyncStatus::Loading),
            answered: RwSignal::new(0),
            refused: RwSignal::new(Vec::new()),
            in_flight: RwSignal::new(false),
            greeted: RwSignal::new(false),
        };
        #[cfg(feature = "hydrate")]
        Effect::new(move |started: Option<()>| {
            if started.is_some() {
                return;
            }
            leptos::task::spawn_local(async move {
                // a vault that cannot be read (locked) is never written over
                let Ok(stored) = super::vault::get::<Outbox>("outbox").await else { return };
                let mut o = stored.unwrap_or_default();
                if o.device_id.is_empty() {
                    o.device_id = super::vault::random_id();
                }
                client.outbox.set(o);
                client.status.set(SyncStatus::Waiting);
                client.persist();
                client.sync_now();
            });
            let online = window_event_listener_untyped("online", move |_| client.sync_now());
            let retry = set_interval_with_handle(
                move || {
                    if client.outbox.with_untracked(|o| o.waiting() > 0) {
                        client.sync_now();
                    }
                },
                std::time::Duration::from_millis(RETRY_MS),
            )
            .ok();
            on_cleanup(move || {
                online.remove();
                if let Some(r) = retry {
                    r.clear();
                }
            });
        });
        client
    }

    pub fn ready(&self) -> bool {
        !matches!(self.status.get(), SyncStatus::Loading)
    }

    /// Write an edit to the outbox (shown at once), then try to send it.
    pub fn record(&self, case_id: i64, change: Change) {
        #[cfg(feature = "hydrate")]
        {
            let written_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            let client_id = super::vault::random_id();
            self.outbox.update(|o| {
                o.push(client_id, case_id, written_at, change);
            });
            self.persist();
            self.sync_now();
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (case_id, change);
    }

    /// Check edits as the server will; then all go into the outbox, or none
    /// does and the problems come back in the reader's language.
    pub fn record_checked(&self, case_id: i64, edits: Vec<Change>, locale: Locale) -> Result<(), String> {
        for e in &edits {
            check_edit(case_id, e, locale)?;
        }
        for e in edits {
            self.record(case_id, e);
        }
        Ok(())
    }

    /// A fresh copy of a case came from the server.
    pub fn fresh_copy(&self, file: &super::case_file::CaseFile) {
        let changed = self
            .outbox
            .try_update_untracked(|o| {
                let before = o.delivered.len();
                o.forget_delivered(file);
                o.delivered.len() != before
            })
            .unwrap_or(false);
        // most answers change nothing here: no redraw, no write to the vault
        if changed {
            self.outbox.notify();
            self.persist();
        }
    }

    /// Drop the edits the server refused (the person chose to), then send
    /// the rest.
    pub fn discard_refused(&self) {
        let ids = self.refused.get_untracked();
        self.outbox.update(|o| {
            o.discard(&ids);
        });
        self.refused.set(Vec::new());
        self.status.set(SyncStatus::Waiting);
        self.persist();
        self.sync_now();
    }

    /// Forget a conflict once a value has been chosen for it.
    pub fn settle_conflict(&self, conflict_id: i64) {
        self.outbox.update(|o| o.conflicts.retain(|(_, c)| c.id != conflict_id));
        self.persist();
    }

    fn persist(&self) {
        // never write over the stored outbox before it has been read
        if matches!(self.status.get_untracked(), SyncStatus::Loading) {
            return;
        }
        #[cfg(feature = "hydrate")]
        {
            let o = self.outbox.get_untracked();
            leptos::task::spawn_local(async move {
                let _ = super::vault::put("outbox", &o).await;
            });
        }
    }

    /// Send the oldest waiting items now (one request at a time).
    pub fn sync_now(&self) {
        #[cfg(feature = "hydrate")]
        {
            let client = *self;
            if client.in_flight.get_untracked() || matches!(client.status.get_untracked(), SyncStatus::Loading) {
                return;
            }
            let batch = match client.outbox.with_untracked(|o| o.batch()) {
                Some(b) => b,
                // nothing waiting: once per page, ask who is signed in
                None if !client.greeted.get_untracked() => client.outbox.with_untracked(|o| o.hello()),
                None => {
                    client.status.set(SyncStatus::Saved);
                    return;
                }
            };
            let Ok(body) = serde_json::to_string(&batch) else { return };
            let sent: Vec<String> = batch.items.iter().map(|i| i.client_id.clone()).collect();
            client.in_flight.set(true);
            client.status.set(SyncStatus::Sending);
            crate::ui::browser::post_json("/api/casework/sync", &body, 20_000, move |code, text| {
                client.in_flight.set(false);
                client.answer(code, &text, &sent);
            });
        }
    }

    #[cfg(feature = "hydrate")]
    fn answer(&self, code: u16, text: &str, sent: &[String]) {
        use super::sync::SyncReply;
        let client = *self;
        match code {
            200 => {
                let Ok(reply) = serde_json::from_str::<SyncReply>(text) else {
                    client.status.set(SyncStatus::Offline);
                    return;
                };
                client.greeted.set(true);
                client.refused.set(Vec::new());
                let mut settled = 0;
                client.outbox.update(|o| {
                    settled = o.settle(&reply);
                    o.keep_only(&reply.assigned_cases);
                    o.meet(reply.user_id);
                });
                client.persist();
                let assigned = reply.assigned_cases.clone();
                leptos::task::spawn_local(async move {
                    // cases no longer assigned leave this device
                    for name in super::vault::names().await.unwrap_or_default() {
                        if let Some(id) = name.strip_prefix("case:").and_then(|i| i.parse::<i64>().ok()) {
                            if !assigned.contains(&id) {
                                let _ = super::vault::delete(&name).await;
                            }
                        }
                    }
                });
                // a fresh server copy is worth a (recorded) read only when
                // something was sent
                if !reply.results.is_empty() {
                    client.answered.update(|n| *n += 1);
                }
                let waiting = client.outbox.with_untracked(|o| o.waiting());
                client.status.set(if waiting == 0 { SyncStatus::Saved } else { SyncStatus::Waiting });
                if waiting > 0 && settled > 0 {
                    client.sync_now();
                }
            }
            0 => client.status.set(SyncStatus::Offline),
            401 => {
                // the session is over (signed out everywhere, expired, the
                // account disabled): the vault is wiped, except for unsent
                // edits, which wait locked under the PIN
                client.status.set(SyncStatus::SignIn);
                let unsent = client.outbox.with_untracked(|o| o.waiting() > 0);
                leptos::task::spawn_local(super::vault::signed_out(unsent));
            }
            _ => {
                let v: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
                let mut message = v["message"].as_str().unwrap_or_default().to_string();
                let problems = v["problems"].as_array().cloned().unwrap_or_default();
                for p in &problems {
                    if let Some(m) = p["message"].as_str() {
                        message.push(' ');
                        message.push_str(m);
                    }
                }
                let waiting: Vec<(String, i64)> = client.outbox.with_untracked(|o| o.items.iter().map(|i| (i.client_id.clone(), i.case_id)).collect());
                client.refused.set(refused_items(code, &problems, sent, &waiting));
                client.status.set(if code == 409 { SyncStatus::OtherAccount(message) } else { SyncStatus::Refused(message) });
            }
        }
    }
}

/// Which waiting edits a refusal is about: the items a 400 names (by their
/// place in the batch sent; all of it when no item is named), every edit of
/// the cases a 403 names, and everything for another account's edits (409).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn refused_items(code: u16, problems: &[serde_json::Value], sent: &[String], waiting: &[(String, i64)]) -> Vec<String> {
    match code {
        400 => {
            let named: Vec<String> = problems.iter().filter_map(|p| p["item"].as_u64()).filter_map(|i| sent.get(i as usize).cloned()).collect();
            if named.is_empty() { sent.to_vec() } else { named }
        }
        403 => {
            let cases: Vec<i64> = problems.iter().filter_map(|p| p["case_id"].as_i64()).collect();
            waiting.iter().filter(|(_, c)| cases.contains(c)).map(|(id, _)| id.clone()).collect()
        }
        409 => waiting.iter().map(|(id, _)| id.clone()).collect(),
        _ => Vec::new(),
    }
}

/// One edit checked by the same parser the server uses.
fn check_edit(case_id: i64, change: &Change, locale: Locale) -> Result<(), String> {
    let item = SyncItem { client_id: "check-0000".into(), case_id, seq: 1, written_at: "2026-01-01T00:00:00Z".into(), change: change.clone() };
    SyncBatch { device_id: "check-0000".into(), owner: None, items: vec![item] }
        .parse()
        .map(|_| ())
        .map_err(|problems| problems.iter().map(|p| p.problem.message(locale)).collect::<Vec<_>>().join(" "))
}

/// Sign-out: everything casework kept on this device goes.
pub async fn forget_device() {
    super::vault::wipe().await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_refusal_names_the_edits_it_is_about() {
        let sent = vec!["a".to_string(), "b".into(), "c".into()];
        let waiting = vec![("a".to_string(), 7), ("b".into(), 9), ("c".into(), 7), ("d".into(), 9)];
        assert_eq!(refused_items(400, &[json!({"item": 1, "field": "body"})], &sent, &waiting), ["b"]);
        assert_eq!(refused_items(400, &[json!({"item": null, "field": "device_id"})], &sent, &waiting), ["a", "b", "c"]);
        assert_eq!(refused_items(403, &[json!({"case_id": 9})], &sent, &waiting), ["b", "d"]);
        assert_eq!(refused_items(409, &[], &sent, &waiting).len(), 4);
        assert!(refused_items(500, &[], &sent, &waiting).is_empty());
    }
}
