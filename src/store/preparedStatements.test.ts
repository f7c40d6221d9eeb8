/**
 * PostgreSQL runs the statements Kysely sends as prepared statements, named per connection: parsed
 * and planned once, then only bound (preparedStatements.ts). Migrations prepare nothing, so that a
 * table changing shape cannot leave a statement behind that no longer runs.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { withoutPreparing } from './preparedStatements.ts';

describe.runIf(engines.includes('postgres'))('prepared statements (PostgreSQL)', () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await freshStore('postgres', { poolSize: 1 });
  });
  afterAll(() => store?.dispose());

  const prepared = async () =>
    (
      await sql<{
        statement: string;
      }>`select statement from pg_prepared_statements order by statement`.execute(store.db)
    ).rows.map((r) => r.statement);

  it('prepares a statement with parameters once, and runs it again by its name', async () => {
    for (const n of [1, 2, 3])
      expect(
        await store.db.selectFrom('organizations').select('id').where('name', '=', `org ${n}`).execute(),
      ).toEqual([]);
    const mine = (await prepared()).filter((s) => s.includes('from "organizations"'));
    expect(mine).toEqual(['select "id" from "organizations" where "name" = $1']);
  });

  it('leaves statements without parameters (BEGIN, COMMIT) as they are', async () => {
    await store.db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
    });
    expect((await prepared()).filter((s) => /^(begin|commit|select 1)$/i.test(s))).toEqual([]);
  });

  it('prepares nothing while a migration runs', async () => {
    await withoutPreparing(() =>
      store.db.selectFrom('warehouses').select('id').where('code', '=', 'during a migration').execute(),
    );
    expect((await prepared()).filter((s) => s.includes('from "warehouses"'))).toEqual([]);
  });
});
