import type { Kysely, Migration } from 'kysely';

/**
 * Where alerts are delivered (issue 12): channels (a Feishu or WeCom bot, a Slack webhook, e-mail
 * recipients, a generic signed webhook), routes (which alerts go to which channel), and the
 * delivery outbox, written in the transaction that raised or worsened the alert and sent after
 * commit by a worker (services/notifyWorker.ts).
 */

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed now
type AnyDb = Kysely<any>;

/** Migration 2026_12_017: channels, routes and deliveries. */
export const notificationsMigration: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('notify_channels')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('language', 'text', (c) => c.notNull())
      // The webhook URL carries the bot's token: sealed (AES-GCM, SecretBox), never shown or logged.
      .addColumn('sealed_url', 'text')
      // Scheme, host and port of the URL only: what lists show to tell channels apart.
      .addColumn('url_origin', 'text')
      .addColumn('sealed_secret', 'text')
      // E-mail channels: comma-separated addresses.
      .addColumn('recipients', 'text')
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('quiet_from', 'text')
      .addColumn('quiet_to', 'text')
      .addColumn('escalate_after_minutes', 'integer')
      .addColumn('escalate_to', 'text')
      .addColumn('send_resolved', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('removed_at', 'text')
      .execute();
    await db.schema
      .createIndex('notify_channels_org')
      .on('notify_channels')
      .columns(['organization_id', 'removed_at'])
      .execute();

    await db.schema
      .createTable('notify_routes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('channel_id', 'text', (c) => c.notNull().references('notify_channels.id'))
      // Comma-separated alert kinds; empty = every kind.
      .addColumn('kinds', 'text', (c) => c.notNull())
      .addColumn('min_severity', 'text')
      .addColumn('warehouse', 'text')
      .addColumn('storefront', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('notify_routes_org').on('notify_routes').column('organization_id').execute();

    await db.schema
      .createTable('notify_deliveries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      // Null for a morning digest (`digest`, migration 2026_12_020): it answers to no alert.
      .addColumn('alert_id', 'text', (c) => c.references('alerts.id'))
      .addColumn('channel_id', 'text', (c) => c.notNull().references('notify_channels.id'))
      // raised | worsened | escalated | resolved | digest
      .addColumn('reason', 'text', (c) => c.notNull())
      // The alert's figures when this delivery was written: a later change re-sends only if worse.
      .addColumn('figures', 'text', (c) => c.notNull())
      // pending | sent | failed
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_error', 'text')
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      // A worker's claim: another server skips the row until `claim_until`.
      .addColumn('claimed_by', 'text')
      .addColumn('claim_until', 'text')
      // Deliveries sent together in one message share it (rate-limited chat bots).
      .addColumn('message_id', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text')
      .execute();
    await db.schema
      .createIndex('notify_deliveries_due')
      .on('notify_deliveries')
      .columns(['status', 'next_attempt_at'])
      .execute();
    await db.schema
      .createIndex('notify_deliveries_alert')
      .on('notify_deliveries')
      .columns(['alert_id', 'channel_id'])
      .execute();
    await db.schema
      .createIndex('notify_deliveries_channel_sent')
      .on('notify_deliveries')
      .columns(['channel_id', 'sent_at'])
      .execute();
    await db.schema
      .createIndex('notify_deliveries_recent')
      .on('notify_deliveries')
      .columns(['organization_id', 'created_at', 'id'])
      .execute();
  },
};
