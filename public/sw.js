/* Tsunagu (つなぐ) service worker — TEMPLATE.
 *
 * The build script substitutes the three placeholder tokens in the BUILD_ID,
 * PRECACHE and OFFLINE_PACK constants below (each token appears exactly once
 * in this file):
 *   BUILD_ID      <- a build identifier string (the token sits inside the quotes)
 *   PRECACHE      <- a JSON array of URLs, the shell kept at install (small:
 *                    home, offline page, CSS, icons, pwa.js)
 *   OFFLINE_PACK  <- a JSON array of URLs kept when a page asks ("WARM"
 *                    message from /pwa.js once the page has settled, never
 *                    with Save-Data): the health check's pages, the map,
 *                    their two bundles and Leaflet, so both work offline
 * Until then this file is intentionally not valid JavaScript.
 *
 * Strategies (GET only):
 *   /api/map/visible, /api/map/settings
 *                         network-first; offline, the same query's last answer,
 *                         else the last point set of any query (map offline)
 *   /api, /api/* (other)  network only (not intercepted)
 *   /vendor/*             cache-first (versioned folders: Leaflet)
 *   map tiles (images from another origin, …/z/x/y.png)
 *                         cache-first while fresh by their own Cache-Control /
 *                         Expires; at most MAX_TILES kept, oldest dropped;
 *                         only CORS answers (readable headers) are kept
 *   navigations           network-first -> cached page -> cached "/" (or, for
 *                         /health-check/results/*, the result shell; for
 *                         /casework/cases/*, the case frame) -> /offline.html;
 *                         pages sent with Cache-Control: no-store (accounts,
 *                         staff, casework lists: personal data) are never kept
 *   /pkg/*, /icons/*      cache-first (hashed / immutable assets)
 *   everything else       stale-while-revalidate (manifest, pictures etc.)
 * Whatever the strategy, a response sent with Cache-Control: no-store is
 * never kept (`cacheable`).
 */
const BUILD_ID = "__BUILD_ID__";
const PRECACHE = __PRECACHE__;
const OFFLINE_PACK = __OFFLINE_PACK__;

const SHELL_CACHE = `tsunagu-shell-${BUILD_ID}`;   // precache + visited pages
const ASSETS_CACHE = `tsunagu-assets-${BUILD_ID}`; // hashed /pkg and /icons files
const MAP_DATA_CACHE = "tsunagu-map-data";       // the map's last answers
const TILES_CACHE = "tsunagu-tiles";             // viewed map tiles (bounded)
// Caches with our prefix that survive upgrades.
const KEEP = [MAP_DATA_CACHE, TILES_CACHE];
// The OpenStreetMap tile policy allows keeping viewed tiles, not bulk
// downloads: a few hundred tiles are the streets one person looks at.
const MAX_TILES = 400;
// When a tile server sends no freshness, keep a tile this long.
const DEFAULT_TILE_AGE_S = 7 * 24 * 3600;
// The key under which the last point set of any query is kept.
const LAST_POINTS = "/api/map/visible?__last";
const OFFLINE_URL = "/offline.html";
// Every self-check result page has the same server HTML (the result is read
// from the device), so one cached copy serves them all offline.
const RESULT_SHELL = "/health-check/results/_";
// Likewise every case page: the server sends only the frame; the case is
// read from the device's encrypted store.
const CASE_SHELL = "/casework/cases/_";
const isCasePage = (url) => /^\/casework\/cases\/\d+$/.test(url.pathname);
const noStore = (res) => /no-store/i.test(res.headers.get("Cache-Control") || "");

// Only store complete, same-origin, successful responses (206 can't be
// cached), and never one its server marked no-store (personal data: a
// sign-up's confirmation, a draft's picture, an account page).
const cacheable = (res) => res && res.ok && res.status !== 206 && res.type === "basic" && !noStore(res);

// Put a copy in a cache without ever failing the response (quota, Vary: *, ...).
async function store(cacheName, request, response) {
  try {
    const cache = await caches.open(cacheName);
    await cache.put(request, response);
  } catch (err) {
    console.warn("[sw] cache put failed", request.url, err);
  }
}

// Pages and unhashed files: {cache: "reload"} bypasses the HTTP cache so we
// never keep stale copies. Hashed /pkg files are immutable: take them from the
// HTTP cache, so a phone does not download a bundle twice.
const precacheRequest = (url) => new Request(url, { cache: url.startsWith("/pkg/") ? "default" : "reload" });

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL_CACHE);
    // the shell must all arrive or the worker does not install
    await cache.addAll(PRECACHE.map(precacheRequest));
    await self.skipWaiting();
  })());
});

// The offline pack, best effort (one failed page cannot stop the rest); what
// is already kept (a page visited, a bundle loaded) is not fetched again.
let warming;
async function warm() {
  const cache = await caches.open(SHELL_CACHE);
  const assets = await caches.open(ASSETS_CACHE);
  await Promise.all(OFFLINE_PACK.map(async (url) => {
    if ((await cache.match(url)) || (await assets.match(url))) return;
    try {
      const response = await fetch(precacheRequest(url));
      if (cacheable(response)) await store(SHELL_CACHE, url, response);
    } catch (err) {
      console.warn("[sw] offline pack: skipped", url, err);
    }
  }));
}

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const current = [SHELL_CACHE, ASSETS_CACHE, ...KEEP];
    const names = await caches.keys();
    await Promise.all(names
      .filter((name) => name.startsWith("tsunagu-") && !current.includes(name))
      .map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data === "SKIP_WAITING") self.skipWaiting();
  // "WARM": keep the offline pack; answers "WARM_DONE" on the port given
  if (event.data === "WARM") {
    warming = warming || warm().finally(() => { warming = undefined; });
    const port = event.ports && event.ports[0];
    event.waitUntil(warming.then(() => port && port.postMessage("WARM_DONE")));
  }
});

