import { DateTime } from 'luxon';
import { type ClaimCheck, checkClaim } from '../domain/cost/claimCheck.ts';
import {
  type CostContext,
  type CostItem,
  costParcel,
  type RfcStatus,
  type RouteCost,
  RouteUnavailable,
} from '../domain/cost/landedCost.ts';
import { type SplitSuggestion, suggestSplit } from '../domain/cost/parcelSplit.ts';
import { type CostRoute, costRoutes } from '../domain/cost/rateCard.ts';
import { costAdvantage, type RouteEconomics } from '../domain/fit/assessFit.ts';
import { type Currency, type Money, parseDecimalToMinor } from '../domain/money/money.ts';
import type { RefusalReason } from '../i18n/refusals.ts';
import {
  orderLinesForCost,
  rateCards,
  type SkuCostFacts,
  type SkuCostInput,
  skuCostFacts,
  skusWithCosts,
  upsertSkuCosts,
} from '../store/costData.ts';
import type { Store } from '../store/openDatabase.ts';
import { type FxUsed, isDate, requireUsdMxn, todayInMexico, usdMxnOn } from './fxRates.ts';
import { loadCostRules } from './loadConfig.ts';
import { NotFound, skuId } from './lookups.ts';
import { Refused } from './refused.ts';

/**
 * Landed cost on the seller's own numbers (issue 14): `puente cost`, `puente cost order`, the API's
 * /cost routes and the Cost page call these. The rules and the exchange rate are those of the day
 * costed (an order's payment day in Mexico City), and each result names them.
 */

export type RouteChoice = CostRoute | 'all';

export interface CostOptions {
  route?: RouteChoice;
  /** YYYY-MM-DD; default today in Mexico City. */
  date?: string;
  quantity?: number;
  /** Overrides the SKU's own price, e.g. to probe a band edge. */
  price?: { amount: string; currency: 'USD' | 'MXN' };
  rfc?: RfcStatus;
}

export interface RouteLeftOut {
  route: CostRoute;
  reason: RefusalReason;
}

export interface SkuCost {
  sku: string;
  title: string;
  date: string;
  quantity: number;
  fx: Omit<FxUsed, 'exchangeRate'>;
  routes: (RouteCost & { split: SplitSuggestion | null })[];
  /** [P2], on these numbers: when both us-warehouse and china-direct could be costed. */
  claim: ClaimCheck | null;
  leftOut: RouteLeftOut[];
  /** [P17] fit on these numbers: why the SKU has no cost advantage from the US warehouse, or null. */
  noCostAdvantage: string | null;
}

/** The figures fit reads (domain/fit/assessFit.ts): per unit, from the US warehouse and from China. */
export function economicsOf(routes: RouteCost[]): RouteEconomics | undefined {
  const us = routes.find((r) => r.route === 'us-warehouse');
  const cn = routes.find((r) => r.route === 'china-direct');
  if (!us) return undefined;
  return {
    usWarehouse: {
      landedCostMinor: us.landedCostMinor,
      revenueMinor: us.revenueMinor,
      marginMinor: us.marginMinor,
    },
    chinaDirect: cn && { landedCostMinor: cn.landedCostMinor },
  };
}

function itemOf(f: SkuCostFacts, quantity: number, price?: Money): CostItem {
  return {
    sku: f.sku,
    quantity,
    unitCost: { amount: f.unit_cost_minor, currency: f.cost_currency as Currency },
    unitPrice: price ?? { amount: f.price_minor, currency: f.price_currency as Currency },
    size: {
      weightG: f.weight_g ?? 0,
      lengthCm: f.length_cm ?? undefined,
      widthCm: f.width_cm ?? undefined,
      heightCm: f.height_cm ?? undefined,
    },
    hsChapter: f.hs_chapter,
    origin: f.origin,
    rrna: f.rrna === 1,
  };
}

async function contextFor(store: Store, org: string, date: string, rfc: RfcStatus) {
  const [rules, cards, fx] = await Promise.all([
    loadCostRules(),
    rateCards(store, org),
    requireUsdMxn(store, org, date),
  ]);
  const ctx: CostContext = { date, rules, usdMxn: fx.exchangeRate, rateCards: cards, rfc };
  const { exchangeRate: _rate, ...fxShown } = fx;
  return { ctx, fx: fxShown };
}

function leftOutOf(e: RouteUnavailable, date: string): RouteLeftOut {
  return {
    route: e.route,
    reason:
      e.reason === 'no_rate_card'
        ? { key: 'route_no_rate_card', params: { route: e.route, leg: e.detail } }
        : { key: 'route_missing_rule', params: { route: e.route, date, detail: e.detail } },
  };
}

/** Each route of `wanted` costed for a parcel of `items`, with a split when one pays; the rest left out, saying why. */
function costRoutesFor(items: CostItem[], ctx: CostContext, wanted: RouteChoice) {
  const routes: SkuCost['routes'] = [];
  const leftOut: RouteLeftOut[] = [];
  for (const route of wanted === 'all' ? costRoutes : [wanted]) {
    try {
      routes.push({ ...costParcel(route, items, ctx), split: suggestSplit(route, items, ctx) ?? null });
    } catch (e) {
      if (!(e instanceof RouteUnavailable)) throw e;
      leftOut.push(leftOutOf(e, ctx.date));
    }
  }
  // A route asked for by name that cannot be costed is an answer the caller must see as an error.
  if (wanted !== 'all' && leftOut[0]) throw new Refused('refused', leftOut[0].reason);
  const us = routes.find((r) => r.route === 'us-warehouse');
  const cn = routes.find((r) => r.route === 'china-direct');
  return { routes, leftOut, claim: us && cn ? checkClaim(us, cn) : null };
}

