import { type RefusalReason, refusalMessage } from '../i18n/refusals.ts';
import type { Store } from '../store/openDatabase.ts';
import { Refused } from './refused.ts';

/** Finds things by the codes people use (warehouse TX, SKU PT-TOY-001, order MX-1001). */
export class NotFound extends Error {
  /** With a reason, the message can be said in the user's language (the command line does). */
  readonly reason: RefusalReason | undefined;
  constructor(what: string | RefusalReason) {
    super(typeof what === 'string' ? what : refusalMessage(what, 'en'));
    this.reason = typeof what === 'string' ? undefined : what;
  }
}

export async function warehouseId(store: Store, org: string, code: string): Promise<string> {
  const row = await store.db
    .selectFrom('warehouses')
    .select('id')
    .where('organization_id', '=', org)
    .where('code', '=', code)
    .executeTakeFirst();
  if (!row) throw new NotFound({ key: 'no_warehouse', params: { code } });
  return row.id;
}

export async function skuId(store: Store, org: string, sku: string): Promise<string> {
  const row = await store.db
    .selectFrom('skus')
    .select('id')
    .where('organization_id', '=', org)
    .where('sku', '=', sku)
    .executeTakeFirst();
  if (!row) throw new NotFound({ key: 'no_sku', params: { sku } });
  return row.id;
}

export async function storefront(store: Store, org: string, code: string) {
  const row = await store.db
    .selectFrom('storefronts')
    .selectAll()
    .where('organization_id', '=', org)
    .where('code', '=', code)
    .executeTakeFirst();
  if (!row) throw new NotFound({ key: 'no_storefront', params: { code } });
  return row;
}

/** An order by its marketplace id; `storefrontCode` settles it when two storefronts share the id. */
export async function orderId(
  store: Store,
  org: string,
  externalId: string,
  storefrontCode?: string,
): Promise<string> {
  let q = store.db
    .selectFrom('orders as o')
    .innerJoin('storefronts as sf', 'sf.id', 'o.storefront_id')
    .select('o.id')
    .where('o.organization_id', '=', org)
    .where('o.external_id', '=', externalId);
  if (storefrontCode) q = q.where('sf.code', '=', storefrontCode);
  const rows = await q.execute();
  if (rows.length === 0) throw new NotFound({ key: 'no_order', params: { order: externalId } });
  if (rows.length > 1)
    throw new Refused('usage', { key: 'order_on_several_storefronts', params: { order: externalId } });
  return (rows[0] as { id: string }).id;
}

/** The ids of the SKUs named (one query for a chunk of an import); a SKU not found is absent. */
export async function skuIds(store: Store, org: string, skus: string[]): Promise<Map<string, string>> {
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
export async function warehouseIds(store: Store, org: string): Promise<Map<string, string>> {
  const rows = await store.db
    .selectFrom('warehouses')
    .select(['id', 'code'])
    .where('organization_id', '=', org)
    .execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}
