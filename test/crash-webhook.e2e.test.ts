/**
 * A webhook cannot lose a paid order (issue 8): the delivery record and the order it carries
 * commit in one transaction. A server process is killed with SIGKILL after it has written both,
 * before the commit (PUENTE_TEST_CRASH_AT=order-before-commit). The sender's retry, to another
 * server on the same database, creates the order — exactly once — and a third delivery is a
 * duplicate. The same for a cancel.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/apiClient.ts';
import { childServer } from './support/childServer.ts';
import { postOrderWebhook } from './support/orderWebhook.ts';
import { seedSeller } from './support/seller.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { engines } from './support/stores.ts';

describe.each(engines)('SIGKILL between a webhook delivery and its commit, %s', (engine) => {
  let server: TestServer;
  let owner: ApiClient;
  let secret: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'puente-crash-webhook-'));

  beforeAll(async () => {
    server = await startTestServer({ engine });
    await seedSeller(server.store, { organizationId: server.organizationId });
    owner = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
    await owner.post('/api/v1/stock/receive', { sku: 'A', warehouse: 'TX', quantity: 10 });
    secret = (await owner.post('/api/v1/storefronts/TTS-MX/webhook-secret')).body.secret;
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const deliver = (url: string, body: string) => {
    return postOrderWebhook(url, secret, body).then(async (r) => ({
      status: r.status,
      body: await r.json(),
    }));
  };
  const count = async (table: 'orders' | 'webhook_deliveries') =>
    Number(
      (
        await server.store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('order.paid: the crash leaves neither; the retry creates the order once', async () => {
    const body = JSON.stringify({
      event: 'order.paid',
      order: {
        externalId: 'MX-CRASH-1',
        paidAt: '2026-11-26T10:00:00-06:00',
        lines: [{ sku: 'A', quantity: 2, unitPriceMinor: 29_900 }],
      },
    });
    const doomed = await childServer(server, dataDir, 'order-before-commit');
    await expect(deliver(doomed.url, body)).rejects.toThrow(); // the connection dies with the process
    expect((await doomed.exited).signal).toBe('SIGKILL');
    expect([await count('orders'), await count('webhook_deliveries')]).toEqual([0, 0]);

    const retry = await deliver(server.url, body);
    expect(retry).toMatchObject({ status: 200, body: { duplicate: false, outcome: 'reserved' } });
    const again = await deliver(server.url, body);
    expect(again.body).toMatchObject({ duplicate: true, orderId: retry.body.orderId });
    expect([await count('orders'), await count('webhook_deliveries')]).toEqual([1, 1]);
    expect((await owner.get('/api/v1/stock?sku=A&warehouse=TX')).body.items[0]).toMatchObject({
      reserved: 2,
    });
  });

  it('order.cancelled: the crash leaves the order reserved; the retry cancels it once', async () => {
    const body = JSON.stringify({ event: 'order.cancelled', order: { externalId: 'MX-CRASH-1' } });
    const doomed = await childServer(server, dataDir, 'cancel-before-commit');
    await expect(deliver(doomed.url, body)).rejects.toThrow();
    expect((await doomed.exited).signal).toBe('SIGKILL');
    expect(await count('webhook_deliveries')).toBe(1);
    const order = (await owner.get('/api/v1/orders?q=MX-CRASH-1')).body.items[0];
    expect(order.status).toBe('reserved');

    const retry = await deliver(server.url, body);
    expect(retry.body).toMatchObject({ duplicate: false, outcome: 'cancelled' });
    expect((await deliver(server.url, body)).body).toMatchObject({ duplicate: true });
    expect(await count('webhook_deliveries')).toBe(2);
    expect((await owner.get('/api/v1/stock?sku=A&warehouse=TX')).body.items[0]).toMatchObject({
      reserved: 0,
    });
  });
});
