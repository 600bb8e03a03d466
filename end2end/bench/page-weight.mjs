// Bytes a phone downloads on a first visit with an empty cache (issue 16):
// every response's on-the-wire size (encoded body + headers, as Chromium
// counts it), from the navigation until the network is idle, including the
// service worker's precache fetches when a worker registers. The offline
// pack the worker fetches later (once the page has settled) is listed in the
// notes with its own size. Each page is
// opened in a fresh browser context (empty HTTP cache, no service worker).
//
// Usage (server running; playwright-core comes from end2end/node_modules):
//   node end2end/bench/page-weight.mjs http://127.0.0.1:3000          every page class, Markdown table
//   node end2end/bench/page-weight.mjs http://127.0.0.1:3000 --check  … and exit 1 when a page is over budget
//   node end2end/bench/page-weight.mjs http://127.0.0.1:3000/events   one URL: every response, then its row
//   node end2end/bench/page-weight.mjs http://127.0.0.1:3000/ --one   one URL when the path is just "/"
// Options:
//   --check          exit 1 when a page is over its budget or could not be measured
//   --verbose, -v    list every response of every page (table mode)
//   --as EMAIL       one-URL mode: sign in as this account first (the page itself is measured in a fresh context)
//   --no-create      table mode: do not write (and publish) a report when the server has none
//   --sw-wait MS     how long to wait for a registered service worker to become active (default 5000)
//   --wasm-scale JSON  count each bundle's WebAssembly as its release size: {"resident": 0.55, …}
//                    multiplies the bytes of /pkg/tsunagu-<id>-<bundle>_bg.wasm (the test build's
//                    cheaper profile makes larger modules; the measured release/test ratio of
//                    each bundle is in docs/benchmarks.md, phone-light client, step 2)
// Environment: CHROMIUM_PATH (default /usr/bin/chromium),
//   TSUNAGU_DEMO_STAFF_PASSWORD (default midorino-staff).
//
// Budgets (issue 16; 1 KB = 1000 bytes): public pages 150 KB, or 40 KB when
// the page itself loads no WebAssembly ("a page without islands");
// /health-check/<id> and its result 250 KB; /map 300 KB; work pages
// (casework, write, staff) 700 KB. Map tiles (another server) count when
// they load; without internet they fail and count 0 (listed in the notes),
// as does any image answered with an error (the test suite's stand-in tile
// server answers 404 with a page).
//
// Checked against the server's request log: the same requests as a plain
// (puppeteer) Chromium, except one extra /sw.js fetch that only happens
// under Playwright's instrumentation and is invisible to CDP (not counted).
//
// Ids come from links on the list pages (signed in for the work pages; the
// sign-in itself is not measured). The result page is measured on a device
// that has just taken the check (its localStorage kept, its cache empty).
// The demo data has no community report: unless --no-create, the bench then
// writes one as writer@ and publishes it as editor@ (once per database).
import http from 'node:http';
import https from 'node:https';
import { chromium } from 'playwright-core';

const KB = 1000;
const PASSWORD = process.env.TSUNAGU_DEMO_STAFF_PASSWORD || 'midorino-staff';
const ACCOUNTS = {
  linkworker: 'linkworker@midorino.example.jp',
  writer: 'writer@midorino.example.jp',
  staff: 'staff@midorino.example.jp',
  editor: 'editor@midorino.example.jp',
};

// ---- arguments ----
const argv = process.argv.slice(2);
const opt = { check: false, verbose: false, one: false, noCreate: false, as: null, swWait: 5000, wasmScale: {} };
let target = null;
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--check') opt.check = true;
  else if (a === '--verbose' || a === '-v') opt.verbose = true;
  else if (a === '--one') opt.one = true;
  else if (a === '--no-create') opt.noCreate = true;
  else if (a === '--as') opt.as = argv[++i];
  else if (a === '--sw-wait') opt.swWait = Number(argv[++i]);
  else if (a === '--wasm-scale') opt.wasmScale = JSON.parse(argv[++i]);
  else if (a === '-h' || a === '--help') {
    console.log('usage: node page-weight.mjs BASE_URL | URL [--check] [--verbose] [--one] [--no-create] [--as EMAIL] [--sw-wait MS]');
    process.exit(0);
  } else if (!target) target = a;
  else { console.error(`unknown argument: ${a}`); process.exit(2); }
}
target = new URL(target ?? 'http://127.0.0.1:3000');
const base = target.origin;
const oneUrl = opt.one || (target.pathname !== '/' && target.pathname !== '') || target.search !== '';

