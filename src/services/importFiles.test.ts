import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Seller, seedSeller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { receive } from '../store/stockLedger.ts';
import { importOrders } from './importFiles.ts';

/** Importing orders: bad rows are reported with their row and field, and the good ones go in. */
describe.each(engines)('puente import orders on %s', (engine) => {
  let store: TestStore;
  let s: Seller;
  const dir = mkdtempSync(join(tmpdir(), 'puente-import-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  beforeEach(async () => {
    store = await freshStore(engine);
    s = await seedSeller(store);
    await receive(store, { organizationId: s.org, skuId: s.sku.A, warehouseId: s.tx, actor: 'test' }, 50);
  });
  afterEach(async () => {
    await store.dispose();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('skips an order whose paid_at has no offset, or whose currency is not the storefront one', async () => {
    const csv = file(
      'orders.csv',
      [
        'storefront,order_id,paid_at,sku,quantity,unit_price,currency',
        'TTS-MX,M-1,2026-11-25T10:00:00-06:00,A,1,199.00,',
        'TTS-US,U-1,2026-11-25T10:00:00,A,1,9.99,USD',
        'TTS-US,U-2,2026-11-25T10:00:00Z,A,1,9.99,MXN',
        'TTS-US,U-3,2026-11-25T10:00:00Z,A,2,9.99,USD',
      ].join('\n'),
    );
    const report = await importOrders(store, s.org, csv, 'test');
    expect(report.detail).toMatchObject({ reserved: 2 });
    expect(report.problems).toEqual([
      {
        row: 3,
        field: 'paid_at',
        message:
          'not a date and time with its offset, such as 2026-05-22T15:00:00-07:00 ("2026-11-25T10:00:00")',
      },
      { row: 4, field: 'currency', message: 'MXN, but TTS-US sells in USD: order U-2 skipped' },
    ]);
    const stored = await store.db
      .selectFrom('orders')
      .select(['external_id', 'currency'])
      .orderBy('external_id')
      .execute();
    expect(stored).toEqual([
      { external_id: 'M-1', currency: 'MXN' }, // no currency in the file: the storefront's
      { external_id: 'U-3', currency: 'USD' },
    ]);
  });

  it('reports a JSON order without an id and imports the others', async () => {
    const json = file(
      'orders.json',
      JSON.stringify([
        {
          storefront: 'TTS-MX',
          order_id: 'J-1',
          paid_at: '2026-11-25T10:00:00Z',
          lines: [{ sku: 'A', quantity: 1, unit_price: '199.00' }],
        },
        { storefront: 'TTS-MX', paid_at: '2026-11-25T10:00:00Z', lines: [{ sku: 'A', quantity: 1 }] },
        { storefront: 'TTS-MX', order_id: 'J-3', paid_at: '2026-11-25T10:00:00Z', lines: ['A'] },
        {
          storefront: 'TTS-MX',
          order_id: 'J-4',
          paid_at: '2026-11-25T10:00:00Z',
          lines: [{ sku: 'A', quantity: 2 }],
        },
      ]),
    );
    const report = await importOrders(store, s.org, json, 'test');
    expect(report.problems.map((p) => [p.row, p.field])).toEqual([
      [2, 'order_id'],
      [3, 'lines'],
    ]);
    expect(report.detail).toMatchObject({ reserved: 2 });
  });
});
