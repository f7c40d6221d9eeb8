import {
  operationalDeadline,
  orderDeadlines,
  warehouseClock,
} from '../domain/dispatch/operationalDeadline.ts';
import type { DispatchRule } from '../domain/dispatch/shipBy.ts';
import { allocateOrder, type Pick, type Shortfall } from '../domain/stock/allocateOrder.ts';
import type { RefusalReason } from '../i18n/refusals.ts';
import { resolveAlert } from './alerts.ts';
import { newId } from './ids.ts';
import { inLockOrder, PlanRaced } from './lockStock.ts';
import type { StockTransaction, StorefrontSetup } from './stockTransaction.ts';
import { changed } from './transaction.ts';

/**
 * Reserving an order that is stored (new, or waiting for stock), inside a stock transaction whose
 * rows are locked (lockStock.ts):
 *  1. plan with the pure `allocateOrder` over the locked snapshot (one warehouse preferred, split
 *     only if the storefront allows it);
 *  2. execute the plan with one guarded statement per (SKU, warehouse):
 *     `reserved = reserved + q WHERE on_hand − reserved ≥ q`. The check and the increment are one
 *     statement, so two orders can never both take the last unit. A statement that finds less than
 *     the snapshot promised rolls the whole transaction back (PlanRaced) to be planned again: with
 *     the rows locked it should not happen.
 * An order that cannot be filled waits for stock (`awaiting_stock`) with its shortfall, and its
 * (SKU, storefront) oversell alerts are refreshed — never a silent partial reservation.
 *
 * The storefront's buffer is not applied here: it is held back from what is *published*, so that a
 * late sync does not sell units twice. An order that reaches us is already sold and paid, and may
 * take every available unit, whether it is new or has been waiting.
 */

export interface OrderLineInput {
  skuId: string;
  quantity: number;
  unitPriceMinor: number;
}

export type OrderOutcome =
  | { status: 'reserved'; orderId: string; shipBy: string; picks: Pick[] }
  | { status: 'awaiting_stock'; orderId: string; shortfalls: Shortfall[]; splitWouldFill: boolean }
  | { status: 'duplicate'; orderId: string }
  /** Its marketplace cancel arrived first (cancelTombstones.ts): stored cancelled, nothing reserved. */
  | { status: 'cancelled'; orderId: string };

export type ReserveOutcome = Exclude<OrderOutcome, { status: 'duplicate' | 'cancelled' }>;

/** A request the order's state refuses (shipping a cancelled order), or an order that does not exist. */
export class OrderError extends Error {
  constructor(
    readonly code: 'ORDER_STATE' | 'NOT_FOUND',
    message: string,
    /** The refusal in words the command line says in the user's language. */
    readonly reason?: RefusalReason,
  ) {
    super(message);
  }
}

/**
 * A point to stop at inside the transaction, after planning and before the guarded statements:
 * the dangerous moment. Tests use it to force an interleaving instead of hoping for a race.
 */
export interface ReserveHooks {
  afterPlan?: () => Promise<void>;
}

/** A stored order to reserve. */
export interface StoredOrder {
  id: string;
  organizationId: string;
  storefrontId: string;
  paidAt: string;
  lines: readonly { skuId: string; quantity: number }[];
  /** Whether it was waiting: its alerts change when it is reserved. */
  waiting: boolean;
  /** The marketplace's own ship deadline (TikTok's), when it has one: the earlier deadline wins. */
  marketplaceShipBy?: string | null | undefined;
}

/** The `waiting_reason` of an awaiting_stock order (a shared contract: the board reads it). */
export interface WaitingReason {
  shortfalls: { skuId: string; sku: string; wanted: number; available: number }[];
  splitWouldFill: boolean;
}

/** The level rows an order may take: its SKUs in each of its storefront's warehouses. */
export function rowsFor(order: { lines: readonly { skuId: string }[] }, storefront: StorefrontSetup) {
  return inLockOrder(
    order.lines.flatMap((l) => storefront.warehouses.map((w) => ({ skuId: l.skuId, warehouseId: w.id }))),
  );
}

