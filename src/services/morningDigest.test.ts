import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Seller, seedSeller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { digestPlainText } from '../channels/digest/digestFormats.ts';
import { digestView } from '../channels/digest/digestView.ts';
import { deadlineState, lateDispatchRate } from '../domain/dispatch/dispatchStatus.ts';
import { dueToday } from '../domain/dispatch/dueToday.ts';
import { warehouseClock } from '../domain/dispatch/operationalDeadline.ts';
import { raiseAlert } from '../store/alerts.ts';
import { reserveOrders, shipOrder } from '../store/reservations.ts';
import { listWarehouses, updateWarehouse } from '../store/settings.ts';
import { receive } from '../store/stockLedger.ts';
import { inTransaction } from '../store/transaction.ts';
import { NotFound } from './lookups.ts';
import { morningDigest } from './morningDigest.ts';

/**
 * The morning digest of a warehouse at a fixed instant, on a seeded store: its figures are the
 * dashboard's own definitions (`dueToday`, `deadlineState`, `lateDispatchRate`) applied to the same
 * orders, and its Chinese text is what a Shenzhen team reads at 07:00 in Dallas.
 *
 * The seller: TX (Dallas, 16:00 Central truck) holds 12 earbuds (A); CA (17:00 Pacific) holds
 * cables (B). Twenty orders for one earbud each were paid every 9 hours from Friday 20 November:
 * the first twelve are reserved in TX, the rest wait for stock. Four early ones shipped, one of them
 * after its deadline. A stock refusal from TikTok Shop came in overnight; a tracking refusal two
 * days ago is outside the last day.
 */
const NOW = new Date('2026-11-25T13:00:00Z'); // Wednesday 07:00 CST, the day before Thanksgiving
const BASE = 'https://puente.example.com';

