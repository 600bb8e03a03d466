//! The tablet's encrypted store for casework: IndexedDB holding values
//! encrypted with AES-GCM under a key WebCrypto made non-extractable (the
//! key itself lives in IndexedDB as an opaque CryptoKey; no script can read
//! its bytes). Wiped whole on sign-out. All the JavaScript is in this file.
//!
//! Keys used: `device` (this device's id), `outbox`, `case:<id>` (a case as
//! last read from the server, for cases marked available offline).
#[cfg(feature = "hydrate")]
use wasm_bindgen::prelude::*;

#[cfg(feature = "hydrate")]
#[wasm_bindgen(inline_js = r#"
const DB = 'tsunagu-casework';
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
function key(db) {
  if (!keyP) {
    keyP = (async () => {
      let k = await req(db, 'keys', 'readonly', (s) => s.get('aes'));
      if (!k) {
        k = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
        await req(db, 'keys', 'readwrite', (s) => s.put(k, 'aes'));
      }
      return k;
    })();
    keyP.catch(() => { keyP = null; });
  }
  return keyP;
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
  const k = await key(db);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, k, new TextEncoder().encode(text));
  await req(db, 'items', 'readwrite', (s) => s.put({ iv, data }, name));
}
export async function vault_get(name) {
  const db = await open();
  const k = await key(db);
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
    /// 32 hex digits from the browser's CSPRNG.
    pub fn random_id() -> String;
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

/// Remove everything, the key included (sign-out).
#[cfg(feature = "hydrate")]
pub async fn wipe() {
    let _ = wasm_bindgen_futures::JsFuture::from(vault_wipe()).await;
}

/// On the server there is no vault; sign-out wipes it in the browser.
#[cfg(not(feature = "hydrate"))]
pub async fn wipe() {}
