import { test, expect } from '@playwright/test';
import { signIn } from './helpers';

test.describe('self-check statistics @phone-only', () => {
  test.use({ viewport: { width: 360, height: 740 } });
  test('staff read the city figures on a phone; residents may not', async ({ page, browser }) => {
    await signIn(page, 'staff@midorino.example.jp', '/staff/statistics');
    await expect(page).toHaveURL(/\/staff\/statistics$/);
    await expect(page.getByTestId('stats-summary').locator('svg')).toBeVisible();
    await expect(page.getByTestId('stats-overall').locator('tbody tr')).toHaveCount(6);
    await expect(page.getByTestId('stats-districts').locator('tbody tr')).toHaveCount(8);
    // the page itself never scrolls sideways at 360 px; wide tables scroll in their box
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // the filter is a plain form: a month span with no contributions
    await page.getByLabel('この月から').fill('2001-01');
    await page.getByLabel('この月まで').fill('2001-12');
    await page.getByRole('button', { name: '集計する' }).click();
    await expect(page).toHaveURL(/from=2001-01/);
    await expect(page.getByTestId('stats-total')).toHaveText('0');
    await expect(page.getByTestId('stats-too-few')).toBeVisible();

    const other = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const r = await other.newPage();
    await signIn(r, 'resident@midorino.example.jp', '/account');
    await expect(r).toHaveURL(/\/account$/);
    const res = await r.goto('/staff/statistics');
    expect(res!.status()).toBe(403);
    await other.close();
  });
});
