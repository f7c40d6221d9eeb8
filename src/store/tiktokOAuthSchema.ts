import type { Kysely, Migration } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed now
type AnyDb = Kysely<any>;

/**
 * Connecting TikTok Shop from the dashboard (issue 11, "OAuth in the dashboard"), migration
 * 2026_12_016_tiktok_oauth:
 *
 * - `tiktok_oauth_states`: the one-time `state` of an authorization begun in Settings. Only its
 *   SHA-256 is kept, with the session that began it (the session's own hash, as `sessions` keeps
 *   it), the storefront, the app key and sealed app secret the seller typed, the hosts, and when it
 *   ends. `used_at` makes it single use, and lets a second use be told apart from a state never given.
 * - `tiktok_connections` gains what the dashboard's health panel shows: the last successful order
 *   pull and stock push, and the last error (JSON: step, kind, TikTok's code, TikTok's words) with
 *   when it happened.
 */
export const tiktokOAuthMigration: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('tiktok_oauth_states')
      .addColumn('state_hash', 'text', (c) => c.primaryKey())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('session_hash', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('storefront_id', 'text', (c) => c.notNull().references('storefronts.id'))
      .addColumn('app_key', 'text', (c) => c.notNull())
      .addColumn('app_secret', 'text', (c) => c.notNull())
      .addColumn('api_base', 'text', (c) => c.notNull())
      .addColumn('auth_base', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();
    await db.schema
      .createIndex('tiktok_oauth_states_expiry')
      .on('tiktok_oauth_states')
      .column('expires_at')
      .execute();
    for (const column of ['last_pull_at', 'last_push_at', 'last_error', 'last_error_at'])
      await db.schema.alterTable('tiktok_connections').addColumn(column, 'text').execute();
  },
};
