import { cite, type RuleCitation, rulesOn } from './costRules.ts';
import { type CostContext, type CostItem, costParcel, type RouteCost, unitValueUsd } from './landedCost.ts';
import type { CostRoute } from './rateCard.ts';

/**
 * Whether splitting an order into parcels pays. Rule 3.7.35 applies per parcel, so two USD 40 toys
 * in one parcel (USD 80, 17%) pay duty that two parcels of USD 40 (0% each) do not; but each extra
 * parcel pays its own freight and fees. Puente tries a few plans a person can follow (one parcel;
 * parcels filled up to each band edge, largest units first; one unit per parcel) and suggests the
 * cheapest one when it beats a single parcel and the rules allow a split on that route.
 */

export interface ParcelPlan {
  parcels: { items: { sku: string; quantity: number }[]; cost: RouteCost }[];
  landedCostMinor: number;
}

export interface SplitSuggestion extends ParcelPlan {
  /** What the split saves against one parcel, MXN minor units. */
  savesMinor: number;
  rule: RuleCitation;
}

type Unit = { item: CostItem; valueUsd: number };

function regroup(units: Unit[]): CostItem[] {
  const bySku = new Map<string, CostItem>();
  for (const { item } of units) {
    const seen = bySku.get(item.sku);
    if (seen) seen.quantity += 1;
    else bySku.set(item.sku, { ...item, quantity: 1 });
  }
  return [...bySku.values()];
}

/** First-fit decreasing by value: no parcel goes over `capUsdMinor` unless one unit alone does. */
function fillUpTo(units: Unit[], capUsdMinor: number): CostItem[][] {
  const bins: { units: Unit[]; value: number }[] = [];
  for (const u of [...units].sort((a, b) => b.valueUsd - a.valueUsd)) {
    const bin = bins.find((b) => b.value + u.valueUsd <= capUsdMinor);
    if (bin) {
      bin.units.push(u);
      bin.value += u.valueUsd;
    } else bins.push({ units: [u], value: u.valueUsd });
  }
  return bins.map((b) => regroup(b.units));
}

function planOf(route: CostRoute, parcels: CostItem[][], ctx: CostContext): ParcelPlan {
  const costed = parcels.map((items) => ({
    items: items.map((i) => ({ sku: i.sku, quantity: i.quantity })),
    cost: costParcel(route, items, ctx),
  }));
  return { parcels: costed, landedCostMinor: costed.reduce((s, p) => s + p.cost.landedCostMinor, 0) };
}

/** Splitting is tried only up to this many units: beyond it a person plans the shipment. */
const MAX_UNITS = 24;

export function suggestSplit(
  route: CostRoute,
  items: CostItem[],
  ctx: CostContext,
): SplitSuggestion | undefined {
  if (route === 'mx-local') return undefined;
  const provenance = route === 'us-warehouse' ? 'usmca' : 'non_treaty';
  const rule = rulesOn(ctx.rules, 'parcel_split', ctx.date, (r) => r.provenance === provenance)[0];
  if (!rule?.allowed) return undefined;
  const units: Unit[] = items.flatMap((item) =>
    Array.from({ length: item.quantity }, () => ({ item, valueUsd: unitValueUsd(item, ctx.usdMxn) })),
  );
  if (units.length < 2 || units.length > MAX_UNITS) return undefined;
  const single = planOf(route, [items], ctx);
  const edges = rulesOn(ctx.rules, 'courier_band', ctx.date, (r) => r.provenance === provenance).map(
    (r) => r.upToUsdMinor,
  );
  const candidates = [...new Set(edges)].map((edge) => fillUpTo(units, edge));
  candidates.push(units.map((u) => [{ ...u.item, quantity: 1 }]));
  let best: ParcelPlan | undefined;
  for (const parcels of candidates) {
    if (parcels.length < 2) continue;
    const plan = planOf(route, parcels, ctx);
    if (!best || plan.landedCostMinor < best.landedCostMinor) best = plan;
  }
  if (!best || best.landedCostMinor >= single.landedCostMinor) return undefined;
  return { ...best, savesMinor: single.landedCostMinor - best.landedCostMinor, rule: cite(rule) };
}
