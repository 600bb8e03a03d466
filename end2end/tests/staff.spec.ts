import { test, expect, Page } from '@playwright/test';
import { hydrated } from './helpers';

const STAFF_EMAIL = 'staff@midorino.example.jp';
const STAFF_PASSWORD = process.env.TSUNAGU_DEMO_STAFF_PASSWORD || 'midorino-staff';

async function signIn(page: Page) {
  await page.goto('/login?next=/staff');
  await hydrated(page);
  await page.getByLabel('メールアドレス').fill(STAFF_EMAIL);
  await page.getByLabel('パスワード').fill(STAFF_PASSWORD);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('職員メニュー');
}

async function openFirstResult(page: Page, q: string) {
  await page.goto('/activities?q=' + encodeURIComponent(q));
  await page.getByTestId('results').getByRole('link').first().click();
  await expect(page).toHaveURL(/\/activities\/\d+$/);
  return Number(page.url().split('/').pop());
}

test.describe('residents and staff @phone-only', () => {
  test('a listing has a QR code for flyers and structured data', async ({ page }) => {
    await openFirstResult(page, 'サロン');
    await expect(page.getByTestId('qr').locator('svg')).toBeVisible();
    const ld = JSON.parse(await page.locator('script[type="application/ld+json"]').textContent() ?? '{}');
    expect(ld['@type']).toBe('Event');
    expect(ld.url).toMatch(/\/activities\/\d+$/);
  });

  test('report a problem lands in the staff queue', async ({ page }) => {
    const id = await openFirstResult(page, '囲碁');
    await hydrated(page);
    await page.getByText('情報の誤りを報告する').click();
    await page.getByLabel('場所').check();
    await page.getByLabel('くわしく（任意）').fill('会場が北山公民館の2階に変わりました');
    await page.getByRole('button', { name: '送信する' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'ありがとうございます' })).toBeVisible();

    await signIn(page);
    const queue = page.getByTestId('report-queue');
    await expect(queue).toContainText('会場が北山公民館の2階に変わりました');
    await expect(queue.locator(`a[href="/staff/activities/${id}"]`).first()).toBeVisible();
  });

  test('residents cannot open the staff pages', async ({ page }) => {
    const res = await page.goto('/staff');
    expect(res!.status()).toBe(403);
    await expect(page.getByText('職員としてログインしてください')).toBeVisible();
  });

  test('an invalid time is shown next to the field and the listing does not change', async ({ page }) => {
    const id = await openFirstResult(page, 'ラジオ体操');
    const before = await page.getByTestId('activity-detail').textContent();
    await signIn(page);
    await page.goto(`/staff/activities/${id}`);
    await hydrated(page);
    const schedules = page.locator('#f-schedules');
    const original = await schedules.inputValue();
    await page.locator('#f-name').fill('名前も変えてみる');
    await schedules.fill('weekly:MO 25:00-26:00');
    await page.getByRole('button', { name: '保存する' }).click();
    await expect(page.getByTestId('save-invalid')).toBeVisible();
    await expect(page.locator('#err-schedules')).toContainText('日程の書き方が正しくありません');
    await expect(page.locator('[data-field="schedules"]')).toHaveClass(/invalid/);

    await page.goto(`/activities/${id}`);
    expect(await page.getByTestId('activity-detail').textContent()).toBe(before);
    await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('名前も変えてみる');
    expect(original.length).toBeGreaterThan(0);
  });
});
