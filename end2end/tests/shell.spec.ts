import { test, expect, type Page } from '@playwright/test';
import { hydrated, navLink } from './helpers';

test('home is rendered on the server: content is in the HTML before any script runs', async ({ request }) => {
  const res = await request.get('/');
  expect(res.status()).toBe(200);
  const html = await res.text();
  expect(html).toMatch(/<html[^>]*\slang="ja"/);
  expect(html).toContain('まちの中に、あなたの居場所を。');
  // districts come from the database through a server function
  expect(html).toContain('奥谷');
  expect(html).toMatch(/\/pkg\/tsunagu-[0-9a-f]+\.css/);
  // nothing on it to interact with beyond links and forms: no WebAssembly
  expect(html).not.toContain('<leptos-island');
  expect(html).not.toMatch(/_bg\.wasm|type="module"/);
});

test('reading works with JavaScript disabled', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'ja-JP' });
  const page = await context.newPage();
  await page.goto('/about/link-worker');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('リンクワーカーとは');
  await page.goto('/');
  await expect(page.getByTestId('district-list').getByRole('listitem')).toHaveCount(8);
  await context.close();
});

async function localeCookie(page: Page): Promise<string | undefined> {
  return (await page.context().cookies()).find((c) => c.name === 'i18n_pref_locale' && c.path === '/')?.value;
}

/** Open the header's 文字・言語 / Text & language control. */
async function openSettings(page: Page) {
  const settings = page.getByTestId('settings');
  if ((await settings.getAttribute('open')) === null) await settings.locator('summary').click();
}

test('language switch changes the page and persists across reload', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await openSettings(page);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('A place for you in your town.');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('district-list')).toContainText('Okutani');
  await expect.poll(() => localeCookie(page)).toBe('en');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('A place for you in your town.');
  await openSettings(page);
  await page.getByRole('button', { name: '日本語' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('まちの中に、あなたの居場所を。');
  await expect.poll(() => localeCookie(page)).toBe('ja');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
});

test('the settings work without JavaScript and bring the person back to the same page', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'ja-JP' });
  const page = await context.newPage();
  await page.goto('/activities?q=' + encodeURIComponent('体操'));
  await page.getByTestId('settings').locator('summary').click();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page).toHaveURL(/\/activities\?q=%E4%BD%93%E6%93%8D$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByTestId('settings').locator('summary').click();
  await page.getByRole('button', { name: 'Extra large' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-text-size', 'xlarge');
  await expect(page).toHaveURL(/\/activities\?q=/);
  await context.close();
});

test('text size switch scales the whole UI and persists across reload', async ({ page }) => {
  await page.goto('/');
  const rootSize = () => page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
  expect(await rootSize()).toBe('16px');
  await openSettings(page);
  await page.getByRole('button', { name: '特大' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-text-size', 'xlarge');
  expect(await rootSize()).toBe('24px');
  await openSettings(page);
  await expect(page.getByRole('button', { name: '特大' })).toHaveAttribute('aria-pressed', 'true');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-text-size', 'xlarge');
  expect(await rootSize()).toBe('24px');
  await openSettings(page);
  await page.getByRole('button', { name: '大', exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('data-text-size', 'large');
  expect(await rootSize()).toBe('20px');
  await openSettings(page);
  await page.getByRole('button', { name: '標準' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-text-size', 'normal');
  expect(await rootSize()).toBe('16px');
});

test('navigation reaches every section', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  const sections: [string, string, string][] = [
    ['さがす', '/activities', '地域活動・つどいをさがす'],
    ['地図', '/map', '地域資源マップ'],
    ['イベント', '/events', 'イベント'],
    ['ヘルスチェック', '/health-check', 'ヘルスチェック'],
    ['ホーム', '/', 'まちの中に、あなたの居場所を。'],
  ];
  for (const [label, path, heading] of sections) {
    await navLink(page, label).click();
    await expect(page).toHaveURL(path);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expect(navLink(page, label)).toHaveAttribute('aria-current', 'page');
  }
});

test('the navigation is a bottom bar on phones and a side bar on tablets', async ({ page }, info) => {
  await page.goto('/');
  const box = await page.getByRole('navigation').boundingBox();
  const viewport = page.viewportSize()!;
  expect(box).not.toBeNull();
  if (info.project.name === 'phone') {
    expect(Math.round(box!.y + box!.height)).toBe(viewport.height);
    expect(box!.width).toBe(viewport.width);
  } else {
    expect(box!.x).toBe(0);
    expect(box!.width).toBeLessThan(viewport.width / 2);
  }
});

test('explainer pages have real content in both languages', async ({ page }) => {
  for (const [path, ja] of [
    ['/about', 'このサイトについて'],
    ['/about/social-prescribing', '社会的処方とは'],
    ['/about/community-nurse', 'コミュニティナースとは'],
  ]) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(ja);
    expect(await page.locator('article h2').count()).toBe(4);
  }
});

test('unknown pages get a 404 page in the chosen language', async ({ page, context }) => {
  const res = await page.goto('/no-such-page');
  expect(res!.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ページが見つかりません');
  // let the client finish hydrating: it writes the language cookie once
  await hydrated(page);
  await context.addCookies([{ name: 'i18n_pref_locale', value: 'en', url: page.url() }]);
  const res2 = await page.goto('/still-no-such-page');
  expect(res2!.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
});

test('health check answers', async ({ request }) => {
  const res = await request.get('/healthz');
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ status: 'ok', database: 'ok' });
});
