import {
  convert,
  convertBack,
  type ExchangeRate,
  type MinorUnits,
  type Money,
  shareOf,
} from '../money/money.ts';
import {
  type CostRules,
  cite,
  MissingRule,
  type Provenance,
  type RuleCitation,
  ruleOn,
  rulesOn,
} from './costRules.ts';
import { type CostRoute, chargeableGrams, type PieceSize, type RateCard } from './rateCard.ts';

/**
 * The landed cost of one parcel on one route [P2]: goods, freight, duty and tax, fees and the
 * platform's share, in MXN, with the rules that gave each figure. Three routes (reference §2.3):
 * - us-warehouse: the courier "simplified procedure" (RGCE 3.7.35) on the parcel's customs value,
 *   USMCA bands by provenance ≤ 50 → 0%, 50.01–117 → 17%, > 117 → 19% [S30];
 * - china-direct: the general global rate (33.5% since 2025-08-15) [S30];
 * - mx-local: a formal import in bulk (IGI by HS chapter and origin + DTA 8‰ + IVA on value + IGI +
 *   DTA, plus pre-validation and broker per entry shared over its units), then local last mile.
 * Goods under non-tariff restrictions (RRNA: COFEPRIS, NOM) cannot use the simplified rates: on a
 * courier route they are costed as a formal import and flagged.
 */

export interface CostItem {
  sku: string;
  quantity: number;
  /** What one unit cost the seller (purchase cost), in USD. */
  unitCost: Money;
  /** What the buyer pays for one unit: the storefront's price (MXN), or a USD price. */
  unitPrice: Money;
  size: PieceSize;
  /** Two-digit HS chapter, e.g. "95" (toys). */
  hsChapter: string;
  /** ISO country of origin (manufacture), e.g. CN. */
  origin: string;
  /** Under non-tariff restrictions (COFEPRIS, NOM): no simplified courier rates. */
  rrna: boolean;
}

export type RfcStatus = 'with' | 'without';

export interface CostContext {
  /** The order's date (YYYY-MM-DD, Mexico City): the rules in force on it apply. */
  date: string;
  rules: CostRules;
  usdMxn: ExchangeRate;
  rateCards: RateCard[];
  rfc: RfcStatus;
}

export type CostWarning =
  | 'rrna_no_simplified'
  | 'no_withholding_rule'
  | 'double_vat_risk'
  | 'igi_planning_rate';

export interface RouteCost {
  route: CostRoute;
  quantity: number;
  /** The parcel's customs value in USD (a decimal, 2 places). */
  customsValueUsd: number;
  band: string;
  /** The duty rate applied, as a fraction (0.335 = 33.5%). */
  dutyRate: number;
  goodsMinor: MinorUnits;
  dutyMinor: MinorUnits;
  freightMinor: MinorUnits;
  feesMinor: MinorUnits;
  platformMinor: MinorUnits;
  landedCostMinor: MinorUnits;
  landedCostPerUnitMinor: MinorUnits;
  /** What the buyer pays for the parcel, in MXN. */
  revenueMinor: MinorUnits;
  marginMinor: MinorUnits;
  currency: 'MXN';
  transitDays: number;
  /** The delivery rate card chosen, and the linehaul cards summed. */
  rateCards: string[];
  warnings: CostWarning[];
  rules: RuleCitation[];
}

/** A route the data cannot cost (no rate card for it, or no rule in force on the date). */
export class RouteUnavailable extends Error {
  constructor(
    readonly route: CostRoute,
    readonly reason: 'no_rate_card' | 'missing_rule',
    readonly detail: string,
  ) {
    super(`${route}: ${reason} ${detail}`);
  }
}

const mxn = (amount: MinorUnits): Money => ({ amount, currency: 'MXN' });

function toMxn(money: Money, usdMxn: ExchangeRate): MinorUnits {
  if (money.currency === 'MXN') return money.amount;
  return convert(money, usdMxn).amount;
}

