import type { Store } from './openDatabase.ts';
import { republishStorefront } from './publish.ts';
import { changed, inTransaction, type Tx } from './transaction.ts';

/**
 * Changes to warehouses and storefronts, guarded by their version: an edit made on a stale copy
 * (someone else saved in between) changes nothing and reports 'stale' — the HTTP ETag/If-Match.
 */

export type Guarded<T> = { status: 'updated'; value: T } | { status: 'stale' } | { status: 'missing' };

export interface WarehouseChange {
  name?: string | undefined;
  state?: string | null | undefined;
  timeZone?: string | undefined;
  cutoff?: string | undefined;
  holidayCalendar?: string | undefined;
  leadTimeDays?: number | undefined;
}

export async function updateWarehouse(
  store: Store,
  organizationId: string,
  code: string,
  change: WarehouseChange,
  expectedVersion: number | null,
): Promise<Guarded<number>> {
  let q = store.db
    .updateTable('warehouses')
    .set((eb) => ({
      ...defined({
        name: change.name,
        state: change.state,
        time_zone: change.timeZone,
        cutoff: change.cutoff,
        holiday_calendar: change.holidayCalendar,
        lead_time_days: change.leadTimeDays,
      }),
      version: eb('version', '+', 1),
    }))
    .where('organization_id', '=', organizationId)
    .where('code', '=', code);
  if (expectedVersion !== null) q = q.where('version', '=', expectedVersion);
  if (changed(await q.executeTakeFirst()) === 1) {
    const row = await store.db
      .selectFrom('warehouses')
      .select('version')
      .where('organization_id', '=', organizationId)
      .where('code', '=', code)
      .executeTakeFirstOrThrow();
    return { status: 'updated', value: row.version };
  }
  return (await exists(store, 'warehouses', organizationId, code))
    ? { status: 'stale' }
    : { status: 'missing' };
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
  return inTransaction(store, async (trx) => {
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
    const updated = changed(await q.executeTakeFirst()) === 1;
    if (!updated)
      return (await exists(trx, 'storefronts', organizationId, code))
        ? { status: 'stale' }
        : { status: 'missing' };
    const s = await trx
      .selectFrom('storefronts')
      .select(['id', 'version'])
      .where('organization_id', '=', organizationId)
      .where('code', '=', code)
      .executeTakeFirstOrThrow();
    if (change.warehouseIds) {
      await trx.deleteFrom('storefront_warehouses').where('storefront_id', '=', s.id).execute();
      for (const [priority, warehouse_id] of change.warehouseIds.entries())
        await trx
          .insertInto('storefront_warehouses')
          .values({ storefront_id: s.id, warehouse_id, priority })
          .execute();
    }
    await republishStorefront(trx, organizationId, s.id, store.engine);
    return { status: 'updated', value: s.version } as const;
  });
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
