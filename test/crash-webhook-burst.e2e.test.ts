/**
 * A burst of webhook deliveries to a server process that is stopped mid-burst — SIGTERM (a plain
 * restart) or SIGKILL — and the sender retrying every delivery it has no 2xx for against another
 * server on the same database: every order exists exactly once and holds its stock once, and the
 * ledger verifies clean (issue 9; SIGTERM used to lose 2–10 deliveries of 1,500).
 * On SIGTERM the server stops accepting, finishes the requests in flight, then closes the
 * database, and the process exits 0.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../src/store/verify.ts';
import { ApiClient } from './support/apiClient.ts';
import { childServer } from './support/childServer.ts';
import { postOrderWebhook } from './support/orderWebhook.ts';
import { seedSeller } from './support/seller.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { engines } from './support/stores.ts';

const DELIVERIES = 300;
const SENDERS = 16;
/** The signal goes out once this many deliveries are acknowledged. */
const SIGNAL_AFTER = 80;

describe.each(engines)('a webhook burst through a server that is stopped, %s', (engine) => {
  let server: TestServer;
  let owner: ApiClient;
  let secret: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'puente-burst-'));

  beforeAll(async () => {
    server = await startTestServer({ engine });
    await seedSeller(server.store, { organizationId: server.organizationId });
    owner = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
    await owner.post('/api/v1/stock/receive', { sku: 'A', warehouse: 'TX', quantity: 2 * DELIVERIES });
    secret = (await owner.post('/api/v1/storefronts/TTS-MX/webhook-secret')).body.secret;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** True when the server answered 2xx: the sender may forget the delivery. */
  const deliver = async (url: string, body: string): Promise<boolean> => {
    try {
      const r = await postOrderWebhook(url, secret, body);
      await r.arrayBuffer();
      return r.ok;
    } catch {
      return false; // refused, reset or cut: not acknowledged
    }
  };

  it.each(['SIGTERM', 'SIGKILL'] as const)(
    '%s mid-burst, then retries: every order exactly once',
    async (signal) => {
      const prefix = `MX-${signal}-`;
      const bodies = Array.from({ length: DELIVERIES }, (_, i) =>
        JSON.stringify({
          event: 'order.paid',
          order: {
            externalId: `${prefix}${i}`,
            paidAt: '2026-11-26T10:00:00-06:00',
            lines: [{ sku: 'A', quantity: 1, unitPriceMinor: 29_900 }],
          },
        }),
      );
      const reservedBefore = (await owner.get('/api/v1/stock?sku=A&warehouse=TX')).body.items[0].reserved;
      const doomed = await childServer(server, dataDir);
      let acked = 0;
      let signalled = false;
      const unacked: string[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: SENDERS }, async () => {
          while (next < bodies.length) {
            const body = bodies[next++] as string;
            if (await deliver(doomed.url, body)) acked++;
            else unacked.push(body);
            if (acked >= SIGNAL_AFTER && !signalled) {
              signalled = true;
              doomed.child.kill(signal);
            }
          }
        }),
      );
      const ended = await doomed.exited;
      expect(ended).toEqual(
        signal === 'SIGTERM' ? { code: 0, signal: null } : { code: null, signal: 'SIGKILL' },
      );
      expect(acked).toBeGreaterThanOrEqual(SIGNAL_AFTER);
      expect(acked + unacked.length).toBe(DELIVERIES);

      // The sender retries what it has no answer for, on the server that is still up.
      for (const body of unacked) expect(await deliver(server.url, body)).toBe(true);

      const orders = await server.store.db
        .selectFrom('orders')
        .select(['external_id', 'status'])
        .where('external_id', 'like', `${prefix}%`)
        .execute();
      expect(orders).toHaveLength(DELIVERIES);
      expect(new Set(orders.map((o) => o.external_id)).size).toBe(DELIVERIES);
      expect(orders.every((o) => o.status === 'reserved')).toBe(true);
      const reserves = await server.store.db
        .selectFrom('reservations as r')
        .innerJoin('orders as o', 'o.id', 'r.order_id')
        .select((eb) => eb.fn.sum<number>('r.quantity').as('units'))
        .where('o.external_id', 'like', `${prefix}%`)
        .executeTakeFirstOrThrow();
      expect(Number(reserves.units)).toBe(DELIVERIES);
      const reservedAfter = (await owner.get('/api/v1/stock?sku=A&warehouse=TX')).body.items[0].reserved;
      expect(reservedAfter - reservedBefore).toBe(DELIVERIES);
      expect(await verifyLedger(server.store, server.organizationId)).toEqual([]);
    },
  );
});