/** One unit's customs value in USD minor units: its price, converted when it is in MXN. */
export function unitValueUsd(item: CostItem, usdMxn: ExchangeRate): MinorUnits {
  return item.unitPrice.currency === 'USD'
    ? item.unitPrice.amount
    : convertBack(item.unitPrice, usdMxn).amount;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

class Ledger {
  readonly rules: RuleCitation[] = [];
  readonly warnings: CostWarning[] = [];
  cite(...rs: Parameters<typeof cite>[0][]) {
    for (const r of rs) if (!this.rules.some((c) => c.id === r.id)) this.rules.push(cite(r));
  }
  warn(w: CostWarning) {
    if (!this.warnings.includes(w)) this.warnings.push(w);
  }
}

/** A card's charge for some units in MXN: per parcel (or per unit on a linehaul) plus per kg. */
function cardFreight(card: RateCard, items: CostItem[], usdMxn: ExchangeRate, perUnit: boolean): MinorUnits {
  const units = sum(items.map((i) => i.quantity));
  const grams = chargeableGrams(
    items.map((i) => ({ size: i.size, quantity: i.quantity })),
    card.volumetricDivisor,
  );
  const amount = card.perParcelMinor * (perUnit ? units : 1) + shareOf(card.perKgMinor, grams, 1000);
  return toMxn({ amount, currency: card.currency }, usdMxn);
}

/** A per-entry figure shared over the entry's units, in MXN. */
function perEntryShare(amountMxn: MinorUnits, unitsPerEntry: number | null, units: number): MinorUnits {
  return shareOf(amountMxn, units, unitsPerEntry ?? 1);
}

function deliveryCard(route: CostRoute, items: CostItem[], ctx: CostContext): RateCard {
  const cards = ctx.rateCards.filter((c) => c.route === route && c.leg === 'delivery');
  if (cards.length === 0) throw new RouteUnavailable(route, 'no_rate_card', 'delivery');
  // The cheapest card for this parcel; the faster one of two that cost the same.
  const priced = cards.map((card) => ({
    card,
    cost:
      cardFreight(card, items, ctx.usdMxn, false) +
      toMxn({ amount: card.feePerParcelMinor, currency: card.currency }, ctx.usdMxn),
  }));
  priced.sort(
    (a, b) =>
      a.cost - b.cost || a.card.transitDays - b.card.transitDays || a.card.code.localeCompare(b.card.code),
  );
  return (priced[0] as (typeof priced)[number]).card;
}

/** IGI for goods of a chapter and origin: the chapter's own rule over a "*" rule. */
function igiRule(item: CostItem, ctx: CostContext) {
  const origin = ctx.rules.nonTreatyCountries.countries.includes(item.origin) ? 'non_fta' : 'fta';
  const candidates = rulesOn(
    ctx.rules,
    'igi',
    ctx.date,
    (r) => r.origin === origin && (r.hsChapters.includes(item.hsChapter) || r.hsChapters.includes('*')),
  );
  const specific = candidates.find((r) => r.hsChapters.includes(item.hsChapter)) ?? candidates[0];
  if (!specific)
    throw new MissingRule('igi', ctx.date, `HS ${item.hsChapter}, ${origin} origin ${item.origin}`);
  return specific;
}

/**
 * A formal import of `items` with customs value `valueMxn` per item: IGI + IVA (duty and tax) and
 * DTA 8‰ (a fee). IVA is on value + IGI + DTA (reference §2.3).
 */
function formalImport(items: CostItem[], valuesMxn: MinorUnits[], ctx: CostContext, ledger: Ledger) {
  const dtaRule = ruleOn(ctx.rules, 'dta_ad_valorem', ctx.date);
  const iva = ruleOn(ctx.rules, 'iva', ctx.date);
  ledger.cite(dtaRule, iva);
  let igi = 0;
  let rateBp = 0;
  items.forEach((item, i) => {
    const rule = igiRule(item, ctx);
    ledger.cite(rule);
    if (rule.note.includes('(inferred)') && rule.rateBp > 0) ledger.warn('igi_planning_rate');
    igi += shareOf(valuesMxn[i] as number, rule.rateBp, 10_000);
    rateBp = Math.max(rateBp, rule.rateBp);
  });
  const value = sum(valuesMxn);
  const dta = shareOf(value, dtaRule.rateBp, 10_000);
  const vat = shareOf(value + igi + dta, iva.rateBp, 10_000);
  return { igi, dta, vat, igiRateBp: rateBp };
}

/** Commission and withholding on the sale (MXN, VAT included); withholding is on the sale before VAT. */
function platformShare(
  revenue: MinorUnits,
  ctx: CostContext,
  ledger: Ledger,
  importTaxed: boolean,
): MinorUnits {
  const commission = ruleOn(ctx.rules, 'commission', ctx.date);
  const iva = ruleOn(ctx.rules, 'iva', ctx.date);
  ledger.cite(commission);
  let total = shareOf(revenue, commission.rateBp, 10_000);
  const withholding = rulesOn(ctx.rules, 'withholding', ctx.date, (r) => r.rfc === ctx.rfc)[0];
  if (!withholding) {
    ledger.warn('no_withholding_rule');
    return total;
  }
  ledger.cite(withholding);
  // VAT withheld on goods that already paid import VAT (or the global rate in its place): whether
  // both apply is not settled in the sources [S40], so it is counted and flagged.
  if (importTaxed && withholding.vatBp > 0) ledger.warn('double_vat_risk');
  const beforeVat = shareOf(revenue, 10_000, 10_000 + iva.rateBp);
  total += shareOf(beforeVat, withholding.vatBp, 10_000) + shareOf(beforeVat, withholding.isrBp, 10_000);
  return total;
}

const provenanceOf: Record<Exclude<CostRoute, 'mx-local'>, Provenance> = {
  'us-warehouse': 'usmca',
  'china-direct': 'non_treaty',
};

/** The courier band for a parcel's customs value (USD minor units) on a date. */
export function courierBand(rules: CostRules, provenance: Provenance, valueUsdMinor: number, date: string) {
  return ruleOn(
    rules,
    'courier_band',
    date,
    (r) => r.provenance === provenance && valueUsdMinor > r.overUsdMinor && valueUsdMinor <= r.upToUsdMinor,
    `${provenance}, USD ${(valueUsdMinor / 100).toFixed(2)}`,
  );
}

/** The landed cost of one parcel holding `items`, on `route`. Throws RouteUnavailable. */
export function costParcel(route: CostRoute, items: CostItem[], ctx: CostContext): RouteCost {
  try {
    return costParcelOrThrow(route, items, ctx);
  } catch (e) {
    if (e instanceof MissingRule) throw new RouteUnavailable(route, 'missing_rule', e.message);
    throw e;
  }
}

function costParcelOrThrow(route: CostRoute, items: CostItem[], ctx: CostContext): RouteCost {
  const ledger = new Ledger();
  const { usdMxn } = ctx;
  const units = sum(items.map((i) => i.quantity));
  const goods = sum(items.map((i) => toMxn(i.unitCost, usdMxn) * i.quantity));
  const revenue = sum(items.map((i) => toMxn(i.unitPrice, usdMxn) * i.quantity));
  const delivery = deliveryCard(route, items, ctx);
  const linehauls = ctx.rateCards.filter((c) => c.route === route && c.leg === 'linehaul');
  const linehaulFreight = sum(linehauls.map((c) => cardFreight(c, items, usdMxn, true)));
  let deliveryFreight = cardFreight(delivery, items, usdMxn, false);
  let fees = toMxn({ amount: delivery.feePerParcelMinor, currency: delivery.currency }, usdMxn);
  fees += perEntryShare(
    toMxn({ amount: delivery.perEntryMinor, currency: delivery.currency }, usdMxn),
    delivery.unitsPerEntry,
    1,
  );
  for (const c of linehauls)
    fees += perEntryShare(
      toMxn({ amount: c.perEntryMinor, currency: c.currency }, usdMxn),
      c.unitsPerEntry,
      units,
    );

  let customsValueMxn: MinorUnits;
  let band: string;
  let dutyRateBp: number;
  let duty: MinorUnits;

  if (route === 'mx-local') {
    // Formal import in bulk: the customs value is the goods plus the linehaul to Mexico (inferred:
    // Mexico values imports with freight to the border), each unit's share of the entry's fixed fees.
    const values = items.map((i) => {
      const own = toMxn(i.unitCost, usdMxn) * i.quantity;
      return own + (goods > 0 ? shareOf(linehaulFreight, own, goods) : 0);
    });
    customsValueMxn = sum(values);
    const formal = formalImport(items, values, ctx, ledger);
    const entryUnits = linehauls[0]?.unitsPerEntry ?? null;
    const prevalidation = ruleOn(ctx.rules, 'prevalidation', ctx.date);
    ledger.cite(prevalidation);
    fees += formal.dta + perEntryShare(prevalidation.amountMinor, entryUnits, units);
    duty = formal.igi + formal.vat;
    dutyRateBp = formal.igiRateBp;
    band = 'formal';
    // SFP: the platform pays local last mile up to 6% of GMV, capped per order [S28].
    const sfp = rulesOn(ctx.rules, 'sfp_subsidy', ctx.date)[0];
    if (sfp) {
      ledger.cite(sfp);
      deliveryFreight -= Math.min(deliveryFreight, shareOf(revenue, sfp.rateBp, 10_000), sfp.capMinor);
    }
  } else {
    // Courier: the customs value is what the buyer pays (the parcel's transaction value).
    customsValueMxn = revenue;
    const valueUsd = sum(items.map((i) => unitValueUsd(i, usdMxn) * i.quantity));
    const provenance = provenanceOf[route];
    // DTA per consolidated courier entry, shared over the parcels the courier clears on one entry.
    const dtaFixed = ruleOn(ctx.rules, 'dta_fixed', ctx.date);
    ledger.cite(dtaFixed);
    fees += perEntryShare(dtaFixed.amountMinor, delivery.unitsPerEntry, 1);
    if (items.some((i) => i.rrna)) {
      ledger.warn('rrna_no_simplified');
      const formal = formalImport(
        items,
        items.map((i) => toMxn(i.unitPrice, usdMxn) * i.quantity),
        ctx,
        ledger,
      );
      fees += formal.dta;
      duty = formal.igi + formal.vat;
      dutyRateBp = formal.igiRateBp;
      band = 'formal-rrna';
    } else {
      const rule = courierBand(ctx.rules, provenance, valueUsd, ctx.date);
      ledger.cite(rule);
      duty = shareOf(customsValueMxn, rule.rateBp, 10_000);
      dutyRateBp = rule.rateBp;
      band = rule.band;
    }
    return finish(valueUsd, duty > 0);
  }
  // A local sale's VAT is the seller's to pay: withholding it is no double tax.
  return finish(convertBack(mxn(customsValueMxn), usdMxn).amount, false);

  function finish(customsValueUsdMinor: MinorUnits, importTaxed: boolean): RouteCost {
    const platform = platformShare(revenue, ctx, ledger, importTaxed);
    const freight = linehaulFreight + deliveryFreight;
    const landed = goods + freight + duty + fees + platform;
    return {
      route,
      quantity: units,
      customsValueUsd: customsValueUsdMinor / 100,
      band,
      dutyRate: dutyRateBp / 10_000,
      goodsMinor: goods,
      dutyMinor: duty,
      freightMinor: freight,
      feesMinor: fees,
      platformMinor: platform,
      landedCostMinor: landed,
      landedCostPerUnitMinor: units > 0 ? shareOf(landed, 1, units) : 0,
      revenueMinor: revenue,
      marginMinor: revenue - landed,
      currency: 'MXN',
      transitDays: delivery.transitDays,
      rateCards: [delivery.code, ...linehauls.map((c) => c.code)],
      warnings: ledger.warnings,
      rules: ledger.rules,
    };
  }
}
