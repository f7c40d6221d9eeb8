import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Seller, seedSeller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { foldDemandDays } from '../store/demandDays.ts';
import { createShipment } from '../store/inbound.ts';
import { reserveOrders } from '../store/reservations.ts';
import { shipOrder } from '../store/settling.ts';
import { receive } from '../store/stockLedger.ts';
import { skuHistory } from './skuHistory.ts';

/**
 * The Planning chart's history of a SKU: its stock at the end of each UTC day is what the ledger
 * says it was then (not today's figure drawn flat), and inbound shows at its expected date.
 */
describe.each(engines)('a SKU’s history on %s', (engine) => {
  let store: TestStore;
  let s: Seller;
  const now = new Date('2026-11-10T12:00:00Z');

  beforeEach(async () => {
    store = await freshStore(engine);
    s = await seedSeller(store);
  });
  afterEach(() => store.dispose());

  it('walks the stock back day by day, and puts the open shipment at its ETA', async () => {
    const at = { organizationId: s.org, actor: 'test', skuId: s.sku.A, warehouseId: s.tx };
    await receive(store, { ...at, at: '2026-11-03T08:00:00Z' }, 10);
    const [first] = await reserveOrders(
      store,
      [
        {
          organizationId: s.org,
          storefrontId: s.mx,
          externalId: 'O-1',
          paidAt: '2026-11-05T10:00:00Z',
          takenAt: '2026-11-05T10:00:00Z',
          currency: 'MXN',
          lines: [{ skuId: s.sku.A, quantity: 4, unitPriceMinor: 19900 }],
          actor: 'test',
        },
      ],
      s.rule,
    );
    await shipOrder(store, first?.orderId as string, {
      carrier: 'DHL',
      tracking: 'T1',
      actor: 'test',
      shippedAt: '2026-11-07T15:00:00Z',
    });
    await createShipment(store, {
      organizationId: s.org,
      number: 'PO-1',
      supplierId: null,
      warehouseId: s.tx,
      mode: 'sea',
      eta: '2026-12-20',
      actor: 'test',
      lines: [{ skuId: s.sku.A, quantity: 30, unitCostMinor: null, currency: null }],
    });
    await foldDemandDays(store, s.org);

    const h = await skuHistory(store, s.org, 'A', now);
    expect(h?.zone).toBe('UTC');
    const tx = h?.warehouses.find((w) => w.warehouse === 'TX');
    const on = (date: string) => tx?.stock.find((d) => d.date === date);
    expect(on('2026-11-02')).toEqual({ date: '2026-11-02', onHand: 0, available: 0 });
    expect(on('2026-11-04')).toEqual({ date: '2026-11-04', onHand: 10, available: 10 });
    // Paid on the 5th: reserved, still on the shelf until shipped on the 7th.
    expect(on('2026-11-05')).toEqual({ date: '2026-11-05', onHand: 10, available: 6 });
    expect(on('2026-11-07')).toEqual({ date: '2026-11-07', onHand: 6, available: 6 });
    expect(tx?.stock.at(-1)).toEqual({ date: '2026-11-10', onHand: 6, available: 6 });
    expect(tx?.inboundDays).toEqual([{ date: '2026-12-20', quantity: 30, status: 'open' }]);
    expect(h?.days.find((d) => d.date === '2026-11-05')?.units).toBe(4);
  });

  it('answers null for a SKU it does not know', async () => {
    expect(await skuHistory(store, s.org, 'NOPE', now)).toBeNull();
  });
});
