/**
 * Another writer holds the database's write lock (issue 9: a 300k-row catalog import in one
 * transaction froze every request for 10 s, then answered 500). On SQLite it is another process
 * inside BEGIN IMMEDIATE; on PostgreSQL another session holding stock_levels in EXCLUSIVE mode.
 * - A write that meets the lock waits for it, without freezing the server: reads are answered
 *   meanwhile, and the write succeeds once the lock is free.
 * - Past the bound (PUENTE_DB_RETRY_MS on SQLite, PUENTE_DB_LOCK_TIMEOUT_MS on PostgreSQL), the
 *   write is answered 503 DATABASE_BUSY with Retry-After — never 500 — and changed nothing.
 *
 * Nothing here depends on how fast the machine is: the waiting write goes to a server whose bound
 * is far longer than any test (it can only finish once the lock is released), the refused writes to
 * one with a short bound, and the lock is held until every answer the test expects meanwhile is in.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteFileOf } from '../src/store/openDatabase.ts';
import { transactionRetries } from '../src/store/transaction.ts';
import { ApiClient } from './support/apiClient.ts';
import { seedSeller } from './support/seller.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { engines } from './support/stores.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
/** The bound, short so the test is quick; the defaults are in README "When things fail". */
const BOUND_MS = 1_500;
/** A bound no test reaches: the server waits for the lock for as long as the test holds it. */
const PATIENT_MS = String(30 * 60_000);

interface HeldLock {
  release(): Promise<void>;
}

/** SQLite: a process of its own in BEGIN IMMEDIATE, until told to commit. */
async function sqliteLock(file: string): Promise<HeldLock> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/support/holdWriteLock.ts', file],
    {
      cwd: root,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  let out = '';
  while (!out.includes('locked\n')) out += (await once(child.stdout as NodeJS.ReadableStream, 'data'))[0];
  return {
    async release() {
      const exited = once(child, 'exit');
      child.stdin?.end('commit\n');
      await exited;
    },
  };
}

/** PostgreSQL: a session holding the stock table in EXCLUSIVE mode (reads pass, row locks wait). */
async function postgresLock(url: string): Promise<HeldLock> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('begin');
  await client.query('lock table stock_levels in exclusive mode');
  return {
    async release() {
      await client.query('commit');
      await client.end();
    },
  };
}

/** Resolves once `condition` holds; the lock makes the server wait, so this is not a race. */
async function until(condition: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await condition())) await new Promise((r) => setTimeout(r, 20));
}

describe.each(engines)('another writer holds the lock, %s', (engine) => {
  let server: TestServer;
  let patient: TestServer;
  let owner: ApiClient;
  let patientOwner: ApiClient;
  const log: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({
      engine,
      env: { PUENTE_DB_RETRY_MS: String(BOUND_MS), PUENTE_DB_LOCK_TIMEOUT_MS: String(BOUND_MS) },
      logTo: { write: (line) => void log.push(line) },
    });
    await seedSeller(server.store, { organizationId: server.organizationId });
    owner = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
    await owner.post('/api/v1/stock/receive', { sku: 'A', warehouse: 'TX', quantity: 10 });
    patient = await startTestServer({
      sameDatabaseAs: server,
      env: {
        PUENTE_DB_RETRY_MS: PATIENT_MS,
        PUENTE_DB_LOCK_TIMEOUT_MS: PATIENT_MS,
        PUENTE_DB_STATEMENT_TIMEOUT_MS: PATIENT_MS,
      },
    });
    patientOwner = await ApiClient.loggedIn(patient.url, server.owner.email, server.owner.password);
  });
  afterAll(async () => {
    await patient?.close();
    await server?.close();
  });

  const holdLock = () =>
    engine === 'sqlite' ? sqliteLock(sqliteFileOf(server.databaseUrl)) : postgresLock(server.databaseUrl);
  const receiveOne = (client = owner) =>
    client.post('/api/v1/stock/receive', { sku: 'A', warehouse: 'TX', quantity: 1 });
  const onHand = async () => (await owner.get('/api/v1/stock?sku=A&warehouse=TX')).body.items[0].onHand;
  /** The server has met the lock: SQLite retried, or PostgreSQL has a lock request waiting. */
  const waiting = async () => {
    if (engine === 'sqlite') return transactionRetries.busy > busyBefore;
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_locks
      where not granted and relation = 'stock_levels'::regclass
        and database = (select oid from pg_database where datname = current_database())`.execute(
      server.store.db,
    );
    return (rows[0]?.n ?? 0) > 0;
  };
  let busyBefore = 0;

  it('a write waits for the lock while reads are answered, and succeeds once the lock is free', async () => {
    const lock = await holdLock();
    busyBefore = transactionRetries.busy;
    const write = receiveOne(patientOwner);
    await until(waiting);
    // The same server answers a read while its write waits (it does not freeze).
    const read = await patientOwner.get('/api/v1/stock?sku=A&warehouse=TX');
    expect(read.status).toBe(200);
    expect(read.body.items[0].onHand).toBe(10);
    await lock.release();
    const answer = await write;
    expect(answer.status).toBe(200);
    expect(answer.body.level.onHand).toBe(11);
  });

  it('past the bound: 503 DATABASE_BUSY with Retry-After, reads answered meanwhile, nothing changed', async () => {
    // Every answer below comes while the lock is held: it is released only after all are in.
    const lock = await holdLock();
    const timed = async (send: () => Promise<{ status: number }>) => {
      const started = Date.now();
      const answer = await send();
      return { ...answer, ms: Date.now() - started };
    };
    const [writes, reads] = await Promise.all([
      Promise.all([timed(receiveOne), timed(receiveOne)]),
      Promise.all([
        timed(() => owner.get('/api/v1/stock?sku=A&warehouse=TX')),
        timed(() => owner.get('/api/v1/orders')),
      ]),
    ]);
    await lock.release();
    for (const w of writes) {
      expect({ status: w.status, body: (w as unknown as { body: unknown }).body }).toEqual({
        status: 503,
        body: {
          error: {
            code: 'DATABASE_BUSY',
            message: 'the database is busy with other work; try again in a moment',
            details: null,
          },
        },
      });
      expect((w as unknown as { headers: Headers }).headers.get('retry-after')).toBe('2');
      // Answered at the bound, not at once (a busy machine only makes this longer); and not after
      // the lock was released, which the test does only once this answer is in.
      expect(w.ms).toBeGreaterThan(BOUND_MS / 2);
    }
    // Reads do not wait for the writes' bound: the first test shows one answered while a write waits.
    for (const r of reads) expect(r.status).toBe(200);
    expect(await onHand()).toBe(11);
    // The retry after the lock is gone goes through.
    expect((await receiveOne()).body.level.onHand).toBe(12);
    // Logged although the server runs without --log.
    expect(log.filter((l) => l.includes('DATABASE_BUSY'))).toHaveLength(2);
  });
});
