import { z } from 'zod';
import type { CatalogItem } from '../catalog/catalogRow.ts';
import { foldText } from '../classify/textFeatures.ts';
import type { MinorUnits } from '../money/money.ts';

/**
 * Fit [P16–P17], apart from compliance: is this SKU a good one to ship from a US warehouse to a
 * Mexican buyer? Heavy, large, fragile and customised goods travel badly; cheap goods cannot carry
 * the parcel cost; goods with no US stock cannot ship within the 2-day rule [P11, P13].
 */

export const fitFlags = [
  'heavy',
  'oversize',
  'fragile',
  'customized',
  'low_value',
  'no_us_stock',
  'no_cost_advantage',
] as const;
export type FitFlag = (typeof fitFlags)[number];
export type Grade = 'A' | 'B' | 'C';

export const fitConfigSchema = z.object({
  heavyOverGrams: z.number().positive(),
  oversizeLongestSideOverCm: z.number().positive(),
  oversizeSumOfSidesOverCm: z.number().positive(),
  lowValueBelowMxnMinor: z.number().int().nonnegative(),
  points: z.partialRecord(z.enum(fitFlags), z.number().nonnegative()),
  gradeBMinPoints: z.number().positive(),
  gradeCMinPoints: z.number().positive(),
  // Folded once here (lower case, no accents) because they are matched against folded text.
  fragileWords: z.array(z.string().transform(foldText)),
  customizedWords: z.array(z.string().transform(foldText)),
});
export type FitConfig = z.infer<typeof fitConfigSchema>;

export interface FitDetail {
  flag: FitFlag;
  /** The figure behind the flag, e.g. `3200 g > 2000 g`, or the word that gave it away. */
  detail: string;
}

export interface Fit {
  grade: Grade;
  flags: FitFlag[];
  details: FitDetail[];
  /** Facts the assessment lacked (no weight, no price), so an A is read for what it is. */
  unknown: ('weight' | 'size' | 'price' | 'us_stock')[];
}

/**
 * The first of `words` found in the text as a whole word ("glass", not the "glass" in "sunglasses");
 * Chinese words, written without spaces, match anywhere.
 */
function wordIn(folded: string, words: string[]): string | undefined {
  for (const w of words) {
    let at = folded.indexOf(w);
    while (at >= 0) {
      if (/[\u3400-\u9fff]/.test(w) || (!isLetter(folded[at - 1]) && !isLetter(folded[at + w.length])))
        return w;
      at = folded.indexOf(w, at + 1);
    }
  }
  return undefined;
}

const isLetter = (ch: string | undefined) => ch !== undefined && /[a-z0-9]/.test(ch);

/**
 * Route economics, when the seller's cost facts and rate cards give them (domain/cost/): the
 * landed cost of one unit from the US warehouse against its MXN price, and China direct's beside it.
 */
export interface RouteEconomics {
  usWarehouse: { landedCostMinor: MinorUnits; revenueMinor: MinorUnits; marginMinor: MinorUnits };
  chinaDirect?: { landedCostMinor: MinorUnits } | undefined;
}

const mxn = (minor: MinorUnits) => `${(minor / 100).toFixed(2)} MXN`;

/**
 * [P17] "ultra-low-price volume plays (no cost advantage)": on the seller's numbers, the landed cost
 * from the US warehouse leaves no margin at the Mexican price. The detail gives the numbers.
 */
export function costAdvantage(e: RouteEconomics): FitDetail | undefined {
  const us = e.usWarehouse;
  if (us.marginMinor > 0) return undefined;
  const china = e.chinaDirect ? `; China direct ${mxn(e.chinaDirect.landedCostMinor)}` : '';
  return {
    flag: 'no_cost_advantage',
    detail: `landed ${mxn(us.landedCostMinor)} ≥ price ${mxn(us.revenueMinor)}${china}`,
  };
}

export function assessFit(
  item: CatalogItem,
  priceMxn: MinorUnits | undefined,
  config: FitConfig,
  economics?: RouteEconomics,
): Fit {
  const details: FitDetail[] = [];
  const unknown: Fit['unknown'] = [];
  // Only rows that do not say whether they are fragile or customised pay for reading the text.
  const text =
    item.fragile === undefined || item.customized === undefined
      ? foldText(`${item.title} ${item.description ?? ''}`)
      : '';

  if (item.weightG === undefined) unknown.push('weight');
  else if (item.weightG > config.heavyOverGrams) {
    details.push({ flag: 'heavy', detail: `${item.weightG} g > ${config.heavyOverGrams} g` });
  }

  const sides = [item.lengthCm, item.widthCm, item.heightCm].filter((s): s is number => s !== undefined);
  if (sides.length === 0) unknown.push('size');
  else {
    const longest = Math.max(...sides);
    const sum = sides.reduce((a, b) => a + b, 0);
    if (longest > config.oversizeLongestSideOverCm) {
      details.push({ flag: 'oversize', detail: `${longest} cm > ${config.oversizeLongestSideOverCm} cm` });
    } else if (sum > config.oversizeSumOfSidesOverCm) {
      details.push({ flag: 'oversize', detail: `L+W+H ${sum} cm > ${config.oversizeSumOfSidesOverCm} cm` });
    }
  }

  const fragileWord = item.fragile === undefined ? wordIn(text, config.fragileWords) : undefined;
  // The detail is the word that gave it away; empty when the file's own column says so.
  if (item.fragile || fragileWord) details.push({ flag: 'fragile', detail: fragileWord ?? '' });

  const customWord = item.customized === undefined ? wordIn(text, config.customizedWords) : undefined;
  if (item.customized || customWord) details.push({ flag: 'customized', detail: customWord ?? '' });

  if (priceMxn === undefined) unknown.push('price');
  else if (priceMxn < config.lowValueBelowMxnMinor) {
    details.push({
      flag: 'low_value',
      detail: `${(priceMxn / 100).toFixed(2)} MXN < ${(config.lowValueBelowMxnMinor / 100).toFixed(2)} MXN`,
    });
  }

  if (item.usStock === undefined) unknown.push('us_stock');
  else if (item.usStock === 0) details.push({ flag: 'no_us_stock', detail: '0' });

  const noAdvantage = economics && costAdvantage(economics);
  if (noAdvantage) details.push(noAdvantage);

  const points = details.reduce((sum, d) => sum + (config.points[d.flag] ?? 0), 0);
  const grade: Grade = points >= config.gradeCMinPoints ? 'C' : points >= config.gradeBMinPoints ? 'B' : 'A';
  return { grade, flags: details.map((d) => d.flag), details, unknown };
}
