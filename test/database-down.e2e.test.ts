/**
 * The database goes away and comes back (issue 9). A server in a process of its own on PostgreSQL:
 * - its connections are terminated (pg_terminate_backend) again and again during a burst of webhook
 *   orders: the process lives, every order the sender saw acknowledged is stored exactly once, and
 *   the others were answered 503 with Retry-After and stored by the sender's retry;
 * - the LISTEN connection for live updates comes back by itself: an event on one server reaches a
 *   dashboard on another again;
 * - the database refuses connections (ALLOW_CONNECTIONS false): requests get 503
 *   DATABASE_UNAVAILABLE with Retry-After, /health says so with 503; once it accepts connections
 *   again, the same server answers 200 — no restart.
 * PostgreSQL only (test/support/testEnv.ts lists it).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/apiClient.ts';
import { postOrderWebhook } from './support/orderWebhook.ts';
import { seedSeller } from './support/seller.ts';
import { startTestServer, type TestServer } from './support/server.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const ORDERS = 120;
const SENDERS = 6;
/** The burst's terminations, after this many acknowledged orders each. */
const TERMINATE_AT = [10, 35, 60, 85, 110];

/** The admin connection (the test's own server, not the database under test). */
async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.PUENTE_TEST_PG });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Ends every session on the database but this one; how many it ended. */
const terminateAll = (database: string) =>
  admin(async (c) => {
    const r = await c.query(
      'select pg_terminate_backend(pid) as ended from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [database],
    );
    return r.rows.filter((row) => row.ended).length;
  });

