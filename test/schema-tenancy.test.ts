/**
 * What sharding by organization needs (docs/scaling.md): on a distributed PostgreSQL such as Citus,
 * every primary key and unique constraint of a distributed table must include the distribution
 * column, `organization_id`. Read from pg_catalog on a migrated database: a new table or key that
 * breaks the rule fails here, and so does one that is fixed without being struck off the list of
 * keys still to convert (the list only shrinks).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshStore, type TestStore } from './support/stores.ts';

/** Tables that are not one organization's: replicated whole to every node (Citus reference tables). */
const referenceTables: Record<string, string> = {
  organizations: 'the list of organizations itself: its key is the id every other table is distributed by',
  leases: 'which server runs each periodic job, across all organizations',
  kysely_migration: 'the schema version of the whole database',
  kysely_migration_lock: 'the lock migrations take, for the whole database',
};

/**
 * Keys looked up across the whole install by a secret or an outside id, before anyone knows which
 * organization the row is in: a login, a cookie, a token, a link, a webhook. Adding organization_id
 * to the key would not change what is unique, and the lookup could not use it: the request does
 * not carry the organization. Each reason says what converting would take.
 */
const globalLookups: Record<string, string> = {
  'sessions: p (id_hash)':
    'every request finds its session by the hash of its cookie; converting needs a cookie that carries the organization id beside the secret (and lookups by both)',
  'api_tokens: u (token_hash)':
    'every API request finds its token by the hash of the bearer secret; converting needs tokens that carry their organization (a prefix such as pt_<org>_<secret>), old tokens rotated',
  'password_resets: p (token_hash)':
    'a reset link is found by the hash of its one-time token; converting needs links that name the organization beside the token',
  'tiktok_oauth_states: p (state_hash)':
    "TikTok's OAuth callback brings back only the state; converting needs a state that carries the organization id (TikTok returns it as given)",
  'users: i (email)':
    'people log in by e-mail alone, and an e-mail is one person across the install; on Citus the check moves to a reference table login_emails(email primary key, organization_id)',
  'tiktok_connections: u (app_key,shop_id)':
    'a TikTok shop connects to one storefront across the install, and webhooks find the connection by shop before the organization is known; on Citus the check moves to a reference table of connected shops',
};

/**
 * Keys of distributed tables that do not include organization_id yet. 2026_12_026 converted the
 * keys of leaf tables (no foreign key points at them) whose code knows the organization where it
 * uses them. What is left has foreign keys pointing at it (converting needs composite foreign keys
 * (organization_id, x_id) → x(organization_id, id), and `tiktok_connections` is pointed at by
 * `tiktok_warehouses`), is the stock outbox (`published_quantities`, whose readers and
 * housekeeping join and prune by id across organizations), is the order intake's ON CONFLICT
 * target (`orders (storefront_id,external_id)`), or is the notification outbox, claimed by id
 * across organizations (`notify_deliveries`). Tables without an organization_id column at all are
 * listed with `(no organization_id column)`.
 */
const notYetConverted: string[] = [
  'alerts: p (id)',
  'check_jobs: p (id)',
  'check_results: (no organization_id column)',
  'inbound_lines: (no organization_id column)',
  'inbound_shipments: p (id)',
  'notify_channels: p (id)',
  'notify_deliveries: p (id)',
  'order_lines: (no organization_id column)',
  'orders: p (id)',
  'orders: u (storefront_id,external_id)',
  'published_quantities: p (id)',
  'skus: p (id)',
  'storefront_warehouses: (no organization_id column)',
  'storefronts: p (id)',
  'suppliers: p (id)',
  'tiktok_connections: p (storefront_id)',
  'users: p (id)',
  'warehouses: p (id)',
];

describe.runIf(engines.includes('postgres'))('the schema, sharded by organization (PostgreSQL)', () => {
  let store: TestStore;
  let client: pg.Client;
  beforeAll(async () => {
    store = await freshStore('postgres');
    client = new pg.Client({ connectionString: store.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await store?.dispose();
  });

  it('has organization_id in every primary key and unique key, reference tables, global lookups and the listed keys excepted', async () => {
    const tables = await client.query<{ table: string; has_org: boolean }>(`
      select c.relname as table,
             exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'organization_id' and not a.attisdropped) as has_org
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'p')`);
    // Unique indexes include the constraints' own (primary keys 'p', unique constraints 'u') and
    // bare unique indexes ('i'), partial ones too: Citus requires the column in all of them.
    const keys = await client.query<{ table: string; kind: string; columns: string[] }>(`
      select t.relname as table,
             coalesce(con.contype::text, 'i') as kind,
             array(select a.attname from unnest(x.indkey) with ordinality k(attnum, ord)
                   join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.attnum order by k.ord)::text[] as columns
      from pg_index x
      join pg_class t on t.oid = x.indrelid
      join pg_namespace n on n.oid = t.relnamespace
      left join pg_constraint con on con.conindid = x.indexrelid and con.contype in ('p', 'u')
      where n.nspname = current_schema() and x.indisunique`);
    const breaking: string[] = [];
    for (const t of tables.rows) {
      if (t.table in referenceTables) continue;
      const own = keys.rows.filter((k) => k.table === t.table);
      if (!t.has_org) {
        // A table without the column is fine only if it has no key at all (an append-only change log).
        if (own.length > 0) breaking.push(`${t.table}: (no organization_id column)`);
        continue;
      }
      for (const k of own)
        if (!k.columns.includes('organization_id'))
          breaking.push(`${t.table}: ${k.kind} (${k.columns.join(',')})`);
    }
    expect(breaking.sort()).toEqual([...notYetConverted, ...Object.keys(globalLookups)].sort());
  });

  it('keeps the lists apart, and gives each global lookup its reason', () => {
    expect(notYetConverted.filter((k) => k in globalLookups)).toEqual([]);
    for (const reason of Object.values(globalLookups)) expect(reason.length).toBeGreaterThan(40);
  });

  it('lists only reference tables that exist, each with its reason', async () => {
    const present = await client.query<{ relname: string }>(
      `select relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = current_schema() and c.relkind = 'r' and relname = any($1)`,
      [Object.keys(referenceTables)],
    );
    expect(present.rows.map((r) => r.relname).sort()).toEqual(Object.keys(referenceTables).sort());
    for (const reason of Object.values(referenceTables)) expect(reason.length).toBeGreaterThan(20);
  });
});
