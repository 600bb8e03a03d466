import { test, expect } from '@playwright/test';
import { answerQuick, hydrated, newestLink, signIn } from './helpers';

test.describe('accounts @phone-only', () => {
  test('a resident registers, confirms by mail, keeps a favourite and a saved check', async ({ page }) => {
    const email = `hana-${Date.now()}@example.jp`;
    await page.goto('/register');
    await hydrated(page);
    // bad input: said next to the field, nothing sent
    await page.getByLabel('メールアドレス').fill(email);
    await page.getByLabel('お名前（表示名）').fill('はな');
    await page.getByLabel('新しいパスワード').fill('short');
    await page.getByLabel('パスワード（確認のためもう一度）').fill('short');
    await page.getByLabel('利用規約').check();
    await page.locator('input[name="form[password]"]').evaluate((e: HTMLInputElement) => e.removeAttribute('minlength'));
    await page.getByRole('button', { name: '登録する' }).click();
    await expect(page.locator('.field-error[data-field="password"]')).toContainText('10文字以上');
    await page.getByLabel('新しいパスワード').fill('midori-no-sanpo');
    await page.getByLabel('パスワード（確認のためもう一度）').fill('midori-no-sanpo');
    await page.getByRole('button', { name: '登録する' }).click();
    await expect(page.getByTestId('register-sent')).toBeVisible();

    // the confirmation link from the mail: one button confirms and signs in
    await page.goto(newestLink('/account/confirm/'));
    await hydrated(page);
    await page.getByTestId('confirm-button').click();
    await expect(page).toHaveURL(/\/account\?welcome=1$/);
    await expect(page.getByTestId('welcome')).toBeVisible();
    await expect(page.getByTestId('account-email')).toHaveText(email);

    // a favourite from an activity's page shows on my page
    await page.goto('/activities?q=' + encodeURIComponent('サロン'));
    await page.getByTestId('results').getByRole('link').first().click();
    await hydrated(page);
    const name = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
    await page.getByTestId('favourite').getByRole('button', { name: /お気に入りに追加/ }).click();
    await expect(page.getByTestId('favourite').getByRole('button')).toHaveAttribute('aria-pressed', 'true');
    // the state comes from the server: it holds after a reload, and the button takes it back
    await page.reload();
    await hydrated(page);
    const fav = page.getByTestId('favourite').getByRole('button');
    await expect(fav).toHaveAttribute('aria-pressed', 'true');
    await fav.click();
    await expect(fav).toHaveAttribute('aria-pressed', 'false');
    await fav.click();
    await expect(fav).toHaveAttribute('aria-pressed', 'true');

    // save a self-check result to the account (only on pressing the button)
    await answerQuick(page, [8, 4, 6, 7, 3, 9]);
    await page.getByTestId('save-account').getByRole('button').click();
    await expect(page.getByTestId('saved-to-account')).toBeVisible();

    await page.goto('/account');
    await expect(page.getByTestId('favourites').getByRole('link', { name })).toBeVisible();
    await page.getByTestId('saved-checks').getByRole('link').first().click();
    await expect(page).toHaveURL(/\/account\/checks\/\d+$/);
    await expect(page.getByTestId('spider').locator('svg')).toBeVisible();
    await expect(page.getByTestId('scores').locator('dd[data-section="participation"]')).toHaveAttribute('data-score', '3.0');

    // my data as a file
    await page.goto('/account');
    await hydrated(page);
    const download = page.waitForEvent('download');
    await page.getByTestId('export').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('tsunagu-my-data.json');
    const data = JSON.parse(require('node:fs').readFileSync(await file.path(), 'utf8'));
    expect(data.account.email).toBe(email);
    expect(data.saved_health_checks).toHaveLength(1);

    // delete the account: the word must be typed
    await page.getByTestId('delete-account').locator('summary').click();
    await page.getByTestId('delete-account').getByLabel('パスワード').fill('midori-no-sanpo');
    await page.getByLabel('確認のため「削除」と入力してください').fill('削除');
    await page.getByRole('button', { name: 'アカウントを削除する' }).click();
    await expect(page).toHaveURL(/\/account\/deleted$/);
    await signIn(page, email);
    await expect(page.getByTestId('login-error')).toContainText('メールアドレスかパスワードが違います');
  });

  test('without an account a result is not saved and sign-in is offered', async ({ page }) => {
    await answerQuick(page, [5, 5, 5, 5, 5, 5]);
    await page.getByTestId('save-account').getByRole('button').click();
    await expect(page.getByTestId('save-needs-login').getByRole('link', { name: 'ログイン' })).toHaveAttribute('href', /\/login\?next=\/health-check\/results\/\d+/);
  });

  test('a resident cannot open staff pages (403) and anonymous visitors are asked to sign in (401)', async ({ page }) => {
    let res = await page.goto('/staff/activities/new');
    expect(res!.status()).toBe(401);
    await expect(page.locator('[data-status="401"]').getByRole('link', { name: 'ログイン' })).toBeVisible();
    await signIn(page, 'resident@midorino.example.jp');
    await expect(page).toHaveURL(/\/account$/);
    for (const path of ['/staff', '/staff/activities/new', '/staff/events', '/staff/users']) {
      res = await page.goto(path);
      expect(res!.status(), path).toBe(403);
      await expect(page.locator('[data-status="403"]')).toContainText('あなたのアカウントでは利用できません');
    }
  });

  test('an editor invites a writer who joins from the mail; forgotten passwords are reset by link', async ({ page, browser }) => {
    await signIn(page, 'editor@midorino.example.jp', '/staff/users');
    await expect(page).toHaveURL(/\/staff\/users$/);
    await hydrated(page);
    const invited = `writer-${Date.now()}@example.jp`;
    const invite = page.getByTestId('invite');
    await invite.getByLabel('メールアドレス').fill(invited);
    await expect(invite.getByRole('checkbox')).toHaveCount(1); // editors hand out the writer role only
    await invite.getByLabel('ライター').check();
    await invite.getByRole('button', { name: '招待メールを送る' }).click();
    await expect(page.getByTestId('invite-sent')).toBeVisible();

    const writer = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const w = await writer.newPage();
    await w.goto(newestLink('/invite/'));
    await hydrated(w);
    await expect(w.getByText(invited)).toBeVisible();
    await w.getByLabel('お名前（表示名）').fill('地域ライター けんた');
    await w.getByLabel('新しいパスワード').fill('ink-and-paper-2026');
    await w.getByLabel('パスワード（確認のためもう一度）').fill('ink-and-paper-2026');
    await w.getByRole('button', { name: '登録して始める' }).click();
    await expect(w).toHaveURL(/\/account$/);
    await expect(w.getByTestId('profile')).toContainText('ライター');

    // forgot password → mail → new password → signed in, other sessions ended
    await w.goto('/password/forgot');
    await hydrated(w);
    await w.getByLabel('メールアドレス').fill(invited);
    await w.getByRole('button', { name: '再設定用のリンクを送る' }).click();
    await expect(w.getByTestId('forgot-sent')).toBeVisible();
    const link = newestLink('/password/reset/');
    await w.goto(link);
    await hydrated(w);
    await w.getByLabel('新しいパスワード').fill('a-fresh-passphrase');
    await w.getByLabel('パスワード（確認のためもう一度）').fill('a-fresh-passphrase');
    await w.getByRole('button', { name: 'パスワードを設定する' }).click();
    await expect(w).toHaveURL(/\/account\?password=reset$/);
    // the link works once
    await w.goto(link);
    await expect(w.getByTestId('link-expired')).toBeVisible();
    await writer.close();
  });
});
