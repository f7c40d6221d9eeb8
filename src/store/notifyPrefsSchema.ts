import type { Kysely, Migration } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed now
type AnyDb = Kysely<any>;

/**
 * Migration `2026_12_025_notify_prefs` (issue 12, part 5): each user's own e-mail preferences
 * (`notify_user_prefs`, one row per user; no row = the defaults: every alert an e-mail route sends,
 * the morning digest, in the account's language), the organization's SMTP server as set in
 * Settings (`smtp_settings`, its password sealed with the server key), and `notify_channels.audience`:
 * the roles an e-mail channel also writes to, each user per their preferences.
 */
export const notifyPrefsMigration: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('notify_user_prefs')
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      // 0: no alert e-mails at all.
      .addColumn('email_alerts', 'integer', (c) => c.notNull())
      // Comma-separated alert kinds; empty = every kind.
      .addColumn('kinds', 'text', (c) => c.notNull())
      .addColumn('min_severity', 'text')
      // zh-CN | en | es-MX; null = the account's language.
      .addColumn('language', 'text')
      .addColumn('digest', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      // The organization leads every key: the table can be distributed by it (docs/scaling.md).
      .addPrimaryKeyConstraint('notify_user_prefs_pk', ['organization_id', 'user_id'])
      .execute();
    await db.schema
      .createTable('smtp_settings')
      .addColumn('organization_id', 'text', (c) => c.primaryKey().references('organizations.id'))
      .addColumn('host', 'text', (c) => c.notNull())
      .addColumn('port', 'integer', (c) => c.notNull())
      .addColumn('username', 'text')
      // AES-GCM under the server key (SecretBox): never returned, printed or logged.
      .addColumn('sealed_password', 'text')
      .addColumn('from_address', 'text', (c) => c.notNull())
      .addColumn('starttls', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    // Comma-separated roles (owner, operator, viewer); null = addresses only.
    await db.schema.alterTable('notify_channels').addColumn('audience', 'text').execute();
  },
};
