import type { Kysely, Migration } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed now
type AnyDb = Kysely<any>;

/**
 * Migration `2026_12_020_digest` (issue 12, part 4): the morning digest's time per warehouse,
 * `warehouses.digest_at` (HH:MM on the warehouse's own clock; null sends none), and `digest_runs`,
 * one row per warehouse and local day a digest was taken for: its primary key is what makes the
 * digest go out once a day however many servers look at the clock. The digest then goes through
 * the notification outbox: `notify_deliveries.digest` names it (warehouse, local day, the instant
 * it describes) on rows whose `alert_id` is null, one per channel routed for the warehouse.
 */
export const digestMigration: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable('warehouses').addColumn('digest_at', 'text').execute();
    await db.schema
      .createTable('digest_runs')
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('warehouse_id', 'text', (c) => c.notNull().references('warehouses.id'))
      // The warehouse's local date, YYYY-MM-DD.
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('claimed_by', 'text', (c) => c.notNull())
      .addColumn('claimed_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('digest_runs_pk', ['warehouse_id', 'day'])
      .execute();
    await db.schema.alterTable('notify_deliveries').addColumn('digest', 'text').execute();
  },
};
