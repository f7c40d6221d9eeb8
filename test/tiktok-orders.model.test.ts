import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TikTokOrder } from '../src/channels/tiktok/tiktokApi.ts';
import { connectTikTok } from '../src/services/tiktokConnect.ts';
import { applyTikTokOrders, emptyApplySummary } from '../src/services/tiktokOrderApply.ts';
import { pullTikTokOrders } from '../src/services/tiktokOrderPull.ts';
import type { TikTokDeps } from '../src/services/tiktokSession.ts';
import { receive } from '../src/store/stockLedger.ts';
import { seedSeller } from './support/seller.ts';
import { engines, freshStore, type TestStore } from './support/stores.ts';
import { demoFake, fakeConnection, fakeDeps } from './support/tiktokFake.ts';

/**
 * A model of TikTok orders arriving in Puente: random interleavings of orders placed, paid, held,
 * released from hold and cancelled at TikTok, delivered to Puente by polls, by webhooks (some of
 * them stale, an older version of the order arriving late), and by both at once. Whatever the
 * interleaving, after a last poll (the backstop) each TikTok order that was ever paid or cancelled
 * is in Puente once, with the status its TikTok status says, and what is reserved is exactly the
 * units of the orders that hold stock.
 */

type Action =
  | { kind: 'create'; status: 'UNPAID' | 'ON_HOLD' | 'AWAITING_SHIPMENT'; units: number }
  | { kind: 'advance' | 'cancel' | 'both'; which: number }
  | { kind: 'webhook'; which: number; stale: boolean }
  | { kind: 'poll' };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constant('create' as const),
    status: fc.constantFrom('UNPAID' as const, 'ON_HOLD' as const, 'AWAITING_SHIPMENT' as const),
    units: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({
    kind: fc.constantFrom('advance' as const, 'cancel' as const, 'both' as const),
    which: fc.nat(),
  }),
  fc.record({ kind: fc.constant('webhook' as const), which: fc.nat(), stale: fc.boolean() }),
  fc.record({ kind: fc.constant('poll' as const) }),
);

const PUENTE_STATUS: Record<string, string> = {
  ON_HOLD: 'on_hold',
  AWAITING_SHIPMENT: 'reserved',
  CANCELLED: 'cancelled',
};

describe.each(engines)('TikTok orders in Puente, a model, on %s', (engine) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await freshStore(engine);
  });
  afterAll(() => store?.dispose());

  const deps: TikTokDeps = fakeDeps({ attempts: 4 });
  // Polls read a few seconds ahead: several changes within one second get update_times ahead of now.
  const poller: TikTokDeps = { ...deps, now: () => new Date(Date.now() + 10_000) };

  it('keeps each TikTok order once, with its status and its reservations, through any interleaving', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 14 }), async (actions) => {
        const seller = await seedSeller(store);
        await receive(
          store,
          { organizationId: seller.org, skuId: seller.sku.A, warehouseId: seller.tx, actor: 'model' },
          1000,
        );
        const env = demoFake({ sellerSkus: ['A'] });
        const { fake, us } = env;
        await fake.listen();
        try {
          await connectTikTok(store, deps, fakeConnection(env, seller.org, 'TTS-US', 'model'));
          const c = { storefrontId: seller.us, actor: 'model' };
          const ids: string[] = [];
          const versions = new Map<string, TikTokOrder[]>();
          const remember = (id: string) => {
            const now = structuredClone(us.orders.get(id)) as unknown as TikTokOrder;
            versions.set(id, [...(versions.get(id) ?? []), now]);
            return now;
          };
          const poll = (p = poller) =>
            pullTikTokOrders(store, p, {
              storefrontId: seller.us,
              apply: async (orders) => void (await applyTikTokOrders(store, c, orders, emptyApplySummary())),
            });
          const webhook = (version: TikTokOrder) => applyTikTokOrders(store, c, [version]);

          for (const a of actions) {
            const id =
              ids.length && a.kind !== 'create' && a.kind !== 'poll' ? ids[a.which % ids.length] : undefined;
            const order = id ? us.orders.get(id) : undefined;
            if (a.kind === 'create') {
              const o = fake.addOrder(us, { lines: [{ sellerSku: 'A', units: a.units }], status: a.status });
              ids.push(o.id);
              remember(o.id);
            } else if (a.kind === 'poll') await poll();
            else if (!order || !id) continue;
            else if (a.kind === 'advance') {
              if (order.status === 'UNPAID' || order.status === 'ON_HOLD') {
                fake.setOrderStatus(order, 'AWAITING_SHIPMENT');
                remember(id);
              }
            } else if (a.kind === 'cancel') {
              if (order.status !== 'CANCELLED') {
                fake.setOrderStatus(order, 'CANCELLED');
                remember(id);
              }
            } else if (a.kind === 'webhook') {
              const history = versions.get(id) ?? [];
              await webhook((a.stale ? history[0] : history.at(-1)) as TikTokOrder);
            } else await Promise.all([poll(), webhook(remember(id))]);
          }
          await poll();

          const rows = await store.db
            .selectFrom('orders')
            .select(['external_id', 'status'])
            .where('storefront_id', '=', seller.us)
            .execute();
          const expected = ids
            .map((id) => us.orders.get(id))
            .filter((o) => o && o.status !== 'UNPAID')
            .map((o) => ({ external_id: o?.id, status: PUENTE_STATUS[o?.status ?? ''] }));
          const byId = (x: { external_id?: string }, y: { external_id?: string }) =>
            (x.external_id ?? '') < (y.external_id ?? '') ? -1 : 1;
          expect([...rows].sort(byId)).toEqual([...expected].sort(byId));
          const holding = ids
            .map((id) => us.orders.get(id))
            .filter((o) => o?.status === 'ON_HOLD' || o?.status === 'AWAITING_SHIPMENT')
            .reduce((n, o) => n + (o?.line_items.length ?? 0), 0);
          const level = await store.db
            .selectFrom('stock_levels')
            .select('reserved')
            .where('sku_id', '=', seller.sku.A)
            .where('warehouse_id', '=', seller.tx)
            .executeTakeFirstOrThrow();
          expect(Number(level.reserved)).toBe(holding);
        } finally {
          await fake.close();
        }
      }),
      { numRuns: engine === 'postgres' ? 20 : 40 },
    );
  }, 600_000);
});
