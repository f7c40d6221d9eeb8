import { addDays } from '../domain/planning/calendarDays.ts';
import { classFromHistory } from '../domain/planning/classFromHistory.ts';
import { type SkuClassification, testStockCeiling } from '../domain/planning/classifySku.ts';
import { daysFrom, outDays, seriesOf, servingWarehouse } from '../domain/planning/dailySeries.ts';
import { type DemandDay, type DemandStats, demandStats } from '../domain/planning/demandSeries.ts';
import { detectHit, type HitCheck } from '../domain/planning/detectHit.ts';
import type { PlanningConfig, SkuClass } from '../domain/planning/planningConfig.ts';
import { type ReorderSuggestion, reorderSuggestion } from '../domain/planning/reorderSuggestion.ts';
import { publishedQuantity } from '../domain/stock/publishedQuantity.ts';
import type { Store } from '../store/openDatabase.ts';
import { type PlanningInputs, planningInputs } from '../store/planningInputs.ts';
import type { TransitMode } from '../store/schema.ts';
import { loadPlanningConfig } from './loadConfig.ts';

/**
 * Restock planning for an organization [P13][P14]: per SKU its class (core or test), per SKU ×
 * storefront whether it is a hit, and per SKU × warehouse a reorder suggestion with every number
 * behind it. Reads the demand roll-up and the stock (planningInputs), and leaves the maths to
 * domain/planning (velocity with censoring, classification, the Poisson hit test, the reorder point).
 *
 * - A storefront's demand is planned at the warehouse it takes the SKU from (servingWarehouse): MX
 *   orders at the warehouses the MX storefront prefers.
 * - A day is censored for a warehouse when a storefront it serves could not offer the SKU that day.
 * - The pace is the exponentially weighted in-stock rate, or a hit's pace when one of the
 *   storefronts it serves has a hit: restock at once, at the new pace [P14].
 * - Stock: on hand means units not yet promised to an order (on hand − reserved); inbound is every
 *   open shipment's units; waiting is the units of orders waiting for stock; the buffer is the most
 *   any storefront it serves holds back.
 */

/** Days of history read: 30 for the rates and classes, 28 + 3 for the hit baseline, and margin. */
export const HISTORY_DAYS = 60;

export interface SkuPlanView {
  skuId: string;
  sku: string;
  title: string;
  class: SkuClass;
  classification: SkuClassification;
  stats: DemandStats;
  unitCostMinor: number | null;
  currency: string | null;
  /** Its daily demand over the history, all storefronts (censored: every storefront was out). */
  series: DemandDay[];
}

export interface HitLine {
  sku: string;
  storefront: string;
  windowHours: number;
  observed: number;
  expected: number;
  ratio: number;
  pValue: number;
  runsOutOn: string | null;
  /** For the alert and the page. */
  skuId: string;
  storefrontId: string;
  class: SkuClass;
  check: HitCheck;
}

export interface RestockLine {
  sku: string;
  title: string;
  warehouse: string;
  class: SkuClass;
  velocityPerDay: number;
  censoredDays: number;
  leadTimeDays: number;
  safetyStock: number;
  reorderPoint: number;
  onHand: number;
  inbound: number;
  waiting: number;
  suggestedQuantity: number;
  coverDaysNow: number | null;
  coverDaysAfter: number | null;
  /** The rest of the working, for a person to follow it. */
  skuId: string;
  warehouseId: string;
  reorder: boolean;
  hit: boolean;
  sigmaPerDay: number;
  buffer: number;
  position: number;
  cartons: number;
  casePack: number;
  moq: number;
  adjustments: ReorderSuggestion['adjustments'];
  supplierLeadTimeDays: number;
  transitMode: TransitMode;
  transitDays: number;
  supplier: string | null;
  unitCostMinor: number | null;
  currency: string | null;
  inboundEta: string | null;
}

export interface RestockPlan {
  asOf: string;
  skus: SkuPlanView[];
  hits: HitLine[];
  /** Every SKU × warehouse looked at; `suggestions` are those to reorder. */
  lines: RestockLine[];
  suggestions: RestockLine[];
}

const keyOf = (...parts: string[]) => parts.join('|');

export async function planRestock(
  store: Store,
  org: string,
  now: Date,
  /** `skuIds`: plan only those SKUs (each SKU's plan depends on its own rows alone). */
  options: { config?: PlanningConfig; warehouse?: string | undefined; skuIds?: readonly string[] } = {},
): Promise<RestockPlan> {
  const config = options.config ?? (await loadPlanningConfig());
  const today = now.toISOString().slice(0, 10);
  const from = addDays(today, -(HISTORY_DAYS - 1));
  const inputs = await planningInputs(store.db, org, from, options.skuIds);
  return planFrom(inputs, config, now, from, options.warehouse);
}

