import type { Policy } from '../domain/policy/policy.ts';
import { rememberCancel } from '../store/cancelTombstones.ts';
import { storefrontAndSkus } from '../store/entities.ts';
import type { Delivery } from '../store/idempotency.ts';
import type { Store } from '../store/openDatabase.ts';
import { byCode, type OrderDetail } from '../store/orderQueries.ts';
import {
  cancelOrder,
  type OrderInput,
  type OrderOutcome,
  reserveOrder,
  reserveOrders,
} from '../store/reservations.ts';
import { loadPolicy } from './loadConfig.ts';
import { NotFound } from './lookups.ts';

/** An order as a marketplace or another tool sends it: seller SKUs and storefront code, not ids. */
export interface IncomingOrder {
  storefront: string;
  externalId: string;
  /** ISO-8601 with its offset: when the buyer paid (the dispatch clock starts here [P11]). */
  paidAt: string;
  /** The storefront's currency when absent. */
  currency?: string | undefined;
  lines: { sku: string; quantity: number; unitPriceMinor: number }[];
}

export class OrderRejected extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

// Policies are files shipped with the code: read once per process.
const policies = new Map<string, Promise<Policy>>();
const policyOf = (id: string) => {
  const cached = policies.get(id);
  if (cached) return cached;
  const loading = loadPolicy(id);
  policies.set(id, loading);
  return loading;
};

/** What taking an order did, and the order as the API shows it when that is known without reading it. */
export type PlacedOrder = OrderOutcome & {
  /**
   * The order as stored, from the request, its lookups and the reservation's outcome: an order just
   * reserved or cancelled (its cancel came first). Null when only the database knows it: a duplicate
   * (stored before, perhaps changed since), an order awaiting stock (its deadline and shortfall are
   * the reservation's), or one reserved from a warehouse the storefront no longer lists.
   */
  order: OrderDetail | null;
};

/**
 * Reserves stock for an order (or records it awaiting_stock); a re-delivered order is a duplicate.
 * A webhook passes its delivery, recorded in the order's transaction.
 */
export async function placeOrder(
  store: Store,
  org: string,
  order: IncomingOrder,
  actor: string,
  delivery?: Delivery,
): Promise<PlacedOrder> {
  const wanted = [...new Set(order.lines.map((l) => l.sku))];
  const { storefront: sf, skuIds: skus } = await storefrontAndSkus(store, org, order.storefront, wanted);
  if (!sf) throw new NotFound(`no storefront ${order.storefront}`);
  if (order.currency && order.currency !== sf.currency)
    throw new OrderRejected('currency', `${order.currency}, but ${order.storefront} sells in ${sf.currency}`);
  const unknown = wanted.filter((s) => !skus.has(s));
  if (unknown.length) throw new OrderRejected('lines.sku', `no SKU ${unknown.join(', ')}`);
  const policy = await policyOf(sf.policy_id);
  const paidAt = new Date(order.paidAt).toISOString();
  const outcome = await batcherFor(store).submit(policy, {
    organizationId: org,
    storefrontId: sf.id,
    externalId: order.externalId,
    paidAt,
    currency: sf.currency,
    lines: order.lines.map((l) => ({
      skuId: skus.get(l.sku) as string,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
    })),
    actor,
    ...(delivery ? { delivery } : {}),
  });
  // The lines in the caller's words, in its order, and the order as stored: the answer needs no read.
  const named =
    outcome.status === 'reserved' || outcome.status === 'awaiting_stock'
      ? { ...outcome, lines: outcome.lines.map((l, i) => ({ ...l, sku: order.lines[i]?.sku ?? l.skuId })) }
      : outcome;
  return {
    ...named,
    order: storedOrder(outcome, { ...order, paidAt, currency: sf.currency }, sf.warehouses),
  };
}

/**
 * The order the reservation just stored, as `ordersById` would read it back (orderQueries.ts): the
 * request's fields, its total, and what the outcome says (status, deadline, warehouses).
 */
