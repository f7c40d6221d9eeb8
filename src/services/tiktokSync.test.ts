import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Seller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { type demoFake, fakeConnection, fakeDeps, type TikTokFake } from '../../test/support/tiktokFake.ts';
import { findSku } from '../../test/support/tiktokFakeShops.ts';
import { sellerOnTikTok } from '../../test/support/tiktokSeller.ts';
import { releaseLease, takeLease } from '../store/leases.ts';
import { connectionOf } from '../store/tiktokConnections.ts';
import { connectTikTok } from './tiktokConnect.ts';
import type { TikTokDeps } from './tiktokSession.ts';
import {
  runSyncCycle,
  SYNC_LEASE,
  type SyncTarget,
  syncOnce,
  syncSteps,
  syncSucceeded,
} from './tiktokSync.ts';

/**
 * One TikTok sync cycle on both engines, against the fake: the summary of the contract, a
 * failure named and kept from moving the watermark, the outbound steps summed in, and `--once`
 * waiting for a server's cycle.
 */
describe.each(engines)('a TikTok sync cycle on %s', (engine) => {
  let store: TestStore;
  let env: ReturnType<typeof demoFake>;
  let fake: TikTokFake;
  let seller: Seller;
  const deps: TikTokDeps = {
    ...fakeDeps({ attempts: 3 }),
    // A window ends before its `to` second: the cycle reads two seconds after the fake's changes.
    now: () => new Date(Date.now() + 2000),
  };

  beforeAll(async () => {
    store = await freshStore(engine);
  });
  afterAll(() => store?.dispose());
  beforeEach(async () => {
    ({ seller, env, fake } = await sellerOnTikTok(store, deps, ['A']));
  });
  afterEach(() => fake.close());

  const cycle = (steps = {}) =>
    runSyncCycle(store, deps, { organizationId: seller.org, actor: 'test', steps });

  it('sums orders new, updated, cancelled and parked, the calls and retries, and what the outbound steps did', async () => {
    fake.addOrder(env.us, { lines: [{ sellerSku: 'A', units: 1 }] });
    const cancelled = fake.addOrder(env.us, { lines: [{ sellerSku: 'A', units: 1 }] });
    fake.addOrder(env.us, { lines: [{ sellerSku: 'UNKNOWN', units: 1 }] });
    fake.inject({ code: 36009002, path: '/orders/search' });
    const seen: SyncTarget[] = [];
    const pushStock = async (_s: unknown, _d: unknown, target: SyncTarget) => {
      seen.push(target);
      return {
        done: 4,
        failed: 1,
        calls: 2,
        retries: 0,
        skipped: [
          {
            storefront: target.code,
            step: 'stock' as const,
            subject: 'TX',
            reason: 'not mapped',
            failed: false,
          },
        ],
      };
    };
    const before = fake.calls.length;
    const first = await cycle({ pushStock });
    expect(first).toEqual({
      orders: { new: 2, updated: 0, cancelled: 0, parked: 1 },
      stock: { pushed: 4, failed: 1 },
      tracking: { sent: 0, failed: 0 },
      // The calls TikTok saw (a 429, then the page), and the push step's own two.
      calls: fake.calls.length - before + 2,
      retries: 1,
      skipped: [{ storefront: 'TTS-US', step: 'stock', subject: 'TX', reason: 'not mapped', failed: false }],
    });
    expect(seen).toEqual([{ organizationId: seller.org, storefrontId: seller.us, code: 'TTS-US' }]);
    expect(syncSucceeded(first)).toBe(true);

    fake.setOrderStatus(cancelled, 'CANCELLED');
    expect((await cycle()).orders).toEqual({ new: 0, updated: 0, cancelled: 1, parked: 0 });
  });

  it('takes every storefront’s orders before sending any stock: a US order shows in the MX shop’s stock after one cycle', async () => {
    // TTS-MX sorts before TTS-US, and both sell the same units of A in Texas.
    await connectTikTok(store, deps, fakeConnection(env, seller.org, 'TTS-MX'));
    fake.addOrder(env.us, { lines: [{ sellerSku: 'A', units: 2 }] });
    const summary = await cycle(syncSteps);
    expect(summary.orders.new).toBe(1);
    const published = await store.db
      .selectFrom('published_quantities')
      .select(['quantity', 'sent_at'])
      .where('storefront_id', '=', seller.mx)
      .where('sku_id', '=', seller.sku.A)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    // 5 received, 2 reserved by the US order: what the MX shop shows, and sent already.
    expect(published.quantity).toBe(3);
    expect(published.sent_at).not.toBeNull();
    const shown = Object.values(fake.stockOf(env.mx, 'A')).reduce((a, b) => a + b, 0);
    expect(shown).toBe(3);
  });

  it('names a SKU TikTok refused in data.errors[] and exits as failed; the next cycle sends it again', async () => {
    const { sku } = findSku(env.us, 'A') as { sku: { id: string } };
    fake.lockedSkus.set(sku.id, 12052393);
    const refused = await cycle(syncSteps);
    expect(refused.stock.failed).toBe(1);
    expect(refused.skipped).toContainEqual({
      storefront: 'TTS-US',
      step: 'stock',
      subject: 'A',
      reason: expect.stringContaining('12052393'),
      failed: true,
    });
    expect(syncSucceeded(refused)).toBe(false);

    fake.lockedSkus.delete(sku.id);
    const again = await cycle(syncSteps);
    expect(again.stock).toEqual({ pushed: 1, failed: 0 });
    expect(syncSucceeded(again)).toBe(true);
    expect(Object.values(fake.stockOf(env.us, 'A')).reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('names what failed for good, and keeps the watermark where it was so that nothing is lost', async () => {
    fake.addOrder(env.us, { lines: [{ sellerSku: 'A', units: 1 }] });
    fake.inject({ code: 106001, path: '/orders/search' });
    const failed = await cycle();
    expect(syncSucceeded(failed)).toBe(false);
    expect(failed.skipped).toEqual([
      { storefront: 'TTS-US', step: 'orders', reason: expect.stringContaining('106001'), failed: true },
    ]);
    expect((await connectionOf(store, seller.us))?.orders_watermark).toBeNull();
    expect((await cycle()).orders.new).toBe(1);
  });

  it('--once waits while a server holds the sync lease, then runs', async () => {
    fake.addOrder(env.us, { lines: [{ sellerSku: 'A', units: 1 }] });
    expect(await takeLease(store, SYNC_LEASE, 'a server', 60_000)).toBe(true);
    let waited = 0;
    const summary = await syncOnce(
      store,
      deps,
      { organizationId: seller.org, actor: 'test' },
      {
        onWait: () => {
          waited++;
          // The server's cycle ends while the command waits.
          void releaseLease(store, SYNC_LEASE, 'a server');
        },
      },
    );
    expect(waited).toBeGreaterThan(0);
    expect(summary.orders.new).toBe(1);
    // It gave the lease back: a server may take it at once.
    expect(await takeLease(store, SYNC_LEASE, 'a server', 60_000)).toBe(true);
    await releaseLease(store, SYNC_LEASE, 'a server');
  });
});
