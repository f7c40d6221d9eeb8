import {
  operationalDeadline,
  type WarehouseClock,
  warehouseClock,
} from '../domain/dispatch/operationalDeadline.ts';
import { cachedQuery } from './cachedQuery.ts';
import type { Engine, Store } from './openDatabase.ts';
import { republishStorefront } from './publish.ts';
import { changed, inTransaction, now, type Tx } from './transaction.ts';

/**
 * Changes to warehouses and storefronts, guarded by their version: an edit made on a stale copy
 * (someone else saved in between) changes nothing and reports 'stale' — the HTTP ETag/If-Match.
 */

export type Guarded<T> = { status: 'updated'; value: T } | { status: 'stale' } | { status: 'missing' };

export interface WarehouseChange {
  name?: string | undefined;
  state?: string | null | undefined;
  postalCode?: string | null | undefined;
  timeZone?: string | undefined;
  cutoff?: string | undefined;
  holidayCalendar?: string | undefined;
  leadTimeDays?: number | undefined;
  /** HH:MM on the warehouse's clock, or null for no morning digest. */
  digestAt?: string | null | undefined;
}

/**
 * Applies the change; a new cut-off, zone or holiday calendar moves the warehouse's pickups, so the
 * operational deadline of every open order in its queue is recomputed in the same transaction
 * (`recomputeOperationalDeadlines`). With `audit`, the audit row is written in it too.
 */
export async function updateWarehouse(
  store: Store,
  organizationId: string,
  code: string,
  change: WarehouseChange,
  expectedVersion: number | null,
  audit?: { actor: string },
): Promise<Guarded<{ version: number; recomputed: number }>> {
  return inTransaction(store, async (trx) => {
    let q = trx
      .updateTable('warehouses')
      .set((eb) => ({
        ...defined({
          name: change.name,
          state: change.state,
          postal_code: change.postalCode,
          time_zone: change.timeZone,
          cutoff: change.cutoff,
          holiday_calendar: change.holidayCalendar,
          lead_time_days: change.leadTimeDays,
          digest_at: change.digestAt,
        }),
        version: eb('version', '+', 1),
      }))
      .where('organization_id', '=', organizationId)
      .where('code', '=', code);
    if (expectedVersion !== null) q = q.where('version', '=', expectedVersion);
    // The version this update wrote, from the statement itself: a re-read could see another writer's.
    const row = await q
      .returning(['id', 'version', 'time_zone', 'cutoff', 'holiday_calendar'])
      .executeTakeFirst();
    if (!row)
      return (await exists(trx, 'warehouses', organizationId, code))
        ? { status: 'stale' }
        : { status: 'missing' };
    const movesPickups =
      change.cutoff !== undefined || change.timeZone !== undefined || change.holidayCalendar !== undefined;
    const recomputed = movesPickups
      ? await recomputeOperationalDeadlines(trx, organizationId, row.id, warehouseClock(row))
      : 0;
    if (audit)
      await trx
        .insertInto('audit_log')
        .values({
          organization_id: organizationId,
          actor: audit.actor,
          action: 'warehouse.update',
          subject: code,
          data: JSON.stringify({ ...change, recomputedDeadlines: recomputed }),
          created_at: now(),
        })
        .execute();
    return { status: 'updated', value: { version: row.version, recomputed } } as const;
  });
}

/** Distinct platform deadlines handled per statement batch. */
const DEADLINE_BATCH = 200;

/**
 * The operational deadline of each open order (reserved or awaiting stock) in a warehouse's queue,
 * from its platform deadline and the warehouse's clock as it now is. Orders share their platform
 * deadline by the thousand (one per day and rule), so the work is keyed by it: a keyset walk over the
 * distinct deadlines, each computed once and written by one UPDATE. No list of ids is ever bound.
 * Returns how many orders changed.
 */
export async function recomputeOperationalDeadlines(
  trx: Tx,
  organizationId: string,
  warehouseId: string,
  clock: WarehouseClock,
): Promise<number> {
  let changedRows = 0;
  for (const status of ['reserved', 'awaiting_stock', 'on_hold'] as const) {
    let after = '';
    for (;;) {
      const deadlines = await trx
        .selectFrom('orders')
        .select('ship_by')
        .distinct()
        .where('organization_id', '=', organizationId)
        .where('status', '=', status)
        .where('warehouse_id', '=', warehouseId)
        .where('ship_by', '>', after)
        .orderBy('ship_by')
        .limit(DEADLINE_BATCH)
        .execute();
      for (const { ship_by } of deadlines) {
        const operational = operationalDeadline(ship_by as string, clock);
        const result = await trx
          .updateTable('orders')
          .set({ operational_by: operational })
          .where('organization_id', '=', organizationId)
          .where('status', '=', status)
          .where('warehouse_id', '=', warehouseId)
          .where('ship_by', '=', ship_by)
          .where((eb) => eb.or([eb('operational_by', 'is', null), eb('operational_by', '!=', operational)]))
          .executeTakeFirst();
        changedRows += changed(result);
      }
      if (deadlines.length < DEADLINE_BATCH) break;
      after = deadlines[deadlines.length - 1]?.ship_by as string;
    }
  }
  return changedRows;
}

