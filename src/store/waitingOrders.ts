import { type AuditEntry, auditIn } from './accounts.ts';
import type { LevelKey } from './lockStock.ts';
import type { Store } from './openDatabase.ts';
import { OrderError, type ReserveOutcome, reserveStored, rowsFor, type StoredOrder } from './reserving.ts';
import { type StockTransaction, withStock } from './stockTransaction.ts';

/**
 * Orders waiting for stock (`awaiting_stock`): reserved again, automatically, in the transaction of
 * the stock change that makes units available — a receipt, a transfer in, an adjustment or a count
 * up, a cancel that releases units, a restocked return.
 *
 * Order of service: the earliest payment first (then the order id, by code units, for ties); each
 * order from its storefront's warehouses in priority order, whole or not at all (reserving.ts); an
 * order that does not fit is passed over, and a later one that fits is served (first fit), since
 * holding units back for an order they cannot fill helps no one. Waiting orders may take every
 * available unit: the buffer is held back from what is published, not from paid orders.
 *
 * A stock change calls `prepareArrival` before it changes the level (it locks the rows the waiting
 * orders may take together with its own, in one lock order) and `reserveWaiting` after.
 */

export interface WaitingOrder extends StoredOrder {
  externalId: string;
}

/**
 * The orders of the organization waiting for any of these SKUs, with all their lines, in order of
 * service. `lockOrders` locks them on PostgreSQL and skips any another transaction holds: that one
 * is an operator's retry or cancel of the order, which acts on it after this transaction commits.
 */
