import { test, expect, Page } from '@playwright/test';
import * as fs from 'node:fs';
import { hydrated } from './helpers';

/** Open a seeded one-off event from this week's agenda. */
async function openEvent(page: Page, title: string) {
  await page.goto('/events?range=week');
  await page.getByTestId('agenda').getByRole('link', { name: title }).first().click();
  await expect(page).toHaveURL(/\/events\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  return page.url();
}

test("this week's tab lists the seeded events in date and time order", async ({ page }) => {
  await page.goto('/events');
  await hydrated(page);
  await page.getByTestId('tab-week').click();
  await expect(page).toHaveURL(/range=week/);
  await expect(page.getByTestId('tab-week')).toHaveAttribute('aria-current', 'page');
  const agenda = page.getByTestId('agenda');
  for (const title of ['フレイル予防教室', '介護者のつどい「ひといき」', '親子でつくる木のおもちゃ', 'みどり野 秋の地域まつり']) {
    await expect(agenda.getByRole('link', { name: title })).toBeVisible();
  }
  // date headers with weekday, e.g. 11月24日(火)
  const headers = await agenda.locator('h2.date-header').allTextContents();
  expect(headers.length).toBeGreaterThan(3);
  for (const h of headers) expect(h).toMatch(/^\d{1,2}月\d{1,2}日\((月|火|水|木|金|土|日)(・祝)?\)$/);
  const starts = await agenda.getByTestId('event').evaluateAll((els) => els.map((e) => e.getAttribute('data-starts') ?? ''));
  expect(starts.length).toBeGreaterThan(5);
  const sorted = [...starts].sort();
  // all-day festivals start at midnight, so plain string order is the expected order
  expect(starts).toEqual(sorted);
  const count = Number(await page.getByTestId('result-count').getAttribute('data-count'));
  expect(count).toBe(starts.length);

  // a cancelled event stays listed, marked in words
  const cancelled = agenda.getByTestId('event').filter({ hasText: 'ボランティア説明会' });
  await expect(cancelled.getByText('中止')).toBeVisible();
});

test('the filters narrow the agenda and live in the URL', async ({ page }) => {
  await page.goto('/events?range=month');
  await hydrated(page);
  await page.getByText('しぼりこみ').click();
  await page.getByLabel('無料のみ').check();
  await page.locator('.filter-actions').getByRole('button', { name: 'さがす' }).click();
  await expect(page).toHaveURL(/free=1/);
  await expect(page).toHaveURL(/range=month/);
  await expect(page.getByTestId('agenda').getByRole('link', { name: '親子でつくる木のおもちゃ' })).toHaveCount(0);
  await expect(page.getByTestId('agenda').getByRole('link', { name: 'フレイル予防教室' })).toBeVisible();
});

test('the month calendar counts events per day and lists a tapped day', async ({ page }) => {
  await page.goto('/events?view=calendar');
  await hydrated(page);
  const grid = page.getByTestId('month-grid');
  await expect(grid.locator('th')).toHaveText(['日', '月', '火', '水', '木', '金', '土']);
  const busy = grid.locator('td[data-count]:not([data-count="0"])').first();
  const count = Number(await busy.getAttribute('data-count'));
  const date = await busy.getAttribute('data-date');
  await busy.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`day=${date}`));
  await expect(page.getByTestId('day-list').getByTestId('event')).toHaveCount(count);
});

test('an event can be downloaded as .ics and opened in Google Calendar', async ({ page }) => {
  await openEvent(page, 'フレイル予防教室');
  const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}');
  expect(ld['@type']).toBe('Event');
  expect(ld.startDate).toMatch(/T10:00:00\+09:00$/);
  expect(ld.eventStatus).toBe('https://schema.org/EventScheduled');
  // a small map of the place; the tiles are unreachable here, so the note shows
  await expect(page.getByTestId('static-map').getByRole('img')).toBeVisible();
  await expect(page.getByTestId('static-map')).toContainText('地図の画像を読み込めませんでした');
  await expect(page.getByTestId('static-map')).toContainText('OpenStreetMap');
  await expect(page.getByRole('link', { name: 'Google カレンダー' })).toHaveAttribute('href', /calendar\.google\.com.*ctz=Asia\/Tokyo/);
  const download = page.waitForEvent('download');
  await page.getByTestId('event-ics').click();
  const file = await (await download).path();
  const ics = fs.readFileSync(file, 'utf8');
  expect((await download).suggestedFilename()).toMatch(/^event-\d+\.ics$/);
  expect(ics).toContain('BEGIN:VCALENDAR');
  expect(ics).toContain('SUMMARY:フレイル予防教室');
  expect(ics).toMatch(/DTSTART;TZID=Asia\/Tokyo:\d{8}T100000/);
});

