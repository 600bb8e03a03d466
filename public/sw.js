/* Tsunagu (つなぐ) service worker — TEMPLATE.
 *
 * The build script substitutes the two placeholder tokens in the BUILD_ID and
 * PRECACHE constants below (each token appears exactly once in this file):
 *   BUILD_ID  <- a build identifier string (the token sits inside the quotes)
 *   PRECACHE  <- a JSON array literal of URLs, e.g. ["/","/offline.html","/pkg/tsunagu-abc.js"]
 * Until then this file is intentionally not valid JavaScript.
 *
 * Strategies (same-origin GET only):
 *   /api, /api/*          network only (not intercepted)
 *   navigations           network-first -> cached page -> cached "/" (or, for
 *                         /health-check/results/*, the result shell) -> /offline.html
 *   /pkg/*, /icons/*      cache-first (hashed / immutable assets)
 *   everything else       stale-while-revalidate (manifest etc.)
 */
const BUILD_ID = "__BUILD_ID__";
const PRECACHE = __PRECACHE__;

const SHELL_CACHE = `tsunagu-shell-${BUILD_ID}`;   // precache + visited pages
const ASSETS_CACHE = `tsunagu-assets-${BUILD_ID}`; // hashed /pkg and /icons files
// Caches with our prefix that must survive upgrades (e.g. future map tiles).
const KEEP = ["tsunagu-tiles"];
const OFFLINE_URL = "/offline.html";
// Every self-check result page has the same server HTML (the result is read
// from the device), so one cached copy serves them all offline.
const RESULT_SHELL = "/health-check/results/_";

// Only store complete, same-origin, successful responses (206 can't be cached).
const cacheable = (res) => res && res.ok && res.status !== 206 && res.type === "basic";

// Put a copy in a cache without ever failing the response (quota, Vary: *, ...).
async function store(cacheName, request, response) {
  try {
    const cache = await caches.open(cacheName);
    await cache.put(request, response);
  } catch (err) {
    console.warn("[sw] cache put failed", request.url, err);
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL_CACHE);
    // Pages and unhashed files: {cache: "reload"} bypasses the HTTP cache so we
    // never precache stale copies. Hashed /pkg files are immutable: take them
    // from the HTTP cache, so a phone does not download the bundle twice.
    const request = (url) => new Request(url, { cache: url.startsWith("/pkg/") ? "default" : "reload" });
    // The shell (home, offline page, bundle, icons) must all arrive or the
    // worker does not install; the pages precached for offline use (the
    // health check) are best effort, so one failed page cannot stop it.
    const optional = (url) => url.startsWith("/health-check");
    await cache.addAll(PRECACHE.filter((url) => !optional(url)).map(request));
    await Promise.all(PRECACHE.filter(optional).map((url) =>
      cache.add(request(url)).catch((err) => console.warn("[sw] precache skipped", url, err))));
    await self.skipWaiting();
  })());
});

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
});

// Network-first for page loads, with offline fallbacks.
async function handleNavigation(event, url) {
  const { request } = event;
  try {
    const response = await fetch(request);
    if (cacheable(response)) event.waitUntil(store(SHELL_CACHE, request, response.clone()));
    return response;
  } catch (err) {
    const cache = await caches.open(SHELL_CACHE);
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

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // Server functions and the API: always network only (leave to the browser).
  if (url.pathname === "/api" || url.pathname.startsWith("/api/")) return;
  if (url.pathname === "/healthz") return;
  // Work around a Chrome DevTools quirk that throws for these requests.
  if (request.cache === "only-if-cached" && request.mode !== "same-origin") return;

  if (request.mode === "navigate") {
    event.respondWith(handleNavigation(event, url));
  } else if (url.pathname.startsWith("/pkg/") || url.pathname.startsWith("/icons/")) {
    event.respondWith(handleAsset(event));
  } else {
    event.respondWith(handleOther(event));
  }
});
