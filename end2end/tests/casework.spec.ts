import { test, expect } from '@playwright/test';
import { hydrated, openVault, signIn, DEMO_PASSWORD, VAULT_PIN } from './helpers';

test('a clinic sends form ① with consent; the lead assigns it; the link worker sees the case', async ({ page, browser }) => {
  const name = `みどり 花子 ${test.info().project.name}-${Date.now() % 100000}`;
  await signIn(page, 'clinic@midorino.example.jp', '/refer');
  await expect(page).toHaveURL(/\/refer$/);
  await hydrated(page);
  // the consent text is shown exactly
  await expect(page.getByTestId('consent-text')).toHaveText('相談支援を申し込み、この支援のために市の保健師等が健康情報を共有することに同意します。');
  await expect(page.locator('#f-institution')).toHaveValue('みどり野中央クリニック');

  // nothing filled in: told what to fix
  await page.getByTestId('refer-send').click();
  await expect(page.getByTestId('refer-invalid')).toBeVisible();
  await expect(page.locator('[data-field="name"] .field-error')).not.toBeEmpty();
  await expect(page.locator('[data-field="birth_date"] .field-error')).not.toBeEmpty();
  await expect(page.locator('[data-field="concerns"] .field-error')).not.toBeEmpty();

  await page.locator('#f-doctor').fill('鈴木 一郎');
  await page.locator('#f-name').fill(name);
  await page.getByLabel('女性').check();
  // a Japanese era date: the age shows at once
  await page.locator('#f-birth_date').fill('S23.5.3');
  await expect(page.getByTestId('age')).toContainText('歳');
  await page.locator('#f-address').fill('みどり野市 北山2-1');
  await page.locator('#f-district').selectOption('kitayama');
  await page.locator('#f-phone').fill('0796-00-1111');
  await page.getByLabel('気分が落ち込んでいる').check();
  await page.getByLabel('つながり・話し相手がほしい').check();
  await page.locator('#f-most_pressing').selectOption('wants_connection');
  await page.locator('#f-free_text').fill('夫を亡くしてから外出が減った');
  await page.getByTestId('refer-send').click();
  await expect(page.getByTestId('refer-sent')).toBeVisible();

  // the lead sees it waiting and assigns it to the link worker
  const office = await browser.newContext();
  const lead = await office.newPage();
  await signIn(lead, 'lead@midorino.example.jp', '/casework/intake');
  await expect(lead).toHaveURL(/\/casework\/intake$/);
  await hydrated(lead);
  const entry = lead.getByTestId('queue-entry').filter({ hasText: name });
  await expect(entry).toContainText('★つながり・話し相手がほしい');
  await expect(entry).toContainText('みどり野中央クリニック');
  const choose = entry.getByTestId('assign-worker');
  await choose.selectOption((await choose.locator('option', { hasText: 'リンクワーカー 佐藤' }).getAttribute('value'))!);
  await entry.getByTestId('assign').click();
  await expect(lead.getByTestId('assigned')).toBeVisible();
  await expect(lead.getByTestId('queue-entry').filter({ hasText: name })).toHaveCount(0);
  await office.close();

  // the link worker has it among their cases
  const field = await browser.newContext();
  const worker = await field.newPage();
  await signIn(worker, 'linkworker@midorino.example.jp', '/casework');
  await expect(worker).toHaveURL(/\/casework$/);
  const card = worker.getByTestId('my-cases').getByTestId('case-card').filter({ hasText: name });
  await expect(card).toContainText('受付');
  await field.close();
});

test('without consent only a note for the support meeting is kept', async ({ page }) => {
  await signIn(page, 'linkworker@midorino.example.jp', '/refer');
  await expect(page).toHaveURL(/\/refer$/);
  await hydrated(page);
  await page.getByTestId('consent-none').check();
  // the identifying fields step aside
  await expect(page.locator('#f-name')).toBeHidden();
  await expect(page.locator('#f-phone')).toBeHidden();
  await page.locator('#f-birth_date').fill('S15.3.1');
  await page.getByLabel('お金・生活の心配').check();
  await page.getByTestId('refer-send').click();
  await expect(page.getByTestId('refer-sent')).toBeVisible();
});

