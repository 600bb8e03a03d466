import { test, expect, Page } from '@playwright/test';
import { hydrated } from './helpers';

/** Markers on the map: single pins plus the numbers on the cluster bubbles. */
async function markerTotal(page: Page): Promise<number> {
  return page.evaluate(() => {
    const singles = document.querySelectorAll('.map-canvas .leaflet-marker-icon.map-pin').length;
    let grouped = 0;
    document.querySelectorAll('.map-canvas .marker-cluster, .map-canvas .server-cluster').forEach((c) => {
      grouped += parseInt(c.textContent || '0', 10);
    });
    return singles + grouped;
  });
}

test('the map shows the filtered listings, and the text list matches', async ({ page }) => {
  await page.goto('/map?category=salon');
  await hydrated(page);
  await expect(page.getByTestId('map')).toHaveAttribute('data-ready', 'true');
  const count = Number(await page.getByTestId('map-count').getAttribute('data-count'));
  expect(count).toBeGreaterThan(3);
  await expect(page.getByTestId('map-places').locator('li')).toHaveCount(count);
  await expect.poll(() => markerTotal(page)).toBe(count);
  // the no-tiles fallback: the test server's tiles answer 404
  await expect(page.getByTestId('tiles-failed')).toBeVisible();

  // changing a filter updates the URL, the list and the markers
  await page.locator('details.filters').evaluate((d) => ((d as HTMLDetailsElement).open = true));
  await page.getByLabel('地区').selectOption('kitayama');
  await page.locator('details.filters').getByRole('button', { name: 'さがす' }).click();
  await expect(page).toHaveURL(/district=kitayama/);
  await expect(page).toHaveURL(/category=salon/);
  await expect.poll(async () => Number(await page.getByTestId('map-count').getAttribute('data-count'))).toBeLessThan(count);
  const fewer = Number(await page.getByTestId('map-count').getAttribute('data-count'));
  await expect.poll(() => markerTotal(page)).toBe(fewer);
});

test('a marker opens a popup that links to its listing', async ({ page }) => {
  await page.goto('/map?q=' + encodeURIComponent('北山ふれあいいきいきサロン'));
  await hydrated(page);
  await expect(page.getByTestId('map')).toHaveAttribute('data-ready', 'true');
  const first = page.getByTestId('map-places').locator('li').first();
  const id = await first.getAttribute('data-id');
  await expect.poll(() => markerTotal(page)).toBeGreaterThan(0);
  const pin = page.locator('.map-canvas .leaflet-marker-icon.map-pin', { hasText: '北山ふれあい' }).first();
  await pin.click();
  const link = page.locator('.map-popup a');
  await expect(link).toHaveAttribute('href', `/activities/${id}`);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/activities/${id}$`));
});

test('without JavaScript the places are a list with links', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/map?category=salon');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('地域資源マップ');
  const n = Number(await page.getByTestId('map-count').getAttribute('data-count'));
  await expect(page.getByTestId('map-places').getByRole('link')).toHaveCount(n);
  await context.close();
});

test('list and map share the query both ways', async ({ page }) => {
  await page.goto('/activities?category=salon&district=kitayama');
  await page.getByTestId('as-map').click();
  await expect(page).toHaveURL(/\/map\?.*category=salon/);
  await expect(page).toHaveURL(/district=kitayama/);
  const n = Number(await page.getByTestId('map-count').getAttribute('data-count'));
  expect(n).toBeGreaterThan(0);
});