// ---- budgets ----
function budgetFor(path, pageLoadsWasm) {
  const p = path.split('?')[0];
  if (/^\/(casework|write|staff)(\/|$)/.test(p)) return { bytes: 700 * KB, label: '700 KB' };
  if (/^\/map$/.test(p)) return { bytes: 300 * KB, label: '300 KB' };
  if (/^\/health-check\/(?!history$)[^/]+(\/[^/]+)?$/.test(p)) return { bytes: 250 * KB, label: '250 KB' };
  if (/^\/($|activities(\/|$)|events(\/|$)|reports(\/|$)|about(\/|$)|health-check$)/.test(p)) {
    return pageLoadsWasm ? { bytes: 150 * KB, label: '150 KB' } : { bytes: 40 * KB, label: '40 KB (no islands)' };
  }
  return null;
}

// ---- browser ----
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'ja-JP', serviceWorkers: 'allow' };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function kind(contentType, resourceType, url) {
  const ct = (contentType || '').toLowerCase();
  const path = new URL(url).pathname;
  if (ct.includes('wasm') || path.endsWith('.wasm')) return 'wasm';
  if (ct.includes('javascript') || resourceType === 'script' || /\.m?js$/.test(path)) return 'js';
  if (ct.includes('text/css') || resourceType === 'stylesheet' || path.endsWith('.css')) return 'css';
  if (ct.includes('text/html') || resourceType === 'document') return 'html';
  return 'other';
}

/**
 * Chromium (156) reports only the header bytes for a service worker's own
 * script (`Service-Worker: script`): its loadingFinished carries
 * encodedDataLength = headers, and dataReceived 0. That one response is
 * measured again here with a plain GET asking for the same encodings
 * (status line + headers + encoded body as sent).
 */
function wireSize(url, headers) {
  const get = url.startsWith('https:') ? https.get : http.get;
  return new Promise((resolve, reject) => {
    get(url, { headers: { accept: '*/*', 'accept-encoding': 'gzip, deflate, br, zstd', ...headers } }, (res) => {
      let bytes = `HTTP/${res.httpVersion} ${res.statusCode} ${res.statusMessage}\r\n`.length + 2;
      for (let i = 0; i < res.rawHeaders.length; i += 2) bytes += `${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}\r\n`.length;
      res.on('data', (chunk) => { bytes += chunk.length; });
      res.on('end', () => resolve(bytes));
      res.on('error', reject);
    }).on('error', reject);
  });
}