test('residents and staff cannot open casework pages', async ({ page }) => {
  await signIn(page, 'staff@midorino.example.jp', '/casework');
  await expect(page).toHaveURL(/\/casework$/);
  await expect(page.locator('.error-page[data-status="403"]')).toBeVisible();
  const res = await page.request.get('/casework/intake');
  expect(res.status()).toBe(403);
});

test('the lead makes a one-time referral link; a clinic without an account sends form ① with it once', async ({ page, browser }) => {
  await signIn(page, 'lead@midorino.example.jp', '/casework/intake');
  await expect(page).toHaveURL(/\/casework\/intake$/);
  await hydrated(page);
  await page.getByTestId('link-institution').fill('北山診療所');
  await page.getByTestId('create-link').click();
  const url = new URL(await page.getByTestId('link-url').inputValue());
  expect(url.pathname).toBe('/refer');

  const outside = await browser.newContext();
  const clinic = await outside.newPage();
  const name = `リンク 経由 ${test.info().project.name}-${Date.now() % 100000}`;
  await clinic.goto(url.pathname + url.search);
  await hydrated(clinic);
  await expect(clinic.locator('#f-institution')).toHaveValue('北山診療所');
  await clinic.locator('#f-name').fill(name);
  await clinic.getByLabel('男性').check();
  await clinic.locator('#f-birth_date').fill('S30.4.1');
  await clinic.getByLabel('お金・生活の心配').check();
  await clinic.getByTestId('refer-send').click();
  await expect(clinic.getByTestId('refer-sent')).toBeVisible();
  // used once: the link says so
  await clinic.goto(url.pathname + url.search);
  await expect(clinic.getByTestId('link-used')).toBeVisible();
  await outside.close();

  await page.reload();
  await expect(page.getByTestId('queue-entry').filter({ hasText: name })).toContainText('北山診療所');
});

test('the lead hands a case to another link worker of the team', async ({ page, browser, baseURL }) => {
  const name = `引き継ぎ ${test.info().project.name}-${Date.now() % 100000}`;
  const caseId = await referAndAssign(browser, baseURL!, name);
  await signIn(page, 'lead@midorino.example.jp', '/casework');
  await expect(page).toHaveURL(/\/casework$/);
  await hydrated(page);
  const card = page.getByTestId('team-cases').locator(`[data-case="${caseId}"]`);
  await expect(card).toContainText('リンクワーカー 佐藤');
  await card.getByTestId('open-reassign').click();
  const choose = card.getByTestId('reassign-worker');
  await choose.selectOption((await choose.locator('option', { hasText: 'リーダー 高橋' }).getAttribute('value'))!);
  await card.getByTestId('reassign').click();
  await expect(page.getByTestId('reassigned')).toBeVisible();
  await expect(page.getByTestId('my-cases').locator(`[data-case="${caseId}"]`)).toContainText(name);
});

// ---- the tablet, offline (@tablet-only: the phone project leaves these out) ----

type Api = import('@playwright/test').APIRequestContext;

/** A signed-in API client for `email` (its own cookies; same-origin proof sent). */
async function apiAs(browser: import('@playwright/test').Browser, baseURL: string, email: string) {
  const ctx = await browser.newContext();
  const res = await ctx.request.post('/api/accounts/login', { form: { email, password: DEMO_PASSWORD, next: '' } });
  expect(res.ok()).toBeTruthy();
  const post = async (path: string, form: Record<string, string>) => {
    const r = await ctx.request.post(path, { form, headers: { Origin: baseURL } });
    const text = await r.text();
    return JSON.parse(text);
  };
  return { ctx, post };
}

