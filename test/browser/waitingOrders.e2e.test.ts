import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, startDashboard } from './harness.ts';

/**
 * Orders waiting for stock in a real browser, on the demo seller (issue 8): the viral dog toy
 * (PT-TOY-005) was oversold, and its orders wait. The queue shows them as their own state with
 * their shortfall and the time to the platform deadline; the alert names the SKU and storefront;
 * an operator retries, reserves from a chosen warehouse or cancels one; stock received on the
 * Inventory page reserves them, oldest payment first, and the alert resolves; a shipped order
 * records a return. Screenshots of the queue, Overview and Alerts in the three languages.
 *
 * No sleeps: every step waits for the element or answer it needs.
 */
const HIT = 'PT-TOY-005';

interface BoardRowJson {
  id: string;
  externalId: string;
  storefront: string;
  paidAt: string;
  lines: { sku: string; quantity: number }[];
  shortfalls: { sku: string; wanted: number; available: number }[];
}

describe('orders waiting for stock, in a browser (demo data)', () => {
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

  const get = async <T>(path: string): Promise<T> => {
    const r = await page.request.get(`${url}/api/v1${path}`);
    expect(r.status(), path).toBe(200);
    return (await r.json()) as T;
  };
  /** The toy's waiting orders, oldest payment first, as the API lists them. */
  const waitingToys = async () =>
    (await get<{ items: BoardRowJson[] }>('/board?status=awaiting_stock&limit=500')).items
      .filter((r) => r.lines.some((l) => l.sku === HIT))
      .sort((a, b) => (a.paidAt < b.paidAt ? -1 : a.paidAt > b.paidAt ? 1 : a.id < b.id ? -1 : 1));
  const rowOf = (p: Page, externalId: string) =>
    p.locator(`[data-testid="board-row"][data-external-id="${externalId}"]`);
  const openWaitingQueue = async (p: Page = page) => {
    await p.goto(`${url}/orders?status=awaiting_stock`);
    await p.getByTestId('board-row').first().waitFor();
  };
  const language = async (lang: 'zh-CN' | 'en' | 'es-MX', title: string) => {
    await page.getByTestId(`language-switcher-${lang}`).click();
    await page.getByTestId('nav-overview').filter({ hasText: title }).waitFor();
  };

  it('shows the toy’s waiting orders as awaiting stock, with their shortfall and platform deadline', async () => {
    const waiting = await waitingToys();
    expect(waiting.length).toBeGreaterThan(1);
    await openWaitingQueue();
    for (const o of waiting) {
      const row = rowOf(page, o.externalId);
      await row.waitFor();
      expect(await row.getAttribute('data-state')).toBe('awaiting_stock');
      expect(await row.getByTestId('dispatch-awaiting_stock').textContent()).toBe('Awaiting stock');
      // What it lacks per SKU, its SKU × quantity and warehouse, and the deadline it is due by.
      const short = o.shortfalls.find((s) => s.sku === HIT);
      expect(await row.getByTestId('shortfall').first().textContent()).toBe(
        `${HIT} ×${short?.wanted}, ${short?.available} available`,
      );
      expect(await row.getByTestId('board-lines').textContent()).toContain(`${HIT} ×`);
      expect(await row.getByTestId('deadline-kind').textContent()).toBe('platform deadline');
      expect(await row.getByTestId('deadline').textContent()).toMatch(/ (CST|CDT|PST|PDT)$/);
    }
    // None of them is drawn as on time; the queue's total counts every one, loaded or not.
    expect(await page.locator('[data-testid="board-row"][data-state="on_time"]').count()).toBe(0);
    const all = await get<{ items: unknown[] }>('/board?status=awaiting_stock&limit=500');
    await page
      .getByTestId('board-count-awaiting_stock')
      .filter({ hasText: new RegExp(`: ${all.items.length}$`) })
      .waitFor();
    await d.shot('queue-waiting-en');
    await page.goto(`${url}/orders`);
    await page.getByTestId('board-row').first().waitFor();
    await page.getByTestId('deadline-kind').filter({ hasText: 'last pickup' }).first().waitFor();
    await page
      .getByTestId('board-count-awaiting_stock')
      .filter({ hasText: `: ${all.items.length}` })
      .waitFor();
    await d.shot('queue-en');
    // Pages of 50 by keyset: "Load more" appends the next page after the last row shown.
    const shown = await page.getByTestId('board-row').count();
    await page.getByTestId('board-load-more').click();
    await page.locator(`[data-testid="board-row"] >> nth=${shown}`).waitFor();
  }, 120_000);

  it('says per SKU and storefront how many orders wait and how many units are short, and links to them', async () => {
    const waiting = await waitingToys();
    const mx = waiting.filter((o) => o.storefront === 'TTS-MX');
    const wanted = mx.reduce((n, o) => n + (o.lines.find((l) => l.sku === HIT)?.quantity ?? 0), 0);
    // From the Overview's tile, as an operator gets there: the Alerts page filtered to oversells.
    // (Unfiltered, at a busy hour the first page is all at-risk orders, which are newer.)
    await d.open('overview');
    await page.getByTestId('stat-oversell').getByRole('link').click();
    await page.waitForURL(/\/alerts\?kind=oversell/);
    const alert = page
      .locator('[data-testid="alert-row"][data-kind="oversell"]')
      .filter({ hasText: `TTS-MX · ${HIT}:` });
    await alert.waitFor();
    const text = await alert.getByTestId('alert-text').textContent();
    expect(text).toMatch(new RegExp(`^TTS-MX · ${HIT}: ${mx.length} orders? waiting, \\d+ units? short$`));
    expect(Number(/(\d+) units? short/.exec(text ?? '')?.[1])).toBeLessThanOrEqual(wanted);
    await d.shot('alerts-waiting-en');
    await alert.getByTestId('alert-waiting-link').click();
    await page.waitForURL(/\/orders\?status=awaiting_stock/);
    await page.locator('[data-testid="board-row"][data-state="awaiting_stock"]').first().waitFor();
    expect(await page.locator('[data-testid="board-row"]:not([data-state="awaiting_stock"])').count()).toBe(
      0,
    );
  }, 120_000);

  it('reads in Chinese, Spanish and English: queue, Overview and Alerts, and the queue on a phone', async () => {
    const words = {
      'zh-CN': { nav: '概览', badge: '等待到货', kind: '平台截止', alert: /个订单等待到货，缺 \d+ 件$/ },
      'es-MX': {
        nav: 'Resumen',
        badge: 'En espera de inventario',
        kind: 'límite de la plataforma',
        alert: /pedidos? en espera, faltan? \d+ unidad(es)?$/,
      },
      en: { nav: 'Overview', badge: 'Awaiting stock', kind: 'platform deadline', alert: /units? short$/ },
    } as const;
    for (const lang of ['zh-CN', 'es-MX', 'en'] as const) {
      await language(lang, words[lang].nav);
      await openWaitingQueue();
      const row = page.locator('[data-testid="board-row"][data-state="awaiting_stock"]').first();
      expect(await row.getByTestId('dispatch-awaiting_stock').textContent()).toBe(words[lang].badge);
      expect(await row.getByTestId('deadline-kind').textContent()).toBe(words[lang].kind);
      expect(await page.locator('body').textContent()).not.toContain('America/');
      await d.shot(`queue-waiting-${lang}`);
      await page.goto(`${url}/orders`);
      await page.getByTestId('board-row').first().waitFor();
      await d.shot(`queue-${lang}`);

      await d.open('overview');
      await page.getByTestId('waiting-exposure').waitFor();
      const pickup = await page.getByTestId('ship-today-TX-pickup').textContent();
      expect(pickup).not.toContain('America/');
      expect(pickup).toMatch(lang === 'zh-CN' ? /美中部(标准|夏令)时间/ : / (CST|CDT)/);
      expect(await page.getByTestId('exposure-row').count()).toBeGreaterThan(0);
      await d.shot(`overview-waiting-${lang}`);

      await page.goto(`${url}/alerts?kind=oversell`);
      const alert = page
        .locator('[data-testid="alert-row"][data-kind="oversell"]')
        .filter({ hasText: `TTS-MX · ${HIT}` });
      expect(await alert.getByTestId('alert-text').textContent()).toMatch(words[lang].alert);
      await alert.scrollIntoViewIfNeeded();
      await d.shot(`alerts-waiting-${lang}`);

      // The account keeps the language: a phone logging in now reads in it.
      const phone = await d.browser.newContext({
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        reducedMotion: 'reduce',
      });
      try {
        const p = await phone.newPage();
        await d.login(p);
        await openWaitingQueue(p);
        const card = p.locator('[data-testid="board-row"][data-state="awaiting_stock"]').first();
        expect(await card.getByTestId('dispatch-awaiting_stock').textContent()).toBe(words[lang].badge);
        expect(await card.getByTestId('shortfall').count()).toBeGreaterThan(0);
        expect(await card.getByTestId('board-warehouse-code').textContent()).toMatch(/TX|CA/);
        expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await d.shot(`queue-waiting-390-${lang}`, p);
      } finally {
        await phone.close();
      }
    }
  }, 240_000);

  it('retries a waiting order, tries another warehouse, and cancels one with a reason', async () => {
    const waiting = await waitingToys();
    const newest = waiting[waiting.length - 1] as BoardRowJson;
    const mx = [...waiting].reverse().find((o) => o.storefront === 'TTS-MX' && o !== newest);
    expect(mx).toBeDefined();
    await openWaitingQueue();

    // Retry now: there is still not enough, and it says so with what is short.
    await rowOf(page, newest.externalId).getByTestId('waiting-actions').click();
    await page.getByTestId('retry-now').click();
    const note = page
      .locator('.mantine-Notification-root')
      .filter({ hasText: `Order ${newest.externalId} is still waiting for stock` });
    await note.waitFor();
    expect(await note.textContent()).toMatch(new RegExp(`${HIT} ×\\d+, \\d+ available`));

    // Reserve from CA: TTS-MX splits orders, and says so; CA has none of the toy either.
    const other = mx as BoardRowJson;
    await rowOf(page, other.externalId).getByTestId('waiting-actions').click();
    await page.getByTestId('reserve-from').click();
    const form = page.getByTestId('reserve-from-form');
    expect(await form.getByTestId('split-note').textContent()).toContain('TTS-MX splits orders');
    await form.getByTestId('reserve-from-warehouse').click();
    await page.getByRole('option', { name: /^CA/ }).click();
    await form.getByTestId('reserve-from-submit').click();
    await form.waitFor({ state: 'detached' });
    await page.getByText(`Order ${other.externalId} is still waiting for stock`).waitFor();

    // Cancel the newest, with a reason: it leaves the queue, and the audit keeps the reason.
    await rowOf(page, newest.externalId).getByTestId('waiting-actions').click();
    await page.getByTestId('cancel-waiting').click();
    const cancel = page.getByTestId('cancel-waiting-form');
    expect(await cancel.getByTestId('cancel-waiting-submit').isDisabled()).toBe(true);
    await cancel.getByTestId('cancel-reason').fill('buyer gave up waiting');
    await cancel.getByTestId('cancel-waiting-submit').click();
    await rowOf(page, newest.externalId).waitFor({ state: 'detached' });
    expect((await get<{ status: string }>(`/orders/${newest.id}`)).status).toBe('cancelled');
    expect((await waitingToys()).map((o) => o.id)).not.toContain(newest.id);
  }, 120_000);

  it('reserves the waiting orders, oldest payment first, when stock is received, and resolves the alert', async () => {
    const waiting = await waitingToys();
    expect(waiting.length).toBeGreaterThan(2);
    const want = (o: BoardRowJson) => o.lines.find((l) => l.sku === HIT)?.quantity ?? 0;
    const [first, second] = waiting as [BoardRowJson, BoardRowJson];
    // Every order waits, so none fits in what Texas has now: exactly the two oldest fit after this.
    const stock = await get<{ items: { available: number }[] }>(`/stock?sku=${HIT}&warehouse=TX`);
    const available = stock.items[0]?.available ?? 0;
    const receive = async (quantity: number, note: string) => {
      await d.open('inventory');
      await page.getByTestId('receive-button').click();
      const form = page.getByTestId('receive-form');
      await form.getByTestId('stock-sku').fill(HIT);
      await form.getByTestId('stock-warehouse').click();
      await page.getByRole('option', { name: /^TX/ }).click();
      await form.getByTestId('stock-quantity').fill(String(quantity));
      await form.getByTestId('stock-reason').fill(note);
      await form.getByTestId('stock-submit').click();
      await form.waitFor({ state: 'detached' });
    };
    await receive(want(first) + want(second) - available, 'PO-TOY-PARTIAL');
    const after = new Set((await waitingToys()).map((o) => o.id));
    expect(after.has(first.id)).toBe(false);
    expect(after.has(second.id)).toBe(false);
    expect(after.size).toBe(waiting.length - 2);
    await openWaitingQueue();
    await rowOf(page, first.externalId).waitFor({ state: 'detached' });
    expect(await rowOf(page, waiting[2]?.externalId ?? '').getAttribute('data-state')).toBe('awaiting_stock');

    await receive(400, 'PO-TOY-400');
    expect(await waitingToys()).toEqual([]);
    for (const o of waiting)
      expect((await get<{ status: string }>(`/orders/${o.id}`)).status, o.externalId).toBe('reserved');
    const open = await get<{ items: { subject: string }[] }>('/alerts?state=open&kind=oversell');
    expect(open.items.filter((a) => a.subject.startsWith('oversell:'))).toEqual([]);
    await page.goto(`${url}/alerts?kind=oversell`);
    await page.getByTestId('alerts-empty').or(page.getByTestId('alert-row').first()).waitFor();
    expect(
      await page.locator('[data-testid="alert-row"][data-kind="oversell"]').filter({ hasText: HIT }).count(),
    ).toBe(0);
    // On the queue they are reserved now, each due by its warehouse's last pickup or platform deadline.
    await page.goto(`${url}/orders`);
    await page.getByTestId('board-row').first().waitFor();
    expect(await page.locator('[data-testid="board-row"][data-state="awaiting_stock"]').count()).toBe(0);
  }, 120_000);

  it('records a return on a shipped order: the range is refused in place, then the units come back', async () => {
    await page.goto(`${url}/orders?tab=all`);
    await page.getByTestId('orders-status').click();
    await page.getByRole('option', { name: 'Shipped' }).click();
    const row = page
      .getByTestId('order-row')
      .filter({ has: page.getByTestId('record-return') })
      .first();
    await row.waitFor();
    const id = await row.getAttribute('data-external-id');
    const [order] = (
      await get<{ items: { id: string; lines: { sku: string; quantity: number }[] }[] }>(
        `/orders?q=${id}&status=shipped`,
      )
    ).items;
    const line = order?.lines[0] as { sku: string; quantity: number };
    await row.getByTestId('record-return').click();
    const form = page.getByTestId('return-form');
    await form.waitFor();
    if ((order?.lines.length ?? 0) > 1) {
      await form.getByTestId('return-sku').click();
      await page.getByRole('option', { name: new RegExp(`^${line.sku} `) }).click();
    }
    // One more than shipped: refused where it is typed, with the range, and left as typed.
    const quantity = form.getByTestId('return-quantity');
    await quantity.fill(String(line.quantity + 1));
    await form.getByTestId('return-submit').click();
    await form
      .getByText(
        `Enter a whole number from 1 to ${line.quantity}: the order shipped ${line.quantity} and 0 came back already.`,
      )
      .waitFor();
    expect(await quantity.inputValue()).toBe(String(line.quantity + 1));
    await d.shot('return-refused-en');

    await quantity.fill('1');
    await form.getByTestId('return-damaged').check();
    await form.getByTestId('return-submit').click();
    await form.waitFor({ state: 'detached' });
    await page.getByText(`Return recorded: 1 × ${line.sku} of order ${id} written off as damaged.`).waitFor();
    const returns = await get<{ items: { sku: string; returned: number; left: number }[] }>(
      `/orders/${order?.id}/returns`,
    );
    expect(returns.items.find((r) => r.sku === line.sku)).toMatchObject({
      returned: 1,
      left: line.quantity - 1,
    });
  }, 120_000);
});
