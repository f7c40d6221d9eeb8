import { randomUUID } from 'node:crypto';
import { cachedListQuery, cachedQuery } from './cachedQuery.ts';
import { contains } from './listFilters.ts';
import type { Store } from './openDatabase.ts';
import { inTransaction, now } from './transaction.ts';

/** Organizations, warehouses, SKUs and storefronts: the things the ledger and orders refer to. */

export async function createOrganization(store: Store, name: string): Promise<string> {
  const id = randomUUID();
  await store.db.insertInto('organizations').values({ id, name, created_at: now() }).execute();
  return id;
}

export interface WarehouseInput {
  code: string;
  name: string;
  country: string;
  state?: string | undefined;
  /** Matches the warehouse to a TikTok Shop warehouse (tiktokWarehouses.ts). */
  postalCode?: string | undefined;
  timeZone: string;
  cutoff?: string;
  holidayCalendar?: string;
  leadTimeDays?: number;
  /** When the morning digest goes out, HH:MM on the warehouse's clock; none when absent. */
  digestAt?: string | null | undefined;
}

export async function addWarehouse(store: Store, organizationId: string, w: WarehouseInput): Promise<string> {
  const id = randomUUID();
  await store.db
    .insertInto('warehouses')
    .values({
      id,
      organization_id: organizationId,
      code: w.code,
      name: w.name,
      country: w.country,
      state: w.state ?? null,
      postal_code: w.postalCode ?? null,
      time_zone: w.timeZone,
      cutoff: w.cutoff ?? '23:59',
      holiday_calendar: w.holidayCalendar ?? (w.country === 'MX' ? 'MX-federal' : 'US-federal'),
      lead_time_days: w.leadTimeDays ?? 14,
      digest_at: w.digestAt ?? null,
      created_at: now(),
    })
    .execute();
  return id;
}

export interface SkuInput {
  sku: string;
  title: string;
  programCategory?: string | null;
  verdict?: string | null;
  weightG?: number | null;
  fragile?: boolean;
  customized?: boolean;
  leadTimeDays?: number | null;
}

/**
 * SKUs per transaction of `upsertSkus`. A 300k-row catalog in one transaction held SQLite's write
 * lock for many seconds, and every other writer waited; each chunk commits on its own (an upsert
 * is idempotent, so an import cut short is completed by running it again).
 */
const SKU_CHUNK = 500;