export interface StorefrontChange {
  name?: string | undefined;
  bufferUnits?: number | undefined;
  bufferPercent?: number | undefined;
  allowSplit?: boolean | undefined;
  /** Warehouse ids, highest priority first. */
  warehouseIds?: string[] | undefined;
  webhookSecret?: string | undefined;
}

/** Applies the change and republishes the storefront's quantities (buffer and warehouses decide them). */
export async function updateStorefront(
  store: Store,
  organizationId: string,
  code: string,
  change: StorefrontChange,
  expectedVersion: number | null,
): Promise<Guarded<number>> {
  return inTransaction(store, (trx) =>
    updateStorefrontIn(trx, store.engine, organizationId, code, change, expectedVersion),
  );
}

/** `updateStorefront` inside a transaction the caller holds (its audit row goes in the same one). */
export async function updateStorefrontIn(
  trx: Tx,
  engine: Engine,
  organizationId: string,
  code: string,
  change: StorefrontChange,
  expectedVersion: number | null,
): Promise<Guarded<number>> {
  let q = trx
    .updateTable('storefronts')
    .set((eb) => ({
      ...defined({
        name: change.name,
        buffer_units: change.bufferUnits,
        buffer_percent: change.bufferPercent,
        allow_split: change.allowSplit === undefined ? undefined : change.allowSplit ? 1 : 0,
        webhook_secret: change.webhookSecret,
      }),
      version: eb('version', '+', 1),
    }))
    .where('organization_id', '=', organizationId)
    .where('code', '=', code);
  if (expectedVersion !== null) q = q.where('version', '=', expectedVersion);
  const s = await q.returning(['id', 'version']).executeTakeFirst();
  if (!s)
    return (await exists(trx, 'storefronts', organizationId, code))
      ? { status: 'stale' }
      : { status: 'missing' };
  if (change.warehouseIds) {
    await trx.deleteFrom('storefront_warehouses').where('storefront_id', '=', s.id).execute();
    for (const [priority, warehouse_id] of change.warehouseIds.entries())
      await trx
        .insertInto('storefront_warehouses')
        .values({ storefront_id: s.id, warehouse_id, priority })
        .execute();
  }
  await republishStorefront(trx, organizationId, s.id, engine);
  return { status: 'updated', value: s.version } as const;
}

/**
 * The storefront's version now, its row locked until the transaction ends on PostgreSQL (SQLite's
 * BEGIN IMMEDIATE already holds the file): an edit of "the current version" then cannot interleave.
 */
export async function storefrontVersion(
  trx: Tx,
  engine: Engine,
  organizationId: string,
  code: string,
): Promise<number | undefined> {
  let q = trx
    .selectFrom('storefronts')
    .select('version')
    .where('organization_id', '=', organizationId)
    .where('code', '=', code);
  if (engine === 'postgres') q = q.forUpdate();
  return (await q.executeTakeFirst())?.version;
}

async function exists(
  db: Tx | Store,
  table: 'warehouses' | 'storefronts',
  organizationId: string,
  code: string,
) {
  const q = 'db' in db ? db.db : db;
  return Boolean(
    await q
      .selectFrom(table)
      .select('id')
      .where('organization_id', '=', organizationId)
      .where('code', '=', code)
      .executeTakeFirst(),
  );
}

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function listWarehouses(store: Store, organizationId: string, code?: string) {
  let q = store.db
    .selectFrom('warehouses')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('code');
  if (code) q = q.where('code', '=', code);
  return q.execute();
}

/** Storefronts with the codes of their warehouses in priority order. */
export async function listStorefronts(store: Store, organizationId: string, code?: string) {
  let q = store.db
    .selectFrom('storefronts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('code');
  if (code) q = q.where('code', '=', code);
  const rows = await q.execute();
  const links = rows.length
    ? await store.db
        .selectFrom('storefront_warehouses as sw')
        .innerJoin('warehouses as w', 'w.id', 'sw.warehouse_id')
        .select(['sw.storefront_id', 'w.code', 'sw.priority'])
        .where(
          'sw.storefront_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('sw.priority')
        .execute()
    : [];
  return rows.map((s) => ({
    ...s,
    warehouses: links
      .filter((l) => l.storefront_id === s.id)
      .map((l) => ({ code: l.code, priority: l.priority })),
  }));
}

const webhookStorefrontQuery = cachedQuery<{
  id: string;
  organization_id: string;
  code: string;
  webhook_secret: string | null;
}>(
  'select id, organization_id, code, webhook_secret from storefronts where code = ? and webhook_secret is not null',
);

/**
 * Storefronts of every organization with this code that can verify webhooks (their sealed secrets).
 * A cached statement (cachedQuery.ts), not a cached answer: a secret changed is used at once.
 */
export function webhookStorefronts(store: Store, code: string) {
  return webhookStorefrontQuery(store, [code]);
}
