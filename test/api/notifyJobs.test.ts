import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeOrder } from '../../src/services/orderIntake.ts';
import { ApiClient } from '../support/apiClient.ts';
import { type HttpReceiver, startHttpReceiver } from '../support/notifyReceivers.ts';
import { seedSeller } from '../support/seller.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { engines } from '../support/stores.ts';

/**
 * A server with its periodic jobs sends alerts by itself, nobody running `notify send`: an
 * oversell taken over the API goes out right after commit (the nudge), and one written without
 * telling the server (as another process would) goes out at the worker's next tick (every 15 s).
 */
describe.each(engines)('a server with its jobs sends an oversell to a channel, %s', (engine) => {
  let server: TestServer;
  let owner: ApiClient;
  let hook: HttpReceiver;
  beforeAll(async () => {
    hook = await startHttpReceiver('webhook');
    server = await startTestServer({ engine, jobs: true });
    owner = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
    await seedSeller(server.store, { organizationId: server.organizationId });
  });
  afterAll(async () => {
    await server?.close();
    await hook?.close();
  });
  it('sends an oversell taken over the API, and one written behind its back, without a manual send', async () => {
    const made = await owner.post('/api/v1/notify/channels', {
      kind: 'webhook',
      name: 'Ops hook',
      url: hook.url,
      language: 'en',
    });
    expect(made.status).toBe(201);
    const order = await owner.post('/api/v1/orders', {
      storefront: 'TTS-MX',
      externalId: 'JOBS-1',
      paidAt: new Date().toISOString(),
      lines: [{ sku: 'A', quantity: 3, unitPriceMinor: 10_000 }],
    });
    expect(order.body.outcome).toBe('awaiting_stock');
    await expect.poll(() => hook.accepted().length, { timeout: 30_000, interval: 100 }).toBe(1);
    expect(hook.accepted()[0]?.body).toMatchObject({ event: 'alert.raised', alert: { kind: 'oversell' } });

    // Written straight into the database: no event reaches this server, its worker's tick sends it.
    const direct = await placeOrder(
      server.store,
      server.organizationId,
      {
        storefront: 'TTS-MX',
        externalId: 'JOBS-2',
        paidAt: new Date().toISOString(),
        lines: [{ sku: 'B', quantity: 100_000, unitPriceMinor: 10_000 }],
      },
      'test',
    );
    expect(direct.status).toBe('awaiting_stock');
    await expect.poll(() => hook.accepted().length, { timeout: 40_000, interval: 200 }).toBe(2);
    const log = await owner.get('/api/v1/notify/deliveries');
    expect(log.body.items.map((d: { status: string; attempts: number }) => [d.status, d.attempts])).toEqual([
      ['sent', 1],
      ['sent', 1],
    ]);
  }, 90_000);
});
