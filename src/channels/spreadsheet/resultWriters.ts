import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type ExcelJS from 'exceljs';
import type { Policy } from '../../domain/policy/policy.ts';
import type { Verdict } from '../../domain/policy/reasons.ts';
import { eligibilityMessage, type Lang, verdictNames } from '../../i18n/messages.ts';
import type { CheckSummary } from '../../services/checkCatalog.ts';
import type { BatchOutput, CheckedBatch } from '../../services/checkRunner.ts';
import { csvHeader, flatRow } from './formatResults.ts';
import { renderTable } from './renderTable.ts';

/**
 * Writers for `puente check` results. They receive checked batches in input order (text already
 * formatted for ndjson, json and csv; result objects for xlsx) and write them as they come, so
 * memory stays flat; the summary comes last.
 */
export interface ResultWriter {
  write(batch: CheckedBatch): Promise<void> | void;
  finish(summary: CheckSummary): Promise<void>;
}

export const formats = ['table', 'json', 'ndjson', 'csv', 'xlsx'] as const;
export type Format = (typeof formats)[number];

/** What a writer needs from the checker for each batch. */
export function batchOutputFor(format: Format): BatchOutput {
  if (format === 'xlsx') return { kind: 'results' };
  if (format === 'table') return { kind: 'none' };
  return { kind: 'text', format };
}

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
  if (text && !out.write(text)) await once(out, 'drain');
}

export async function createWriter(o: WriterOptions): Promise<ResultWriter> {
  switch (o.format) {
    case 'ndjson':
      return { write: (b) => put(o.out, b.text), finish: async () => {} };
    case 'json':
      return jsonWriter(o);
    case 'csv':
      return csvWriter(o);
    case 'xlsx':
      return xlsxWriter(o, (await import('exceljs')).default);
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
  return m
    ? { status: m.status, rule: m.rule, code: m.code, fact: m.fact, message: eligibilityMessage(m, lang) }
    : null;
}

/**
 * `{"policy", "results": [...], "merchant", "summary"}`: results stream out as they are checked,
 * so the merchant and the summary, complete only at the end, come after them.
 */
function jsonWriter(o: WriterOptions): ResultWriter {
  let started = false;
  let empty = true;
  const start = async () => {
    if (!started) await put(o.out, `{"policy":${JSON.stringify(policyHeader(o.policy))},"results":[`);
    started = true;
  };
  return {
    async write(b) {
      await start();
      if (!b.text) return;
      await put(o.out, `${empty ? '\n' : ',\n'}${b.text}`);
      empty = false;
    },
    async finish(summary) {
      await start();
      await put(
        o.out,
        `\n],"merchant":${JSON.stringify(merchantJson(summary, o.lang))},"summary":${JSON.stringify(summary)}}\n`,
      );
    },
  };
}

function csvWriter(o: WriterOptions): ResultWriter {
  let headerWritten = false;
  const header = async () => {
    if (!headerWritten) await put(o.out, stringify([csvHeader]));
    headerWritten = true;
  };
  return {
    async write(b) {
      await header();
      await put(o.out, b.text);
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
function xlsxWriter(o: WriterOptions, Excel: typeof ExcelJS): ResultWriter {
  if (!o.outFile) throw new Error('--format xlsx needs --out <file.xlsx>');
  const workbook = new Excel.stream.xlsx.WorkbookWriter({
    filename: o.outFile,
    useStyles: true,
    useSharedStrings: false,
  });
  // Printed (or saved as PDF) each sheet fits the page width.
  const pageSetup = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } as const;
  const summarySheet = workbook.addWorksheet('Summary', { pageSetup });
  const results = workbook.addWorksheet('Results', { views: [{ state: 'frozen', ySplit: 1 }], pageSetup });
  results.columns = csvHeader.map((h) => ({
    header: h,
    key: h,
    width:
      h === 'reasons' || h === 'fit_reason'
        ? 70
        : h === 'sku' || h === 'category' || h === 'detected'
          ? 22
          : 12,
  }));
  results.getRow(1).font = { bold: true };
  results.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: csvHeader.length } };
  const verdictColumn = csvHeader.indexOf('verdict') + 1;
  const priceColumn = csvHeader.indexOf('price_mxn') + 1;
  results.getColumn(priceColumn).numFmt = '#,##0.00';
  return {
    write(b) {
      for (const r of b.results) {
        const values = flatRow(r);
        // Money as a number, so that a seller can sum and sort it in Excel.
        values[priceColumn - 1] = r.price_mxn === null ? '' : r.price_mxn / 100;
        const row = results.addRow(values);
        row.getCell(verdictColumn).fill = {
          type: 'pattern',
          pattern: 'solid',
          fgColor: { argb: verdictFill[r.verdict] },
        };
        row.commit();
      }
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
