//! The tablet's encrypted store for casework: IndexedDB holding values
//! encrypted with AES-GCM under a data key that is never stored as it is.
//! The data key is kept only wrapped (encrypted), twice:
//!
//! - under a key derived from the link worker's PIN (PBKDF2-SHA-256,
//!   600,000 rounds, salted): this opens the vault offline. Wrong PINs are
//!   counted *before* each try is checked; after [`MAX_TRIES`] the vault is
//!   wiped;
//! - under this session's key from the server (`/api/casework/vault-key`):
//!   while the session lives and the server answers, the vault opens
//!   without the PIN. Signing out (here or everywhere), the session's end and
//!   a disabled account take that key away.
//!
//! Unwrapped, the data key lives only in this page's memory, as a
//! non-extractable WebCrypto key. When the server says the session is over
//! (401), the vault is wiped; only edits not yet sent stay, locked under the
//! PIN, for the same person to send after signing in again (the copies of
//! cases go all the same). A
//! vault not opened for the site's number of days (`TSUNAGU_VAULT_DAYS`)
//! is wiped when the page next looks. Sign-out wipes it all. A vault made
//! before PINs is re-encrypted under the new key when the PIN is set.
//! All the JavaScript is in this file.
//!
//! Keys used: `device` (this device's id), `outbox`, `case:<id>` (a case as
//! last read from the server, for cases marked available offline).
#[cfg(feature = "hydrate")]
use wasm_bindgen::prelude::*;

/// Wrong PINs in a row before the vault wipes itself.
pub const MAX_TRIES: u32 = 5;
/// A PIN is this many digits at least (and at most [`PIN_MAX`]).
pub const PIN_MIN: usize = 6;
pub const PIN_MAX: usize = 12;

/// A PIN as the vault takes it: digits only, [`PIN_MIN`]–[`PIN_MAX`] long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin(String);

