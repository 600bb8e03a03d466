import { test, expect, Page } from '@playwright/test';
import { hydrated, signIn } from './helpers';

const STAFF_EMAIL = 'staff@midorino.example.jp';

async function signInAsStaff(page: Page) {
  await signIn(page, STAFF_EMAIL, '/staff');
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('職員メニュー');
}

/** The listing's text, without the per-visitor favourite button. */
async function listingText(page: Page) {
  return page.getByTestId('activity-detail').evaluate((e) => {
    const copy = e.cloneNode(true) as HTMLElement;
    copy.querySelector('[data-testid="favourite"]')?.remove();
    return copy.textContent;
  });
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

    await signInAsStaff(page);
    const queue = page.getByTestId('report-queue');
    await expect(queue).toContainText('会場が北山公民館の2階に変わりました');
    await expect(queue.locator(`a[href="/staff/activities/${id}"]`).first()).toBeVisible();

    // resolving it takes it off the queue
    await hydrated(page);
    const item = queue.getByRole('listitem').filter({ hasText: '会場が北山公民館の2階に変わりました' });
    await item.getByLabel('対応メモ').fill('掲載を直しました');
    await item.getByRole('button', { name: '対応済みにする' }).click();
    await expect(item).toBeHidden();
    await page.reload();
    await expect(page.getByTestId('report-queue')).not.toContainText('会場が北山公民館の2階に変わりました');
  });

  test('staff create an event, are told what to fix, then cancel it', async ({ page }) => {
    await signInAsStaff(page);
    await page.goto('/staff/events/new');
    await hydrated(page);
    const day = new Date(Date.now() + 10 * 86400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Tokyo' });
    await page.getByLabel('イベント名').fill('歩こう会 秋の里山コース');
    await page.getByLabel('日付', { exact: true }).fill(day);
    await page.getByLabel('開始時刻').fill('13:00');
    await page.getByLabel('終了時刻').fill('12:00');
    await page.getByLabel('会場名').fill('里山交流館');
    await page.getByLabel('定員（空欄は制限なし）').fill('20');
    await page.getByLabel('申込方法').selectOption('portal');
    await page.getByRole('button', { name: '保存する' }).click();
    await expect(page.getByTestId('save-invalid')).toBeVisible();
    await expect(page.locator('[data-field="end_time"] .field-error')).toHaveText('終了時刻は開始時刻より後にしてください。');
    await page.getByLabel('終了時刻').fill('15:30');
    await page.getByRole('button', { name: '保存する' }).click();
    await expect(page.getByTestId('event-saved')).toBeVisible();
    const href = await page.getByTestId('event-saved').getByRole('link').getAttribute('href');
    const id = href!.split('/').pop();

    await page.goto(`/staff/events/${id}`);
    await hydrated(page);
    await page.getByTestId('cancel-event').click();
    await expect(page.getByTestId('cancel-box').getByRole('alert')).toHaveText('入力してください。');
    await page.getByLabel('中止の理由（ページに表示されます）').fill('台風の接近のため中止します。');
    await page.getByTestId('cancel-event').click();
    await expect(page.getByTestId('cancel-box')).toHaveAttribute('data-cancelled', 'true');

    await page.goto(`/events/${id}`);
    await expect(page.getByTestId('cancelled-banner')).toContainText('台風の接近のため');
    await expect(page.getByTestId('signup-unavailable')).toBeVisible();
    const csv = await page.request.get(`/staff/events/${id}/signups.csv`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain('お名前');
  });

  test("an activity's sessions can be listed in the event calendar", async ({ page }) => {
    const id = await openFirstResult(page, '囲碁');
    await signInAsStaff(page);
    await page.goto(`/staff/activities/${id}`);
    await hydrated(page);
    const box = page.getByTestId('activity-calendar');
    await box.getByLabel('掲載する期間').selectOption('4');
    await box.getByRole('button', { name: '掲載期間を保存' }).click();
    await expect(box.getByTestId('calendar-done')).toContainText('カレンダーを更新しました');
    await page.goto('/events?range=month&q=' + encodeURIComponent('囲碁'));
    await expect(page.getByTestId('agenda').getByTestId('event').first()).toBeVisible();
  });

  test('visitors who are not signed in are asked to sign in on staff pages', async ({ page }) => {
    const res = await page.goto('/staff');
    expect(res!.status()).toBe(401);
    await expect(page.getByText('このページを見るには、ログインしてください。')).toBeVisible();
  });

  test('an invalid time is shown next to the field and the listing does not change', async ({ page }) => {
    const id = await openFirstResult(page, 'ラジオ体操');
    const before = await listingText(page);
    await signInAsStaff(page);
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
    expect(await listingText(page)).toBe(before);
    await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('名前も変えてみる');
    expect(original.length).toBeGreaterThan(0);
  });
});
