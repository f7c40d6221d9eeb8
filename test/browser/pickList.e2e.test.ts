import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, startDashboard } from './harness.ts';

/**
 * The queue says what to pack, in a real browser on the demo seller: each row (a card on a phone)
 * lists SKU × quantity and the warehouse; three orders selected make a pick list grouped by
 * warehouse and SKU, printable, and as a CSV Excel reads in Chinese or Spanish. No sleeps.
 */

interface BoardRow {
  id: string;
  externalId: string;
  warehouse: { code: string } | null;
  lines: { sku: string; quantity: number }[];
}

describe('the pick list from the dispatch queue, in a browser', () => {
  let d: Dashboard;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    d = await startDashboard();
    page = d.page;
    url = d.server.url;
    await d.login(page);
  }, 120_000);

  afterAll(async () => {
    await d?.close();
  });

  it('lists SKU × quantity and the warehouse on every card at phone width', async () => {
    const phone = await d.browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'en-US',
      reducedMotion: 'reduce',
    });
    const p = await phone.newPage();
    await d.login(p);
    await p.goto(`${url}/orders?status=reserved`);
    const card = p.getByTestId('board-row').first();
    await card.waitFor();
    expect(await card.getByTestId('board-lines').textContent()).toMatch(/×\d+/);
    expect(await card.getByTestId('board-warehouse-code').textContent()).toMatch(/^Warehouse [A-Z]+$/);
    await card.getByTestId('board-select').waitFor();
    // The card fits the screen: nothing to scroll sideways.
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await d.shot('queue-phone-390', p);
    await phone.close();
  }, 120_000); // a second browser context and a login: slow on a busy machine

  it('selects three orders, groups their units by warehouse and SKU, prints, and downloads the CSV', async () => {
    // Three orders of the first page, two of them sharing a SKU in one warehouse: their units add up.
    const shown = (await (await page.request.get(`${url}/api/v1/board?status=reserved&limit=50`)).json())
      .items as BoardRow[];
    const skuOf = (r: BoardRow) => r.lines.map((l) => `${r.warehouse?.code} ${l.sku}`);
    const pair = shown
      .flatMap((a, i) => shown.slice(i + 1).map((b) => [a, b] as const))
      .find(([a, b]) => skuOf(a).some((k) => skuOf(b).includes(k)));
    if (!pair) throw new Error('the demo queue has no two reserved orders sharing a SKU on its first page');
    const third = shown.find((r) => r !== pair[0] && r !== pair[1]) as BoardRow;
    const board = [pair[0], pair[1], third];
    // What the three rows say to pack, added up per warehouse and SKU.
    const expected = new Map<string, number>();
    for (const row of board)
      for (const l of row.lines) {
        const key = `${row.warehouse?.code} ${l.sku}`;
        expected.set(key, (expected.get(key) ?? 0) + l.quantity);
      }

    await page.goto(`${url}/orders?status=reserved`);
    for (const row of board) {
      const box = page
        .locator(`[data-testid="board-row"][data-external-id="${row.externalId}"]`)
        .getByTestId('board-select');
      // Ticked from the keyboard: Playwright never finds Mantine's checkbox input "stable" on the live
      // queue (the row re-renders every second), though it does not move.
      await box.focus();
      await page.keyboard.press('Space');
      await page
        .locator(`[data-testid="board-row"][data-external-id="${row.externalId}"] input:checked`)
        .waitFor();
    }
    expect(await page.getByTestId('pick-selected-count').textContent()).toBe('3 selected');
    await page.getByTestId('pick-list-button').click();
    await page.getByTestId('pick-row').first().waitFor();

    const listed = new Map<string, number>();
    for (const section of await page.getByTestId('pick-warehouse').all()) {
      const code = await section.getAttribute('data-warehouse');
      for (const r of await section.getByTestId('pick-row').all())
        listed.set(`${code} ${await r.getAttribute('data-sku')}`, Number(await r.getAttribute('data-total')));
    }
    expect(Object.fromEntries(listed)).toEqual(Object.fromEntries(expected));
    // Fewer lines than the three orders have: the shared SKU is one line, with both orders on it.
    expect(listed.size).toBeLessThan(board.reduce((n, r) => n + r.lines.length, 0));
    const orders = (await page.getByTestId('pick-orders').allTextContents()).join(' ');
    for (const row of board) expect(orders).toContain(row.externalId);
    expect(await page.getByTestId('pick-no-bins').textContent()).toContain('does not record bin locations');

    // In Chinese, on screen and as printed (the buttons stay off the paper).
    await d.setLanguage('zh-CN');
    await page.reload();
    await page.getByText('拣货单', { exact: false }).first().waitFor();
    await page.getByTestId('pick-row').first().waitFor();
    await d.shot('pick-list-zh');
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('pick-print').isVisible()).toBe(false);
    await d.shot('pick-list-print-zh');
    await page.emulateMedia({ media: 'screen' });

    // In Spanish, and the CSV: a byte-order mark, then Spanish headers and the same totals.
    await d.setLanguage('es-MX');
    await page.reload();
    await page.getByText('Lista de surtido', { exact: false }).first().waitFor();
    await page.getByTestId('pick-row').first().waitFor();
    await d.shot('pick-list-es');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('pick-csv').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^lista-de-surtido-\d{8}-\d{4}\.csv$/);
    const bytes = readFileSync(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [head, ...rows] = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(head).toBe('Almacén,SKU,Título,Cantidad total,Pedidos (cantidad)');
    const fromCsv = new Map(
      rows.map((line) => {
        const [warehouse, sku] = line.split(',');
        return [`${warehouse} ${sku}`, Number(line.match(/,(\d+),[^,]*$/)?.[1])];
      }),
    );
    expect(Object.fromEntries(fromCsv)).toEqual(Object.fromEntries(expected));
    await d.setLanguage('en');
  }, 120_000);
});