/** A clinic refers `name`; the lead assigns them to the demo link worker. The case id. */
async function referAndAssign(browser: import('@playwright/test').Browser, baseURL: string, name: string): Promise<number> {
  const clinic = await apiAs(browser, baseURL, 'clinic@midorino.example.jp');
  const form: Record<string, string> = {
    'form[source]': 'clinic', 'form[name]': name, 'form[sex]': 'male', 'form[birth_date]': 'S20.1.2',
    'form[concerns]': 'withdrawal', 'form[consent]': 'self', 'form[consent_date]': '2026-11-30',
  };
  const referral = (await clinic.post('/api/casework/refer', form)).Received as number;
  expect(referral).toBeGreaterThan(0);
  await clinic.ctx.close();
  const lead = await apiAs(browser, baseURL, 'lead@midorino.example.jp');
  const workers = await lead.post('/api/casework/workers', {});
  const worker = workers.find((w: { name: string }) => w.name.includes('リンクワーカー 佐藤')).id;
  const caseId = await lead.post('/api/casework/assign', { referral_id: String(referral), worker_id: String(worker) });
  await lead.ctx.close();
  return caseId as number;
}

/** The case as the server has it, read by the office lead. */
async function serverCase(browser: import('@playwright/test').Browser, baseURL: string, caseId: number) {
  const lead = await apiAs(browser, baseURL, 'lead@midorino.example.jp');
  const file = await lead.post('/api/casework/case', { id: String(caseId) });
  await lead.ctx.close();
  return file;
}

/** Names in the device's casework store, and whether `text` shows anywhere in it in the clear. */
async function vault(page: import('@playwright/test').Page, text: string) {
  return page.evaluate(async (needle) => {
    // look without creating it
    if (!(await indexedDB.databases()).some((d) => d.name === 'tsunagu-casework')) return { names: [], plain: false };
    return await new Promise<{ names: string[]; plain: boolean }>((resolve) => {
    const r = indexedDB.open('tsunagu-casework');
    r.onsuccess = () => {
      const db = r.result;
      if (!db.objectStoreNames.contains('items')) { db.close(); resolve({ names: [], plain: false }); return; }
      const store = db.transaction('items').objectStore('items');
      const keys = store.getAllKeys();
      const values = store.getAll();
      values.onsuccess = () => {
        const dec = new TextDecoder();
        const plain = values.result.some((v: { data: ArrayBuffer }) => dec.decode(new Uint8Array(v.data)).includes(needle));
        db.close();
        resolve({ names: (keys.result as string[]).map(String), plain });
      };
    };
    });
  }, text);
}

/** The link worker signs in and opens the case, through the vault's lock. */
async function openCase(page: import('@playwright/test').Page, caseId: number) {
  await signIn(page, 'linkworker@midorino.example.jp', `/casework/cases/${caseId}`);
  await expect(page).toHaveURL(new RegExp(`/casework/cases/${caseId}$`));
  await hydrated(page);
  await openVault(page);
}

async function openCaseControlled(page: import('@playwright/test').Page, caseId: number) {
  await signIn(page, 'linkworker@midorino.example.jp', `/casework/cases/${caseId}`);
  await expect(page).toHaveURL(new RegExp(`/casework/cases/${caseId}$`));
  await hydrated(page);
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await hydrated(page);
  await openVault(page);
}

