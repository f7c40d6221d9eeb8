import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, migrations } from './migrations.ts';
import { openDatabase } from './openDatabase.ts';

/**
 * Migration 2026_12_006 repairs what SQLite stored before the limits: a fractional buffer percent
 * (PostgreSQL's integer column never held one; limits.test.ts covers both engines from here on) is
 * rounded up, holding back more rather than less, and buffer units are brought under their cap.
 */
describe('wide_numbers migration on an existing SQLite database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'puente-wide-'));
  const store = openDatabase(`sqlite:${join(dir, 'puente.db')}`);
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rounds a stored fractional buffer percent up and caps buffer units', async () => {
    const before = new Migrator({
      db: store.db,
      provider: { getMigrations: async () => migrations('sqlite') },
    });
    await before.migrateTo('2026_12_003_awaiting_stock');
    const now = new Date().toISOString();
    await store.db.insertInto('organizations').values({ id: 'o', name: 'Org', created_at: now }).execute();
    const storefront = (id: string, units: number, percent: number) => ({
      id,
      organization_id: 'o',
      code: id,
      name: id,
      platform: 'tiktok',
      region: 'MX',
      currency: 'MXN',
      policy_id: 'tiktok-us-mx-2026',
      buffer_units: units,
      buffer_percent: percent,
      allow_split: 0,
      created_at: now,
    });
    await store.db
      .insertInto('storefronts')
      .values([storefront('half', 0, 1.5), storefront('whole', 2_000_000, 10)])
      .execute();

    expect(await migrate(store)).toContain('2026_12_006_wide_numbers');

    const rows = await sql<{ code: string; buffer_units: number; buffer_percent: number }>`
      select code, buffer_units, buffer_percent from storefronts order by code`
      .execute(store.db)
      .then((r) => r.rows);
    expect(rows).toEqual([
      { code: 'half', buffer_units: 0, buffer_percent: 2 },
      { code: 'whole', buffer_units: 1_000_000, buffer_percent: 10 },
    ]);
  });
});
