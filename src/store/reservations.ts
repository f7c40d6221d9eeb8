import { randomUUID } from 'node:crypto';
import { holidayCalendar } from '../domain/dispatch/holidayCalendars.ts';
import { operationalDeadline } from '../domain/dispatch/operationalDeadline.ts';
import { type DispatchRule, shipBy } from '../domain/dispatch/shipBy.ts';
import { allocateOrder, type Pick, type Shortfall } from '../domain/stock/allocateOrder.ts';
import type { RefusalReason } from '../i18n/refusals.ts';
import { raiseAlert } from './alerts.ts';
import type { Store } from './openDatabase.ts';
import { lastPublished, republish } from './publish.ts';
import { applyOnHand } from './stockLedger.ts';
import { changed, inTransaction, now, type Tx } from './transaction.ts';

/**
 * The one module that writes `reserved` (STYLE.md: own one hard thing in one place).
 *
 * Reserving an order, in one transaction or not at all:
 *  1. insert the order; its (storefront, external id) key makes a re-delivery a no-op;
 *  2. read a snapshot of what its storefront's warehouses have available, locking those rows in a
 *     fixed order (SKU id, then warehouse id) on PostgreSQL; SQLite's BEGIN IMMEDIATE holds the file;
 *  3. plan with the pure `allocateOrder` (one warehouse preferred, split only if allowed);
 *  4. execute the plan with one guarded statement per (SKU, warehouse), in a fixed order
 *     (SKU id, then warehouse id) so that two transactions never wait on each other in a cycle:
 *     `reserved = reserved + q WHERE on_hand − reserved ≥ q`. The check and the increment are one
 *     statement, so two orders can never both take the last unit.
 * If a guarded statement ever finds less than the snapshot promised, the whole transaction rolls
 * back and the order is planned again from fresh numbers (a defence: with the rows locked it
 * should not happen). An order that
 * cannot be filled is recorded `awaiting_stock` with its shortfall and a loud oversell alert — never
 * a silent partial reservation.
 */

export interface OrderLineInput {
  skuId: string;
  quantity: number;
  unitPriceMinor: number;
}

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
}

export type OrderOutcome =
  | { status: 'reserved'; orderId: string; shipBy: string; picks: Pick[] }
  | { status: 'awaiting_stock'; orderId: string; shortfalls: Shortfall[]; splitWouldFill: boolean }
  | { status: 'duplicate'; orderId: string };

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

/** Another transaction changed the stock between the snapshot and the guarded statement. */
class PlanRaced extends Error {}

const MAX_ATTEMPTS = 50;

/**
 * A point to stop at inside the transaction, after planning and before the guarded statements:
 * the dangerous moment. Tests use it to force an interleaving instead of hoping for a race.
 */
export interface ReserveHooks {
  afterPlan?: () => Promise<void>;
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
 * Several orders in one transaction (an import): each is reserved or recorded awaiting_stock as
 * above, and the batch commits whole or not at all, so a crash mid-import leaves no half-written
 * order and a re-run skips the orders already stored.
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
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(store, async (trx) => {
        const batch: Batch = {
          storefronts: new Map(),
          touched: new Map(),
          lockRows: store.engine === 'postgres',
        };
        const outcomes: OrderOutcome[] = [];
        for (const order of orders) outcomes.push(await reserveOnce(trx, order, rule, hooks, batch));
        // What the storefronts may publish changes once per batch, not once per order.
        for (const [org, skuIds] of batch.touched) await republish(trx, org, [...skuIds], store.engine);
        return outcomes;
      });
    } catch (e) {
      if (!(e instanceof PlanRaced || isRetryable(e)) || attempt >= MAX_ATTEMPTS) throw e;
      // Let the transaction that won the race finish before reading again.
      await new Promise((r) => setTimeout(r, Math.random() * 2 * attempt));
    }
  }
}

/** What one transaction of orders reads once and shares: storefronts and the SKUs it touched. */
interface Batch {
  storefronts: Map<string, StorefrontSetup>;
  touched: Map<string, Set<string>>;
  /** PostgreSQL: lock the snapshot's rows (SQLite's BEGIN IMMEDIATE already holds the whole file). */
  lockRows: boolean;
}

interface StorefrontSetup {
  allow_split: number;
  code: string;
  name: string;
  warehouses: { id: string; holiday_calendar: string; time_zone: string; cutoff: string }[];
}