/** Open `url` in a fresh context (optionally with cookies / localStorage) and count what comes over the wire. */
async function measure(url, storageState) {
  const context = await browser.newContext({ ...phone, storageState });
  const rows = [];
  const pending = new Set();
  const sizing = [];
  let lastActivity = Date.now();
  context.on('request', (req) => { pending.add(req); lastActivity = Date.now(); });
  context.on('requestfailed', (req) => {
    pending.delete(req);
    lastActivity = Date.now();
    rows.push({ url: req.url(), sw: !!req.serviceWorker(), kind: kind('', req.resourceType(), req.url()), bytes: 0, status: 'failed', encoding: '-', failure: req.failure()?.errorText });
  });
  context.on('requestfinished', (req) => {
    lastActivity = Date.now();
    sizing.push((async () => {
      try {
        const res = await req.response();
        // A page request answered by the service worker did not use the
        // network itself: the worker's own fetch (if any) is counted instead.
        if (res?.fromServiceWorker()) return;
        const s = await req.sizes();
        const headers = res ? await res.allHeaders() : {};
        let bytes = s.responseHeadersSize + s.responseBodySize;
        let note;
        if ((await req.allHeaders())['service-worker'] === 'script' && res?.status() === 200) {
          bytes = await wireSize(req.url(), { 'service-worker': 'script' });
          note = `re-measured: Chromium reports ${s.responseHeadersSize + s.responseBodySize} for a worker script`;
        }
        // An image that does not load (the suite's stand-in tile server
        // answers 404 with an HTML page; a real one is another host) counts
        // as a failed request, like a tile without internet: 0, noted.
        if (req.resourceType() === 'image' && (res?.status() ?? 0) >= 400) {
          rows.push({ url: req.url(), sw: !!req.serviceWorker(), kind: 'other', bytes: 0, status: 'failed', encoding: '-', failure: `HTTP ${res.status()}` });
          return;
        }
        const k = kind(headers['content-type'], req.resourceType(), req.url());
        const bundle = new URL(req.url()).pathname.match(/-([a-z]+)_bg\.wasm$/)?.[1];
        if (k === 'wasm' && bundle && opt.wasmScale[bundle]) {
          note = `test build ${bytes} × ${opt.wasmScale[bundle]} (release estimate)`;
          bytes = Math.round(bytes * opt.wasmScale[bundle]);
        }
        rows.push({
          url: req.url(), sw: !!req.serviceWorker(), kind: k,
          bytes, status: res?.status() ?? '-', encoding: headers['content-encoding'] ?? '-', note,
        });
      } finally {
        pending.delete(req);
      }
    })());
  });
  const page = await context.newPage();
  const notes = [];
  let status = null;
  try {
    const res = await page.goto(url, { waitUntil: 'networkidle', timeout: 60000 });
    status = res?.status() ?? null;
  } catch (e) {
    notes.push(`navigation: ${e.message.split('\n')[0]}`);
  }
  const finalUrl = page.url();
  if (new URL(finalUrl).pathname !== new URL(url).pathname) notes.push(`ended at ${new URL(finalUrl).pathname}`);
  if (status && status !== 200) notes.push(`HTTP ${status}`);

  // The service worker, if the page registers one: its install (precache) is
  // over when it is active. No worker within a second of network idle: none.
  let sw = 'none';
  const started = Date.now();
  while (Date.now() - started < opt.swWait) {
    const state = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker?.getRegistration();
      if (!reg) return 'none';
      return reg.active ? 'active' : 'installing';
    }).catch(() => 'none');
    sw = state;
    if (state === 'active' || (state === 'none' && Date.now() - started > 1000)) break;
    await sleep(100);
  }
  if (sw === 'installing') notes.push(`service worker not active after ${opt.swWait} ms`);
  // then until nothing (page or worker) has been in flight for 500 ms (at most 15 s)
  const quietStart = Date.now();
  while (Date.now() - quietStart < 15000 && (pending.size > 0 || Date.now() - lastActivity < 500)) await sleep(50);
  await Promise.all(sizing);
  if (pending.size) notes.push(`${pending.size} request(s) still open`);
  const precached = sw === 'active'
    ? await page.evaluate(async () => {
      let n = 0;
      for (const name of await caches.keys()) n += (await (await caches.open(name)).keys()).length;
      return n;
    }).catch(() => null)
    : null;
  await context.close();

  const sum = { html: 0, css: 0, js: 0, wasm: 0, other: 0, total: 0, sw: 0, swCount: 0, pageWasm: 0 };
  for (const r of rows) {
    sum.total += r.bytes;
    if (r.sw) { sum.sw += r.bytes; sum.swCount++; } else sum[r.kind] += r.bytes;
  }
  sum.pageWasm = sum.wasm;
  const failed = rows.filter((r) => r.status === 'failed');
  if (failed.length) notes.push(`${failed.length} request(s) failed (${[...new Set(failed.map((r) => new URL(r.url).host))].join(', ')})`);
  rows.sort((a, b) => (a.sw - b.sw) || (b.bytes - a.bytes));
  return { url, path: new URL(url).pathname, rows, sum, sw, precached, notes, ok: status === 200 };
}

