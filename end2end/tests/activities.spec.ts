import { test, expect } from '@playwright/test';
import { hydrated } from './helpers';

// Runs on the phone project only (the tablet project excludes @phone-only).
test.describe('activities @phone-only', () => {

  test('searching たいそう finds ラジオ体操', async ({ page }) => {
    await page.goto('/activities');
    await hydrated(page);
    await page.getByRole('searchbox').fill('たいそう');
    await page.getByRole('button', { name: 'さがす' }).first().click();
    await expect(page).toHaveURL(/q=%E3%81%9F%E3%81%84%E3%81%9D%E3%81%86|q=たいそう/);
    await expect(page.getByTestId('results').getByRole('heading', { name: /ラジオ体操/ }).first()).toBeVisible();
  });

  test('the search form works without JavaScript', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/activities?q=' + encodeURIComponent('囲碁'));
    await expect(page.getByTestId('results').getByRole('heading', { name: /囲碁/ }).first()).toBeVisible();
    await context.close();
  });

  test('filters combine, live in the URL, and the back button restores them', async ({ page }) => {
    await page.goto('/activities');
    await hydrated(page);
    const count = async () => Number(await page.getByTestId('result-count').getAttribute('data-count'));
    const all = await count();
    await page.getByText('しぼりこみ').click();
    await page.locator('details.filters select[name="district"]').selectOption('kitayama');
    await page.locator('details.filters').getByRole('button', { name: 'さがす' }).click();
    await expect(page).toHaveURL(/district=kitayama/);
    await expect.poll(count).toBeLessThan(all);
    const kitayama = await count();
    for (const meta of await page.locator('.result-meta').allTextContents()) expect(meta).toContain('北山');

    // the filter panel stays open while filters are set
    if (!(await page.getByLabel('無料のみ').isVisible())) await page.getByText('しぼりこみ').click();
    await page.getByLabel('無料のみ').check();
    await page.getByRole('button', { name: 'さがす' }).last().click();
    await expect(page).toHaveURL(/district=kitayama.*free=1|free=1.*district=kitayama/);
    await expect.poll(count).toBeLessThanOrEqual(kitayama);
    for (const cost of await page.locator('.result-cost').allTextContents()) expect(cost).toContain('無料');

    await page.goBack();
    await expect(page).toHaveURL(/district=kitayama/);
    await expect(page).not.toHaveURL(/free=1/);
    await expect.poll(count).toBe(kitayama);
    await expect(page.locator('details.filters select[name="district"]')).toHaveValue('kitayama');
  });

  test('the detail page shows the schedule in plain words and the next dates', async ({ page }) => {
    await page.goto('/activities?q=' + encodeURIComponent('ラジオ体操'));
    await page.getByTestId('results').getByRole('link').first().click();
    await expect(page).toHaveURL(/\/activities\/\d+$/);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('ラジオ体操');
    await expect(page.getByTestId('activity-detail')).toContainText(/毎週|毎月/);
    const dates = page.getByTestId('next-dates').getByRole('listitem');
    await expect(dates).toHaveCount(3);
    await expect(dates.first()).toHaveText(/\d+月\d+日\(.\)/);
    await expect(page.locator('.last-checked')).toContainText('最終確認');
  });

  test('near me sorts by distance from the browser position', async ({ browser }) => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      geolocation: { latitude: 35.3448, longitude: 134.8402 }, // 北山
      permissions: ['geolocation'],
      locale: 'ja-JP',
    });
    const page = await context.newPage();
    await page.goto('/activities');
    await hydrated(page);
    await page.locator('details.near-me summary').click();
    await expect(page.locator('details.near-me')).toContainText('保存しません');
    await page.getByRole('button', { name: 'いまいる場所を使う' }).click();
    await expect(page).toHaveURL(/sort=nearest/);
    await expect(page.locator('.result-meta').first()).toContainText('北山');
    await expect(page.locator('.result-meta').first()).toContainText('約');
    await context.close();
  });

  test('unknown activity ids get the 404 page', async ({ page }) => {
    await page.goto('/activities/999999');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('ページが見つかりません');
  });
});
