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

// Rewards (issue 20): a resident exchanges points for a reward on the phone,
// shows the voucher, and the shop (no account) checks its code and hands it
// over; staff see the exchange and the anonymous monthly summary.
test.describe('rewards @phone-only', () => {
  test('a resident takes a reward and the shop hands it over', async ({ page, browser }) => {
    await signIn(page, 'resident@midorino.example.jp', '/points');
    await expect(page).toHaveURL(/\/points$/);
    const before = Number(await page.getByTestId('points-balance').evaluate((e) => e.firstChild?.textContent ?? '0'));
    const reward = page.getByTestId('rewards').locator('li', { hasText: '図書館カフェ' });
    await expect(reward).toContainText('30');
    await reward.getByTestId('choose-reward').click();
    await expect(page.getByTestId('reward-offer')).toContainText(String(before - 30));
    await page.getByTestId('take-reward').click();
    await expect(page).toHaveURL(/\/points\/voucher\/\d+\?new=1$/);
    await expect(page.getByTestId('voucher-new')).toBeVisible();
    await expect(page.getByTestId('voucher').locator('svg').first()).toBeVisible();
    const code = (await page.getByTestId('voucher-code').innerText()).trim();
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    // it prints (a resident served at the counter takes it on paper)
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByTestId('voucher')).toBeVisible();
    await expect(page.locator('.site-header')).toBeHidden();
    await page.emulateMedia({ media: 'screen' });
    await page.goto('/points');
    const after = Number(await page.getByTestId('points-balance').evaluate((e) => e.firstChild?.textContent ?? '0'));
    expect(after).toBe(before - 30);
    await expect(page.getByTestId('points-history')).toContainText('図書館カフェ');

    // the shop's tablet, no account: types the code as read off the screen
    const shop = await browser.newContext();
    const s = await shop.newPage();
    await s.goto('/points/code');
    await s.getByTestId('shop-code').fill(code.toLowerCase().replace('-', ' '));
    await s.getByTestId('shop-code').press('Enter');
    await expect(s.getByTestId('shop-voucher')).toContainText('図書館カフェ');
    await expect(s.getByTestId('shop-state')).toContainText('お渡しできます');
    await s.getByTestId('hand-over').click();
    await expect(s.getByTestId('shop-handed')).toBeVisible();
    await expect(s.getByTestId('hand-over')).toHaveCount(0);
    await shop.close();

    // the voucher says it was collected and can no longer be cancelled
    await page.goto('/points');
    await page.getByTestId('vouchers').getByRole('link', { name: /図書館カフェ/ }).first().click();
    await expect(page.getByTestId('voucher-state')).toContainText('受け取り済み');
    await expect(page.getByTestId('cancel-voucher')).toHaveCount(0);
    await hydrated(page);
  });

  test('staff see the exchanges and the anonymous monthly summary', async ({ page }) => {
    await signIn(page, 'staff@midorino.example.jp', '/staff/rewards');
    await expect(page).toHaveURL(/\/staff\/rewards$/);
    await expect(page.getByTestId('staff-rewards')).toContainText('みどりの湯');
    await expect(page.getByTestId('summary-table').first()).toBeVisible();
    const href = await page.getByTestId('summary-csv').getAttribute('href');
    expect(href).toMatch(/^\/staff\/points\/summary\.csv\?month=\d{4}-\d{2}$/);
    const csv = await page.request.get(href!);
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text).toContain('活動に参加');
    expect(text).not.toContain('resident@midorino.example.jp');
  });
});

// A visitor without a smartphone or mail (issue 20): the organiser adds them
// by name on the tablet, with their agreement, and prints their card.
test.describe('members without a smartphone @tablet-only', () => {
  test('the organiser adds a member by name and prints the card', async ({ page }) => {
    await signIn(page, 'staff@midorino.example.jp', '/staff/events');
    await page.getByTestId('staff-events').locator('li', { hasText: '眠りと気分' }).getByTestId('event-checkin').click();
    await expect(page.getByTestId('session-sheet')).toBeVisible();
    const sheet = page.url();
    await page.getByTestId('add-member-name').fill('テスト ハナ');
    await page.getByTestId('add-member-consent').check();
    await page.getByTestId('add-member-card').click();
    await expect(page).toHaveURL(/\/organise\/card\/\d+\?new=1$/);
    await expect(page.getByTestId('card-new')).toBeVisible();
    await expect(page.getByTestId('member-card')).toContainText('テスト ハナ');
    await expect(page.getByTestId('member-card').locator('svg').first()).toBeVisible();
    await page.goto(sheet);
    const row = page.getByTestId('members').locator('li', { hasText: 'テスト ハナ' });
    await expect(row.getByTestId('card-member')).toBeVisible();
    await expect(row.getByTestId('member-here')).toBeVisible();
    await hydrated(page);
  });
});
