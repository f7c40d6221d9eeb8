/**
 * The one transaction helper runs a transaction that lost to another one again, for every writer
 * (issue 9: only reservations retried, so receive, adjust and cancel answered 500 on a deadlock).
 * The losing interleaving is forced, not hoped for:
 * - PostgreSQL: two transactions update two rows in opposite orders, each waiting for the other's
 *   first update before its second: a true deadlock (40P01). PostgreSQL aborts one; it runs again
 *   and both commit.
 * - SQLite: another connection holds the write lock when the transaction begins (SQLITE_BUSY); it
 *   is retried, without blocking, and commits once the lock is free.
 */
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { createOrganization } from './entities.ts';
import { sqliteFileOf } from './openDatabase.ts';
import { inTransaction, type Tx, transactionRetries } from './transaction.ts';

/** Resolves once `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 5));
}

/** The interleaving that loses on each engine (PostgreSQL left out only by PUENTE_TEST_SKIP). */
const losing = {
  sqlite: 'the write lock held elsewhere: retried until it is free, then commits',
  postgres: 'a deadlock: one is rolled back and run again; both commit',
} as const;

describe.each(engines.map((engine) => [engine, losing[engine]] as const))('%s: %s', (engine) => {
  let store: TestStore;
  let a = '';
  let b = '';
  beforeAll(async () => {
    store = await freshStore(engine);
    a = await createOrganization(store, 'A');
    b = await createOrganization(store, 'B');
  });
  afterAll(() => store?.dispose());

  const rename = (trx: Tx, id: string, name: string) =>
    trx.updateTable('organizations').set({ name }).where('id', '=', id).execute();
  const names = async () =>
    (await store.db.selectFrom('organizations').select('name').orderBy('name').execute()).map((r) => r.name);

  const postgresDeadlock = async () => {
    const before = transactionRetries.deadlock;
    const firstDone = { one: false, two: false };
    const attempts = { one: 0, two: 0 };
    const crossing = (who: 'one' | 'two', first: string, second: string, other: 'one' | 'two') =>
      inTransaction(store, async (trx) => {
        attempts[who]++;
        await rename(trx, first, `${who}-first`);
        if (attempts[who] === 1) {
          firstDone[who] = true;
          await until(() => firstDone[other]);
        }
        await rename(trx, second, `${who}-second`);
        return attempts[who];
      });
    const [one, two] = await Promise.all([crossing('one', a, b, 'two'), crossing('two', b, a, 'one')]);
    expect(transactionRetries.deadlock - before).toBe(1);
    expect([one, two].sort()).toEqual([1, 2]);
    // The one that ran again ran last: its two renames are what is stored.
    const last = one === 2 ? 'one' : 'two';
    expect(await names()).toEqual([`${last}-first`, `${last}-second`].sort());
  };

  const sqliteBusy = async () => {
    const other = new SqliteDatabase(sqliteFileOf(store.url));
    other.exec('begin immediate');
    const before = transactionRetries.busy;
    const renamed = inTransaction(store, (trx) => rename(trx, a, 'after the lock'));
    await until(() => transactionRetries.busy > before);
    other.exec('commit');
    other.close();
    await renamed;
    expect(await names()).toContain('after the lock');
  };

  it('the transaction that lost runs again and commits', () =>
    engine === 'postgres' ? postgresDeadlock() : sqliteBusy());
});