async function storefrontSetup(trx: Tx, batch: Batch, storefrontId: string): Promise<StorefrontSetup> {
  const known = batch.storefronts.get(storefrontId);
  if (known) return known;
  const storefront = await trx
    .selectFrom('storefronts')
    .select(['allow_split', 'code', 'name'])
    .where('id', '=', storefrontId)
    .executeTakeFirstOrThrow();
  const warehouses = await trx
    .selectFrom('storefront_warehouses as sw')
    .innerJoin('warehouses as w', 'w.id', 'sw.warehouse_id')
    .select(['w.id', 'w.holiday_calendar', 'w.time_zone', 'w.cutoff'])
    .where('sw.storefront_id', '=', storefrontId)
    .orderBy('sw.priority')
    .execute();
  const setup = { ...storefront, warehouses };
  batch.storefronts.set(storefrontId, setup);
  return setup;
}

async function reserveOnce(
  trx: Tx,
  order: OrderInput,
  rule: DispatchRule,
  hooks: ReserveHooks,
  batch: Batch,
): Promise<OrderOutcome> {
  const at = order.takenAt ?? now();
  const orderId = randomUUID();
  const total = order.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
  const inserted = await trx
    .insertInto('orders')
    .values({
      id: orderId,
      organization_id: order.organizationId,
      storefront_id: order.storefrontId,
      external_id: order.externalId,
      status: 'pending',
      currency: order.currency,
      total_minor: total,
      paid_at: order.paidAt,
      ship_by: null,
      operational_by: null,
      warehouse_id: null,
      waiting_reason: null,
      shipped_at: null,
      carrier: null,
      tracking: null,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.columns(['storefront_id', 'external_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    const existing = await trx
      .selectFrom('orders')
      .select('id')
      .where('storefront_id', '=', order.storefrontId)
      .where('external_id', '=', order.externalId)
      .executeTakeFirstOrThrow();
    return { status: 'duplicate', orderId: existing.id };
  }
  await trx
    .insertInto('order_lines')
    .values(
      order.lines.map((l, i) => ({
        id: randomUUID(),
        order_id: orderId,
        line_no: i + 1,
        sku_id: l.skuId,
        quantity: l.quantity,
        unit_price_minor: l.unitPriceMinor,
      })),
    )
    .execute();

  const storefront = await storefrontSetup(trx, batch, order.storefrontId);
  const { warehouses } = storefront;
  const skuIds = [...new Set(order.lines.map((l) => l.skuId))];
  // The snapshot's rows are locked in one fixed order (SKU, then warehouse), so that orders for the
  // same hot SKUs queue instead of planning on numbers that are about to change, and never deadlock.
  let levelsQuery = trx
    .selectFrom('stock_levels')
    .select(['sku_id', 'warehouse_id', 'on_hand', 'reserved'])
    .where('sku_id', 'in', skuIds)
    .where(
      'warehouse_id',
      'in',
      warehouses.map((w) => w.id),
    )
    .orderBy('sku_id')
    .orderBy('warehouse_id');
  if (batch.lockRows) levelsQuery = levelsQuery.forUpdate();
  const levels = warehouses.length ? await levelsQuery.execute() : [];
  const snapshot = warehouses.map((w) => ({
    warehouseId: w.id,
    available: new Map(
      levels.filter((l) => l.warehouse_id === w.id).map((l) => [l.sku_id, l.on_hand - l.reserved]),
    ),
  }));
  const plan = allocateOrder(order.lines, snapshot, storefront.allow_split === 1);

  if (!plan.ok) {
    const reason = plan.splitWouldFill
      ? 'stock is split across warehouses and this storefront does not split orders'
      : plan.shortfalls.map((s) => `${s.skuId}: wanted ${s.wanted}, available ${s.available}`).join('; ');
    // The platform's clock runs for this order too [P11]: keep its deadlines, by the storefront's
    // first warehouse, so that it shows among the orders about to be late.
    const first = warehouses[0];
    const deadlines = first ? orderDeadlines(order.paidAt, rule, first) : null;
    await trx
      .updateTable('orders')
      .set({
        status: 'awaiting_stock',
        waiting_reason: reason,
        ship_by: deadlines?.platform ?? null,
        operational_by: deadlines?.operational ?? null,
        warehouse_id: first?.id ?? null,
        updated_at: at,
      })
      .where('id', '=', orderId)
      .execute();
    await raiseOversell(trx, order, orderId, storefront, plan.shortfalls, plan.splitWouldFill);
    return {
      status: 'awaiting_stock',
      orderId,
      shortfalls: plan.shortfalls,
      splitWouldFill: plan.splitWouldFill,
    };
  }

  await hooks.afterPlan?.();
  const picks = [...plan.picks].sort(
    (a, b) => a.skuId.localeCompare(b.skuId) || a.warehouseId.localeCompare(b.warehouseId),
  );
  for (const p of picks) {
    const result = await trx
      .updateTable('stock_levels')
      .set((eb) => ({ reserved: eb('reserved', '+', p.quantity), updated_at: at }))
      .where('sku_id', '=', p.skuId)
      .where('warehouse_id', '=', p.warehouseId)
      .where((eb) => eb(eb('on_hand', '-', eb.ref('reserved')), '>=', p.quantity))
      .executeTakeFirst();
    if (changed(result) === 0) throw new PlanRaced();
  }
  await trx
    .insertInto('reservations')
    .values(
      picks.map((p) => ({
        id: randomUUID(),
        organization_id: order.organizationId,
        order_id: orderId,
        sku_id: p.skuId,
        warehouse_id: p.warehouseId,
        quantity: p.quantity,
        status: 'active' as const,
        created_at: at,
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
        reason: null,
        actor: order.actor,
        order_id: orderId,
        idempotency_key: null,
        created_at: at,
      })),
    )
    .execute();

  // [P11] The earliest deadlines of the warehouses that ship it: each counts its own holidays and
  // has its own carrier cut-off.
  const byId = new Map(warehouses.map((w) => [w.id, w]));
  const each = [...new Set(picks.map((p) => p.warehouseId))].map((id) => ({
    warehouseId: id,
    ...orderDeadlines(order.paidAt, rule, byId.get(id) as StorefrontSetup['warehouses'][number]),
  }));
  const deadline = each.map((d) => d.platform).sort()[0] as string;
  // The order is the queue's of the warehouse whose pickup comes first.
  const first = [...each].sort((a, b) =>
    a.operational.localeCompare(b.operational),
  )[0] as (typeof each)[number];
  await trx
    .updateTable('orders')
    .set({
      status: 'reserved',
      ship_by: deadline,
      operational_by: first.operational,
      warehouse_id: first.warehouseId,
      updated_at: at,
    })
    .where('id', '=', orderId)
    .execute();
  const touched = batch.touched.get(order.organizationId) ?? new Set<string>();
  for (const id of skuIds) touched.add(id);
  batch.touched.set(order.organizationId, touched);
  return { status: 'reserved', orderId, shipBy: deadline, picks };
}

/** The platform deadline [P11] and the warehouse's last carrier pickup before it, as UTC instants. */
function orderDeadlines(
  paidAt: string,
  rule: DispatchRule,
  w: { holiday_calendar: string; time_zone: string; cutoff: string },
): { platform: string; operational: string } {
  const calendar = holidayCalendar(w.holiday_calendar);
  const platform = shipBy(paidAt, rule, calendar).utc;
  return {
    platform,
    operational: operationalDeadline(platform, { timeZone: w.time_zone, cutoff: w.cutoff, calendar }),
  };
}

/**
 * The oversell alert: which SKUs fell short and by how much, and what each storefront had last been
 * told it could sell — the number that let the buyer place the order.
 */
async function raiseOversell(
  trx: Tx,
  order: OrderInput,
  orderId: string,
  storefront: { code: string; name: string },
  shortfalls: Shortfall[],
  splitWouldFill: boolean,
): Promise<void> {
  const published: Record<string, number | null> = {};
  for (const s of shortfalls)
    published[s.skuId] = (await lastPublished(trx, order.storefrontId, s.skuId)) ?? null;
  const skus = await trx
    .selectFrom('skus')
    .select(['id', 'sku'])
    .where('id', 'in', shortfalls.length ? shortfalls.map((s) => s.skuId) : [''])
    .execute();
  const code = new Map(skus.map((s) => [s.id, s.sku]));
  const what = splitWouldFill
    ? 'stock exists only across several warehouses and the storefront does not split orders'
    : shortfalls
        .map(
          (s) =>
            `${code.get(s.skuId)}: ordered ${s.wanted}, available ${s.available}, last published ${published[s.skuId] ?? 'never'}`,
        )
        .join('; ');
  await raiseAlert(trx, {
    organizationId: order.organizationId,
    kind: 'oversell',
    subject: `order:${orderId}`,
    severity: 'critical',
    message: `Order ${order.externalId} on ${storefront.name} (${storefront.code}) cannot be filled: ${what}`,
    data: {
      orderId,
      externalId: order.externalId,
      storefront: storefront.code,
      shortfalls: shortfalls.map((s) => ({ ...s, sku: code.get(s.skuId), published: published[s.skuId] })),
      splitWouldFill,
    },
  });
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
  return inTransaction(store, async (trx) => {
    const order = await lockedOrder(store, trx, orderId);
    if (!order) throw new OrderError('NOT_FOUND', `no order ${orderId}`);
    if (order.status === 'shipped' || order.status === 'delivered') return 'already_shipped';
    if (order.status !== 'reserved')
      throw new OrderError(
        'ORDER_STATE',
        `order ${order.external_id} is ${order.status}: only a reserved order can ship`,
        { key: 'order_cannot_ship', params: { order: order.external_id, status: order.status } },
      );
    const at = shipment.shippedAt ?? now();
    const skuIds = await settleReservations(trx, order.organization_id, orderId, 'ship', shipment.actor, at);
    await trx
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
    await republish(trx, order.organization_id, skuIds, store.engine);
    return 'shipped';
  });
}

/** Cancel: what the order held is released for other orders. */
export async function cancelOrder(
  store: Store,
  orderId: string,
  actor: string,
  reason: string,
): Promise<'cancelled' | 'already_cancelled'> {
  return inTransaction(store, async (trx) => {
    const order = await lockedOrder(store, trx, orderId);
    if (!order) throw new OrderError('NOT_FOUND', `no order ${orderId}`);
    if (order.status === 'cancelled') return 'already_cancelled';
    if (order.status === 'shipped' || order.status === 'delivered')
      throw new OrderError('ORDER_STATE', `order ${order.external_id} has shipped: record a return instead`, {
        key: 'order_shipped_no_cancel',
        params: { order: order.external_id },
      });
    const at = now();
    const skuIds = await settleReservations(
      trx,
      order.organization_id,
      orderId,
      'release',
      actor,
      at,
      reason,
    );
    await trx
      .updateTable('orders')
      .set({ status: 'cancelled', updated_at: at })
      .where('id', '=', orderId)
      .execute();
    await republish(trx, order.organization_id, skuIds, store.engine);
    return 'cancelled';
  });
}

/** A return of shipped units: back on hand when sellable; a damaged one is recorded and written off. */
export async function returnItems(
  store: Store,
  input: {
    orderId: string;
    skuId: string;
    warehouseId: string;
    quantity: number;
    sellable: boolean;
    actor: string;
    idempotencyKey?: string;
    /** The SKU code, for the refusal's words. */
    sku?: string;
  },
): Promise<void> {
  await inTransaction(store, async (trx) => {
    const order = await lockedOrder(store, trx, input.orderId);
    if (!order) throw new OrderError('NOT_FOUND', `no order ${input.orderId}`);
    if (order.status !== 'shipped' && order.status !== 'delivered')
      throw new OrderError('ORDER_STATE', `order ${order.external_id} has not shipped`, {
        key: 'order_not_shipped',
        params: { order: order.external_id, status: order.status },
      });
    // No more may come back than the order shipped of this SKU.
    const shipped = await trx
      .selectFrom('reservations')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('quantity'), eb.lit(0)).as('units'))
      .where('order_id', '=', input.orderId)
      .where('sku_id', '=', input.skuId)
      .where('status', '=', 'consumed')
      .executeTakeFirstOrThrow();
    const returned = await trx
      .selectFrom('stock_movements')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('on_hand_delta'), eb.lit(0)).as('units'))
      .where('order_id', '=', input.orderId)
      .where('sku_id', '=', input.skuId)
      .where('kind', '=', 'return')
      .executeTakeFirstOrThrow();
    if (Number(returned.units) + input.quantity > Number(shipped.units)) {
      throw new OrderError(
        'ORDER_STATE',
        `order ${order.external_id} shipped ${shipped.units} of this SKU and ${returned.units} came back already`,
        {
          key: 'return_more_than_shipped',
          params: {
            order: order.external_id,
            sku: input.sku ?? input.skuId,
            shipped: Number(shipped.units),
            returned: Number(returned.units),
            left: Number(shipped.units) - Number(returned.units),
          },
        },
      );
    }
    const m = {
      organizationId: order.organization_id,
      skuId: input.skuId,
      warehouseId: input.warehouseId,
      actor: input.actor,
      orderId: input.orderId,
      reason: input.sellable ? 'return' : 'return, not sellable',
      idempotencyKey: input.idempotencyKey,
    };
    const applied = await applyOnHand(trx, m, 'return', input.quantity);
    // A damaged unit comes back and is written off at once: the ledger shows both, on hand is
    // unchanged, and the return counts toward what the order can still send back.
    if (!input.sellable && applied === 'applied') {
      await applyOnHand(
        trx,
        { ...m, reason: 'damaged return written off', idempotencyKey: undefined },
        'adjust',
        -input.quantity,
      );
    }
    await republish(trx, order.organization_id, [input.skuId], store.engine);
  });
}