export async function waitingFor(
  st: StockTransaction,
  organizationId: string,
  skuIds: readonly string[],
  lockOrders: boolean,
): Promise<WaitingOrder[]> {
  if (skuIds.length === 0) return [];
  let q = st.trx
    .selectFrom('orders as o')
    .innerJoin('order_lines as l', 'l.order_id', 'o.id')
    .select([
      'o.id',
      'o.external_id',
      'o.storefront_id',
      'o.paid_at',
      'o.marketplace_ship_by',
      'l.sku_id',
      'l.quantity',
    ])
    .where('o.organization_id', '=', organizationId)
    .where('o.status', '=', 'awaiting_stock')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('order_lines as w')
          .select('w.id')
          .whereRef('w.order_id', '=', 'o.id')
          .where('w.sku_id', 'in', [...skuIds]),
      ),
    );
  if (lockOrders && st.engine === 'postgres') q = q.forUpdate(['o']).skipLocked();
  const byId = new Map<string, WaitingOrder>();
  for (const r of await q.execute()) {
    let o = byId.get(r.id);
    if (!o) {
      o = {
        id: r.id,
        externalId: r.external_id,
        organizationId,
        storefrontId: r.storefront_id,
        paidAt: r.paid_at,
        marketplaceShipBy: r.marketplace_ship_by,
        lines: [],
        waiting: true,
      };
      byId.set(r.id, o);
    }
    (o.lines as { skuId: string; quantity: number }[]).push({
      skuId: r.sku_id,
      quantity: Number(r.quantity),
    });
  }
  return [...byId.values()].sort((a, b) =>
    a.paidAt !== b.paidAt ? (a.paidAt < b.paidAt ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
}

/**
 * Before a stock change of these SKUs: lock the rows it changes and those its waiting orders may
 * take, sorted once (lockStock.ts).
 */
export async function prepareArrival(
  st: StockTransaction,
  organizationId: string,
  skuIds: readonly string[],
  changes: readonly LevelKey[],
): Promise<void> {
  const rows: LevelKey[] = [...changes];
  const waiting = await waitingFor(st, organizationId, skuIds, false);
  await st.readStorefronts(waiting.map((o) => o.storefrontId));
  for (const o of waiting) rows.push(...rowsFor(o, await st.storefront(o.storefrontId)));
  await st.lock(rows);
}

/**
 * After units of these SKUs became available: reserve the orders waiting for them, in order of
 * service. Returns what happened to each order it looked at.
 */
export async function reserveWaiting(
  st: StockTransaction,
  organizationId: string,
  skuIds: readonly string[],
  who: { actor: string; at: string },
): Promise<(ReserveOutcome & { externalId: string })[]> {
  const waiting = await waitingFor(st, organizationId, skuIds, true);
  const outcomes: (ReserveOutcome & { externalId: string })[] = [];
  for (const o of waiting) {
    // Every order here wants one of these SKUs: with none of them left in its storefront's
    // warehouses it cannot be filled, and is passed over without a write.
    if (!(await anyAvailable(st, o, skuIds))) continue;
    outcomes.push({ ...(await reserveStored(st, o, who)), externalId: o.externalId });
  }
  // What they lack changed with the stock, for the orders looked at and the others alike.
  for (const o of waiting) st.waitingChanged(organizationId, o.storefrontId, skuIds);
  return outcomes;
}

async function anyAvailable(st: StockTransaction, o: WaitingOrder, skuIds: readonly string[]) {
  const storefront = await st.storefront(o.storefrontId);
  await st.lock(rowsFor(o, storefront));
  return skuIds.some((sku) => storefront.warehouses.some((w) => st.available(sku, w.id) > 0));
}

/**
 * An operator's retry of one waiting order, now: from its storefront's warehouses as usual, or
 * from one of them first (`fromWarehouse`; only from it when the storefront does not split). The
 * audit row is written in the same transaction.
 */
export async function retryWaitingOrder(
  store: Store,
  orderId: string,
  o: { fromWarehouse?: string | undefined; actor: string; audit?: AuditEntry },
): Promise<ReserveOutcome> {
  return withStock(store, async (st) => {
    let q = st.trx
      .selectFrom('orders as o')
      .innerJoin('order_lines as l', 'l.order_id', 'o.id')
      .select([
        'o.id',
        'o.organization_id',
        'o.external_id',
        'o.storefront_id',
        'o.paid_at',
        'o.marketplace_ship_by',
        'o.status',
      ])
      .select(['l.sku_id', 'l.quantity'])
      .where('o.id', '=', orderId);
    if (st.engine === 'postgres') q = q.forUpdate(['o']);
    const rows = await q.execute();
    const first = rows[0];
    if (!first) throw new OrderError('NOT_FOUND', `no order ${orderId}`);
    if (first.status !== 'awaiting_stock')
      throw new OrderError(
        'ORDER_STATE',
        `order ${first.external_id} is ${first.status}: only an order awaiting stock can be retried`,
        { key: 'order_not_waiting', params: { order: first.external_id, status: first.status } },
      );
    const storefront = await st.storefront(first.storefront_id);
    if (o.fromWarehouse && !storefront.warehouses.some((w) => w.id === o.fromWarehouse)) {
      const w = await st.trx
        .selectFrom('warehouses')
        .select('code')
        .where('id', '=', o.fromWarehouse)
        .executeTakeFirst();
      throw new OrderError('ORDER_STATE', `that warehouse does not serve storefront ${storefront.code}`, {
        key: 'warehouse_not_serving',
        params: { warehouse: w?.code ?? o.fromWarehouse, storefront: storefront.code },
      });
    }
    const outcome = await reserveStored(
      st,
      {
        id: first.id,
        organizationId: first.organization_id,
        storefrontId: first.storefront_id,
        paidAt: first.paid_at,
        marketplaceShipBy: first.marketplace_ship_by,
        lines: rows.map((r) => ({ skuId: r.sku_id, quantity: Number(r.quantity) })),
        waiting: true,
      },
      { actor: o.actor, at: new Date().toISOString() },
      { fromWarehouse: o.fromWarehouse },
    );
    if (o.audit) await auditIn(st.trx, o.audit);
    return outcome;
  });
}

/** Per storefront: what waits for stock, and the deadlines it puts at risk [P11]. */
export interface WaitingExposure {
  storefront: string;
  storefrontName: string;
  /** Orders awaiting stock. */
  orders: number;
  /** Units those orders want beyond what the storefront's warehouses have available, per SKU, summed. */
  unitsShort: number;
  /** Past their platform deadline: late dispatch already, and a seller-fault cancellation risk [P11]. */
  late: number;
  /** Due within the next 24 hours. */
  dueWithin24h: number;
}

/**
 * The exposure of waiting orders per storefront, as aggregates in SQL (no list of ids), for the
 * overview. Every storefront of the organization is listed, with zeros when nothing waits.
 */
export async function waitingExposure(
  store: Store,
  organizationId: string,
  now: Date,
): Promise<WaitingExposure[]> {
  const at = now.toISOString();
  const dayLater = new Date(now.getTime() + 24 * 3600_000).toISOString();
  const [storefronts, counts, short] = await Promise.all([
    store.db
      .selectFrom('storefronts')
      .select(['id', 'code', 'name'])
      .where('organization_id', '=', organizationId)
      .orderBy('code')
      .execute(),
    store.db
      .selectFrom('orders as o')
      .select((eb) => [
        'o.storefront_id',
        eb.fn.countAll<number>().as('orders'),
        eb.fn.sum<number>(eb.case().when('o.ship_by', '<', at).then(1).else(0).end()).as('late'),
        eb.fn
          .sum<number>(
            eb
              .case()
              .when(eb.and([eb('o.ship_by', '>=', at), eb('o.ship_by', '<', dayLater)]))
              .then(1)
              .else(0)
              .end(),
          )
          .as('due'),
      ])
      .where('o.organization_id', '=', organizationId)
      .where('o.status', '=', 'awaiting_stock')
      .groupBy('o.storefront_id')
      .execute(),
    // Units short per storefront: the sum of its oversell alerts, one per SKU, kept in step with
    // the waiting orders and the stock that arrives (oversellAlerts.ts). Summing the waiting
    // orders' lines here instead joined every one of them with order_lines: 1.2 s at a million open
    // orders on PostgreSQL, for a figure the alerts already hold.
    store.db
      .selectFrom('alerts')
      .select('data')
      .where('organization_id', '=', organizationId)
      .where('kind', '=', 'oversell')
      .where('state', '!=', 'resolved')
      .execute(),
  ]);
  const countOf = new Map(counts.map((c) => [c.storefront_id, c]));
  const shortOf = new Map<string, number>();
  for (const a of short) {
    const d = JSON.parse(a.data) as { storefront?: string; unitsShort?: number };
    if (d.storefront && typeof d.unitsShort === 'number')
      shortOf.set(d.storefront, (shortOf.get(d.storefront) ?? 0) + d.unitsShort);
  }
  return storefronts.map((sf) => {
    const c = countOf.get(sf.id);
    return {
      storefront: sf.code,
      storefrontName: sf.name,
      orders: Number(c?.orders ?? 0),
      unitsShort: shortOf.get(sf.code) ?? 0,
      late: Number(c?.late ?? 0),
      dueWithin24h: Number(c?.due ?? 0),
    };
  });
}
