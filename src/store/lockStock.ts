import { sql } from 'kysely';
import { txStatement } from './cachedQuery.ts';
import { TransactionRaced } from './databaseFaults.ts';
import type { Engine } from './openDatabase.ts';
import { type Tx, transactionRetries } from './transaction.ts';

/**
 * The one owner of how stock rows are locked (STYLE.md; Saleor's `warehouse/lock_objects.py`).
 *
 * Every transaction that writes `stock_levels` (reserving, shipping, cancelling, returning, any
 * movement of on-hand) first takes ALL the level rows it may touch, in ONE order, before it plans:
 * by SKU id, then warehouse id, compared as plain code units (`<` on the id strings). PostgreSQL
 * takes them with one `SELECT … ORDER BY … FOR UPDATE`, sorted with the "C" collation, which is
 * the same code-unit order for the ASCII ids Puente writes (UUIDs), whatever the database's default
 * collation is. Two transactions then wait for each other in a line, never in a cycle: there is no
 * deadlock to retry. SQLite needs no row locks: BEGIN IMMEDIATE holds the whole file.
 *
 * After its rows, a transaction may take publication locks (advisory, per SKU, same order) in
 * `republish`, and nothing after those: row locks always come before publication locks.
 *
 * Retrying a transaction that deadlocked or lost a race stays as a defence, counted in
 * `stockRetries` so that a test can assert that the lock order prevents them.
 */

/** A level within one organization: what the lock order and a transaction's snapshot go by. */
export interface LevelPair {
  skuId: string;
  warehouseId: string;
}

export interface LevelKey extends LevelPair {
  /** Leads the level's key (2026_12_026): a lookup without it could not use the key. */
  organizationId: string;
}

/** The lock order: SKU id, then warehouse id, by code units (not localeCompare, not a collation). */
export function byLockOrder(a: LevelPair, b: LevelPair): number {
  if (a.skuId !== b.skuId) return a.skuId < b.skuId ? -1 : 1;
  if (a.warehouseId !== b.warehouseId) return a.warehouseId < b.warehouseId ? -1 : 1;
  return 0;
}

export const levelKey = (k: LevelPair) => `${k.skuId}\u0000${k.warehouseId}`;

/** The keys once each, in lock order. */
export function inLockOrder<T extends LevelPair>(keys: Iterable<T>): T[] {
  const unique = new Map<string, T>();
  for (const k of keys) unique.set(levelKey(k), k);
  return [...unique.values()].sort(byLockOrder);
}

export interface LockedLevel {
  skuId: string;
  warehouseId: string;
  onHand: number;
  reserved: number;
}

/** Rows per statement: well under SQLite's and PostgreSQL's limits on bound values. */
const CHUNK = 1000;

/**
 * Locks the level rows of `keys` (those that exist) in lock order and returns them as they are
 * now. Keys are taken in sorted chunks one after the other, so a large set keeps the one order.
 */
export async function lockLevels(trx: Tx, engine: Engine, keys: Iterable<LevelKey>): Promise<LockedLevel[]> {
  const sorted = inLockOrder(keys);
  const rows: LockedLevel[] = [];
  for (let i = 0; i < sorted.length; i += CHUNK) {
    const chunk = sorted.slice(i, i + CHUNK);
    const read = engine === 'postgres' ? lockLevelRows : readLevelRows;
    for (const r of await read(
      trx,
      chunk.flatMap((k) => [k.organizationId, k.skuId, k.warehouseId]),
      chunk.length,
    ))
      rows.push({
        skuId: r.sku_id,
        warehouseId: r.warehouse_id,
        onHand: Number(r.on_hand),
        reserved: Number(r.reserved),
      });
  }
  return rows;
}

// A row value against a VALUES list: SQLite takes a row-value IN only from a subquery.
const LEVELS = `select sku_id, warehouse_id, on_hand, reserved from stock_levels
   where (organization_id, sku_id, warehouse_id) in (values {rows})`;
type LevelRow = { sku_id: string; warehouse_id: string; on_hand: number; reserved: number };
const readLevelRows = txStatement<LevelRow>(LEVELS, '(?, ?, ?)');
const lockLevelRows = txStatement<LevelRow>(
  `${LEVELS} order by sku_id collate "C", warehouse_id collate "C" for update`,
  '(?, ?, ?)',
);

/**
 * Publication locks, one per SKU in the same order (PostgreSQL advisory locks held to the end of
 * the transaction): two transactions changing one SKU in different warehouses republish one after
 * the other, so the last figure published is always right. Keys in `held` were taken already (in
 * a reservation's statement, see `takePublicationLocks`).
 */
export async function lockPublication(
  trx: Tx,
  engine: Engine,
  /** In lock order: by organization, then SKU (as `republish` sorts them). */
  pairs: readonly { organizationId: string; skuId: string }[],
  held: ReadonlySet<string> = new Set(),
): Promise<void> {
  if (engine !== 'postgres') return;
  const keys = pairs.map((p) => publicationKey(p.organizationId, p.skuId)).filter((k) => !held.has(k));
  if (keys.length === 0) return;
  await sql`select ${takePublicationLocks(keys)}`.execute(trx);
}

/** The publication lock keys of these SKUs, once each, in lock order. */
export function publicationKeys(organizationId: string, skuIds: Iterable<string>): string[] {
  const ids = [...new Set(skuIds)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return ids.map((id) => publicationKey(organizationId, id));
}

/** One SKU's publication lock key: the key a reservation's statement took must match republish's. */
const publicationKey = (organizationId: string, skuId: string) => `${organizationId}:${skuId}`;

/**
 * An expression that takes the publication locks of `keys` in the array's order (the ordered
 * subquery feeds the aggregate), all in one round trip; it may sit in a larger statement.
 */
export function takePublicationLocks(keys: readonly string[]) {
  return sql<number>`(select count(pg_advisory_xact_lock(hashtext(k))) from (select k from unnest(cast(${keys} as text[])) with ordinality as t(k, n) order by n) as s)`;
}

/** A guarded statement found less than the locked snapshot promised (a defence: should not happen). */
export class PlanRaced extends TransactionRaced {}

/** How often transactions were run again, and why (kept by `inTransaction`); tests assert the deadlocks stay at 0. */
export const stockRetries = transactionRetries;
