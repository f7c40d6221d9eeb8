import { sql } from 'kysely';
import type { DispatchRule } from '../domain/dispatch/shipBy.ts';
import { txStatement } from './cachedQuery.ts';
import { auditEarlyCancel, holdArrivals, spendTombstones } from './cancelTombstones.ts';
import { claimDelivery, type Delivery } from './idempotency.ts';
import { newId } from './ids.ts';
import { PlanRaced, publicationKeys, takePublicationLocks } from './lockStock.ts';
import type { Store } from './openDatabase.ts';
import {
  carryOut,
  OrderError,
  type OrderLineInput,
  type OrderOutcome,
  type OrderPlan,
  planColumns,
  planStored,
  type ReserveHooks,
  rowsFor,
} from './reserving.ts';
import type { OrderStatus } from './schema.ts';
import { type StockTransaction, withStock } from './stockTransaction.ts';
import { now, type Tx } from './transaction.ts';

/**
 * Taking new orders. Each order, in one transaction or not at all:
 *  1. a cancel that came before it (cancelTombstones.ts) stores it cancelled instead of reserved;
 *  2. lock every level row the batch may take — its SKUs in its storefronts' warehouses — sorted
 *     once, before planning (lockStock.ts);
 *  3. plan it (reserving.ts), then insert it once with the status the plan decided; its
 *     (storefront, external id) key makes a re-delivery a no-op, whose plan is dropped;
 *  4. carry the plan out: one guarded statement for its increments, its reservations and ledger.
 * Ship, cancel and return are in settling.ts; orders waiting for stock are reserved again by
 * waitingOrders.ts when stock arrives.
 */

export { OrderError, type OrderLineInput, type OrderOutcome, type ReserveHooks } from './reserving.ts';
// Ship, cancel and return were here before the split; the CLI still imports them from here.
export { cancelOrder, returnItems, shipOrder } from './settling.ts';

export interface OrderInput {
  organizationId: string;
  storefrontId: string;
  externalId: string;
  paidAt: string;
  currency: string;
  lines: OrderLineInput[];
  actor: string;
  /** When the order was taken (ISO UTC), for its row and ledger rows; now when absent. The demo replays history with it. */
  takenAt?: string;
  /** The webhook delivery that carries it: recorded in the order's transaction (both or neither). */
  delivery?: Delivery;
  /** The marketplace's own ship deadline (a connector's, e.g. TikTok's rts_sla_time): the earlier wins. */
  marketplaceShipBy?: string | null;
}

export async function reserveOrder(
  store: Store,
  order: OrderInput,
  rule: DispatchRule,
  hooks: ReserveHooks = {},
): Promise<OrderOutcome> {
  return (await reserveOrders(store, [order], rule, hooks))[0] as OrderOutcome;
}

/**
 * Several orders in one transaction (an import, a group commit of up to 64): the batch commits whole
 * or not at all, so a crash mid-import leaves no half-written order and a re-run skips the orders
 * already stored. The batch takes all its rows before it plans its first order, so two batches
 * with overlapping SKUs queue one behind the other instead of deadlocking.
 */
export async function reserveOrders(
  store: Store,
  orders: OrderInput[],
  rule: DispatchRule,
  hooks: ReserveHooks = {},
): Promise<OrderOutcome[]> {
  for (const order of orders) {
    if (order.lines.length === 0)
      throw new OrderError('ORDER_STATE', `order ${order.externalId} has no lines`);
    for (const l of order.lines) {
      if (!Number.isInteger(l.quantity) || l.quantity <= 0)
        throw new OrderError(
          'ORDER_STATE',
          `order ${order.externalId}: quantity must be a whole number above 0`,
        );
    }
  }
  return withStock(store, (st) => takeOrders(st, orders, hooks), {
    rule,
    crashPoint: 'order-before-commit',
  });
}

/**
 * The orders of `reserveOrders`, inside a stock transaction the caller holds (a connector applies
 * an order and its own bookkeeping in one transaction).
 */
