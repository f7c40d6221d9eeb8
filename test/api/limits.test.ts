import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/domain/limits.ts';
import { count } from '../../src/store/stockLedger.ts';
import { ApiClient } from '../support/apiClient.ts';
import { type Seller, seedSeller } from '../support/seller.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { engines } from '../support/stores.ts';

/**
 * The limits in domain/limits.ts hold the same on both engines: a number out of range is a 400 that
 * names the field, a total past 32 bits is stored and read back exactly, and a level cannot be
 * pushed past its ceiling by the API or by SQL.
 */
describe.each(engines)('numbers at their limits, %s', (engine) => {
  let server: TestServer;
  let owner: ApiClient;
  let seller: Seller;

  beforeAll(async () => {
    server = await startTestServer({ engine });
    seller = await seedSeller(server.store, { organizationId: server.organizationId });
    owner = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
  }, 60_000);
  afterAll(() => server?.close());

  const order = (externalId: string, lines: { sku: string; quantity: number; unitPriceMinor: number }[]) =>
    owner.post('/api/v1/orders', { storefront: 'TTS-MX', externalId, paidAt: '2026-11-30T10:00:00Z', lines });

  it('stores an order total past 2^31 minor units and lists it exactly', async () => {
    await owner.post('/api/v1/stock/receive', { sku: 'A', warehouse: 'TX', quantity: 5 });
    const placed = await order('BIG-1', [{ sku: 'A', quantity: 3, unitPriceMinor: LIMITS.unitPriceMinor }]);
    expect([placed.status, placed.body.outcome, placed.body.order.total]).toEqual([
      201,
      'reserved',
      { minor: 3_000_000_000, currency: 'MXN' },
    ]);
    const listed = await owner.get('/api/v1/orders?q=BIG-1');
    expect([listed.status, listed.body.items.map((o: { total: unknown }) => o.total)]).toEqual([
      200,
      [{ minor: 3_000_000_000, currency: 'MXN' }],
    ]);
  });

  it('refuses a total over the cap and a quantity or price out of range, naming the field', async () => {
    const top = { sku: 'A', quantity: LIMITS.lineQuantity, unitPriceMinor: LIMITS.unitPriceMinor };
    const answers = [
      await order('BIG-2', [top, top]),
      await order('BIG-3', [{ sku: 'A', quantity: 2 ** 31, unitPriceMinor: 1 }]),
      await order('BIG-4', [{ sku: 'A', quantity: 1, unitPriceMinor: 2 ** 53 }]),
      await order('BIG-5', [{ sku: 'A', quantity: 1.5, unitPriceMinor: 1 }]),
    ];
    expect(answers.map((a) => [a.status, a.body.error.code, a.body.error.details[0].field])).toEqual([
      [400, 'VALIDATION_FAILED', 'lines'],
      [400, 'VALIDATION_FAILED', 'lines.0.quantity'],
      [400, 'VALIDATION_FAILED', 'lines.0.unitPriceMinor'],
      [400, 'VALIDATION_FAILED', 'lines.0.quantity'],
    ]);
  });

  it('takes buffers as whole numbers in range', async () => {
    const etag = (await owner.get('/api/v1/storefronts/TTS-US')).headers.get('etag') as string;
    const patch = (body: object) =>
      owner.patch('/api/v1/storefronts/TTS-US', body, { headers: { 'if-match': etag } });
    const refused = [
      await patch({ bufferPercent: 1.5 }),
      await patch({ bufferPercent: 101 }),
      await patch({ bufferUnits: 2 ** 31 }),
    ];
    expect(refused.map((a) => [a.status, a.body.error.details[0].field])).toEqual([
      [400, 'bufferPercent'],
      [400, 'bufferPercent'],
      [400, 'bufferUnits'],
    ]);
    const taken = await patch({ bufferPercent: 15, bufferUnits: LIMITS.bufferUnits });
    expect([taken.status, taken.body.bufferPercent, taken.body.bufferUnits]).toEqual([200, 15, 1_000_000]);
  });

  it('refuses a movement past its size, and a receipt past the level’s ceiling', async () => {
    const tooBig = await owner.post('/api/v1/stock/receive', {
      sku: 'B',
      warehouse: 'TX',
      quantity: 2 ** 31,
    });
    const tooNegative = await owner.post('/api/v1/stock/adjust', {
      sku: 'B',
      warehouse: 'TX',
      delta: -(2 ** 31) - 1,
      reason: 'probe',
    });
    expect([
      [tooBig.status, tooBig.body.error.details[0].field],
      [tooNegative.status, tooNegative.body.error.details[0].field],
    ]).toEqual([
      [400, 'quantity'],
      [400, 'delta'],
    ]);

    const m = { organizationId: seller.org, skuId: seller.sku.B, warehouseId: seller.tx, actor: 'test' };
    await count(server.store, m, LIMITS.onHand);
    const over = await owner.post('/api/v1/stock/receive', { sku: 'B', warehouse: 'TX', quantity: 1 });
    expect([over.status, over.body.error.code]).toEqual([409, 'ABOVE_LIMIT']);
    const level = await owner.get('/api/v1/stock?sku=B&warehouse=TX');
    expect(level.body.items.map((l: { onHand: number }) => l.onHand)).toEqual([LIMITS.onHand]);
  });

  it('holds the ceilings in the database too, for any writer', async () => {
    const past = sql`update stock_levels set on_hand = on_hand + 1 where sku_id = ${seller.sku.B}`;
    await expect(past.execute(server.store.db)).rejects.toThrow(/stock_levels_cap/);
    const fraction = sql`update storefronts set buffer_percent = 1.5 where id = ${seller.us}`;
    // PostgreSQL's integer column refuses 1.5 by rounding it; SQLite would store it, so a trigger refuses it.
    if (engine === 'sqlite')
      await expect(fraction.execute(server.store.db)).rejects.toThrow(/storefronts_buffer_limits/);
    const units = sql`update storefronts set buffer_units = 2000000 where id = ${seller.us}`;
    await expect(units.execute(server.store.db)).rejects.toThrow(/storefronts_buffer_limits/);
  });
});
