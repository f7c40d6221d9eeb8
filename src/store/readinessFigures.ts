import { sql } from 'kysely';
import type { CoreSkuCover } from '../domain/readiness/readinessFacts.ts';
import { SALES_WINDOW_DAYS } from '../domain/stock/daysOfCover.ts';
import { lateDispatchRates } from './dispatchFigures.ts';
import type { Store } from './openDatabase.ts';
import { coreSkuIds } from './readinessInputs.ts';

/**
 * The figures the readiness plan reads [P18–P19], each one query over what Puente already holds:
 * the checked catalog, sales (reservations not released), stock in US warehouses, storefront
 * connections and the late-dispatch rate.
 */

/** Where stock counts for the program: a warehouse in the US [P1]. */
const US = 'US';
/** "Bestseller": sold in this many recent days. */
export const BESTSELLER_WINDOW_DAYS = 30;

const daysAgo = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

/** SKUs per verdict; `unchecked` counts those the check has not given one. */
export async function catalogVerdicts(store: Store, organizationId: string) {
  const rows = await store.db
    .selectFrom('skus')
    .select(['verdict', (eb) => eb.fn.countAll<number>().as('n')])
    .where('organization_id', '=', organizationId)
    .groupBy('verdict')
    .execute();
  const n = (v: string | null) => Number(rows.find((r) => r.verdict === v)?.n ?? 0);
  return {
    total: rows.reduce((t, r) => t + Number(r.n), 0),
    unchecked: n(null),
    allowed: n('allowed'),
    needsInvitation: n('needs_invitation'),
    blocked: n('blocked') + n('invalid'),
  };
}

/**
 * Allowed SKUs of the given (open) categories that sold in the last 30 days and have units
 * available in a US warehouse, most units first.
 */
export async function openCategoryBestsellers(
  store: Store,
  organizationId: string,
  openCategories: string[],
  now: Date,
  limit = 20,
) {
  if (openCategories.length === 0) return [];
  const rows = await store.db
    .selectFrom('skus as s')
    .innerJoin('reservations as r', 'r.sku_id', 's.id')
    .select(['s.sku', 's.program_category', sql<number>`sum(r.quantity)`.as('units')])
    .where('s.organization_id', '=', organizationId)
    .where('r.organization_id', '=', organizationId)
    .where('s.verdict', '=', 'allowed')
    .where('s.program_category', 'in', openCategories)
    .where('r.status', '!=', 'released')
    .where('r.created_at', '>=', daysAgo(now, BESTSELLER_WINDOW_DAYS))
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('stock_levels as l')
          .innerJoin('warehouses as w', 'w.id', 'l.warehouse_id')
          .select('l.sku_id')
          .where('l.organization_id', '=', organizationId)
          .whereRef('l.sku_id', '=', 's.id')
          .where('w.country', '=', US)
          .where(sql<boolean>`l.on_hand > l.reserved`),
      ),
    )
    .groupBy(['s.sku', 's.program_category'])
    .orderBy('units', 'desc')
    .orderBy('s.sku')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ sku: r.sku, category: r.program_category ?? '', units: Number(r.units) }));
}

/**
 * Each core SKU's stock over the US warehouses: available units, inbound due on or before
 * `inboundBy`, units ordered in the last 14 days, and the shortest restock lead time among them.
 * A core SKU with no level in a US warehouse has nothing there.
 */
export async function coreSkuCover(
  store: Store,
  organizationId: string,
  now: Date,
  inboundBy: string,
): Promise<CoreSkuCover[]> {
  const since = daysAgo(now, SALES_WINDOW_DAYS);
  const rows = await store.db
    .selectFrom('skus as s')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('stock_levels as l')
          .innerJoin('warehouses as w', 'w.id', 'l.warehouse_id')
          .select([
            'l.sku_id',
            'l.warehouse_id',
            'l.on_hand',
            'l.reserved',
            'l.inbound',
            'l.inbound_eta',
            'w.lead_time_days',
          ])
          .where('l.organization_id', '=', organizationId)
          .where('w.country', '=', US)
          .as('u'),
      (join) => join.onRef('u.sku_id', '=', 's.id'),
    )
    .select([
      's.sku',
      's.lead_time_days as sku_lead',
      'u.on_hand',
      'u.reserved',
      'u.inbound',
      'u.inbound_eta',
      'u.lead_time_days as warehouse_lead',
      sql<number>`(select coalesce(sum(r.quantity), 0) from reservations r where r.organization_id = s.organization_id and r.sku_id = s.id and r.warehouse_id = u.warehouse_id and r.created_at >= ${since} and r.status != 'released')`.as(
        'ordered',
      ),
    ])
    .where('s.organization_id', '=', organizationId)
    .where('s.id', 'in', coreSkuIds(store.db, organizationId))
    .orderBy('s.sku')
    .execute();
  const bySku = new Map<string, CoreSkuCover>();
  for (const r of rows) {
    const c = bySku.get(r.sku) ?? {
      sku: r.sku,
      available: 0,
      inboundInTime: 0,
      orderedLast14Days: 0,
      leadTimeDays: Number.POSITIVE_INFINITY,
    };
    if (r.on_hand !== null) {
      c.available += Math.max(0, Number(r.on_hand) - Number(r.reserved));
      if (r.inbound_eta !== null && r.inbound_eta.slice(0, 10) <= inboundBy)
        c.inboundInTime += Number(r.inbound);
      c.orderedLast14Days += Number(r.ordered);
    }
    const lead = r.sku_lead ?? r.warehouse_lead;
    if (lead !== null) c.leadTimeDays = Math.min(c.leadTimeDays, Number(lead));
    bySku.set(r.sku, c);
  }
  // A SKU with no lead time anywhere (no US level, none of its own) restocks in the slowest known time.
  const known = [...bySku.values()].map((c) => c.leadTimeDays).filter(Number.isFinite);
  const fallback = known.length > 0 ? Math.max(...known) : 0;
  return [...bySku.values()].map((c) =>
    Number.isFinite(c.leadTimeDays) ? c : { ...c, leadTimeDays: fallback },
  );
}

/** SKUs that need an invitation [P6], per category. */
export async function invitationCategorySkus(store: Store, organizationId: string) {
  const rows = await store.db
    .selectFrom('skus')
    .select(['program_category', (eb) => eb.fn.countAll<number>().as('n')])
    .where('organization_id', '=', organizationId)
    .where('verdict', '=', 'needs_invitation')
    .where('program_category', 'is not', null)
    .groupBy('program_category')
    .orderBy('program_category')
    .execute();
  return rows.map((r) => ({ category: r.program_category as string, skus: Number(r.n) }));
}

/** Every storefront, and whether a marketplace connection binds it (TikTok Shop today). */
export function storefrontConnections(store: Store, organizationId: string) {
  return store.db
    .selectFrom('storefronts as sf')
    .leftJoin('tiktok_connections as c', 'c.storefront_id', 'sf.id')
    .select(['sf.code', 'sf.region', 'c.storefront_id as connected'])
    .where('sf.organization_id', '=', organizationId)
    .orderBy('sf.code')
    .execute()
    .then((rows) => rows.map((r) => ({ code: r.code, region: r.region, connected: r.connected !== null })));
}

/** Orders due in the last 7 days over every storefront, and how many were late [P11]. */
export async function lastWeekDispatch(store: Store, organizationId: string, now: Date) {
  const rates = await lateDispatchRates(store, organizationId, now);
  return rates
    .filter((r) => r.by === 'storefront' && r.days === 7)
    .reduce((t, r) => ({ due: t.due + r.due, late: t.late + r.late }), { due: 0, late: 0 });
}