export async function reserveStored(
  st: StockTransaction,
  order: StoredOrder,
  who: { actor: string; at: string },
  options: { fromWarehouse?: string; hooks?: ReserveHooks } = {},
): Promise<ReserveOutcome> {
  const { trx } = st;
  const storefront = await st.storefront(order.storefrontId);
  await st.lock(rowsFor(order, storefront));
  const split = storefront.allow_split === 1;
  // From one warehouse: first (then the others) where the storefront splits; else only it.
  const from = options.fromWarehouse;
  const warehouses = from
    ? [
        ...storefront.warehouses.filter((w) => w.id === from),
        ...(split ? storefront.warehouses.filter((w) => w.id !== from) : []),
      ]
    : storefront.warehouses;
  const snapshot = warehouses.map((w) => ({
    warehouseId: w.id,
    available: new Map(order.lines.map((l) => [l.skuId, st.available(l.skuId, w.id)])),
  }));
  const plan = allocateOrder(order.lines, snapshot, split);
  const rule = await st.ruleOf(storefront);
  const skuIds = [...new Set(order.lines.map((l) => l.skuId))];

  if (!plan.ok) {
    // The platform's clock runs for this order too [P11]: keep its deadlines, by the storefront's
    // first warehouse, so that it shows among the orders about to be late.
    const first = storefront.warehouses[0];
    const deadlines = first ? deadlinesAt(order.paidAt, rule, first, order.marketplaceShipBy) : null;
    const reason: WaitingReason = {
      shortfalls: await withSkuCodes(st, plan.shortfalls),
      splitWouldFill: plan.splitWouldFill,
    };
    await trx
      .updateTable('orders')
      .set({
        status: 'awaiting_stock',
        waiting_reason: JSON.stringify(reason),
        ship_by: deadlines?.platform ?? null,
        operational_by: deadlines?.operational ?? null,
        policy_ship_by: deadlines?.policy ?? null,
        warehouse_id: first?.id ?? null,
        updated_at: who.at,
      })
      .where('id', '=', order.id)
      .execute();
    st.waitingChanged(order.organizationId, order.storefrontId, skuIds);
    return {
      status: 'awaiting_stock',
      orderId: order.id,
      shortfalls: plan.shortfalls,
      splitWouldFill: plan.splitWouldFill,
    };
  }

  await options.hooks?.afterPlan?.();
  const picks = inLockOrder(plan.picks);
  for (const p of picks) {
    const row = await trx
      .updateTable('stock_levels')
      .set((eb) => ({ reserved: eb('reserved', '+', p.quantity), updated_at: who.at }))
      .where('sku_id', '=', p.skuId)
      .where('warehouse_id', '=', p.warehouseId)
      .where((eb) => eb(eb('on_hand', '-', eb.ref('reserved')), '>=', p.quantity))
      .returning(['sku_id', 'warehouse_id', 'on_hand', 'reserved'])
      .executeTakeFirst();
    if (!row) throw new PlanRaced();
    st.saw(row);
  }
  await trx
    .insertInto('reservations')
    .values(
      picks.map((p) => ({
        id: newId(),
        organization_id: order.organizationId,
        order_id: order.id,
        sku_id: p.skuId,
        warehouse_id: p.warehouseId,
        quantity: p.quantity,
        status: 'active' as const,
        created_at: who.at,
      })),
    )
    .execute();
  await trx
    .insertInto('stock_movements')
    .values(
      picks.map((p) => ({
        organization_id: order.organizationId,
        sku_id: p.skuId,
        warehouse_id: p.warehouseId,
        kind: 'reserve' as const,
        on_hand_delta: 0,
        reserved_delta: p.quantity,
        reason: order.waiting ? 'waited for stock' : null,
        actor: who.actor,
        order_id: order.id,
        idempotency_key: null,
        created_at: who.at,
      })),
    )
    .execute();

  // [P11] The earliest deadlines of the warehouses that ship it: each counts its own holidays and
  // has its own carrier cut-off.
  const byId = new Map(storefront.warehouses.map((w) => [w.id, w]));
  const each = [...new Set(picks.map((p) => p.warehouseId))].map((id) => ({
    warehouseId: id,
    ...deadlinesAt(
      order.paidAt,
      rule,
      byId.get(id) as StorefrontSetup['warehouses'][number],
      order.marketplaceShipBy,
    ),
  }));
  const deadline = each.map((d) => d.platform).sort()[0] as string;
  const policyDeadline = each.map((d) => d.policy).sort()[0] as string;
  // The order is the queue's of the warehouse whose pickup comes first.
  const first = [...each].sort((a, b) =>
    a.operational < b.operational ? -1 : a.operational > b.operational ? 1 : 0,
  )[0] as (typeof each)[number];
  const updated = await trx
    .updateTable('orders')
    .set({
      status: 'reserved',
      ship_by: deadline,
      policy_ship_by: policyDeadline,
      operational_by: first.operational,
      warehouse_id: first.warehouseId,
      waiting_reason: null,
      updated_at: who.at,
    })
    .where('id', '=', order.id)
    .executeTakeFirst();
  if (changed(updated) !== 1) throw new Error(`order ${order.id} vanished while being reserved`);
  st.changed(order.organizationId, skuIds);
  if (order.waiting) {
    st.waitingChanged(order.organizationId, order.storefrontId, skuIds);
    // An alert of the earlier shape (one per order), raised before alerts were per SKU.
    await resolveAlert(trx, order.organizationId, 'oversell', `order:${order.id}`);
  }
  return { status: 'reserved', orderId: order.id, shipBy: deadline, picks };
}

/**
 * The platform deadline [P11] (counted on the policy's calendar) and the warehouse's last carrier
 * pickup before it (on the warehouse's), as UTC instants. A rule without a calendar of its own
 * counts the platform's days on the warehouse's. When the marketplace brings its own deadline
 * (TikTok's rts_sla_time) and it comes first, it is the platform deadline (DESIGN.md: the earlier
 * wins) and the pickup is the last one before it; `policy` keeps the policy's.
 */
function deadlinesAt(
  paidAt: string,
  rule: DispatchRule & { holidayCalendar?: string },
  w: { holiday_calendar: string; time_zone: string; cutoff: string },
  marketplace?: string | null,
): { platform: string; operational: string; policy: string } {
  const clock = warehouseClock(w);
  const d = orderDeadlines(
    paidAt,
    { ...rule, holidayCalendar: rule.holidayCalendar ?? w.holiday_calendar },
    clock,
  );
  if (!marketplace || Date.parse(marketplace) >= Date.parse(d.platform)) return { ...d, policy: d.platform };
  return { platform: marketplace, operational: operationalDeadline(marketplace, clock), policy: d.platform };
}

async function withSkuCodes(
  st: StockTransaction,
  shortfalls: Shortfall[],
): Promise<WaitingReason['shortfalls']> {
  if (shortfalls.length === 0) return [];
  const rows = await st.trx
    .selectFrom('skus')
    .select(['id', 'sku'])
    .where(
      'id',
      'in',
      shortfalls.map((s) => s.skuId),
    )
    .execute();
  const code = new Map(rows.map((r) => [r.id, r.sku]));
  return shortfalls.map((s) => ({
    skuId: s.skuId,
    sku: code.get(s.skuId) ?? s.skuId,
    wanted: s.wanted,
    available: s.available,
  }));
}