test('offline on the tablet: notes, a connection and a rating survive a reload and arrive exactly once @tablet-only', async ({ page, context, browser, baseURL }) => {
  const name = `山あい 太郎 ${Date.now() % 100000}`;
  const caseId = await referAndAssign(browser, baseURL!, name);
  await openCaseControlled(page, caseId);
  await expect(page.getByTestId('person')).toContainText(name);
  await page.getByTestId('keep-offline').check();
  await expect.poll(async () => (await vault(page, name)).names).toContain(`case:${caseId}`);
  expect((await vault(page, name)).plain).toBe(false);
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'saved');

  await context.setOffline(true);
  const bodies = ['玄関先で話す。畑の話。', '娘さんに電話。', '公民館の体操を紹介した。'];
  for (const body of bodies) {
    await page.getByTestId('note-body').fill(body);
    await page.getByTestId('add-note').click();
    await expect(page.getByTestId('note').filter({ hasText: body }).getByTestId('not-sent')).toBeVisible();
  }
  await page.getByTestId('open-add-connection').click();
  await page.getByTestId('conn-label').fill('いきいき百歳体操（公民館）');
  await page.locator('#conn-tie').selectOption('formal');
  await page.getByTestId('add-connection').click();
  await expect(page.getByTestId('connection').filter({ hasText: 'いきいき百歳体操' })).toBeVisible();
  await page.getByTestId('rate-indicator').selectOption('connected');
  await page.locator('.rating-form .scale').getByRole('button', { name: '2', exact: true }).click();
  await page.getByTestId('add-rating').click();
  await expect(page.getByTestId('outcomes').locator('tr[data-indicator="connected"] td[data-stage="intake"]')).toHaveText('2');
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-waiting', '5');
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline');

  // reload with no network: the vault asks for the PIN (the server's half
  // of the lock is out of reach), then everything is still there
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('vault-unlock')).toBeVisible();
  await openVault(page);
  await expect(page.getByTestId('from-device')).toBeVisible();
  await expect(page.getByTestId('person')).toContainText(name);
  for (const body of bodies) {
    await expect(page.getByTestId('note').filter({ hasText: body })).toHaveCount(1);
  }
  await expect(page.getByTestId('connection').filter({ hasText: 'いきいき百歳体操' })).toBeVisible();
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-waiting', '5');
  expect((await vault(page, bodies[0])).plain).toBe(false);

  await context.setOffline(false);
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'saved', { timeout: 30_000 });
  await expect(page.getByTestId('not-sent')).toHaveCount(0);

  // the office lead, on another device, sees each thing exactly once
  const file = await serverCase(browser, baseURL!, caseId);
  for (const body of bodies) {
    expect(file.notes.filter((n: { body: string }) => n.body === body)).toHaveLength(1);
  }
  expect(file.connections.filter((c: { label: string }) => c.label === 'いきいき百歳体操（公民館）')).toHaveLength(1);
  expect(file.ratings).toHaveLength(1);
  expect(file.ratings[0]).toMatchObject({ stage: 'intake', indicator: 'connected', rating: 2 });
});

test('a flapping network during 50 edits: all 50 reach the server, none twice @tablet-only', async ({ page, context, browser, baseURL }) => {
  test.setTimeout(180_000);
  const caseId = await referAndAssign(browser, baseURL!, `谷口 ふみ ${Date.now() % 100000}`);
  await openCaseControlled(page, caseId);
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'saved');

  let done = false;
  const flapping = (async () => {
    while (!done) {
      await context.setOffline(true);
      await page.waitForTimeout(250);
      await context.setOffline(false);
      await page.waitForTimeout(250);
    }
  })();
  for (let i = 1; i <= 50; i++) {
    const body = `flap-${String(i).padStart(3, '0')}`;
    await page.getByTestId('note-body').fill(body);
    await page.getByTestId('add-note').click();
    await expect(page.getByTestId('note').filter({ hasText: body })).toHaveCount(1);
  }
  done = true;
  await flapping;
  await context.setOffline(false);
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'saved', { timeout: 60_000 });

  const file = await serverCase(browser, baseURL!, caseId);
  const flaps = file.notes.map((n: { body: string }) => n.body).filter((b: string) => b.startsWith('flap-'));
  expect(flaps).toHaveLength(50);
  expect(new Set(flaps).size).toBe(50);
});