function storedOrder(
  outcome: OrderOutcome,
  order: IncomingOrder & { paidAt: string; currency: string },
  warehouses: { id: string; code: string; timeZone: string }[],
): OrderDetail | null {
  if (outcome.status !== 'reserved' && outcome.status !== 'cancelled') return null;
  let shippedFrom: OrderDetail['warehouses'] = [];
  if (outcome.status === 'reserved') {
    const byId = new Map(warehouses.map((w) => [w.id, w]));
    const ids = [...new Set(outcome.picks.map((p) => p.warehouseId))];
    if (!ids.every((id) => byId.has(id))) return null;
    shippedFrom = byCode(
      ids.map((id) => {
        const w = byId.get(id) as (typeof warehouses)[number];
        return { code: w.code, timeZone: w.timeZone };
      }),
    );
  }
  return {
    id: outcome.orderId,
    externalId: order.externalId,
    storefront: order.storefront,
    status: outcome.status,
    currency: order.currency,
    totalMinor: order.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0),
    paidAt: order.paidAt,
    shipBy: outcome.status === 'reserved' ? outcome.shipBy : null,
    shippedAt: null,
    carrier: null,
    tracking: null,
    waitingReason: null,
    lines: order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor })),
    warehouses: shippedFrom,
    // Tracking is sent to TikTok when an order ships: a new order has none.
    tiktokTracking: null,
  };
}

/**
 * A marketplace cancels an order (by its external id on one storefront): the order is cancelled,
 * or, when it has not arrived yet, the cancel is remembered and carried out when it does
 * (cancelTombstones.ts). `remembered` is false for a repeat of a cancel already remembered.
 */
export async function cancelFromMarketplace(
  store: Store,
  c: {
    organizationId: string;
    storefrontId: string;
    externalId: string;
    reason: string;
    actor: string;
    delivery?: Delivery | undefined;
  },
): Promise<
  | { outcome: 'cancelled' | 'already_cancelled'; orderId: string }
  | { outcome: 'cancel_remembered'; duplicate: boolean }
> {
  const early = await rememberCancel(store, c);
  if (early === 'remembered' || early === 'duplicate')
    return { outcome: 'cancel_remembered', duplicate: early === 'duplicate' };
  const outcome = await cancelOrder(store, early.orderId, c.actor, c.reason, { delivery: c.delivery });
  return { outcome, orderId: early.orderId };
}

/** At most this many orders share one transaction. */
const MAX_BATCH = 64;

interface Waiting {
  order: OrderInput;
  resolve: (o: OrderOutcome) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit: orders submitted in the same turn of the event loop, or while a transaction runs,
 * go into the next transaction together. A commit writes every page the order touched to the
 * write-ahead log (two thirds of an order's SQL time on SQLite); orders committed together share
 * those pages, the storefront setup and the republish. If a batch fails, its orders are retried
 * one by one, so one bad order cannot fail the others.
 */
class OrderBatcher {
  private readonly waiting = new Map<Policy, Waiting[]>();
  private scheduled = false;
  private running = 0;
  /** SQLite has one writer anyway; PostgreSQL can commit a few batches side by side. */
  private readonly parallel: number;

  constructor(private readonly store: Store) {
    this.parallel = store.engine === 'postgres' ? 4 : 1;
  }

  submit(policy: Policy, order: OrderInput): Promise<OrderOutcome> {
    return new Promise((resolve, reject) => {
      const queue = this.waiting.get(policy) ?? [];
      queue.push({ order, resolve, reject });
      this.waiting.set(policy, queue);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.parallel) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running++;
    try {
      for (const [policy, queue] of this.waiting) {
        const batch = queue.splice(0, MAX_BATCH);
        if (queue.length === 0) this.waiting.delete(policy);
        if (batch.length) await this.run(policy, batch);
      }
    } finally {
      this.running--;
    }
    if (this.waiting.size) this.schedule();
  }

  private async run(policy: Policy, batch: Waiting[]): Promise<void> {
    try {
      const outcomes = await reserveOrders(
        this.store,
        batch.map((w) => w.order),
        policy.dispatch,
      );
      for (const [i, w] of batch.entries()) w.resolve(outcomes[i] as OrderOutcome);
    } catch (e) {
      if (batch.length === 1) {
        (batch[0] as Waiting).reject(e);
        return;
      }
      for (const w of batch)
        await reserveOrder(this.store, w.order, policy.dispatch).then(w.resolve, w.reject);
    }
  }
}

const batchers = new WeakMap<Store, OrderBatcher>();
function batcherFor(store: Store): OrderBatcher {
  let batcher = batchers.get(store);
  if (!batcher) {
    batcher = new OrderBatcher(store);
    batchers.set(store, batcher);
  }
  return batcher;
}