/**
 * Ends an order's active reservations: shipped (on hand and reserved both drop) or released
 * (reserved drops). Guarded like the reservation itself, in the same lock order; returns the SKUs.
 */
async function settleReservations(
  trx: Tx,
  organizationId: string,
  orderId: string,
  kind: 'ship' | 'release',
  actor: string,
  at: string,
  reason: string | null = null,
): Promise<string[]> {
  const active = await trx
    .selectFrom('reservations')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('status', '=', 'active')
    .execute();
  for (const r of sortReservations(active)) {
    const leaves = kind === 'ship' ? r.quantity : 0;
    const result = await trx
      .updateTable('stock_levels')
      .set((eb) => ({
        on_hand: eb('on_hand', '-', leaves),
        reserved: eb('reserved', '-', r.quantity),
        updated_at: at,
      }))
      .where('sku_id', '=', r.sku_id)
      .where('warehouse_id', '=', r.warehouse_id)
      .where('reserved', '>=', r.quantity)
      .executeTakeFirst();
    if (changed(result) === 0)
      throw new Error(`ledger drift: reservation ${r.id} is not held in stock_levels`);
    await trx
      .insertInto('stock_movements')
      .values(movement(organizationId, r, kind, -leaves, -r.quantity, actor, orderId, at, reason))
      .execute();
  }
  await trx
    .updateTable('reservations')
    .set({ status: kind === 'ship' ? 'consumed' : 'released' })
    .where('order_id', '=', orderId)
    .where('status', '=', 'active')
    .execute();
  return active.map((r) => r.sku_id);
}