describe('the PostgreSQL database goes away and comes back', () => {
  let server: TestServer;
  let child: ChildProcess;
  let childUrl = '';
  let childLog = '';
  let secret = '';
  let database = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'puente-db-down-'));

  beforeAll(async () => {
    server = await startTestServer({ engine: 'postgres' });
    database = new URL(server.databaseUrl).pathname.slice(1);
    await seedSeller(server.store, { organizationId: server.organizationId });
    const owner = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
    await owner.post('/api/v1/stock/receive', { sku: 'A', warehouse: 'TX', quantity: 1_000 });
    secret = (await owner.post('/api/v1/storefronts/TTS-MX/webhook-secret')).body.secret;
    // The server under test, in its own process: if a dropped connection ended it, it would show.
    child = spawn(process.execPath, ['test/support/serveChild.js', server.databaseUrl, dataDir], {
      cwd: root,
      env: { ...process.env, PUENTE_SECRET_KEY: server.secretKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr?.on('data', (chunk) => {
      childLog += chunk;
    });
    childUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (chunk) => {
        out += chunk;
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve((JSON.parse(line) as { url: string }).url);
      });
      child.on('exit', () => reject(new Error(`the server exited before listening: ${childLog}`)));
    });
  }, 60_000);

  afterAll(async () => {
    child?.kill('SIGTERM');
    await admin((c) => c.query(`alter database ${database} allow_connections true`)).catch(() => {});
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const alive = () => child.exitCode === null && child.signalCode === null;

  const deliver = async (externalId: string) => {
    const body = JSON.stringify({
      event: 'order.paid',
      order: {
        externalId,
        paidAt: '2026-11-26T10:00:00-06:00',
        lines: [{ sku: 'A', quantity: 1, unitPriceMinor: 29_900 }],
      },
    });
    const r = await postOrderWebhook(childUrl, secret, body);
    return { status: r.status, retryAfter: r.headers.get('retry-after'), body: await r.json() };
  };

  it('connections terminated mid-burst: the server lives, every order is stored once, refusals are 503', async () => {
    const statuses = new Map<string, number>();
    const refusals: { code: string; retryAfter: string | null }[] = [];
    let acked = 0;
    let ended = 0;
    const terminations: Promise<void>[] = [];
    let next = 0;
    const sender = async () => {
      while (next < ORDERS) {
        const externalId = `MX-BURST-${next++}`;
        // The sender retries until acknowledged, as a marketplace does (honouring Retry-After is
        // left out to keep the test short: the retries are safe whenever they come).
        for (;;) {
          const answer = await deliver(externalId);
          statuses.set(String(answer.status), (statuses.get(String(answer.status)) ?? 0) + 1);
          if (answer.status === 200) break;
          if (answer.status !== 503) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
          refusals.push({ code: answer.body.error.code, retryAfter: answer.retryAfter });
        }
        acked++;
        if (TERMINATE_AT.includes(acked))
          terminations.push(
            terminateAll(database).then((n) => {
              ended += n;
            }),
          );
      }
    };
    await Promise.all(Array.from({ length: SENDERS }, sender));
    await Promise.all(terminations);

    expect(alive()).toBe(true);
    expect(ended).toBeGreaterThanOrEqual(TERMINATE_AT.length);
    expect([...statuses.keys()].filter((s) => s !== '200' && s !== '503')).toEqual([]);
    for (const r of refusals) {
      expect(['DATABASE_UNAVAILABLE', 'DATABASE_BUSY']).toContain(r.code);
      expect(Number(r.retryAfter)).toBeGreaterThan(0);
    }
    const stored = await server.store.db
      .selectFrom('orders')
      .select(['external_id', (eb) => eb.fn.countAll().as('n')])
      .where('external_id', 'like', 'MX-BURST-%')
      .groupBy('external_id')
      .execute();
    expect(stored).toHaveLength(ORDERS);
    expect(stored.filter((row) => Number(row.n) !== 1)).toEqual([]);
    const reserved = await server.store.db
      .selectFrom('stock_levels as l')
      .innerJoin('skus as s', 's.id', 'l.sku_id')
      .select((eb) => eb.fn.sum<number>('l.reserved').as('units'))
      .where('s.sku', '=', 'A')
      .executeTakeFirstOrThrow();
    expect(Number(reserved.units)).toBe(ORDERS);
    expect(childLog).not.toMatch(/Unhandled|uncaught|cannot rollback/i);
  }, 120_000);

  /**
   * Logs the owner in once the server answers again: right after the termination a pooled
   * connection may be found dead on its next use, and that request is answered 503 (Retry-After),
   * as a person's next try would be.
   */
  async function logInAfterOutage(url: string): Promise<ApiClient> {
    for (let tries = 1; ; tries++) {
      try {
        return await ApiClient.loggedIn(url, server.owner.email, server.owner.password);
      } catch (error) {
        if (tries >= 20 || !(error as Error).message.includes('failed: 503 ')) throw error;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  it('the LISTEN connection comes back: an event on one server reaches a dashboard on the other', async () => {
    await terminateAll(database);
    const onChild = await logInAfterOutage(childUrl);
    const onServer = await logInAfterOutage(server.url);
    const controller = new AbortController();
    const stream = await fetch(`${server.url}/api/v1/events`, {
      headers: { cookie: (onServer as unknown as { cookie: string }).cookie },
      signal: controller.signal,
    });
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    // Both servers reopen their LISTEN connections with backoff; until then a NOTIFY is lost, so
    // the change is sent again until the other server's dashboard hears of it.
    let heard = false;
    const listen = (async () => {
      // The other server's receipt of B (a page's own server also says 'reconnected' to it).
      while (!text.includes('{"sku":"B"}')) text += decoder.decode((await reader.read()).value);
      heard = true;
    })();
    for (let i = 0; !heard && i < 100; i++) {
      expect(
        (await onChild.post('/api/v1/stock/receive', { sku: 'B', warehouse: 'TX', quantity: 1 })).status,
      ).toBe(200);
      await Promise.race([listen, new Promise((r) => setTimeout(r, 300))]);
    }
    controller.abort();
    expect(heard).toBe(true);
    expect(alive()).toBe(true);
  }, 60_000);

  it('a database that refuses connections: 503 with Retry-After and /health 503, then recovery without a restart', async () => {
    const owner = await ApiClient.loggedIn(childUrl, server.owner.email, server.owner.password);
    await admin((c) => c.query(`alter database ${database} allow_connections false`));
    await terminateAll(database);

    const health = await fetch(`${childUrl}/health`);
    expect(health.status).toBe(503);
    expect(health.headers.get('retry-after')).toBe('5');
    expect(await health.json()).toEqual({
      ok: false,
      status: 'unavailable',
      database: 'unavailable',
      engine: 'postgres',
    });
    const read = await owner.get('/api/v1/stock?sku=A&warehouse=TX');
    expect({ status: read.status, retryAfter: read.headers.get('retry-after'), body: read.body }).toEqual({
      status: 503,
      retryAfter: '5',
      body: {
        error: {
          code: 'DATABASE_UNAVAILABLE',
          message: 'the database cannot be reached right now; try again shortly',
          details: null,
        },
      },
    });
    const order = await deliver('MX-WHILE-DOWN');
    expect([order.status, order.body.error.code, order.retryAfter]).toEqual([
      503,
      'DATABASE_UNAVAILABLE',
      '5',
    ]);
    expect(alive()).toBe(true);

    await admin((c) => c.query(`alter database ${database} allow_connections true`));
    expect((await fetch(`${childUrl}/health`)).status).toBe(200);
    expect((await owner.get('/api/v1/stock?sku=A&warehouse=TX')).status).toBe(200);
    const retried = await deliver('MX-WHILE-DOWN');
    expect([retried.status, retried.body.duplicate, retried.body.outcome]).toEqual([200, false, 'reserved']);
    expect(alive()).toBe(true);
    // Logged by the server although it runs without --log; the password never is.
    expect(childLog).toContain('DATABASE_UNAVAILABLE');
  }, 60_000);
});
