import { stringify } from 'csv-stringify/sync';
import type { CheckResult } from '../../services/checkCatalog.ts';

/**
 * Results as text, a batch at a time: pure functions that worker threads run too, so that the
 * main thread only writes finished text.
 */

export const csvHeader = [
  'row',
  'sku',
  'verdict',
  'category',
  'detected',
  'confidence',
  'reason_codes',
  'reasons',
  'facts',
  'fit_grade',
  'fit_flags',
  'fit_reason',
  'price_mxn',
  'max_units_per_order',
] as const;

/** A result as one flat spreadsheet row, in the order of `csvHeader`. */
export function flatRow(r: CheckResult): (string | number)[] {
  return [
    r.row,
    r.sku,
    r.verdict,
    r.category ?? '',
    r.detected ?? '',
    r.confidence,
    r.reasons.map((x) => x.code).join(' '),
    r.reasons.map((x) => x.message).join(' | '),
    [...new Set(r.reasons.map((x) => x.fact).filter(Boolean))].join(' '),
    r.fit.grade,
    r.fit.flags.join(' '),
    r.fit.reason,
    r.price_mxn === null ? '' : (r.price_mxn / 100).toFixed(2),
    r.max_units_per_order ?? '',
  ];
}

export type TextFormat = 'ndjson' | 'json' | 'csv';

/**
 * ndjson: one object per line. json: the objects separated by `,\n`, for the json writer to place
 * inside its `"results": [...]`. csv: quoted rows without the header.
 */
export function formatChunk(results: CheckResult[], format: TextFormat): string {
  if (results.length === 0) return '';
  switch (format) {
    case 'ndjson':
      return `${results.map((r) => JSON.stringify(r)).join('\n')}\n`;
    case 'json':
      return results.map((r) => JSON.stringify(r)).join(',\n');
    case 'csv':
      return stringify(results.map(flatRow));
  }
}
