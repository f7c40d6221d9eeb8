import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import { daysOfCover, SALES_WINDOW_DAYS } from '../domain/stock/daysOfCover.ts';
import { contains } from './listFilters.ts';
import type { Store } from './openDatabase.ts';
import type { Database } from './schema.ts';

/**
 * Stock per SKU and warehouse with its pace of sales and days of cover [P14], one keyset page at a
 * time in (SKU, warehouse) order. The pace is summed per row of the page from the reservations of
 * the last 14 days (index `reservations_pace`), so a page costs its own rows, not the ledger.
 */

export interface StockRow {
  sku: string;
  title: string;
  skuId: string;
  warehouse: string;
  warehouseId: string;
  onHand: number;
  reserved: number;
  available: number;
  inbound: number;
  inboundEta: string | null;
  orderedLast14Days: number;
  daysOfCover: number;
  leadTimeDays: number;
  low: boolean;
}

export interface StockFilter {
  /** Exactly this seller SKU. */
  sku?: string | undefined;
  /** Seller SKUs containing this text, any case. */
  search?: string | undefined;
  warehouseId?: string | undefined;
  low?: boolean | undefined;
  /** The (sku, warehouse code) of the last row seen. */
  after: [string, string] | null;
  limit: number;
}

const since = (now: Date) => new Date(now.getTime() - SALES_WINDOW_DAYS * 86_400_000).toISOString();

/** Units reserved (and not released) in the window for the row's SKU and warehouse. */
export const orderedInWindow = (now: Date) =>
  sql<number>`(select coalesce(sum(r.quantity), 0) from reservations r where r.organization_id = l.organization_id and r.sku_id = l.sku_id and r.warehouse_id = l.warehouse_id and r.created_at >= ${since(now)} and r.status != 'released')`;

/**
 * Days of cover below the lead time, in integers: available ÷ (units ÷ 14) < lead ⇔
 * max(available, 0) × 14 < lead × units, when anything sold. The same test as `daysOfCover`.
 */
export function isLow(now: Date): Expression<SqlBool> {
  const units = orderedInWindow(now);
  return sql<SqlBool>`(${units} > 0 and (case when l.on_hand > l.reserved then l.on_hand - l.reserved else 0 end) * ${SALES_WINDOW_DAYS} < coalesce(s.lead_time_days, w.lead_time_days) * ${units})`;
}

/** The levels of the organization joined to their SKU and warehouse, as `l`, `s`, `w`. */
export function levelsOf(db: Kysely<Database>, organizationId: string) {
  return db
    .selectFrom('skus as s')
    .innerJoin('stock_levels as l', 'l.sku_id', 's.id')
    .innerJoin('warehouses as w', 'w.id', 'l.warehouse_id')
    .where('s.organization_id', '=', organizationId)
    .where('l.organization_id', '=', organizationId);
}

/** The columns a stock row is built from (`toStockRow`), besides its pace and lead time. */
export const stockRowColumns = [
  's.sku',
  's.title',
  's.id as sku_id',
  'w.code as warehouse',
  'w.id as warehouse_id',
  'l.on_hand',
  'l.reserved',
  'l.inbound',
  'l.inbound_eta',
] as const;

/** One page of the report: exported so that the plan test checks this query. */
export function stockPageQuery(db: Kysely<Database>, organizationId: string, now: Date, f: StockFilter) {
  let q = levelsOf(db, organizationId)
    .select([...stockRowColumns, orderedInWindow(now).as('ordered')])
    .select((eb) => eb.fn.coalesce('s.lead_time_days', 'w.lead_time_days').as('lead_time_days'))
    .orderBy('s.sku')
    .orderBy('w.code')
    .limit(f.limit);
  if (f.sku) q = q.where('s.sku', '=', f.sku);
  if (f.search) q = q.where(contains('s.sku', f.search));
  if (f.warehouseId) q = q.where('l.warehouse_id', '=', f.warehouseId);
  if (f.low !== undefined) q = q.where(f.low ? isLow(now) : sql<SqlBool>`not ${isLow(now)}`);
  if (f.after) {
    const [sku, warehouse] = f.after;
    // Split so that the SKU bound is a range of the (organization, sku) index.
    q = q
      .where('s.sku', '>=', sku)
      .where((eb) => eb.or([eb('s.sku', '>', sku), eb('w.code', '>', warehouse)]));
  }
  return q;
}

export type StockPageRow = Awaited<ReturnType<ReturnType<typeof stockPageQuery>['execute']>>[number];

export function toStockRow(l: StockPageRow): StockRow {
  const ordered = Number(l.ordered);
  const available = l.on_hand - l.reserved;
  const cover = daysOfCover(available, ordered);
  const lead = Number(l.lead_time_days);
  return {
    sku: l.sku,
    title: l.title,
    skuId: l.sku_id,
    warehouse: l.warehouse,
    warehouseId: l.warehouse_id,
    onHand: l.on_hand,
    reserved: l.reserved,
    available,
    inbound: l.inbound,
    inboundEta: l.inbound_eta,
    orderedLast14Days: ordered,
    daysOfCover: cover,
    leadTimeDays: lead,
    low: cover < lead,
  };
}

export async function stockPage(store: Store, organizationId: string, now: Date, f: StockFilter) {
  return (await stockPageQuery(store.db, organizationId, now, f).execute()).map(toStockRow);
}

/**
 * The whole report, page after page (the CLI prints it): `only` narrows to one SKU or warehouse.
 */
export async function stockReport(
  store: Store,
  organizationId: string,
  now: Date,
  only: { sku?: string | undefined; warehouse?: string | undefined } = {},
): Promise<StockRow[]> {
  let warehouseId: string | undefined;
  if (only.warehouse) {
    const w = await store.db
      .selectFrom('warehouses')
      .select('id')
      .where('organization_id', '=', organizationId)
      .where('code', '=', only.warehouse)
      .executeTakeFirst();
    if (!w) return [];
    warehouseId = w.id;
  }
  const rows: StockRow[] = [];
  let after: [string, string] | null = null;
  for (;;) {
    const page = await stockPage(store, organizationId, now, {
      sku: only.sku,
      warehouseId,
      after,
      limit: 500,
    });
    rows.push(...page);
    const last = page[page.length - 1];
    if (page.length < 500 || !last) return rows;
    after = [last.sku, last.warehouse];
  }
}
