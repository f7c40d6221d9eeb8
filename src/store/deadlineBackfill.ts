import type { Kysely, Migration } from 'kysely';
import {
  operationalDeadline,
  orderDeadlines,
  type WarehouseClock,
  warehouseClock,
} from '../domain/dispatch/operationalDeadline.ts';
import type { Policy } from '../domain/policy/policy.ts';
import { loadPolicy } from '../services/loadConfig.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed now
type AnyDb = Kysely<any>;

/** Orders read and written per step: each batch is a bounded keyset page. */
const BATCH = 500;

interface OldOrder {
  id: string;
  storefront_id: string;
  policy_id: string;
  paid_at: string;
  ship_by: string | null;
  warehouse_id: string | null;
}

/**
 * Migration 2026_12_004: the open orders stored before the two deadlines existed get them.
 * - `ship_by` where missing (an early version left orders that could not be filled without one):
 *   the storefront's policy rule [P11], read from its policy file; a policy that cannot be read
 *   leaves it missing (nothing else knows the platform's rule), and the order keeps no deadline.
 * - `warehouse_id`: the warehouse of the order's active reservations (the first pickup among them,
 *   for a split order), else the storefront's first warehouse, the one a waiting order waits on.
 * - `operational_by`: that warehouse's last pickup at or before `ship_by` (stored or filled).
 * Open orders are walked by id in keyset pages; nothing binds a list of ids.
 */
export const deadlineBackfill: Migration = {
  async up(db: AnyDb) {
    const warehouses = new Map<string, WarehouseClock>(
      (
        await db.selectFrom('warehouses').select(['id', 'time_zone', 'cutoff', 'holiday_calendar']).execute()
      ).map((w) => [w.id as string, warehouseClock(w)]),
    );
    const firstWarehouse = new Map<string, string>();
    for (const link of await db
      .selectFrom('storefront_warehouses')
      .select(['storefront_id', 'warehouse_id'])
      .orderBy('storefront_id')
      .orderBy('priority')
      .execute())
      if (!firstWarehouse.has(link.storefront_id)) firstWarehouse.set(link.storefront_id, link.warehouse_id);
    const policies = new Map<string, Promise<Policy | null>>();
    const policyOf = (id: string) => {
      let p = policies.get(id);
      if (!p) {
        p = loadPolicy(id).catch(() => null);
        policies.set(id, p);
      }
      return p;
    };

    let after = '';
    for (;;) {
      const orders: OldOrder[] = await db
        .selectFrom('orders as o')
        .innerJoin('storefronts as sf', 'sf.id', 'o.storefront_id')
        .select(['o.id', 'o.storefront_id', 'sf.policy_id', 'o.paid_at', 'o.ship_by', 'o.warehouse_id'])
        .where('o.status', 'in', ['reserved', 'awaiting_stock'])
        .where((eb) =>
          eb.or([
            eb('o.ship_by', 'is', null),
            eb('o.operational_by', 'is', null),
            eb('o.warehouse_id', 'is', null),
          ]),
        )
        .where('o.id', '>', after)
        .orderBy('o.id')
        .limit(BATCH)
        .execute();
      if (orders.length === 0) break;
      const last = (orders[orders.length - 1] as OldOrder).id;
      // The active reservations of this page's id range: a range, not a list.
      const reserved = new Map<string, Set<string>>();
      for (const r of await db
        .selectFrom('reservations')
        .select(['order_id', 'warehouse_id'])
        .where('status', '=', 'active')
        .where('order_id', '>', after)
        .where('order_id', '<=', last)
        .execute()) {
        const set = reserved.get(r.order_id) ?? new Set<string>();
        set.add(r.warehouse_id);
        reserved.set(r.order_id, set);
      }
      for (const o of orders) {
        const active = [...(reserved.get(o.id) ?? [])].sort();
        const fallback = firstWarehouse.get(o.storefront_id);
        const candidates = o.warehouse_id
          ? [o.warehouse_id]
          : active.length
            ? active
            : fallback
              ? [fallback]
              : [];
        const policy = o.ship_by ? null : await policyOf(o.policy_id);
        const fill = backfilled(o, candidates, warehouses, policy);
        if (fill)
          await db
            .updateTable('orders')
            .set({ ship_by: fill.shipBy, operational_by: fill.operationalBy, warehouse_id: fill.warehouseId })
            .where('id', '=', o.id)
            .execute();
      }
      after = last;
    }
  },
};

/** The deadlines and queue of one old order, or null when nothing can be known. */
function backfilled(
  o: OldOrder,
  candidates: string[],
  warehouses: Map<string, WarehouseClock>,
  policy: Policy | null,
): { shipBy: string | null; operationalBy: string | null; warehouseId: string } | null {
  const each = candidates.flatMap(
    (id): { id: string; platform: string | null; operational: string | null }[] => {
      const clock = warehouses.get(id);
      if (!clock) return [];
      if (o.ship_by) return [{ id, platform: o.ship_by, operational: operationalDeadline(o.ship_by, clock) }];
      if (!policy) return [{ id, platform: null, operational: null }];
      return [{ id, ...orderDeadlines(o.paid_at, policy.dispatch, clock) }];
    },
  );
  // The queue of the warehouse whose pickup comes first, as orders are queued when reserved.
  const first = each.sort((a, b) => (a.operational ?? '').localeCompare(b.operational ?? ''))[0];
  if (!first) return null;
  return { shipBy: first.platform, operationalBy: first.operational, warehouseId: first.id };
}