impl Pin {
    pub fn parse(s: &str) -> Result<Pin, crate::validation::Problem> {
        let s = s.trim();
        if s.len() < PIN_MIN || s.len() > PIN_MAX || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(crate::validation::Problem::Pin { min: PIN_MIN, max: PIN_MAX });
        }
        Ok(Pin(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the vault on this device is like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VaultState {
    /// No PIN set yet (nothing kept, or a vault from before PINs).
    New,
    /// Kept under a PIN, not open in this page.
    Locked,
    Open,
    /// It had not been opened for too long and was wiped just now.
    Expired,
}

/// The answer to a PIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unlock {
    Open,
    /// Wrong; this many tries are left.
    Wrong { left: u32 },
    /// Wrong too many times: everything kept here is gone.
    Wiped,
}

/// What the server said about this session's half of the lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerKey {
    Key(String),
    /// The session is over (401).
    SignedOut,
    /// No answer (offline).
    Unreachable,
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen(inline_js = r#"
const DB = 'tsunagu-casework';
const ITERATIONS = 600000;
let dbP = null;
let keyP = null;
function open() {
  if (!dbP) {
    dbP = openAt(undefined);
    dbP.catch(() => { dbP = null; });
  }
  return dbP;
}
// Opens the store, creating its object stores when missing (also when an
// empty database of that name exists: then one version up).
function openAt(version) {
  return new Promise((res, rej) => {
    const r = version ? indexedDB.open(DB, version) : indexedDB.open(DB);
    r.onupgradeneeded = () => {
      const db = r.result;
      if (!db.objectStoreNames.contains('items')) db.createObjectStore('items');
      if (!db.objectStoreNames.contains('keys')) db.createObjectStore('keys');
    };
    r.onsuccess = () => {
      const db = r.result;
      if (!db.objectStoreNames.contains('items') || !db.objectStoreNames.contains('keys')) {
        const next = db.version + 1;
        db.close();
        openAt(next).then(res, rej);
        return;
      }
      db.onversionchange = () => { db.close(); dbP = null; keyP = null; };
      res(db);
    };
    r.onerror = () => rej(r.error);
  });
}
function req(db, store, mode, f) {
  return new Promise((res, rej) => {
    const t = db.transaction(store, mode);
    const r = f(t.objectStore(store));
    t.oncomplete = () => res(r.result);
    t.onerror = () => rej(t.error);
    t.onabort = () => rej(t.error);
  });
}
function key() {
  if (!keyP) return Promise.reject(new Error('locked'));
  return keyP;
}
const meta = (db) => req(db, 'keys', 'readonly', (s) => s.get('meta'));
const saveMeta = (db, m) => req(db, 'keys', 'readwrite', (s) => s.put(m, 'meta'));
function unb64(s) { return Uint8Array.from(atob(s), (c) => c.charCodeAt(0)); }
async function pinKek(pin, salt, iterations) {
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, { name: 'AES-GCM', length: 256 }, false, ['wrapKey', 'unwrapKey']);
}
const serverKek = (k) => crypto.subtle.importKey('raw', unb64(k), { name: 'AES-GCM' }, false, ['wrapKey', 'unwrapKey']);
async function wrap(dk, kek) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  return { iv, data: await crypto.subtle.wrapKey('raw', dk, kek, { name: 'AES-GCM', iv }) };
}
const unwrap = (w, kek, extractable) => crypto.subtle.unwrapKey('raw', w.data, kek, { name: 'AES-GCM', iv: w.iv },
  { name: 'AES-GCM', length: 256 }, extractable, ['encrypt', 'decrypt']);
// The data key for this page: not extractable, in memory only.
async function hold(dk) {
  const raw = await crypto.subtle.exportKey('raw', dk);
  keyP = crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
  await keyP;
}
export async function vault_status(maxDays) {
  const db = await open();
  const m = await meta(db);
  if (!m) return 'new';
  if (maxDays > 0 && Date.now() - m.openedAt > maxDays * 86400000) {
    await vault_wipe();
    return 'expired';
  }
  return keyP ? 'open' : 'locked';
}
export async function vault_server_key() {
  try {
    const r = await fetch('/api/casework/vault-key', { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (r.status === 401) return '!signed-out';
    if (!r.ok) return '';
    return (await r.json()).key || '';
  } catch (e) {
    return '';
  }
}
export async function vault_open_server(k) {
  const db = await open();
  const m = await meta(db);
  if (!m || !m.server || !k) return false;
  try {
    await hold(await unwrap(m.server, await serverKek(k), true));
  } catch (e) {
    return false;
  }
  m.openedAt = Date.now();
  await saveMeta(db, m);
  return true;
}
export async function vault_setup(pin, k) {
  const db = await open();
  const dk = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
  // a vault from before PINs: its items, re-encrypted under the new key
  const old = await req(db, 'keys', 'readonly', (s) => s.get('aes'));
  const moved = [];
  if (old) {
    const names = await req(db, 'items', 'readonly', (s) => s.getAllKeys());
    for (const n of names) {
      const v = await req(db, 'items', 'readonly', (s) => s.get(n));
      try {
        const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: v.iv }, old, v.data);
        const iv = crypto.getRandomValues(new Uint8Array(12));
        moved.push([n, { iv, data: await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, dk, plain) }]);
      } catch (e) { /* unreadable: dropped below */ }
    }
  }
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const m = {
    v: 2, salt, iterations: ITERATIONS, tries: 0, openedAt: Date.now(),
    pin: await wrap(dk, await pinKek(pin, salt, ITERATIONS)),
    server: k ? await wrap(dk, await serverKek(k)) : null,
  };
  // one transaction: the new key and every re-encrypted item, or nothing
  await new Promise((res, rej) => {
    const t = db.transaction(['items', 'keys'], 'readwrite');
    if (old) {
      t.objectStore('items').clear();
      for (const [n, v] of moved) t.objectStore('items').put(v, n);
      t.objectStore('keys').delete('aes');
    }
    t.objectStore('keys').put(m, 'meta');
    t.oncomplete = res;
    t.onerror = () => rej(t.error);
    t.onabort = () => rej(t.error);
  });
  await hold(dk);
}
export async function vault_unlock(pin, k) {
  const db = await open();
  const m = await meta(db);
  if (!m) return 'new';
  // counted before it is checked: closing the page mid-try does not help
  m.tries = (m.tries || 0) + 1;
  await saveMeta(db, m);
  let dk;
  try {
    dk = await unwrap(m.pin, await pinKek(pin, m.salt, m.iterations), true);
  } catch (e) {
    if (m.tries >= 5) {
      await vault_wipe();
      return 'wiped';
    }
    return 'wrong:' + (5 - m.tries);
  }
  m.tries = 0;
  m.openedAt = Date.now();
  if (k) m.server = await wrap(dk, await serverKek(k));
  await saveMeta(db, m);
  await hold(dk);
  return 'open';
}
// The session is over: everything goes, unless edits are still unsent —
// then only the copies of cases go and the edits stay locked under the PIN;
// this page forgets the key.
export async function vault_signed_out(keepUnsent) {
  keyP = null;
  if (!keepUnsent) return vault_wipe();
  const db = await open();
  const m = await meta(db);
  if (!m) return vault_wipe();
  const names = await req(db, 'items', 'readonly', (s) => s.getAllKeys());
  await new Promise((res, rej) => {
    const t = db.transaction(['items', 'keys'], 'readwrite');
    for (const n of names) if (String(n).startsWith('case:')) t.objectStore('items').delete(n);
    m.server = null;
    t.objectStore('keys').put(m, 'meta');
    t.oncomplete = res;
    t.onerror = () => rej(t.error);
  });
}
// Writes happen one after another, in the order asked: an older copy of the
// outbox can never land after a newer one.
let chain = Promise.resolve();
export function vault_put(name, text) {
  const p = chain.then(() => put(name, text));
  chain = p.catch(() => {});
  return p;
}
async function put(name, text) {
  const db = await open();
  const k = await key();
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, k, new TextEncoder().encode(text));
  await req(db, 'items', 'readwrite', (s) => s.put({ iv, data }, name));
}
export async function vault_get(name) {
  const db = await open();
  const k = await key();
  const v = await req(db, 'items', 'readonly', (s) => s.get(name));
  if (!v) return null;
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: v.iv }, k, v.data);
  return new TextDecoder().decode(plain);
}
export async function vault_delete(name) {
  const db = await open();
  await req(db, 'items', 'readwrite', (s) => s.delete(name));
}
export async function vault_names() {
  const db = await open();
  return await req(db, 'items', 'readonly', (s) => s.getAllKeys());
}
export function vault_wipe() {
  return new Promise((res) => {
    const done = () => { dbP = null; keyP = null; res(); };
    const go = () => { const r = indexedDB.deleteDatabase(DB); r.onsuccess = done; r.onerror = done; r.onblocked = done; };
    if (dbP) { dbP.then((db) => { db.close(); go(); }, go); } else { go(); }
  });
}
export function random_id() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    fn vault_put(name: &str, text: &str) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch)]
    fn vault_get(name: &str) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch)]
    fn vault_delete(name: &str) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch)]
    fn vault_names() -> Result<js_sys::Promise, JsValue>;
    fn vault_wipe() -> js_sys::Promise;
    fn vault_status(max_days: u32) -> js_sys::Promise;
    fn vault_server_key() -> js_sys::Promise;
    fn vault_open_server(key: &str) -> js_sys::Promise;
    #[wasm_bindgen(catch)]
    fn vault_setup(pin: &str, key: &str) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch)]
    fn vault_unlock(pin: &str, key: &str) -> Result<js_sys::Promise, JsValue>;
    fn vault_signed_out(keep_unsent: bool) -> js_sys::Promise;
    /// 32 hex digits from the browser's CSPRNG.
    pub fn random_id() -> String;
}