test('signing out wipes the casework kept on the device @tablet-only', async ({ page, browser, baseURL }) => {
  const name = `消去 確認 ${Date.now() % 100000}`;
  const caseId = await referAndAssign(browser, baseURL!, name);
  await openCase(page, caseId);
  await page.getByTestId('keep-offline').check();
  await expect.poll(async () => (await vault(page, name)).names).toContain(`case:${caseId}`);
  await page.goto('/account');
  await hydrated(page);
  await page.getByTestId('logout').click();
  // signed out, the next page loads (home); then look at the device's store
  await expect(page).toHaveURL(/\/$/);
  await hydrated(page);
  await expect.poll(async () => (await vault(page, name)).names).toEqual([]);
});

test('a connection picked from the directory links to its listing @tablet-only', async ({ page, browser, baseURL }) => {
  const caseId = await referAndAssign(browser, baseURL!, `名簿 から ${Date.now() % 100000}`);
  await openCase(page, caseId);
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'saved');
  await page.getByTestId('open-add-connection').click();
  await page.getByTestId('dir-words').fill('ひだまり');
  await page.getByTestId('dir-search').click();
  await page.getByTestId('dir-hit').filter({ hasText: '喫茶ひだまり' }).click();
  await expect(page.getByTestId('conn-label')).toHaveValue('喫茶ひだまり');
  await expect(page.getByTestId('dir-linked')).toBeVisible();
  await page.getByTestId('add-connection').click();
  const link = page.getByTestId('connection').filter({ hasText: '喫茶ひだまり' }).getByTestId('connection-listing');
  await expect(link).toHaveAttribute('href', /\/resources\/\d+$/);
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'saved');
  const file = await serverCase(browser, baseURL!, caseId);
  expect(file.connections[0].resource_id).toBeGreaterThan(0);
  expect(file.connections[0]).toMatchObject({ label: '喫茶ひだまり', tie: 'informal', family: 'vitality' });
});

test('edits for a case handed to someone else meanwhile are refused, kept, and can be discarded @tablet-only', async ({ page, context, browser, baseURL }) => {
  const caseId = await referAndAssign(browser, baseURL!, `手放し ${Date.now() % 100000}`);
  await openCase(page, caseId);
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'saved');
  await context.setOffline(true);
  await page.getByTestId('note-body').fill('届かない記録');
  await page.getByTestId('add-note').click();
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline');

  // meanwhile the lead takes the case over
  const lead = await apiAs(browser, baseURL!, 'lead@midorino.example.jp');
  const workers = await lead.post('/api/casework/workers', {});
  const me = workers.find((w: { name: string }) => w.name.includes('リーダー 高橋')).id;
  await lead.post('/api/casework/reassign', { case_id: String(caseId), worker_id: String(me) });
  await lead.ctx.close();

  await context.setOffline(false);
  const bar = page.getByTestId('sync-status');
  await expect(bar).toHaveAttribute('data-state', 'refused', { timeout: 30_000 });
  await expect(bar).toContainText('担当していないケース');
  await expect(bar).toHaveAttribute('data-waiting', '1');
  // kept until the person decides; then gone, after a second "yes"
  await page.getByTestId('discard-refused').click();
  await page.getByTestId('discard-yes').click();
  await expect(bar).toHaveAttribute('data-waiting', '0');
  await expect(bar).toHaveAttribute('data-state', 'saved');
  const file = await serverCase(browser, baseURL!, caseId);
  expect(file.notes.filter((n: { body: string }) => n.body === '届かない記録')).toHaveLength(0);
});

