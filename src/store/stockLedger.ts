import { LIMITS } from '../domain/limits.ts';
import type { Store } from './openDatabase.ts';
import type { MovementKind } from './schema.ts';
import { type StockTransaction, withStock } from './stockTransaction.ts';
import { now } from './transaction.ts';
import { prepareArrival, reserveWaiting } from './waitingOrders.ts';

/**
 * Movements of stock on hand: receive, adjust, count, transfer, return. Each is an append-only
 * ledger row and one guarded change of the level, in one transaction. The level changes by a delta
 * computed in the database (`on_hand = on_hand + ?`), never by writing a quantity read earlier, and a
 * decrease may not take on-hand below what is reserved. An idempotency key makes a repeated request
 * a no-op. Reserved quantities belong to reserving.ts and settling.ts alone.
 *
 * Each runs in a stock transaction (stockTransaction.ts) that locks its rows first, with the rows
 * the orders waiting for the SKU may take (lockStock.ts); units that arrive (a receipt, a transfer
 * in, an adjustment or count up) are offered to those orders in the same transaction
 * (waitingOrders.ts).
 */

export interface Movement {
  organizationId: string;
  skuId: string;
  warehouseId: string;
  actor: string;
  reason?: string | undefined;
  idempotencyKey?: string | undefined;
  orderId?: string | undefined;
  /** When it happened (ISO UTC); now when absent. The demo replays history with it. */
  at?: string | undefined;
}

export class StockError extends Error {
  constructor(
    readonly code: 'BELOW_RESERVED' | 'NO_STOCK_LEVEL' | 'BAD_QUANTITY' | 'ABOVE_LIMIT',
    message: string,
  ) {
    super(message);
  }
}

/** Result of a movement: applied now, or already applied under the same idempotency key. */
export type Applied = 'applied' | 'duplicate';

/**
 * Appends the ledger row and applies `delta` to on-hand. Returns 'duplicate' when the idempotency key
 * was seen before for this SKU and warehouse (the earlier movement stands; nothing changes).
 */
