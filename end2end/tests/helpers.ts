import { expect, Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Wait until the WASM client has hydrated the server-rendered page. */
export async function hydrated(page: Page) {
  await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(1, { timeout: 30_000 });
}

/** The navigation's link to a section (bottom bar on phones, side bar on tablets). */
export function navLink(page: Page, name: string) {
  return page.getByRole('navigation').getByRole('link', { name, exact: true });
}

/** Take the quick Positive Health check with one value per dimension and open the result. */
export async function answerQuick(page: Page, values: number[]) {
  await page.goto('/health-check/positive-health-quick');
  await hydrated(page);
  await expect(page.getByTestId('check')).toHaveAttribute('data-ready', 'true');
  for (let i = 0; i < values.length; i++) {
    await expect(page.getByTestId('progress')).toHaveText(`${i + 1} / 6`);
    await page.locator('.scale').getByRole('button', { name: String(values[i]), exact: true }).click();
  }
  await expect(page.getByTestId('finished')).toBeVisible();
  await page.getByTestId('see-result').click();
  await expect(page).toHaveURL(/\/health-check\/results\/\d+$/);
}

export const DEMO_PASSWORD = process.env.TSUNAGU_DEMO_STAFF_PASSWORD || 'midorino-staff';

/** Sign in through the login page; lands on `next` (or the account's home). */
export async function signIn(page: Page, email: string, next = '') {
  await page.goto('/login' + (next ? '?next=' + encodeURIComponent(next) : ''));
  await hydrated(page);
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('パスワード').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'ログイン' }).click();
}

/** The newest mail in the outbox the test server writes to, and its first link containing `marker`. */
export function newestLink(marker: string): string {
  const dir = process.env.E2E_OUTBOX!;
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
  const text = fs.readFileSync(path.join(dir, files[files.length - 1]), 'utf8');
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`no ${marker} in the newest mail`);
  const start = text.lastIndexOf('http', at);
  return text.slice(start).split(/\s/)[0];
}

/** The PIN the browser tests choose for the casework vault. */
export const VAULT_PIN = '246810';

/**
 * A casework page's vault lock, once it has looked at the device: the first
 * time choose `pin`, later type it; nothing to do when it opened by itself.
 */
export async function openVault(page: Page, pin = VAULT_PIN) {
  await expect(page.getByTestId('vault-checking')).toHaveCount(0, { timeout: 15_000 });
  if (await page.getByTestId('vault-choose').count()) {
    await page.getByTestId('vault-pin').fill(pin);
    await page.getByTestId('vault-pin-again').fill(pin);
    await page.getByTestId('vault-submit').click();
  } else if (await page.getByTestId('vault-unlock').count()) {
    await page.getByTestId('vault-pin').fill(pin);
    await page.getByTestId('vault-submit').click();
  }
  await expect(page.locator('[data-testid="vault-choose"], [data-testid="vault-unlock"]')).toHaveCount(0, { timeout: 15_000 });
}
