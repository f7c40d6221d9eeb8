import { randomUUID } from 'node:crypto';

/**
 * The bare-SQL baseline for the reservation benchmark: the statements `reserveOrder` runs for a
 * 2-line order served by one warehouse — insert the order and its lines, read the levels, two
 * guarded increments, the reservations, the ledger rows, the order's status, the published
 * quantities — as hand-written SQL through prepared statements, without Kysely or the planning code.
 * Written with `?` placeholders; `toPg` numbers them for PostgreSQL.
 */
export const statements = {
  insertOrder: `insert into orders (id, organization_id, storefront_id, external_id, status, currency, total_minor, paid_at, created_at, updated_at)
    values (?, ?, ?, ?, 'pending', 'MXN', ?, ?, ?, ?) on conflict (storefront_id, external_id) do nothing returning id`,
  insertLines: `insert into order_lines (id, order_id, line_no, sku_id, quantity, unit_price_minor) values (?, ?, 1, ?, ?, 100), (?, ?, 2, ?, ?, 100)`,
  readLevels: `select sku_id, warehouse_id, on_hand, reserved from stock_levels where organization_id = ? and sku_id in (?, ?) and warehouse_id in (?, ?)`,
  reserve: `update stock_levels set reserved = reserved + ?, updated_at = ? where organization_id = ? and sku_id = ? and warehouse_id = ? and on_hand - reserved >= ?`,
  insertReservations: `insert into reservations (id, organization_id, order_id, sku_id, warehouse_id, quantity, status, created_at)
    values (?, ?, ?, ?, ?, ?, 'active', ?), (?, ?, ?, ?, ?, ?, 'active', ?)`,
  insertMovements: `insert into stock_movements (organization_id, sku_id, warehouse_id, kind, on_hand_delta, reserved_delta, actor, order_id, created_at)
    values (?, ?, ?, 'reserve', 0, ?, 'bench', ?, ?), (?, ?, ?, 'reserve', 0, ?, 'bench', ?, ?)`,
  markReserved: `update orders set status = 'reserved', ship_by = ?, updated_at = ? where id = ?`,
  available: `select sf.id as storefront_id, sl.sku_id, sum(sl.on_hand - sl.reserved) as available
    from storefronts sf join storefront_warehouses sw on sw.storefront_id = sf.id join stock_levels sl on sl.warehouse_id = sw.warehouse_id
    where sf.organization_id = ? and sl.organization_id = sf.organization_id and sl.sku_id in (?, ?) group by sf.id, sl.sku_id`,
  lastPublished: `select quantity from published_quantities where storefront_id = ? and sku_id = ? order by id desc limit 1`,
  publish: `insert into published_quantities (organization_id, storefront_id, sku_id, quantity, created_at) values (?, ?, ?, ?, ?)`,
} as const;

export type Statement = keyof typeof statements;

export function toPg(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export interface BareOrder {
  org: string;
  storefrontId: string;
  externalId: string;
  skuA: string;
  skuB: string;
  warehouseId: string;
  otherWarehouseId: string;
}

/** The same sequence as the store's path, against any executor of the statements above. */
export async function bareReserve(
  run: (s: Statement, params: unknown[]) => Promise<unknown[]>,
  o: BareOrder,
): Promise<boolean> {
  const at = new Date().toISOString();
  const id = randomUUID();
  const inserted = await run('insertOrder', [id, o.org, o.storefrontId, o.externalId, 200, at, at, at]);
  if (inserted.length === 0) return false;
  await run('insertLines', [randomUUID(), id, o.skuA, 1, randomUUID(), id, o.skuB, 1]);
  await run('readLevels', [o.org, o.skuA, o.skuB, o.warehouseId, o.otherWarehouseId]);
  for (const sku of [o.skuA, o.skuB].sort()) await run('reserve', [1, at, o.org, sku, o.warehouseId, 1]);
  await run('insertReservations', [
    randomUUID(),
    o.org,
    id,
    o.skuA,
    o.warehouseId,
    1,
    at,
    randomUUID(),
    o.org,
    id,
    o.skuB,
    o.warehouseId,
    1,
    at,
  ]);
  await run('insertMovements', [
    o.org,
    o.skuA,
    o.warehouseId,
    1,
    id,
    at,
    o.org,
    o.skuB,
    o.warehouseId,
    1,
    id,
    at,
  ]);
  await run('markReserved', [at, at, id]);
  const rows = (await run('available', [o.org, o.skuA, o.skuB])) as {
    storefront_id: string;
    sku_id: string;
    available: number;
  }[];
  for (const r of rows) {
    const last = (await run('lastPublished', [r.storefront_id, r.sku_id])) as { quantity: number }[];
    if (last[0]?.quantity !== Number(r.available))
      await run('publish', [o.org, r.storefront_id, r.sku_id, Number(r.available), at]);
  }
  return true;
}