#[cfg(feature = "hydrate")]
async fn text_of(p: js_sys::Promise) -> String {
    wasm_bindgen_futures::JsFuture::from(p).await.ok().and_then(|v| v.as_string()).unwrap_or_default()
}

/// What is kept here; wipes a vault unopened for more than `max_days` (0: never).
#[cfg(feature = "hydrate")]
pub async fn status(max_days: u32) -> VaultState {
    match text_of(vault_status(max_days)).await.as_str() {
        "new" => VaultState::New,
        "open" => VaultState::Open,
        "expired" => VaultState::Expired,
        _ => VaultState::Locked,
    }
}

/// This session's half of the lock, from the server.
#[cfg(feature = "hydrate")]
pub async fn server_key() -> ServerKey {
    match text_of(vault_server_key()).await {
        k if k == "!signed-out" => ServerKey::SignedOut,
        k if k.is_empty() => ServerKey::Unreachable,
        k => ServerKey::Key(k),
    }
}

/// Open with the session's key (no PIN); false when it does not fit (a new
/// session: the PIN is needed once).
#[cfg(feature = "hydrate")]
pub async fn open_with_server(key: &str) -> bool {
    wasm_bindgen_futures::JsFuture::from(vault_open_server(key)).await.ok().and_then(|v| v.as_bool()).unwrap_or(false)
}

