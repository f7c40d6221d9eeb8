import type { Migration } from 'kysely';
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed now
type AnyDb = Kysely<any>;

/**
 * What leaves Puente for TikTok Shop (issue 11): stock figures and tracking numbers.
 *
 * - `published_quantities` (the stock outbox) gains why its last push failed and how often, so a
 *   failed row stays pending and says why; a partial index finds the pending rows of a storefront.
 * - `tiktok_skus` caches seller SKU → (product id, SKU id, the TikTok warehouses the SKU is assigned
 *   to) per storefront: Update Inventory needs TikTok's ids and every assigned warehouse (§5).
 * - `tiktok_tracking` is the tracking outbox: a row written in the transaction that ships a TikTok
 *   order, sent after commit; `state` is pending, sent, or refused (TikTok said no for good, the
 *   reason kept for the order's page).
 * - `tiktok_connections.reconciled_at`: when stock was last read back and compared (hourly).
 */
export const tiktokOutboxMigration: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable('published_quantities').addColumn('push_error', 'text').execute();
    await db.schema
      .alterTable('published_quantities')
      .addColumn('push_attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createIndex('published_quantities_pending')
      .on('published_quantities')
      .columns(['storefront_id', 'id'])
      .where(sql.ref('sent_at'), 'is', null)
      .execute();
    await db.schema
      .createTable('tiktok_skus')
      .addColumn('storefront_id', 'text', (c) => c.notNull().references('storefronts.id'))
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('seller_sku', 'text', (c) => c.notNull())
      .addColumn('product_id', 'text', (c) => c.notNull())
      .addColumn('sku_id', 'text', (c) => c.notNull())
      /** JSON array of TikTok warehouse ids, as TikTok assigns them to the SKU. */
      .addColumn('warehouse_ids', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('tiktok_skus_pk', ['storefront_id', 'seller_sku'])
      .execute();
    await db.schema
      .createTable('tiktok_tracking')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('storefront_id', 'text', (c) => c.notNull().references('storefronts.id'))
      .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
      .addColumn('carrier', 'text', (c) => c.notNull())
      .addColumn('tracking', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('error_code', 'text')
      .addColumn('error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text')
      .execute();
    await db.schema
      .createIndex('tiktok_tracking_pending')
      .on('tiktok_tracking')
      .columns(['storefront_id', 'state'])
      .execute();
    await db.schema
      .createIndex('tiktok_tracking_order')
      .on('tiktok_tracking')
      .columns(['order_id'])
      .execute();
    await db.schema.alterTable('tiktok_connections').addColumn('reconciled_at', 'text').execute();
  },
};
