import { publishedQuantity } from '../domain/stock/publishedQuantity.ts';
import { txStatement } from './cachedQuery.ts';
import { lockPublication } from './lockStock.ts';
import type { Engine } from './openDatabase.ts';
import { recordAvailability } from './stockOuts.ts';
import { now, type Tx } from './transaction.ts';

/**
 * Recomputes what each storefront may offer of the given SKUs [P15] and appends every changed
 * figure to the outbox (`published_quantities`), which the marketplace connectors read. Runs inside
 * the transaction that changed the stock, so the outbox never disagrees with the ledger. `skus` maps
 * organizations to their SKUs: a batch of orders from many sellers republishes in three statements
 * (locks, availability, outbox), not three per seller.
 */
export async function republish(
  trx: Tx,
  skus: ReadonlyMap<string, Iterable<string>>,
  engine: Engine,
  /** When the change happened (a replayed history's time); now when absent. */
  at: string = now(),
  /** Publication locks the transaction holds already (lockStock.ts). */
  held: ReadonlySet<string> = new Set(),
): Promise<void> {
  const pairs = [...skus]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([organizationId, ids]) => [...new Set(ids)].sort().map((skuId) => ({ organizationId, skuId })));
  if (pairs.length === 0) return;
  // After the rows, before reading the levels: see lockStock.ts.
  await lockPublication(trx, engine, pairs, held);
  const rows = await availability(
    trx,
    pairs.flatMap((p) => [p.organizationId, p.skuId]),
    pairs.length,
  );
  if (rows.length === 0) return;
  const changed = rows
    .map((r) => ({
      ...r,
      quantity: publishedQuantity(Number(r.available), r.buffer_units, r.buffer_percent),
      before: r.last === null ? undefined : Number(r.last),
    }))
    .filter((r) => r.before !== r.quantity);
  await recordAvailability(trx, changed, at);
  if (changed.length)
    await insertPublished(
      trx,
      changed.flatMap((r) => [r.organization_id, r.storefront_id, r.sku_id, r.quantity, at]),
      changed.length,
    );
}

/**
 * What each storefront of the organization has available of these SKUs in its warehouses, with its
 * buffer and the last figure published for each pair, read in the same query by one index seek each
 * (published_quantities_latest; a grouped query over the whole history was slower as the outbox
 * grows). The (organization, SKU) pairs come as a VALUES list (columns column1, column2 on both
 * engines).
 */
const availability = txStatement<{
  organization_id: string;
  storefront_id: string;
  sku_id: string;
  buffer_units: number;
  buffer_percent: number;
  available: number;
  last: number | null;
}>(
  `select sf.organization_id, sf.id as storefront_id, sl.sku_id, sf.buffer_units, sf.buffer_percent,
     sum(sl.on_hand - sl.reserved) as available,
     (select pq.quantity from published_quantities as pq
      where pq.storefront_id = sf.id and pq.sku_id = sl.sku_id order by pq.id desc limit 1) as last
   from (values {rows}) as v
   inner join storefronts as sf on sf.organization_id = v.column1
   inner join storefront_warehouses as sw on sw.storefront_id = sf.id
   inner join stock_levels as sl
     on sl.organization_id = v.column1 and sl.sku_id = v.column2 and sl.warehouse_id = sw.warehouse_id
   group by sf.organization_id, sf.id, sl.sku_id, sf.buffer_units, sf.buffer_percent`,
  '(?, ?)',
);
const insertPublished = txStatement(
  'insert into published_quantities (organization_id, storefront_id, sku_id, quantity, created_at, sent_at) values {rows}',
  '(?, ?, ?, ?, ?, null)',
);

/**
 * After a storefront's warehouses or buffer change: every SKU it can sell now, and every SKU it
 * published before, gets its figure again — a SKU no longer stocked in any of its warehouses gets 0
 * rather than keeping the figure of a warehouse that no longer serves it.
 */
export async function republishStorefront(
  trx: Tx,
  organizationId: string,
  storefrontId: string,
  engine: Engine,
): Promise<void> {
  const stocked = await trx
    .selectFrom('stock_levels as sl')
    .innerJoin('storefront_warehouses as sw', 'sw.warehouse_id', 'sl.warehouse_id')
    .select('sl.sku_id')
    .distinct()
    .where('sl.organization_id', '=', organizationId)
    .where('sw.storefront_id', '=', storefrontId)
    .execute();
  const before = await trx
    .selectFrom('published_quantities')
    .select('sku_id')
    .distinct()
    .where('storefront_id', '=', storefrontId)
    .execute();
  const stockedIds = new Set(stocked.map((r) => r.sku_id));
  await republish(trx, new Map([[organizationId, stockedIds]]), engine);
  const gone = before.map((r) => r.sku_id).filter((id) => !stockedIds.has(id));
  for (const skuId of gone) {
    const before = await lastPublished(trx, storefrontId, skuId);
    if (before === 0) continue;
    await recordAvailability(
      trx,
      [{ organization_id: organizationId, storefront_id: storefrontId, sku_id: skuId, quantity: 0, before }],
      now(),
    );
    await trx
      .insertInto('published_quantities')
      .values({
        organization_id: organizationId,
        storefront_id: storefrontId,
        sku_id: skuId,
        quantity: 0,
        created_at: now(),
        sent_at: null,
      })
      .execute();
  }
}

/** The last quantity published to a storefront for a SKU, or undefined if never published. */
export async function lastPublished(
  trx: Tx,
  storefrontId: string,
  skuId: string,
): Promise<number | undefined> {
  const row = await trx
    .selectFrom('published_quantities')
    .select('quantity')
    .where('storefront_id', '=', storefrontId)
    .where('sku_id', '=', skuId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.quantity;
}