// Network-first for page loads, with offline fallbacks.
async function handleNavigation(event, url) {
  const { request } = event;
  try {
    const response = await fetch(request);
    if (cacheable(response)) {
      const key = isCasePage(url) ? CASE_SHELL : request;
      event.waitUntil(store(SHELL_CACHE, key, response.clone()));
    }
    return response;
  } catch (err) {
    const cache = await caches.open(SHELL_CACHE);
    if (isCasePage(url)) {
      const frame = await cache.match(CASE_SHELL);
      if (frame) return frame;
    }
    return (await cache.match(request))
      || (await cache.match(request, { ignoreSearch: true }))
      || (url.pathname === "/" ? await cache.match("/") : undefined)
      || (url.pathname.startsWith("/health-check/results/") ? await cache.match(RESULT_SHELL) : undefined)
      || (await cache.match(OFFLINE_URL))
      || Response.error();
  }
}

// Cache-first for immutable assets. Precached copies live in the shell cache.
async function handleAsset(event) {
  const { request } = event;
  const assets = await caches.open(ASSETS_CACHE);
  const cached = (await assets.match(request))
    || (await (await caches.open(SHELL_CACHE)).match(request));
  if (cached) return cached;
  const response = await fetch(request);
  if (cacheable(response)) event.waitUntil(store(ASSETS_CACHE, request, response.clone()));
  return response;
}

// Stale-while-revalidate: answer from cache at once, refresh in the background.
async function handleOther(event) {
  const { request } = event;
  const cache = await caches.open(SHELL_CACHE);
  const cached = await cache.match(request);
  const network = fetch(request)
    .then(async (response) => {
      if (cacheable(response)) await store(SHELL_CACHE, request, response.clone());
      return response;
    })
    .catch(() => undefined);
  if (cached) {
    event.waitUntil(network);
    return cached;
  }
  return (await network) || Response.error();
}

// The map's data: network-first; offline, the last answer for this query, or
// the last point set of any query (better some places than none).
async function handleMapData(event, url) {
  const { request } = event;
  const cache = await caches.open(MAP_DATA_CACHE);
  try {
    const response = await fetch(request);
    if (cacheable(response)) {
      event.waitUntil((async () => {
        await store(MAP_DATA_CACHE, request, response.clone());
        if (url.pathname === "/api/map/visible") await store(MAP_DATA_CACHE, LAST_POINTS, response.clone());
      })());
    }
    return response;
  } catch (err) {
    return (await cache.match(request))
      || (url.pathname === "/api/map/visible" ? await cache.match(LAST_POINTS) : undefined)
      || (await cache.match(request, { ignoreSearch: true }))
      || Response.error();
  }
}

const isTile = (request, url) =>
  url.origin !== self.location.origin && request.destination === "image" &&
  /\/\d+\/\d+\/\d+(@2x)?\.(png|jpe?g|webp)$/.test(url.pathname);

// Seconds a response may be reused, from its own headers.
function freshFor(response) {
  const cc = response.headers.get("cache-control") || "";
  if (/no-store/.test(cc)) return -1;
  const m = /max-age=(\d+)/.exec(cc);
  if (m) return Number(m[1]);
  const expires = Date.parse(response.headers.get("expires") || "");
  const date = Date.parse(response.headers.get("date") || "") || Date.now();
  if (!Number.isNaN(expires)) return Math.max(0, (expires - date) / 1000);
  return DEFAULT_TILE_AGE_S;
}

async function keepTile(request, response) {
  const age = freshFor(response);
  if (age < 0 || response.type !== "cors" || !response.ok) return;
  const headers = new Headers(response.headers);
  headers.set("x-sw-fresh-until", String(Date.now() + age * 1000));
  const copy = new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers });
  await store(TILES_CACHE, request, copy);
  const cache = await caches.open(TILES_CACHE);
  const keys = await cache.keys();
  // keys come oldest first: drop the oldest beyond the bound
  await Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_TILES)).map((k) => cache.delete(k)));
}

// Tiles: the kept copy while fresh; else the network (keeping the new copy);
// offline, a stale copy is better than a hole.
async function handleTile(event) {
  const { request } = event;
  const cache = await caches.open(TILES_CACHE);
  const cached = await cache.match(request);
  if (cached && Number(cached.headers.get("x-sw-fresh-until") || 0) > Date.now()) return cached;
  try {
    const response = await fetch(request);
    if (response.type === "cors" && response.ok) event.waitUntil(keepTile(request, response.clone()));
    return response;
  } catch (err) {
    return cached || Response.error();
  }
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (isTile(request, url)) {
    event.respondWith(handleTile(event));
    return;
  }
  if (url.origin !== self.location.origin) return;
  if (url.pathname === "/api/map/visible" || url.pathname === "/api/map/settings") {
    event.respondWith(handleMapData(event, url));
    return;
  }
  // Server functions and the API: always network only (leave to the browser).
  if (url.pathname === "/api" || url.pathname.startsWith("/api/")) return;
  if (url.pathname === "/healthz") return;
  // Work around a Chrome DevTools quirk that throws for these requests.
  if (request.cache === "only-if-cached" && request.mode !== "same-origin") return;

  if (request.mode === "navigate") {
    event.respondWith(handleNavigation(event, url));
  } else if (url.pathname.startsWith("/pkg/") || url.pathname.startsWith("/icons/") || url.pathname.startsWith("/vendor/")) {
    event.respondWith(handleAsset(event));
  } else {
    event.respondWith(handleOther(event));
  }
});
