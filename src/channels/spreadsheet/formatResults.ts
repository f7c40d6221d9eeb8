import { stringify } from 'csv-stringify/sync';
import type { Policy } from '../../domain/policy/policy.ts';
import { type Lang, verdictNames } from '../../i18n/messages.ts';
import {
  columnHeaders,
  fitFlagList,
  type ReportColumn,
  reportColumns,
  summaryLabels,
} from '../../i18n/reportLabels.ts';
import type { CheckResult } from '../../services/checkCatalog.ts';

/**
 * Results as text, a batch at a time: pure functions that worker threads run too, so that the
 * main thread only writes finished text.
 */

/** How a report speaks: in the reader's language, and with ids as they are or in words. */
export interface ReportView {
  lang: Lang;
  policy: Policy;
}

/**
 * `--format csv --lang en` is the file scripts read: its header is `reportColumns` and its verdicts
 * and fit flags are ids, the same from one release to the next (README, "Columns of a CSV report").
 * Every other report (XLSX, CSV in Chinese or Spanish) is for a person: headers, verdicts and flags
 * in words, the ids kept in their own columns.
 */
export const speaksIds = (format: 'csv' | 'xlsx', lang: Lang) => format === 'csv' && lang === 'en';

export function reportHeader(format: 'csv' | 'xlsx', lang: Lang): string[] {
  return speaksIds(format, lang) ? [...reportColumns] : reportColumns.map((c) => columnHeaders[lang][c]);
}

const capitalized = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);

/** A verdict as a person reads it in a report: `Needs invitation`, `需邀请`, `Requiere invitación`. */
export const verdictWord = (verdict: CheckResult['verdict'], lang: Lang) =>
  capitalized(verdictNames[verdict][lang]);

/** A program category's name; `unlisted` (a kind of product the program does not list) in words too. */
export function categoryName(policy: Policy, id: string | null, lang: Lang): string {
  if (id === null) return '';
  if (id === 'unlisted') return summaryLabels[lang].unlisted;
  return policy.categories.find((c) => c.id === id)?.name[lang] ?? '';
}

/**
 * A result as one flat spreadsheet row, in the order of `reportColumns`. The price is pesos with
 * two decimals (`3500.00`): a spreadsheet's reader means pesos, while JSON keeps integer centavos.
 */
export function flatRow(r: CheckResult, view: ReportView, words: boolean): (string | number)[] {
  const { lang, policy } = view;
  const cells: Record<ReportColumn, string | number> = {
    row: r.row,
    sku: r.sku,
    verdict: words ? verdictWord(r.verdict, lang) : r.verdict,
    category: r.category ?? '',
    category_name: categoryName(policy, r.category, lang),
    detected: r.detected ?? '',
    confidence: r.confidence,
    reason_codes: r.reasons.map((x) => x.code).join(' '),
    reasons: r.reasons.map((x) => x.message).join(' | '),
    facts: [...new Set(r.reasons.map((x) => x.fact).filter(Boolean))].join(' '),
    fit_grade: r.fit.grade,
    fit_flags: words ? fitFlagList(r.fit.flags, lang) : r.fit.flags.join(' '),
    fit_reason: r.fit.reason,
    price_mxn_pesos: r.price_mxn === null ? '' : (r.price_mxn / 100).toFixed(2),
    max_units_per_order: r.max_units_per_order ?? '',
  };
  return reportColumns.map((c) => cells[c]);
}

export type TextFormat = 'ndjson' | 'json' | 'csv';

/**
 * ndjson: one object per line. json: the objects separated by `,\n`, for the json writer to place
 * inside its `"results": [...]`. csv: quoted rows without the header.
 */
export function formatChunk(results: CheckResult[], format: TextFormat, view: ReportView): string {
  if (results.length === 0) return '';
  switch (format) {
    case 'ndjson':
      return `${results.map((r) => JSON.stringify(r)).join('\n')}\n`;
    case 'json':
      return results.map((r) => JSON.stringify(r)).join(',\n');
    case 'csv': {
      const words = !speaksIds('csv', view.lang);
      return stringify(results.map((r) => flatRow(r, view, words)));
    }
  }
}
