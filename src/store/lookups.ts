import type { Store } from './openDatabase.ts';
import type { Tx } from './transaction.ts';

/** Rows found by the codes people use (warehouse TX, SKU PT-TOY-001, order MX-1001). */

export function warehouseIdByCode(store: Store, org: string, code: string): Promise<string | undefined> {
  return warehouseIdIn(store.db, org, code);
}

/** The same, inside a transaction. */
export async function warehouseIdIn(db: Tx, org: string, code: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('warehouses')
    .select('id')
    .where('organization_id', '=', org)
    .where('code', '=', code)
    .executeTakeFirst();
  return row?.id;
}

export async function skuIdByCode(store: Store, org: string, sku: string): Promise<string | undefined> {
  const row = await store.db
    .selectFrom('skus')
    .select('id')
    .where('organization_id', '=', org)
    .where('sku', '=', sku)
    .executeTakeFirst();
  return row?.id;
}

export function storefrontByCode(store: Store, org: string, code: string) {
  return store.db
    .selectFrom('storefronts')
    .selectAll()
    .where('organization_id', '=', org)
    .where('code', '=', code)
    .executeTakeFirst();
}

/** The ids of the orders with this marketplace id, on one storefront when its code is given. */
export async function orderIdsByExternalId(
  store: Store,
  org: string,
  externalId: string,
  storefrontCode?: string,
): Promise<string[]> {
  let q = store.db
    .selectFrom('orders as o')
    .innerJoin('storefronts as sf', 'sf.id', 'o.storefront_id')
    .select('o.id')
    .where('o.organization_id', '=', org)
    .where('o.external_id', '=', externalId);
  if (storefrontCode) q = q.where('sf.code', '=', storefrontCode);
  return (await q.execute()).map((r) => r.id);
}

/** The ids of the SKUs named, 500 to a query; a SKU not found is absent. */
export async function skuIdsByCode(store: Store, org: string, skus: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const distinct = [...new Set(skus)];
  for (let i = 0; i < distinct.length; i += 500) {
    const rows = await store.db
      .selectFrom('skus')
      .select(['id', 'sku'])
      .where('organization_id', '=', org)
      .where('sku', 'in', distinct.slice(i, i + 500))
      .execute();
    for (const r of rows) found.set(r.sku, r.id);
  }
  return found;
}

/** Every warehouse of the organization by code (a handful). */
export async function warehouseIdsByCode(store: Store, org: string): Promise<Map<string, string>> {
  const rows = await store.db
    .selectFrom('warehouses')
    .select(['id', 'code'])
    .where('organization_id', '=', org)
    .execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

/** A storefront's code by its id (what a person is told), or undefined. */
export async function storefrontCodeOf(store: Store, id: string): Promise<string | undefined> {
  const row = await store.db.selectFrom('storefronts').select('code').where('id', '=', id).executeTakeFirst();
  return row?.code;
}
