import { test, expect } from '@playwright/test';
import { hydrated, signIn } from './helpers';

test.describe('editable pages @phone-only', () => {
  test('staff edit an explainer page; readers see it; bad input and history', async ({ page, browser }) => {
    const added = `水曜の午後にも相談できます（${Date.now()}）。`;
    await signIn(page, 'staff@midorino.example.jp', '/staff/pages');
    await expect(page).toHaveURL(/\/staff\/pages$/);
    await page.getByTestId('pages-list').getByRole('link', { name: 'リンクワーカーとは' }).click();
    await expect(page.getByTestId('page-editor')).toBeVisible();
    await hydrated(page);

    const ja = page.getByTestId('fields-ja');
    const body = ja.getByLabel('本文（Markdown）');
    await expect(body).toHaveValue(/^## 人と地域の橋わたし/);
    await body.fill((await body.inputValue()).replace('つながるきっかけをつくります。', `つながるきっかけをつくります。${added}`));
    await expect(page.getByTestId('preview-ja')).toContainText(added);
    await page.getByTestId('page-note').fill('相談の時間を追記');
    await page.getByTestId('save-page').click();
    await expect(page.getByTestId('page-outcome')).toHaveAttribute('data-outcome', 'saved');
    await expect(page.getByTestId('page-history').locator('li')).toHaveCount(1);

    // a reader without an account (and without JavaScript) sees the new text
    const reader = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    const r = await reader.newPage();
    await r.goto('/about/link-worker');
    await expect(r.getByRole('heading', { level: 1 })).toHaveText('リンクワーカーとは');
    await expect(r.getByTestId('page-body')).toContainText(added);
    await expect(r.getByTestId('edit-page')).toHaveCount(0);
    await reader.close();

    // an empty English title is refused, named in English's tab, and nothing is saved
    await page.getByTestId('lang-en').click();
    await page.getByTestId('fields-en').locator('input[name="title_en"]').fill('');
    await page.getByTestId('lang-ja').click();
    await page.getByTestId('save-page').click();
    await expect(page.getByTestId('page-outcome')).toHaveAttribute('data-outcome', 'invalid');
    await expect(page.getByTestId('fields-en')).toBeVisible();
    await expect(page.getByTestId('fields-en').locator('.field-error[data-field="title_en"]')).toBeVisible();
    await expect(page.getByTestId('page-history').locator('li')).toHaveCount(1);

    // the saved version can be looked at and put back in the editor
    await page.getByTestId('view-revision').first().click();
    await page.getByTestId('lang-ja').click();
    await expect(page.getByTestId('revision')).toContainText(added);
    await page.getByTestId('restore-revision').click();
    await expect(page.getByTestId('restored')).toBeVisible();
    await page.getByTestId('save-page').click();
    await expect(page.getByTestId('page-outcome')).toHaveAttribute('data-outcome', 'unchanged');

    // the page itself offers staff the way back to the editor
    await page.goto('/about/link-worker');
    await page.getByTestId('edit-page').click();
    await expect(page).toHaveURL(/\/staff\/pages\/link-worker$/);
  });

  test('a writer cannot open the page editor (403)', async ({ page }) => {
    await signIn(page, 'writer@midorino.example.jp', '/write');
    await expect(page).toHaveURL(/\/write$/);
    const res = await page.goto('/staff/pages/about');
    expect(res!.status()).toBe(403);
  });
});
