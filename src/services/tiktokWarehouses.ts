import { shopWarehouses, type TikTokWarehouse } from '../channels/tiktok/tiktokApi.ts';
import { matchWarehouses } from '../domain/tiktok/warehouseMatch.ts';
import { warehouseIdIn } from '../store/lookups.ts';
import type { Store } from '../store/openDatabase.ts';
import {
  auditTikTok,
  connectionOf,
  type MappedTikTokWarehouse,
  mappableWarehouses,
  mapTikTokWarehouse,
  replaceTikTokWarehouses,
  tiktokWarehouses,
} from '../store/tiktokConnections.ts';
import { inTransaction, type Tx } from '../store/transaction.ts';
import { NotFound, storefront as storefrontByCode } from './lookups.ts';
import { Refused } from './refused.ts';
import { type TikTokDeps, tiktokClientFor } from './tiktokSession.ts';

/**
 * The TikTok warehouses of a connected storefront's shop and the Puente warehouse each stands for:
 * `puente tiktok warehouses` (and later the dashboard). The list is read fresh from TikTok, new
 * warehouses are matched automatically (tiktokWarehouseMatch), and `--map` pairs are set by hand.
 */

export interface WarehouseMapping {
  id: string;
  name: string;
  type: string | null;
  state: string | null;
  postal_code: string | null;
  /** The Puente warehouse's code, or null: stock is not pushed to an unmapped warehouse. */
  warehouse: string | null;
  mapped_by: 'auto' | 'manual' | null;
}

export const isSalesWarehouse = (w: { type: string | null; effect_status: string | null }) =>
  (w.type ?? 'SALES_WAREHOUSE') === 'SALES_WAREHOUSE' && w.effect_status !== 'DISABLED';

export function toTikTokWarehouseInput(w: TikTokWarehouse) {
  return {
    id: w.id,
    name: w.name,
    type: w.type ?? null,
    subType: w.sub_type ?? null,
    effectStatus: w.effect_status ?? null,
    isDefault: w.is_default ?? false,
    state: w.address?.state ?? null,
    city: w.address?.city ?? null,
    postalCode: w.address?.postal_code ?? null,
  };
}

/**
 * Pairs the shop's unmapped sales warehouses with the Puente warehouses that serve the storefront
 * (all of the organization's when none is listed) and are not mapped yet. Pairs already made, by
 * hand or before, stay. Returns how many were made.
 */
export async function autoMapWarehouses(
  trx: Tx,
  organizationId: string,
  storefrontId: string,
): Promise<number> {
  const of = { storefrontId, organizationId };
  const rows = await tiktokWarehouses(trx, of);
  const taken = new Set(rows.flatMap((r) => (r.warehouse_id ? [r.warehouse_id] : [])));
  const candidates = await mappableWarehouses(trx, organizationId, storefrontId);
  const pairs = matchWarehouses(
    candidates
      .filter((w) => !taken.has(w.id))
      .map((w) => ({ id: w.id, state: w.state, postalCode: w.postal_code })),
    rows
      .filter((r) => !r.warehouse_id && r.mapped_by !== 'manual' && isSalesWarehouse(r))
      .map((r) => ({ id: r.tiktok_warehouse_id, state: r.state, postalCode: r.postal_code })),
  );
  for (const p of pairs) await mapTikTokWarehouse(trx, of, p.tiktokId, p.puenteId, 'auto');
  return pairs.length;
}

export function mappingRows(rows: MappedTikTokWarehouse[]): WarehouseMapping[] {
  return rows.map((r) => ({
    id: r.tiktok_warehouse_id,
    name: r.name,
    type: r.type,
    state: r.state,
    postal_code: r.postal_code,
    warehouse: r.warehouse_code,
    mapped_by: r.mapped_by,
  }));
}

/** `TX=7068…` → the pair, or a usage refusal naming the value. */
export function parseMapping(value: string): { warehouse: string; tiktokId: string } {
  const m = /^([^=\s]+)=(\S+)$/.exec(value.trim());
  if (!m) throw new Refused('usage', { key: 'tiktok_bad_map', params: { value } });
  return { warehouse: m[1] as string, tiktokId: m[2] as string };
}

export async function tiktokWarehouseMapping(
  store: Store,
  deps: TikTokDeps,
  o: {
    organizationId: string;
    storefront: string;
    /** Pairs set by hand; a null warehouse unmaps (the dashboard's "none"), and automatic matching then leaves it. */
    map?: { warehouse: string | null; tiktokId: string }[];
    actor: string;
  },
): Promise<WarehouseMapping[]> {
  const sf = await storefrontByCode(store, o.organizationId, o.storefront);
  if (!(await connectionOf(store, sf.id)))
    throw new Refused('not_found', { key: 'no_tiktok_connection', params: { code: sf.code } });
  const { client } = await tiktokClientFor(store, deps, sf.id);
  const live = await shopWarehouses(client);
  const of = { storefrontId: sf.id, organizationId: o.organizationId };
  await inTransaction(store, async (trx) => {
    await replaceTikTokWarehouses(trx, of, live.map(toTikTokWarehouseInput));
    const rows = await tiktokWarehouses(trx, of);
    for (const pair of o.map ?? []) {
      const target = rows.find((r) => r.tiktok_warehouse_id === pair.tiktokId);
      if (!target)
        throw new Refused('not_found', {
          key: 'no_tiktok_warehouse',
          params: { code: sf.code, id: pair.tiktokId },
        });
      if (!isSalesWarehouse(target))
        throw new Refused('usage', {
          key: 'tiktok_not_sales_warehouse',
          params: { id: pair.tiktokId, type: target.type ?? '?' },
        });
      const warehouseId =
        pair.warehouse === null ? null : await warehouseIdIn(trx, o.organizationId, pair.warehouse);
      if (pair.warehouse !== null && !warehouseId)
        throw new NotFound({ key: 'no_warehouse', params: { code: pair.warehouse } });
      await mapTikTokWarehouse(trx, of, pair.tiktokId, warehouseId ?? null, 'manual');
    }
    const auto = await autoMapWarehouses(trx, o.organizationId, sf.id);
    if (o.map?.length || auto)
      await auditTikTok(trx, {
        organizationId: o.organizationId,
        actor: o.actor,
        action: 'tiktok.warehouses.map',
        subject: sf.code,
        data: { manual: o.map ?? [], automatic: auto },
      });
  });
  return mappingRows(await tiktokWarehouses(store, of));
}
