/**
 * A claim on an Idempotency-Key belongs to a live request (issue 9). A server process takes an
 * order sent with a key and is killed (SIGKILL) inside the order's transaction, before it commits
 * (PUENTE_TEST_CRASH_AT=order-before-commit). The client's retry with the same key, to another
 * server on the same database, is answered 409 with Retry-After only while the dead request's
 * lease lasts (CLAIM_LEASE_MS, 5 s): then it runs, and the order exists once. Before, the key
 * stayed claimed until housekeeping freed it, 10–20 minutes later.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_LEASE_MS } from '../src/store/idempotency.ts';
import { ApiClient } from './support/apiClient.ts';
import { childServer } from './support/childServer.ts';
import { seedSeller } from './support/seller.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { engines } from './support/stores.ts';

describe.each(engines)('an Idempotency-Key after its server died, %s', (engine) => {
  let server: TestServer;
  let owner: ApiClient;
  const dataDir = mkdtempSync(join(tmpdir(), 'puente-crash-idem-'));

  beforeAll(async () => {
    server = await startTestServer({ engine });
    await seedSeller(server.store, { organizationId: server.organizationId });
    owner = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
    await owner.post('/api/v1/stock/receive', { sku: 'A', warehouse: 'TX', quantity: 10 });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is free for the retry within seconds, and the order is taken once', async () => {
    const order = {
      storefront: 'TTS-MX',
      externalId: 'MX-IDEM-1',
      paidAt: '2026-11-26T10:00:00-06:00',
      lines: [{ sku: 'A', quantity: 2, unitPriceMinor: 29_900 }],
    };
    const headers = { 'idempotency-key': 'order-MX-IDEM-1' };
    const doomed = await childServer(server, dataDir, 'order-before-commit');
    const there = await ApiClient.loggedIn(doomed.url, server.owner.email, server.owner.password);
    await expect(there.post('/api/v1/orders', order, { headers })).rejects.toThrow(); // killed mid-request
    expect((await doomed.exited).signal).toBe('SIGKILL');
    const died = Date.now();
    // The dead request's claim lasts one lease from its last renewal, all of which came before now.
    const claims = await server.store.db
      .selectFrom('idempotency_keys')
      .select('lease_until')
      .where('lease_until', 'is not', null)
      .execute();
    expect(claims).toHaveLength(1);
    expect(Date.parse(claims[0]?.lease_until as string)).toBeLessThanOrEqual(died + CLAIM_LEASE_MS);

    // The client retries as told: 409 while the dead claim's lease lasts, then the order is taken.
    let answer = await owner.post('/api/v1/orders', order, { headers });
    while (answer.status === 409) {
      expect(answer.body.error.code).toBe('IDEMPOTENCY_IN_PROGRESS');
      const wait = Number(answer.headers.get('retry-after'));
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(wait).toBeLessThanOrEqual(CLAIM_LEASE_MS / 1000);
      await new Promise((r) => setTimeout(r, 250));
      answer = await owner.post('/api/v1/orders', order, { headers });
    }
    // Free once that lease ended, not minutes later (a wait for housekeeping would time the test out).
    expect(answer.status).toBe(201);
    expect(answer.body.outcome).toBe('reserved');

    const replay = await owner.post('/api/v1/orders', order, { headers });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.order.id).toBe(answer.body.order.id);
    const stored = await server.store.db
      .selectFrom('orders')
      .select('id')
      .where('external_id', '=', 'MX-IDEM-1')
      .execute();
    expect(stored).toEqual([{ id: answer.body.order.id }]);
    expect((await owner.get('/api/v1/stock?sku=A&warehouse=TX')).body.items[0]).toMatchObject({
      reserved: 2,
    });
  });
});
