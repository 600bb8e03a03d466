import { expect, Page } from '@playwright/test';

/** Wait until the WASM client has hydrated the server-rendered page. */
export async function hydrated(page: Page) {
  await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(1, { timeout: 30_000 });
}

/** The navigation's link to a section (bottom bar on phones, side bar on tablets). */
export function navLink(page: Page, name: string) {
  return page.getByRole('navigation').getByRole('link', { name, exact: true });
}
