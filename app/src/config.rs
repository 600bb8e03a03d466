//! Public, non-secret settings the pages need (provided as context by the
//! server). The server's full configuration lives in the `tsunagu` crate.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicConfig {
    /// Public base URL, e.g. `https://tsunagu.example.jp` (no trailing slash).
    pub base_url: String,
    /// Map tile URL template (`{z}/{x}/{y}`), used by the map pages.
    pub tile_url: String,
    /// Attribution shown with the tiles.
    pub tile_attribution: String,
    /// Identifier of the client bundle; names the service worker's caches.
    pub build_id: String,
    /// Form ①'s concern checklist (slugs, in order); empty: all of them.
    #[serde(default)]
    pub concerns: Vec<String>,
    /// Days a tablet's casework vault may go unopened before it wipes
    /// itself (`TSUNAGU_VAULT_DAYS`; 0: never).
    #[serde(default = "default_vault_days")]
    pub vault_days: u32,
}

impl PublicConfig {
    /// The public base URL of the portal serving this request (empty
    /// outside one): for links and QR codes built on the server.
    pub fn current_base_url() -> String {
        leptos::prelude::use_context::<PublicConfig>().map(|p| p.base_url).unwrap_or_default()
    }
}

pub const DEFAULT_VAULT_DAYS: u32 = 14;

fn default_vault_days() -> u32 {
    DEFAULT_VAULT_DAYS
}

impl Default for PublicConfig {
    fn default() -> Self {
        Self {
            base_url: "http://127.0.0.1:3000".into(),
            tile_url: "https://tile.openstreetmap.org/{z}/{x}/{y}.png".into(),
            tile_attribution: "© OpenStreetMap contributors".into(),
            build_id: "dev".into(),
            concerns: Vec::new(),
            vault_days: DEFAULT_VAULT_DAYS,
        }
    }
}
