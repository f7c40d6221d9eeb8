import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Seller, seedSeller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { boardPage, lateDispatchRates, scanAlerts, stockReport } from './monitor.ts';
import { reserveOrder, shipOrder } from './reservations.ts';
import { receive } from './stockLedger.ts';

/**
 * The dispatch monitor on a fixed clock: orders paid Mon 2026-05-18 are due Wed 2026-05-20 23:59:59
 * PDT (2026-05-21T06:59:59Z) by the platform, and must leave TX (cut-off 23:59 Central) by Wed
 * 23:59 CDT (2026-05-21T04:59:00Z); orders paid Thu 2026-05-21 are due Tue 2026-05-26 (Memorial
 * Day), TX pickup 2026-05-27T04:59:00Z.
 */
describe.each(engines)('dispatch monitor and low stock on %s', (engine) => {
  let store: TestStore;
  let s: Seller;
  beforeEach(async () => {
    store = await freshStore(engine);
    s = await seedSeller(store);
    await receive(store, { organizationId: s.org, skuId: s.sku.A, warehouseId: s.tx, actor: 'test' }, 30);
  });
  afterEach(() => store.dispose());

  const place = (externalId: string, paidAt: string, quantity = 1) =>
    reserveOrder(
      store,
      {
        organizationId: s.org,
        storefrontId: s.mx,
        externalId,
        paidAt,
        takenAt: paidAt,
        currency: 'MXN',
        lines: [{ skuId: s.sku.A, quantity, unitPriceMinor: 19900 }],
        actor: 'test',
      },
      s.rule,
    );

  it('pages open orders by operational deadline and says which are late and at risk', async () => {
    await place('LATE', '2026-05-18T17:00:00Z');
    await place('LATER', '2026-05-21T17:00:00Z', 2);
    const now = new Date('2026-05-21T10:00:00Z'); // LATE had to leave TX 5 h ago
    const board = await boardPage(store, s.org, now, { after: null, limit: 10 });
    expect(board.map((o) => [o.externalId, o.state, o.dueBy, o.warehouse?.code, o.lines])).toEqual([
      [
        'LATE',
        'late',
        { at: '2026-05-21T04:59:00Z', kind: 'operational' },
        'TX',
        [{ sku: 'A', quantity: 1 }],
      ],
      [
        'LATER',
        'on_time',
        { at: '2026-05-27T04:59:00Z', kind: 'operational' },
        'TX',
        [{ sku: 'A', quantity: 2 }],
      ],
    ]);
    expect(board[0]).toMatchObject({ shipBy: '2026-05-21T06:59:59Z', operationalBy: '2026-05-21T04:59:00Z' });
    // The next page starts after the last (operational deadline, id) seen.
    const [first] = await boardPage(store, s.org, now, { after: null, limit: 1 });
    const second = await boardPage(store, s.org, now, {
      after: [first?.operationalBy as string, first?.id as string],
      limit: 1,
    });
    expect(second.map((o) => o.externalId)).toEqual(['LATER']);
    const soon = await boardPage(store, s.org, new Date('2026-05-26T20:00:00Z'), {
      dueBefore: new Date('2026-05-27T08:00:00Z'),
      after: null,
      limit: 10,
    });
    expect(soon.map((o) => [o.externalId, o.state])).toEqual([
      ['LATE', 'late'],
      ['LATER', 'at_risk'],
    ]);
    expect(await boardPage(store, s.org, now, { warehouseId: s.ca, after: null, limit: 10 })).toEqual([]);
  });

  it('shows an order waiting for stock as such, due by the platform deadline, with its shortfall', async () => {
    await place('BIG', '2026-05-18T17:00:00Z', 31);
    const [row] = await boardPage(store, s.org, new Date('2026-05-19T10:00:00Z'), {
      status: 'awaiting_stock',
      after: null,
      limit: 10,
    });
    expect(row).toMatchObject({
      externalId: 'BIG',
      state: 'awaiting_stock',
      dueBy: { at: '2026-05-21T06:59:59Z', kind: 'platform' },
      lines: [{ sku: 'A', quantity: 31 }],
    });
    expect(await boardPage(store, s.org, new Date(), { status: 'reserved', after: null, limit: 10 })).toEqual(
      [],
    );
  });

  it('computes the late-dispatch rate per storefront and warehouse over the window', async () => {
    const orders = await Promise.all(['A1', 'A2', 'A3', 'A4'].map((id) => place(id, '2026-05-18T17:00:00Z')));
    // Three shipped in time; one still open and past due.
    for (const o of orders.slice(0, 3)) {
      await shipOrder(store, o.orderId, {
        carrier: 'UPS',
        tracking: o.orderId,
        actor: 'test',
        shippedAt: '2026-05-20T18:00:00Z',
      });
    }
    const rates = await lateDispatchRates(store, s.org, new Date('2026-05-22T00:00:00Z'));
    expect(rates.map((r) => [r.days, r.by, r.code, r.due, r.late, r.level])).toEqual([
      [7, 'storefront', 'TTS-MX', 4, 1, 'penalty'],
      [7, 'warehouse', 'TX', 4, 1, 'penalty'],
      [30, 'storefront', 'TTS-MX', 4, 1, 'penalty'],
      [30, 'warehouse', 'TX', 4, 1, 'penalty'],
    ]);
  });

  it('opens alerts for at-risk and late orders and resolves them when the order ships', async () => {
    const o = await place('RISKY', '2026-05-18T17:00:00Z');
    await scanAlerts(store, s.org, new Date('2026-05-21T00:00:00Z')); // 5 h left: at risk
    await scanAlerts(store, s.org, new Date('2026-05-21T01:00:00Z')); // again: still one alert
    let alerts = await store.db
      .selectFrom('alerts')
      .select(['kind', 'state'])
      .where('kind', 'like', 'ship_by%')
      .execute();
    expect(alerts).toEqual([{ kind: 'ship_by_at_risk', state: 'open' }]);
    await scanAlerts(store, s.org, new Date('2026-05-21T08:00:00Z')); // past due: late, at-risk resolved
    alerts = await store.db
      .selectFrom('alerts')
      .select(['kind', 'state'])
      .where('kind', 'like', 'ship_by%')
      .orderBy('created_at')
      .execute();
    expect(alerts).toEqual([
      { kind: 'ship_by_at_risk', state: 'resolved' },
      { kind: 'ship_by_late', state: 'open' },
    ]);
    await shipOrder(store, o.orderId, { carrier: 'UPS', tracking: '1Z', actor: 'test' });
    await scanAlerts(store, s.org, new Date('2026-05-21T09:00:00Z'));
    const open = await store.db
      .selectFrom('alerts')
      .select('kind')
      .where('state', '=', 'open')
      .where('kind', 'like', 'ship_by%')
      .execute();
    expect(open).toEqual([]);
  });

  it('scans incrementally: a deadline crossing and a shipment since the last run are seen', async () => {
    const risky = await place('RISKY', '2026-05-18T17:00:00Z'); // leaves TX by 04:59Z
    await place('CALM', '2026-05-21T17:00:00Z');
    const openShipAlerts = () =>
      store.db
        .selectFrom('alerts')
        .select(['kind', 'subject'])
        .where('state', '=', 'open')
        .where('kind', 'like', 'ship_by%')
        .execute();
    const at = (t: string) => scanAlerts(store, s.org, new Date(`2026-05-21T${t}:00Z`));
    const runs = [await at('04:30')];
    expect(await openShipAlerts()).toEqual([{ kind: 'ship_by_at_risk', subject: `order:${risky.orderId}` }]);
    runs.push(await at('04:40'));
    runs.push(await at('05:00')); // 04:59 fell between the runs: late now
    expect(await openShipAlerts()).toEqual([{ kind: 'ship_by_late', subject: `order:${risky.orderId}` }]);
    await shipOrder(store, risky.orderId, { carrier: 'UPS', tracking: '1Z', actor: 'test' });
    runs.push(await at('05:10'));
    expect(await openShipAlerts()).toEqual([]);
    expect(runs.map((r) => [r.full, r.raised])).toEqual([
      [true, 1],
      [false, 0],
      [false, 1],
      [false, 0],
    ]);
  });

  it('[P14] raises low stock when days of cover fall below the lead time, and resolves it on restock', async () => {
    // 28 units ordered in 14 days: 2 a day. 30 − 28 = 2 available: 1 day of cover < 14-day lead time.
    for (let i = 0; i < 14; i++)
      await place(`P-${i}`, `2026-05-${String(8 + i).padStart(2, '0')}T17:00:00Z`, 2);
    const now = new Date('2026-05-22T12:00:00Z');
    const [row] = await stockReport(store, s.org, now);
    expect(row).toMatchObject({
      sku: 'A',
      warehouse: 'TX',
      onHand: 30,
      reserved: 28,
      available: 2,
      orderedLast14Days: 28,
      daysOfCover: 1,
      leadTimeDays: 14,
      low: true,
    });
    await scanAlerts(store, s.org, now);
    expect(
      await store.db
        .selectFrom('alerts')
        .select(['kind', 'state', 'message'])
        .where('kind', '=', 'low_stock')
        .execute(),
    ).toEqual([
      {
        kind: 'low_stock',
        state: 'open',
        message: 'A in TX: 2 available, 1.0 days of cover at 2.0/day, below the 14-day lead time',
      },
    ]);
    await receive(store, { organizationId: s.org, skuId: s.sku.A, warehouseId: s.tx, actor: 'test' }, 100);
    await scanAlerts(store, s.org, now);
    expect(
      await store.db.selectFrom('alerts').select('state').where('kind', '=', 'low_stock').execute(),
    ).toEqual([{ state: 'resolved' }]);
  });
});
