import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reserveOrder } from '../../src/store/reservations.ts';
import { receive } from '../../src/store/stockLedger.ts';
import { ApiClient } from '../support/apiClient.ts';
import { seedSeller } from '../support/seller.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { engines } from '../support/stores.ts';

/**
 * A pick list for a selection of the queue: the reserved units by warehouse and SKU with the
 * orders they go to, as JSON for the printed page and as CSV for Excel. Orders with nothing to
 * pick are named with why; another organization's order is not there at all.
 */
describe.each(engines)('the pick list, %s', (engine) => {
  let server: TestServer;
  let owner: ApiClient;
  const ids: Record<string, string> = {};
  let otherOrgOrder: string;

  const place = async (externalId: string, lines: [string, number][]) => {
    const placed = await owner.post('/api/v1/orders', {
      storefront: 'TTS-MX',
      externalId,
      paidAt: '2026-11-30T15:00:00Z',
      lines: lines.map(([sku, quantity]) => ({ sku, quantity, unitPriceMinor: 19_900 })),
    });
    ids[externalId] = placed.body.order.id;
  };

  beforeAll(async () => {
    server = await startTestServer({ engine });
    await seedSeller(server.store, { organizationId: server.organizationId });
    owner = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
    await owner.post('/api/v1/stock/receive', { sku: 'A', warehouse: 'TX', quantity: 10 });
    await owner.post('/api/v1/stock/receive', { sku: 'B', warehouse: 'TX', quantity: 10 });
    await owner.post('/api/v1/stock/receive', { sku: 'C', warehouse: 'CA', quantity: 5 });
    await place('MX-1', [
      ['A', 2],
      ['B', 1],
    ]);
    await place('MX-2', [['A', 3]]);
    await place('MX-3', [['C', 1]]);
    await place('MX-4', [['C', 100]]);
    await place('MX-5', [['A', 1]]);
    await owner.post(`/api/v1/orders/${ids['MX-5']}/ship`, { carrier: 'Estafeta', tracking: '1Z1' });
    await owner.post('/api/v1/users', {
      email: 'vera@example.com',
      name: 'Vera',
      role: 'viewer',
      password: 'viewer-password-1',
    });

    // Another seller on the same database, with an order of its own.
    const other = await seedSeller(server.store);
    await receive(
      server.store,
      { organizationId: other.org, skuId: other.sku.A, warehouseId: other.tx, actor: 't' },
      5,
    );
    const outcome = await reserveOrder(
      server.store,
      {
        organizationId: other.org,
        storefrontId: other.mx,
        externalId: 'MX-1',
        paidAt: '2026-11-30T15:00:00Z',
        currency: 'MXN',
        lines: [{ skuId: other.sku.A, quantity: 4, unitPriceMinor: 100 }],
        actor: 't',
      },
      other.rule,
    );
    otherOrgOrder = (outcome as { orderId: string }).orderId;
  }, 60_000);
  afterAll(() => server?.close());

  const selection = () => [...Object.values(ids), otherOrgOrder, 'no-such-order'];

  it('groups the reserved units by warehouse and SKU, and names the orders left out', async () => {
    const answer = await owner.post('/api/v1/pick-list', { orderIds: selection() });
    expect(answer.status).toBe(200);
    const list = answer.body;
    expect(
      list.groups.map(
        (g: {
          warehouse: string;
          sku: string;
          totalQuantity: number;
          orders: { externalId: string; quantity: number }[];
        }) => [
          g.warehouse,
          g.sku,
          g.totalQuantity,
          g.orders.map((o) => `${o.externalId} ×${o.quantity}`).join(', '),
        ],
      ),
    ).toEqual([
      ['CA', 'C', 1, 'MX-3 ×1'],
      ['TX', 'A', 5, 'MX-1 ×2, MX-2 ×3'],
      ['TX', 'B', 1, 'MX-1 ×1'],
    ]);
    expect([list.orders, list.units]).toEqual([3, 7]);
    expect(
      list.leftOut.map((o: { externalId: string | null; reason: string }) => [o.externalId, o.reason]),
    ).toEqual([
      ['MX-4', 'awaiting_stock'],
      ['MX-5', 'shipped'],
      [null, 'not_found'],
      [null, 'not_found'],
    ]);
  });

  it('exports the same list as CSV with a byte-order mark and headers in the user’s language', async () => {
    const vera = await ApiClient.loggedIn(server.url, 'vera@example.com', 'viewer-password-1');
    await vera.patch('/api/v1/auth/me', { locale: 'zh-CN' });
    const csv = await vera.post('/api/v1/pick-list/csv', { orderIds: selection() });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(
      /^attachment; filename="?pick-list-\d{8}-\d{4}\.csv"?; filename\*=UTF-8''%E6%8B%A3%E8%B4%A7%E5%8D%95-\d{8}-\d{4}\.csv$/,
    );
    // fetch's text() drops a byte-order mark: the CSV's first line is read as Excel would, after it.
    const lines = (csv.body as string).split('\r\n');
    expect(lines[0]).toBe('仓库,SKU,标题,总数量,订单（数量）');
    expect(lines[2]).toMatch(/^TX,A,[^,]+,5,MX-1 ×2; MX-2 ×3$/);

    // The bytes themselves, as a script with an API token downloads them; the language asked for.
    const { token } = (await owner.post('/api/v1/tokens', { name: 'erp', scope: 'read' })).body;
    const raw = await fetch(`${server.url}/api/v1/pick-list/csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ orderIds: [ids['MX-3']], lang: 'es-MX' }),
    });
    const bytes = Buffer.from(await raw.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8').split('\r\n')[0]).toBe(
      'Almacén,SKU,Título,Cantidad total,Pedidos (cantidad)',
    );
  });

  it('needs a login and a bounded selection', async () => {
    expect(
      (await new ApiClient(server.url).post('/api/v1/pick-list', { orderIds: [ids['MX-1']] })).status,
    ).toBe(401);
    const tooMany = await owner.post('/api/v1/pick-list', {
      orderIds: Array.from({ length: 1001 }, (_, i) => `o${i}`),
    });
    expect([tooMany.status, tooMany.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const none = await owner.post('/api/v1/pick-list', { orderIds: [] });
    expect(none.status).toBe(400);
  });
});