export async function costSku(store: Store, org: string, sku: string, o: CostOptions = {}): Promise<SkuCost> {
  await skuId(store, org, sku);
  const [facts] = await skuCostFacts(store, org, [sku]);
  if (!facts) throw new NotFound({ key: 'no_cost_facts', params: { sku } });
  if (o.date !== undefined && !isDate(o.date))
    throw new Refused('usage', {
      key: 'invalid_value',
      params: { name: 'date', value: o.date, expected: 'date' },
    });
  const date = o.date ?? todayInMexico();
  const quantity = o.quantity ?? 1;
  let price: Money | undefined;
  if (o.price) {
    const amount = parseDecimalToMinor(o.price.amount);
    if (amount === undefined)
      throw new Refused('usage', {
        key: 'invalid_value',
        params: { name: '--price', value: o.price.amount, expected: 'amount' },
      });
    price = { amount, currency: o.price.currency };
  }
  const { ctx, fx } = await contextFor(store, org, date, o.rfc ?? 'with');
  const costed = costRoutesFor([itemOf(facts, quantity, price)], ctx, o.route ?? 'all');
  const economics = economicsOf(costed.routes);
  const noCostAdvantage = (economics && costAdvantage(economics)?.detail) ?? null;
  return { sku, title: facts.title, date, quantity, fx, ...costed, noCostAdvantage };
}

export interface OrderCost {
  externalId: string;
  storefront: string;
  date: string;
  fx: Omit<FxUsed, 'exchangeRate'>;
  items: { sku: string; quantity: number }[];
  routes: (RouteCost & { split: SplitSuggestion | null })[];
  claim: ClaimCheck | null;
  leftOut: RouteLeftOut[];
}

/**
 * An order costed as one parcel per route, at the prices it was sold at, with the rules and rate
 * of its payment day; a split is suggested where it pays and the rules allow it.
 */
export async function costOrder(
  store: Store,
  org: string,
  externalId: string,
  o: { route?: RouteChoice; rfc?: RfcStatus; storefront?: string } = {},
): Promise<OrderCost> {
  const all = await orderLinesForCost(store, org, externalId);
  const lines = o.storefront ? all.filter((l) => l.storefront === o.storefront) : all;
  if (lines.length === 0) throw new NotFound({ key: 'no_order', params: { order: externalId } });
  if (new Set(lines.map((l) => l.orderId)).size > 1)
    throw new Refused('usage', { key: 'order_on_several_storefronts', params: { order: externalId } });
  const first = lines[0] as (typeof lines)[number];
  const facts = new Map(
    (
      await skuCostFacts(
        store,
        org,
        lines.map((l) => l.sku),
      )
    ).map((f) => [f.sku, f]),
  );
  const missing = lines.find((l) => !facts.has(l.sku));
  if (missing) throw new NotFound({ key: 'no_cost_facts', params: { sku: missing.sku } });
  const date = DateTime.fromISO(first.paidAt, { zone: 'America/Mexico_City' }).toISODate() as string;
  const { ctx, fx } = await contextFor(store, org, date, o.rfc ?? 'with');
  const items = lines.map((l) =>
    itemOf(facts.get(l.sku) as SkuCostFacts, l.quantity, {
      amount: l.unitPriceMinor,
      currency: l.currency as Currency,
    }),
  );
  return {
    externalId,
    storefront: first.storefront,
    date,
    fx,
    items: items.map((i) => ({ sku: i.sku, quantity: i.quantity })),
    ...costRoutesFor(items, ctx, o.route ?? 'all'),
  };
}

export interface SkuCostFactsInput {
  unitCost: Money;
  price: Money;
  lengthCm?: number | null;
  widthCm?: number | null;
  heightCm?: number | null;
  hsChapter: string;
  origin: string;
  rrna: boolean;
}

/** Sets what a landed cost needs to know of a SKU (its weight stays on the SKU itself). */
export async function setSkuCostFacts(
  store: Store,
  org: string,
  sku: string,
  facts: SkuCostFactsInput,
  actor: string,
): Promise<void> {
  const id = await skuId(store, org, sku);
  const row: SkuCostInput = {
    unit_cost_minor: facts.unitCost.amount,
    cost_currency: facts.unitCost.currency,
    price_minor: facts.price.amount,
    price_currency: facts.price.currency,
    length_cm: facts.lengthCm ?? null,
    width_cm: facts.widthCm ?? null,
    height_cm: facts.heightCm ?? null,
    hs_chapter: facts.hsChapter,
    origin: facts.origin.toUpperCase(),
    rrna: facts.rrna ? 1 : 0,
  };
  await upsertSkuCosts(store, org, [{ skuId: id, facts: row }], {
    organizationId: org,
    actor,
    action: 'sku.cost_facts',
    subject: sku,
    data: row,
  });
}

/**
 * What `puente check` takes from the workspace when there is one: the USD/MXN rate of the day (its
 * --usd-mxn default) and the route economics of every SKU with cost facts, for fit [P17].
 */
export async function checkDefaults(
  store: Store,
  org: string,
  date: string = todayInMexico(),
): Promise<{ fx: FxUsed | undefined; economics: Record<string, RouteEconomics> }> {
  const fx = await usdMxnOn(store, org, date);
  const economics: Record<string, RouteEconomics> = {};
  if (!fx) return { fx, economics };
  for (const { sku } of await skusWithCosts(store, org)) {
    const cost = await costSku(store, org, sku, { date });
    const e = economicsOf(cost.routes);
    if (e) economics[sku] = e;
  }
  return { fx, economics };
}
