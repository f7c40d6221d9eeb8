import { sql } from 'kysely';
import type { Store } from './openDatabase.ts';

/**
 * Recomputes every stock level from the ledger and compares: on hand = Σ on-hand deltas, reserved =
 * Σ reserved deltas = Σ active reservations. Any difference is drift, reported with its numbers.
 */

export interface Drift {
  skuId: string;
  warehouseId: string;
  field: 'on_hand' | 'reserved' | 'reservations';
  stored: number;
  fromLedger: number;
}

/** How many stock levels and movements the organization's ledger holds (what `verify` checked). */
export async function ledgerSize(store: Store, organizationId: string) {
  const count = async (table: 'stock_levels' | 'stock_movements') =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('organization_id', '=', organizationId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { levels: await count('stock_levels'), movements: await count('stock_movements') };
}

export async function verifyLedger(store: Store, organizationId?: string): Promise<Drift[]> {
  const org = organizationId ? sql`and organization_id = ${organizationId}` : sql``;
  const { rows } = await sql<{
    sku_id: string;
    warehouse_id: string;
    on_hand: number | null;
    reserved: number | null;
    ledger_on_hand: number | null;
    ledger_reserved: number | null;
    held: number | null;
  }>`
    with ledger as (
      select sku_id, warehouse_id, sum(on_hand_delta) as on_hand, sum(reserved_delta) as reserved
      from stock_movements where 1 = 1 ${org} group by sku_id, warehouse_id
    ), held as (
      select sku_id, warehouse_id, sum(quantity) as quantity
      from reservations where status = 'active' ${org} group by sku_id, warehouse_id
    ), keys as (
      select sku_id, warehouse_id from stock_levels where 1 = 1 ${org}
      union select sku_id, warehouse_id from ledger
    )
    select k.sku_id, k.warehouse_id, l.on_hand, l.reserved,
           g.on_hand as ledger_on_hand, g.reserved as ledger_reserved, h.quantity as held
    from keys k
    left join stock_levels l on l.sku_id = k.sku_id and l.warehouse_id = k.warehouse_id
    left join ledger g on g.sku_id = k.sku_id and g.warehouse_id = k.warehouse_id
    left join held h on h.sku_id = k.sku_id and h.warehouse_id = k.warehouse_id
  `.execute(store.db);
  const drift: Drift[] = [];
  for (const r of rows) {
    const at = { skuId: r.sku_id, warehouseId: r.warehouse_id };
    const onHand = Number(r.on_hand ?? 0);
    const reserved = Number(r.reserved ?? 0);
    const ledgerOnHand = Number(r.ledger_on_hand ?? 0);
    const ledgerReserved = Number(r.ledger_reserved ?? 0);
    if (onHand !== ledgerOnHand)
      drift.push({ ...at, field: 'on_hand', stored: onHand, fromLedger: ledgerOnHand });
    if (reserved !== ledgerReserved)
      drift.push({ ...at, field: 'reserved', stored: reserved, fromLedger: ledgerReserved });
    if (reserved !== Number(r.held ?? 0))
      drift.push({ ...at, field: 'reservations', stored: reserved, fromLedger: Number(r.held ?? 0) });
  }
  return drift;
}
