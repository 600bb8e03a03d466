import { test, expect } from '@playwright/test';
import * as fs from 'node:fs';
import { signIn } from './helpers';

// The city dashboard (issue 19): a tablet page for city staff, readable and
// printable without JavaScript; its CSV holds the figures the page shows.
test.describe('city dashboard @tablet-only', () => {
  test('staff change the period and district, read the charts and download the CSV', async ({ page }) => {
    await signIn(page, 'staff@midorino.example.jp', '/staff/dashboard');
    await expect(page).toHaveURL(/\/staff\/dashboard$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('まちのダッシュボード');
    for (const section of ['referrals', 'connections', 'outcomes', 'resources', 'population']) {
      await expect(page.getByTestId(`dash-${section}`)).toBeVisible();
    }
    // charts are SVG made on the server, each with a title
    expect(await page.locator('.dash-chart').count()).toBeGreaterThan(5);
    await expect(page.locator('.dash-chart title').first()).toHaveText('支援の進み具合');
    await expect(page.getByTestId('heat-table').locator('tbody tr')).toHaveCount(8);
    // the page never scrolls sideways on the tablet
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // last fiscal year, then one district: a plain GET form
    const lastYear = await page.getByTestId('dashboard-period').locator('option').nth(1).getAttribute('value');
    await page.getByTestId('dashboard-period').selectOption(lastYear!);
    await page.getByTestId('dashboard-district').selectOption({ label: '北山' });
    await page.getByRole('button', { name: '表示する' }).click();
    await expect(page).toHaveURL(new RegExp(`period=${lastYear}&district=kitayama`));
    await expect(page.getByTestId('dashboard-heading')).toContainText('北山');
    await expect(page.getByTestId('dashboard-heading')).toContainText(`${lastYear!.slice(2)}年度`);
    // small figures never show as numbers in a district
    const cells = await page.getByTestId('sheet-by_source').locator('tbody td').allTextContents();
    for (const c of cells) {
      expect(['1', '2', '3', '4']).not.toContain(c.trim());
    }

    // the CSV of the referrals: the same figures as the table above it
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-referrals').click()]);
    expect(download.suggestedFilename()).toBe(`tsunagu-dashboard-referrals-${lastYear}-kitayama.csv`);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = await page.getByTestId('sheet-by_source').locator('tbody tr').all();
    for (const row of rows) {
      const label = (await row.locator('th').textContent())!.trim();
      const value = (await row.locator('td').first().textContent())!.trim();
      expect(csv).toContain(`${label},${value}\r\n`);
    }
  });

  test('a link worker sees the team part; residents and writers may not look', async ({ page, browser }) => {
    await signIn(page, 'linkworker@midorino.example.jp', '/staff/dashboard');
    await expect(page).toHaveURL(/\/staff\/dashboard$/);
    await expect(page.getByTestId('dashboard-team')).toContainText('つながり相談室');
    await expect(page.getByTestId('dash-population')).toHaveCount(0);
    await expect(page.getByTestId('dash-referrals')).toBeVisible();
    for (const who of ['resident@midorino.example.jp', 'writer@midorino.example.jp']) {
      const other = await browser.newContext();
      const p = await other.newPage();
      await signIn(p, who, '/account');
      await expect(p).toHaveURL(/\/account$/);
      const res = await p.goto('/staff/dashboard');
      expect(res!.status()).toBe(403);
      const csv = await p.request.get('/staff/dashboard/referrals.csv');
      expect(csv.status()).toBe(403);
      await other.close();
    }
  });

  test('the page reads and prints on A4 without JavaScript', async ({ page, browser }) => {
    await signIn(page, 'staff@midorino.example.jp', '/account');
    await expect(page).toHaveURL(/\/account$/);
    const state = await page.context().storageState();
    const nojs = await browser.newContext({ javaScriptEnabled: false, storageState: state, viewport: { width: 820, height: 1180 } });
    const p = await nojs.newPage();
    const res = await p.goto('/staff/dashboard');
    expect(res!.status()).toBe(200);
    await expect(p.getByTestId('dash-referrals-total')).not.toBeEmpty();
    await expect(p.getByTestId('sheet-funnel').locator('tbody tr')).toHaveCount(5);
    expect(await p.locator('.dash-chart').count()).toBeGreaterThan(5);
    // the form works without a script
    await p.getByTestId('dashboard-district').selectOption({ label: '中央' });
    await p.getByRole('button', { name: '表示する' }).click();
    await expect(p).toHaveURL(/district=chuo/);
    // print: the filter and the download links are not printed; it fits A4
    await p.emulateMedia({ media: 'print' });
    await expect(p.getByTestId('dashboard-filter')).toBeHidden();
    await expect(p.getByTestId('csv-referrals')).toBeHidden();
    await expect(p.getByTestId('dash-outcomes')).toBeVisible();
    const pdf = await p.pdf({ format: 'A4', printBackground: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    expect(pages).toBeGreaterThanOrEqual(3);
    const width = await p.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(820);
    await nojs.close();
  });
});

test.describe('open data @phone-only', () => {
  test('anyone reads how the yearly summary is made and downloads it', async ({ page }) => {
    await page.goto('/open-data');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('オープンデータ');
    await expect(page.getByTestId('open-data-explainer')).toContainText('5人未満');
    const link = page.getByTestId('open-data-files').getByRole('link', { name: 'JSON' }).first();
    const href = await link.getAttribute('href');
    const res = await page.request.get(href!);
    expect(res.status()).toBe(200);
    const summary = await res.json();
    expect(summary.rows.length).toBeGreaterThan(20);
    expect(JSON.stringify(summary)).not.toContain('kitayama');
  });
});
