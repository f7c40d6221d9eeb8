import type { Kysely, Migration } from 'kysely';
import type { RateCard } from '../domain/cost/rateCard.ts';
import { type AuditEntry, auditIn } from './accounts.ts';
import type { Store } from './openDatabase.ts';
import type { Database } from './schema.ts';
import { inTransaction, now } from './transaction.ts';

/**
 * What a landed cost reads from the database: the seller's rate cards, each SKU's cost facts
 * (purchase cost, price, box, HS chapter, origin, RRNA) and the dated exchange rates (`fx_rates`,
 * created by the first migration and written from migration 2026_12_019 on).
 */

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed now
type AnyDb = Kysely<any>;

/** Migration 2026_12_019: rate cards and SKU cost facts. */
export const costMigration: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('rate_cards')
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('route', 'text', (c) => c.notNull())
      .addColumn('leg', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('per_parcel_minor', 'integer', (c) => c.notNull())
      .addColumn('per_kg_minor', 'integer', (c) => c.notNull())
      .addColumn('fee_per_parcel_minor', 'integer', (c) => c.notNull())
      .addColumn('per_entry_minor', 'integer', (c) => c.notNull())
      .addColumn('units_per_entry', 'integer')
      .addColumn('volumetric_divisor', 'integer')
      .addColumn('transit_days', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('rate_cards_pk', ['organization_id', 'code'])
      .execute();
    await db.schema
      .createTable('sku_costs')
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('sku_id', 'text', (c) => c.notNull().references('skus.id'))
      .addColumn('unit_cost_minor', 'integer', (c) => c.notNull())
      .addColumn('cost_currency', 'text', (c) => c.notNull())
      .addColumn('price_minor', 'integer', (c) => c.notNull())
      .addColumn('price_currency', 'text', (c) => c.notNull())
      .addColumn('length_cm', 'real')
      .addColumn('width_cm', 'real')
      .addColumn('height_cm', 'real')
      .addColumn('hs_chapter', 'text', (c) => c.notNull())
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('rrna', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('sku_costs_pk', ['organization_id', 'sku_id'])
      .execute();
  },
};

export type RateCardRow = Database['rate_cards'];
export type SkuCostRow = Database['sku_costs'];

const cardRow = (organizationId: string, c: RateCard, at: string): RateCardRow => ({
  organization_id: organizationId,
  code: c.code,
  name: c.name,
  route: c.route,
  leg: c.leg,
  currency: c.currency,
  per_parcel_minor: c.perParcelMinor,
  per_kg_minor: c.perKgMinor,
  fee_per_parcel_minor: c.feePerParcelMinor,
  per_entry_minor: c.perEntryMinor,
  units_per_entry: c.unitsPerEntry,
  volumetric_divisor: c.volumetricDivisor,
  transit_days: c.transitDays,
  updated_at: at,
});

export const rateCardOf = (r: RateCardRow): RateCard => ({
  code: r.code,
  name: r.name,
  route: r.route as RateCard['route'],
  leg: r.leg as RateCard['leg'],
  currency: r.currency as RateCard['currency'],
  perParcelMinor: r.per_parcel_minor,
  perKgMinor: r.per_kg_minor,
  feePerParcelMinor: r.fee_per_parcel_minor,
  perEntryMinor: r.per_entry_minor,
  unitsPerEntry: r.units_per_entry,
  volumetricDivisor: r.volumetric_divisor,
  transitDays: r.transit_days,
});

/** Adds or replaces rate cards by code, with one audit row, all or nothing. */
export async function upsertRateCards(
  store: Store,
  organizationId: string,
  cards: RateCard[],
  audit: AuditEntry,
): Promise<void> {
  await inTransaction(store, async (trx) => {
    const at = now();
    for (const c of cards) {
      const row = cardRow(organizationId, c, at);
      const { organization_id: _o, code: _c, ...change } = row;
      await trx
        .insertInto('rate_cards')
        .values(row)
        .onConflict((oc) => oc.columns(['organization_id', 'code']).doUpdateSet(change))
        .execute();
    }
    await auditIn(trx, audit);
  });
}

export async function deleteRateCard(
  store: Store,
  organizationId: string,
  code: string,
  audit: AuditEntry,
): Promise<boolean> {
  return inTransaction(store, async (trx) => {
    const done = await trx
      .deleteFrom('rate_cards')
      .where('organization_id', '=', organizationId)
      .where('code', '=', code)
      .executeTakeFirst();
    if (Number(done.numDeletedRows) === 0) return false;
    await auditIn(trx, audit);
    return true;
  });
}

export async function rateCards(store: Store, organizationId: string): Promise<RateCard[]> {
  const rows = await store.db
    .selectFrom('rate_cards')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('route')
    .orderBy('leg')
    .orderBy('code')
    .execute();
  return rows.map(rateCardOf);
}

export type SkuCostInput = Omit<SkuCostRow, 'organization_id' | 'sku_id' | 'updated_at'>;

/** Sets the cost facts of SKUs (by id), with one audit row. */
export async function upsertSkuCosts(
  store: Store,
  organizationId: string,
  costs: { skuId: string; facts: SkuCostInput }[],
  audit: AuditEntry,
): Promise<void> {
  await inTransaction(store, async (trx) => {
    const at = now();
    for (const { skuId, facts } of costs) {
      await trx
        .insertInto('sku_costs')
        .values({ organization_id: organizationId, sku_id: skuId, ...facts, updated_at: at })
        .onConflict((oc) =>
          oc.columns(['organization_id', 'sku_id']).doUpdateSet({ ...facts, updated_at: at }),
        )
        .execute();
    }
    await auditIn(trx, audit);
  });
}

export interface SkuCostFacts extends SkuCostRow {
  sku: string;
  title: string;
  weight_g: number | null;
}

/** The cost facts of SKUs by seller SKU; a SKU without facts is absent. */
export async function skuCostFacts(
  store: Store,
  organizationId: string,
  skus: string[],
): Promise<SkuCostFacts[]> {
  if (skus.length === 0) return [];
  return store.db
    .selectFrom('sku_costs as c')
    .innerJoin('skus as s', 's.id', 'c.sku_id')
    .selectAll('c')
    .select(['s.sku', 's.title', 's.weight_g'])
    .where('c.organization_id', '=', organizationId)
    .where('s.sku', 'in', skus)
    .execute();
}

/** Every SKU with cost facts, by seller SKU (the Cost page's list). */
export async function skusWithCosts(
  store: Store,
  organizationId: string,
): Promise<{ sku: string; title: string }[]> {
  return store.db
    .selectFrom('sku_costs as c')
    .innerJoin('skus as s', 's.id', 'c.sku_id')
    .select(['s.sku', 's.title'])
    .where('c.organization_id', '=', organizationId)
    .orderBy('s.sku')
    .execute();
}

/** One order's lines, by its marketplace id, for costing; several when two storefronts share an id. */
export async function orderLinesForCost(store: Store, organizationId: string, externalId: string) {
  return store.db
    .selectFrom('orders as o')
    .innerJoin('storefronts as sf', 'sf.id', 'o.storefront_id')
    .innerJoin('order_lines as l', 'l.order_id', 'o.id')
    .innerJoin('skus as s', 's.id', 'l.sku_id')
    .select([
      'o.id as orderId',
      'o.external_id as externalId',
      'o.paid_at as paidAt',
      'o.currency as currency',
      'sf.code as storefront',
      's.sku as sku',
      'l.quantity as quantity',
      'l.unit_price_minor as unitPriceMinor',
    ])
    .where('o.organization_id', '=', organizationId)
    .where('o.external_id', '=', externalId)
    .orderBy('o.id')
    .orderBy('l.line_no')
    .execute();
}

// Exchange rates: one per pair and day, as exact decimal text.

export interface FxRateRow {
  base: string;
  quote: string;
  date: string;
  rate: string;
}

/** Sets rates (a day's rate replaces the one it had), with one audit row. */
export async function setFxRates(
  store: Store,
  organizationId: string,
  rates: FxRateRow[],
  audit: AuditEntry,
): Promise<void> {
  await inTransaction(store, async (trx) => {
    for (const r of rates) {
      await trx
        .insertInto('fx_rates')
        .values({
          organization_id: organizationId,
          base: r.base,
          quote: r.quote,
          effective_date: r.date,
          rate: r.rate,
        })
        .onConflict((oc) =>
          oc.columns(['organization_id', 'base', 'quote', 'effective_date']).doUpdateSet({ rate: r.rate }),
        )
        .execute();
    }
    await auditIn(trx, audit);
  });
}

/** The rate in force on `date`: that day's, else the latest earlier one. */
export async function fxRateOn(
  store: Store,
  organizationId: string,
  base: string,
  quote: string,
  date: string,
): Promise<FxRateRow | undefined> {
  const row = await store.db
    .selectFrom('fx_rates')
    .select(['base', 'quote', 'effective_date', 'rate'])
    .where('organization_id', '=', organizationId)
    .where('base', '=', base)
    .where('quote', '=', quote)
    .where('effective_date', '<=', date)
    .orderBy('effective_date', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && { base: row.base, quote: row.quote, date: row.effective_date, rate: row.rate };
}

export async function fxRates(
  store: Store,
  organizationId: string,
  filter: { base?: string; quote?: string; from?: string; to?: string } = {},
): Promise<FxRateRow[]> {
  let q = store.db
    .selectFrom('fx_rates')
    .select(['base', 'quote', 'effective_date', 'rate'])
    .where('organization_id', '=', organizationId);
  if (filter.base) q = q.where('base', '=', filter.base);
  if (filter.quote) q = q.where('quote', '=', filter.quote);
  if (filter.from) q = q.where('effective_date', '>=', filter.from);
  if (filter.to) q = q.where('effective_date', '<=', filter.to);
  const rows = await q.orderBy('effective_date', 'desc').orderBy('base').limit(1000).execute();
  return rows.map((r) => ({ base: r.base, quote: r.quote, date: r.effective_date, rate: r.rate }));
}
