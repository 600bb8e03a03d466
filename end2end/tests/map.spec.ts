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
  await page.locator('details.filters select[name="district"]').selectOption('kitayama');
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

test('markers equal the list results for the same filters; other resources add theirs', async ({ page }) => {
  await page.goto('/activities?category=salon');
  const listed = Number(await page.getByTestId('result-count').getAttribute('data-count'));
  expect(listed).toBeGreaterThan(0);
  await page.goto('/map?category=salon&res=none');
  await hydrated(page);
  await expect(page.getByTestId('map')).toHaveAttribute('data-ready', 'true');
  // the listings with no place (online…) are counted beside the map, with a link to the list
  await expect(page.getByTestId('map-count')).toBeVisible();
  const note = page.getByTestId('map-unplaced');
  const unplaced = (await note.count()) > 0 ? Number(await note.getAttribute('data-count')) : 0;
  const placed = listed - unplaced;
  await expect(page.getByTestId('map-count')).toHaveAttribute('data-count', String(placed));
  await expect.poll(() => markerTotal(page)).toBe(placed);

  // temples beside the salons: one more marker, with its pictogram and kind
  await page.goto('/map?category=salon&res=temple');
  await hydrated(page);
  await expect(page.getByTestId('map')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('map-count')).toHaveAttribute('data-count', String(placed + 1));
  await expect(page.getByTestId('map-count')).toHaveAttribute('data-resources', '1');
  await expect.poll(() => markerTotal(page)).toBe(placed + 1);
  const temple = page.getByTestId('map-places').locator('li[data-kind="resource"]');
  const href = await temple.getByRole('link').getAttribute('href');
  expect(href).toMatch(/^\/resources\/\d+$/);
  // alone on the map (nearby markers would cluster): its pin, popup and page
  await page.goto('/map?res=temple&q=' + encodeURIComponent('光明寺'));
  await hydrated(page);
  await expect(page.getByTestId('map')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('map-count')).toHaveAttribute('data-count', '1');
  const pin = page.locator('.map-canvas .leaflet-marker-icon.map-pin', { hasText: '光明寺' });
  await expect(pin.locator('.pin-icon')).toHaveText('⛩');
  await pin.click();
  await expect(page.locator('.map-popup')).toContainText('お寺・神社');
  await page.locator('.map-popup a').click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.getByTestId('resource-detail')).toContainText('東原山 光明寺');
  await expect(page.getByTestId('resource-kind')).toContainText('お寺・神社');
  await expect(page.locator('.static-map')).toBeVisible();
});

test('with the tiles blocked the markers still show and the note says why', async ({ page }) => {
  await page.route('**/test-tiles/**', (route) => route.abort());
  await page.goto('/map?district=kitayama');
  await hydrated(page);
  await expect(page.getByTestId('map')).toHaveAttribute('data-ready', 'true');
  const count = Number(await page.getByTestId('map-count').getAttribute('data-count'));
  expect(count).toBeGreaterThan(0);
  await expect.poll(() => markerTotal(page)).toBe(count);
  await expect(page.getByTestId('tiles-failed')).toBeVisible();
});

test('near me from a district: distances on the map and the list, nearest first', async ({ page }) => {
  await page.goto('/map?res=none');
  await hydrated(page);
  await page.locator('details.near-me summary').click();
  await page.getByTestId('near-district').selectOption({ label: '北山' });
  await page.locator('form.near-district').getByRole('button').click();
  await expect(page).toHaveURL(/near=35\.3448/);
  await expect(page).toHaveURL(/res=none/);
  await expect(page.getByTestId('map')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('.here-pin')).toHaveCount(1);
  // the text list is nearest first, each with its distance
  const first = page.getByTestId('map-places').locator('li').first();
  await expect(first).toContainText('約');
  // the list page uses the same position
  await page.getByTestId('as-list').evaluate((a) => (a as HTMLAnchorElement).click());
  await expect(page).toHaveURL(/\/activities\?.*lat=35\.3448/);
  await expect(page.locator('.result-meta').first()).toContainText('約');
});

test('near me from the browser position, after it asks', async ({ browser }) => {
  const context = await browser.newContext({ geolocation: { latitude: 35.3721, longitude: 134.7953 }, permissions: ['geolocation'] });
  const page = await context.newPage();
  await page.goto('/map');
  await hydrated(page);
  await page.locator('details.near-me summary').click();
  await expect(page.locator('details.near-me')).toContainText('保存しません');
  await page.getByTestId('near-me').click();
  await expect(page).toHaveURL(/lat=35\.372/);
  await expect(page.locator('.here-pin')).toHaveCount(1);
  await context.close();
});

test('offline, the map opens with the last points', async ({ page, context }) => {
  await page.goto('/map?category=salon');
  await hydrated(page);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await hydrated(page);
  await expect(page.getByTestId('map')).toHaveAttribute('data-ready', 'true');
  const count = Number(await page.getByTestId('map-count').getAttribute('data-count'));

  await context.setOffline(true);
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('map')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('map-count')).toHaveAttribute('data-count', String(count));
  await expect.poll(() => markerTotal(page)).toBe(count);
  await expect(page.getByTestId('tiles-failed')).toBeVisible();
  // a filter never asked online (no page load: the map asks for points):
  // the last point set rather than nothing
  await page.locator('details.filters').evaluate((d) => ((d as HTMLDetailsElement).open = true));
  await page.locator('details.filters select[name="district"]').selectOption('kitayama');
  await page.locator('details.filters').getByRole('button', { name: 'さがす' }).click();
  await expect(page).toHaveURL(/district=kitayama/);
  await expect(page.getByTestId('map-stale')).toBeVisible();
  await expect(page.getByTestId('map-count')).toHaveAttribute('data-count', String(count));
  await expect.poll(() => markerTotal(page)).toBe(count);
  await context.setOffline(false);
});
