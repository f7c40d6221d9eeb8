import { type Kysely, type Migration, sql } from 'kysely';
import type { Engine } from './openDatabase.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed now
type AnyDb = Kysely<any>;

/**
 * A key of a leaf table (no other table's foreign key points at it), converted to start with
 * organization_id: what Citus needs of every unique key of a table distributed by organization
 * (docs/scaling.md). `index` names a bare unique index (kept partial with `where`); otherwise the
 * key is the table's primary key, constraint `name`. `redundant` is a plain index on exactly the
 * new columns, made useless by the new key.
 */
interface LeafKey {
  table: string;
  name: string;
  columns: string[];
  index?: boolean;
  where?: string;
  redundant?: string;
  /** A primary key on `id` alone: on SQLite nothing needs a second unique index on it. */
  byId?: boolean;
}

const leafKeys: LeafKey[] = [
  { table: 'cancel_tombstones', name: 'cancel_tombstones_pk', columns: ['storefront_id', 'external_id'] },
  { table: 'digest_runs', name: 'digest_runs_pk', columns: ['warehouse_id', 'day'] },
  { table: 'webhook_deliveries', name: 'webhook_deliveries_pk', columns: ['storefront_id', 'delivery_id'] },
  { table: 'stock_outs', name: 'stock_outs_pk', columns: ['storefront_id', 'sku_id', 'started_at'] },
  {
    table: 'stock_outs',
    name: 'stock_outs_open',
    columns: ['storefront_id', 'sku_id'],
    index: true,
    where: 'ended_at is null',
  },
  { table: 'tiktok_orders', name: 'tiktok_orders_pk', columns: ['storefront_id', 'tiktok_order_id'] },
  { table: 'tiktok_skus', name: 'tiktok_skus_pk', columns: ['storefront_id', 'seller_sku'] },
  {
    table: 'tiktok_warehouses',
    name: 'tiktok_warehouses_pk',
    columns: ['storefront_id', 'tiktok_warehouse_id'],
  },
  {
    table: 'tiktok_warehouses',
    name: 'tiktok_warehouses_puente',
    columns: ['storefront_id', 'warehouse_id'],
    index: true,
    where: 'warehouse_id is not null',
  },
  { table: 'sku_plans', name: 'sku_plans_pkey', columns: ['sku_id'], redundant: 'sku_plans_org' },
  // The reservation path: its locks and guarded updates name the organization (lockStock.ts).
  {
    table: 'stock_levels',
    name: 'stock_levels_pk',
    columns: ['sku_id', 'warehouse_id'],
    redundant: 'stock_levels_org',
  },
  // Keys on an id alone, every lookup of which names the organization; no ON CONFLICT names them.
  { table: 'audit_log', name: 'audit_log_pkey', columns: ['id'], byId: true },
  { table: 'api_tokens', name: 'api_tokens_pkey', columns: ['id'], byId: true },
  { table: 'launch_documents', name: 'launch_documents_pkey', columns: ['id'], byId: true },
  {
    table: 'notify_routes',
    name: 'notify_routes_pkey',
    columns: ['id'],
    byId: true,
    redundant: 'notify_routes_org',
  },
  { table: 'tiktok_tracking', name: 'tiktok_tracking_pkey', columns: ['id'], byId: true },
  // Of the ledger: found by order, SKU or organization, never by id alone (the movements' list
  // pages by organization and id, which the new key serves directly).
  { table: 'reservations', name: 'reservations_pkey', columns: ['id'], byId: true },
  { table: 'stock_movements', name: 'stock_movements_pkey', columns: ['id'], byId: true },
];

const list = (columns: string[]) => ['organization_id', ...columns].join(', ');

/**
 * Migration 2026_12_026: the keys of leaf tables lead with organization_id.
 *
 * PostgreSQL (the engine that shards): each primary key is dropped and made again, same name, with
 * organization_id first; each bare unique index likewise. Old and new keys accept the same rows
 * (a storefront, warehouse or SKU belongs to one organization), so no data can fail the new key.
 *
 * SQLite never shards, and cannot change a primary key without rebuilding its table (copy, drop,
 * rename, for each table, on a seller's only copy of their data). What it needs is that the code
 * stays one code on both engines: its ON CONFLICT targets now name (organization_id, …), and
 * SQLite accepts a target only if a unique index on exactly those columns exists. So each old
 * primary key stays, and a unique index `<name>_org` on the new columns is added beside it; the
 * bare unique indexes are replaced, same name, as on PostgreSQL (nothing needs the old ones).
 * A primary key on `id` alone is left as it is on SQLite: no ON CONFLICT names it, and an id is
 * unique by itself, so a second index would only slow every insert.
 */
export function tenantKeysMigration(engine: Engine): Migration {
  return {
    async up(db: AnyDb) {
      for (const k of leafKeys) {
        const where = k.where ? ` where ${k.where}` : '';
        if (k.index) {
          await sql.raw(`drop index ${k.name}`).execute(db);
          await sql
            .raw(`create unique index ${k.name} on ${k.table} (${list(k.columns)})${where}`)
            .execute(db);
        } else if (engine === 'postgres') {
          await sql.raw(`alter table ${k.table} drop constraint ${k.name}`).execute(db);
          await sql
            .raw(`alter table ${k.table} add constraint ${k.name} primary key (${list(k.columns)})`)
            .execute(db);
        } else if (!k.byId) {
          await sql.raw(`create unique index ${k.name}_org on ${k.table} (${list(k.columns)})`).execute(db);
        }
        // Where the new key exists (not SQLite's keys on id), it serves what the plain index did.
        if (k.redundant && (engine === 'postgres' || !k.byId))
          await sql.raw(`drop index ${k.redundant}`).execute(db);
      }
    },
  };
}
