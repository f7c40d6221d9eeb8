import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Seller, seedSeller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { demandSince } from '../store/demandDays.ts';
import { receive } from '../store/stockLedger.ts';
import { importOrders } from './importFiles.ts';

/**
 * A history replayed into a fresh database: orders with past payment times, some already shipped
 * (status and ship time) or cancelled, go in as they were, and the demand days follow them.
 */
describe.each(engines)('puente import orders, a history, on %s', (engine) => {
  let store: TestStore;
  let s: Seller;
  const dir = mkdtempSync(join(tmpdir(), 'puente-history-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  beforeEach(async () => {
    store = await freshStore(engine);
    s = await seedSeller(store);
    await receive(
      store,
      { organizationId: s.org, skuId: s.sku.A, warehouseId: s.tx, actor: 'test', at: '2026-09-01T00:00:00Z' },
      10,
    );
  });
  afterEach(() => store.dispose());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const orders = async () =>
    (
      await store.db
        .selectFrom('orders')
        .select(['external_id', 'status', 'shipped_at', 'carrier', 'created_at'])
        .orderBy('external_id')
        .execute()
    ).map((o) => `${o.external_id} ${o.status} ${o.shipped_at ?? '-'} ${o.carrier ?? '-'} ${o.created_at}`);

  it('stores shipped and cancelled orders as they ended, at their own times', async () => {
    const csv = file(
      'history.csv',
      [
        'storefront,order_id,paid_at,sku,quantity,unit_price,status,shipped_at,carrier,tracking',
        'TTS-MX,H-1,2026-09-02T10:00:00Z,A,2,199.00,shipped,2026-09-03T15:00:00Z,Estafeta,E1',
        'TTS-MX,H-2,2026-09-02T11:00:00Z,A,1,199.00,cancelled,,,',
        'TTS-US,H-3,2026-09-03T09:00:00Z,A,3,9.99,,2026-09-04T16:00:00Z,UPS,1Z3',
        'TTS-US,H-4,2026-09-04T09:00:00Z,A,1,9.99,paid,,,',
      ].join('\n'),
    );
    const report = await importOrders(store, s.org, csv, 'test');
    expect(report.problems).toEqual([]);
    expect(report.detail).toMatchObject({ reserved: 4, shipped: 2, cancelled: 1 });
    expect(await orders()).toEqual([
      'H-1 shipped 2026-09-03T15:00:00.000Z Estafeta 2026-09-02T10:00:00.000Z',
      'H-2 cancelled - - 2026-09-02T11:00:00.000Z',
      'H-3 shipped 2026-09-04T16:00:00.000Z UPS 2026-09-03T09:00:00.000Z',
      'H-4 reserved - - 2026-09-04T09:00:00.000Z',
    ]);
    const days = (await demandSince(store.db, s.org, '2026-09-01')).map((d) => `${d.day} ${d.units}`).sort();
    expect(days).toEqual(['2026-09-02 2', '2026-09-03 3', '2026-09-04 1']);
    // What shipped left the shelf; what is open is still reserved.
    const level = await store.db
      .selectFrom('stock_levels')
      .select(['on_hand', 'reserved'])
      .where('sku_id', '=', s.sku.A)
      .where('warehouse_id', '=', s.tx)
      .executeTakeFirstOrThrow();
    expect([level.on_hand, level.reserved]).toEqual([5, 1]);
  });

  it('names the row and field of a bad status or ship time', async () => {
    const csv = file(
      'bad.csv',
      [
        'storefront,order_id,paid_at,sku,quantity,status,shipped_at',
        'TTS-MX,B-1,2026-09-02T10:00:00Z,A,1,lost,',
        'TTS-MX,B-2,2026-09-02T10:00:00Z,A,1,shipped,',
        'TTS-MX,B-3,2026-09-02T10:00:00Z,A,1,shipped,2026-09-01T10:00:00Z',
        'TTS-MX,B-4,2026-09-02T10:00:00Z,A,1,,yesterday',
      ].join('\n'),
    );
    const report = await importOrders(store, s.org, csv, 'test');
    expect(report.problems.map((p) => `${p.row} ${p.field}: ${p.message}`)).toEqual([
      '2 status: not an order status: paid, shipped or cancelled ("lost")',
      '3 shipped_at: required, but empty',
      '4 shipped_at: shipped before it was paid ("2026-09-01T10:00:00Z")',
      '5 shipped_at: not a date and time with its offset, such as 2026-05-22T15:00:00-07:00 ("yesterday")',
    ]);
    expect(report.imported).toBe(0);
  });
});
