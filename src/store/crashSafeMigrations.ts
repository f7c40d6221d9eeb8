import type { Kysely, Migration } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed now
type AnyDb = Kysely<any>;

/**
 * Migration 2026_12_007: a marketplace cancel that arrives before its paid order is remembered
 * (one row per storefront and external id) until the order comes, which is then stored cancelled.
 */
export const cancelTombstones: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('cancel_tombstones')
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('storefront_id', 'text', (c) => c.notNull().references('storefronts.id'))
      .addColumn('external_id', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('cancel_tombstones_pk', ['storefront_id', 'external_id'])
      .execute();
    await db.schema
      .createIndex('cancel_tombstones_age')
      .on('cancel_tombstones')
      .column('received_at')
      .execute();
  },
};

/**
 * Migration 2026_12_008: a claim on an Idempotency-Key is a lease its request renews while it runs
 * (`lease_until`); a claim whose request died is free again seconds later. Claims stored before
 * this have none (null): nothing renews them, so they count as expired.
 */
export const idempotencyLeases: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable('idempotency_keys').addColumn('lease_until', 'text').execute();
  },
};
