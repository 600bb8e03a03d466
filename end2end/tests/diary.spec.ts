import { test, expect, Browser } from '@playwright/test';
import * as path from 'node:path';
import { hydrated, signIn } from './helpers';

// The stay-home diary (issue 20, part 2): a facilitator forms a group of
// three and starts a round; the diary passes through the three members on
// their phones, one of them adds a photo; everyone reads every page, and
// the booklet prints on A5.
const PHOTO = path.join(__dirname, '..', '..', 'public', 'icons', 'icon-192.png');

async function as(browser: Browser, email: string, next: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email, next);
  return { context, page };
}

test.describe('stay-home diary @phone-only', () => {
  test('a round passes through three members with a photo, and the booklet prints', async ({ page, browser }) => {
    const name = `E2Eの会 ${Date.now()}`;
    // the facilitator forms the group
    await signIn(page, 'linkworker@midorino.example.jp', '/diary');
    await expect(page).toHaveURL(/\/diary$/);
    await page.getByTestId('group-name').fill(name);
    await page.getByTestId('create-group').click();
    await expect(page).toHaveURL(/\/diary\/\d+$/);
    const group = page.url();
    for (const email of ['resident@midorino.example.jp', 'writer@midorino.example.jp', 'editor@midorino.example.jp']) {
      await page.getByTestId('seat-email').fill(email);
      await page.getByTestId('add-seat').click();
      await expect(page.getByTestId('seat-added')).toBeVisible();
    }
    await expect(page.getByTestId('seats').locator('li')).toHaveCount(3);
    await page.getByTestId('round-theme').fill('流れ星に願う小さなこと');
    const due = new Date(Date.now() + 14 * 86400_000).toISOString().slice(0, 10);
    await page.getByTestId('round-due').fill(due);
    await page.getByTestId('start-round').click();
    await expect(page.getByTestId('round-started')).toBeVisible();

    // three members in turn; the first adds a photo
    const pages = [
      ['resident@midorino.example.jp', '孫と電話で話す時間が長くなりますように。', true],
      ['writer@midorino.example.jp', '散歩道の猫に名前をつけたい。', false],
      ['editor@midorino.example.jp', 'イチョウの写真を撮りに行きたい。', false],
    ] as const;
    for (const [email, text, photo] of pages) {
      const m = await as(browser, email, '/diary');
      await expect(m.page.getByTestId('diary-groups').locator('li', { hasText: name }).getByTestId('my-turn')).toBeVisible();
      await m.page.goto(group);
      await expect(m.page.getByTestId('write-form')).toBeVisible();
      await m.page.getByTestId('write-text').fill(text);
      if (photo) await m.page.getByTestId('write-photo-1').setInputFiles(PHOTO);
      await m.page.getByTestId('write-button').click();
      await expect(m.page.getByTestId('written')).toBeVisible();
      await expect(m.page.getByTestId('write-form')).toHaveCount(0);
      await m.context.close();
    }

    // everyone reads every page, the photo shows
    const r = await as(browser, 'resident@midorino.example.jp', new URL(group).pathname);
    await expect(r.page.getByTestId('entry')).toHaveCount(3);
    for (const [, text] of pages) await expect(r.page.getByText(text)).toBeVisible();
    const img = r.page.getByTestId('entry-photo').first();
    await expect(img).toBeVisible();
    expect(await img.evaluate((e) => (e as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    // the booklet: a cover and one page per entry, on A5 paper
    await r.page.getByTestId('to-booklet').click();
    await expect(r.page.getByTestId('booklet-page')).toHaveCount(3);
    await r.page.emulateMedia({ media: 'print' });
    await expect(r.page.getByTestId('booklet')).toBeVisible();
    await expect(r.page.locator('.site-header')).toBeHidden();
    const pdf = await r.page.pdf({ preferCSSPageSize: true });
    expect(pdf.byteLength).toBeGreaterThan(1000);
    await hydrated(r.page);
    await r.context.close();
  });
});