test('a cancelled event says so at the top and in its data', async ({ page }) => {
  await page.goto('/events?range=week');
  await page.getByTestId('agenda').getByRole('link', { name: 'ボランティア説明会' }).click();
  await expect(page.getByTestId('cancelled-banner')).toContainText('中止になりました');
  await expect(page.getByTestId('cancelled-banner')).toContainText('講師の体調不良');
  const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}');
  expect(ld.eventStatus).toBe('https://schema.org/EventCancelled');
});

test.describe('sign-up @phone-only', () => {
  test('sign up, see the confirmation, cancel with the link', async ({ page }) => {
    const url = await openEvent(page, '親子でつくる木のおもちゃ');
    await hydrated(page);
    // the service worker controls the page (it must not keep what follows)
    await page.evaluate(async () => { await navigator.serviceWorker.ready; });
    await page.reload();
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    await hydrated(page);
    const form = page.getByTestId('signup');
    await form.getByRole('button', { name: '申し込む' }).click();
    // the browser's own required-field check stops an empty form; nothing sent
    await expect(page).toHaveURL(url);
    await form.getByLabel('お名前').fill('山田 花子');
    await form.getByLabel('電話番号またはメールアドレス').fill('0796-00-1234');
    await form.getByLabel('人数').selectOption('2');
    await form.getByLabel(/同意します/).check();
    await form.getByRole('button', { name: '申し込む' }).click();
    await expect(page).toHaveURL(/\/events\/signup\/[A-Za-z0-9_-]{20,}$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('申し込みを受け付けました');
    await expect(page.getByTestId('signup-confirmation')).toContainText('2人');
    // a name and a contact: sent no-store, and the service worker keeps nothing of it
    const confirmation = page.url();
    expect((await page.request.get(confirmation)).headers()['cache-control']).toBe('private, no-store');
    await page.reload();
    const kept = await page.evaluate(async (u) => {
      for (const name of await caches.keys()) if (await (await caches.open(name)).match(u)) return name;
      return '';
    }, confirmation);
    expect(kept).toBe('');
    await hydrated(page);
    await page.getByTestId('cancel-signup').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('申し込みを取り消しました。');
    await expect(page.getByTestId('cancel-signup')).toBeHidden();
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('申し込みを取り消しました。');
  });

  test('signing up to an event that filled up meanwhile shows a clear message', async ({ page, baseURL }) => {
    const url = await openEvent(page, 'フレイル予防教室');
    await hydrated(page);
    const id = url.split('/').pop()!;
    const form = page.getByTestId('signup');
    await form.getByLabel('お名前').fill('鈴木 一郎');
    await form.getByLabel('電話番号またはメールアドレス').fill('ichiro@example.jp');
    await form.getByLabel(/同意します/).check();
    // meanwhile, others take every remaining place
    const capacity = await page.getByTestId('capacity').textContent();
    const left = Number(/残り(\d+)人/.exec(capacity ?? '')![1]);
    for (let i = 0; i < left; i++) {
      const res = await page.request.post('/api/events/sign-up', {
        headers: { Origin: baseURL!, Accept: 'application/json' },
        form: { event_id: id, 'form[name]': `参加者${i}`, 'form[contact]': '0796-00-0000', 'form[people]': '1', 'form[consent]': 'true' },
      });
      expect(await res.json()).toHaveProperty('Confirmed');
    }
    await form.getByRole('button', { name: '申し込む' }).click();
    await expect(page.getByTestId('signup-full')).toContainText('定員に達したため');
    // the same event's page, saying why (the form is a plain form post)
    expect(new URL(page.url()).pathname).toBe(new URL(url).pathname);
    // coming back later: the page says it is full instead of offering the form
    await page.reload();
    await expect(page.getByTestId('signup-full')).toContainText('定員に達した');
    await expect(page.getByText('満員').first()).toBeVisible();
    await expect(page.getByTestId('signup').getByRole('button', { name: '申し込む' })).toHaveCount(0);
  });

  test('without JavaScript the form still signs up and explains problems', async ({ browser, baseURL }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
    const page = await context.newPage();
    await page.goto('/events?range=month');
    await page.getByTestId('agenda').getByRole('link', { name: 'スマホ相談会' }).first().click();
    const form = page.getByTestId('signup');
    await form.getByLabel('お名前').fill('佐藤 次郎');
    await form.getByLabel('電話番号またはメールアドレス').fill('jiro@example.jp');
    await form.getByLabel(/同意します/).check();
    await form.getByRole('button', { name: '申し込む' }).click();
    await expect(page).toHaveURL(/\/events\/signup\/[A-Za-z0-9_-]{20,}$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('申し込みを受け付けました');
    // and cancel without JavaScript too
    await page.getByTestId('cancel-signup').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('申し込みを取り消しました。');
    await context.close();
  });
});
