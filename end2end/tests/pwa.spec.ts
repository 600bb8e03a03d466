import { test, expect, chromium } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hydrated } from './helpers';

test('manifest makes the app installable', async ({ request }) => {
  const res = await request.get('/manifest.webmanifest');
  expect(res.status()).toBe(200);
  const m = await res.json();
  expect(m).toMatchObject({ display: 'standalone', lang: 'ja', short_name: 'つなぐ' });
  const sizes = m.icons.map((i: { sizes: string; purpose?: string }) => `${i.sizes}:${i.purpose ?? 'any'}`);
  expect(sizes).toEqual(expect.arrayContaining(['192x192:any', '512x512:any', '192x192:maskable', '512x512:maskable']));
  for (const icon of m.icons) {
    expect((await request.get(icon.src)).status()).toBe(200);
  }
  // Chromium's own verdict, in a persistent (non-incognito) profile as a
  // person's browser would be: no installability errors for this page.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-install-'));
  const launch = test.info().project.use.launchOptions ?? {};
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: launch.executablePath,
    args: launch.args,
    baseURL: test.info().project.use.baseURL,
  });
  try {
    const p = await ctx.newPage();
    await p.goto('/');
    await hydrated(p);
    const cdp = await ctx.newCDPSession(p);
    await expect
      .poll(async () => {
        const r = await cdp.send('Page.getInstallabilityErrors');
        return r.installabilityErrors.map((e: { errorId: string }) => e.errorId);
      })
      .toEqual([]);
  } finally {
    await ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('service worker registers and offline reloads show the app shell or the offline page', async ({ page, context }) => {
  await page.goto('/');
  await hydrated(page);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // make sure the worker controls this page before cutting the network
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  const sw = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL);
  expect(sw).toMatch(/\/sw\.js$/);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('まちの中に、あなたの居場所を。');

  // a page never visited: the offline page, not the browser's error
  await page.goto('/about/community-nurse').catch(() => {});
  await expect(page.locator('#offline-title')).toBeVisible();
  await context.setOffline(false);
});

test('hashed bundle files are cached for a year, the service worker never', async ({ request }) => {
  // a page with islands names its bundle; the style sheet is on every page
  const html = await (await request.get('/health-check/positive-health-quick')).text();
  const js = html.match(/\/pkg\/tsunagu-[0-9a-f]+-check\.js/)![0];
  const css = html.match(/\/pkg\/tsunagu-[0-9a-f]+\.css/)![0];
  for (const file of [js, css, js.replace(/\.js$/, '_bg.wasm')]) {
    const res = await request.get(file);
    expect(res.status()).toBe(200);
    expect(res.headers()['cache-control']).toContain('immutable');
  }
  const sw = await request.get('/sw.js');
  expect(sw.headers()['cache-control']).toBe('no-cache');
  // the shell keeps the style sheet at install; the health check's bundle
  // comes with the offline pack, never a bundle of link workers, writers or staff
  const text = await sw.text();
  expect(text).toContain(css);
  expect(text).toContain(js);
  for (const work of ['-casework', '-write', '-staff']) expect(text).not.toContain(work);
});
