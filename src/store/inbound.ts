import { type Kysely, sql } from 'kysely';
import type { Store } from './openDatabase.ts';
import type { Database, TransitMode } from './schema.ts';
import { writeAudit } from './skuPlans.ts';
import { applyOnHand, ensureLevel } from './stockLedger.ts';
import { withStock } from './stockTransaction.ts';
import { inTransaction, now, type Tx } from './transaction.ts';
import { prepareArrival, reserveWaiting } from './waitingOrders.ts';

/**
 * Inbound shipments: a purchase order on its way to a warehouse [P14]. While open, its units count as
 * the level's `inbound` (what days of cover and restock suggestions read) with the earliest open ETA;
 * receiving it puts the units counted on the shelf, closes it, and records any difference from what
 * was ordered. Each step and its audit row commit together.
 */

export interface NewShipment {
  organizationId: string;
  number: string;
  supplierId: string | null;
  warehouseId: string;
  mode: TransitMode;
  eta: string;
  actor: string;
  lines: { skuId: string; quantity: number; unitCostMinor: number | null; currency: string | null }[];
}

/**
 * Adds `delta` units (negative on receipt) to the level's inbound, which may also hold a figure set
 * by hand (`puente stock inbound`); the ETA becomes the earliest of the open shipments', or stays the
 * hand-set one when none is open.
 */
async function moveInbound(
  trx: Tx,
  organizationId: string,
  warehouseId: string,
  lines: { skuId: string; delta: number }[],
) {
  const at = now();
  for (const { skuId, delta } of lines) {
    const open = await trx
      .selectFrom('inbound_lines as l')
      .innerJoin('inbound_shipments as s', 's.id', 'l.shipment_id')
      .select((eb) => eb.fn.min<string>('s.eta').as('eta'))
      .where('s.organization_id', '=', organizationId)
      .where('s.warehouse_id', '=', warehouseId)
      .where('s.status', '=', 'open')
      .where('l.sku_id', '=', skuId)
      .executeTakeFirst();
    await trx
      .insertInto('stock_levels')
      .values({
        organization_id: organizationId,
        sku_id: skuId,
        warehouse_id: warehouseId,
        on_hand: 0,
        reserved: 0,
        inbound: Math.max(0, delta),
        inbound_eta: open?.eta ?? null,
        updated_at: at,
      })
      .onConflict((oc) =>
        oc.columns(['organization_id', 'sku_id', 'warehouse_id']).doUpdateSet((eb) => ({
          inbound: sql<number>`case when ${eb.ref('stock_levels.inbound')} + ${delta} < 0 then 0 else ${eb.ref('stock_levels.inbound')} + ${delta} end`,
          inbound_eta: open?.eta
            ? open.eta
            : sql<
                string | null
              >`case when ${eb.ref('stock_levels.inbound')} + ${delta} <= 0 then null else ${eb.ref('stock_levels.inbound_eta')} end`,
        })),
      )
      .execute();
  }
}

export async function createShipment(store: Store, s: NewShipment): Promise<string> {
  const id = crypto.randomUUID();
  await inTransaction(store, async (trx) => {
    await trx
      .insertInto('inbound_shipments')
      .values({
        id,
        organization_id: s.organizationId,
        number: s.number,
        supplier_id: s.supplierId,
        warehouse_id: s.warehouseId,
        mode: s.mode,
        eta: s.eta,
        status: 'open',
        created_by: s.actor,
        created_at: now(),
        received_at: null,
      })
      .execute();
    await trx
      .insertInto('inbound_lines')
      .values(
        s.lines.map((l) => ({
          shipment_id: id,
          sku_id: l.skuId,
          quantity: l.quantity,
          unit_cost_minor: l.unitCostMinor,
          currency: l.currency,
          received_quantity: null,
        })),
      )
      .execute();
    await moveInbound(
      trx,
      s.organizationId,
      s.warehouseId,
      s.lines.map((l) => ({ skuId: l.skuId, delta: l.quantity })),
    );
    await writeAudit(trx, s.organizationId, s.actor, 'inbound.create', s.number, {
      warehouseId: s.warehouseId,
      mode: s.mode,
      eta: s.eta,
      lines: s.lines,
    });
  });
  return id;
}

export interface ShipmentView {
  id: string;
  number: string;
  supplier: string | null;
  warehouse: string;
  warehouseId: string;
  mode: TransitMode;
  eta: string;
  status: 'open' | 'received';
  createdAt: string;
  receivedAt: string | null;
  lines: { sku: string; skuId: string; title: string; quantity: number; receivedQuantity: number | null }[];
}