/** Setup steps only (never the measured page): give a hydrating page a moment, if it hydrates at all. */
const settle = (page) => page.locator('html[data-hydrated="true"]').waitFor({ timeout: 10000 }).catch(() => {});

/** Sign in through the login page; returns the context's cookies and storage (and the page, for setup steps). */
async function signIn(email) {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  try {
    await page.goto(`${base}/login`, { waitUntil: 'networkidle' });
    await settle(page);
    await page.getByLabel('メールアドレス').fill(email);
    await page.getByLabel('パスワード').fill(PASSWORD);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30000 });
    return { state: await context.storageState(), request: context.request, page, close: () => context.close() };
  } catch (e) {
    await context.close();
    throw new Error(`sign-in as ${email} failed: ${e.message.split('\n')[0]}`);
  }
}

/** The first link on `path` (fetched with `request`) whose path matches `re`; `path` may be a list, tried in order. */
async function firstLink(request, path, re) {
  if (Array.isArray(path)) {
    for (const p of path) {
      const found = await firstLink(request, p, re);
      if (found) return found;
    }
    return null;
  }
  const res = await request.get(base + path);
  const html = await res.text();
  for (const m of html.matchAll(/href="([^"]+)"/g)) {
    const href = m[1].replace(/&amp;/g, '&');
    let u;
    try { u = new URL(href, base + path); } catch { continue; }
    if (u.origin === base && re.test(u.pathname)) return u.pathname;
  }
  return null;
}

/** Take a health check (any answer) so the device has a saved result; returns its path and the storage holding it. */
async function takeCheck(checkPath) {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  try {
    await page.goto(base + checkPath, { waitUntil: 'networkidle' });
    await settle(page);
    await page.locator('[data-testid="check"][data-ready="true"]').waitFor({ timeout: 30000 });
    for (let i = 0; i < 200; i++) {
      if (await page.getByTestId('finished').isVisible()) break;
      const options = page.locator('[data-testid="check"] .scale button, [data-testid="check"] .choices button, [data-testid="check"] input[type="radio"]');
      const n = await options.count();
      if (!n) throw new Error('no answer buttons');
      await options.nth(Math.floor(n / 2)).click();
      await sleep(50);
    }
    await page.getByTestId('see-result').click();
    await page.waitForURL(/\/health-check\/results\/[^/]+$/, { timeout: 30000 });
    return { path: new URL(page.url()).pathname, state: await context.storageState() };
  } finally {
    await context.close();
  }
}

/**
 * The demo data has no community report: write one as the writer and have
 * the editor publish it, so `/reports/<id>` and `/write/<id>` exist. Runs
 * only when the server has no published report. Returns the report's path.
 */
async function createReport() {
  const w = await signIn(ACCOUNTS.writer);
  let id;
  try {
    const page = w.page;
    await page.goto(`${base}/write/new`, { waitUntil: 'networkidle' });
    await settle(page);
    await page.getByTestId('report-editor').waitFor({ timeout: 30000 });
    await page.getByLabel('タイトル').fill(`ベンチマーク用レポート ${new Date().toISOString().slice(0, 16)}`);
    await page.getByLabel('リード文').fill('土曜のお昼、公民館に30人が集まりました。');
    await page.getByLabel('本文（Markdown）').fill('## はじまり\n\nボランティアの**高校生**が配膳を手伝ってくれました。\n\n- 受付\n- 配膳\n- 片付け');
    await page.locator('[data-testid="save-state"][data-state="Saved"]').waitFor({ timeout: 30000 });
    await page.waitForURL(/\/write\/\d+$/, { timeout: 30000 });
    id = page.url().split('/').pop();
    const submitted = page.getByTestId('submitted');
    for (let i = 0; i < 3 && !(await submitted.isVisible()); i++) {
      await page.getByTestId('submit-report').click();
      await submitted.waitFor({ timeout: 3000 }).catch(() => {});
    }
    await submitted.waitFor({ timeout: 10000 });
  } finally {
    await w.close();
  }
  const ed = await signIn(ACCOUNTS.editor);
  try {
    await ed.page.goto(`${base}/staff/reports/${id}`, { waitUntil: 'networkidle' });
    await settle(ed.page);
    await ed.page.getByTestId('publish').click();
    await ed.page.getByTestId('review-status').filter({ hasText: '公開中' }).waitFor({ timeout: 30000 });
  } finally {
    await ed.close();
  }
  return `/reports/${id}`;
}

