import type { Kysely } from 'kysely';
import { type DemandDay, demandSince } from './demandDays.ts';
import type { Database } from './schema.ts';
import { type SkuPlanRow, skuPlanRows } from './skuPlans.ts';
import { type StockOut, stockOutsSince } from './stockOuts.ts';

/**
 * Everything restock planning reads for an organization, in a few queries: warehouses, storefronts
 * with the warehouses they prefer, stock levels, orders waiting for stock, the demand days and
 * stock-outs since `fromDay`, and each SKU's plan. The maths is in domain/planning; the service
 * (services/restockPlan.ts) puts the two together.
 */
export interface PlanningInputs {
  warehouses: { id: string; code: string; leadTimeDays: number }[];
  storefronts: {
    id: string;
    code: string;
    region: string;
    bufferUnits: number;
    bufferPercent: number;
    /** Warehouse ids, most preferred first. */
    warehouses: string[];
  }[];
  levels: {
    skuId: string;
    warehouseId: string;
    onHand: number;
    reserved: number;
    inbound: number;
    inboundEta: string | null;
  }[];
  /** Units of orders waiting for stock, per SKU, storefront and queue ('' for none). */
  waiting: { skuId: string; storefrontId: string; warehouseId: string; units: number }[];
  demand: DemandDay[];
  stockOuts: StockOut[];
  skus: (SkuPlanRow & { createdAt: string })[];
}

/** `skuIds`: only those SKUs' rows (a SKU's plan depends on its own rows and the shared setup). */
export async function planningInputs(
  db: Kysely<Database>,
  organizationId: string,
  fromDay: string,
  skuIds?: readonly string[],
): Promise<PlanningInputs> {
  // An empty list would be `in ()`: no SKUs, no rows of theirs; a none-matching id keeps SQL valid.
  const only = skuIds ? (skuIds.length ? [...skuIds] : ['']) : undefined;
  const [warehouses, storefronts, links, levels, waiting, demand, stockOuts, plans, skus] = await Promise.all(
    [
      db
        .selectFrom('warehouses')
        .select(['id', 'code', 'lead_time_days'])
        .where('organization_id', '=', organizationId)
        .orderBy('code')
        .execute(),
      db
        .selectFrom('storefronts')
        .select(['id', 'code', 'region', 'buffer_units', 'buffer_percent'])
        .where('organization_id', '=', organizationId)
        .orderBy('code')
        .execute(),
      db
        .selectFrom('storefront_warehouses as sw')
        .innerJoin('storefronts as sf', 'sf.id', 'sw.storefront_id')
        .select(['sw.storefront_id', 'sw.warehouse_id', 'sw.priority'])
        .where('sf.organization_id', '=', organizationId)
        .orderBy('sw.priority')
        .execute(),
      db
        .selectFrom('stock_levels')
        .select(['sku_id', 'warehouse_id', 'on_hand', 'reserved', 'inbound', 'inbound_eta'])
        .where('organization_id', '=', organizationId)
        .$if(only !== undefined, (q) => q.where('sku_id', 'in', only as string[]))
        .execute(),
      db
        .selectFrom('orders as o')
        .innerJoin('order_lines as l', 'l.order_id', 'o.id')
        .select(['l.sku_id', 'o.storefront_id', 'o.warehouse_id'])
        .select((eb) => eb.fn.sum<number>('l.quantity').as('units'))
        .where('o.organization_id', '=', organizationId)
        .where('o.status', '=', 'awaiting_stock')
        .$if(only !== undefined, (q) => q.where('l.sku_id', 'in', only as string[]))
        .groupBy(['l.sku_id', 'o.storefront_id', 'o.warehouse_id'])
        .execute(),
      demandSince(db, organizationId, fromDay, only),
      stockOutsSince(db, organizationId, `${fromDay}T00:00:00.000Z`, only),
      skuPlanRows(db, organizationId, undefined, only),
      db
        .selectFrom('skus')
        .select(['id', 'created_at'])
        .where('organization_id', '=', organizationId)
        .$if(only !== undefined, (q) => q.where('id', 'in', only as string[]))
        .execute(),
    ],
  );
  const created = new Map(skus.map((s) => [s.id, s.created_at]));
  return {
    warehouses: warehouses.map((w) => ({ id: w.id, code: w.code, leadTimeDays: w.lead_time_days })),
    storefronts: storefronts.map((s) => ({
      id: s.id,
      code: s.code,
      region: s.region,
      bufferUnits: s.buffer_units,
      bufferPercent: s.buffer_percent,
      warehouses: links.filter((l) => l.storefront_id === s.id).map((l) => l.warehouse_id),
    })),
    levels: levels.map((l) => ({
      skuId: l.sku_id,
      warehouseId: l.warehouse_id,
      onHand: Number(l.on_hand),
      reserved: Number(l.reserved),
      inbound: Number(l.inbound),
      inboundEta: l.inbound_eta,
    })),
    waiting: waiting.map((w) => ({
      skuId: w.sku_id,
      storefrontId: w.storefront_id,
      warehouseId: w.warehouse_id ?? '',
      units: Number(w.units),
    })),
    demand,
    stockOuts,
    skus: plans.map((p) => ({ ...p, createdAt: created.get(p.skuId) as string })),
  };
}

/** What a SKU's class needs, for some SKUs only: the classes answer of the Inventory page. */
export interface ClassInputs {
  skus: { skuId: string; sku: string; createdAt: string; pinnedClass: SkuPlanRow['pinnedClass'] }[];
  storefrontIds: string[];
  demand: DemandDay[];
  stockOuts: StockOut[];
}

export async function classInputs(
  db: Kysely<Database>,
  organizationId: string,
  skuCodes: readonly string[],
  fromDay: string,
): Promise<ClassInputs> {
  if (skuCodes.length === 0) return { skus: [], storefrontIds: [], demand: [], stockOuts: [] };
  const [skus, storefronts] = await Promise.all([
    db
      .selectFrom('skus as k')
      .leftJoin('sku_plans as p', (j) =>
        j.onRef('p.organization_id', '=', 'k.organization_id').onRef('p.sku_id', '=', 'k.id'),
      )
      .select(['k.id', 'k.sku', 'k.created_at', 'p.pinned_class'])
      .where('k.organization_id', '=', organizationId)
      .where('k.sku', 'in', [...skuCodes])
      .execute(),
    db.selectFrom('storefronts').select('id').where('organization_id', '=', organizationId).execute(),
  ]);
  const ids = skus.map((s) => s.id);
  const [demand, stockOuts] = await Promise.all([
    demandSince(db, organizationId, fromDay, ids),
    stockOutsSince(db, organizationId, `${fromDay}T00:00:00.000Z`, ids),
  ]);
  return {
    skus: skus.map((s) => ({
      skuId: s.id,
      sku: s.sku,
      createdAt: s.created_at,
      pinnedClass: s.pinned_class,
    })),
    storefrontIds: storefronts.map((s) => s.id),
    demand,
    stockOuts,
  };
}
