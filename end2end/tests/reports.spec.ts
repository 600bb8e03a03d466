import { test, expect, Page } from '@playwright/test';
import { hydrated, signIn } from './helpers';

/** A JPEG drawn in the page (a stand-in for a photo from the camera roll). */
async function photo(page: Page): Promise<Buffer> {
  const b64 = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 900; c.height = 600;
    const x = c.getContext('2d')!;
    x.fillStyle = '#2a7'; x.fillRect(0, 0, 900, 600);
    x.fillStyle = '#fc3'; x.beginPath(); x.arc(450, 300, 200, 0, Math.PI * 2); x.fill();
    return c.toDataURL('image/jpeg', 0.9).split(',')[1];
  });
  return Buffer.from(b64, 'base64');
}

test.describe('community reports @phone-only', () => {
  test('a writer drafts with a photo, the editor asks for changes, then publishes', async ({ page, browser }) => {
    const title = `こども食堂の一日 ${Date.now()}`;
    await signIn(page, 'writer@midorino.example.jp', '/write');
    await expect(page).toHaveURL(/\/write$/);
    await hydrated(page);
    await page.getByTestId('new-report').click();
    await expect(page.getByTestId('report-editor')).toBeVisible();
    await hydrated(page);
    await page.getByLabel('タイトル').fill(title);
    await page.getByLabel('リード文').fill('土曜のお昼、公民館に30人が集まりました。');
    await page.getByLabel('本文（Markdown）').fill('## はじまり\n\nボランティアの**高校生**が配膳を手伝ってくれました。');
    await expect(page.getByTestId('preview').locator('h2')).toHaveText('はじまり');
    await page.getByTestId('photo-input').setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: await photo(page) });
    await expect(page.getByTestId('cover').locator('img')).toBeVisible();
    await page.getByTestId('activity-search').fill('サロン');
    await page.getByTestId('activity-search').press('Enter');
    await page.locator('.activity-picker button').first().click();
    await expect(page.getByTestId('chosen-activities')).not.toHaveText('');
    const activityId = (await page.getByTestId('chosen-activities').textContent())!.split(',')[0].trim();
    await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'Saved', { timeout: 20_000 });
    await expect(page).toHaveURL(/\/write\/\d+$/);
    const id = page.url().split('/').pop();
    await page.getByTestId('submit-report').click();
    await expect(page.getByTestId('submitted')).toBeVisible();

    // the editor, on another phone
    const other = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const ed = await other.newPage();
    await signIn(ed, 'editor@midorino.example.jp', '/staff/reports');
    await expect(ed.getByTestId('review-queue').getByRole('link', { name: title })).toBeVisible();
    await ed.goto(`/staff/reports/${id}`);
    await hydrated(ed);
    await ed.getByTestId('review-comment').fill('写真に説明を一言つけてください。');
    await ed.getByTestId('request-changes').click();
    await expect(ed.getByTestId('review-status')).toHaveText('修正のお願いあり');

    // the writer sees the comment, fixes, resubmits
    await page.goto(`/write/${id}`);
    await hydrated(page);
    await expect(page.getByTestId('editor-comment')).toContainText('写真に説明を一言');
    const body = page.getByLabel('本文（Markdown）');
    await body.fill((await body.inputValue()).replace('![]', '![配膳のようす]'));
    await page.getByTestId('submit-report').click();
    await expect(page.getByTestId('submitted')).toBeVisible();

    await ed.goto(`/staff/reports/${id}`);
    await hydrated(ed);
    await ed.getByTestId('publish').click();
    await expect(ed.getByTestId('review-status')).toHaveText('公開中');
    await other.close();

    // on the list, the writer's profile and the linked activity
    await page.goto('/reports');
    await page.getByTestId('report-list').getByRole('link', { name: title }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(page.locator('.report-body img[alt="配膳のようす"]')).toHaveAttribute('loading', 'lazy');
    await expect(page.locator('.cover img')).toHaveAttribute('srcset', /w320\.jpg 320w/);
    await page.getByRole('link', { name: /地域ライター/ }).first().click();
    await expect(page).toHaveURL(/\/writers\//);
    await expect(page.getByTestId('report-list').getByRole('link', { name: title })).toBeVisible();
    await page.goto(`/activities/${activityId}`);
    await expect(page.getByTestId('activity-reports').getByRole('link', { name: title })).toBeVisible();
  });

  test('what a writer types survives losing the connection', async ({ page, context }) => {
    await signIn(page, 'writer@midorino.example.jp', '/write/new');
    await expect(page.getByTestId('report-editor')).toBeVisible();
    await hydrated(page);
    await context.setOffline(true);
    await page.getByLabel('タイトル').fill('電波の届かない集落で');
    await page.getByLabel('本文（Markdown）').fill('山の上の公民館から。');
    await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', /OnDevice|Offline/);
    await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'Offline', { timeout: 10_000 });
    await context.setOffline(false);
    await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'Saved', { timeout: 20_000 });
    await expect(page).toHaveURL(/\/write\/\d+$/);
    await page.reload();
    await hydrated(page);
    await expect(page.getByLabel('タイトル')).toHaveValue('電波の届かない集落で');
  });

  test('a resident cannot open the editor (403)', async ({ page }) => {
    await signIn(page, 'resident@midorino.example.jp');
    await expect(page).toHaveURL(/\/account$/);
    for (const path of ['/write', '/write/new', '/staff/reports']) {
      const res = await page.goto(path);
      expect(res!.status(), path).toBe(403);
      await expect(page.locator('[data-status="403"]')).toBeVisible();
    }
  });
});
