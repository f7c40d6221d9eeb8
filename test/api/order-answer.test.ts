/**
 * `POST /orders` answers from what taking the order did (services/orderIntake.ts), not by reading
 * the order back. The answer must be the order exactly as `GET /orders/:id` shows it afterwards:
 * same fields, same values, same key order. Checked for each outcome, one warehouse and split.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelFromMarketplace } from '../../src/services/orderIntake.ts';
import { ApiClient } from '../support/apiClient.ts';
import { type Seller, seedSeller } from '../support/seller.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { engines } from '../support/stores.ts';

describe.each(engines)('the answer to a new order, %s', (engine) => {
  let server: TestServer;
  let owner: ApiClient;
  let seller: Seller;

  beforeAll(async () => {
    server = await startTestServer({ engine });
    // TikTok Shop MX may split an order between Texas and California; US may not.
    seller = await seedSeller(server.store, { organizationId: server.organizationId, mxAllowSplit: true });
    owner = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
    await owner.post('/api/v1/stock/receive', { sku: 'A', warehouse: 'TX', quantity: 10 });
    await owner.post('/api/v1/stock/receive', { sku: 'B', warehouse: 'TX', quantity: 2 });
    await owner.post('/api/v1/stock/receive', { sku: 'B', warehouse: 'CA', quantity: 1 });
  }, 60_000);
  afterAll(() => server?.close());

  const order = (storefront: string, externalId: string, lines: [string, number][]) => ({
    storefront,
    externalId,
    paidAt: '2026-11-26T09:30:00-06:00',
    lines: lines.map(([sku, quantity], i) => ({ sku, quantity, unitPriceMinor: 25_000 + i })),
  });

  /** Takes the order, then reads it; the order in the answer must be the order read, to the byte. */
  const takeAndRead = async (body: ReturnType<typeof order>) => {
    const taken = await owner.post('/api/v1/orders', body);
    const read = await owner.get(`/api/v1/orders/${taken.body.order.id}`);
    expect(read.status).toBe(200);
    expect(JSON.stringify(taken.body.order)).toBe(JSON.stringify(read.body));
    return taken;
  };

  it('answers an order reserved from one warehouse as it is stored', async () => {
    const taken = await takeAndRead(
      order('TTS-US', 'US-1', [
        ['A', 2],
        ['B', 1],
      ]),
    );
    expect(taken.status).toBe(201);
    expect(taken.body.outcome).toBe('reserved');
    expect(taken.body.order).toMatchObject({
      storefront: 'TTS-US',
      total: { minor: 2 * 25_000 + 25_001, currency: 'USD' },
      paidAt: '2026-11-26T15:30:00.000Z',
      warehouses: [{ code: 'TX', timeZone: 'America/Chicago' }],
      tiktokTracking: null,
    });
    expect(taken.body.order.shipBy).toEqual(expect.any(String));
  });

  it('answers an order split between two warehouses with both', async () => {
    // B: one unit left in Texas after US-1, one in California.
    const taken = await takeAndRead(order('TTS-MX', 'MX-SPLIT-1', [['B', 2]]));
    expect(taken.body.outcome).toBe('reserved');
    expect(taken.body.order.warehouses.map((w: { code: string }) => w.code)).toEqual(['CA', 'TX']);
  });

  it('answers an order whose cancel came first as stored cancelled', async () => {
    await cancelFromMarketplace(server.store, {
      organizationId: seller.org,
      storefrontId: seller.mx,
      externalId: 'MX-EARLY-1',
      reason: 'buyer changed their mind',
      actor: 'test',
    });
    const taken = await takeAndRead(order('TTS-MX', 'MX-EARLY-1', [['A', 1]]));
    expect([taken.status, taken.body.outcome, taken.body.order.status]).toEqual([
      201,
      'cancelled',
      'cancelled',
    ]);
    expect(taken.body.order.warehouses).toEqual([]);
  });

  it('answers an order awaiting stock, and a duplicate, with the order as stored', async () => {
    const waiting = await takeAndRead(order('TTS-MX', 'MX-WAIT-1', [['C', 1]]));
    expect(waiting.body.outcome).toBe('awaiting_stock');
    expect(waiting.body.order.waitingReason).toContain('"sku":"C"');
    const again = await takeAndRead(order('TTS-US', 'US-1', [['A', 2]]));
    expect([again.status, again.body.outcome, again.body.order.lines.length]).toEqual([200, 'duplicate', 2]);
  });
});
