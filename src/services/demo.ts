import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { readHeader } from '../domain/catalog/catalogColumns.ts';
import { orderDeadlines, warehouseClock } from '../domain/dispatch/operationalDeadline.ts';
import { parseRate } from '../domain/money/money.ts';
import type { Notice } from '../i18n/notices.ts';
import { addStorefront, addWarehouse, hasWarehouses, upsertSkus } from '../store/entities.ts';
import { scanAlerts } from '../store/monitor.ts';
import type { Store } from '../store/openDatabase.ts';
import { reserveOrder, shipOrder } from '../store/reservations.ts';
import { receive, setInbound } from '../store/stockLedger.ts';
import { CatalogChecker } from './checkCatalog.ts';
import { loadDemoCosts } from './demoCosts.ts';
import { checkHits } from './hitCheck.ts';
import { setMerchantProfile } from './launchRecords.ts';
import { loadFitConfig, loadPolicy } from './loadConfig.ts';
import { packagePath } from './packageFiles.ts';
import { Refused } from './refused.ts';

/**
 * The demo seller: a Shenzhen cross-border seller with warehouses in Texas and California selling
 * on TikTok Shop US and MX from one pool of stock. Its catalog is examples/catalog.csv checked
 * against the pilot policy plus colour variants (~200 SKUs); 60 days of orders, most shipped in
 * time, a few late; a dog toy that picked up in the last week and went viral in the last three days
 * (a hit for `puente plan hits`), is running out, and has just been oversold on the MX storefront.
 * Deterministic: the same data every time.
 */

export const DEMO_CATALOG = packagePath('examples/catalog.csv');
/** USD prices convert at a rate of the day; the demo fixes one. */
export const DEMO_USD_MXN = '18.25';
const DAY = 86_400_000;
const HIT = 'PT-TOY-005';
/** The demo's hit, for the backtest's chart (planBacktest.ts). */
export const DEMO_HIT_SKU = HIT;
const TX_CUTOFF = '16:00';

function random(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x / 0x7fffffff;
  };
}

