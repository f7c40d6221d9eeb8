import { demoRateCards } from '../domain/cost/demoRateCards.ts';
import type { DispatchRule } from '../domain/dispatch/shipBy.ts';
import { setFxRates, upsertRateCards, upsertSkuCosts } from '../store/costData.ts';
import { upsertSkus } from '../store/entities.ts';
import type { Store } from '../store/openDatabase.ts';
import { reserveOrder } from '../store/reservations.ts';
import { receive } from '../store/stockLedger.ts';

/**
 * The demo seller's landed-cost data (issue 14): a USD 40 pet toy that pays 0% from a US
 * warehouse, a USD 130 projector that pays 19% from it (33.5% from China), the seller's rate
 * cards, a run of weekly USD/MXN rates, and an order of two toys a split would make cheaper.
 */

export const DEMO_COST_SKUS = {
  toy: {
    sku: 'PT-TOY-040',
    title: 'Interactive Dog Puzzle Toy, Level 3',
    programCategory: 'pets.toys',
    weightG: 600,
    facts: {
      unit_cost_minor: 900,
      cost_currency: 'USD',
      // MXN 729.00 ≈ USD 40: under USD 50, so 0% from the US warehouse [S30].
      price_minor: 72900,
      price_currency: 'MXN',
      length_cm: 25,
      width_cm: 20,
      height_cm: 10,
      hs_chapter: '39',
      origin: 'CN',
      rrna: 0,
    },
  },
  projector: {
    sku: '3C-PRJ-001',
    title: 'Mini Projector 1080p, WiFi',
    programCategory: 'electronics',
    weightG: 1800,
    facts: {
      unit_cost_minor: 5500,
      cost_currency: 'USD',
      // MXN 2,399.00 ≈ USD 130: over USD 117, so 19% from the US warehouse, 33.5% from China [S30].
      price_minor: 239900,
      price_currency: 'MXN',
      length_cm: 30,
      width_cm: 22,
      height_cm: 12,
      hs_chapter: '85',
      origin: 'CN',
      rrna: 0,
    },
  },
} as const;

export const DEMO_SPLIT_ORDER = 'MX-COST-001';
const DAY = 86_400_000;

/** Demo USD/MXN rates, one each Monday for 30 weeks (a gentle wave around 18.25; not Banxico's). */
function demoRates(now: Date) {
  const monday = new Date(now.getTime() - ((now.getUTCDay() + 6) % 7) * DAY);
  return Array.from({ length: 30 }, (_, week) => {
    const day = new Date(monday.getTime() - week * 7 * DAY).toISOString().slice(0, 10);
    const rate = (18.25 + 0.15 * Math.sin(week / 3)).toFixed(4);
    return { base: 'USD', quote: 'MXN', date: day, rate };
  });
}

export async function loadDemoCosts(
  store: Store,
  org: string,
  now: Date,
  place: { warehouseId: string; storefrontId: string; rule: DispatchRule },
): Promise<void> {
  const audit = (action: string, subject: string) => ({
    organizationId: org,
    actor: 'demo',
    action,
    subject,
    data: {},
  });
  const products = [DEMO_COST_SKUS.toy, DEMO_COST_SKUS.projector];
  const ids = await upsertSkus(
    store,
    org,
    products.map((p) => ({
      sku: p.sku,
      title: p.title,
      programCategory: p.programCategory,
      verdict: 'allowed',
      weightG: p.weightG,
    })),
  );
  await upsertSkuCosts(
    store,
    org,
    products.map((p) => ({ skuId: ids.get(p.sku) as string, facts: { ...p.facts } })),
    audit('sku.cost_facts', 'demo'),
  );
  await upsertRateCards(store, org, demoRateCards, audit('rate_card.import', 'demo'));
  // Weekly rates back to 2025-01 too, so costs on the dates of the 2025 rule changes can be shown.
  const history = [
    { base: 'USD', quote: 'MXN', date: '2025-01-02', rate: '20.5200' },
    { base: 'USD', quote: 'MXN', date: '2025-08-14', rate: '18.6500' },
    { base: 'USD', quote: 'MXN', date: '2025-08-15', rate: '18.6200' },
  ];
  await setFxRates(store, org, [...history, ...demoRates(now)], audit('fx.import', 'demo'));
  for (const p of products)
    await receive(
      store,
      {
        organizationId: org,
        skuId: ids.get(p.sku) as string,
        warehouseId: place.warehouseId,
        actor: 'demo',
        reason: 'opening stock',
        idempotencyKey: `opening-${p.sku}`,
        at: new Date(now.getTime() - 3 * DAY).toISOString(),
      },
      40,
    );
  // Two toys in one parcel are USD 80 (17%); two parcels of USD 40 pay 0% each.
  const paidAt = new Date(now.getTime() - 2 * DAY).toISOString();
  await reserveOrder(
    store,
    {
      organizationId: org,
      storefrontId: place.storefrontId,
      externalId: DEMO_SPLIT_ORDER,
      paidAt,
      currency: 'MXN',
      lines: [
        {
          skuId: ids.get(DEMO_COST_SKUS.toy.sku) as string,
          quantity: 2,
          unitPriceMinor: DEMO_COST_SKUS.toy.facts.price_minor,
        },
      ],
      actor: 'demo',
      takenAt: paidAt,
    },
    place.rule,
  );
}
