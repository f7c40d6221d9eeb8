import type { Migration } from 'kysely';
import { type Kysely, type SqlBool, sql } from 'kysely';
import { OPEN_STATUSES_SQL } from './migrations.ts';
import type { Engine } from './openDatabase.ts';
import { countOnHoldAsOpen } from './orderCounts.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed now
type AnyDb = Kysely<any>;

/**
 * TikTok Shop connections (issue 11): a storefront bound to one TikTok shop, and the shop's
 * warehouses with the Puente warehouse each stands for.
 *
 * - The app secret and both tokens are sealed with the server key (SecretBox, like the webhook
 *   secrets); their expiry times are plain, so a job can see what is due without the key.
 * - `token_version` goes up with every stored token pair: a refresh writes only over the version it
 *   read, so two servers can never both store a rotation (see tiktokConnections.ts).
 * - `orders_watermark` is where order polling got to (an update_time, ISO UTC), for later syncs.
 * - (app_key, shop_id) is unique: a webhook names its shop by id and is signed with the app's key.
 * - A Puente warehouse stands for at most one TikTok warehouse of a shop (partial unique index).
 * - Warehouses gain a postal code, the surest key to match a TikTok warehouse by.
 */
export const tiktokConnectionsMigration: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable('warehouses').addColumn('postal_code', 'text').execute();
    await db.schema
      .createTable('tiktok_connections')
      .addColumn('storefront_id', 'text', (c) => c.primaryKey().references('storefronts.id'))
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('app_key', 'text', (c) => c.notNull())
      .addColumn('app_secret', 'text', (c) => c.notNull())
      .addColumn('access_token', 'text', (c) => c.notNull())
      .addColumn('access_expires_at', 'text', (c) => c.notNull())
      .addColumn('refresh_token', 'text', (c) => c.notNull())
      .addColumn('refresh_expires_at', 'text', (c) => c.notNull())
      .addColumn('token_version', 'integer', (c) => c.notNull())
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('shop_cipher', 'text', (c) => c.notNull())
      .addColumn('shop_name', 'text', (c) => c.notNull())
      .addColumn('shop_code', 'text')
      .addColumn('shop_region', 'text', (c) => c.notNull())
      .addColumn('seller_type', 'text')
      .addColumn('api_base', 'text', (c) => c.notNull())
      .addColumn('auth_base', 'text', (c) => c.notNull())
      .addColumn('orders_watermark', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('tiktok_connections_shop', ['app_key', 'shop_id'])
      .execute();
    await db.schema
      .createIndex('tiktok_connections_org')
      .on('tiktok_connections')
      .columns(['organization_id', 'storefront_id'])
      .execute();
    await db.schema
      .createTable('tiktok_warehouses')
      .addColumn('storefront_id', 'text', (c) => c.notNull().references('tiktok_connections.storefront_id'))
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('tiktok_warehouse_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('type', 'text')
      .addColumn('sub_type', 'text')
      .addColumn('effect_status', 'text')
      .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('state', 'text')
      .addColumn('city', 'text')
      .addColumn('postal_code', 'text')
      .addColumn('warehouse_id', 'text', (c) => c.references('warehouses.id'))
      .addColumn('mapped_by', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('tiktok_warehouses_pk', ['storefront_id', 'tiktok_warehouse_id'])
      .execute();
    await db.schema
      .createIndex('tiktok_warehouses_puente')
      .unique()
      .on('tiktok_warehouses')
      .columns(['storefront_id', 'warehouse_id'])
      .where(sql.ref('warehouse_id'), 'is not', null)
      .execute();
  },
};

/**
 * TikTok orders in, exactly once (issue 11): `tiktok_orders` keeps, per (storefront, TikTok order
 * id), the version applied last (its status and update_time), the Puente order it became, and the
 * unknown SKUs of a parked order. Orders gain the marketplace's own ship deadline beside the one
 * Puente computes from the policy; `ship_by` stays the deadline everything reads, the earlier one.
 */
export const tiktokOrdersMigration = (engine: Engine): Migration => ({
  async up(db: AnyDb) {
    await db.schema.alterTable('orders').addColumn('marketplace_ship_by', 'text').execute();
    await db.schema.alterTable('orders').addColumn('policy_ship_by', 'text').execute();
    await db.schema
      .createTable('tiktok_orders')
      .addColumn('storefront_id', 'text', (c) => c.notNull().references('storefronts.id'))
      .addColumn('tiktok_order_id', 'text', (c) => c.notNull())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('order_id', 'text', (c) => c.references('orders.id'))
      .addColumn('tiktok_status', 'text', (c) => c.notNull())
      .addColumn('update_time', 'bigint', (c) => c.notNull())
      .addColumn('unknown_skus', 'text')
      .addColumn('sla', 'text', (c) => c.notNull())
      .addColumn('mapped', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('tiktok_orders_pk', ['storefront_id', 'tiktok_order_id'])
      .execute();
    // The parked orders of a storefront, looked at again on every sync.
    await db.schema
      .createIndex('tiktok_orders_parked')
      .on('tiktok_orders')
      .columns(['storefront_id'])
      .where(sql.ref('unknown_skus'), 'is not', null)
      .execute();
    // An order on hold is open: it is on the board (it holds stock and has a deadline), counted.
    const open = sql<SqlBool>`${sql.raw(OPEN_STATUSES_SQL)}`;
    for (const [name, columns] of [
      ['orders_board', ['organization_id', 'operational_by', 'id']],
      ['orders_board_warehouse', ['organization_id', 'warehouse_id', 'operational_by', 'id']],
    ] as const) {
      await db.schema.dropIndex(name).execute();
      await db.schema
        .createIndex(name)
        .on('orders')
        .columns([...columns])
        .where(open)
        .execute();
    }
    await countOnHoldAsOpen(db, engine);
  },
});
