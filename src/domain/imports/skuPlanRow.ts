import { parseDecimalToMinor } from '../money/money.ts';

/**
 * One row of a planning-data file (CSV/XLSX): how a SKU is bought. Pure: the cells as text in, the
 * fields to set or the first problem (field and notice) out. An empty cell leaves a field as it is,
 * so a file may carry only the columns it changes.
 */
export interface SkuPlanCells {
  supplier: string;
  supplier_name: string;
  language: string;
  lead_time_days: string;
  moq: string;
  case_pack: string;
  unit_cost: string;
  currency: string;
  transit_mode: string;
  sea_days: string;
  air_days: string;
  express_days: string;
  class: string;
}

export interface SkuPlanFields {
  supplier?: { code: string; name?: string | undefined; language?: string | undefined };
  leadTimeDays?: number;
  moq?: number;
  casePack?: number;
  unitCostMinor?: number;
  currency?: string;
  transitMode?: 'sea' | 'air' | 'express';
  seaDays?: number;
  airDays?: number;
  expressDays?: number;
  pinnedClass?: 'core' | 'test' | null;
}

export type SkuPlanProblem = {
  field: keyof SkuPlanCells;
  key:
    | 'row_not_whole_number'
    | 'row_not_above_zero'
    | 'row_not_a_price'
    | 'row_not_transit_mode'
    | 'row_not_sku_class'
    | 'row_not_language'
    | 'row_required_empty';
  value: string;
};

/** Days and multiples are whole numbers; a lead time or transit of more than two years is a typo. */
const MAX_DAYS = 730;
const MAX_UNITS = 1_000_000;

const MODES: Record<string, 'sea' | 'air' | 'express'> = {
  sea: 'sea',
  ocean: 'sea',
  海运: 'sea',
  marítimo: 'sea',
  maritimo: 'sea',
  air: 'air',
  空运: 'air',
  aéreo: 'air',
  aereo: 'air',
  express: 'express',
  快递: 'express',
  exprés: 'express',
  expres: 'express',
};
const CLASSES: Record<string, 'core' | 'test' | null> = {
  core: 'core',
  主力: 'core',
  核心: 'core',
  base: 'core',
  test: 'test',
  测款: 'test',
  测试: 'test',
  prueba: 'test',
  auto: null,
  自动: null,
  automática: null,
  automatica: null,
};
export const SUPPLIER_LANGUAGES = ['zh-CN', 'en', 'es-MX'] as const;

export function parseSkuPlanRow(c: SkuPlanCells): { fields: SkuPlanFields } | { problem: SkuPlanProblem } {
  const fields: SkuPlanFields = {};
  const whole = (
    field: keyof SkuPlanCells,
    min: number,
    max: number,
  ): number | SkuPlanProblem | undefined => {
    const text = c[field].trim();
    if (!text) return undefined;
    if (!/^\d+$/.test(text) || Number(text) > max) return { field, key: 'row_not_whole_number', value: text };
    if (Number(text) < min) return { field, key: 'row_not_above_zero', value: text };
    return Number(text);
  };
  const numbers = [
    ['lead_time_days', 'leadTimeDays', 0, MAX_DAYS],
    ['moq', 'moq', 1, MAX_UNITS],
    ['case_pack', 'casePack', 1, MAX_UNITS],
    ['sea_days', 'seaDays', 0, MAX_DAYS],
    ['air_days', 'airDays', 0, MAX_DAYS],
    ['express_days', 'expressDays', 0, MAX_DAYS],
  ] as const;
  for (const [cell, field, min, max] of numbers) {
    const n = whole(cell, min, max);
    if (typeof n === 'object') return { problem: n };
    if (n !== undefined) fields[field] = n;
  }
  if (c.unit_cost.trim()) {
    const minor = parseDecimalToMinor(c.unit_cost);
    if (minor === undefined || minor < 0)
      return { problem: { field: 'unit_cost', key: 'row_not_a_price', value: c.unit_cost } };
    if (!/^[A-Za-z]{3}$/.test(c.currency.trim()))
      return { problem: { field: 'currency', key: 'row_required_empty', value: c.currency } };
    fields.unitCostMinor = minor;
    fields.currency = c.currency.trim().toUpperCase();
  }
  const mode = c.transit_mode.trim().toLowerCase();
  if (mode) {
    const m = MODES[mode];
    if (!m) return { problem: { field: 'transit_mode', key: 'row_not_transit_mode', value: c.transit_mode } };
    fields.transitMode = m;
  }
  const cls = c.class.trim().toLowerCase();
  if (cls) {
    if (!(cls in CLASSES)) return { problem: { field: 'class', key: 'row_not_sku_class', value: c.class } };
    fields.pinnedClass = CLASSES[cls] as 'core' | 'test' | null;
  }
  const language = c.language.trim();
  if (language && !(SUPPLIER_LANGUAGES as readonly string[]).includes(language))
    return { problem: { field: 'language', key: 'row_not_language', value: language } };
  if (c.supplier.trim())
    fields.supplier = {
      code: c.supplier.trim(),
      name: c.supplier_name.trim() || undefined,
      language: language || undefined,
    };
  return { fields };
}
