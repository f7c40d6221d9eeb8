import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, hasChromium, startDashboard } from './harness.ts';

/**
 * The dashboard's management flows in a real browser on the demo seller, as its owner: stock
 * adjustments and transfers with their history, alerts, users and roles, API tokens, storefront
 * buffers and webhook secrets, an edit that lost a race (412), and merchant eligibility.
 *
 * No sleeps: every step waits for the element or text it needs (Playwright's auto-waiting).
 */

interface Level {
  sku: string;
  warehouse: string;
  onHand: number;
  available: number;
}

/** The integer an element shows ("1,234" → 1234, "−2" → -2). */
async function shown(locator: Locator): Promise<number> {
  const text = ((await locator.textContent()) ?? '').trim();
  const n = Number(text.replace(/[^\d]/g, ''));
  return /^[-−]/.test(text) ? -n : n;
}

/** Waits until the element shows exactly this integer, as the dashboard writes it in English. */
function showing(locator: Locator, n: number): Promise<void> {
  const text =
    n < 0 ? `−${Math.abs(n).toLocaleString('en-US')}` : `${n > 0 ? '\\+?' : ''}${n.toLocaleString('en-US')}`;
  return locator.filter({ hasText: new RegExp(`^${text}$`) }).waitFor();
}

describe.skipIf(!hasChromium)('dashboard management flows in a browser (demo data)', () => {
  let d: Dashboard;
  let page: Page;
  let url: string;
  const api = (path: string) => `${url}/api/v1${path}`;

  beforeAll(async () => {
    d = await startDashboard();
    page = d.page;
    url = d.server.url;
    await d.login(page);
  }, 120_000);

  afterAll(async () => {
    await d?.close();
  });

  it('adjusts and transfers stock; the grid and the SKU history show them with who did it', async () => {
    await d.open('inventory');
    const levels = (await (await page.request.get(api('/stock?limit=500'))).json()).items as Level[];
    // A SKU stocked in both warehouses, with room in TX for −2 and a transfer of 3.
    const tx = levels.find(
      (l) =>
        l.warehouse === 'TX' &&
        l.available >= 10 &&
        levels.some((c) => c.sku === l.sku && c.warehouse === 'CA'),
    );
    if (!tx) throw new Error('the demo has no SKU in both TX and CA');
    const sku = tx.sku;
    const row = (warehouse: string) =>
      page.locator(`[data-testid="stock-row"][data-sku="${sku}"][data-warehouse="${warehouse}"]`);
    await page.getByTestId('stock-search').fill(sku);
    const txOnHand = await shown(row('TX').getByTestId('on-hand'));
    const caOnHand = await shown(row('CA').getByTestId('on-hand'));

    // −2, damaged.
    await page.getByTestId('adjust-button').click();
    const adjust = page.getByTestId('adjust-form');
    await adjust.getByTestId('stock-sku').fill(sku);
    await adjust.getByTestId('stock-warehouse').click();
    await page.getByRole('option', { name: /^TX/ }).click();
    await adjust.getByTestId('stock-quantity').fill('-2');
    await adjust.getByTestId('stock-reason').fill('damaged');
    await adjust.getByTestId('stock-submit').click();
    await adjust.waitFor({ state: 'detached' });
    await showing(row('TX').getByTestId('on-hand'), txOnHand - 2);

    // 3 from TX to CA.
    await page.getByTestId('transfer-button').click();
    const transfer = page.getByTestId('transfer-form');
    await transfer.getByTestId('stock-sku').fill(sku);
    await transfer.getByTestId('stock-warehouse').click();
    await page.getByRole('option', { name: /^TX/ }).click();
    await transfer.getByTestId('stock-to').click();
    await page.getByRole('option', { name: /^CA/ }).click();
    await transfer.getByTestId('stock-quantity').fill('3');
    await transfer.getByTestId('stock-reason').fill('rebalance for MX');
    await transfer.getByTestId('stock-submit').click();
    await transfer.waitFor({ state: 'detached' });
    await showing(row('TX').getByTestId('on-hand'), txOnHand - 5);
    await showing(row('CA').getByTestId('on-hand'), caOnHand + 3);

    // The SKU's history: the three new movements, newest first, each with the owner as actor.
    await page.locator(`[data-testid="stock-row"][data-sku="${sku}"]`).getByTestId('sku-link').click();
    const movement = (kind: string, warehouse: string) =>
      page
        .locator(`[data-testid="movement-row"][data-kind="${kind}"][data-warehouse="${warehouse}"]`)
        .first();
    const actor = `user:${d.server.owner.email}`;
    for (const [kind, warehouse, delta, note] of [
      ['adjust', 'TX', -2, 'damaged'],
      ['transfer_out', 'TX', -3, 'rebalance for MX'],
      ['transfer_in', 'CA', 3, 'rebalance for MX'],
    ] as const) {
      const m = movement(kind, warehouse);
      await showing(m.getByTestId('movement-on-hand'), delta);
      expect(await m.getByTestId('movement-note').textContent()).toBe(`${note} · ${actor}`);
    }
    const kinds = await page
      .getByTestId('movement-row')
      .evaluateAll((rows) => rows.slice(0, 3).map((r) => `${r.dataset.kind} ${r.dataset.warehouse}`));
    expect(kinds.sort()).toEqual(['adjust TX', 'transfer_in CA', 'transfer_out TX']);
    await d.shot('inventory-history-en');
    await page.keyboard.press('Escape');
    await page.getByTestId('movement-row').first().waitFor({ state: 'detached' });
  });
});
