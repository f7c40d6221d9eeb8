import type { Currency } from '../money/money.ts';

/**
 * The unit a header names in brackets: `采购价(CNY)`, `Price (USD)`, `重量（kg）`, `长【cm】`,
 * `Package Weight(lb)`. Sellers' tools write the unit there instead of in a column of its own, so it
 * carries meaning: a currency sets the currency of that column's prices, a weight or length unit is
 * converted to Puente's (grams, centimetres). The names below are data: add a spelling, not code.
 */

export type WeightUnit = 'g' | 'kg' | 'lb' | 'oz';
export type LengthUnit = 'mm' | 'cm' | 'm' | 'in';
export type HeaderUnit =
  | { kind: 'currency'; currency: Currency }
  | { kind: 'weight'; unit: WeightUnit }
  | { kind: 'length'; unit: LengthUnit };

/** Words for each currency, folded (lower case, no accents), as headers and currency cells write them. */
export const currencyNames: Record<Currency, readonly string[]> = {
  MXN: ['mxn', 'mx$', 'mex$', '墨西哥比索', '比索', 'peso', 'pesos', 'pesos mexicanos', 'peso mexicano'],
  USD: ['usd', 'us$', 'us dollar', 'us dollars', '美元', '美金', 'dolar', 'dolares', 'dollar', 'dollars'],
  CNY: ['cny', 'rmb', '人民币', '元', '¥', '￥', 'yuan'],
};

export const weightNames: Record<WeightUnit, readonly string[]> = {
  g: ['g', 'gr', 'gram', 'grams', '克', 'gramos'],
  kg: ['kg', 'kgs', 'kilogram', 'kilograms', '千克', '公斤', 'kilogramos'],
  lb: ['lb', 'lbs', 'pound', 'pounds', '磅', 'libra', 'libras'],
  oz: ['oz', 'ounce', 'ounces', '盎司', 'onza', 'onzas'],
};

export const lengthNames: Record<LengthUnit, readonly string[]> = {
  mm: ['mm', 'millimetre', 'millimeter', 'millimeters', '毫米', 'milimetros'],
  cm: ['cm', 'centimetre', 'centimeter', 'centimeters', '厘米', '公分', 'centimetros'],
  m: ['m', 'metre', 'meter', 'meters', '米', 'metros'],
  in: ['in', 'inch', 'inches', '英寸', 'pulgada', 'pulgadas'],
};

/** Grams per unit and centimetres per unit: the exact definitions (1 lb = 453.59237 g, 1 in = 2.54 cm). */
export const gramsPer: Record<WeightUnit, number> = { g: 1, kg: 1000, lb: 453.59237, oz: 28.349523125 };
export const centimetresPer: Record<LengthUnit, number> = { mm: 0.1, cm: 1, m: 100, in: 2.54 };

const byName = new Map<string, HeaderUnit>();
for (const [currency, names] of Object.entries(currencyNames) as [Currency, readonly string[]][])
  for (const n of names) byName.set(n, { kind: 'currency', currency });
for (const [unit, names] of Object.entries(weightNames) as [WeightUnit, readonly string[]][])
  for (const n of names) byName.set(n, { kind: 'weight', unit });
for (const [unit, names] of Object.entries(lengthNames) as [LengthUnit, readonly string[]][])
  for (const n of names) byName.set(n, { kind: 'length', unit });

/** The unit a bracket's folded text names, if it names one. */
export function unitNamed(text: string): HeaderUnit | undefined {
  return byName.get(text.trim());
}

/** A currency cell's folded text (`USD`, `人民币`, `pesos`) as a currency code. */
export function currencyNamed(text: string): Currency | undefined {
  // Called for every row of a catalog, nearly always with `USD` or `MXN` as written: those skip the
  // Unicode normalisation, which was ~2% of the CPU of checking a million rows.
  if (text === 'MXN' || text === 'USD') return text;
  const folded = text.trim().toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  const unit = byName.get(folded);
  return unit?.kind === 'currency' ? unit.currency : undefined;
}

/** `重量（kg）` → name `重量`, bracket `kg`: the last bracketed part, in (), （）, [] or 【】. */
export function splitUnit(header: string): { name: string; bracket: string | undefined } {
  const m = /^(.*?)\s*[（(【[]\s*([^）)】\]]*?)\s*[）)】\]]\s*$/.exec(header);
  if (!m?.[1]) return { name: header, bracket: undefined };
  return { name: m[1], bracket: m[2] };
}

/** Rounded to 0.01 g or cm: a converted figure keeps no float noise such as 45.359237000000004. */
export const toGrams = (value: number, unit: WeightUnit) => Math.round(value * gramsPer[unit] * 100) / 100;
export const toCentimetres = (value: number, unit: LengthUnit) =>
  Math.round(value * centimetresPer[unit] * 100) / 100;