const fmtKB = (b) => (b / KB).toFixed(1);

function printRows(m) {
  for (const r of m.rows) {
    const u = r.url.startsWith(base) ? r.url.slice(base.length) : r.url;
    console.log(`${String(r.bytes).padStart(9)}  ${r.kind.padEnd(5)} ${String(r.encoding).padEnd(5)} ${String(r.status).padEnd(6)} ${r.sw ? 'SW ' : '   '} ${u}${r.failure ? ` (${r.failure})` : ''}${r.note ? ` (${r.note})` : ''}`);
  }
}

function tableRow(label, m) {
  if (!m) return { line: `| ${label} | – | – | – | – | – | – | – | – | not measured |`, over: true };
  const b = budgetFor(m.path, m.sum.pageWasm > 0);
  const over = !m.ok || (b ? m.sum.total > b.bytes : false);
  const verdict = !m.ok ? 'error' : b ? (m.sum.total > b.bytes ? '**over**' : 'OK') : '–';
  const s = m.sum;
  const sw = s.swCount ? `${fmtKB(s.sw)} (${s.swCount})` : '–';
  return {
    line: `| ${label} | ${fmtKB(s.html)} | ${fmtKB(s.css)} | ${fmtKB(s.js)} | ${fmtKB(s.wasm)} | ${fmtKB(s.other)} | ${sw} | **${fmtKB(s.total)}** | ${b?.label ?? '–'} | ${verdict} |`,
    over,
  };
}

// HTML … other: what the page itself fetched; SW: what its service worker
// fetched (precache; requests in brackets); total: both.
const HEADER = ['| page | HTML | CSS | JS | WASM | other | SW | total | budget | |',
  '|---|--:|--:|--:|--:|--:|--:|--:|--:|---|'];

