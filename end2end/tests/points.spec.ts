import { test, expect } from '@playwright/test';
import { hydrated, signIn } from './helpers';

// Taking part (issue 20): staff open today's event's check-in sheet (its QR
// code and address), a resident opens that address as a phone's camera
// would and records taking part, and the points appear; a phone without an
// account keeps the check-in for later.
test.describe('check-in and points @phone-only', () => {
  test('a resident checks in by the QR code\'s address and the points appear', async ({ page, browser }) => {
    const staff = await browser.newContext();
    const s = await staff.newPage();
    await signIn(s, 'staff@midorino.example.jp', '/staff/events');
    await expect(s).toHaveURL(/\/staff\/events$/);
    await s.getByTestId('staff-events').locator('li', { hasText: '眠りと気分' }).getByTestId('event-checkin').click();
    await expect(s.getByTestId('session-sheet')).toBeVisible();
    await expect(s.getByTestId('session-sheet').locator('svg').first()).toBeVisible();
    const address = (await s.getByTestId('checkin-url').innerText()).trim();
    const path = new URL(address).pathname;
    expect(path).toMatch(/^\/checkin\/e\d+\.[A-Za-z0-9_-]{12}$/);
    // the poster prints on A4 with the code and the steps
    await s.goto(s.url() + '/poster?size=a4');
    await s.emulateMedia({ media: 'print' });
    await expect(s.getByTestId('poster')).toBeVisible();
    await expect(s.getByTestId('poster').locator('svg').first()).toBeVisible();
    await expect(s.locator('.site-header')).toBeHidden();
    await staff.close();

    // a phone without an account: kept on the device
    const anon = await browser.newContext();
    const a = await anon.newPage();
    await a.goto(path);
    await a.getByTestId('checkin-button').click();
    await expect(a.getByTestId('checkin-on-device')).toBeVisible();
    await anon.close();

    // the resident, signed in
    await signIn(page, 'resident@midorino.example.jp', '/points');
    await expect(page).toHaveURL(/\/points$/);
    const before = Number(await page.getByTestId('points-balance').evaluate((e) => e.firstChild?.textContent ?? '0'));
    await page.goto(path);
    await expect(page.getByTestId('checkin')).toContainText('眠りと気分');
    await page.getByTestId('checkin-button').click();
    await expect(page.getByTestId('checkin-done')).toContainText('参加を記録しました');
    await expect(page.getByTestId('points-earned')).toContainText('10');
    await page.goto('/points');
    await expect(page.getByTestId('points-history')).toContainText('眠りと気分');
    const after = Number(await page.getByTestId('points-balance').evaluate((e) => e.firstChild?.textContent ?? '0'));
    expect(after).toBe(before + 10);
    await expect(page.locator('[data-badge="first_step"].reached')).toBeVisible();
    // scanning again records nothing more
    await page.goto(path);
    await expect(page.getByTestId('checkin-done')).toBeVisible();
    await expect(page.getByTestId('checkin-button')).toHaveCount(0);
    await hydrated(page);
  });
});