export async function listShipments(
  db: Kysely<Database>,
  organizationId: string,
  filter: { status?: 'open' | 'received' | undefined; number?: string | undefined } = {},
): Promise<ShipmentView[]> {
  let q = db
    .selectFrom('inbound_shipments as s')
    .innerJoin('warehouses as w', 'w.id', 's.warehouse_id')
    .leftJoin('suppliers as p', 'p.id', 's.supplier_id')
    .select([
      's.id',
      's.number',
      'p.code as supplier',
      'w.code as warehouse',
      's.warehouse_id',
      's.mode',
      's.eta',
      's.status',
      's.created_at',
      's.received_at',
    ])
    .where('s.organization_id', '=', organizationId);
  if (filter.status) q = q.where('s.status', '=', filter.status);
  if (filter.number) q = q.where('s.number', '=', filter.number);
  const shipments = await q.orderBy('s.eta').orderBy('s.number').execute();
  if (!shipments.length) return [];
  const lines = await db
    .selectFrom('inbound_lines as l')
    .innerJoin('skus as k', 'k.id', 'l.sku_id')
    .select(['l.shipment_id', 'k.sku', 'k.id', 'k.title', 'l.quantity', 'l.received_quantity'])
    .where(
      'l.shipment_id',
      'in',
      shipments.map((s) => s.id),
    )
    .orderBy('k.sku')
    .execute();
  return shipments.map((s) => ({
    id: s.id,
    number: s.number,
    supplier: s.supplier,
    warehouse: s.warehouse,
    warehouseId: s.warehouse_id,
    mode: s.mode,
    eta: s.eta,
    status: s.status,
    createdAt: s.created_at,
    receivedAt: s.received_at,
    lines: lines
      .filter((l) => l.shipment_id === s.id)
      .map((l) => ({
        sku: l.sku,
        skuId: l.id,
        title: l.title,
        quantity: l.quantity,
        receivedQuantity: l.received_quantity,
      })),
  }));
}

/**
 * Receives an open shipment: each line's counted units (the ordered quantity when not given) go on
 * the shelf as a ledger receipt keyed by the shipment (a retry cannot receive twice), waiting orders
 * take what they need, the shipment closes, and the differences are audited line by line.
 */
export async function receiveShipment(
  store: Store,
  organizationId: string,
  shipment: ShipmentView,
  counted: Map<string, number>,
  actor: string,
): Promise<{ sku: string; ordered: number; received: number }[]> {
  return withStock(store, async (st) => {
    const claimed = await st.trx
      .updateTable('inbound_shipments')
      .set({ status: 'received', received_at: now() })
      .where('id', '=', shipment.id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return [];
    const movements = shipment.lines.map((l) => ({
      organizationId,
      skuId: l.skuId,
      warehouseId: shipment.warehouseId,
      actor,
      reason: `inbound ${shipment.number}`,
      idempotencyKey: `inbound:${shipment.id}`,
    }));
    for (const m of movements) await ensureLevel(st, m);
    await prepareArrival(
      st,
      organizationId,
      movements.map((m) => m.skuId),
      movements,
    );
    const result: { sku: string; ordered: number; received: number }[] = [];
    for (const [i, l] of shipment.lines.entries()) {
      const received = counted.get(l.sku) ?? l.quantity;
      if (received > 0)
        await applyOnHand(st, movements[i] as (typeof movements)[number], 'receive', received);
      await st.trx
        .updateTable('inbound_lines')
        .set({ received_quantity: received })
        .where('shipment_id', '=', shipment.id)
        .where('sku_id', '=', l.skuId)
        .execute();
      result.push({ sku: l.sku, ordered: l.quantity, received });
      if (received !== l.quantity)
        await writeAudit(st.trx, organizationId, actor, 'inbound.difference', shipment.number, {
          sku: l.sku,
          ordered: l.quantity,
          received,
          difference: received - l.quantity,
        });
    }
    const skuIds = shipment.lines.map((l) => l.skuId);
    await moveInbound(
      st.trx,
      organizationId,
      shipment.warehouseId,
      shipment.lines.map((l) => ({ skuId: l.skuId, delta: -l.quantity })),
    );
    await reserveWaiting(st, organizationId, skuIds, { actor, at: now() });
    st.changed(organizationId, skuIds);
    await writeAudit(st.trx, organizationId, actor, 'inbound.receive', shipment.number, { lines: result });
    return result;
  });
}