describe.each(engines)('the morning digest on %s', (engine) => {
  let store: TestStore;
  let s: Seller;
  beforeEach(async () => {
    store = await freshStore(engine);
    s = await seedSeller(store);
    await updateWarehouse(store, s.org, 'TX', { cutoff: '16:00' }, null, { actor: 'test' });
    await updateWarehouse(store, s.org, 'CA', { cutoff: '17:00' }, null, { actor: 'test' });
    const at = { organizationId: s.org, actor: 'test' };
    await receive(store, { ...at, skuId: s.sku.A, warehouseId: s.tx }, 12);
    await receive(store, { ...at, skuId: s.sku.B, warehouseId: s.ca }, 40);
    const start = Date.parse('2026-11-20T15:00:00Z');
    const outcomes = await reserveOrders(
      store,
      Array.from({ length: 20 }, (_, i) => {
        const paidAt = new Date(start + i * 9 * 3_600_000).toISOString();
        return {
          organizationId: s.org,
          storefrontId: s.mx,
          externalId: `MX-${100 + i}`,
          paidAt,
          takenAt: paidAt,
          currency: 'MXN',
          lines: [{ skuId: s.sku.A, quantity: 1, unitPriceMinor: 19900 }],
          actor: 'test',
        };
      }),
      s.rule,
    );
    expect(outcomes.filter((o) => o.status === 'reserved')).toHaveLength(12);
    // Three shipped well before their deadline, one (MX-103) a day after it.
    const byExternal = await store.db
      .selectFrom('orders')
      .select(['id', 'external_id', 'ship_by'])
      .where('organization_id', '=', s.org)
      .execute();
    const order = (id: string) => byExternal.find((o) => o.external_id === id) as (typeof byExternal)[number];
    for (const id of ['MX-100', 'MX-101', 'MX-102'])
      await shipOrder(store, order(id).id, {
        carrier: 'UPS',
        tracking: `1Z${id}`,
        actor: 'test',
        shippedAt: new Date(Date.parse(order(id).ship_by as string) - 3_600_000).toISOString(),
      });
    await shipOrder(store, order('MX-103').id, {
      carrier: 'UPS',
      tracking: '1ZMX-103',
      actor: 'test',
      shippedAt: new Date(Date.parse(order('MX-103').ship_by as string) + 86_400_000).toISOString(),
    });
    await inTransaction(store, async (trx) => {
      await raiseAlert(trx, {
        organizationId: s.org,
        kind: 'sync_failure',
        subject: `tiktok-stock:${s.mx}:A`,
        severity: 'warning',
        message: 'TikTok Shop refused the stock of A: 12052700 inventory is locked',
        data: {},
      });
      await raiseAlert(trx, {
        organizationId: s.org,
        kind: 'sync_failure',
        subject: 'tiktok-tracking:some-order',
        severity: 'warning',
        message: 'TikTok Shop refused the tracking of order MX-90 (UPS 1Z9): invalid tracking number',
        data: {},
      });
    });
    // The alerts as they stood at NOW: one from 03:10 CST today, one from two days before.
    await store.db
      .updateTable('alerts')
      .set({ updated_at: '2026-11-25T09:10:00.000Z', created_at: '2026-11-25T09:10:00.000Z' })
      .where('subject', 'like', 'tiktok-stock:%')
      .execute();
    await store.db
      .updateTable('alerts')
      .set({ updated_at: '2026-11-23T09:10:00.000Z', created_at: '2026-11-23T09:10:00.000Z' })
      .where('subject', 'like', 'tiktok-tracking:%')
      .execute();
  });
  afterEach(() => store.dispose());

  const digestOf = (warehouse: string, now = NOW) =>
    morningDigest(store, { organizationId: s.org, warehouse, now, baseUrl: BASE });

  it("counts what the dashboard's definitions count, for the warehouse's queue only", async () => {
    const d = await digestOf('TX');
    const orders = await store.db
      .selectFrom('orders')
      .selectAll()
      .where('organization_id', '=', s.org)
      .execute();
    const open = orders.filter((o) => o.status === 'reserved' || o.status === 'awaiting_stock');
    const warehouses = await listWarehouses(store, s.org);
    const [tx] = dueToday(
      open.map((o) => ({
        status: o.status as 'reserved' | 'awaiting_stock',
        warehouseId: o.warehouse_id,
        operationalBy: o.operational_by,
      })),
      warehouses
        .filter((w) => w.code === 'TX')
        .map((w) => ({ id: w.id, code: w.code, clock: warehouseClock(w) })),
      NOW,
    );
    expect(d.shipToday).toEqual({
      count: tx?.count,
      nextPickup: tx?.nextPickup,
      link: `${BASE}/orders?warehouse=TX`,
    });

    const judged = open
      .filter((o) => o.warehouse_id === s.tx && o.status === 'reserved')
      .sort(
        (a, b) =>
          Date.parse(a.operational_by as string) - Date.parse(b.operational_by as string) ||
          a.external_id.localeCompare(b.external_id),
      )
      .map((o) => ({
        id: o.external_id,
        ...deadlineState(
          { status: 'reserved', shipBy: o.ship_by, operationalBy: o.operational_by },
          NOW,
          d.deadlines.atRiskHours,
        ),
      }));
    const urgent = judged.filter((x) => x.state === 'late' || x.state === 'at_risk');
    expect([d.deadlines.late, d.deadlines.atRisk]).toEqual([
      urgent.filter((x) => x.state === 'late').length,
      urgent.filter((x) => x.state === 'at_risk').length,
    ]);
    expect(urgent.length).toBeGreaterThan(0);
    expect(d.deadlines.orders.map((o) => [o.externalId, o.state, o.dueBy])).toEqual(
      urgent.map((x) => [x.id, x.state, x.dueBy]),
    );

    const waiting = open.filter((o) => o.status === 'awaiting_stock' && o.warehouse_id === s.tx);
    expect(waiting).toHaveLength(8);
    expect(d.awaitingStock).toMatchObject({
      orders: 8,
      units: 8,
      late: waiting.filter((o) => Date.parse(o.ship_by as string) < NOW.getTime()).length,
      link: `${BASE}/orders?warehouse=TX&status=awaiting_stock`,
    });
    expect(d.awaitingStock.list.map((o) => o.externalId)).toEqual(
      waiting
        .sort(
          (a, b) =>
            Date.parse(a.ship_by as string) - Date.parse(b.ship_by as string) ||
            a.external_id.localeCompare(b.external_id),
        )
        .map((o) => o.external_id),
    );
    expect(d.awaitingStock.list[0]?.shortfalls).toEqual([{ sku: 'A', wanted: 1, available: 0 }]);

    for (const days of [7, 30]) {
      const inWindow = orders.filter(
        (o) =>
          o.warehouse_id === s.tx &&
          o.ship_by &&
          Date.parse(o.ship_by) >= NOW.getTime() - days * 86_400_000 &&
          ['reserved', 'awaiting_stock', 'shipped', 'delivered'].includes(o.status),
      );
      const expected = lateDispatchRate(
        inWindow.map((o) => ({ shipBy: o.ship_by as string, shippedAt: o.shipped_at })),
        NOW,
      );
      expect(d.lateDispatch.windows.find((w) => w.days === days)).toEqual({ days, ...expected });
    }
    expect(d.lateDispatch).toMatchObject({ warning: 0.04, limit: 0.1, link: `${BASE}/` });

    // Twelve earbuds, all reserved: none available, selling about two a day.
    expect(d.lowStock.total).toBe(1);
    expect(d.lowStock.items).toEqual([
      { sku: 'A', title: 'Wireless earbuds', available: 0, inbound: 0, daysOfCover: 0, leadTimeDays: 14 },
    ]);

    expect(d.syncErrors.total).toBe(1);
    expect(d.syncErrors.items).toEqual([
      {
        source: 'stock',
        severity: 'warning',
        state: 'open',
        message: 'TikTok Shop refused the stock of A: 12052700 inventory is locked',
        at: '2026-11-25T09:10:00.000Z',
      },
    ]);
    expect(d.syncErrors.since).toBe('2026-11-24T13:00:00.000Z');
  });

  it('says nothing of another queue: CA has no earbud orders and nothing waiting', async () => {
    const d = await digestOf('CA');
    expect(d.warehouse).toEqual({ code: 'CA', name: 'Ontario CA', timeZone: 'America/Los_Angeles' });
    expect([d.shipToday.count, d.deadlines.late, d.deadlines.atRisk, d.awaitingStock.orders]).toEqual([
      0, 0, 0, 0,
    ]);
    expect(d.lowStock.total).toBe(0);
    expect(d.lateDispatch.windows).toEqual([]);
  });

  it('refuses a warehouse that does not exist, naming it', async () => {
    await expect(digestOf('NV')).rejects.toThrowError(NotFound);
    await expect(digestOf('NV')).rejects.toThrow('no warehouse NV');
  });

  it('reads right in Chinese, every time in Central time with its zone named', async () => {
    const text = digestPlainText(digestView(await digestOf('TX'), 'zh'));
    expect(text).toMatchInlineSnapshot(`
      "TX 仓库早报 · 2026年11月25日 星期三

      时间均按仓库所在时区：America/Chicago（CST）。

      ! 今日待发
        6 单须在下次揽收（16:00 CST）前发出
        → https://puente.example.com/orders?warehouse=TX

      ‼ 已超时与临近超时
        已超时 4 单，临近超时 2 单（12 小时内到达运营截止）
          • MX-104 · TTS-MX · 已超时 · 运营截止 11月24日 16:00 CST
          • MX-105 · TTS-MX · 已超时 · 运营截止 11月24日 16:00 CST
          • MX-106 · TTS-MX · 已超时 · 运营截止 11月24日 16:00 CST
          • MX-107 · TTS-MX · 已超时 · 运营截止 11月24日 16:00 CST
          • MX-108 · TTS-MX · 临近超时 · 运营截止 16:00 CST
          • MX-109 · TTS-MX · 临近超时 · 运营截止 16:00 CST
        → https://puente.example.com/orders?warehouse=TX&status=reserved

      ! 等待到货
        8 单等待到货（共 8 件）
          • MX-112 · TTS-MX · 平台截止 11月28日 01:59 CST · 缺 A ×1（可用 0）
          • MX-113 · TTS-MX · 平台截止 12月1日 01:59 CST · 缺 A ×1（可用 0）
          • MX-114 · TTS-MX · 平台截止 12月1日 01:59 CST · 缺 A ×1（可用 0）
          • MX-115 · TTS-MX · 平台截止 12月1日 01:59 CST · 缺 A ×1（可用 0）
          • MX-116 · TTS-MX · 平台截止 12月1日 01:59 CST · 缺 A ×1（可用 0）
          • MX-117 · TTS-MX · 平台截止 12月1日 01:59 CST · 缺 A ×1（可用 0）
          • MX-118 · TTS-MX · 平台截止 12月2日 01:59 CST · 缺 A ×1（可用 0）
          • MX-119 · TTS-MX · 平台截止 12月2日 01:59 CST · 缺 A ×1（可用 0）
        → https://puente.example.com/orders?warehouse=TX&status=awaiting_stock

      ‼ 延迟发货率
        请保持在 4% 以下；超过 10% 时，平台将限制店铺。
          • 近 7 天：62.5%（8 单中延迟 5 单），已超过 10% 上限
          • 近 30 天：62.5%（8 单中延迟 5 单），已超过 10% 上限
        → https://puente.example.com/

      ‼ 低库存
        1 个 SKU 的可售天数低于补货周期
          • A Wireless earbuds：可用 0，可售 0 天（补货周期 14 天）
        → https://puente.example.com/inventory?low=1

      ! 近 24 小时同步失败
        自 11月24日 07:00 CST 起共 1 次同步失败
          • 03:10 CST · 库存推送被拒 · 待处理：TikTok Shop refused the stock of A: 12052700 inventory is locked
        → https://puente.example.com/alerts?kind=sync_failure
      "
    `);
  });
});
