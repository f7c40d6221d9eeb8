/**
 * One lock order, no deadlocks (issue 8): batches of 64 orders and receipts run at the same time
 * over the same SKUs, each batch placing its orders in another order of SKUs. Locked row by row,
 * order by order, two such batches wait for each other in a cycle and PostgreSQL kills one
 * (40P01). Each batch takes all its rows first, sorted once (lockStock.ts): they queue instead, and
 * the retry counter stays at 0. Nothing is oversold, and the ledger adds up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateOrder } from '../src/domain/stock/allocateOrder.ts';
import { stockRetries } from '../src/store/lockStock.ts';
import { type OrderInput, type OrderOutcome, reserveOrders } from '../src/store/reservations.ts';
import { receive } from '../src/store/stockLedger.ts';
import { verifyLedger } from '../src/store/verify.ts';
import { type Seller, seedSeller } from './support/seller.ts';
import { engines, freshStore, type TestStore } from './support/stores.ts';

const BATCHES = 8;
const PER_BATCH = 64;
const SKUS = ['A', 'B', 'C'] as const;

describe.each(engines)('concurrent batches over the same SKUs, %s', (engine) => {
  let store: TestStore;
  let s: Seller;
  const outcomes: OrderOutcome[] = [];
  const before = { ...stockRetries };

  beforeAll(async () => {
    store = await freshStore(engine, { poolSize: BATCHES + 2 });
    s = await seedSeller(store, { mxAllowSplit: true });
    for (const sku of SKUS) {
      await receive(store, { organizationId: s.org, skuId: s.sku[sku], warehouseId: s.tx, actor: 't' }, 60);
      await receive(store, { organizationId: s.org, skuId: s.sku[sku], warehouseId: s.ca, actor: 't' }, 40);
    }
    Object.assign(before, stockRetries);
    // Batch b places one-SKU orders rotating A, B, C from SKU b: the first order of each batch
    // takes another SKU's rows than its neighbour's first order does.
    const batch = (b: number): OrderInput[] =>
      Array.from({ length: PER_BATCH }, (_, i) => {
        const sku = SKUS[(b + i) % SKUS.length] as (typeof SKUS)[number];
        const other = SKUS[(b + i + 1) % SKUS.length] as (typeof SKUS)[number];
        return {
          organizationId: s.org,
          storefrontId: i % 2 ? s.us : s.mx,
          externalId: `B${b}-${i}`,
          paidAt: `2026-05-22T1${i % 10}:00:00Z`,
          currency: i % 2 ? 'USD' : 'MXN',
          lines: [
            { skuId: s.sku[sku], quantity: 1, unitPriceMinor: 1000 },
            ...(i % 3 === 0 ? [{ skuId: s.sku[other], quantity: 1, unitPriceMinor: 1000 }] : []),
          ],
          actor: `batch-${b}`,
        };
      });
    const receipts = SKUS.map((sku, i) =>
      receive(
        store,
        { organizationId: s.org, skuId: s.sku[sku], warehouseId: i % 2 ? s.tx : s.ca, actor: 'dock' },
        30,
      ),
    );
    const results = await Promise.all([
      ...Array.from({ length: BATCHES }, (_, b) => reserveOrders(store, batch(b), s.rule)),
      ...receipts,
    ]);
    for (const r of results.slice(0, BATCHES)) outcomes.push(...(r as OrderOutcome[]));
  }, 120_000);
  afterAll(() => store?.dispose());

  it('runs every batch once: no deadlock, no lost race, nothing retried', () => {
    expect(outcomes).toHaveLength(BATCHES * PER_BATCH);
    expect({
      deadlock: stockRetries.deadlock - before.deadlock,
      serialization: stockRetries.serialization - before.serialization,
      raced: stockRetries.raced - before.raced,
    }).toEqual({ deadlock: 0, serialization: 0, raced: 0 });
  });

  it('oversells nothing: reserved units are those of the reserved orders, within stock', async () => {
    const levels = await store.db.selectFrom('stock_levels').selectAll().execute();
    for (const l of levels) expect(Number(l.reserved)).toBeLessThanOrEqual(Number(l.on_hand));
    const held = await store.db
      .selectFrom('reservations as r')
      .innerJoin('orders as o', 'o.id', 'r.order_id')
      .select((eb) => eb.fn.sum<number>('r.quantity').as('units'))
      .where('o.status', '=', 'reserved')
      .executeTakeFirstOrThrow();
    expect(Number(held.units)).toBe(levels.reduce((n, l) => n + Number(l.reserved), 0));
    // 130 of each SKU in stock (100 + 30 received during the run), demand above that for each.
    expect(levels.reduce((n, l) => n + Number(l.on_hand), 0)).toBe(3 * 130);
    expect(await verifyLedger(store)).toEqual([]);
  });

  it('leaves no order waiting that the stock could fill now (arrivals served the waiting orders)', async () => {
    const rows = await store.db
      .selectFrom('orders as o')
      .innerJoin('order_lines as l', 'l.order_id', 'o.id')
      .innerJoin('storefronts as sf', 'sf.id', 'o.storefront_id')
      .select(['o.id', 'sf.allow_split', 'l.sku_id', 'l.quantity'])
      .where('o.status', '=', 'awaiting_stock')
      .execute();
    const levels = await store.db.selectFrom('stock_levels').selectAll().execute();
    // Both storefronts draw on Texas first, then California.
    const snapshot = [s.tx, s.ca].map((w) => ({
      warehouseId: w,
      available: new Map(
        levels
          .filter((l) => l.warehouse_id === w)
          .map((l) => [l.sku_id, Number(l.on_hand) - Number(l.reserved)]),
      ),
    }));
    const waiting = new Map<string, { split: boolean; lines: { skuId: string; quantity: number }[] }>();
    for (const r of rows) {
      const o = waiting.get(r.id) ?? { split: r.allow_split === 1, lines: [] };
      o.lines.push({ skuId: r.sku_id, quantity: Number(r.quantity) });
      waiting.set(r.id, o);
    }
    expect(waiting.size).toBeGreaterThan(0);
    const fillable = [...waiting].filter(([, o]) => allocateOrder(o.lines, snapshot, o.split).ok);
    expect(fillable).toEqual([]);
  });
});
