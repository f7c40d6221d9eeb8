import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { tiktokStockWorld } from '../../test/support/tiktokStockWorld.ts';
import { lastPublished } from '../store/publish.ts';
import { inTransaction } from '../store/transaction.ts';
import { pushTikTokStock } from './tiktokStockPush.ts';

/**
 * A model of stock out: random interleavings of stock arriving and leaving, pushes of either
 * storefront, pushes that die part-way, and TikTok throttling. Whatever happened, once a last push
 * of each storefront goes through, the stock TikTok shows for every SKU adds up to what Puente
 * publishes for it, and no TikTok warehouse shows more than its Puente warehouse has available.
 */
const SKUS = ['M-1', 'M-2', 'M-3'] as const;
const STOREFRONTS = ['TTS-US', 'TTS-MX'] as const;
const WAREHOUSES = ['TX', 'CA'] as const;

type Step =
  | { kind: 'receive'; sku: number; warehouse: number; units: number }
  | { kind: 'take'; sku: number; warehouse: number; units: number }
  | { kind: 'push'; storefront: number; dieAfter: number | null }
  | { kind: 'throttle'; times: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('receive' as const),
    sku: fc.nat(2),
    warehouse: fc.nat(1),
    units: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({
    kind: fc.constant('take' as const),
    sku: fc.nat(2),
    warehouse: fc.nat(1),
    units: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({
    kind: fc.constant('push' as const),
    storefront: fc.nat(1),
    dieAfter: fc.option(fc.nat(2), { nil: null }),
  }),
  fc.record({ kind: fc.constant('throttle' as const), times: fc.integer({ min: 1, max: 3 }) }),
);

describe.each(engines)('the stock TikTok shows equals what Puente publishes, on %s', (engine) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await freshStore(engine);
  });
  afterAll(() => store?.dispose());

  it('after any interleaving of stock changes, pushes, crashes and throttling', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), fc.nat(5), async (steps, buffer) => {
        const w = await tiktokStockWorld(store, { skus: [...SKUS], bufferUnits: buffer });
        try {
          const onHand = new Map<string, number>();
          const push = (storefront: (typeof STOREFRONTS)[number], dieAfter: number | null = null) => {
            let calls = 0;
            return pushTikTokStock(store, w.deps, {
              storefrontId: w.storefronts[storefront],
              beforeEachCall: () => {
                if (dieAfter !== null && calls++ === dieAfter) throw new Error('died');
              },
            });
          };
          for (const s of steps) {
            if (s.kind === 'receive' || s.kind === 'take') {
              const sku = SKUS[s.sku] as string;
              const warehouse = WAREHOUSES[s.warehouse] as 'TX' | 'CA';
              const key = `${sku}|${warehouse}`;
              const have = onHand.get(key) ?? 0;
              const delta = s.kind === 'receive' ? s.units : -Math.min(have, s.units);
              if (delta === 0) continue;
              if (s.kind === 'receive') await w.receive(sku, warehouse, delta);
              else await w.adjust(sku, warehouse, delta);
              onHand.set(key, have + delta);
            } else if (s.kind === 'push')
              await push(STOREFRONTS[s.storefront] as 'TTS-US', s.dieAfter).catch((e: Error) => {
                if (e.message !== 'died') throw e;
              });
            else w.fake.inject({ code: 36009002, path: '/inventory/update', times: s.times });
          }
          // The last cycles: throttling left over from the steps may fail a figure once more, and
          // the next cycle sends it (bounded: at most 36 faults were injected, 6 tries a call).
          for (const storefront of STOREFRONTS) {
            let failed = 1;
            for (let cycle = 0; failed > 0 && cycle < 10; cycle++) failed = (await push(storefront)).failed;
          }

          for (const storefront of STOREFRONTS) {
            const shop = storefront === 'TTS-US' ? w.us : w.mx;
            for (const sku of SKUS) {
              const published =
                (await inTransaction(store, (trx) =>
                  lastPublished(trx, w.storefronts[storefront], w.skuId(sku)),
                )) ?? 0;
              const shown = w.fake.stockOf(shop, sku);
              expect({ storefront, sku, shown: Object.values(shown).reduce((a, b) => a + b, 0) }).toEqual({
                storefront,
                sku,
                shown: published,
              });
              for (const warehouse of WAREHOUSES)
                expect(
                  shown[w.tiktokWarehouse(storefront === 'TTS-US' ? 'US' : 'MX', warehouse)],
                ).toBeLessThanOrEqual(onHand.get(`${sku}|${warehouse}`) ?? 0);
            }
          }
        } finally {
          await w.fake.close();
        }
      }),
      { numRuns: 8 },
    );
  }, 240_000);
});
