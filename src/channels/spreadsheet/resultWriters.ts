import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Policy } from '../../domain/policy/policy.ts';
import type { Verdict } from '../../domain/policy/reasons.ts';
import { type Lang, eligibilityMessage, verdictNames } from '../../i18n/messages.ts';
import type { CheckResult, CheckSummary } from '../../services/checkCatalog.ts';
import { renderTable } from './renderTable.ts';

/**
 * Writers for `puente check` results. Each takes results one at a time, in input order, and writes
 * them as they come (the table writer keeps only the summary), so output memory stays flat.
 */
export interface ResultWriter {
  write(result: CheckResult): Promise<void> | void;
  finish(summary: CheckSummary): Promise<void>;
}

export const formats = ['table', 'json', 'ndjson', 'csv', 'xlsx'] as const;
export type Format = (typeof formats)[number];

export interface WriterOptions {
  format: Format;
  out: Writable;
  /** Where an xlsx workbook goes; ExcelJS writes the file itself. */
  outFile?: string | undefined;
  policy: Policy;
  lang: Lang;
  color: boolean;
}

/** Writes with back-pressure: waits when the stream's buffer is full. */
async function put(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

export function createWriter(o: WriterOptions): ResultWriter {
  switch (o.format) {
    case 'ndjson':
      return {
        write: (r) => put(o.out, `${JSON.stringify(r)}\n`),
        finish: async () => {},
      };
    case 'json':
      return jsonWriter(o);
    case 'csv':
      return csvWriter(o);
    case 'xlsx':
      return xlsxWriter(o);
    case 'table':
      return {
        write: () => {},
        finish: (summary) => put(o.out, renderTable(summary, o.policy, o.lang, o.color)),
      };
  }
}

export function policyHeader(policy: Policy) {
  return { id: policy.id, version: policy.version, name: policy.name, effective_from: policy.effectiveFrom };
}

function merchantJson(summary: CheckSummary, lang: Lang) {
  const m = summary.merchant;
  return m ? { status: m.status, rule: m.rule, code: m.code, fact: m.fact, message: eligibilityMessage(m, lang) } : null;
}

/**
 * `{"policy", "merchant", "results": [...], "summary"}`: results stream out as they are checked,
 * so the summary, known only at the end, is the last key.
 */
function jsonWriter(o: WriterOptions): ResultWriter {
  let first = true;
  let started = false;
  const start = () => put(o.out, `{"policy":${JSON.stringify(policyHeader(o.policy))},"results":[`);
  return {
    async write(r) {
      if (!started) {
        started = true;
        await start();
      }
      await put(o.out, `${first ? '\n' : ',\n'}${JSON.stringify(r)}`);
      first = false;
    },
    async finish(summary) {
      if (!started) await start();
      const tail = `\n],"merchant":${JSON.stringify(merchantJson(summary, o.lang))},"summary":${JSON.stringify(summary)}}\n`;
      await put(o.out, tail);
    },
  };
}

const csvHeader = [
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
];

function flatRow(r: CheckResult): (string | number)[] {
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

function csvWriter(o: WriterOptions): ResultWriter {
  let headerWritten = false;
  const header = async () => {
    if (!headerWritten) await put(o.out, stringify([csvHeader]));
    headerWritten = true;
  };
  return {
    async write(r) {
      await header();
      await put(o.out, stringify([flatRow(r)]));
    },
    finish: header,
  };
}

const verdictFill: Record<Verdict, string> = {
  allowed: 'FFC6EFCE',
  needs_invitation: 'FFFFEB9C',
  blocked: 'FFFFC7CE',
  invalid: 'FFD9D9D9',
};

/**
 * A workbook a seller opens: "Summary" first, then "Results" with verdict colours, filters and a
 * frozen header. Rows stream to disk; the summary sheet is written last but sits first.
 */
function xlsxWriter(o: WriterOptions): ResultWriter {
  if (!o.outFile) throw new Error('--format xlsx needs --out <file.xlsx>');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: o.outFile, useStyles: true, useSharedStrings: false });
  const summarySheet = workbook.addWorksheet('Summary');
  const results = workbook.addWorksheet('Results', { views: [{ state: 'frozen', ySplit: 1 }] });
  results.columns = csvHeader.map((h) => ({
    header: h,
    key: h,
    width: h === 'reasons' || h === 'fit_reason' ? 70 : h === 'sku' || h === 'category' || h === 'detected' ? 22 : 12,
  }));
  results.getRow(1).font = { bold: true };
  results.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: csvHeader.length } };
  const verdictColumn = csvHeader.indexOf('verdict') + 1;
  return {
    write(r) {
      const row = results.addRow(flatRow(r));
      row.getCell(verdictColumn).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: verdictFill[r.verdict] } };
      row.commit();
    },
    async finish(summary) {
      results.commit();
      writeSummarySheet(summarySheet, summary, o);
      summarySheet.commit();
      await workbook.commit();
    },
  };
}

function writeSummarySheet(sheet: ExcelJS.Worksheet, summary: CheckSummary, o: WriterOptions) {
  const s = summary.toJSON();
  sheet.columns = [{ width: 28 }, { width: 14 }, { width: 80 }];
  const title = sheet.addRow([`Puente — ${o.policy.name}`]);
  title.font = { bold: true, size: 14 };
  sheet.addRow([`policy ${o.policy.id} v${o.policy.version}`, '', `effective ${o.policy.effectiveFrom}`]);
  const merchant = merchantJson(summary, o.lang);
  if (merchant) sheet.addRow(['merchant', merchant.status, merchant.message]);
  sheet.addRow([]);
  sheet.addRow(['verdict', 'rows']).font = { bold: true };
  for (const v of Object.keys(s.verdicts) as Verdict[]) {
    const row = sheet.addRow([verdictNames[v][o.lang], s.verdicts[v]]);
    row.getCell(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: verdictFill[v] } };
  }
  sheet.addRow(['total', s.rows]).font = { bold: true };
  sheet.addRow([]);
  sheet.addRow(['reason', 'rows']).font = { bold: true };
  for (const r of s.top_reasons) sheet.addRow([r.code, r.count]);
  sheet.addRow([]);
  sheet.addRow(['fit grade', 'rows']).font = { bold: true };
  for (const [g, n] of Object.entries(s.fit_grades)) sheet.addRow([g, n]);
  sheet.addRow([]);
  sheet.addRow(['category', 'rows']).font = { bold: true };
  for (const [c, n] of Object.entries(s.categories).sort((a, b) => b[1] - a[1])) sheet.addRow([c, n]);
}
