import {
  operationalDeadline,
  orderDeadlines,
  warehouseClock,
} from '../domain/dispatch/operationalDeadline.ts';
import type { DispatchRule } from '../domain/dispatch/shipBy.ts';
import { allocateOrder, type Pick, type Shortfall } from '../domain/stock/allocateOrder.ts';
import type { RefusalReason } from '../i18n/refusals.ts';
import { resolveAlert } from './alerts.ts';
import { txStatement } from './cachedQuery.ts';
import { newId } from './ids.ts';
import { inLockOrder, PlanRaced } from './lockStock.ts';
import type { StockTransaction, StorefrontSetup } from './stockTransaction.ts';
import { changed } from './transaction.ts';

/**
 * Reserving an order that is stored (new, or waiting for stock), inside a stock transaction whose
 * rows are locked (lockStock.ts):
 *  1. plan with the pure `allocateOrder` over the locked snapshot (one warehouse preferred, split
 *     only if the storefront allows it);
 *  2. write the order's row once, with the status the plan decided (`planColumns`);
 *  3. execute the plan with ONE guarded statement for all its (SKU, warehouse) picks:
 *     `reserved = reserved + q WHERE on_hand − reserved ≥ q`. The check and the increment are one
 *     statement, so two orders can never both take the last unit. A change count below the number
 *     of picks rolls the whole transaction back (PlanRaced) to be planned again: with the rows
 *     locked it should not happen.
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

/**
 * An order's lines as its outcome left them (the API answers from it without reading the order
 * back): `reserved` units held for it, `short` units of the line's SKU it lacks (0 when reserved;
 * nothing is ever reserved in part).
 */
export interface LineOutcome {
  skuId: string;
  /** The seller's SKU code, where the caller had it (placeOrder). */
  sku?: string;
  quantity: number;
  reserved: number;
  short: number;
}

export type OrderOutcome =
  | { status: 'reserved'; orderId: string; shipBy: string; picks: Pick[]; lines: LineOutcome[] }
  | {
      status: 'awaiting_stock';
      orderId: string;
      shortfalls: Shortfall[];
      splitWouldFill: boolean;
      /** The platform deadline, by the storefront's first warehouse (null without a warehouse). */
      shipBy: string | null;
      lines: LineOutcome[];
    }
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
  const organizationId = storefront.organization_id;
  return inLockOrder(
    order.lines.flatMap((l) =>
      storefront.warehouses.map((w) => ({ organizationId, skuId: l.skuId, warehouseId: w.id })),
    ),
  );
}

/** What an order will do, decided before anything is written (the pure plan, with its deadlines). */
export type OrderPlan =
  | {
      ok: true;
      /** In lock order. */
      picks: Pick[];
      shipBy: string;
      policyShipBy: string;
      operationalBy: string;
      warehouseId: string;
    }
  | {
      ok: false;
      shortfalls: Shortfall[];
      splitWouldFill: boolean;
      reason: WaitingReason;
      deadlines: { platform: string; operational: string; policy: string } | null;
      warehouseId: string | null;
    };

/**
 * Plans an order over the locked snapshot and works out its deadlines, writing nothing: the order
 * row can then be written once, with its final status (a new order is inserted so), and the
 * reservation carried out by `carryOut`.
 */
export async function planStored(
  st: StockTransaction,
  order: StoredOrder,
  options: { fromWarehouse?: string } = {},
): Promise<OrderPlan> {
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

  if (!plan.ok) {
    // The platform's clock runs for this order too [P11]: keep its deadlines, by the storefront's
    // first warehouse, so that it shows among the orders about to be late.
    const first = storefront.warehouses[0];
    return {
      ok: false,
      shortfalls: plan.shortfalls,
      splitWouldFill: plan.splitWouldFill,
      reason: { shortfalls: await withSkuCodes(st, plan.shortfalls), splitWouldFill: plan.splitWouldFill },
      deadlines: first ? deadlinesAt(order.paidAt, rule, first, order.marketplaceShipBy) : null,
      warehouseId: first?.id ?? null,
    };
  }

  const picks = inLockOrder(plan.picks);
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
  // The order is the queue's of the warehouse whose pickup comes first.
  const first = [...each].sort((a, b) =>
    a.operational < b.operational ? -1 : a.operational > b.operational ? 1 : 0,
  )[0] as (typeof each)[number];
  return {
    ok: true,
    picks,
    shipBy: each.map((d) => d.platform).sort()[0] as string,
    policyShipBy: each.map((d) => d.policy).sort()[0] as string,
    operationalBy: first.operational,
    warehouseId: first.warehouseId,
  };
}

/** The columns of the order's row that its plan decides. */
export function planColumns(plan: OrderPlan) {
  return plan.ok
    ? {
        status: 'reserved' as const,
        ship_by: plan.shipBy,
        policy_ship_by: plan.policyShipBy,
        operational_by: plan.operationalBy,
        warehouse_id: plan.warehouseId,
        waiting_reason: null,
      }
    : {
        status: 'awaiting_stock' as const,
        waiting_reason: JSON.stringify(plan.reason),
        ship_by: plan.deadlines?.platform ?? null,
        operational_by: plan.deadlines?.operational ?? null,
        policy_ship_by: plan.deadlines?.policy ?? null,
        warehouse_id: plan.warehouseId,
      };
}

