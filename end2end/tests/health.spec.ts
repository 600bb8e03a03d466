import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import * as fs from 'node:fs';
import { answerQuick, hydrated } from './helpers';

const DIMENSIONS = ['からだの調子', 'こころの調子', '生きがい', '暮らしの質', '人とのつながり', '日常の機能'];

test.describe('Positive Health self-check @phone-only', () => {
  test('take the quick check, see the chart, retake and compare, delete everything', async ({ page }) => {
    await page.goto('/health-check');
    await expect(page.getByText('サーバーには送られません')).toBeVisible();
    await answerQuick(page, [8, 4, 6, 7, 3, 9]);

    const chart = page.getByTestId('spider').locator('svg');
    await expect(chart).toBeVisible();
    for (const d of DIMENSIONS) await expect(chart.getByText(d, { exact: false }).first()).toBeAttached();
    const scores = page.getByTestId('scores');
    await expect(scores.locator('dd[data-section="body"]')).toHaveAttribute('data-score', '8.0');
    await expect(scores.locator('dd[data-section="participation"]')).toHaveAttribute('data-score', '3.0');
    await expect(page.getByTestId('spider')).toHaveAttribute('data-previous', 'false');

    // the chart as a picture file
    const download = page.waitForEvent('download');
    await page.getByTestId('download-png').click();
    const png = fs.readFileSync(await (await download).path());
    expect((await download).suggestedFilename()).toBe('positive-health.png');
    expect(png.subarray(1, 4).toString()).toBe('PNG');

    // explainable suggestions, worked out on the device: lowest first (つながり 3.0)
    await page.getByTestId('suggest').click();
    const first = page.getByTestId('suggestion-list').getByRole('listitem').first();
    await expect(first).toHaveAttribute('data-dimension', 'participation');
    await expect(first).toContainText('人とのつながり');

    // talk to a link worker: consent required, then received
    await page.getByText('リンクワーカーに相談する').click();
    const talk = page.getByTestId('talk');
    await talk.getByLabel('お名前').fill('山田 花子');
    await talk.getByLabel('電話番号またはメールアドレス').fill('0796-00-1234');
    await talk.getByLabel('話したいこと（任意）').fill('ひとり暮らしで、話し相手がほしいです');
    await expect(talk.getByTestId('consent-text')).toContainText('連絡と相談支援のためだけに使う');
    await talk.getByRole('checkbox', { name: /同意します/ }).check();
    await talk.getByRole('button', { name: '相談を申し込む' }).click();
    await expect(talk.getByTestId('talk-done')).toBeVisible();

    // anonymous statistics: nothing is sent until the person agrees (a plain
    // form: the browser refuses it while the consent box is not ticked)
    await page.getByText('市の統計に協力する（任意）').click();
    const stats = page.getByTestId('contribute');
    await stats.getByTestId('contribute-send').click();
    expect(await stats.getByRole('checkbox').evaluate((e: HTMLInputElement) => e.validity.valueMissing)).toBe(true);
    await expect(page).not.toHaveURL(/contributed=/);
    await expect(stats.getByTestId('contribute-done')).toHaveCount(0);
    await stats.getByRole('checkbox').check();
    await stats.getByTestId('contribute-send').click();
    await expect(stats.getByTestId('contribute-done')).toBeVisible();

    // reload: the result is still on this device, and listed in the history
    await page.reload();
    await hydrated(page);
    await expect(page.getByTestId('spider').locator('svg')).toBeVisible();
    await page.goto('/health-check/history');
    await hydrated(page);
    await expect(page.getByTestId('history').getByRole('listitem')).toHaveCount(1);

    // retake: both results are drawn, the earlier one dashed with a legend
    await answerQuick(page, [7, 5, 6, 7, 5, 9]);
    await expect(page.getByTestId('spider')).toHaveAttribute('data-previous', 'true');
    await expect(page.getByTestId('spider').locator('svg [stroke-dasharray]').first()).toBeAttached();
    await expect(page.getByTestId('spider').locator('svg')).toContainText('前回');

    // delete all
    await page.goto('/health-check/history');
    await hydrated(page);
    await expect(page.getByTestId('history').getByRole('listitem')).toHaveCount(2);
    const exported = page.waitForEvent('download');
    await page.getByRole('link', { name: 'ファイルに書き出す' }).click();
    const file = await (await exported).path();
    page.once('dialog', (d) => d.accept());
    await page.getByTestId('delete-all').click();
    await expect(page.getByTestId('history-empty')).toBeVisible();
    await page.reload();
    await hydrated(page);
    await expect(page.getByTestId('history-empty')).toBeVisible();

    // the saved file brings them back; a wrong file is refused in words
    await page.getByTestId('import-file').setInputFiles(file);
    await expect(page.getByTestId('imported')).toContainText('2件');
    await expect(page.getByTestId('history').getByRole('listitem')).toHaveCount(2);
    await page.getByTestId('import-file').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"a":1}') });
    await expect(page.getByRole('alert')).toContainText('読み込めませんでした');
    await expect(page.getByTestId('history').getByRole('listitem')).toHaveCount(2);
  });

  test('answers survive closing the page and the check resumes', async ({ page }) => {
    await page.goto('/health-check/positive-health-quick');
    await hydrated(page);
    await expect(page.getByTestId('check')).toHaveAttribute('data-ready', 'true');
    await page.locator('.scale').getByRole('button', { name: '6', exact: true }).click();
    await page.getByRole('button', { name: 'とばす' }).click();
    await expect(page.getByTestId('progress')).toHaveText('3 / 6');
    await page.reload();
    await hydrated(page);
    await expect(page.getByTestId('progress')).toHaveText('3 / 6');
    await page.getByRole('button', { name: 'もどる' }).click();
    await page.getByRole('button', { name: 'もどる' }).click();
    await expect(page.locator('.scale').getByRole('button', { name: '6', exact: true })).toHaveAttribute('aria-pressed', 'true');
  });

  test('the social-needs questionnaire summarises areas gently', async ({ page }) => {
    await page.goto('/health-check/social-needs');
    await hydrated(page);
    await expect(page.getByTestId('check')).toHaveAttribute('data-ready', 'true');
    const choices = page.locator('.choices').getByRole('button');
    await expect(choices).toHaveCount(4);
    // Q1 money: the most concerned answer; skip the rest
    await choices.nth(3).click();
    for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'とばす' }).click();
    await page.getByTestId('see-result').click();
    await expect(page.getByTestId('needs').locator('li[data-area="money"]')).toBeVisible();
    await expect(page.getByTestId('needs').locator('li')).toHaveCount(1);
  });

  test('with the network off after the first visit, the check works end to end', async ({ page, context }) => {
    await page.goto('/');
    await hydrated(page);
    await page.evaluate(async () => { await navigator.serviceWorker.ready; });
    await page.reload();
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    // the offline pack (health check and map with their bundles) is kept once the
    // page has settled; ask for it now rather than wait
    expect(await page.evaluate(() => (window as any).tsunaguOfflinePack())).toBe(true);

    await context.setOffline(true);
    try {
      // never opened online: served from the offline pack
      await page.goto('/health-check');
      await expect(page.getByTestId('start-positive-health-quick')).toBeVisible();
      await answerQuick(page, [5, 5, 5, 5, 5, 5]);
      await expect(page.getByTestId('spider').locator('svg')).toBeVisible();
      await expect(page.getByTestId('scores').locator('dd[data-section="mind"]')).toHaveAttribute('data-score', '5.0');
      // reload the result page itself while offline
      await page.reload();
      await hydrated(page);
      await expect(page.getByTestId('spider').locator('svg')).toBeVisible();
      // suggestions need the network: said plainly
      await page.getByTestId('suggest').click();
      await expect(page.getByTestId('suggestions').getByRole('alert')).toContainText('通信できない');
    } finally {
      await context.setOffline(false);
    }
  });

  test('the question and result pages pass axe-core with no violations', async ({ page }) => {
    await page.goto('/health-check/positive-health-quick');
    await hydrated(page);
    await expect(page.getByTestId('check')).toHaveAttribute('data-ready', 'true');
    const onQuestion = await new AxeBuilder({ page }).analyze();
    expect(onQuestion.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
    await answerQuick(page, [6, 7, 4, 8, 2, 5]);
    await expect(page.getByTestId('spider').locator('svg')).toBeVisible();
    const onResult = await new AxeBuilder({ page }).analyze();
    expect(onResult.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
  });

  test('at 200 % text size the question still fits the phone screen', async ({ page }) => {
    await page.goto('/health-check/positive-health-quick');
    await hydrated(page);
    // the browser's own text zoom, set through the CSSOM (an injected
    // <style> element is refused by the site's Content-Security-Policy)
    await page.evaluate(() => document.documentElement.style.setProperty('font-size', '200%', 'important'));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const ten = page.locator('.scale').getByRole('button', { name: '10', exact: true });
    await ten.scrollIntoViewIfNeeded();
    await expect(ten).toBeVisible();
    const box = await ten.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(48);
    await ten.click();
    await expect(page.getByTestId('progress')).toHaveText('2 / 6');
  });
});
