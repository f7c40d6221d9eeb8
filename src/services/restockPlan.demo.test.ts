import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { createOrganization } from '../store/entities.ts';
import { loadDemo } from './demo.ts';
import { checkHits } from './hitCheck.ts';
import { planRestock } from './restockPlan.ts';
import { skuClassesOf } from './skuClasses.ts';

/**
 * The demo seller's viral dog toy (PT-TOY-005) sold one order a day, then went viral in the last
 * three days: the plan flags it as a hit on both storefronts, plans its demand at Texas (the only
 * warehouse that carries it), and suggests a restock whose numbers add up.
 */
describe.each(engines)('restock plan of the demo on %s', (engine) => {
  let store: TestStore;
  let org: string;
  const now = new Date('2026-11-30T15:00:00Z');
  beforeAll(async () => {
    store = await freshStore(engine);
    org = await createOrganization(store, 'Demo');
    await loadDemo(store, org, now, () => {});
  }, 240_000);
  afterAll(() => store?.dispose());

  it('flags the viral toy as a hit, and only it', async () => {
    const plan = await planRestock(store, org, now);
    expect(plan.hits.map((h) => `${h.sku} ${h.storefront}`).sort()).toEqual([
      'PT-TOY-005 TTS-MX',
      'PT-TOY-005 TTS-US',
    ]);
    for (const h of plan.hits) {
      expect(h.ratio).toBeGreaterThanOrEqual(3);
      expect(h.pValue).toBeLessThan(0.001);
      // Out of stock in Texas already: it ran out today.
      expect(h.runsOutOn).toBe('2026-11-30');
    }
  });

  it('gives every SKU the same class in the cheap classes answer as in the plan', async () => {
    const plan = await planRestock(store, org, now);
    const classes = await skuClassesOf(
      store,
      org,
      plan.skus.map((s) => s.sku),
      now,
    );
    expect(classes).toEqual(
      plan.skus
        .map((s) => ({ sku: s.sku, class: s.class, pinned: s.classification.pinned }))
        .sort((a, b) => a.sku.localeCompare(b.sku)),
    );
    expect(classes.filter((c) => c.class === 'core').length).toBeGreaterThan(0);
    expect(classes.filter((c) => c.class === 'test').length).toBeGreaterThan(0);
  });

  it('plans one SKU alone exactly as it plans it among all (the chart asks for one)', async () => {
    const all = await planRestock(store, org, now);
    const toy = all.skus.find((s) => s.sku === 'PT-TOY-005');
    const alone = await planRestock(store, org, now, { skuIds: [toy?.skuId as string] });
    expect(alone.skus).toEqual([toy]);
    expect(alone.lines).toEqual(all.lines.filter((l) => l.sku === 'PT-TOY-005'));
    expect(alone.hits).toEqual(all.hits.filter((h) => h.sku === 'PT-TOY-005'));
  });

  it('suggests restocking the toy in Texas, with numbers that add up', async () => {
    const plan = await planRestock(store, org, now, { warehouse: 'TX' });
    const toy = plan.suggestions.find((s) => s.sku === 'PT-TOY-005');
    expect(toy).toBeDefined();
    const t = toy as NonNullable<typeof toy>;
    expect(t).toMatchObject({ warehouse: 'TX', hit: true, onHand: 0, inbound: 60 });
    expect(t.waiting).toBeGreaterThan(0);
    // Position = on hand + inbound − waiting − buffer, below the reorder point.
    expect(t.position).toBe(t.onHand + t.inbound - t.waiting - t.buffer);
    expect(t.position).toBeLessThan(t.reorderPoint);
    expect(t.reorderPoint).toBeGreaterThanOrEqual(Math.ceil(t.velocityPerDay * t.leadTimeDays));
    expect(t.coverDaysNow).toBeCloseTo(t.position / t.velocityPerDay, 0);
    expect(t.coverDaysAfter).toBeCloseTo((t.position + t.suggestedQuantity) / t.velocityPerDay, 0);
    // Days the toy could not be offered are left out of its pace, and counted.
    expect(t.censoredDays).toBeGreaterThan(0);
    expect(plan.suggestions.every((s) => s.warehouse === 'TX')).toBe(true);
  });

  it('raises one "hit — restock now" alert per storefront, and resolves it once the hit has passed', async () => {
    const alerts = await store.db
      .selectFrom('alerts')
      .select(['message', 'data', 'state'])
      .where('kind', '=', 'restock_hit')
      .execute();
    expect(alerts).toHaveLength(2);
    expect(alerts[0]?.message).toMatch(/^hit — restock now: PT-TOY-005 on TTS-(MX|US) sold \d+ in \d+ h/);
    expect(JSON.parse(alerts[0]?.data as string)).toMatchObject({
      sku: 'PT-TOY-005',
      warehouse: 'TX',
      runsOutOn: '2026-11-30',
      promoteToCore: expect.any(Boolean),
    });
    // A month on, with no new orders, the rise is over.
    const later = await checkHits(store, org, new Date('2026-12-30T15:00:00Z'));
    expect(later).toMatchObject({ hits: 0, resolved: 2 });
  });
});
