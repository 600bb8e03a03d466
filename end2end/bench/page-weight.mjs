// Bytes a phone downloads for one page on a first visit (empty cache):
// every response's encoded (on-the-wire) size, including the service worker's
// precache fetches. Usage (server running):
//   node end2end/bench/page-weight.mjs http://127.0.0.1:3000/
import { chromium } from 'playwright-core';

const url = process.argv[2] ?? 'http://127.0.0.1:3000/';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'ja-JP' });
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send('Network.enable');
const rows = new Map();
cdp.on('Network.responseReceived', (e) => rows.set(e.requestId, { url: e.response.url, encoding: e.response.headers['content-encoding'] ?? '-', bytes: 0 }));
cdp.on('Network.loadingFinished', (e) => { const r = rows.get(e.requestId); if (r) r.bytes = e.encodedDataLength; });
await page.goto(url, { waitUntil: 'networkidle' });
await page.waitForSelector('html[data-hydrated="true"]', { timeout: 30000 });
await page.evaluate(() => navigator.serviceWorker?.ready);
await page.waitForTimeout(1000);
let total = 0;
for (const r of rows.values()) {
  total += r.bytes;
  console.log(`${String(r.bytes).padStart(9)}  ${r.encoding.padEnd(5)} ${r.url.replace(url.replace(/\/$/, ''), '')}`);
}
// service worker precache fetches are outside the page's CDP session
const sw = await page.evaluate(async () => {
  const names = await caches.keys();
  let n = 0;
  for (const name of names) n += (await (await caches.open(name)).keys()).length;
  return n;
});
console.log(`${String(total).padStart(9)}  total page bytes on the wire (first visit); ${sw} entries precached by the service worker`);
await browser.close();
