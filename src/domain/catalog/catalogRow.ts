import { CURRENCIES, type Currency, type Money, parseDecimalToMinor } from '../money/money.ts';
import type { CatalogColumn, ColumnMap } from './catalogColumns.ts';

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
}

const YES = new Set(['yes', 'y', 'true', '1', '是', 'si', 'sí', 'x']);
const NO = new Set(['no', 'n', 'false', '0', '否', '']);

export function parseCatalogRow(values: readonly string[], columns: ColumnMap): ParsedRow {
  const errors: FieldError[] = [];
  const text = (c: CatalogColumn): string | undefined => {
    const i = columns[c];
    const v = i === undefined ? undefined : values[i]?.trim();
    return v ? v : undefined;
  };
  const fail = (field: CatalogColumn, value: string, problem: FieldProblem) => {
    errors.push({ field, value, problem });
    return undefined;
  };

  const number = (c: CatalogColumn, integer = false): number | undefined => {
    const v = text(c);
    if (v === undefined) return undefined;
    const n = /^-?\d+(\.\d+)?$/.test(v.replace(/,/g, '')) ? Number(v.replace(/,/g, '')) : Number.NaN;
    if (Number.isNaN(n)) return fail(c, v, 'not_a_number');
    if (n < 0) return fail(c, v, 'negative');
    if (integer && !Number.isInteger(n)) return fail(c, v, 'not_an_integer');
    return n;
  };

  const flag = (c: CatalogColumn): boolean | undefined => {
    const v = text(c);
    if (v === undefined) return undefined;
    const folded = v.toLowerCase();
    if (YES.has(folded)) return true;
    if (NO.has(folded)) return false;
    return fail(c, v, 'not_yes_no');
  };

  const sku = text('sku') ?? fail('sku', '', 'required') ?? '';
  const title = text('title') ?? fail('title', '', 'required') ?? '';
  const item: CatalogItem = { sku, title };
  const set = <K extends keyof CatalogItem>(key: K, value: CatalogItem[K] | undefined) => {
    if (value !== undefined) item[key] = value;
  };
  set('category', text('category'));
  set('description', text('description'));
  set('programCategory', text('program_category')?.toLowerCase());

  const currencyText = text('currency')?.toUpperCase();
  const currency =
    currencyText === undefined
      ? 'MXN'
      : CURRENCIES.includes(currencyText as Currency)
        ? (currencyText as Currency)
        : fail('currency', currencyText, 'unknown_currency');
  const priceText = text('price');
  if (priceText !== undefined) {
    const amount = parseDecimalToMinor(priceText);
    if (amount === undefined) fail('price', priceText, 'not_a_price');
    else if (currency) item.price = { amount, currency };
  }
  set('weightG', number('weight_g'));
  set('lengthCm', number('length_cm'));
  set('widthCm', number('width_cm'));
  set('heightCm', number('height_cm'));
  set('fragile', flag('fragile'));
  set('customized', flag('customized'));
  set('usStock', number('us_stock', true));
  return { item, errors };
}