/**
 * The order row, locked on PostgreSQL until the transaction ends: two concurrent ships, cancels or
 * returns of one order then run one after the other, and the second sees what the first did.
 * (SQLite's BEGIN IMMEDIATE already serialises them.)
 */
async function lockedOrder(store: Store, trx: Tx, orderId: string) {
  let q = trx.selectFrom('orders').selectAll().where('id', '=', orderId);
  if (store.engine === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
}

/**
 * PostgreSQL's deadlock (40P01) and serialization (40001) errors: the transaction was rolled back
 * whole and may simply run again. A batch of imported orders locks its rows order by order, so a
 * concurrent order can close a cycle with it.
 */
function isRetryable(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return code === '40P01' || code === '40001';
}

type ReservationRow = { id: string; sku_id: string; warehouse_id: string; quantity: number };

function sortReservations<T extends ReservationRow>(rows: T[]): T[] {
  return [...rows].sort(
    (a, b) => a.sku_id.localeCompare(b.sku_id) || a.warehouse_id.localeCompare(b.warehouse_id),
  );
}

function movement(
  organizationId: string,
  r: ReservationRow,
  kind: 'ship' | 'release',
  onHandDelta: number,
  reservedDelta: number,
  actor: string,
  orderId: string,
  at: string,
  reason: string | null = null,
) {
  return {
    organization_id: organizationId,
    sku_id: r.sku_id,
    warehouse_id: r.warehouse_id,
    kind,
    on_hand_delta: onHandDelta,
    reserved_delta: reservedDelta,
    reason,
    actor,
    order_id: orderId,
    idempotency_key: null,
    created_at: at,
  };
}