export async function loadDemo(
  store: Store,
  org: string,
  now: Date,
  log: (notice: Notice) => void,
): Promise<Notice> {
  if (await hasWarehouses(store, org)) throw new Refused('conflict', { key: 'demo_not_empty' });
  const rnd = random(2026);
  const policy = await loadPolicy();
  const rule = policy.dispatch;

  const tx = await addWarehouse(store, org, {
    code: 'TX',
    name: 'Dallas 3PL',
    country: 'US',
    state: 'TX',
    timeZone: 'America/Chicago',
    // Different trucks: Texas's last pickup is 16:00 Central, California's 17:00 Pacific, so the
    // same platform deadline (23:59 Pacific) is a different operational deadline in each.
    cutoff: TX_CUTOFF,
    holidayCalendar: 'US-federal',
    leadTimeDays: 14,
  });
  const ca = await addWarehouse(store, org, {
    code: 'CA',
    name: 'Ontario CA',
    country: 'US',
    state: 'CA',
    timeZone: 'America/Los_Angeles',
    cutoff: '17:00',
    holidayCalendar: 'US-federal',
    leadTimeDays: 21,
  });
  // US buyers are served from California first; Mexican buyers from Texas, nearer the border.
  const common = { platform: 'tiktok', policyId: policy.id };
  const us = await addStorefront(store, org, {
    ...common,
    warehouses: ['CA', 'TX'],
    code: 'TTS-US',
    name: 'TikTok Shop US',
    region: 'US',
    currency: 'USD',
    bufferUnits: 2,
  });
  const mx = await addStorefront(store, org, {
    ...common,
    warehouses: ['TX', 'CA'],
    code: 'TTS-MX',
    name: 'TikTok Shop MX',
    region: 'MX',
    currency: 'MXN',
    bufferPercent: 10,
    allowSplit: true,
  });

  // The catalog, checked with the same rules as `puente check`, plus colour variants.
  const [headers, ...rows] = parse(readFileSync(DEMO_CATALOG), { relax_column_count: true }) as string[][];
  const header = readHeader(headers as string[]);
  const usdMxn = parseRate(DEMO_USD_MXN, 'USD', 'MXN');
  const checker = new CatalogChecker({ policy, fit: await loadFitConfig(), lang: 'en', usdMxn }, header);
  const checked = rows.map((values, i) => ({ values, result: checker.check({ row: i + 2, values }) }));
  const skuInputs = checked
    .filter((c) => c.result.sku)
    .flatMap(({ values, result }) => {
      const base = {
        title: values[header.columns.title ?? 1] || result.sku,
        programCategory: result.category,
        verdict: result.verdict,
      };
      const variants =
        result.verdict === 'allowed' && result.sku !== HIT
          ? ['', '-BLK', ...(result.row % 3 === 0 ? ['-WHT'] : [])]
          : [''];
      return variants.map((suffix) => ({
        ...base,
        sku: `${result.sku}${suffix}`,
        title: `${base.title}${suffix === '-BLK' ? ' (black)' : suffix === '-WHT' ? ' (white)' : ''}`,
      }));
    });
  const ids = await upsertSkus(store, org, skuInputs);
  const sellable = skuInputs.filter((s) => s.verdict === 'allowed').map((s) => s.sku);
  log({ key: 'demo_catalog', params: { skus: skuInputs.length, allowed: sellable.length } });

  // Opening stock: every allowed SKU in TX, most also in CA; the hit starts with little.
  for (const sku of sellable) {
    const id = ids.get(sku) as string;
    const m = {
      organizationId: org,
      skuId: id,
      actor: 'demo',
      reason: 'opening stock',
      idempotencyKey: `opening-${sku}`,
      // Received before the 60 days of orders that follow, so the ledger reads in order.
      at: new Date(now.getTime() - 62 * DAY).toISOString(),
    };
    await receive(store, { ...m, warehouseId: tx }, sku === HIT ? 110 : 25 + Math.floor(rnd() * 90));
    if (rnd() < 0.8 && sku !== HIT)
      await receive(store, { ...m, warehouseId: ca }, 10 + Math.floor(rnd() * 60));
  }

  // 60 days of orders. The hit sells 1 order a day, 2 a day in the last week, then 9 a day in the
  // last three days (content went viral): the hit check flags it [P14].
  let placed = 0;
  let oversold = 0;
  const storefronts = [us, mx];
  for (let day = 60; day >= 0; day--) {
    const perDay = 10 + Math.floor(rnd() * 6);
    const hitToday = day <= 2 ? 9 : day <= 6 ? 2 : 1;
    for (let n = 0; n < perDay + hitToday; n++) {
      const sku = n < hitToday ? HIT : (sellable[Math.floor(rnd() * sellable.length)] as string);
      const paidAt = new Date(now.getTime() - day * DAY - Math.floor(rnd() * 20) * 3_600_000);
      if (paidAt > now) continue;
      const onMx = rnd() < 0.6;
      const outcome = await reserveOrder(
        store,
        {
          organizationId: org,
          storefrontId: storefronts[onMx ? 1 : 0] as string,
          externalId: `${onMx ? 'MX' : 'US'}-${5800000 + placed}`,
          paidAt: paidAt.toISOString(),
          currency: onMx ? 'MXN' : 'USD',
          lines: [
            {
              skuId: ids.get(sku) as string,
              quantity: 1 + Math.floor(rnd() * 2),
              unitPriceMinor: onMx ? 29900 : 1599,
            },
          ],
          actor: 'demo',
          // Taken a few minutes after payment, as a marketplace sync would.
          takenAt: new Date(Math.min(paidAt.getTime() + 5 * 60_000, now.getTime())).toISOString(),
        },
        rule,
      );
      placed++;
      // Drawn for every order, whatever happens to it: the orders that follow must not depend on
      // the day and hour the demo is loaded (which deadlines have passed), only on the seed.
      const r = rnd();
      const early = 6 + Math.floor(rnd() * 30);
      if (outcome.status === 'awaiting_stock') oversold++;
      if (outcome.status !== 'reserved') continue;
      // Orders whose deadline has passed: almost all shipped, a few late; a few left open, late.
      const due = Date.parse(outcome.shipBy);
      if (due < now.getTime() - 6 * 3_600_000 && r > 0.01) {
        const late = r > 0.95;
        const shippedAt = new Date(late ? due + 20 * 3_600_000 : due - early * 3_600_000);
        if (shippedAt < now) {
          await shipOrder(store, outcome.orderId, {
            carrier: onMx ? 'Estafeta' : 'UPS',
            tracking: `1Z${placed}`,
            actor: 'demo',
            shippedAt: shippedAt.toISOString(),
          });
        }
      }
    }
  }
  // Three MX orders (Texas ships them) paid long enough ago that their first deadline, the Texas
  // truck, is now less than 12 hours away.
  const texas = warehouseClock({
    time_zone: 'America/Chicago',
    cutoff: TX_CUTOFF,
    holiday_calendar: 'US-federal',
  });
  let atRisk = 0;
  for (let hoursAgo = 1; atRisk < 3 && hoursAgo < 24 * 10; hoursAgo++) {
    const paidAt = new Date(now.getTime() - hoursAgo * 3_600_000);
    const left = Date.parse(orderDeadlines(paidAt.toISOString(), rule, texas).operational) - now.getTime();
    if (left <= 0 || left >= 11 * 3_600_000) continue;
    const sku = sellable[atRisk * 7] as string;
    await reserveOrder(
      store,
      {
        organizationId: org,
        storefrontId: mx,
        externalId: `MX-59000${atRisk}`,
        paidAt: paidAt.toISOString(),
        currency: 'MXN',
        lines: [{ skuId: ids.get(sku) as string, quantity: 1, unitPriceMinor: 34900 }],
        actor: 'demo',
        takenAt: new Date(Math.min(paidAt.getTime() + 5 * 60_000, now.getTime())).toISOString(),
      },
      rule,
    );
    atRisk++;
  }
  // The seller reordered the hit at its old pace, before it went viral: 60 units on the water to Texas.
  const eta = new Date(now.getTime() + 12 * DAY).toISOString().slice(0, 10);
  await setInbound(
    store,
    { organizationId: org, skuId: ids.get(HIT) as string, warehouseId: tx, actor: 'demo' },
    60,
    eta,
  );
  // Landed cost: a USD 40 toy and a USD 130 projector, rate cards and dated rates (issue 14).
  await loadDemoCosts(store, org, now, { warehouseId: tx, storefrontId: mx, rule });
  // A Shenzhen company with a healthy US shop: registered in China, SPS above the 3.5 minimum [P4].
  await setMerchantProfile(store, { organizationId: org, actor: 'demo' }, { country: 'CN', sps: 4.2 });
  const scan = await scanAlerts(store, org, now);
  // The viral toy's hit alert, as the scheduled hit check would raise it.
  await checkHits(store, org, now);
  return {
    key: 'demo_loaded',
    params: {
      skus: skuInputs.length,
      orders: placed,
      oversold,
      due: scan.due,
      low: scan.low,
      // Commands, the same in every language.
      commands: 'puente stock --low, puente orders --due, puente alerts, puente verify',
    },
  };
}
