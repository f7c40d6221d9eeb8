/**
 * A database running with a key that did not seal its webhook secrets (a copy restored without its
 * secret.key, a wrong PUENTE_SECRET_KEY): the webhook was a 500 for every delivery. It is a 503 with
 * Retry-After now, so the marketplace retries, and the same delivery is taken once the right key is
 * back: nothing is lost.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/apiClient.ts';
import { postOrderWebhook } from '../support/orderWebhook.ts';
import { seedSeller } from '../support/seller.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { engines } from '../support/stores.ts';

describe.each(engines)('webhooks under the wrong secret key on %s', (engine) => {
  let right: TestServer;
  let wrong: TestServer;
  let secret: string;

  beforeAll(async () => {
    right = await startTestServer({ engine });
    await seedSeller(right.store, { organizationId: right.organizationId });
    const owner = await ApiClient.loggedIn(right.url, right.owner.email, right.owner.password);
    await owner.post('/api/v1/stock/receive', { sku: 'A', warehouse: 'TX', quantity: 5 });
    secret = (await owner.post('/api/v1/storefronts/TTS-MX/webhook-secret')).body.secret;
    wrong = await startTestServer({
      sameDatabaseAs: right,
      env: { PUENTE_SECRET_KEY: randomBytes(32).toString('base64') },
    });
  });
  afterAll(async () => {
    await wrong?.close();
    await right?.close();
  });

  const deliver = (server: TestServer, body: string) => {
    return postOrderWebhook(server.url, secret, body).then(async (r) => ({
      status: r.status,
      retryAfter: r.headers.get('retry-after'),
      body: await r.json(),
    }));
  };
  const paid = JSON.stringify({
    event: 'order.paid',
    order: {
      externalId: 'MX-KEY-1',
      paidAt: '2026-11-26T10:00:00-06:00',
      lines: [{ sku: 'A', quantity: 1, unitPriceMinor: 29_900 }],
    },
  });

  it('answers 503 with Retry-After, then the retry to a server with the right key is taken', async () => {
    expect(await deliver(wrong, paid)).toEqual({
      status: 503,
      retryAfter: '300',
      body: {
        error: {
          code: 'WEBHOOK_SECRET_UNREADABLE',
          message:
            'this storefront’s webhook secret cannot be read with the server’s secret key; try again later',
          details: null,
        },
      },
    });
    expect(await deliver(right, paid)).toMatchObject({
      status: 200,
      body: { received: true, duplicate: false, outcome: 'reserved' },
    });
  });
});
