import { type Money, parseDecimalToMinor } from '../money/money.ts';
import type { CatalogColumn, CatalogLayout, ColumnMap } from './catalogColumns.ts';
import { currencyNamed, toCentimetres, toGrams } from './headerUnits.ts';

/** One catalog row, read and checked field by field; a bad field is reported, never guessed. */
export interface CatalogItem {
  sku: string;
  title: string;
  category?: string;
  description?: string;
  programCategory?: string;
  price?: Money;
  weightG?: number;
  lengthCm?: number;
  widthCm?: number;
  heightCm?: number;
  fragile?: boolean;
  customized?: boolean;
  usStock?: number;
}

export type FieldProblem =
  | 'required'
  | 'not_a_price'
  | 'unknown_currency'
  | 'not_a_number'
  | 'negative'
  | 'not_an_integer'
  | 'not_yes_no'
  | 'not_a_category'
  | 'duplicate_sku';

export interface FieldError {
  field: CatalogColumn;
  value: string;
  problem: FieldProblem;
}

export interface ParsedRow {
  item: CatalogItem;
  errors: FieldError[];
  /**
   * The file has a purchase cost or a declared value but no price column: said when the price is
   * missing, since neither is the price the caps [P9–P10] apply to.
   */
  costWithoutPrice?: boolean;
}

const YES = new Set(['yes', 'y', 'true', '1', '是', 'si', 'sí', 'x']);
const NO = new Set(['no', 'n', 'false', '0', '否', '']);
const NUMBER = /^\d+(\.\d+)?$/;

// The helpers below are plain functions, not closures: this runs once per row of catalogs of a
// million rows, and closures created per row showed up in profiles.

function cell(values: readonly string[], columns: ColumnMap, c: CatalogColumn): string | undefined {
  const i = columns[c];
  if (i === undefined) return undefined;
  const v = values[i];
  if (v === undefined) return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

function readNumber(v: string, c: CatalogColumn, errors: FieldError[], integer: boolean): number | undefined {
  const plain = v.includes(',') ? v.replaceAll(',', '') : v;
  if (plain.startsWith('-') && NUMBER.test(plain.slice(1))) {
    errors.push({ field: c, value: v, problem: 'negative' });
    return undefined;
  }
  if (!NUMBER.test(plain)) {
    errors.push({ field: c, value: v, problem: 'not_a_number' });
    return undefined;
  }
  const n = Number(plain);
  if (integer && !Number.isInteger(n)) {
    errors.push({ field: c, value: v, problem: 'not_an_integer' });
    return undefined;
  }
  return n;
}

function readFlag(v: string, c: CatalogColumn, errors: FieldError[]): boolean | undefined {
  const folded = v.toLowerCase();
  if (YES.has(folded)) return true;
  if (NO.has(folded)) return false;
  errors.push({ field: c, value: v, problem: 'not_yes_no' });
  return undefined;
}

const numberFields = [
  ['weight_g', 'weightG'],
  ['length_cm', 'lengthCm'],
  ['width_cm', 'widthCm'],
  ['height_cm', 'heightCm'],
] as const;

export function parseCatalogRow(values: readonly string[], { columns, units }: CatalogLayout): ParsedRow {
  const errors: FieldError[] = [];
  const sku = cell(values, columns, 'sku');
  const title = cell(values, columns, 'title');
  if (sku === undefined) errors.push({ field: 'sku', value: '', problem: 'required' });
  if (title === undefined) errors.push({ field: 'title', value: '', problem: 'required' });
  const item: CatalogItem = { sku: sku ?? '', title: title ?? '' };

  const category = cell(values, columns, 'category');
  if (category !== undefined) item.category = category;
  const description = cell(values, columns, 'description');
  if (description !== undefined) item.description = description;
  const programCategory = cell(values, columns, 'program_category');
  if (programCategory !== undefined) item.programCategory = programCategory.toLowerCase();

  // The currency a price header names (`售价(USD)`) is that column's; else the row's currency column; else MXN.
  const priceUnit = units.price;
  const currencyText = cell(values, columns, 'currency');
  const currency =
    priceUnit?.kind === 'currency'
      ? priceUnit.currency
      : currencyText === undefined
        ? 'MXN'
        : currencyNamed(currencyText);
  if (!currency) errors.push({ field: 'currency', value: currencyText ?? '', problem: 'unknown_currency' });
  const priceText = cell(values, columns, 'price');
  if (priceText !== undefined) {
    const amount = parseDecimalToMinor(priceText);
    if (amount === undefined) errors.push({ field: 'price', value: priceText, problem: 'not_a_price' });
    else if (currency) item.price = { amount, currency };
  }

  for (const [column, key] of numberFields) {
    const v = cell(values, columns, column);
    if (v === undefined) continue;
    const n = readNumber(v, column, errors, false);
    if (n === undefined) continue;
    const unit = units[column];
    item[key] =
      unit?.kind === 'weight'
        ? toGrams(n, unit.unit)
        : unit?.kind === 'length'
          ? toCentimetres(n, unit.unit)
          : n;
  }
  const fragile = cell(values, columns, 'fragile');
  if (fragile !== undefined) {
    const f = readFlag(fragile, 'fragile', errors);
    if (f !== undefined) item.fragile = f;
  }
  const customized = cell(values, columns, 'customized');
  if (customized !== undefined) {
    const f = readFlag(customized, 'customized', errors);
    if (f !== undefined) item.customized = f;
  }
  const usStock = cell(values, columns, 'us_stock');
  if (usStock !== undefined) {
    const n = readNumber(usStock, 'us_stock', errors, true);
    if (n !== undefined) item.usStock = n;
  }
  const costWithoutPrice =
    columns.price === undefined && (columns.cost !== undefined || columns.declared_value !== undefined);
  return costWithoutPrice ? { item, errors, costWithoutPrice } : { item, errors };
}