export async function takeOrders(
  st: StockTransaction,
  orders: OrderInput[],
  hooks: ReserveHooks = {},
): Promise<OrderOutcome[]> {
  // First: a cancel remembered for one of these orders is seen (cancelTombstones.ts).
  await holdArrivals(
    st.trx,
    st.engine,
    orders.map((o) => o.storefrontId),
  );
  for (const order of orders) if (order.delivery) await claimDelivery(st.trx, order.delivery);
  // An order whose cancel came first is stored cancelled and reserves nothing. (A cancel is only
  // remembered for an order not stored, so a tombstone never belongs to a duplicate.)
  const tombstones = await spendTombstones(st.trx, orders);
  const live = orders.filter((order) => !tombstones.of(order));
  await st.readStorefronts(live.map((order) => order.storefrontId));
  const rows = [];
  for (const order of live) rows.push(...rowsFor(order, await st.storefront(order.storefrontId)));
  await st.lock(rows);
  // A replayed history (orders with their own times) publishes availability at the last of them.
  const taken = orders.flatMap((order) => (order.takenAt ? [order.takenAt] : [])).sort();
  if (taken.length) st.eventAt = taken.at(-1);
  const outcomes: OrderOutcome[] = [];
  for (const order of orders) {
    const at = order.takenAt ?? now();
    const id = newId();
    const tombstone = tombstones.of(order);
    if (tombstone) {
      const inserted = await insertOrder(st, order, id, { status: 'cancelled' }, at);
      if (!inserted) outcomes.push({ status: 'duplicate', orderId: await existingId(st.trx, order) });
      else {
        await auditEarlyCancel(st.trx, { id, ...order }, tombstone);
        outcomes.push({ status: 'cancelled', orderId: id });
      }
      continue;
    }
    // Plan first, so that the order's row is written once, with its final status.
    const stored = { ...order, id, waiting: false };
    const plan = await planStored(st, stored);
    if (plan.ok) await hooks.afterPlan?.();
    if (st.engine === 'postgres' && plan.ok) {
      // One round trip for the order, its lines, increments, reservations and ledger rows.
      const outcome = await insertAndReserve(
        st,
        stored,
        plan,
        { actor: order.actor, at },
        orders.length === 1,
      );
      outcomes.push(outcome ?? { status: 'duplicate', orderId: await existingId(st.trx, order) });
      continue;
    }
    if (!(await insertOrder(st, order, id, planColumns(plan), at))) {
      // A re-delivery: its plan is dropped before anything was taken.
      outcomes.push({ status: 'duplicate', orderId: await existingId(st.trx, order) });
      continue;
    }
    outcomes.push(await carryOut(st, stored, plan, { actor: order.actor, at }));
  }
  return outcomes;
}

const orderRow = txStatement<{ id: string }>(
  `insert into orders (id, organization_id, storefront_id, external_id, status, currency, total_minor, paid_at,
     ship_by, marketplace_ship_by, policy_ship_by, operational_by, warehouse_id, waiting_reason, shipped_at,
     carrier, tracking, created_at, updated_at)
   values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, null, null, ?, ?)
   on conflict (storefront_id, external_id) do nothing
   returning id`,
);
const insertOrderLines = txStatement(
  'insert into order_lines (id, order_id, line_no, sku_id, quantity, unit_price_minor) values {rows}',
  '(?, ?, ?, ?, ?, ?)',
);

type OrderColumns = Omit<Partial<ReturnType<typeof planColumns>>, 'status'> & { status: OrderStatus };

/** The order's row, with the columns its plan decided, unless its (storefront, external id) is stored: then false. */
async function insertOrderRow(
  st: StockTransaction,
  order: OrderInput,
  orderId: string,
  columns: OrderColumns,
  at: string,
): Promise<boolean> {
  const total = order.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
  const inserted = await orderRow(st.trx, [
    orderId,
    order.organizationId,
    order.storefrontId,
    order.externalId,
    columns.status,
    order.currency,
    total,
    order.paidAt,
    columns.ship_by ?? null,
    order.marketplaceShipBy ?? null,
    columns.policy_ship_by ?? null,
    columns.operational_by ?? null,
    columns.warehouse_id ?? null,
    columns.waiting_reason ?? null,
    at,
    at,
  ]);
  return inserted.length > 0;
}

/** Inserts the order and its lines, unless its (storefront, external id) is stored: then false. */
async function insertOrder(
  st: StockTransaction,
  order: OrderInput,
  orderId: string,
  columns: OrderColumns,
  at: string,
): Promise<boolean> {
  if (!(await insertOrderRow(st, order, orderId, columns, at))) return false;
  await insertOrderLines(
    st.trx,
    order.lines.flatMap((l, i) => [newId(), orderId, i + 1, l.skuId, l.quantity, l.unitPriceMinor]),
    order.lines.length,
  );
  return true;
}

