import { type RefusalReason, refusalMessage } from '../i18n/refusals.ts';
import {
  orderIdsByExternalId,
  skuIdByCode,
  skuIdsByCode,
  storefrontByCode,
  warehouseIdByCode,
  warehouseIdsByCode,
} from '../store/lookups.ts';
import type { Store } from '../store/openDatabase.ts';
import { Refused } from './refused.ts';

/** Finds things by the codes people use, or says in the user's language what was not found. */
export class NotFound extends Error {
  /** With a reason, the message can be said in the user's language (the command line does). */
  readonly reason: RefusalReason | undefined;
  constructor(what: string | RefusalReason) {
    super(typeof what === 'string' ? what : refusalMessage(what, 'en'));
    this.reason = typeof what === 'string' ? undefined : what;
  }
}

export async function warehouseId(store: Store, org: string, code: string): Promise<string> {
  const id = await warehouseIdByCode(store, org, code);
  if (!id) throw new NotFound({ key: 'no_warehouse', params: { code } });
  return id;
}

export async function skuId(store: Store, org: string, sku: string): Promise<string> {
  const id = await skuIdByCode(store, org, sku);
  if (!id) throw new NotFound({ key: 'no_sku', params: { sku } });
  return id;
}

export async function storefront(store: Store, org: string, code: string) {
  const row = await storefrontByCode(store, org, code);
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
  const ids = await orderIdsByExternalId(store, org, externalId, storefrontCode);
  if (ids.length === 0) throw new NotFound({ key: 'no_order', params: { order: externalId } });
  if (ids.length > 1)
    throw new Refused('usage', { key: 'order_on_several_storefronts', params: { order: externalId } });
  return ids[0] as string;
}

export const skuIds = skuIdsByCode;
export const warehouseIds = warehouseIdsByCode;
