import { type AuditEntry, auditIn } from './accounts.ts';
import { resolveAlert } from './alerts.ts';
import { claimDelivery, type Delivery } from './idempotency.ts';
import type { Store } from './openDatabase.ts';
import { OrderError } from './reserving.ts';
import { applyOnHand } from './stockLedger.ts';
import { type StockTransaction, withStock } from './stockTransaction.ts';
import { queueTracking } from './tiktokTracking.ts';
import { now, type Tx } from './transaction.ts';
import { prepareArrival, reserveWaiting } from './waitingOrders.ts';

/**
 * Settling orders: ship (the reservation is consumed), cancel (released), return (units come
 * back). Each locks the order row first, then its level rows (lockStock.ts). Units a cancel
 * releases or a return restocks are offered to the orders waiting for them in the same transaction.
 */

/** What a service adds to the settling transaction: its audit row, the webhook delivery it applies. */
export interface Alongside {
  audit?: AuditEntry;
  delivery?: Delivery;
}

async function alongside(trx: Tx, a: Alongside): Promise<void> {
  if (a.audit) await auditIn(trx, a.audit);
  if (a.delivery) await claimDelivery(trx, a.delivery);
}

/** Ship: the reservation is consumed, on hand and reserved both drop. */
export async function shipOrder(
  store: Store,
  orderId: string,
  shipment: {
    carrier: string;
    tracking: string;
    actor: string;
    /** When it shipped (ISO UTC); now when absent. */
    shippedAt?: string;
  },
): Promise<'shipped' | 'already_shipped'> {
  return withStock(store, (st) => shipIn(st, orderId, shipment));
}

/** Ship, inside a stock transaction the caller holds. */
export async function shipIn(
  st: StockTransaction,
  orderId: string,
  shipment: { carrier: string; tracking: string; actor: string; shippedAt?: string },
): Promise<'shipped' | 'already_shipped'> {
  const order = await lockedOrder(st, orderId);
  if (!order) throw new OrderError('NOT_FOUND', `no order ${orderId}`);
  if (order.status === 'shipped' || order.status === 'delivered') return 'already_shipped';
  if (order.status !== 'reserved')
    throw new OrderError(
      'ORDER_STATE',
      `order ${order.external_id} is ${order.status}: only a reserved order can ship`,
      { key: 'order_cannot_ship', params: { order: order.external_id, status: order.status } },
    );
  const at = shipment.shippedAt ?? now();
  const active = await activeReservations(st, orderId);
  const organizationId = order.organization_id;
  await st.lock(active.map((r) => ({ organizationId, skuId: r.sku_id, warehouseId: r.warehouse_id })));
  await settleReservations(st, order.organization_id, orderId, active, 'ship', shipment.actor, at);
  await st.trx
    .updateTable('orders')
    .set({
      status: 'shipped',
      shipped_at: at,
      carrier: shipment.carrier,
      tracking: shipment.tracking,
      updated_at: at,
    })
    .where('id', '=', orderId)
    .execute();
  // Same transaction: an order shipped here is told to TikTok Shop after commit (tiktokTracking.ts).
  await queueTracking(st.trx, {
    organizationId: order.organization_id,
    storefrontId: order.storefront_id,
    orderId,
    carrier: shipment.carrier,
    tracking: shipment.tracking,
  });
  return 'shipped';
}

/**
 * Cancel: what the order held is released and offered to the orders waiting for those SKUs. An
 * order still waiting for stock holds nothing: it leaves the waiting orders (and their alerts).
 */
export async function cancelOrder(
  store: Store,
  orderId: string,
  actor: string,
  reason: string,
  also: Alongside = {},
): Promise<'cancelled' | 'already_cancelled'> {
  return withStock(
    store,
    async (st) => {
      if (also.delivery) await claimDelivery(st.trx, also.delivery);
      const outcome = await cancelIn(st, orderId, actor, reason);
      if (outcome === 'cancelled' && also.audit) await auditIn(st.trx, also.audit);
      return outcome;
    },
    { crashPoint: 'cancel-before-commit' },
  );
}