/** The plan from loaded inputs: pure but for the clock it is given. */
export function planFrom(
  inputs: PlanningInputs,
  config: PlanningConfig,
  now: Date,
  from: string,
  warehouseCode?: string,
): RestockPlan {
  const nowIso = now.toISOString();
  const today = nowIso.slice(0, 10);
  const days = daysFrom(from, today);
  const warehouseById = new Map(inputs.warehouses.map((w) => [w.id, w]));
  const levels = new Map(inputs.levels.map((l) => [keyOf(l.skuId, l.warehouseId), l]));
  const carries = (skuId: string) => (w: string) => levels.has(keyOf(skuId, w));

  // Units per day per SKU × storefront, and per SKU (for its class).
  const bySkuStorefront = new Map<string, Map<string, number>>();
  const bySku = new Map<string, Map<string, number>>();
  const add = (map: Map<string, Map<string, number>>, key: string, day: string, units: number) => {
    const m = map.get(key) ?? new Map<string, number>();
    m.set(day, (m.get(day) ?? 0) + units);
    map.set(key, m);
  };
  for (const d of inputs.demand) {
    add(bySkuStorefront, keyOf(d.skuId, d.storefrontId), d.day, d.units);
    add(bySku, d.skuId, d.day, d.units);
  }
  const outs = new Map<string, Set<string>>();
  const intervals = new Map<string, { start: string; end: string | null }[]>();
  for (const o of inputs.stockOuts) {
    const k = keyOf(o.skuId, o.storefrontId);
    intervals.set(k, [...(intervals.get(k) ?? []), { start: o.startedAt, end: o.endedAt }]);
  }
  for (const [k, list] of intervals) outs.set(k, outDays(list, days, nowIso));
  const none = new Set<string>();

  // Class per SKU, from all its storefronts; a day is censored when every storefront was out.
  const skus: SkuPlanView[] = inputs.skus.map((s) => {
    const { classification, stats, series } = classFromHistory(
      {
        days,
        units: bySku.get(s.skuId) ?? new Map(),
        outDaysByStorefront: inputs.storefronts.map((sf) => outs.get(keyOf(s.skuId, sf.id)) ?? none),
        createdAt: s.createdAt,
        pinned: s.pinnedClass,
      },
      config.classes.core,
    );
    return {
      skuId: s.skuId,
      sku: s.sku,
      title: s.title,
      class: classification.class,
      classification,
      stats,
      unitCostMinor: s.unitCostMinor,
      currency: s.currency,
      series,
    };
  });
  const skuView = new Map(skus.map((s) => [s.skuId, s]));

  // Hits per SKU × storefront, on the storefront's own series.
  const available = (skuId: string, warehouses: readonly string[]) =>
    warehouses.reduce((sum, w) => {
      const l = levels.get(keyOf(skuId, w));
      return sum + (l ? l.onHand - l.reserved : 0);
    }, 0);
  const hits: HitLine[] = [];
  const hitPace = new Map<string, number>();
  for (const [k, units] of bySkuStorefront) {
    const [skuId, storefrontId] = k.split('|') as [string, string];
    const sf = inputs.storefronts.find((x) => x.id === storefrontId);
    const view = skuView.get(skuId);
    if (!sf || !view) continue;
    const series = seriesOf(days, units, outs.get(k) ?? none);
    const check = detectHit(series, available(skuId, sf.warehouses), config.hits);
    if (!check.hit) continue;
    const strongest = check.windows
      .filter((w) => w.flagged)
      .sort((a, b) => a.pValue - b.pValue || b.ratio - a.ratio)[0] as HitCheck['windows'][number];
    hits.push({
      sku: view.sku,
      storefront: sf.code,
      windowHours: strongest.windowHours,
      observed: strongest.observed,
      expected: strongest.expected,
      ratio: strongest.ratio,
      pValue: strongest.pValue,
      runsOutOn: check.runsOutOn,
      skuId,
      storefrontId,
      class: view.class,
      check,
    });
    const w = servingWarehouse(sf.warehouses, carries(skuId));
    if (w) hitPace.set(keyOf(skuId, w), (hitPace.get(keyOf(skuId, w)) ?? 0) + check.pacePerDay);
  }
  hits.sort((a, b) => a.pValue - b.pValue || a.sku.localeCompare(b.sku));

  // Demand, censoring, waiting units and buffers per SKU × the warehouse that serves them.
  const pairs = new Map<string, { skuId: string; warehouseId: string; storefronts: Set<string> }>();
  const pair = (skuId: string, warehouseId: string) => {
    const k = keyOf(skuId, warehouseId);
    const p = pairs.get(k) ?? { skuId, warehouseId, storefronts: new Set<string>() };
    pairs.set(k, p);
    return p;
  };
  for (const l of inputs.levels) pair(l.skuId, l.warehouseId);
  for (const s of inputs.skus)
    for (const sf of inputs.storefronts) {
      const w = servingWarehouse(sf.warehouses, carries(s.skuId));
      if (w && (bySkuStorefront.has(keyOf(s.skuId, sf.id)) || levels.has(keyOf(s.skuId, w))))
        pair(s.skuId, w).storefronts.add(sf.id);
    }
  const waiting = new Map<string, number>();
  for (const wt of inputs.waiting) {
    const sf = inputs.storefronts.find((x) => x.id === wt.storefrontId);
    const w = wt.warehouseId || (sf ? servingWarehouse(sf.warehouses, carries(wt.skuId)) : undefined);
    if (w) waiting.set(keyOf(wt.skuId, w), (waiting.get(keyOf(wt.skuId, w)) ?? 0) + wt.units);
  }

  const plans = new Map(inputs.skus.map((s) => [s.skuId, s]));
  const lines: RestockLine[] = [];
  for (const p of pairs.values()) {
    const warehouse = warehouseById.get(p.warehouseId);
    const plan = plans.get(p.skuId);
    const view = skuView.get(p.skuId);
    if (!warehouse || !plan || !view) continue;
    if (warehouseCode && warehouse.code !== warehouseCode) continue;
    const units = new Map<string, number>();
    const censored = new Set<string>();
    for (const sfId of p.storefronts) {
      for (const [d, n] of bySkuStorefront.get(keyOf(p.skuId, sfId)) ?? [])
        units.set(d, (units.get(d) ?? 0) + n);
      for (const d of outs.get(keyOf(p.skuId, sfId)) ?? []) censored.add(d);
    }
    const series: DemandDay[] = seriesOf(days, units, censored);
    const stats = demandStats(series);
    const pace = hitPace.get(keyOf(p.skuId, p.warehouseId));
    const velocity = pace !== undefined ? Math.max(stats.ewmaPerDay, pace) : stats.ewmaPerDay;
    const level = levels.get(keyOf(p.skuId, p.warehouseId));
    const free = level ? level.onHand - level.reserved : 0;
    const buffer = Math.max(
      0,
      ...[...p.storefronts].map((id) => {
        const sf = inputs.storefronts.find((x) => x.id === id);
        return sf ? free - publishedQuantity(free, sf.bufferUnits, sf.bufferPercent) : 0;
      }),
    );
    const transitDays = plan.transitDays[plan.transitMode] ?? 0;
    // No lead time of its own or its supplier's: the warehouse's replenishment lead time, transit
    // included (what the low-stock alert uses).
    const supplierLeadTimeDays = plan.leadTimeDays ?? Math.max(0, warehouse.leadTimeDays - transitDays);
    const s = reorderSuggestion({
      velocityPerDay: velocity,
      sigmaPerDay: stats.sigmaPerDay,
      supplierLeadTimeDays,
      transitDays,
      reviewPeriodDays: config.reorder.reviewPeriodDays,
      serviceLevelZ: config.reorder.serviceLevelZ[view.class],
      targetCoverDays: config.reorder.targetCoverDays,
      onHand: free,
      inbound: level?.inbound ?? 0,
      waiting: waiting.get(keyOf(p.skuId, p.warehouseId)) ?? 0,
      buffer,
      casePack: plan.casePack,
      moq: plan.moq,
      ceiling:
        view.class === 'test' ? testStockCeiling(config.classes.testCeiling, plan.unitCostMinor) : null,
    });
    lines.push({
      sku: view.sku,
      title: view.title,
      warehouse: warehouse.code,
      class: view.class,
      velocityPerDay: round(s.velocityPerDay, 2),
      censoredDays: stats.censoredDays,
      leadTimeDays: s.leadTimeDays,
      safetyStock: s.safetyStock,
      reorderPoint: s.reorderPoint,
      onHand: s.onHand,
      inbound: s.inbound,
      waiting: s.waiting,
      suggestedQuantity: s.suggestedQuantity,
      coverDaysNow: s.coverDaysNow === null ? null : round(s.coverDaysNow, 1),
      coverDaysAfter: s.coverDaysAfter === null ? null : round(s.coverDaysAfter, 1),
      skuId: p.skuId,
      warehouseId: p.warehouseId,
      reorder: s.reorder,
      hit: pace !== undefined,
      sigmaPerDay: round(s.sigmaPerDay, 2),
      buffer: s.buffer,
      position: s.position,
      cartons: s.cartons,
      casePack: plan.casePack,
      moq: plan.moq,
      adjustments: s.adjustments,
      supplierLeadTimeDays,
      transitMode: plan.transitMode,
      transitDays,
      supplier: plan.supplier?.code ?? null,
      unitCostMinor: plan.unitCostMinor,
      currency: plan.currency,
      inboundEta: level?.inboundEta ?? null,
    });
  }
  lines.sort(
    (a, b) =>
      Number(b.hit) - Number(a.hit) || a.sku.localeCompare(b.sku) || a.warehouse.localeCompare(b.warehouse),
  );
  return {
    asOf: today,
    skus,
    hits,
    lines,
    suggestions: lines.filter((l) => l.reorder && l.suggestedQuantity > 0),
  };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
