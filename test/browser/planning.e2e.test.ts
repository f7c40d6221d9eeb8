import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, SHOTS, startDashboard } from './harness.ts';

/**
 * The Planning page in a real browser, on the demo seller (issue 13): the viral dog toy is in the
 * hit list and tops the suggestions with its numbers; its chart marks the out-of-stock days; "Create
 * PO" downloads the workbook and the toy's inbound grows; the Inventory table shows each SKU's class.
 * The page in Chinese (test-output/screenshots/planning-zh-CN.png) is the README's docs/screenshots/planning.png. No sleeps: each step waits for what it needs.
 */
const HIT = 'PT-TOY-005';

describe('the Planning page (demo data)', () => {
  let d: Dashboard;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    d = await startDashboard();
    page = d.page;
    url = d.server.url;
    await d.login(page);
  }, 180_000);
  afterAll(async () => {
    await d?.close();
  });

  it('shows the toy as a hit, with a suggestion and its chart (in Chinese, for the README)', async () => {
    await page.getByTestId('language-switcher-zh-CN').click();
    await page.goto(`${url}/planning`);
    const hits = page.getByTestId('hit-list');
    await hits.getByText(HIT).first().waitFor();
    await hits.getByText('爆款').first().waitFor();
    const row = page.getByTestId(`suggestion-${HIT}-TX`);
    await row.waitFor();
    expect(await row.textContent()).toContain('主力款');
    await page.getByTestId('planning-chart').waitFor();
    // The chart's days are UTC days, and it says so.
    expect(await page.getByTestId('chart-zone').textContent()).toContain('UTC');
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}planning-zh-CN.png`, fullPage: true });
    await page.getByTestId('language-switcher-en').click();
  }, 60_000);

  it('creates a purchase order for the toy: a workbook download, and its units inbound', async () => {
    const before = (await (await page.request.get(`${url}/api/v1/planning/restock?all=true`)).json()) as {
      items: { sku: string; warehouse: string; inbound: number; suggestedQuantity: number }[];
    };
    const toy = before.items.find((i) => i.sku === HIT && i.warehouse === 'TX');
    expect(toy?.suggestedQuantity).toBeGreaterThan(0);
    await page.getByTestId(`suggestion-${HIT}-TX`).getByRole('checkbox').check();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('create-po').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^PO-\d{8}-01\.xlsx$/);
    const inbound = (await (await page.request.get(`${url}/api/v1/inbound?status=open`)).json()) as {
      items: { warehouse: string; lines: { sku: string; quantity: number }[] }[];
    };
    expect(inbound.items).toEqual([
      expect.objectContaining({
        warehouse: 'TX',
        lines: [expect.objectContaining({ sku: HIT, quantity: toy?.suggestedQuantity })],
      }),
    ]);
  }, 60_000);

  it('shows each SKU’s class in the Inventory table', async () => {
    await page.goto(`${url}/inventory`);
    await page.getByTestId('class-badge').first().waitFor();
    await d.shot('inventory-classes');
  }, 60_000);
});