/** Cancel, inside a stock transaction the caller holds. */
export async function cancelIn(
  st: StockTransaction,
  orderId: string,
  actor: string,
  reason: string,
): Promise<'cancelled' | 'already_cancelled'> {
  const order = await lockedOrder(st, orderId);
  if (!order) throw new OrderError('NOT_FOUND', `no order ${orderId}`);
  if (order.status === 'cancelled') return 'already_cancelled';
  if (order.status === 'shipped' || order.status === 'delivered')
    throw new OrderError('ORDER_STATE', `order ${order.external_id} has shipped: record a return instead`, {
      key: 'order_shipped_no_cancel',
      params: { order: order.external_id },
    });
  const at = now();
  const active = await activeReservations(st, orderId);
  const freed = [...new Set(active.map((r) => r.sku_id))];
  await prepareArrival(
    st,
    order.organization_id,
    freed,
    active.map((r) => ({
      organizationId: order.organization_id,
      skuId: r.sku_id,
      warehouseId: r.warehouse_id,
    })),
  );
  await settleReservations(st, order.organization_id, orderId, active, 'release', actor, at, reason);
  await st.trx
    .updateTable('orders')
    .set({ status: 'cancelled', updated_at: at })
    .where('id', '=', orderId)
    .execute();
  if (order.status === 'awaiting_stock') {
    const lines = await st.trx
      .selectFrom('order_lines')
      .select('sku_id')
      .where('order_id', '=', orderId)
      .execute();
    st.waitingChanged(
      order.organization_id,
      order.storefront_id,
      lines.map((l) => l.sku_id),
    );
    await resolveAlert(st.trx, order.organization_id, 'oversell', `order:${orderId}`);
  }
  await reserveWaiting(st, order.organization_id, freed, { actor, at });
  return 'cancelled';
}

/**
 * A return of shipped units: back on hand when sellable, and offered to the orders waiting for the
 * SKU; a damaged one is recorded and written off at once.
 */
export async function returnItems(
  store: Store,
  input: {
    orderId: string;
    skuId: string;
    /** The warehouse the units come back to; the one that shipped most of them when absent. */
    warehouseId?: string | undefined;
    quantity: number;
    sellable: boolean;
    actor: string;
    idempotencyKey?: string | undefined;
    /** The SKU code, for the refusal's words. */
    sku?: string | undefined;
  },
  also: Alongside = {},
): Promise<{ warehouseId: string }> {
  return withStock(store, async (st) => {
    const { trx } = st;
    const order = await lockedOrder(st, input.orderId);
    if (!order) throw new OrderError('NOT_FOUND', `no order ${input.orderId}`);
    if (order.status !== 'shipped' && order.status !== 'delivered')
      throw new OrderError('ORDER_STATE', `order ${order.external_id} has not shipped`, {
        key: 'order_not_shipped',
        params: { order: order.external_id, status: order.status },
      });
    if (!Number.isInteger(input.quantity) || input.quantity <= 0)
      throw new OrderError('ORDER_STATE', 'a return is a whole number of units above 0');
    // No more may come back than the order shipped of this SKU.
    const shippedFrom = await trx
      .selectFrom('reservations')
      .select(['warehouse_id'])
      .select((eb) => eb.fn.sum<number>('quantity').as('units'))
      .where('order_id', '=', input.orderId)
      .where('sku_id', '=', input.skuId)
      .where('status', '=', 'consumed')
      .groupBy('warehouse_id')
      .execute();
    const shipped = shippedFrom.reduce((n, r) => n + Number(r.units), 0);
    const returned = await trx
      .selectFrom('stock_movements')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('on_hand_delta'), eb.lit(0)).as('units'))
      // By organization and SKU: stock_movements_by_sku.
      .where('organization_id', '=', order.organization_id)
      .where('order_id', '=', input.orderId)
      .where('sku_id', '=', input.skuId)
      .where('kind', '=', 'return')
      .executeTakeFirstOrThrow();
    if (Number(returned.units) + input.quantity > shipped) {
      throw new OrderError(
        'ORDER_STATE',
        `order ${order.external_id} shipped ${shipped} of this SKU and ${returned.units} came back already`,
        {
          key: 'return_more_than_shipped',
          params: {
            order: order.external_id,
            sku: input.sku ?? input.skuId,
            shipped,
            returned: Number(returned.units),
            left: shipped - Number(returned.units),
          },
        },
      );
    }
    const warehouseId =
      input.warehouseId ??
      [...shippedFrom].sort(
        (a, b) => Number(b.units) - Number(a.units) || (a.warehouse_id < b.warehouse_id ? -1 : 1),
      )[0]?.warehouse_id;
    if (!warehouseId)
      throw new OrderError('ORDER_STATE', `order ${order.external_id} shipped none of this SKU`, {
        key: 'nothing_shipped',
        params: { order: order.external_id, sku: input.sku ?? input.skuId },
      });
    await alongside(trx, also);
    const m = {
      organizationId: order.organization_id,
      skuId: input.skuId,
      warehouseId,
      actor: input.actor,
      orderId: input.orderId,
      reason: input.sellable ? 'return' : 'return, not sellable',
      idempotencyKey: input.idempotencyKey,
    };
    if (input.sellable) await prepareArrival(st, order.organization_id, [input.skuId], [m]);
    const applied = await applyOnHand(st, m, 'return', input.quantity);
    // A damaged unit comes back and is written off at once: the ledger shows both, on hand is
    // unchanged, and the return counts toward what the order can still send back.
    if (!input.sellable && applied === 'applied') {
      await applyOnHand(
        st,
        { ...m, reason: 'damaged return written off', idempotencyKey: undefined },
        'adjust',
        -input.quantity,
      );
    }
    if (input.sellable && applied === 'applied')
      await reserveWaiting(st, order.organization_id, [input.skuId], { actor: input.actor, at: now() });
    st.changed(order.organization_id, [input.skuId]);
    return { warehouseId };
  });
}

