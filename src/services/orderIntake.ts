import type { Policy } from '../domain/policy/policy.ts';
import { storefrontAndSkus } from '../store/entities.ts';
import type { Store } from '../store/openDatabase.ts';
import { type OrderOutcome, reserveOrder } from '../store/reservations.ts';
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

/** Reserves stock for an order (or records it unfulfillable); a re-delivered order is a duplicate. */
export async function placeOrder(
  store: Store,
  org: string,
  order: IncomingOrder,
  actor: string,
): Promise<OrderOutcome> {
  const wanted = [...new Set(order.lines.map((l) => l.sku))];
  const { storefront: sf, skuIds: skus } = await storefrontAndSkus(store, org, order.storefront, wanted);
  if (!sf) throw new NotFound(`no storefront ${order.storefront}`);
  if (order.currency && order.currency !== sf.currency)
    throw new OrderRejected('currency', `${order.currency}, but ${order.storefront} sells in ${sf.currency}`);
  const unknown = wanted.filter((s) => !skus.has(s));
  if (unknown.length) throw new OrderRejected('lines.sku', `no SKU ${unknown.join(', ')}`);
  const policy = await policyOf(sf.policy_id);
  return reserveOrder(
    store,
    {
      organizationId: org,
      storefrontId: sf.id,
      externalId: order.externalId,
      paidAt: new Date(order.paidAt).toISOString(),
      currency: sf.currency,
      lines: order.lines.map((l) => ({
        skuId: skus.get(l.sku) as string,
        quantity: l.quantity,
        unitPriceMinor: l.unitPriceMinor,
      })),
      actor,
    },
    policy.dispatch,
  );
}