/// A new vault under `pin` (and the session's key when known), open now.
#[cfg(feature = "hydrate")]
pub async fn setup(pin: &Pin, server_key: Option<&str>) -> Result<(), String> {
    run(vault_setup(pin.as_str(), server_key.unwrap_or_default())).await.map(|_| ())
}

/// Try `pin`.
#[cfg(feature = "hydrate")]
pub async fn unlock(pin: &Pin, server_key: Option<&str>) -> Result<Unlock, String> {
    let answer = run(vault_unlock(pin.as_str(), server_key.unwrap_or_default())).await?;
    Ok(match answer.as_string().unwrap_or_default().as_str() {
        "open" => Unlock::Open,
        "wiped" => Unlock::Wiped,
        other => Unlock::Wrong { left: other.strip_prefix("wrong:").and_then(|n| n.parse().ok()).unwrap_or(0) },
    })
}

/// The server said the session is over: the vault is wiped, except for
/// edits not yet sent (`keep_unsent`), which stay locked under the PIN
/// while the copies of cases go.
#[cfg(feature = "hydrate")]
pub async fn signed_out(keep_unsent: bool) {
    let _ = wasm_bindgen_futures::JsFuture::from(vault_signed_out(keep_unsent)).await;
}

#[cfg(feature = "hydrate")]
async fn run(p: Result<js_sys::Promise, JsValue>) -> Result<JsValue, String> {
    let p = p.map_err(|e| format!("{e:?}"))?;
    wasm_bindgen_futures::JsFuture::from(p).await.map_err(|e| format!("{e:?}"))
}

/// Store `value` (as JSON) under `name`, encrypted.
#[cfg(feature = "hydrate")]
pub async fn put<T: serde::Serialize>(name: &str, value: &T) -> Result<(), String> {
    let text = serde_json::to_string(value).map_err(|e| e.to_string())?;
    run(vault_put(name, &text)).await.map(|_| ())
}

/// The value under `name`, decrypted; `None` when there is none.
#[cfg(feature = "hydrate")]
pub async fn get<T: serde::de::DeserializeOwned>(name: &str) -> Result<Option<T>, String> {
    let v = run(vault_get(name)).await?;
    match v.as_string() {
        Some(text) => serde_json::from_str(&text).map(Some).map_err(|e| e.to_string()),
        None => Ok(None),
    }
}

#[cfg(feature = "hydrate")]
pub async fn delete(name: &str) -> Result<(), String> {
    run(vault_delete(name)).await.map(|_| ())
}

/// Every name stored.
#[cfg(feature = "hydrate")]
pub async fn names() -> Result<Vec<String>, String> {
    let v = run(vault_names()).await?;
    Ok(js_sys::Array::from(&v).iter().filter_map(|n| n.as_string()).collect())
}

/// Remove everything, the keys included (sign-out).
#[cfg(feature = "hydrate")]
pub async fn wipe() {
    let _ = wasm_bindgen_futures::JsFuture::from(vault_wipe()).await;
}

/// On the server there is no vault; sign-out wipes it in the browser.
#[cfg(not(feature = "hydrate"))]
pub async fn wipe() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_is_six_to_twelve_digits() {
        assert!(Pin::parse("123456").is_ok());
        assert!(Pin::parse(" 000000000000 ").is_ok());
        for bad in ["12345", "1234567890123", "12345a", "１２３４５６", "", "12 3456"] {
            assert!(Pin::parse(bad).is_err(), "{bad:?}");
        }
    }
}