let anyOver = false;
try {
  if (oneUrl) {
    let state;
    if (opt.as) {
      const s = await signIn(opt.as);
      state = s.state;
      await s.close();
    }
    const m = await measure(target.href, state);
    printRows(m);
    console.log(`${String(m.sum.total).padStart(9)}  total on the wire (first visit, empty cache); service worker: ${m.sw}` +
      (m.sum.swCount ? `, ${m.sum.swCount} fetches / ${m.sum.sw} bytes` : '') + (m.precached != null ? `, ${m.precached} entries in its caches` : ''));
    for (const n of m.notes) console.log(`note: ${n}`);
    console.log('\nKB = 1000 bytes\n');
    console.log(HEADER.join('\n'));
    const r = tableRow(`\`${m.path}\``, m);
    console.log(r.line);
    anyOver = r.over;
  } else {
    const results = [];   // [label, measurement | null, account]
    const notes = [];
    const run = async (label, path, state) => {
      if (!path) { notes.push(`${label}: no id found, not measured`); results.push([label, null]); return; }
      process.stderr.write(`measuring ${path}…\n`);
      try {
        const m = await measure(base + path, state);
        results.push([`\`${path}\``, m]);
        for (const n of m.notes) notes.push(`\`${path}\`: ${n}`);
      } catch (e) {
        notes.push(`${label}: ${e.message.split('\n')[0]}`);
        results.push([label, null]);
      }
    };

    // public pages; ids from the list pages
    const anon = (await browser.newContext()).request;
    const ids = {
      activity: await firstLink(anon, '/activities', /^\/activities\/\d+$/),
      // /events shows today: late in the day it can be empty
      event: await firstLink(anon, ['/events', '/events?range=week', '/events?range=month'], /^\/events\/\d+$/),
      report: await firstLink(anon, '/reports', /^\/reports\/(?!feed\.atom$)[^/]+$/),
      check: (await firstLink(anon, '/health-check', /^\/health-check\/positive-health-quick$/))
        ?? (await firstLink(anon, '/health-check', /^\/health-check\/(?!history$|results$)[^/]+$/)),
    };
    if (!ids.report && !opt.noCreate) {
      try {
        ids.report = await createReport();
        notes.push(`no published report on the server: the bench wrote ${ids.report} as writer@ and editor@ published it`);
      } catch (e) {
        notes.push(`writing a report failed: ${e.message.split('\n')[0]}`);
      }
    }
    await run('`/`', '/');
    await run('`/activities`', '/activities');
    await run('`/activities/<id>`', ids.activity);
    await run('`/events`', '/events');
    await run('`/events/<id>`', ids.event);
    await run('`/reports`', '/reports');
    await run('`/reports/<id>`', ids.report);
    await run('`/about`', '/about');
    await run('`/health-check/<id>`', ids.check);
    // the result page: a device that has just taken the check, its HTTP cache emptied
    if (ids.check) {
      try {
        const taken = await takeCheck(ids.check);
        await run('`/health-check/results/<id>`', taken.path, taken.state);
      } catch (e) {
        notes.push(`result page: taking ${ids.check} failed (${e.message.split('\n')[0]}); measured without a saved result`);
        await run('`/health-check/results/<id>`', '/health-check/results/0');
      }
    }
    await run('`/map`', '/map');

    // work pages, signed in (the sign-in itself is not counted)
    const work = [
      ['linkworker', '`/casework/cases/<id>`', (rq) => firstLink(rq, '/casework', /^\/casework\/cases\/\d+$/)],
      ['writer', '`/write/<id>`', (rq) => firstLink(rq, '/write', /^\/write\/\d+$/)],
      ['staff', '`/staff`', async () => '/staff'],
      ['staff', '`/staff/activities/<id>`', async () => (ids.activity ? ids.activity.replace(/^\//, '/staff/') : null)],
    ];
    const sessions = {};
    for (const [who, label, find] of work) {
      try {
        sessions[who] ??= await signIn(ACCOUNTS[who]);
        await run(label, await find(sessions[who].request), sessions[who].state);
      } catch (e) {
        notes.push(`${label}: ${e.message.split('\n')[0]}`);
        results.push([label, null]);
      }
    }
    for (const s of Object.values(sessions)) await s.close();

    console.log(`Page weight — first visit, empty cache, bytes on the wire until network idle (incl. service-worker fetches), ${base}, KB = 1000 bytes\n`);
    console.log(HEADER.join('\n'));
    for (const [label, m] of results) {
      const r = tableRow(label, m);
      anyOver ||= r.over;
      console.log(r.line);
    }
    // what the service worker downloaded (the first page where it did)
    const withSw = results.find(([, m]) => m?.sum.swCount);
    if (withSw) {
      const m = withSw[1];
      const list = m.rows.filter((r) => r.sw).map((r) => `${r.url.startsWith(base) ? r.url.slice(base.length) : r.url} ${fmtKB(r.bytes)}`);
      notes.push(`service worker fetches on ${withSw[0]} (${m.precached ?? '?'} entries cached): ${list.join(', ')}`);
    }
    // the offline pack: what the service worker fetches once a page has
    // settled (public/pwa.js: five seconds after load, when idle; never with
    // Save-Data), after the measurement above ends. Listed apart, not hidden.
    try {
      const sw = await (await fetch(`${base}/sw.js`)).text();
      const pack = JSON.parse(/const OFFLINE_PACK = (\[.*?\]);/s.exec(sw)[1]);
      let total = 0;
      for (const url of pack) total += await wireSize(base + url, {});
      notes.push(`offline pack (fetched in the background once a page has settled, not counted above): ${pack.length} files, ${fmtKB(total)} KB`);
    } catch (e) {
      notes.push(`offline pack: not measured (${e.message})`);
    }
    if (notes.length) {
      console.log('\nNotes:');
      for (const n of notes) console.log(`- ${n}`);
    }
    if (opt.verbose) {
      for (const [label, m] of results) {
        if (!m) continue;
        console.log(`\n${label}`);
        printRows(m);
      }
    }
  }
} finally {
  await browser.close();
}
process.exit(opt.check && anyOver ? 1 : 0);