async function existingId(trx: Tx, order: OrderInput): Promise<string> {
  const existing = await trx
    .selectFrom('orders')
    .select('id')
    .where('storefront_id', '=', order.storefrontId)
    .where('external_id', '=', order.externalId)
    .executeTakeFirstOrThrow();
  return existing.id;
}

/**
 * PostgreSQL: a reserved order in TWO statements — the order with its final status (undefined when
 * it is a re-delivery: nothing else is written), then data-modifying CTEs for its lines, the guarded
 * increments of every pick, the reservations and the ledger rows — so the locked level rows wait on
 * two round trips instead of five. The change
 * count proves the plan held, as in `carryOut`, whose bookkeeping it shares.
 */
async function insertAndReserve(
  st: StockTransaction,
  order: OrderInput & { id: string; waiting: boolean },
  plan: Extract<OrderPlan, { ok: true }>,
  who: { actor: string; at: string },
  /** The transaction's only order: its statement also takes the publication locks (see below). */
  alone: boolean,
): Promise<OrderOutcome | undefined> {
  const columns = planColumns(plan);
  const lines = sql.join(
    order.lines.map(
      (l, i) =>
        sql`(${newId()}, cast(${i + 1} as integer), ${l.skuId}, cast(${l.quantity} as integer), cast(${l.unitPriceMinor} as bigint))`,
    ),
  );
  const picks = sql.join(
    plan.picks.map((p) => sql`(${newId()}, ${p.skuId}, ${p.warehouseId}, cast(${p.quantity} as integer))`),
  );
  // The order first, alone: the triggers that keep the order counts (orderCounts.ts, demandDays.ts)
  // add a new order's units either from its row or from its lines' rows, and would count them twice
  // if both arrived in one statement.
  if (!(await insertOrderRow(st, order, order.id, columns, who.at))) return undefined;
  // The order's SKUs are republished next, after their publication locks (lockStock.ts). When no
  // other order of the transaction comes between, this statement takes them, in their order and
  // after the rows: one round trip less with a hot SKU's row locked.
  const locks = alone
    ? publicationKeys(
        order.organizationId,
        order.lines.map((l) => l.skuId),
      )
    : [];
  const { rows } = await sql<{
    sku_id: string;
    warehouse_id: string;
    on_hand: number;
    reserved: number;
  }>`
    with p (id, sku_id, warehouse_id, quantity) as (values ${picks}),
    l as (
      insert into order_lines (id, order_id, line_no, sku_id, quantity, unit_price_minor)
      select v.column1, ${order.id}, v.column2, v.column3, v.column4, v.column5 from (values ${lines}) as v
    ), u as (
      update stock_levels set reserved = stock_levels.reserved + p.quantity, updated_at = ${who.at}
      from p
      where stock_levels.organization_id = ${order.organizationId}
        and stock_levels.sku_id = p.sku_id and stock_levels.warehouse_id = p.warehouse_id
        and stock_levels.on_hand - stock_levels.reserved >= p.quantity
      returning stock_levels.sku_id, stock_levels.warehouse_id, stock_levels.on_hand, stock_levels.reserved
    ), r as (
      insert into reservations (id, organization_id, order_id, sku_id, warehouse_id, quantity, status, created_at)
      select p.id, ${order.organizationId}, ${order.id}, p.sku_id, p.warehouse_id, p.quantity, 'active', ${who.at} from p
    ), m as (
      insert into stock_movements (organization_id, sku_id, warehouse_id, kind, on_hand_delta, reserved_delta,
        reason, actor, order_id, idempotency_key, created_at)
      select ${order.organizationId}, p.sku_id, p.warehouse_id, 'reserve', 0, p.quantity, null, ${who.actor},
        ${order.id}, null, ${who.at} from p
    )
    select sku_id, warehouse_id, on_hand, reserved${locks.length ? sql`, ${takePublicationLocks(locks)} as locks` : sql``} from u`.execute(
    st.trx,
  );
  const changed = rows;
  if (changed.length !== plan.picks.length) throw new PlanRaced();
  for (const key of locks) st.publicationLocks.add(key);
  for (const row of changed)
    st.saw(row as { sku_id: string; warehouse_id: string; on_hand: number; reserved: number });
  return carryOut(st, order, plan, who, { written: true });
}