/**
 * Carries out a plan whose order row already says what it decided: the guarded increments of all
 * its picks in ONE statement, `reserved = reserved + q WHERE on_hand − reserved ≥ q`, whose change
 * count proves the plan held (a row that no longer had the units is not changed, and the whole
 * transaction rolls back as PlanRaced to be planned again: with the rows locked it should not
 * happen); then its reservations and ledger rows, one insert each.
 */
export async function carryOut(
  st: StockTransaction,
  order: StoredOrder,
  plan: OrderPlan,
  who: { actor: string; at: string },
  /** `written`: the increments, reservations and ledger rows are written already (one PostgreSQL statement). */
  done: { written?: boolean } = {},
): Promise<ReserveOutcome> {
  const { trx } = st;
  const skuIds = [...new Set(order.lines.map((l) => l.skuId))];
  if (!plan.ok) {
    st.waitingChanged(order.organizationId, order.storefrontId, skuIds);
    const short = new Map(plan.shortfalls.map((f) => [f.skuId, Math.max(0, f.wanted - f.available)]));
    return {
      status: 'awaiting_stock',
      orderId: order.id,
      shortfalls: plan.shortfalls,
      splitWouldFill: plan.splitWouldFill,
      shipBy: plan.deadlines?.platform ?? null,
      lines: order.lines.map((l) => ({
        skuId: l.skuId,
        quantity: l.quantity,
        reserved: 0,
        short: short.get(l.skuId) ?? 0,
      })),
    };
  }
  const { picks } = plan;
  if (!done.written) await writePlan(st, order, picks, who);
  st.changed(order.organizationId, skuIds);
  if (order.waiting) {
    st.waitingChanged(order.organizationId, order.storefrontId, skuIds);
    // An alert of the earlier shape (one per order), raised before alerts were per SKU.
    await resolveAlert(trx, order.organizationId, 'oversell', `order:${order.id}`);
  }
  return {
    status: 'reserved',
    orderId: order.id,
    shipBy: plan.shipBy,
    picks,
    lines: order.lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity, reserved: l.quantity, short: 0 })),
  };
}

/** The increments (one guarded statement), the reservations and the ledger rows of a plan. */
async function writePlan(
  st: StockTransaction,
  order: StoredOrder,
  picks: Pick[],
  who: { actor: string; at: string },
): Promise<void> {
  const { trx } = st;
  const rows = await reserveLevels(
    trx,
    [who.at, ...picks.flatMap((p) => [p.skuId, p.warehouseId, p.quantity]), order.organizationId],
    picks.length,
  );
  if (rows.length !== picks.length) throw new PlanRaced();
  for (const row of rows) st.saw(row);
  await insertReservations(
    trx,
    picks.flatMap((p) => [
      newId(),
      order.organizationId,
      order.id,
      p.skuId,
      p.warehouseId,
      p.quantity,
      who.at,
    ]),
    picks.length,
  );
  await insertReserveMovements(
    trx,
    picks.flatMap((p) => [
      order.organizationId,
      p.skuId,
      p.warehouseId,
      p.quantity,
      order.waiting ? 'waited for stock' : null,
      who.actor,
      order.id,
      who.at,
    ]),
    picks.length,
  );
}

// VALUES columns are column1… on both engines; the cast types the quantity on PostgreSQL.
const reserveLevels = txStatement<{
  sku_id: string;
  warehouse_id: string;
  on_hand: number;
  reserved: number;
}>(
  `update stock_levels
   set reserved = reserved + cast(v.column3 as integer), updated_at = ?
   from (values {rows}) as v
   where stock_levels.organization_id = ?
     and stock_levels.sku_id = v.column1 and stock_levels.warehouse_id = v.column2
     and stock_levels.on_hand - stock_levels.reserved >= cast(v.column3 as integer)
   returning stock_levels.sku_id, stock_levels.warehouse_id, stock_levels.on_hand, stock_levels.reserved`,
  '(?, ?, ?)',
);
const insertReservations = txStatement(
  `insert into reservations (id, organization_id, order_id, sku_id, warehouse_id, quantity, status, created_at)
   values {rows}`,
  "(?, ?, ?, ?, ?, ?, 'active', ?)",
);
const insertReserveMovements = txStatement(
  `insert into stock_movements (organization_id, sku_id, warehouse_id, kind, on_hand_delta, reserved_delta, reason,
     actor, order_id, idempotency_key, created_at)
   values {rows}`,
  "(?, ?, ?, 'reserve', 0, ?, ?, ?, ?, null, ?)",
);

/** Reserves a stored order (waiting for stock, or one a connector stored): plan, its row, the rest. */
export async function reserveStored(
  st: StockTransaction,
  order: StoredOrder,
  who: { actor: string; at: string },
  options: { fromWarehouse?: string; hooks?: ReserveHooks } = {},
): Promise<ReserveOutcome> {
  const plan = await planStored(st, order, options);
  if (plan.ok) await options.hooks?.afterPlan?.();
  const updated = await st.trx
    .updateTable('orders')
    .set({ ...planColumns(plan), updated_at: who.at })
    .where('id', '=', order.id)
    .executeTakeFirst();
  if (changed(updated) !== 1) throw new Error(`order ${order.id} vanished while being reserved`);
  return carryOut(st, order, plan, who);
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
