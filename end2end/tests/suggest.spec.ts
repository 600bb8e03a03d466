import { test, expect, Browser } from '@playwright/test';
import { hydrated, signIn } from './helpers';

/** Staff, in their own browser context, on the suggestion queue. */
async function staffQueue(browser: Browser) {
  const staff = await browser.newContext();
  const s = await staff.newPage();
  await signIn(s, 'staff@midorino.example.jp', '/staff/suggestions');
  await expect(s).toHaveURL(/\/staff\/suggestions$/);
  await hydrated(s);
  return { staff, s };
}

test('a resident suggests a place; it waits in the staff queue and becomes a draft', async ({ page, browser }) => {
  const name = `川べりのベンチ ${test.info().project.name}-${Date.now() % 100000}`;
  await page.goto('/map');
  await page.getByTestId('to-suggest').click();
  await expect(page).toHaveURL(/\/suggest$/);
  await hydrated(page);

  // nothing filled in: told what to fix, field by field
  await page.getByTestId('suggest-send').click();
  await expect(page.getByTestId('suggest-invalid')).toBeVisible();
  await expect(page.locator('[data-field="name"] .field-error')).not.toBeEmpty();
  await expect(page.locator('[data-field="good"] .field-error')).not.toBeEmpty();
  await expect(page.locator('[data-field="address"] .field-error')).not.toBeEmpty();

  await page.getByLabel('名前（分かる範囲で）').fill(name);
  await page.getByLabel('どんなところがよいですか').fill('朝、だれかが座っていて、あいさつできます。');
  await page.locator('#f-kind').selectOption('park');
  // no address: a tap on the map sets the place
  const map = page.getByTestId('pick-map');
  await expect(map.locator('.leaflet-container, .leaflet-pane').first()).toBeAttached();
  // a tap in its middle, scrolled into view first (with a Japanese font the
  // form above it reaches below a phone's first screen)
  await map.click();
  await expect(page.getByTestId('picked')).toContainText('35.');
  await page.getByTestId('suggest-send').click();
  await expect(page.getByTestId('suggest-sent')).toBeVisible();

  // staff see it in the queue and make a draft of it
  const { staff, s } = await staffQueue(browser);
  const item = s.getByTestId('suggestion-queue').locator('li', { hasText: name });
  await expect(item).toContainText('朝、だれかが座っていて');
  await item.locator('[data-action="place"]').click();
  await expect(s.getByTestId('decided')).toBeVisible();
  await s.getByTestId('decided').getByRole('link').click();
  await expect(s).toHaveURL(/\/staff\/resources\/\d+$/);
  await expect(s.locator('#f-name')).toHaveValue(name);
  await expect(s.locator('#f-status')).toHaveValue('draft');
  await staff.close();
});

test('declining needs a reason', async ({ page, browser }) => {
  const name = `閉店したお店 ${test.info().project.name}-${Date.now() % 100000}`;
  await page.goto('/suggest');
  await hydrated(page);
  await page.getByLabel('名前（分かる範囲で）').fill(name);
  await page.getByLabel('どんなところがよいですか').fill('店主が話し相手になってくれる');
  await page.getByLabel('場所（住所や目印）').fill('駅前通り');
  await page.getByTestId('suggest-send').click();
  await expect(page.getByTestId('suggest-sent')).toBeVisible();

  const { staff, s } = await staffQueue(browser);
  const item = s.getByTestId('suggestion-queue').locator('li', { hasText: name });
  await item.locator('[data-action="reject"]').click();
  await expect(s.getByTestId('decide-invalid')).toBeVisible();
  await item.getByLabel('見送る理由（必須）').fill('すでに閉店していました');
  await item.locator('[data-action="reject"]').click();
  await expect(s.getByTestId('decided')).toBeVisible();
  await expect(s.getByTestId('suggestions-decided')).toContainText('すでに閉店していました');
  await staff.close();
});
