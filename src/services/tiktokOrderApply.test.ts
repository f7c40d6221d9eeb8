import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Seller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { type demoFake, fakeDeps, type TikTokFake } from '../../test/support/tiktokFake.ts';
import { sellerOnTikTok } from '../../test/support/tiktokSeller.ts';
import type { TikTokOrder } from '../channels/tiktok/tiktokApi.ts';
import { scanAlerts } from '../store/alertScan.ts';
import { boardPage } from '../store/dispatchBoard.ts';
import { upsertSkus } from '../store/entities.ts';
import { verifyOrderCounts } from '../store/orderCounts.ts';
import { shipOrder } from '../store/settling.ts';
import { receive } from '../store/stockLedger.ts';
import { applyTikTokOrders, emptyApplySummary, reapplyStoredOrders } from './tiktokOrderApply.ts';
import { pullTikTokOrders } from './tiktokOrderPull.ts';
import type { TikTokDeps } from './tiktokSession.ts';

/**
 * TikTok orders into Puente on both engines, against the fake: each TikTok order is one Puente
 * order with the right status and reservations, whichever way and however often it arrives.
 */
describe.each(engines)('applying TikTok orders on %s', (engine) => {
  let store: TestStore;
  let env: ReturnType<typeof demoFake>;
  let fake: TikTokFake;
  let seller: Seller;
  const deps: TikTokDeps = fakeDeps();
  // A window ends before its `to` second: polls run two seconds after the fake's orders change.
  const later: TikTokDeps = { ...deps, now: () => new Date(Date.now() + 2000) };

  beforeAll(async () => {
    store = await freshStore(engine);
  });
  afterAll(() => store?.dispose());
  beforeEach(async () => {
    ({ seller, env, fake } = await sellerOnTikTok(store, deps, ['A', 'B', 'C', 'NEW-1']));
  });
  afterEach(() => fake.close());

  const ctx = () => ({ storefrontId: seller.us, actor: 'tiktok:test' });
  const poll = async () => {
    const summary = emptyApplySummary();
    await pullTikTokOrders(store, later, {
      storefrontId: seller.us,
      apply: async (orders) => void (await applyTikTokOrders(store, ctx(), orders, summary)),
    });
    return summary;
  };
  /** The fake's order as TikTok would answer it now (a copy: later changes do not reach it). */
  const snapshot = (id: string) => structuredClone(env.us.orders.get(id)) as unknown as TikTokOrder;
  const orderOf = (externalId: string) =>
    store.db
      .selectFrom('orders')
      .selectAll()
      .where('storefront_id', '=', seller.us)
      .where('external_id', '=', externalId)
      .execute();
  const reservedA = async () =>
    Number(
      (
        await store.db
          .selectFrom('stock_levels')
          .select('reserved')
          .where('sku_id', '=', seller.sku.A)
          .where('warehouse_id', '=', seller.tx)
          .executeTakeFirstOrThrow()
      ).reserved,
    );

  it('takes 150 orders over two pages with awkward page tokens once, and a second poll changes nothing', async () => {
    for (let i = 0; i < 150; i++) fake.addOrder(env.us, { lines: [{ sellerSku: 'A', units: 1 }] });
    const first = await poll();
    expect(first).toMatchObject({ new: 150, failed: [] });
    const again = await poll();
    expect(again).toMatchObject({ new: 0, updated: 0, unchanged: 150 });
    const rows = await store.db
      .selectFrom('orders')
      .select(['status'])
      .where('storefront_id', '=', seller.us)
      .execute();
    expect(rows).toHaveLength(150);
    expect(rows.filter((r) => r.status === 'reserved')).toHaveLength(5);
    expect(rows.filter((r) => r.status === 'awaiting_stock')).toHaveLength(145);
    expect(await reservedA()).toBe(5);
  });

  it('groups line items by seller SKU: three A items are one line of three units', async () => {
    const o = fake.addOrder(env.us, { lines: [{ sellerSku: 'A', units: 3, price: '4.50' }] });
    await applyTikTokOrders(store, ctx(), [snapshot(o.id)]);
    const [order] = await orderOf(o.id);
    const lines = await store.db
      .selectFrom('order_lines')
      .selectAll()
      .where('order_id', '=', order?.id ?? '')
      .execute();
    expect(lines).toMatchObject([{ sku_id: seller.sku.A, quantity: 3, unit_price_minor: 450 }]);
    expect(await reservedA()).toBe(3);
  });

  it('applies a cancel that arrives before its paid order: stored cancelled, nothing reserved', async () => {
    const o = fake.addOrder(env.us, { lines: [{ sellerSku: 'A', units: 2 }] });
    const paid = snapshot(o.id);
    fake.setOrderStatus(o, 'CANCELLED');
    const cancelled = snapshot(o.id);
    expect(await applyTikTokOrders(store, ctx(), [cancelled])).toMatchObject({ cancelled: 1 });
    expect(await applyTikTokOrders(store, ctx(), [paid])).toMatchObject({ unchanged: 1 });
    expect((await orderOf(o.id)).map((r) => r.status)).toEqual(['cancelled']);
    expect(await reservedA()).toBe(0);
  });

  it('reserves an ON_HOLD order as on_hold, which cannot ship until the hold ends; a cancel then releases once', async () => {
    const o = fake.addOrder(env.us, { lines: [{ sellerSku: 'A', units: 2 }], status: 'ON_HOLD' });
    await applyTikTokOrders(store, ctx(), [snapshot(o.id)]);
    const [held] = await orderOf(o.id);
    expect(held?.status).toBe('on_hold');
    expect(await reservedA()).toBe(2);
    // On the board, saying so, and counted among the open orders.
    const board = await boardPage(store, seller.org, new Date(), { after: null, limit: 50 });
    expect(board.find((r) => r.externalId === o.id)?.status).toBe('on_hold');
    expect(await verifyOrderCounts(store, seller.org)).toEqual([]);
    await expect(
      shipOrder(store, held?.id ?? '', { carrier: 'UPS', tracking: '1Z', actor: 'test' }),
    ).rejects.toThrow('only a reserved order can ship');

    fake.setOrderStatus(o, 'AWAITING_SHIPMENT');
    expect(await applyTikTokOrders(store, ctx(), [snapshot(o.id)])).toMatchObject({ updated: 1 });
    expect((await orderOf(o.id))[0]?.status).toBe('reserved');
    expect(await reservedA()).toBe(2);

    fake.setOrderStatus(o, 'CANCELLED');
    const cancel = snapshot(o.id);
    expect(await applyTikTokOrders(store, ctx(), [cancel, cancel])).toMatchObject({
      cancelled: 1,
      unchanged: 1,
    });
    expect(await reservedA()).toBe(0);
    const releases = await store.db
      .selectFrom('stock_movements')
      .select('reserved_delta')
      .where('order_id', '=', held?.id ?? '')
      .where('kind', '=', 'release')
      .execute();
    expect(releases.map((r) => r.reserved_delta)).toEqual([-2]);
  });

  it('raises no ship-by alert for an order TikTok holds, since it may not ship yet; once the hold ends the scan raises it', async () => {
    const o = fake.addOrder(env.us, { lines: [{ sellerSku: 'A', units: 1 }], status: 'ON_HOLD' });
    await applyTikTokOrders(store, ctx(), [snapshot(o.id)]);
    const [held] = await orderOf(o.id);
    // An hour before its operational deadline: inside the 12-hour at-risk lead.
    const nearDeadline = new Date(Date.parse(held?.operational_by ?? '') - 3_600_000);
    const shipAlerts = () =>
      store.db
        .selectFrom('alerts')
        .select(['kind', 'state'])
        .where('organization_id', '=', seller.org)
        .where('subject', '=', `order:${held?.id}`)
        .execute();
    await scanAlerts(store, seller.org, nearDeadline);
    expect(await shipAlerts()).toEqual([]);
    // The board shows where it stands all the same, and that it is held.
    const row = (await boardPage(store, seller.org, nearDeadline, { after: null, limit: 50 })).find(
      (r) => r.externalId === o.id,
    );
    expect(row).toMatchObject({ status: 'on_hold', state: 'at_risk' });

    fake.setOrderStatus(o, 'AWAITING_SHIPMENT');
    await applyTikTokOrders(store, ctx(), [snapshot(o.id)]);
    await scanAlerts(store, seller.org, new Date(nearDeadline.getTime() + 60_000));
    expect(await shipAlerts()).toEqual([{ kind: 'ship_by_at_risk', state: 'open' }]);
  });

  it('parks an order naming an unknown SKU with an alert naming it, and takes it in once the SKU exists', async () => {
    const o = fake.addOrder(env.us, { lines: [{ sellerSku: 'NEW-1', units: 1 }] });
    expect(await poll()).toMatchObject({ parked: 1 });
    expect((await orderOf(o.id))[0]?.status).toBe('parked');
    const alert = await store.db
      .selectFrom('alerts')
      .selectAll()
      .where('organization_id', '=', seller.org)
      .where('state', '=', 'open')
      .where('kind', '=', 'sync_failure')
      .executeTakeFirstOrThrow();
    expect(alert.message).toContain('NEW-1');
    expect(alert.message).toContain(o.id);

    const ids = await upsertSkus(store, seller.org, [{ sku: 'NEW-1', title: 'New gadget' }]);
    const newSku = ids.get('NEW-1') as string;
    await receive(
      store,
      { organizationId: seller.org, skuId: newSku, warehouseId: seller.tx, actor: 'test' },
      1,
    );
    expect(await reapplyStoredOrders(store, ctx())).toMatchObject({ updated: 1 });
    expect((await orderOf(o.id))[0]?.status).toBe('reserved');
    const resolved = await store.db
      .selectFrom('alerts')
      .select('state')
      .where('id', '=', alert.id)
      .executeTakeFirstOrThrow();
    expect(resolved.state).toBe('resolved');
    expect(await reapplyStoredOrders(store, ctx())).toMatchObject({ updated: 0, unchanged: 0 });
  });

  it('keeps TikTok’s deadline beside the policy’s, ships by the earlier, and knows when they disagree', async () => {
    const o = fake.addOrder(env.us, { lines: [{ sellerSku: 'A', units: 1 }] });
    const early = snapshot(o.id);
    early.rts_sla_time = early.update_time + 3600;
    await applyTikTokOrders(store, ctx(), [early]);
    const [order] = await orderOf(o.id);
    const tiktok = new Date((early.update_time + 3600) * 1000).toISOString().replace('.000Z', 'Z');
    expect(order?.marketplace_ship_by).toBe(tiktok);
    expect(order?.ship_by).toBe(tiktok);
    expect(order?.policy_ship_by).not.toBe(tiktok);
    expect(Date.parse(order?.operational_by ?? '')).toBeLessThanOrEqual(Date.parse(tiktok));
    const row = await store.db
      .selectFrom('tiktok_orders')
      .select('sla')
      .where('tiktok_order_id', '=', o.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.sla)).toMatchObject({ rts_sla_time: tiktok });
    // The board's row says that the two disagree, and by what.
    const board = await boardPage(store, seller.org, new Date(), { after: null, limit: 50 });
    expect(board.find((r) => r.externalId === o.id)?.deadlineDisagreement).toEqual({
      marketplace: tiktok,
      policy: order?.policy_ship_by,
    });
  });

  it('keeps TikTok’s earlier deadline for an order that waited for stock and is reserved when it arrives', async () => {
    const o = fake.addOrder(env.us, { lines: [{ sellerSku: 'A', units: 8 }] });
    const early = snapshot(o.id);
    early.rts_sla_time = early.update_time + 3600;
    const tiktok = new Date((early.update_time + 3600) * 1000).toISOString().replace('.000Z', 'Z');
    await applyTikTokOrders(store, ctx(), [early]);
    expect((await orderOf(o.id))[0]).toMatchObject({ status: 'awaiting_stock', ship_by: tiktok });
    await receive(
      store,
      { organizationId: seller.org, skuId: seller.sku.A, warehouseId: seller.tx, actor: 'test' },
      3,
    );
    expect((await orderOf(o.id))[0]).toMatchObject({
      status: 'reserved',
      ship_by: tiktok,
      marketplace_ship_by: tiktok,
    });
  });

  it('puts an ON_HOLD order that waited for stock back on hold once arriving stock reserved it', async () => {
    const o = fake.addOrder(env.us, { lines: [{ sellerSku: 'A', units: 7 }], status: 'ON_HOLD' });
    await applyTikTokOrders(store, ctx(), [snapshot(o.id)]);
    expect((await orderOf(o.id))[0]?.status).toBe('awaiting_stock');
    await receive(
      store,
      { organizationId: seller.org, skuId: seller.sku.A, warehouseId: seller.tx, actor: 'test' },
      2,
    );
    expect((await orderOf(o.id))[0]?.status).toBe('reserved');
    expect(await reapplyStoredOrders(store, ctx())).toMatchObject({ updated: 1 });
    expect((await orderOf(o.id))[0]?.status).toBe('on_hold');
    expect(await reservedA()).toBe(7);
  });

  it('takes an order brought by a webhook and a poll at the same moment once', async () => {
    const o = fake.addOrder(env.us, { lines: [{ sellerSku: 'A', units: 1 }] });
    const [a, b] = await Promise.all([
      applyTikTokOrders(store, ctx(), [snapshot(o.id)]),
      applyTikTokOrders(store, ctx(), [snapshot(o.id)]),
    ]);
    expect((a?.new ?? 0) + (b?.new ?? 0)).toBe(1);
    expect(await orderOf(o.id)).toHaveLength(1);
    expect(await reservedA()).toBe(1);
  });
});