test('the tablet vault: unreadable once signed out everywhere, wiped after too many wrong PINs @tablet-only', async ({ page, browser, baseURL }) => {
  const name = `保管庫 確認 ${Date.now() % 100000}`;
  const caseId = await referAndAssign(browser, baseURL!, name);
  await signIn(page, 'linkworker@midorino.example.jp', `/casework/cases/${caseId}`);
  await expect(page).toHaveURL(new RegExp(`/casework/cases/${caseId}$`));
  await hydrated(page);
  // the first time, a PIN is chosen (a short one is refused, in Japanese)
  await expect(page.getByTestId('vault-choose')).toBeVisible();
  await page.getByTestId('vault-pin').fill('1234');
  await page.getByTestId('vault-pin-again').fill('1234');
  await page.getByTestId('vault-submit').click();
  await expect(page.getByTestId('vault-problem')).toContainText('けたの数字');
  await openVault(page);
  await page.getByTestId('keep-offline').check();
  await expect.poll(async () => (await vault(page, name)).names).toContain(`case:${caseId}`);
  // online and signed in, the next page opens without the PIN
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('person')).toContainText(name);

  // the worker signs out everywhere from another device
  const phone = await browser.newContext();
  const other = await phone.newPage();
  await signIn(other, 'linkworker@midorino.example.jp', '/account');
  await expect(other).toHaveURL(/\/account$/);
  const out = await other.request.post('/api/accounts/logout-everywhere', { form: {}, headers: { origin: baseURL! }, maxRedirects: 0 });
  expect(out.status()).toBeLessThan(400);
  await phone.close();
  // the tablet's next contact with the server: the case copy leaves the
  // device; the unsent note stays, encrypted, and nothing is readable
  await page.getByTestId('note-body').fill('サインアウト後のメモ');
  await page.getByTestId('add-note').click();
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'sign-in', { timeout: 30_000 });
  await expect.poll(async () => (await vault(page, name)).names).not.toContain(`case:${caseId}`);
  expect((await vault(page, name)).plain).toBe(false);
  expect((await vault(page, 'サインアウト後のメモ')).plain).toBe(false);

  // signed in again: the new session's key does not fit, the PIN is asked
  await signIn(page, 'linkworker@midorino.example.jp', `/casework/cases/${caseId}`);
  await expect(page).toHaveURL(new RegExp(`/casework/cases/${caseId}$`));
  await hydrated(page);
  await expect(page.getByTestId('vault-unlock')).toBeVisible();
  // five wrong PINs: each says how many are left, the fifth wipes the vault
  for (let left = 4; left >= 1; left--) {
    await page.getByTestId('vault-pin').fill('999999');
    await page.getByTestId('vault-submit').click();
    await expect(page.getByTestId('vault-wrong')).toContainText(`あと${left}回`);
  }
  await page.getByTestId('vault-pin').fill('999999');
  await page.getByTestId('vault-submit').click();
  await expect(page.getByTestId('vault-wiped')).toBeVisible();
  await expect.poll(async () => (await vault(page, name)).names).toEqual([]);
  // a new PIN starts a new, empty vault; the case comes from the server again
  await openVault(page, '135790');
  await expect(page.getByTestId('person')).toContainText(name);
  expect(VAULT_PIN).not.toBe('135790');
});

test('a vault left unopened longer than the site allows is wiped when next looked at @tablet-only', async ({ page, browser, baseURL }) => {
  const name = `放置 確認 ${Date.now() % 100000}`;
  const caseId = await referAndAssign(browser, baseURL!, name);
  await openCase(page, caseId);
  await page.getByTestId('keep-offline').check();
  await expect.poll(async () => (await vault(page, name)).names).toContain(`case:${caseId}`);
  // the tablet sat in a drawer for 15 days (the demo site allows 14)
  await page.evaluate(async () => {
    await new Promise<void>((resolve, reject) => {
      const r = indexedDB.open('tsunagu-casework');
      r.onsuccess = () => {
        const t = r.result.transaction('keys', 'readwrite');
        const keys = t.objectStore('keys');
        const get = keys.get('meta');
        get.onsuccess = () => keys.put({ ...get.result, openedAt: Date.now() - 15 * 86400000 }, 'meta');
        t.oncomplete = () => { r.result.close(); resolve(); };
        t.onerror = () => reject(t.error);
      };
    });
  });
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('vault-expired')).toContainText('14日');
  await expect.poll(async () => (await vault(page, name)).names).toEqual([]);
});
