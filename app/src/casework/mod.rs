//! Link-worker casework (issue 8): referral ① with consent → case →
//! connections and outcomes → feedback ② to the referrer.
//!
//! Files by what they do: `referral` (form ① parsed), `intake` (the queue),
//! `assign_case`, `access` (who may work which case), `case_file` (a case as
//! read, audited), `sync` + `apply_sync` (the tablet's outbox), `fields`
//! (single-valued facts with revisions), `audit` (who read and wrote what),
//! `directory_pick` (a connection named from the directory), `outbox` and
//! `sync_client` (the tablet's side), `vault` (encrypted device storage).
pub mod assign_case;
/// The audit trail lives beside the features it watches (casework, accounts).
pub use crate::audit;
pub mod birth_date;
pub mod case_file;
pub mod case_list;
pub mod directory_pick;
pub mod feedback;
pub mod intake;
pub mod labels;
pub mod model;
pub mod outbox;
pub mod referral;
pub mod relationship_map;
pub mod sync;
pub mod sync_client;
pub mod vault;


#[cfg(feature = "ssr")]
pub mod access;
#[cfg(feature = "ssr")]
pub mod apply_sync;
#[cfg(feature = "ssr")]
pub mod fields;
#[cfg(feature = "ssr")]
pub mod history_seed;
#[cfg(feature = "ssr")]
pub mod seed;