type ReservationRow = { id: string; sku_id: string; warehouse_id: string; quantity: number };

async function activeReservations(st: StockTransaction, orderId: string): Promise<ReservationRow[]> {
  return st.trx
    .selectFrom('reservations')
    .select(['id', 'sku_id', 'warehouse_id', 'quantity'])
    .where('order_id', '=', orderId)
    .where('status', '=', 'active')
    .execute();
}

/**
 * Ends an order's active reservations (their rows already locked): shipped (on hand and reserved
 * both drop) or released (reserved drops), each a guarded statement.
 */
async function settleReservations(
  st: StockTransaction,
  organizationId: string,
  orderId: string,
  active: readonly ReservationRow[],
  kind: 'ship' | 'release',
  actor: string,
  at: string,
  reason: string | null = null,
): Promise<void> {
  for (const r of active) {
    const leaves = kind === 'ship' ? r.quantity : 0;
    const level = await st.trx
      .updateTable('stock_levels')
      .set((eb) => ({
        on_hand: eb('on_hand', '-', leaves),
        reserved: eb('reserved', '-', r.quantity),
        updated_at: at,
      }))
      .where('organization_id', '=', organizationId)
      .where('sku_id', '=', r.sku_id)
      .where('warehouse_id', '=', r.warehouse_id)
      .where('reserved', '>=', r.quantity)
      .returning(['sku_id', 'warehouse_id', 'on_hand', 'reserved'])
      .executeTakeFirst();
    if (!level) throw new Error(`ledger drift: reservation ${r.id} is not held in stock_levels`);
    st.saw(level);
    await st.trx
      .insertInto('stock_movements')
      .values({
        organization_id: organizationId,
        sku_id: r.sku_id,
        warehouse_id: r.warehouse_id,
        kind,
        on_hand_delta: -leaves,
        reserved_delta: -r.quantity,
        reason,
        actor,
        order_id: orderId,
        idempotency_key: null,
        created_at: at,
      })
      .execute();
  }
  await st.trx
    .updateTable('reservations')
    .set({ status: kind === 'ship' ? 'consumed' : 'released' })
    .where('order_id', '=', orderId)
    .where('status', '=', 'active')
    .execute();
  st.changed(
    organizationId,
    active.map((r) => r.sku_id),
  );
}

/**
 * The order row, locked on PostgreSQL until the transaction ends: two concurrent ships, cancels or
 * returns of one order then run one after the other, and the second sees what the first did.
 * (SQLite's BEGIN IMMEDIATE already serialises them.) Order rows come before level rows.
 */
async function lockedOrder(st: StockTransaction, orderId: string) {
  let q = st.trx.selectFrom('orders').selectAll().where('id', '=', orderId);
  if (st.engine === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
}
