import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

/**
 * What the Planning page's SKU chart reads besides demand: the ledger's net movements per warehouse
 * and UTC day since a day, and the SKU's inbound shipment lines. Read on demand for one SKU; the
 * walk from movements to daily stock is domain/planning/stockHistory.ts.
 *
 * Why no roll-up table: one SKU's movements over 60 days are read through `stock_movements_by_sku`
 * (organization, SKU, id) and grouped. `npm run bench:plan-reads` times it beside a bare count of
 * the same rows. At a million orders (1.08M movements, SQLite, a 2-core machine at load ~50): an
 * ordinary SKU in ~1 ms; a hot SKU with 100,000 movements in 60 days in 142 ms p50 (its bare count:
 * 8 ms), and a covering index by time did not help (193 ms in that run; −33% in a 20k-order run). One chart of one hot SKU does not justify a trigger on
 * every stock write; if it ever does, a day roll-up of stock_movements (append-only) is the move.
 */

// Literal, not bound: PostgreSQL matches the grouped expression with the selected one by its text.
const DAY = sql<string>`substr(created_at, 1, 10)`;

export interface MovementDay {
  warehouseId: string;
  day: string;
  onHand: number;
  reserved: number;
}

export async function movementDays(
  db: Kysely<Database>,
  organizationId: string,
  skuId: string,
  fromDay: string,
): Promise<MovementDay[]> {
  const rows = await db
    .selectFrom('stock_movements')
    .select(['warehouse_id'])
    .select(DAY.as('day'))
    .select((eb) => eb.fn.sum<number>('on_hand_delta').as('on_hand'))
    .select((eb) => eb.fn.sum<number>('reserved_delta').as('reserved'))
    .where('organization_id', '=', organizationId)
    .where('sku_id', '=', skuId)
    .where('created_at', '>=', fromDay)
    .groupBy(['warehouse_id', DAY])
    .execute();
  return rows.map((r) => ({
    warehouseId: r.warehouse_id,
    day: r.day,
    onHand: Number(r.on_hand),
    reserved: Number(r.reserved),
  }));
}

export interface InboundLineRow {
  warehouseId: string;
  eta: string;
  quantity: number;
  receivedQuantity: number | null;
  status: 'open' | 'received';
}

/** A SKU's inbound lines still open, or expected since `fromDay`. */
export async function inboundLinesOf(
  db: Kysely<Database>,
  organizationId: string,
  skuId: string,
  fromDay: string,
): Promise<InboundLineRow[]> {
  const rows = await db
    .selectFrom('inbound_lines as l')
    .innerJoin('inbound_shipments as s', 's.id', 'l.shipment_id')
    .select(['s.warehouse_id', 's.eta', 's.status', 'l.quantity', 'l.received_quantity'])
    .where('s.organization_id', '=', organizationId)
    .where('l.sku_id', '=', skuId)
    .where((eb) => eb.or([eb('s.status', '=', 'open'), eb('s.eta', '>=', fromDay)]))
    .execute();
  return rows.map((r) => ({
    warehouseId: r.warehouse_id,
    eta: r.eta,
    quantity: Number(r.quantity),
    receivedQuantity: r.received_quantity === null ? null : Number(r.received_quantity),
    status: r.status,
  }));
}

/** A SKU's stock levels now, with their warehouse's code. */
export async function levelsOf(db: Kysely<Database>, organizationId: string, skuId: string) {
  const rows = await db
    .selectFrom('stock_levels as l')
    .innerJoin('warehouses as w', 'w.id', 'l.warehouse_id')
    .select(['l.warehouse_id', 'w.code', 'l.on_hand', 'l.reserved', 'l.inbound', 'l.inbound_eta'])
    .where('l.organization_id', '=', organizationId)
    .where('l.sku_id', '=', skuId)
    .orderBy('w.code')
    .execute();
  return rows.map((r) => ({
    warehouseId: r.warehouse_id,
    warehouse: r.code,
    onHand: Number(r.on_hand),
    reserved: Number(r.reserved),
    inbound: Number(r.inbound),
    inboundEta: r.inbound_eta,
  }));
}

export async function skuIdOf(db: Kysely<Database>, organizationId: string, sku: string) {
  const row = await db
    .selectFrom('skus')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('sku', '=', sku)
    .executeTakeFirst();
  return row?.id;
}