/** Adds or updates SKUs by their seller SKU, in chunks; returns their ids by seller SKU. */
export async function upsertSkus(
  store: Store,
  organizationId: string,
  skus: SkuInput[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (let i = 0; i < skus.length; i += SKU_CHUNK)
    await upsertSkuChunk(store, organizationId, skus.slice(i, i + SKU_CHUNK), ids);
  return ids;
}

async function upsertSkuChunk(
  store: Store,
  organizationId: string,
  skus: SkuInput[],
  ids: Map<string, string>,
): Promise<void> {
  await inTransaction(store, async (trx) => {
    for (const s of skus) {
      const at = now();
      const row = await trx
        .insertInto('skus')
        .values({
          id: randomUUID(),
          organization_id: organizationId,
          sku: s.sku,
          title: s.title,
          program_category: s.programCategory ?? null,
          verdict: s.verdict ?? null,
          weight_g: s.weightG ?? null,
          fragile: s.fragile ? 1 : 0,
          customized: s.customized ? 1 : 0,
          lead_time_days: s.leadTimeDays ?? null,
          created_at: at,
          updated_at: at,
        })
        .onConflict((oc) =>
          oc.columns(['organization_id', 'sku']).doUpdateSet((eb) => ({
            title: eb.ref('excluded.title'),
            program_category: eb.ref('excluded.program_category'),
            verdict: eb.ref('excluded.verdict'),
            weight_g: eb.ref('excluded.weight_g'),
            fragile: eb.ref('excluded.fragile'),
            customized: eb.ref('excluded.customized'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(s.sku, row.id);
    }
  });
}

export interface StorefrontInput {
  code: string;
  name: string;
  platform: string;
  region: string;
  currency: string;
  policyId: string;
  /** Warehouse codes, highest priority first. */
  warehouses: string[];
  bufferUnits?: number;
  bufferPercent?: number;
  allowSplit?: boolean;
}

export async function addStorefront(
  store: Store,
  organizationId: string,
  s: StorefrontInput,
): Promise<string> {
  const id = randomUUID();
  await inTransaction(store, async (trx) => {
    await trx
      .insertInto('storefronts')
      .values({
        id,
        organization_id: organizationId,
        code: s.code,
        name: s.name,
        platform: s.platform,
        region: s.region,
        currency: s.currency,
        policy_id: s.policyId,
        buffer_units: s.bufferUnits ?? 0,
        buffer_percent: s.bufferPercent ?? 0,
        allow_split: s.allowSplit ? 1 : 0,
        created_at: now(),
      })
      .execute();
    for (const [priority, code] of s.warehouses.entries()) {
      const w = await trx
        .selectFrom('warehouses')
        .select('id')
        .where('organization_id', '=', organizationId)
        .where('code', '=', code)
        .executeTakeFirst();
      if (!w) throw new Error(`storefront ${s.code}: no warehouse ${code}`);
      await trx
        .insertInto('storefront_warehouses')
        .values({ storefront_id: id, warehouse_id: w.id, priority })
        .execute();
    }
  });
  return id;
}

/** SKUs by seller SKU, filtered by text (SKU or title), program category and verdict. */
export function listSkus(
  store: Store,
  organizationId: string,
  o: {
    search?: string | undefined;
    category?: string | undefined;
    verdict?: string | undefined;
    after: string | null;
    limit: number;
  },
) {
  let q = store.db
    .selectFrom('skus')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('sku')
    .limit(o.limit);
  if (o.after !== null) q = q.where('sku', '>', o.after);
  const search = o.search;
  if (search) q = q.where((eb) => eb.or([contains('sku', search), contains('title', search)]));
  if (o.category) q = q.where('program_category', '=', o.category);
  if (o.verdict) q = q.where('verdict', '=', o.verdict);
  return q.execute();
}

export function organization(store: Store, id: string) {
  return store.db
    .selectFrom('organizations')
    .select(['id', 'name'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** Whether the organization has been set up (it has a warehouse): the demo loads only into an empty one. */
export async function hasWarehouses(store: Store, organizationId: string): Promise<boolean> {
  const row = await store.db
    .selectFrom('warehouses')
    .select('id')
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  return Boolean(row);
}

/** The organization made first: a laptop install's only one. */
export async function firstOrganizationId(store: Store): Promise<string | undefined> {
  const row = await store.db
    .selectFrom('organizations')
    .select('id')
    .orderBy('created_at')
    .executeTakeFirst();
  return row?.id;
}

/** The organizations whose work runs (jobs): a disabled one is left out. */
export async function organizationIds(store: Store): Promise<string[]> {
  return (
    await store.db
      .selectFrom('organizations')
      .select('id')
      .where('disabled_at', 'is', null)
      .orderBy('id')
      .execute()
  ).map((o) => o.id);
}

const storefrontQuery = cachedQuery<{
  id: string;
  policy_id: string;
  currency: string;
  warehouse_id: string | null;
  warehouse_code: string | null;
  time_zone: string | null;
}>(
  `select sf.id, sf.policy_id, sf.currency, w.id as warehouse_id, w.code as warehouse_code, w.time_zone
   from storefronts sf
   left join storefront_warehouses sw on sw.storefront_id = sf.id
   left join warehouses w on w.id = sw.warehouse_id
   where sf.organization_id = ? and sf.code = ?
   order by sw.priority`,
);
const skuQuery = cachedListQuery<{ id: string; sku: string }>(
  'select id, sku from skus where organization_id = ? and sku in (?…)',
);

/**
 * A storefront by code, with its warehouses (priority first), and the ids of the named SKUs (unknown
 * SKUs are left out): what taking an order looks up. Cached statements (cachedQuery.ts): every
 * order over HTTP asks.
 */
export async function storefrontAndSkus(store: Store, organizationId: string, code: string, skus: string[]) {
  const [rows, skuRows] = await Promise.all([
    storefrontQuery(store, [organizationId, code]),
    skus.length ? skuQuery(store, [organizationId], skus) : [],
  ]);
  const first = rows[0];
  const storefront = first && {
    id: first.id,
    policy_id: first.policy_id,
    currency: first.currency,
    warehouses: rows.flatMap((r) =>
      r.warehouse_id
        ? [{ id: r.warehouse_id, code: r.warehouse_code as string, timeZone: r.time_zone as string }]
        : [],
    ),
  };
  return { storefront, skuIds: new Map(skuRows.map((s) => [s.sku, s.id])) };
}