export async function applyOnHand(
  st: StockTransaction,
  m: Movement,
  kind: MovementKind,
  delta: number,
): Promise<Applied> {
  const { trx } = st;
  await st.lock([m]);
  if (!Number.isInteger(delta) || Math.abs(delta) > LIMITS.onHand)
    throw new StockError(
      'BAD_QUANTITY',
      `quantity must be a whole number of at most ${LIMITS.onHand} units, got ${delta}`,
    );
  const at = m.at ?? now();
  const inserted = await trx
    .insertInto('stock_movements')
    .values({
      organization_id: m.organizationId,
      sku_id: m.skuId,
      warehouse_id: m.warehouseId,
      kind,
      on_hand_delta: delta,
      reserved_delta: 0,
      reason: m.reason ?? null,
      actor: m.actor,
      order_id: m.orderId ?? null,
      idempotency_key: m.idempotencyKey ?? null,
      created_at: at,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return 'duplicate';

  if (delta >= 0) {
    const level = await trx
      .insertInto('stock_levels')
      .values({
        organization_id: m.organizationId,
        sku_id: m.skuId,
        warehouse_id: m.warehouseId,
        on_hand: delta,
        reserved: 0,
        inbound: 0,
        inbound_eta: null,
        updated_at: at,
      })
      .onConflict((oc) =>
        oc
          .columns(['organization_id', 'sku_id', 'warehouse_id'])
          .doUpdateSet((eb) => ({
            on_hand: eb('stock_levels.on_hand', '+', eb.ref('excluded.on_hand')),
            updated_at: eb.ref('excluded.updated_at'),
          }))
          // The level's ceiling (LIMITS.onHand), checked in the same statement as the increment.
          .where((eb) =>
            eb(eb('stock_levels.on_hand', '+', eb.ref('excluded.on_hand')), '<=', LIMITS.onHand),
          ),
      )
      .returning(['sku_id', 'warehouse_id', 'on_hand', 'reserved'])
      .executeTakeFirst();
    if (!level)
      throw new StockError(
        'ABOVE_LIMIT',
        `cannot add ${delta}: one SKU in one warehouse holds at most ${LIMITS.onHand} units`,
      );
    st.saw(level);
    return 'applied';
  }
  const level = await trx
    .updateTable('stock_levels')
    .set((eb) => ({ on_hand: eb('on_hand', '+', delta), updated_at: at }))
    .where('organization_id', '=', m.organizationId)
    .where('sku_id', '=', m.skuId)
    .where('warehouse_id', '=', m.warehouseId)
    .where((eb) => eb(eb('on_hand', '+', delta), '>=', eb.ref('reserved')))
    .returning(['sku_id', 'warehouse_id', 'on_hand', 'reserved'])
    .executeTakeFirst();
  if (level) st.saw(level);
  else {
    throw new StockError(
      'BELOW_RESERVED',
      `cannot remove ${-delta}: on hand would fall below what is reserved or below zero`,
    );
  }
  return 'applied';
}

function positive(quantity: number): number {
  if (!Number.isInteger(quantity) || quantity <= 0 || quantity > LIMITS.movementQuantity)
    throw new StockError(
      'BAD_QUANTITY',
      `quantity must be a whole number from 1 to ${LIMITS.movementQuantity}, got ${quantity}`,
    );
  return quantity;
}

export async function receive(store: Store, m: Movement, quantity: number): Promise<Applied> {
  return moveOnHand(store, m, 'receive', positive(quantity));
}

/** A correction by a signed difference (damaged, found, written off); the reason is required. */
export async function adjust(store: Store, m: Movement, delta: number): Promise<Applied> {
  if (!m.reason) throw new StockError('BAD_QUANTITY', 'an adjustment needs a reason');
  if (delta === 0) throw new StockError('BAD_QUANTITY', 'an adjustment of 0 changes nothing');
  if (!Number.isInteger(delta) || Math.abs(delta) > LIMITS.movementQuantity)
    throw new StockError(
      'BAD_QUANTITY',
      `an adjustment must be a whole number of at most ${LIMITS.movementQuantity} units either way, got ${delta}`,
    );
  return moveOnHand(store, m, 'adjust', delta);
}

/**
 * One on-hand movement in its own stock transaction. Units that arrive are offered to the orders
 * waiting for the SKU before it commits.
 */
async function moveOnHand(store: Store, m: Movement, kind: MovementKind, delta: number): Promise<Applied> {
  return withStock(store, async (st) => {
    st.eventAt = m.at;
    if (delta > 0) await prepareArrival(st, m.organizationId, [m.skuId], [m]);
    const applied = await applyOnHand(st, m, kind, delta);
    if (applied === 'applied') await arrived(st, m, delta);
    st.changed(m.organizationId, [m.skuId]);
    return applied;
  });
}

/** Units of `m`'s SKU became available (delta > 0): the orders waiting for it are served. */
async function arrived(st: StockTransaction, m: Movement, delta: number): Promise<void> {
  if (delta > 0) await reserveWaiting(st, m.organizationId, [m.skuId], { actor: m.actor, at: m.at ?? now() });
}

/**
 * A stock count (e.g. a 3PL's file): the ledger records the difference from what the books said.
 * The level is read and changed in one transaction with the row locked (FOR UPDATE on PostgreSQL;
 * SQLite's BEGIN IMMEDIATE holds the file), so a movement cannot land between the read and the
 * change and be overwritten.
 */
export async function count(
  store: Store,
  m: Movement,
  counted: number,
): Promise<{ delta: number; applied: Applied }> {
  if (!Number.isInteger(counted) || counted < 0 || counted > LIMITS.onHand)
    throw new StockError(
      'BAD_QUANTITY',
      `a count must be a whole number from 0 to ${LIMITS.onHand}, got ${counted}`,
    );
  return withStock(store, async (st) => {
    await ensureLevel(st, m);
    // The count may find more than the books: lock what the waiting orders may take as well.
    await prepareArrival(st, m.organizationId, [m.skuId], [m]);
    const delta = counted - (st.onHand(m.skuId, m.warehouseId) ?? 0);
    if (delta === 0) return { delta, applied: 'applied' as const };
    const applied = await applyOnHand(st, m, 'count', delta);
    if (applied === 'applied') await arrived(st, m, delta);
    st.changed(m.organizationId, [m.skuId]);
    return { delta, applied };
  });
}

/** A level that does not exist yet has no row to lock or read: create it empty first. */
export async function ensureLevel(st: StockTransaction, m: Movement): Promise<void> {
  await st.trx
    .insertInto('stock_levels')
    .values({
      organization_id: m.organizationId,
      sku_id: m.skuId,
      warehouse_id: m.warehouseId,
      on_hand: 0,
      reserved: 0,
      inbound: 0,
      inbound_eta: null,
      updated_at: now(),
    })
    .onConflict((oc) => oc.columns(['organization_id', 'sku_id', 'warehouse_id']).doNothing())
    .execute();
}

/** Moves units between two warehouses: out of one and into the other, or neither. */
export async function transfer(
  store: Store,
  m: Movement,
  toWarehouseId: string,
  quantity: number,
): Promise<Applied> {
  positive(quantity);
  if (toWarehouseId === m.warehouseId)
    throw new StockError('BAD_QUANTITY', 'a transfer needs two different warehouses');
  const into = { ...m, warehouseId: toWarehouseId };
  return withStock(store, async (st) => {
    // Both rows in lock order (two transfers in opposite directions must not wait in a cycle),
    // with what the SKU's waiting orders may take.
    await prepareArrival(st, m.organizationId, [m.skuId], [m, into]);
    const out = await applyOnHand(st, m, 'transfer_out', -quantity);
    if (out === 'duplicate') return out;
    const arrivedIn = await applyOnHand(st, into, 'transfer_in', quantity);
    // The key was used before at the destination: applying half a transfer would lose the units.
    if (arrivedIn === 'duplicate')
      throw new StockError(
        'BAD_QUANTITY',
        `idempotency key ${m.idempotencyKey} was already used at the destination`,
      );
    // The units may now be where a storefront that does not split an order needs them.
    await arrived(st, into, quantity);
    st.changed(m.organizationId, [m.skuId]);
    return out;
  });
}

/**
 * Stock on its way (a purchase order, a transfer from China): shown beside the level and used for
 * restock planning, but not sellable, so it is not a ledger movement. Replaces the previous figure.
 */
export async function setInbound(
  store: Store,
  m: Movement,
  quantity: number,
  eta: string | null,
): Promise<void> {
  if (!Number.isInteger(quantity) || quantity < 0 || quantity > LIMITS.onHand)
    throw new StockError(
      'BAD_QUANTITY',
      `inbound must be a whole number from 0 to ${LIMITS.onHand}, got ${quantity}`,
    );
  const at = now();
  await store.db
    .insertInto('stock_levels')
    .values({
      organization_id: m.organizationId,
      sku_id: m.skuId,
      warehouse_id: m.warehouseId,
      on_hand: 0,
      reserved: 0,
      inbound: quantity,
      inbound_eta: eta,
      updated_at: at,
    })
    .onConflict((oc) =>
      oc
        .columns(['organization_id', 'sku_id', 'warehouse_id'])
        .doUpdateSet({ inbound: quantity, inbound_eta: eta, updated_at: at }),
    )
    .execute();
}
